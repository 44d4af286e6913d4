"""Word documents: Title/Heading styles become title and headings, list styles and numbering items.

Text is read with Word's tracked changes accepted (a release sent with revisions still on), and every
XML part of the package passes the entity guard before python-docx parses it."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from pipeline.errors import InputError, PipelineError
from pipeline.language.segment import normalise_whitespace
from pipeline.model import BlockKind
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.files import read_bytes
from pipeline.readers.layout import BULLET, set_aside
from pipeline.word.package import accepted_text, part_element, refuse_entities_in_package, text_boxes

MAX_BOLD_HEADING = 100  # characters: a bold paragraph this short is a heading
FORMATTED_TITLE_SEARCH = 6  # paragraphs from the top where a big bold headline is looked for
TOP_HEADINGS = ("heading 1", "titre 1", "überschrift 1")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxReader:
    format = "docx"

    def read(self, path: Path) -> RawDocument:
        document = _open(path)
        raw = RawDocument()
        formats = _number_formats(document)
        counter = 0
        first_heading: RawBlock | None = None
        for paragraph in _paragraphs_in_order(document):
            text = normalise_whitespace(accepted_text(paragraph._p, boxes=False))
            if not text or set_aside(raw, text):
                continue
            kind = _kind(paragraph, raw)
            counter = counter + 1 if kind == "list_item" and _ordered(paragraph, formats) else 0
            typed = BULLET.match(text) if kind == "paragraph" else None
            if typed:  # "•<tab>du 16 au 20 juillet …": a bullet or number typed by hand
                raw.blocks.append(RawBlock("list_item", text[typed.end():], typed.group("number")))
                continue
            raw.blocks.append(RawBlock(kind, text, f"{counter}." if counter else None, styled=kind != "paragraph"))
            if first_heading is None and _style(paragraph) in TOP_HEADINGS:
                first_heading = raw.blocks[-1]
        if first_heading is not None and not any(b.kind == "title" for b in raw.blocks):
            first_heading.kind = "title"  # no Title style: the first "Heading 1" is the headline
        _title_by_formatting(raw, document)
        _page_texts(document, raw)
        return raw


PAGE_PARTS = (("/header", "header"), ("/footer", "footer"), ("/footnotes", "footnote"), ("/endnotes", "endnote"))
FIELDS = {qn("w:fldChar"), qn("w:fldSimple"), qn("w:instrText")}
NOTE_SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")


def _page_texts(document: Any, raw: RawDocument) -> None:
    """Headers, footers, footnotes and endnotes: not the release's body (never in a briefing), but
    text of the file that its German version must carry, so read as page blocks, each text once. A
    line holding a field (a page number Word computes) is set aside as it is."""
    seen: set[str] = set()
    for _, name, part in page_parts(document):
        kind = next(kind for marker, kind in PAGE_PARTS if name.startswith(f"/word{marker}"))
        for paragraph in part_element(part).iter(qn("w:p")):
            text = normalise_whitespace(accepted_text(paragraph))
            if not any(c.isalpha() for c in text) or text in seen or _in_note_separator(paragraph):
                continue
            seen.add(text)
            if any(child.tag in FIELDS for child in paragraph.iter()):
                raw.drop(text, f"a {kind} line with a field Word computes (a page number)")
            elif not set_aside(raw, text):
                raw.page_blocks.append(RawBlock("paragraph", text, part=kind))


def page_parts(document: Any) -> list[tuple[int, str, Any]]:
    """(order, name, part) of the headers, then footers, then footnotes and endnotes."""
    found = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        order = next((i for i, (marker, _) in enumerate(PAGE_PARTS) if name.startswith(f"/word{marker}")), None)
        if order is not None:
            found.append((order, name, part))
    return sorted(found, key=lambda item: item[:2])


def _in_note_separator(paragraph: Any) -> bool:
    note = next((a for a in paragraph.iterancestors() if a.tag in (qn("w:footnote"), qn("w:endnote"))), None)
    return note is not None and note.get(qn("w:type")) in NOTE_SEPARATORS


def _paragraphs_in_order(container: Any) -> Iterator[Any]:
    """Body paragraphs and the paragraphs of tables (a contact box, a key-figures table), in
    reading order, the paragraphs of a text box after the paragraph it is anchored in. Each cell element
    (``w:tc``) is read once: a cell merged across columns is one element, and the continuation of a
    cell merged down the rows holds no text of its own. (Cells are
    not told apart by the ``id()`` of python-docx's cell objects: Python reuses the id of an object
    already freed, which once made two cells of six vanish.)"""
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if not isinstance(item, Table):
            yield item
            yield from (Paragraph(p, item._parent) for p in text_boxes(item._p))  # each text box: its own paragraphs
            continue
        for row in item._tbl.tr_lst:
            for tc in row.tc_lst:
                yield from _paragraphs_in_order(_Cell(tc, item))


def _open(path: Path) -> Any:
    # deferred: python-docx loads only when this runs, not at start-up
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data = read_bytes(path)
    if data.startswith(OLE_MAGIC):
        raise InputError(f"{path}: password-protected or an old .doc file; "
                         "remove the password or save it as .docx in Word")
    try:
        refuse_entities_in_package(path)
        return docx.Document(str(path))
    except PipelineError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .docx (corrupt or not a Word file); "
                         "open it in Word and save it again") from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends from a damaged part
        raise InputError(f"{path}: damaged .docx ({type(exc).__name__}); "
                         "open it in Word and save it again") from exc


def _style(paragraph: Any) -> str:
    return ((paragraph.style.name if paragraph.style is not None else "") or "").lower()


def _kind(paragraph: Any, raw: RawDocument) -> BlockKind:
    style = _style(paragraph)
    if style == "title" or style == "titre":
        return "heading" if any(b.kind == "title" for b in raw.blocks) else "title"
    if style.startswith(("heading", "titre")):
        return "heading"
    if "list" in style or "liste" in style or _numbered(paragraph):
        return "list_item"
    if _bold_line(paragraph):
        return "heading"  # a short line set bold by hand: how many offices make a heading in Word
    return "paragraph"


def _bold_line(paragraph: Any) -> bool:
    text = paragraph.text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    short = 0 < len(text) <= MAX_BOLD_HEADING and not text.endswith((".", ";", ","))
    return short and bool(runs) and all(r.bold for r in runs)


def _number_formats(document: Any) -> dict[str, str]:
    """numId → the number format of its first level ("decimal", "bullet" …) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.iterchildren(qn("w:abstractNum"))}
    formats = {}
    for num in numbering.iterchildren(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
        fmt = definition.find(f"{qn('w:lvl')}/{qn('w:numFmt')}") if definition is not None else None
        if fmt is not None:
            formats[num.get(qn("w:numId"))] = fmt.get(qn("w:val"))
    return formats


def _ordered(paragraph: Any, formats: dict[str, str]) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if "number" in style or "numéro" in style:
        return True
    ppr = paragraph._p.pPr
    num_id = ppr.numPr.numId.val if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None else None
    return formats.get(str(num_id), "bullet") not in ("bullet", "none")


def _title_by_formatting(raw: RawDocument, document: Any) -> None:
    """No Title style: a short paragraph near the top set bold in larger type than the body (how many
    offices make a headline in Word; a letterhead, a logo's placeholder or a date may stand above it)
    is the title."""
    if any(b.kind == "title" for b in raw.blocks):
        return
    paragraphs = {normalise_whitespace(p.text): p for p in document.paragraphs[:FORMATTED_TITLE_SEARCH * 2]}
    for block in raw.blocks[:FORMATTED_TITLE_SEARCH]:
        paragraph = paragraphs.get(block.text)
        if block.kind in ("paragraph", "heading") and paragraph is not None and len(block.text) <= 200 \
                and _big_bold(paragraph):
            block.kind = "title"
            return


def _big_bold(paragraph: Any) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    style_bold = paragraph.style is not None and bool(paragraph.style.font.bold)
    bold = bool(runs) and all(r.bold or style_bold for r in runs)
    return bold and all(r.font.size is not None and r.font.size.pt >= 14 for r in runs)


def _numbered(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None
