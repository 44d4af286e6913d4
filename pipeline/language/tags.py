"""Inline tags: the formatting inside a segment (a bold name, a link, an italic title) as numbered
paired tags, the way OmegaT shows them: ``Le trajet dure <b1>25 minutes</b1>.``

The stored text of a segment stays plain (QA, glossary, memory and briefings read words, not markup);
its tags are spans beside it: the French ones found when the release is read from a Word file or a web
page, the German ones placed by a translator (in the workspace, the review table, an XLIFF ``<g>``) or
by an engine that keeps tags (DeepL's XML tag handling, the LLM told to keep them) or, until then,
projected from the French by ``language/align.py``. The letter says what the tag is: ``b`` bold, ``i``
italic, ``u`` underlined, ``a`` a link, ``s`` raised or lowered (superscript, subscript), ``f`` other
formatting; the number is the tag's id in the segment, from 1, in the French's order.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.errors import InputError
from pipeline.language.align import TermFinder, overlaps, place
from pipeline.model import Finding

KINDS = "biuasf"
TAG = re.compile(r"<(/?)([biuasf])(\d{1,3})>")


@dataclass(frozen=True)
class Tag:
    id: int
    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class TagError(InputError):
    """Tags in a translator's text that cannot be read: one opened and not closed, closed twice, crossed."""


def tags_from_json(text: str | None) -> list[Tag]:
    return [Tag(**item) for item in json.loads(text or "[]")]


def tags_to_json(tags: list[Tag]) -> str:
    return json.dumps([t.to_dict() for t in tags])


@dataclass(frozen=True)
class Mark:
    offset: int
    tag: Tag
    opening: bool

    @property
    def text(self) -> str:
        return f"<{'' if self.opening else '/'}{self.tag.kind}{self.tag.id}>"


def marks(tags: list[Tag]) -> list[Mark]:
    """Where each tag opens and closes, in writing order: at one offset closings first (the inner tag
    first), then openings (the outer tag first), so that nested tags stay nested."""
    found = [(t.start, 1, -t.end, Mark(t.start, t, True)) for t in tags]
    found += [(t.end, 0, -t.start, Mark(t.end, t, False)) for t in tags]
    return [mark for *_, mark in sorted(found, key=lambda m: m[:3])]


def tagged(text: str, tags: list[Tag]) -> str:
    """The text with its tags written in (``<b1>…</b1>``)."""
    result, position = [], 0
    for mark in marks(tags):
        result += [text[position:mark.offset], mark.text]
        position = mark.offset
    result.append(text[position:])
    return "".join(result)


def shifted(spans: list[tuple[int, int]], tags: list[Tag]) -> list[tuple[int, int]]:
    """Spans of the plain text (glossary terms) as spans of the text with its tags written in."""
    written = marks(tags)

    def before(offset: int, inclusive: bool) -> int:
        return sum(len(m.text) for m in written if m.offset < offset or (inclusive and m.offset == offset))

    return [(start + before(start, True), end + before(end, False)) for start, end in spans]


def read_typed(text: str | None) -> tuple[str | None, list[Tag] | None]:
    """A cell or field as a reviewer returns it: plain text, and its tags when it has any written in."""
    if text is None or not TAG.search(text):
        return text, None
    return untagged(text)


def untagged_or_stripped(text: str) -> tuple[str, list[Tag] | None]:
    """An engine's answer: its text and tags, or, when its tags do not pair, the text without them
    (the tags are then projected as for an engine that knows none)."""
    try:
        plain, tags = untagged(text)
    except TagError:
        return " ".join(TAG.sub(" ", text).split()), None
    return plain, tags


def untagged(text: str) -> tuple[str, list[Tag]]:
    """The plain text and its tags, from text with tags written in; TagError when they do not pair."""
    plain: list[str] = []
    opened: dict[tuple[str, int], int] = {}
    tags: list[Tag] = []
    position = length = 0
    for match in TAG.finditer(text):
        plain.append(text[position:match.start()])
        length += match.start() - position
        position = match.end()
        closing, kind, number = match.group(1) == "/", match.group(2), int(match.group(3))
        if not closing:
            if (kind, number) in opened or any(t.id == number for t in tags):
                raise TagError(f"tag <{kind}{number}> appears twice; each tag once, opened then closed")
            opened[(kind, number)] = length
        elif (kind, number) not in opened:
            raise TagError(f"tag </{kind}{number}> closes a tag that is not open")
        else:
            tags.append(Tag(number, kind, opened.pop((kind, number)), length))
    if opened:
        kind, number = next(iter(opened))
        raise TagError(f"tag <{kind}{number}> is opened and never closed (</{kind}{number}>)")
    plain.append(text[position:])
    return "".join(plain), sorted(tags, key=lambda t: t.id)


def project(source: str, source_tags: list[Tag], target: str, find_term: TermFinder | None = None) -> list[Tag]:
    """The French tags placed on the German words that translate them, where those can be found."""
    placed: list[tuple[int, int]] = []
    result: list[Tag] = []
    seen: dict[str, int] = {}
    for tag in sorted(source_tags, key=lambda t: t.start):
        words = source[tag.start:tag.end]
        occurrence = seen.get(words, 0)
        seen[words] = occurrence + 1
        span, _ = place(words, occurrence, source, target, placed, find_term)
        if span is not None and not overlaps(span, placed):
            placed.append(span)
            result.append(Tag(tag.id, tag.kind, span[0], span[1]))
    return sorted(result, key=lambda t: t.id)


def tag_findings(source_tags: list[Tag], target_tags: list[Tag], target: str) -> list[Finding]:
    """Missing, extra and reordered tags, as a translator's CAT tool reports them."""
    if not source_tags or not target.strip():
        return []
    expected = {t.id: t for t in source_tags}
    found = {t.id: t for t in target_tags}
    findings = [Finding("tag-missing", f"tag <{t.kind}{t.id}> ({_what(t.kind)}) is missing from the German", "warning")
                for i, t in expected.items() if i not in found]
    findings += [Finding("tag-extra", f"tag <{t.kind}{t.id}> is not in the French", "error")
                 for i, t in found.items() if i not in expected or expected[i].kind != t.kind]
    french_order = [t.id for t in sorted(source_tags, key=lambda t: t.start) if t.id in found]
    german_order = [t.id for t in sorted(target_tags, key=lambda t: t.start) if t.id in expected]
    if french_order != german_order and not findings:
        findings.append(Finding("tag-order", "the tags stand in another order than in the French: check that each "
                                "formats the right words", "info"))
    return findings


TAG_NAMES = {"b": "bold", "i": "italic", "u": "underlined", "a": "a link", "s": "superscript or subscript",
             "f": "formatting"}


def _what(kind: str) -> str:
    return TAG_NAMES[kind]
