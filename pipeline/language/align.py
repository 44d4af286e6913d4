"""Where the German for some French words stands in a German translation: the alignment that carries
inline formatting (a bold name, a link) from a French segment to its German, and the placement of a
segment's text inside a paragraph.

The words are found, in order of trust: the same text (a name, a number, an address, a code such as
"MS-12"), the glossary's German for a glossary term (a finder the caller gives), the stretch between the
same invariant words ("3 mars 2026" → "3. März 2026"), or a number and as many words after it as the
French has ("25 minutes" → "25 Minuten"). Nothing is guessed beyond that: an unplaced stretch is None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.language.segment import CONTROL

TermFinder = Callable[[str, str, str], "tuple[int, int] | None"]  # (French words, French segment, German) → span
WORD_EDGE = r"(?<![\w])"
WORD_END = r"(?![\w])"


def locate(text: str, segment: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``segment`` (as the readers give it: white space folded, control characters and soft
    hyphens removed) stands in ``text`` at or after ``start``: any run of white space in the text
    matches one space of the segment; whole words only."""
    words = segment.split()
    if not words:
        return None
    kept = [i for i, char in enumerate(text) if not CONTROL.match(char)]
    clean = "".join(text[i] for i in kept)
    pattern = r"\s+".join(re.escape(word) for word in words)
    edge_before = WORD_EDGE if re.match(r"\w", words[0]) else ""
    edge_after = WORD_END if re.search(r"\w$", words[-1]) else ""
    first = next((n for n, i in enumerate(kept) if i >= start), len(kept))
    match = re.compile(edge_before + pattern + edge_after).search(clean, first)
    if match is None:
        return None
    return kept[match.start()], kept[match.end() - 1] + 1


def place(code: str, occurrence: int, french: str, german: str, taken: Sequence[tuple[Any, ...]],
          find_term: TermFinder | None) -> tuple[tuple[int, int] | None, str]:
    """Where the German words for ``code`` stand in ``german``, not overlapping codes placed already."""
    found: list[tuple[int, int]] = []
    position = 0
    while (span := locate(german, code, position)) is not None:
        found.append(span)
        position = span[1]
    free = [s for s in found if not overlaps(s, taken)]
    if free:
        return free[min(occurrence, len(free) - 1)], "same text"
    stripped = code.strip(" .,;:!?«»\"'()")
    if stripped and stripped != code:
        span, how = place(stripped, occurrence, french, german, taken, find_term)
        if span is not None:
            return span, how
    if find_term is not None:
        span = find_term(code, french, german)
        if span is not None and not overlaps(span, taken):
            return span, "glossary"
    span = _anchored(code, german)
    if span is not None and not overlaps(span, taken):
        return span, "anchored"
    return None, ""


def _anchor(word: str) -> bool:
    """A word that reads the same in both languages: a number, an address, a name's capitalised word."""
    return bool(re.search(r"\d|@|://|www\.", word)) or (word[:1].isupper() and len(word) > 1)


def _anchored(code: str, german: str) -> tuple[int, int] | None:
    """The German stretch between the code's first and last invariant words ("3 mars 2026" → "3. März
    2026"), or a number and as many words after it as the code has ("25 minutes" → "25 Minuten")."""
    words = code.split()
    if len(words) < 2:
        return None
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", german)]
    first, last = _bare(words[0]), _bare(words[-1])
    starts = [t for t in tokens if _anchor(first) and _bare(t[2]).rstrip(".") == first.rstrip(".")]
    if not starts:
        return None
    start = starts[0]
    if _anchor(last):
        ends = [t for t in tokens if t[0] > start[0] and _bare(t[2]) == last]
        if ends and len(german[start[0]:ends[0][1]].split()) <= len(words) + 2:
            return start[0], ends[0][1] - (len(ends[0][2]) - len(ends[0][2].rstrip(".,;:!?»)")))
    if re.search(r"\d", first) and not any(_anchor(w) for w in words[1:]):
        index = tokens.index(start)
        following = tokens[index:index + len(words)]
        if len(following) == len(words):
            end = following[-1]
            return start[0], end[1] - (len(end[2]) - len(end[2].rstrip(".,;:!?»)")))
    return None


def _bare(word: str) -> str:
    return word.strip(".,;:!?«»\"'()")


def overlaps(span: tuple[int, int], taken: Sequence[tuple[Any, ...]]) -> bool:
    """``span`` overlaps one of the ``(start, end, …)`` spans taken already."""
    return any(span[0] < end and start < span[1] for start, end, *_ in taken)


