"""The development corpus (``../shared/corpus/``): 48 real releases and 28 files in other formats, each
read by the pipeline and scored against its annotation. Shared by the corpus test and ``make bench``
(section ``reading``). The corpus is read where it lies, never copied into the repository.

The annotation fields are described in ``../shared/corpus/README.md``; every string is compared after
whitespace normalisation, and an entry beginning with ``=`` must be a whole line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
LONG_SEGMENT = 400
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def normal(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def annotations(half: str | None = None) -> dict[str, dict[str, Any]]:
    """File name (relative to the corpus) → annotation, for half "a", "b" or both."""
    found: dict[str, dict[str, Any]] = {}
    for name in ("a", "b") if half is None else (half,):
        path = CORPUS / f"annotations-{name}.json"
        if path.exists():
            found.update(json.loads(path.read_text(encoding="utf-8")))
    return found


def half_of(name: str) -> str:
    return Path(name).name[0]


def format_of(name: str) -> str:
    suffix = Path(name).suffix.lstrip(".")
    return "web copy" if suffix == "txt" else suffix


@dataclass
class Score:
    """One file's reading against its annotation: counts, and what was wrong, in words."""

    name: str
    headline: str = "wrong"  # exact / acceptable / wrong
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0

    def tally(self, key: str, ok: bool, problem: str) -> None:
        self.counts[key + " total"] += 1
        self.counts[key + " ok"] += ok
        if not ok:
            self.problems.append(problem)

    @property
    def fully_right(self) -> bool:
        return not self.problems


def contains_line(texts: list[str], entry: str) -> bool:
    """Whether an annotated line is still in the text read: a substring, or with "=" a whole line (a
    block or a segment equal to it)."""
    if not entry.startswith("="):
        needle = normal(entry)
        return any(needle in text for text in texts)
    return normal(entry[1:]) in texts


def score(name: str, case: dict[str, Any]) -> Score:
    """Read ``name`` with the pipeline and compare it with its annotation."""
    import time

    from pipeline.readers import read_document

    result = Score(name)
    start = time.perf_counter()
    doc = read_document(CORPUS / name, lang="fr")
    result.seconds = time.perf_counter() - start
    blocks = [normal(block.text) for block in doc.body]
    texts = blocks + [normal(s.text) for b in doc.body for s in b.segments]
    body = "\n".join(blocks)
    _score_headline(result, doc.title, case)
    for key in ("published", "updated", "dateline", "embargo"):
        got, want = getattr(doc, key), case.get(key)
        got = normal(got) if isinstance(got, str) and key == "dateline" else got
        want = normal(want) if isinstance(want, str) and key == "dateline" else want
        if want is not None:
            result.tally(key, got == want, f"{key}: {got!r}, expected {want!r}")
        else:
            result.tally(key + " invented", got is None, f"{key}: {got!r} where the file gives none")
    for entry in case.get("furniture_lines", []):
        result.tally("furniture", not contains_line(texts, entry), f"furniture left in: {entry!r}")
    for entry in case.get("meta_lines", []):
        result.tally("meta", not contains_line(texts, entry), f"meta line left in: {entry!r}")
    for entry in case.get("body_must_keep", []):
        result.tally("body", normal(entry) in body, f"body lost: {entry!r}")
    items = [normal(b.text) for b in doc.body if b.kind == "list_item"]
    for entry in case.get("list_items", []):
        result.tally("list items", any(normal(entry) in item for item in items), f"not a list item: {entry!r}")
    for entry in case.get("kept_once", []):
        times = sum(normal(entry) in block for block in blocks)
        result.tally("kept once", times == 1, f"kept {times} times, not once: {entry!r}")
    for segment in doc.segments():
        if len(segment.text) > LONG_SEGMENT:
            result.problems.append(f"segment of {len(segment.text)} characters: {segment.text[:60]!r}…")
            result.counts["long segments"] += 1
    result.counts["segments"] += len(doc.segments())
    return result


def _score_headline(result: Score, title: str | None, case: dict[str, Any]) -> None:
    want = case.get("title")
    got = normal(title) if title else None
    if got == (normal(want) if want else None):
        result.headline = "exact"
    elif got is not None and got in {normal(t) for t in case.get("title_ok", [])}:
        result.headline = "acceptable"
    else:
        result.headline = "wrong"
        result.problems.append(f"headline: {got!r}, expected {want!r}")


def score_all(half: str | None = None) -> list[Score]:
    return [score(name, case) for name, case in sorted(annotations(half).items())]


def rate(scores: list[Score], key: str) -> tuple[int, int]:
    return sum(s.counts[key + " ok"] for s in scores), sum(s.counts[key + " total"] for s in scores)


def headline_right(scores: list[Score]) -> tuple[int, int]:
    return sum(s.headline != "wrong" for s in scores), len(scores)
