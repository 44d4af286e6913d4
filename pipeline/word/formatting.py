"""Small python-docx helpers shared by the review table and the briefing: language tags,
repeated table headers, highlighted term runs, cell shading and widths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

FRENCH, GERMAN = "fr-FR", "de-DE"


def set_language(run: Any, tag: str) -> None:
    """Word's proofing language for this run (so the spell-checker uses the right dictionary)."""
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    rpr.append(lang)


def repeat_header(row: Any) -> None:
    """Repeat this table row at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def keep_row_whole(row: Any) -> None:
    """Never split this table row across pages (a row taller than a page still continues, whole
    halves together, since it cannot be helped)."""
    trpr = row._tr.get_or_add_trPr()
    whole = OxmlElement("w:cantSplit")
    whole.set(qn("w:val"), "true")
    trpr.insert(0, whole)  # CT_TrPr: cantSplit comes before tblHeader


def shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def fixed_grid(table: Any, widths_cm: Sequence[float]) -> None:
    """Fixed layout whose grid columns, cell widths and table width agree (LibreOffice reads the grid;
    without it, it draws equal columns)."""
    table.autofit = False
    twips = [int(round(Cm(cm).twips)) for cm in widths_cm]
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)
    for row in table.rows:
        for cell, cm in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(cm)


def write_highlighted(paragraph: Any, text: str, spans: Sequence[tuple[int, int]], tag: str,
                      bold: bool = False) -> None:
    """``text`` as runs in language ``tag``, the ``spans`` (glossary terms) highlighted."""
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        _run(paragraph, text[position:start], tag, bold)
        _run(paragraph, text[start:end], tag, bold).font.highlight_color = WD_COLOR_INDEX.YELLOW
        position = end
    _run(paragraph, text[position:], tag, bold)


def _run(paragraph: Any, text: str, tag: str, bold: bool) -> Any:
    run = paragraph.add_run(text)
    set_language(run, tag)
    if bold:
        run.bold = True
    return run


def run_languages(paragraph: Any) -> set[str]:
    """The language tags of a paragraph's non-empty runs (for tests and checks)."""
    tags = set()
    for run in paragraph.runs:
        lang = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
        if run.text.strip() and lang is not None:
            tags.add(lang.get(qn("w:val")))
    return tags
