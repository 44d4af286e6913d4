"""Inline formatting carried from a French paragraph into its German: the rewrite that the in-place
writers (Word, HTML) share.

A paragraph is read as a list of :class:`Piece`\\ s in reading order: a text with the chain of
containers it sits in (Word: a hyperlink, a tracked insertion, the run that holds its formatting;
HTML: the inline elements between the block and the text), or a *fixed* piece that is not text (a
tab, a line break, an image, a bookmark, a nested block) and is moved, never copied. Each segment of
the release is found in the paragraph's text (spacing aside) and its French pieces are replaced by its
German:

- the formatting that covers most of the segment is its *base*; every stretch in another formatting
  (a bold name, a link, a superscript) is an *inline code*;
- a code is placed on the German words that translate its French words: the same text (a name, a
  number, an address, a date written alike), else the glossary's German for a glossary term, else the
  stretch between the same invariant words, else — for a label on a line of its own — the German line
  in the same place;
- a code that cannot be placed is reported with its French words, never guessed: the German then
  carries the base formatting there, and the publisher says which words to format by hand.

Text outside every segment (furniture set aside, a dateline, a typed bullet) stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.language.align import TermFinder, locate, overlaps, place
from pipeline.language.segment import CONTROL
from pipeline.language.tags import Tag


@dataclass
class Piece:
    text: str
    chain: tuple[Any, ...]  # the containers, outermost first (elements of the format's tree)
    key: Hashable = None  # what it looks like: equal keys format alike
    fixed: Any = None  # a non-text element kept whole (moved, never copied)
    segment: str | None = None  # the segment whose German this is (None: the original's own text)
    link: bool = False  # inside a link: always an inline code, never a segment's base formatting
    kind: str = "f"  # what the formatting is, as a tag letter (language/tags.py): b, i, u, a, s, f


@dataclass
class Code:
    french: str
    carried: bool
    how: str = ""  # "translator", "same text", "glossary", "anchored", "same line", or "" when not placed


@dataclass
class Placement:
    """One segment's German put into a paragraph."""

    segment: str
    codes: list[Code] = field(default_factory=list)

    @property
    def lost(self) -> list[str]:
        return [code.french for code in self.codes if not code.carried]


def split_at(pieces: list[Piece], offset: int) -> list[Piece]:
    """The same pieces with a text piece cut in two where ``offset`` falls inside it."""
    result: list[Piece] = []
    position = 0
    for piece in pieces:
        end = position + len(piece.text)
        if piece.fixed is None and position < offset < end:
            cut = offset - position
            result += [replace(piece, text=piece.text[:cut]), replace(piece, text=piece.text[cut:])]
        else:
            result.append(piece)
        position = end
    return result


def rewrite(pieces: list[Piece], spans: Sequence[tuple[int, int, str, str]], find_term: TermFinder | None = None,
            placed: dict[str, tuple[Tag, ...]] | None = None) -> tuple[list[Piece], list[Placement]]:
    """Replace each ``(start, end, segment id, German)`` span of the paragraph by its German pieces;
    ``placed``: the German tags translators placed, by segment id (the others are aligned)."""
    for start, end, _, _ in spans:
        pieces = split_at(split_at(pieces, start), end)
    result: list[Piece] = []
    placements: list[Placement] = []
    groups: list[tuple[int | None, list[Piece]]] = []
    position = 0
    for piece in pieces:
        owner = _owner(spans, position, len(piece.text))
        if groups and groups[-1][0] == owner and owner is not None:
            groups[-1][1].append(piece)
        else:
            groups.append((owner, [piece]))
        position += len(piece.text)
    for owner, members in groups:
        if owner is None:
            result += members
            continue
        _, _, segment, german = spans[owner]
        replaced, placement = german_pieces(members, german, segment, find_term, (placed or {}).get(segment))
        result += replaced
        placements.append(placement)
    return result, placements


def _owner(spans: Sequence[tuple[int, int, str, str]], position: int, length: int) -> int | None:
    """The span a piece at ``position`` belongs to: a text piece from the span's first character, a
    zero-length piece (a bookmark, an image) only strictly inside it."""
    for index, (start, end, _, _) in enumerate(spans):
        if (start <= position < end) if length else (start < position < end):
            return index
    return None


def german_pieces(french: list[Piece], german: str, segment: str, find_term: TermFinder | None = None,
                  tags: tuple[Tag, ...] | None = None) -> tuple[list[Piece], Placement]:
    """The German of one segment as pieces formatted like the French ones they translate; line breaks
    put back where the German's lines begin; the fixed pieces of no width inside the segment (a footnote
    mark, an image, a bookmark) follow it."""
    placement = Placement(segment)
    texts = [p for p in french if p.fixed is None and p.text.strip()]
    if _words("".join(p.text for p in french)) == _words(german):  # nothing translated: kept as it is
        codes = _codes(french, _base(texts)) if texts else []
        placement.codes = [Code(code, True, "same text") for code, _, _ in codes]
        return [replace(p, segment=segment) for p in french], placement
    kept = [p for p in french if p.fixed is not None and not p.text]
    if not texts:
        return [Piece(german, french[0].chain if french else (), french[0].key if french else None,
                      segment=segment)] + kept, placement
    base = _base(texts)
    french_text = " ".join("".join(p.text for p in french).split())
    spans: list[tuple[int, int, Piece]] = []
    breaks = _breaks(french, german)
    lines = _lines(french, german, breaks)
    by_id = {tag.id: tag for tag in tags or ()}
    for number, (code_text, sample, occurrence) in enumerate(_codes(french, base), 1):
        if tags is not None:  # placed by a translator: where they put it, or nowhere
            tag = by_id.get(number)
            span, how = ((tag.start, tag.end), "translator") if tag and not overlaps((tag.start, tag.end), spans) \
                else (None, "")
        else:
            span, how = place(code_text, occurrence, french_text, german, spans, find_term)
        if span is None and tags is None and code_text in lines and not overlaps(lines[code_text], spans):
            span, how = lines[code_text], "same line"
        placement.codes.append(Code(code_text, span is not None, how))
        if span is not None:
            spans.append((span[0], span[1], sample))
    pieces = _cut(german, sorted(spans, key=lambda s: s[0]), base)
    for offset, fixed in reversed(breaks):
        pieces = _insert(pieces, offset, fixed)
    return [replace(p, segment=segment) for p in pieces] + kept, placement


def _lines(french: list[Piece], german: str, breaks: list[tuple[int, Piece]]) -> dict[str, tuple[int, int]]:
    """A French line (between line breaks) → the German line in the same place, when every break found
    its place: a bold label on a line of its own ("Contact presse") is the German's line there."""
    french_lines: list[str] = [""]
    for piece in french:
        if piece.fixed is not None and piece.text:
            french_lines.append("")
        else:
            french_lines[-1] += piece.text
    if len(french_lines) < 2 or len(french_lines) != len(breaks) + 1:
        return {}
    edges = [0] + [offset for offset, _ in breaks] + [len(german)]
    found: dict[str, tuple[int, int]] = {}
    for index, line in enumerate(french_lines):
        start, end = edges[index], edges[index + 1]
        while start < end and german[start].isspace():
            start += 1
        while end > start and german[end - 1].isspace():
            end -= 1
        if line.strip() and end > start:
            found.setdefault(" ".join(line.split()), (start, end))
    return found


def _words(text: str) -> str:
    return " ".join(CONTROL.sub("", text).split())


def _breaks(french: list[Piece], german: str) -> list[tuple[int, Piece]]:
    """Line breaks and tabs inside the segment (a contact block's or a subtitle's lines) put back in the
    German: before the German of the line they opened when that line starts the same in German (a name,
    a number, an address), else at the word boundary nearest the same share of the text; in order."""
    total = sum(len(p.text) for p in french) or 1
    found: list[tuple[int, Piece]] = []
    position = 0
    for index, piece in enumerate(french):
        share = position / total
        position += len(piece.text)
        if piece.fixed is None or not piece.text:
            continue
        after = found[-1][0] if found else 0
        following = "".join(p.text for p in french[index + 1:]).split(maxsplit=3)[:3]
        offset = None
        for words in (following, following[:1]):
            span = locate(german, " ".join(words), after + 1) if words and any(c.isalnum() for c in "".join(words)) \
                else None
            if span is not None:
                offset = span[0]
                break
        offset = offset if offset is not None else _nearest_space(german, round(share * len(german)), after)
        if offset is not None and offset > after:
            found.append((offset, piece))
    return found


def _nearest_space(text: str, target: int, after: int) -> int | None:
    """The start of the word nearest ``target`` (after a space), later than ``after``."""
    starts = [m.end() for m in re.finditer(r"\s+", text) if m.end() > after]
    return min(starts, key=lambda start: abs(start - target)) if starts else None


def _insert(pieces: list[Piece], offset: int, fixed: Piece) -> list[Piece]:
    """``fixed`` put at ``offset`` of the pieces' text, replacing the space before it."""
    pieces = split_at(split_at(pieces, offset - 1), offset)
    result: list[Piece] = []
    position = 0
    for piece in pieces:
        if position == offset - 1 and piece.text == " ":
            position += 1
            continue
        if position == offset and fixed not in result:
            result.append(fixed)
        result.append(piece)
        position += len(piece.text)
    return result if fixed in result else result + [fixed]


def _base(texts: list[Piece]) -> Piece:
    """The segment's own formatting: the one its first and last words share ("Il dure **25 minutes**."),
    else the one of most of its text; a link is never the base (it is a code even when long)."""
    candidates = [p for p in texts if not p.link] or texts
    if texts[0].key == texts[-1].key and not texts[0].link:
        return texts[0]
    weight: dict[Hashable, int] = {}
    first: dict[Hashable, Piece] = {}
    for piece in candidates:
        weight[piece.key] = weight.get(piece.key, 0) + len(piece.text.strip())
        first.setdefault(piece.key, piece)
    return first[max(weight, key=lambda k: weight[k])]


def _codes(french: list[Piece], base: Piece) -> list[tuple[str, Piece, int]]:
    """The stretches of the segment formatted otherwise than its base: (French words, a piece that
    carries the formatting, which occurrence of those words in the segment it is). Spaces are neutral:
    two bold words with a plain space between them are one bold stretch."""
    groups: list[tuple[Piece, list[str]]] = []
    for piece in french:
        if piece.fixed is not None:
            continue
        if not piece.text.strip():
            if groups:
                groups[-1][1].append(piece.text)
        elif groups and groups[-1][0].key == piece.key:
            groups[-1][1].append(piece.text)
        else:
            groups.append((piece, [piece.text]))
    codes: list[tuple[str, Piece, int]] = []
    seen: dict[str, int] = {}
    for sample, parts in groups:
        text = " ".join("".join(parts).split())
        if sample.key != base.key and any(c.isalnum() for c in text):  # not a lone full stop
            codes.append((text, sample, seen.get(text, 0)))
            seen[text] = seen.get(text, 0) + 1
    return codes


def _cut(german: str, spans: list[tuple[int, int, Piece]], base: Piece) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for start, end, sample in spans:
        if start > position:
            pieces.append(Piece(german[position:start], base.chain, base.key))
        pieces.append(Piece(german[start:end], sample.chain, sample.key))
        position = end
    if position < len(german) or not pieces:
        pieces.append(Piece(german[position:], base.chain, base.key))
    return pieces


def merged(pieces: list[Piece]) -> list[tuple[str, Hashable]]:
    """Text pieces joined where their formatting is the same: what a reader sees, for comparing two
    paragraphs' formatting (whitespace folded)."""
    runs: list[tuple[str, Hashable]] = []
    for piece in pieces:
        if piece.fixed is not None or not piece.text:
            continue
        if runs and runs[-1][1] == piece.key:
            runs[-1] = (runs[-1][0] + piece.text, piece.key)
        else:
            runs.append((piece.text, piece.key))
    return [(" ".join(text.split()), key) for text, key in runs if text.strip()]


def assign(texts: Sequence[str], segments: Sequence[tuple[str, str, str]]
           ) -> tuple[dict[int, list[tuple[int, int, str, str]]], list[str]]:
    """Each ``(id, French, German)`` segment found in the paragraphs' ``texts``, in reading order:
    ``{paragraph: [(start, end, id, German)]}`` and the ids found nowhere (a segment the reader made
    from two paragraphs, say), which stay French and are reported."""
    spans: dict[int, list[tuple[int, int, str, str]]] = {}
    missing: list[str] = []
    paragraph, offset = 0, 0
    for segment_id, french, german in segments:
        for index in range(paragraph, len(texts)):
            span = locate(texts[index], french, offset if index == paragraph else 0)
            if span is not None:
                spans.setdefault(index, []).append((span[0], span[1], segment_id, german))
                paragraph, offset = index, span[1]
                break
        else:
            missing.append(segment_id)
    return spans, missing


def segment_tags(pieces: list[Piece], spans: Sequence[tuple[int, int, str, str]]) -> dict[str, list[Tag]]:
    """The French inline tags of each segment found in the paragraph (``spans`` as for ``rewrite``, the
    German unused): each stretch formatted otherwise than the segment's base, numbered in order — the
    same stretches, in the same order, that ``german_pieces`` places."""
    for start, end, _, _ in spans:
        pieces = split_at(split_at(pieces, start), end)
    groups: dict[int, list[Piece]] = {}
    position = 0
    for piece in pieces:
        owner = _owner(spans, position, len(piece.text))
        if owner is not None:
            groups.setdefault(owner, []).append(piece)
        position += len(piece.text)
    found: dict[str, list[Tag]] = {}
    for owner, members in groups.items():
        segment = spans[owner][3]
        texts = [p for p in members if p.fixed is None and p.text.strip()]
        tags: list[Tag] = []
        for number, (words, sample, occurrence) in enumerate(_codes(members, _base(texts)) if texts else [], 1):
            span = _nth(segment, words, occurrence)
            if span is not None:
                tags.append(Tag(number, sample.kind, span[0], span[1]))
        found[spans[owner][2]] = tags
    return found


def _nth(text: str, words: str, occurrence: int) -> tuple[int, int] | None:
    span, position = None, 0
    for _ in range(occurrence + 1):
        span = locate(text, words, position)
        if span is None:
            return None
        position = span[1]
    return span
