"""Briefing DOCX with python-docx on the shipped template: real Word headings (navigation pane),
Word language per run (fr-FR / de-DE), the body table's header repeated on every page, page
numbers in the footer, and the DRAFT mark in the header of every page and on the first line."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.atomic import write_with
from pipeline.render.briefing import LEGEND, BodyBlock, Briefing, all_banners, banner_parts
from pipeline.render.keyfacts import fact_pair
from pipeline.word.formatting import (
    FRENCH,
    GERMAN,
    fixed_grid,
    keep_row_whole,
    repeat_header,
    set_language,
    shade,
    write_highlighted,
)

TEMPLATE = "templates/briefing.docx"
MARK_COLOR = (0x9C, 0x4A, 0x00)

# Characters of one column that surely fit on a page: LibreOffice lays out about 3,400 on an A4 page of
# the briefing (measured with tests/render/test_pages.py); 2,800 leaves room for the repeated header row.
ROW_PAGE_CHARACTERS = 2800
FACTS_WIDTHS_CM = (3.6, 14.4)  # the key-facts box: label, facts (A4 less the template's margins)


def _document() -> Any:
    # deferred: python-docx loads only when this runs, not at start-up
    import docx

    with resources.files("pipeline.render").joinpath(TEMPLATE).open("rb") as handle:
        return docx.Document(handle)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC …), updated by Word when the document opens."""
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header_footer(document: Any, office: str, banners: list[str]) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = _office_line(office, "Briefing FR | DE")
    for line in banners:
        _banner(section.header, line)
    footer = section.footer.paragraphs[0]
    footer.add_run("Seite / page ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def word_property(text: str) -> str:
    """Word keeps at most 255 characters in a document property: cut at a word, with an ellipsis."""
    if len(text) <= 255:
        return text
    return text[:254].rsplit(" ", 1)[0].rstrip(" ,;:—") + "…"


def _banner(container: Any, line: str) -> None:
    paragraph = container.add_paragraph(style="Draft Mark")
    for text, tag in banner_parts(line):
        run = paragraph.add_run(text)
        if tag:
            set_language(run, tag)


def _office_line(*parts: str) -> str:
    """"Service presse … · Briefing FR | DE · …", without the office when none is configured."""
    return " · ".join(part for part in parts if part)


def _para(container: Any, text: str, tag: str, style: str | None = None, bold: bool = False) -> Any:
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run(text)
    set_language(run, tag)
    run.bold = bold
    return paragraph


def _body_cell(cell: Any, block: BodyBlock, german: bool, heading_style: str) -> None:
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.shared import RGBColor

    style = {"heading": heading_style, "title": heading_style, "list_item": "List Bullet"}.get(block.kind)
    paragraph = cell.paragraphs[0]
    if block.marker:  # a numbered item keeps the number it was published with, in both columns
        style = "List Continue"
        set_language(paragraph.add_run(f"{block.marker}\t"), FRENCH if not german else GERMAN)
    if style:
        paragraph.style = style
    if not german:
        write_highlighted(paragraph, block.fr, block.fr_spans, FRENCH)
        return
    for index, piece in enumerate(block.de):
        if index:
            set_language(paragraph.add_run(" "), GERMAN)
        if piece.mark:
            mark = paragraph.add_run(f"[{piece.mark}] ")
            set_language(mark, GERMAN)
            mark.bold, mark.font.color.rgb = True, RGBColor(*MARK_COLOR)
        if piece.text:
            write_highlighted(paragraph, piece.text, piece.spans, GERMAN)
        else:
            missing = paragraph.add_run("nicht übersetzt")
            set_language(missing, GERMAN)
            missing.italic = True


def _facts(document: Any, briefing: Briefing) -> None:
    rows = [
        ("Personnes / Personen", _pairs(briefing.people)), ("Lieux / Orte", _pairs(briefing.places)),
        ("Organisations", _pairs(briefing.organisations)),
        ("Dates / Daten", " · ".join(f"{fr} / {de}" for fr, de in briefing.dates) or "—"),
        ("Chiffres / Zahlen", " · ".join(briefing.figures) or "—"),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        shade(cells[0], "E8EDF5")
        cells[1].text = value
    fixed_grid(table, FACTS_WIDTHS_CM)


def _pairs(pairs: Sequence[tuple[str, str]]) -> str:
    return " · ".join(fact_pair(fr, de) for fr, de in pairs) or "—"


def _fits_on_a_page(block: BodyBlock) -> bool:
    """A row whose longer half is under ROW_PAGE_CHARACTERS fits on a page. A longer one may split:
    LibreOffice clips (loses) the text of an unsplittable row taller than a page."""
    german = sum(len(piece.text) + len(piece.mark) + 3 for piece in block.de)
    return max(len(block.fr), german) <= ROW_PAGE_CHARACTERS


def _body(document: Any, briefing: Briefing, heading_style: str) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, (label, tag) in zip(table.rows[0].cells, (("Français", FRENCH), ("Deutsch", GERMAN)), strict=True):
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        set_language(run, tag)
        shade(cell, "D9E1F2")
    repeat_header(table.rows[0])
    for block in briefing.blocks:
        row = table.add_row()
        if _fits_on_a_page(block):
            keep_row_whole(row)  # a row's French and German halves on one page
        cells = row.cells
        _body_cell(cells[0], block, False, heading_style)
        _body_cell(cells[1], block, True, heading_style)
    if briefing.draft:  # a partner-facing, fully approved briefing has no marks to explain
        _para(document, LEGEND, GERMAN, "Caption")


def _appendix(document: Any, briefing: Briefing, level: int) -> None:
    document.add_heading("Annexe / Anhang", level=level)
    document.add_heading("Glossaire / Glossar", level=level + 1)
    terms = document.add_table(rows=1, cols=3)
    terms.style = "Table Grid"
    for cell, label in zip(terms.rows[0].cells, ("Français", "Deutsch", "Type"), strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    repeat_header(terms.rows[0])
    for fr, de, kind in briefing.terms:
        cells = terms.add_row().cells
        set_language(cells[0].paragraphs[0].add_run(fr), FRENCH)
        set_language(cells[1].paragraphs[0].add_run(de), GERMAN)
        cells[2].text = kind
    if not briefing.draft:  # the QA notes are for translators, not for a partner
        return
    document.add_heading("Contrôle qualité / Qualitätsprüfung (für Übersetzer)", level=level + 1)
    if not briefing.findings:
        document.add_paragraph("Aucune remarque ouverte / keine offenen Befunde")
    for segment, kind, message in briefing.findings:
        document.add_paragraph(f"{segment} · {kind}: {message}", style="List Bullet")


def _release(document: Any, briefing: Briefing, digest: bool) -> None:
    level = 2 if digest else 1
    if digest:
        document.add_heading(briefing.title_fr, level=1)
    else:
        made = f"généré le / erstellt am {briefing.generated}"
        _para(document, _office_line(briefing.office, "Briefing FR | DE", made), FRENCH, "Caption")
        _para(document, briefing.title_fr, FRENCH, "Title")
    mark = f"[{briefing.title_mark}] " if briefing.title_mark else ""
    _para(document, mark + briefing.title_de, GERMAN, "Subtitle")
    for fr, de, _ in briefing.date_lines:
        paragraph = document.add_paragraph()
        set_language(paragraph.add_run(fr), FRENCH)
        paragraph.add_run(" | ")
        set_language(paragraph.add_run(de), GERMAN)
    document.add_paragraph(f"Source / Quelle : {briefing.source}")
    if briefing.banners and digest:
        for line in briefing.banners:
            _banner(document, line)
    elif briefing.approved_at:
        names, day = ", ".join(briefing.approved_by), briefing.approved_at[:10]
        paragraph = _para(document, f"Approuvé par {names} le {day}", FRENCH, bold=True)
        german = paragraph.add_run(f" / Freigegeben von {names} am {day}")
        set_language(german, GERMAN)
        german.bold = True
    document.add_heading("Points clés / Kernpunkte", level=level)
    _facts(document, briefing)
    document.add_heading("Texte / Text", level=level)
    _body(document, briefing, f"Heading {level + 1}")
    _appendix(document, briefing, level)
    _para(document, briefing.colophon, FRENCH, "Caption")


def build_docx(briefings: Sequence[Briefing], title: str | None = None) -> Any:
    document = _document()
    banners = all_banners(briefings)
    _header_footer(document, briefings[0].office, banners)
    for line in banners:  # the very first lines of the document
        _banner(document, line)
    digest = len(briefings) > 1
    if digest:
        line = _office_line(briefings[0].office, "Briefing FR | DE", briefings[0].generated)
        _para(document, line, FRENCH, "Caption")
        _para(document, title or "Digest", FRENCH, "Title")
        document.add_heading("Sommaire / Inhalt", level=1)
        _field(document.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u')
        for briefing in briefings:
            _para(document, f"{briefing.published or '—'} · {briefing.title_fr}", FRENCH, "List Number")
    for index, briefing in enumerate(briefings):
        if digest or index:
            document.add_page_break()
        _release(document, briefing, digest)
    document.core_properties.title = word_property(title or f"{briefings[0].title_fr} — Briefing FR | DE")
    document.core_properties.author = briefings[0].office or "pipeline"
    document.core_properties.comments = word_property(" | ".join(dict.fromkeys(b.colophon for b in briefings)))
    document.core_properties.language = "fr-FR"
    return document


def render_docx(briefing: Briefing | Sequence[Briefing], out: Path, title: str | None = None) -> None:
    briefings = [briefing] if isinstance(briefing, Briefing) else list(briefing)
    document = build_docx(briefings, title)
    write_with(out, lambda tmp: document.save(str(tmp)))
