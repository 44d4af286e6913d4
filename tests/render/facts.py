"""Key facts measured against tests/data/facts.json (annotated by hand): shared by the test and by
`make bench`, which prints precision and recall per kind."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
ROOT = DATA.parent.parent
KINDS = ("people", "places", "organisations", "dates", "figures")
NUMBER = re.compile(r"\d[\d \u00a0\u202f]*(?:[,.]\d+)?")


def annotations() -> dict[str, dict[str, list[str]]]:
    data = json.loads((DATA / "facts.json").read_text(encoding="utf-8"))
    return {name: case for name, case in data.items() if not name.startswith("_")}


def _key(kind: str, text: str) -> str:
    if kind == "people":
        text = text.split(", ")[0]
    if kind == "figures":
        match = NUMBER.match(text)
        text = re.sub(r"\s+", " ", match.group(0)).strip() if match else text
    return text.replace("’", "'").casefold().strip()


def found(name: str) -> dict[str, list[str]]:
    """The French side of every key fact the briefing would list for release ``name``."""
    from pipeline.glossary import load_glossary
    from pipeline.glossary.termmatch import french_matcher
    from pipeline.readers import read_document
    from pipeline.render.keyfacts import key_facts

    doc = read_document(DATA / name)
    facts = key_facts([b.text for b in doc.blocks], french_matcher(load_glossary(ROOT / "glossary.csv")),
                      (doc.published, doc.updated))
    return {"people": [fr for fr, _ in facts.people], "places": [fr for fr, _ in facts.places],
            "organisations": [fr for fr, _ in facts.organisations], "dates": [fr for fr, _ in facts.dates],
            "figures": facts.figures}


@cache
def score(heldout: bool | None = None) -> tuple[dict[str, Counter[str]], list[str]]:
    """Per kind: true positives, false positives and misses over the corpus (``heldout``: only the
    held-out releases, or only the others); and each mistake, named."""
    totals = {kind: Counter[str]() for kind in KINDS}
    mistakes = []
    for name, case in annotations().items():
        if heldout is not None and name.startswith("heldout/") != heldout:
            continue
        got = found(name)
        also = {_key("places", a) for a in case.get("also_ok", [])}
        for kind in KINDS:
            expected = [{_key(kind, alt) for alt in item.split("|")} for item in case[kind]]
            listed = {_key(kind, item) for item in got[kind]}
            hits = [alts for alts in expected if alts & listed]
            wrong = [item for item in listed if not any(item in alts for alts in expected) and item not in also]
            totals[kind].update(tp=len(hits), fp=len(wrong), fn=len(expected) - len(hits))
            mistakes += [f"{name} {kind}: listed {item!r}" for item in sorted(wrong)]
            mistakes += [f"{name} {kind}: missed {sorted(alts)[0]!r}" for alts in expected if not alts & listed]
    return totals, mistakes


def rates(counts: Counter[str]) -> tuple[float, float]:
    precision = counts["tp"] / (counts["tp"] + counts["fp"]) if counts["tp"] + counts["fp"] else 1.0
    recall = counts["tp"] / (counts["tp"] + counts["fn"]) if counts["tp"] + counts["fn"] else 1.0
    return precision, recall
