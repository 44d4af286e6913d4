"""The bilingual review table in Word, laid out like a Trados/memoQ review export.

One table: ID | Status | Origin | Français | Deutsch | QA | Comment, on A4 landscape with column
widths that LibreOffice and Word both honour (grid = cell widths, within the text area), rows that
never split across pages and a header row repeated on each. Glossary terms are highlighted in both
languages and every run carries its Word language. The QA cell shows findings, glossary repairs and
translation-memory suggestions with the French difference (deleted words struck through, new words
underlined). Comments are listed one per paragraph with author and date.

Translators edit Deutsch, Status and Comment (a new paragraph, or a balloon comment anywhere in the
row). The release and each segment's exported revision travel as custom document properties, which
Word and LibreOffice keep on save; the import (``merge.py``) reads tracked changes as accepted.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.atomic import write_with
from pipeline.errors import ImportRefused
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import find_german, french_matcher
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import TagError, read_typed, shifted, tagged
from pipeline.model import STATUSES
from pipeline.review.diff import word_diff
from pipeline.review.merge import FileRow, ReviewFile, comment_line
from pipeline.review.statuses import accepted_words, status_for
from pipeline.review.store import Comment, ReviewStore, comments_of, german_tags, source_tags
from pipeline.translate.memory import match_percent
from pipeline.word.package import (
    anchored_comment_ids,
    balloon_comments,
    custom_properties,
    has_tracked_changes,
    paragraphs,
    refuse_entities_in_package,
    row_deleted,
    rows_of,
    set_custom_properties,
    w,
)

HEADER = ("ID", "Status", "Origin", "Français", "Deutsch", "QA", "Comment")
WIDTHS_CM = (1.7, 2.2, 2.0, 7.0, 7.0, 3.7, 3.1)  # sum 26.7 = A4 landscape less 2 × 1.5 cm margins
MARGIN_CM = 1.5
IDENTIFIER = "pipeline-review:"
RELEASE_PROPERTY = "pipeline-release"
REVISIONS_PROPERTY = "pipeline-revisions"
CHUNK = 240  # Word keeps custom text properties up to 255 characters
ENGLISH = "en-GB"  # the instructions, statuses, origins and QA messages
STATUS_FILL = {"approved": "D9EAD3", "reviewed": "DDEBF7", "rejected": "F4CCCC", "new": "FFF2CC",
               "translated": "FFFFFF"}


# ---- export ------------------------------------------------------------------------------------
def export_review_docx(store: ReviewStore, release: str, glossary: Glossary, out: Path) -> None:
    # deferred: python-docx loads only when this runs, not at start-up
    import docx
    from docx.shared import Pt

    from pipeline.word.formatting import FRENCH, GERMAN, shade, write_highlighted

    doc_info = store.document(release)
    rows = store.segments(release)
    document = docx.Document()
    _page_setup(document)
    document.styles["Normal"].font.size = Pt(8.5)
    _describe(document, release, doc_info.title or "", __version__)
    _write_text(document.add_heading(level=1), f"Review: {doc_info.title or release}", FRENCH)
    _write_text(document.add_paragraph(), (
        f"Release {release} · {len(rows)} segments. Edit only Deutsch, Status and Comment (one paragraph "
        f"per comment, or a Word comment). Status: {', '.join(STATUSES)} (also in German or French). "
        "Highlighted: glossary terms."), ENGLISH)
    table = _table(document, len(rows) + 1)
    hits = french_matcher(glossary).match_many([row["source"] for row in rows])
    for tr, row, found in zip(table.rows[1:], rows, hits, strict=True):
        cells = tr.cells
        _write_text(cells[0].paragraphs[0], row["id"], ENGLISH)
        _write_text(cells[1].paragraphs[0], row["status"], ENGLISH)
        shade(cells[1], STATUS_FILL.get(row["status"], "FFFFFF"))
        _write_text(cells[2].paragraphs[0], origin_label(row["origin"]), ENGLISH)
        french_tags, german = source_tags(row), german_tags(row)
        write_highlighted(cells[3].paragraphs[0], tagged(row["source"], french_tags),
                          shifted([(h.start, h.end) for h in found], french_tags), FRENCH)
        german_spans = [span for h in found for span in find_german(h.term.de, row["target"])]
        write_highlighted(cells[4].paragraphs[0], tagged(row["target"], german), shifted(german_spans, german), GERMAN)
        _write_notes(cells[5], row)
        _write_lines(cells[6], [comment_line(c) for c in comments_of(row)], GERMAN)
    set_custom_properties(document, {RELEASE_PROPERTY: release, **revision_properties(rows)})
    write_with(out, lambda tmp: document.save(str(tmp)))


def origin_label(origin: str) -> str:
    """What the Origin column says: MT engine, TM, TM fuzzy %, human."""
    kind, _, detail = origin.partition(":")
    return {"mt": f"MT {detail}".strip(), "tm": "TM 100\u00a0%", "tm-fuzzy": f"TM~ {detail}\u00a0%",
            "human": "human"}.get(kind, origin or "—")


def revision_properties(rows: list[Any]) -> dict[str, str]:
    """Each segment's revision as ``id=revision;…`` in properties of at most 240 characters."""
    chunks, current = [], ""
    for row in rows:
        item = f"{row['id']}={row['revision']};"
        if len(current) + len(item) > CHUNK:
            chunks.append(current)
            current = ""
        current += item
    chunks.append(current)
    return {f"{REVISIONS_PROPERTY} {n:03d}": chunk for n, chunk in enumerate(chunks, 1)}


def _page_setup(document: Any) -> None:
    # deferred: python-docx loads only when this runs, not at start-up
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = section.footer_distance = Cm(0.8)


def _describe(document: Any, release: str, title: str, version: str) -> None:
    """Core properties that tell the truth: the release, the tool, today's dates."""
    props = document.core_properties
    stamp = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.identifier = IDENTIFIER + release
    props.title = f"Review: {title or release}"
    props.subject = f"Bilingual review FR | DE of {release}"
    props.author = f"pipeline {version}"
    props.last_modified_by = f"pipeline {version}"
    props.comments = f"Exported for review from the release {release}; import with 'pipeline review import'."
    props.keywords = "review, FR-DE"
    props.language = "de-DE"
    props.created = props.modified = stamp
    props.revision = 1


def _table(document: Any, rows: int) -> Any:
    # deferred: python-docx (through the Word helpers) loads only when this runs, not at start-up
    from pipeline.word.formatting import fixed_grid, keep_row_whole, repeat_header, shade

    table = document.add_table(rows=rows, cols=len(HEADER))
    table.style = "Table Grid"
    fixed_grid(table, WIDTHS_CM)
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        _write_text(cell.paragraphs[0], title, ENGLISH, bold=True)
        shade(cell, "D9D9D9")
    repeat_header(table.rows[0])
    for row in table.rows:
        keep_row_whole(row)
    return table


def _write_text(paragraph: Any, text: str, tag: str, bold: bool = False, **font: Any) -> Any:
    # deferred: python-docx (through the Word helpers) loads only when this runs, not at start-up
    from pipeline.word.formatting import set_language

    run = paragraph.add_run(text)
    set_language(run, tag)
    run.bold = bold or None
    for name, value in font.items():
        setattr(run.font, name, value)
    return run


def _write_lines(cell: Any, lines: list[str], tag: str) -> None:
    for line in lines:
        _write_text(_next_paragraph(cell), line, tag)


def _write_notes(cell: Any, row: Any) -> None:
    """QA findings, glossary repairs, and suggestions from the memory with the French difference."""
    # deferred: python-docx (through the Word helpers) loads only when this runs, not at start-up
    from pipeline.word.formatting import FRENCH, GERMAN

    lines = [(f"{f['kind']}: {f['message']}", ENGLISH) for f in json.loads(row["findings"])]
    lines += [(f"repaired: {r['from']} → {r['to']}", GERMAN) for r in json.loads(row["repairs"])]
    for text, tag in lines:
        _write_text(_next_paragraph(cell), text, tag)
    if row["status"] == "approved":
        return
    for suggestion in json.loads(row["suggestions"]):
        paragraph = _next_paragraph(cell)
        label = "earlier translation" if suggestion["origin"].startswith("earlier") else "TM"
        _write_text(paragraph, f"{label} {match_percent(suggestion['score'])} %: ", ENGLISH, bold=True)
        if suggestion["target"] == row["target"]:
            _write_text(paragraph, "the German text above", ENGLISH, italic=True)
        else:
            _write_text(paragraph, suggestion["target"], GERMAN)
        if suggestion.get("changed"):
            _write_text(_next_paragraph(cell), "meaning differs: " + ", ".join(suggestion["changed"]), ENGLISH,
                        bold=True)
        difference = cell.add_paragraph()
        _write_text(difference, "FR: ", ENGLISH, italic=True)
        for text, kind in word_diff(suggestion["source"], row["source"], context=3):
            _write_text(difference, text, FRENCH, strike=kind == "-", underline=kind == "+")


def _next_paragraph(cell: Any) -> Any:
    """The cell's empty first paragraph, else a new one."""
    first = cell.paragraphs[0]
    return first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()


# ---- import ------------------------------------------------------------------------------------
def _open(path: Path) -> Any:
    # deferred: python-docx loads only when this runs, not at start-up
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        refuse_entities_in_package(path)
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportRefused(f"{path}: not a readable .docx (corrupt?); nothing was imported") from exc
    except ImportRefused:
        raise
    except Exception as exc:  # damaged XML inside the package
        raise ImportRefused(f"{path}: damaged .docx ({type(exc).__name__}); nothing was imported") from exc


def _columns(header: list[list[str]]) -> dict[str, int] | None:
    """Column positions by name when this is a review table header (6-column files of earlier
    versions included), else None."""
    names = [normalise_whitespace(" ".join(cell)) for cell in header]
    if not {"ID", "Français", "Deutsch"} <= set(names):
        return None
    return {name: names.index(name) for name in HEADER if name in names}


def _review_table(document: Any, path: Path) -> tuple[Any, dict[str, int]]:
    for table in document.element.body.iter(w("tbl")):
        first = next(rows_of(table), None)
        if first is None:
            continue
        columns = _columns([paragraphs(cell) for cell in first[1]])
        if columns is not None:
            return table, columns
    raise ImportRefused(f"{path}: no review table (ID | Status | Origin | Français | Deutsch | QA | Comment); "
                        "export one with 'pipeline review export'")


def _release(document: Any, properties: dict[str, str], path: Path) -> str:
    if properties.get(RELEASE_PROPERTY):
        return properties[RELEASE_PROPERTY]
    identifier = document.core_properties.identifier or ""
    if not identifier.startswith(IDENTIFIER):
        raise ImportRefused(f"{path}: not a review file exported by pipeline; nothing was imported")
    return identifier[len(IDENTIFIER):]


def _revisions(properties: dict[str, str]) -> dict[str, int]:
    revisions = {}
    for name in sorted(n for n in properties if n.startswith(REVISIONS_PROPERTY)):
        for item in filter(None, properties[name].split(";")):
            segment, _, number = item.rpartition("=")
            if segment and number.strip().isdigit():
                revisions[segment.strip()] = int(number)
    return revisions


def read_review_docx(path: Path) -> ReviewFile:
    """The rows of a returned review table, tracked changes accepted, balloon comments attached."""
    document = _open(path)
    properties = custom_properties(document, path)
    release = _release(document, properties, path)
    revisions = _revisions(properties)
    balloons = balloon_comments(document, path)
    table, columns = _review_table(document, path)
    rows: list[FileRow] = []
    notes: list[str] = []
    used: set[str] = set()
    for number, (tr, cells) in enumerate(rows_of(table)):
        if number == 0:
            continue
        if row_deleted(tr):
            continue
        if len(cells) <= max(columns.values()):
            raise ImportRefused(f"{path}: table row {number + 1} has {len(cells)} cells instead of {len(HEADER)} "
                                "(merged or split cells?); nothing was imported")
        file_row = _file_row(path, cells, columns, tr, revisions, balloons, used)
        if file_row is not None:
            rows.append(file_row)
    _check_unique(rows, path)
    stray = [c for cid, c in balloons.items() if cid not in used and c.text]
    if stray:
        notes.append(f"{len(stray)} Word comment(s) outside the review table not imported: "
                     + "; ".join(f"«{c.text[:60]}» ({c.author})" for c in stray))
    return ReviewFile(path, release, "review docx", rows, notes)


def _file_row(path: Path, cells: list[Any], columns: dict[str, int], tr: Any, revisions: dict[str, int],
              balloons: dict[str, Any], used: set[str]) -> FileRow | None:
    def text(name: str) -> str | None:
        return normalise_whitespace(" ".join(paragraphs(cells[columns[name]]))) if name in columns else None

    segment = text("ID") or ""
    if not segment and not any((text(n) or "") for n in ("Français", "Deutsch")):
        return None  # an empty row added by hand
    comments = [Comment("", "", p) for p in paragraphs(cells[columns["Comment"]])] if "Comment" in columns else []
    for cid in anchored_comment_ids(tr):
        if cid in balloons and cid not in used:
            used.add(cid)
            comments.append(Comment(balloons[cid].author, balloons[cid].date, balloons[cid].text))
    try:
        source, _ = read_typed(text("Français") or "")
        target, tags = read_typed(text("Deutsch"))
    except TagError as exc:
        raise ImportRefused(f"{path}: segment {segment}: {exc}; fix the tags in the Deutsch column (each <b1> "
                            "closed by its </b1>); nothing was imported") from exc
    return FileRow(segment, source or "", target, _status(text("Status"), segment, path),
                   comments, revisions.get(segment), has_tracked_changes(tr), tags=tags)


def _status(word: str | None, segment: str, path: Path) -> str | None:
    if word is None:
        return None
    try:
        return status_for(word)
    except KeyError:
        raise ImportRefused(f"{path}: segment {segment} has status '{word}'; use one of {accepted_words()}; "
                            "nothing was imported") from None


def _check_unique(rows: list[FileRow], path: Path) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            raise ImportRefused(f"{path}: segment {row.id} appears twice; nothing was imported")
        seen.add(row.id)
