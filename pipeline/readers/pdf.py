"""Text PDFs, read from their layout: the largest type on page 1 is the title, larger or bold short
blocks are headings, bullet glyphs and numbers make list items, vertical gaps end paragraphs.

Page headers, footers and page numbers (lines in the top or bottom margin, or repeated on every page)
go to ``dropped``; two-column pages are read column by column; a word broken at a line end is
rejoined: always after U+00AD or U+2010 (typesetters' hyphenation), after U+002D only when the next
line goes on in lower case and the hyphen is not part of a compound ("franco-" + "allemand" stays).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from pipeline.errors import InputError
from pipeline.language.segment import normalise_whitespace
from pipeline.model import BlockKind
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.layout import set_aside
from pipeline.readers.pdfchars import LINE_END_HYPHEN, Line, read_lines

BULLET_GLYPHS = "•▪◦●■►‣–—*\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8-"
MARKER = re.compile(rf"^(?:(?P<bullet>[{re.escape(BULLET_GLYPHS)}])|(?P<number>\d{{1,3}}[.)]|[a-z][.)]))(?:\s+|$)")
PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*(?:(?:/|sur|of|de)\s*\d{1,4})?\s*[-–—]?$", re.IGNORECASE)
DIGITS = re.compile(r"\d+")
MARGIN_ZONE = 0.075  # top and bottom share of the page where running headers and footers sit
REPEAT_ZONE = 0.15
SENTENCE_END = (".", "!", "?", "…", ":", ";", "»", "\"", "”")
# First halves of French compounds that keep their hyphen across a line end ("franco-" + "allemand").
COMPOUND_FIRSTS = frozenset("""franco germano anglo italo euro afro gréco judéo sino russo belgo helvético
    luxembourgeo austro hispano nord sud est ouest centre socio politico économico médico psycho
    technico sous vice ex demi semi mi non anti après avant arrière contre entre grand grands grande
    grandes haut hauts basse bas néo post pré pro quasi super ultra auto bien mal""".split())
ENCLITICS = ("là", "ci", "même", "mêmes", "il", "elle", "on", "ils", "elles", "je", "tu", "nous", "vous")


@dataclass
class Group:
    lines: list[Line] = field(default_factory=list)
    marker: str | None = None
    bullet: bool = False

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)


class PdfReader:
    format = "pdf"

    def read(self, path: Path) -> RawDocument:
        pages = read_lines(path)
        if not any(pages):
            raise InputError(f"{path}: no text layer (a scanned PDF?); run OCR on it first")
        raw = RawDocument()
        body = _body_size([line for lines in pages for line in lines])
        ordered = _content_lines(pages, raw, body)
        groups = _group(ordered, _pitches(ordered))
        title = _title_group(groups, body)
        text_of = _joiner(" ".join(line.text for line in ordered))
        first_lines = 0
        for group in groups:
            text = normalise_whitespace(text_of(group))
            if not text or set_aside(raw, text):
                continue
            raw.blocks.append(RawBlock(_kind(group, title, body, text), text, group.marker))
            first_lines = first_lines or len(group.lines)
        _title_in_body_type(raw, first_lines)
        return raw


def _content_lines(pages: list[list[Line]], raw: RawDocument, body: float) -> list[Line]:
    """Lines in reading order, running headers, footers and page numbers set aside."""
    repeated = _repeated_margin_lines(pages)
    ordered: list[Line] = []
    for lines in pages:
        kept = []
        for line in _attach_markers(lines):
            if _is_page_furniture(line, repeated, body):
                raw.drop(normalise_whitespace(line.text), "running header, footer or page number")
            else:
                kept.append(line)
        ordered.extend(_reading_order(kept))
    return ordered


def _margin(line: Line, share: float) -> bool:
    return line.top < line.page_height * share or line.top > line.page_height * (1 - share)


def _shape(text: str) -> str:
    return DIGITS.sub("#", normalise_whitespace(text).lower())


def _repeated_margin_lines(pages: list[list[Line]]) -> set[str]:
    """Shapes of margin lines found on at least two pages (and on most of them)."""
    if len(pages) < 2:
        return set()
    seen = Counter(shape for lines in pages for shape in {_shape(ln.text) for ln in lines if _margin(ln, REPEAT_ZONE)})
    return {shape for shape, n in seen.items() if n >= max(2, len(pages) // 2)}


def _is_page_furniture(line: Line, repeated: set[str], body: float) -> bool:
    """Repeated in the margins, a page number there, or any margin line not larger than the body
    text (running headers are set at or below body size; a title high on the page is larger)."""
    text = normalise_whitespace(line.text)
    if _margin(line, REPEAT_ZONE) and _shape(text) in repeated:
        return True
    return _margin(line, MARGIN_ZONE) and (bool(PAGE_NUMBER.match(text)) or line.size <= body)


def _attach_markers(lines: list[Line]) -> list[Line]:
    """A bullet or number drawn on its own (WeasyPrint, some Word exports) joins its item's first line."""
    markers = [ln for ln in lines if MARKER.fullmatch(ln.text.strip() + " ") and len(ln.text.strip()) <= 4]
    rest = [ln for ln in lines if ln not in markers]
    for marker in markers:
        beside = [ln for ln in rest if ln.page == marker.page and abs(ln.y - marker.y) < max(1.0, ln.size * 0.45)
                  and marker.x0 <= ln.x0 <= marker.x1 + max(30.0, 4 * ln.size)]  # a tab after the bullet
        if not beside:
            continue  # a bullet with no text beside it is no content
        item = min(beside, key=lambda ln: ln.x0)
        item.text = f"{marker.text.strip()} {item.text}"
        item.x0 = marker.x0
    return rest


def _reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; on a page with two columns, the left column before the right one, band by band
    (a line across the gutter, such as the title, closes a band)."""
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if line.x0 < gutter < line.x1:
            ordered += left + right + [line]
            left, right = [], []
        elif line.x1 <= gutter:
            left.append(line)
        else:
            right.append(line)
    return ordered + left + right


def _gutter(lines: list[Line]) -> float | None:
    """An x position across the page (a gutter, or the edge of a sidebar) that at least three lines on
    each side reach to, that lines beside each other are cut by, and that few lines cross (a title
    across both columns may): of such positions, the one crossed by the fewest lines."""
    if not lines:
        return None
    width = lines[0].page_width
    found: list[tuple[int, float]] = []
    for x in (width * share / 100 for share in range(30, 81, 2)):  # two columns, or a text and its sidebar
        left = [ln for ln in lines if ln.x1 <= x]
        right = [ln for ln in lines if ln.x0 >= x]
        crossing = len(lines) - len(left) - len(right)
        if len(left) >= 3 and len(right) >= 3 and crossing <= 0.15 * len(lines) and _side_by_side(left, right) >= 2:
            found.append((crossing, x))
    return min(found)[1] if found else None


def _side_by_side(left: list[Line], right: list[Line]) -> int:
    """Left lines with a right line beside them: within a line's height (two columns need not share
    baselines when their line spacing differs)."""
    heights = sorted(ln.y for ln in right)
    count = 0
    for line in left:
        near = bisect_left(heights, line.y - 0.8 * max(line.size, 1.0))
        count += near < len(heights) and abs(heights[near] - line.y) < 0.8 * max(line.size, 1.0)
    return count


def _body_size(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += line.chars
    return weights.most_common(1)[0][0]


def _pitches(lines: list[Line]) -> dict[float, float]:
    """The usual distance between two lines of the same paragraph, per type size."""
    gaps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.size == b.size and 0 < b.top - a.top < a.size * 3:
            gaps.setdefault(a.size, []).append(b.top - a.top)
    return {size: median(found) for size, found in gaps.items()}


def _group(lines: list[Line], pitches: dict[float, float]) -> list[Group]:
    groups: list[Group] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        marker = MARKER.match(line.text)
        if previous is None or marker or _starts_block(previous, line, groups[-1], pitches):
            group = Group([line])
            if marker:
                group.marker = marker.group("number")
                group.bullet = marker.group("bullet") is not None
                line.text = line.text[marker.end():]
            groups.append(group)
        else:
            groups[-1].lines.append(line)
    return groups


def _starts_block(previous: Line, line: Line, group: Group, pitches: dict[float, float]) -> bool:
    if previous.size != line.size:
        return True
    if previous.bold != line.bold:  # a bold run inside a paragraph ("Carole Delga, présidente : « …") continues it
        return not (line.text[:1].islower() and not previous.text.rstrip().endswith(SENTENCE_END))
    if previous.page != line.page or line.top <= previous.top:  # next page or next column
        return previous.text.rstrip().endswith(SENTENCE_END)
    pitch = pitches.get(line.size, line.size * 1.25)
    if line.top - previous.top > pitch * 1.3:
        return True
    if group.marker or group.bullet:  # a wrapped item line is indented under its text, or continues its sentence
        continues = line.text[:1].islower() and not previous.text.rstrip().endswith(tuple(".;:!?"))
        return line.x0 <= group.lines[0].x0 + 1.0 and not continues
    return False


def _title_group(groups: list[Group], body: float) -> Group | None:
    """The block in the largest type on the first page, when it is clearly larger than the body."""
    first_page = [g for g in groups[:12] if g.lines[0].page == 0]
    if not first_page:
        return None
    largest = max(first_page, key=lambda g: g.size)
    return largest if largest.size >= body * 1.25 else None


def _title_in_body_type(raw: RawDocument, first_lines: int) -> None:
    """No larger type anywhere: a first block of one line that reads like a headline (no full stop,
    not over 200 characters, text after it) is the title, as in a text copy."""
    if any(b.kind == "title" for b in raw.blocks) or len(raw.blocks) < 2:
        return
    first = raw.blocks[0]
    if first.kind in ("paragraph", "heading") and first_lines == 1 and len(first.text) <= 200 \
            and not first.text.endswith((".", ":", ";", ",")):
        first.kind = "title"


def _kind(group: Group, title: Group | None, body: float, text: str) -> BlockKind:
    if group is title and len(text) <= 200:
        return "title"
    if group.marker or group.bullet:
        return "list_item"
    if (group.size > body * 1.05 or group.bold) and len(text) <= 160 and len(group.lines) <= 3:
        return "heading"
    return "paragraph"


def _joiner(whole_text: str) -> Callable[[Group], str]:
    """Joins a group's lines; whether "x-" + "y" keeps its hyphen is decided against the whole text."""
    words = set(re.findall(r"[\w'’-]+", whole_text.lower()))

    def join(group: Group) -> str:
        text = ""
        for line in group.lines:
            text = _join_two(text, line.text.strip(), words) if text else line.text.strip()
        return text

    return join


def _join_two(text: str, following: str, words: set[str]) -> str:
    end = text[-1]
    if end in "\u00ad\u2010":
        return text[:-1] + following
    if end == LINE_END_HYPHEN or end == "-":
        head = text[:-1]
        return head + ("" if _hyphenation(head, following, words) else "-") + following
    return f"{text} {following}"


def _hyphenation(head: str, following: str, words: set[str]) -> bool:
    """True when a "-" at a line end only broke the word (drop it), False for a compound (keep it)."""
    if not following[:1].islower():
        return False
    first = re.split(r"[\s'’\-]", head)[-1].lower()
    second = re.split(r"[\s,.;:!?)»]", following)[0].lower()
    if first in COMPOUND_FIRSTS or second in ENCLITICS or second.startswith("t-"):
        return False
    return f"{first}-{second}" not in words
