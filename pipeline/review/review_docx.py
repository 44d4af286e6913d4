"""The bilingual review table in Word, laid out like a Trados/memoQ review export.

One table: ID | Status | Français | Deutsch | QA | Comment. Glossary terms are highlighted in both
languages, each column carries its Word language (fr-FR / de-DE) so the spell-checker works, the
header row repeats on every page. Translators edit Deutsch, Status and Comment; the import refuses
the whole file for an unknown id, a changed French cell, another release or a corrupt file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from pipeline.atomic import write_with
from pipeline.errors import ImportRefused
from pipeline.glossary import Glossary
from pipeline.model import STATUSES
from pipeline.review.store import Change, ReviewStore
from pipeline.segment import normalise_whitespace

HEADER = ("ID", "Status", "Français", "Deutsch", "QA", "Comment")
WIDTHS = (1.6, 2.0, 8.6, 8.6, 3.6, 3.4)
IDENTIFIER = "pipeline-review:"
STATUS_FILL = {"approved": "D9EAD3", "reviewed": "DDEBF7", "rejected": "F4CCCC", "new": "FFF2CC",
               "translated": "FFFFFF"}


def export_review_docx(store: ReviewStore, release: str, glossary: Glossary, out: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    from pipeline.termmatch import find_german, french_matcher
    from pipeline.wordtools import FRENCH, GERMAN, repeat_header, set_widths, shade, write_highlighted

    doc_info = store.document(release)
    rows = store.segments(release)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.size = Pt(9)
    document.core_properties.identifier = IDENTIFIER + release
    document.core_properties.title = f"Review: {doc_info.title}"
    document.core_properties.subject = "Bilingual review FR | DE"
    document.add_heading(f"Review: {doc_info.title}", level=1)
    document.add_paragraph(
        f"Release {release} · {len(rows)} segments. Edit only the Deutsch, Status and Comment columns. "
        f"Status: {', '.join(STATUSES)}. Highlighted: glossary terms.")
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
        shade(cell, "D9D9D9")
    repeat_header(table.rows[0])
    hits = french_matcher(glossary).match_many([row["source"] for row in rows])
    for row, found in zip(rows, hits, strict=True):
        cells = table.add_row().cells
        cells[0].text = row["id"]
        cells[1].text = row["status"]
        shade(cells[1], STATUS_FILL.get(row["status"], "FFFFFF"))
        write_highlighted(cells[2].paragraphs[0], row["source"], [(h.start, h.end) for h in found], FRENCH)
        german_spans = [span for h in found for span in find_german(h.term.de, row["target"])]
        write_highlighted(cells[3].paragraphs[0], row["target"], german_spans, GERMAN)
        cells[4].text = qa_text(row)
        cells[5].text = row["comment"]
    set_widths(table, WIDTHS)
    write_with(out, lambda tmp: document.save(str(tmp)))


def qa_text(row: Any) -> str:
    """What the reviewer should know: QA findings, and the glossary repairs made automatically."""
    lines = [f"{f['kind']}: {f['message']}" for f in json.loads(row["findings"])]
    lines += [f"repaired: {r['from']} → {r['to']}" for r in json.loads(row["repairs"])]
    return "\n".join(lines)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportRefused(f"{path}: not a readable .docx (corrupt?); nothing was imported") from exc
    except Exception as exc:  # damaged XML inside the package
        raise ImportRefused(f"{path}: damaged .docx ({type(exc).__name__}); nothing was imported") from exc


def _review_table(document: Any, path: Path) -> Any:
    for table in document.tables:
        header = tuple(normalise_whitespace(c.text) for c in table.rows[0].cells)
        if header == HEADER:
            return table
    raise ImportRefused(f"{path}: no review table (ID | Status | Français | Deutsch | QA | Comment); "
                        "export one with 'pipeline review export'")


def _cell_text(cell: Any) -> str:
    return normalise_whitespace(" ".join(p.text for p in cell.paragraphs))


def read_review_docx(path: Path) -> tuple[str, list[Change], dict[str, str]]:
    """(release, changes, French texts by id) of a review table."""
    document = _open(path)
    identifier = document.core_properties.identifier or ""
    if not identifier.startswith(IDENTIFIER):
        raise ImportRefused(f"{path}: not a review file exported by pipeline; nothing was imported")
    table = _review_table(document, path)
    changes, sources = [], {}
    for row in table.rows[1:]:
        cells = row.cells
        if len(cells) != len(HEADER):
            raise ImportRefused(f"{path}: a table row has {len(cells)} cells instead of {len(HEADER)}")
        segment = _cell_text(cells[0])
        if segment in sources:
            raise ImportRefused(f"{path}: segment {segment} appears twice; nothing was imported")
        sources[segment] = _cell_text(cells[2])
        changes.append(Change(segment, target=_cell_text(cells[3]), status=_cell_text(cells[1]).lower() or None,
                              comment=_cell_text(cells[5])))
    return identifier[len(IDENTIFIER):], changes, sources


def import_review_docx(store: ReviewStore, path: Path, author: str,
                       expected_release: str | None = None) -> tuple[str, dict[str, int]]:
    release, changes, sources = read_review_docx(path)
    return release, store.import_file(str(path), release, changes, sources, author, "review docx", expected_release)
