"""Key facts scored against annotations (``facts`` required, ``facts_acceptable`` fine to list): the
development corpus (``../shared/corpus/``, the press officers' annotations; only the web copies
``*.txt`` are scored, the files in other formats repeat their text) and the project's own fixture
releases (``tests/data/facts.json``, same shape). Shared by the tests and ``make bench`` (section ``facts``).

How a listed fact is compared with an annotated one (case and apostrophes ignored, spaces folded):

- persons: the name; a listed function must agree with the annotated one (one contains the other,
  or they share their first two words), and an annotated function must be listed for the person to
  count as found;
- organisations: the full name or its abbreviation ("Full name | ABBR");
- places: the name (alternatives separated by "|");
- dates: the ISO form; a listed full date also stands for the annotated year-less date ("--07-20");
- figures: the number (thousands separators ignored) and the first four letters of its unit; an
  annotated figure with a unit is not found by the number alone; one annotated without (the fixtures)
  accepts any unit.

A case with ``"functions_annotated": false`` (the fixtures) compares persons by name only; one with
``"figures_in_words_annotated": false`` does not count listed figures written in words.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tests.readers.corpus import CORPUS, annotations, normal

DATA = Path(__file__).parent.parent / "data"
ROOT = DATA.parent.parent

KINDS = ("persons", "orgs", "places", "dates", "figures")
NUMBER = re.compile(r"(\d[\d \u00a0\u202f.]*(?:,\d+)?)")
UNIT = re.compile(r"\s*(%|€|M€|[^\W\d_][\w’'-]*)")
QUALIFIERS = re.compile(r"^(?:plus\s+de|près\s+de|moins\s+de|environ|un\s+peu\s+plus\s+d['’]|quelque|"
                        r"au\s+moins|pas\s+moins\s+de|\+)\s*", re.IGNORECASE)


def fold(text: str) -> str:
    return normal(text).replace("’", "'").replace("´", "'").casefold()


def _figure_key(text: str) -> tuple[str, str] | None:
    """("12000", "habi") for "12 000 (habitants …)", "plus de 12 000 habitants" or "12 000 habitants"."""
    text = fold(QUALIFIERS.sub("", normal(text)))
    number = NUMBER.search(text)
    if number is None:
        return None
    digits = re.sub(r"[ \u00a0\u202f]", "", number.group(1)).rstrip(".")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")  # "170.000 euros"
    rest = text[number.end():].lstrip(" (")
    unit = UNIT.match(rest)
    word = unit.group(1) if unit else ""
    if word.startswith(("d'", "d’")) or word in ("de", "d"):
        word = ""
    return digits, word[:4]


def _figure_matches(listed: str, annotated: str) -> bool:
    got, want = _figure_key(listed), _figure_key(annotated)
    if got is None or want is None:
        return fold(listed) == fold(annotated)
    return got[0] == want[0] and (got[1] == want[1] or not want[1])


def _date_matches(listed: str, annotated: str) -> bool:
    if listed == annotated:
        return True
    if annotated.startswith("--"):  # year-less: any year's same day(s)
        strip = re.sub(r"\b\d{4}-(\d{2}-\d{2})", r"--\1", listed)
        return strip == annotated
    return False


def _person(item: str) -> tuple[str, str]:
    name, _, function = item.partition("|")
    return fold(name), fold(function)


def _functions_agree(listed: str, annotated: str) -> bool:
    if not listed or not annotated:
        return not listed  # no function listed: not wrong (incomplete)
    if listed in annotated or annotated in listed:
        return True
    return listed.split()[:2] == annotated.split()[:2]


def _person_matches(listed: str, annotated: str, need_function: bool | None) -> bool:
    """``need_function``: True for recall, False for precision, None when functions are not annotated."""
    (name, function), (want_name, want_function) = _person(listed), _person(annotated)
    if name != want_name or need_function is None:
        return name == want_name
    if need_function and want_function and not function:
        return False
    return _functions_agree(function, want_function)


def _org_matches(listed: str, annotated: str) -> bool:
    names = {fold(part) for part in annotated.split("|") if part.strip()}
    listed_names = {fold(part) for part in re.split(r"\s*\|\s*|\s*\((?=[A-Z]{2,}\))|\)$", listed) if part.strip()}
    return bool(names & listed_names)


def matches(kind: str, listed: str, annotated: str, recall: bool | None = False) -> bool:
    if kind == "persons":
        return _person_matches(listed, annotated, recall)
    if kind == "orgs":
        return _org_matches(listed, annotated)
    if kind == "dates":
        return _date_matches(listed, annotated)
    if kind == "figures":
        return _figure_matches(listed, annotated)
    return any(fold(listed) == fold(alternative) for alternative in annotated.split("|"))


@dataclass
class FactScore:
    """One release's listed facts against its annotation: per kind tp / fp / fn, and the mistakes."""

    name: str
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    problems: list[str] = field(default_factory=list)


def score_facts(name: str, listed: dict[str, list[str]], case: dict[str, Any]) -> FactScore:
    result = FactScore(name)
    by_name_only = case.get("functions_annotated", True) is False
    for kind in KINDS:
        required = case["facts"].get(kind, [])
        fine = required + case["facts_acceptable"].get(kind, [])
        got = listed.get(kind, [])
        if kind == "figures" and case.get("figures_in_words_annotated", True) is False:
            got = [item for item in got if re.search(r"\d", item)]
        for item in got:
            right = any(matches(kind, item, want, None if by_name_only else False) for want in fine)
            result.counts[kind]["tp" if right else "fp"] += 1
            if not right:
                result.problems.append(f"{name} {kind}: listed {item!r}")
        for want in required:
            found = any(matches(kind, item, want, None if by_name_only else True) for item in got)
            result.counts[kind]["found" if found else "fn"] += 1
            if not found:
                result.problems.append(f"{name} {kind}: missed {want!r}")
    return result


def listed_facts(path: Any) -> dict[str, list[str]]:
    """The facts a briefing of the release at ``path`` lists, in the annotation's shape."""
    from pipeline.glossary import load_glossary
    from pipeline.glossary.termmatch import french_matcher
    from pipeline.readers import read_document
    from pipeline.render.keyfacts import key_facts

    doc = read_document(path)
    matcher = french_matcher(load_glossary(ROOT / "glossary.csv"))
    facts = key_facts([b.text for b in doc.blocks if b.language != "de"], matcher, (doc.published, doc.updated))
    return facts.as_annotation()


@cache
def corpus_scores(half: str) -> tuple[FactScore, ...]:
    """Half "a" or "b" of the corpus."""
    cases = annotations(half)
    return tuple(score_facts(name, listed_facts(CORPUS / name), case)
                 for name, case in sorted(cases.items()) if name.endswith(".txt"))


def fixture_cases() -> dict[str, dict[str, Any]]:
    data = json.loads((DATA / "facts.json").read_text(encoding="utf-8"))
    return {name: case for name, case in data.items() if not name.startswith("_")}


@cache
def fixture_scores(heldout: bool) -> tuple[FactScore, ...]:
    """The project's own fixture releases: those the earlier rules were made on, or the held-out ones."""
    return tuple(score_facts(name, listed_facts(DATA / name), case) for name, case in sorted(fixture_cases().items())
                 if name.startswith("heldout/") == heldout)


def totals(scores: tuple[FactScore, ...]) -> dict[str, Counter[str]]:
    summed = {kind: Counter[str]() for kind in (*KINDS, "all")}
    for one in scores:
        for kind in KINDS:
            summed[kind].update(one.counts[kind])
            summed["all"].update(one.counts[kind])
    return summed


def rates(counts: Counter[str]) -> tuple[float, float]:
    listed = counts["tp"] + counts["fp"]
    wanted = counts["found"] + counts["fn"]
    return (counts["tp"] / listed if listed else 1.0, counts["found"] / wanted if wanted else 1.0)
