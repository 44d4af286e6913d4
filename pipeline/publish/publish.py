"""``pipeline publish``: the German version of a release, in the format it came in, from the review store.

Which writer serves which (release format → asked format), through a lazy name → "module.function"
registry so that python-docx, lxml or WeasyPrint load only when used:

- a Word release as Word, a web page as HTML: written *into* the original (``docx.py``, ``html.py``);
- anything else (a text copy, a PDF, or another format asked for): built from the Document's
  structure (``structure.py``);
- PDF: from the German Word file through LibreOffice when the release is a Word file and LibreOffice
  is installed, else from the German HTML through WeasyPrint (nothing fetched from outside).

Only approved segments are published (German paragraphs the release already had count as approved);
``draft`` publishes every translated segment with the unapproved ones highlighted and ENTWURF across
the pages. An untranslated segment refuses the publication, draft or not, with the list of ids.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.atomic import write_with
from pipeline.errors import InputError, PublishRefused, RenderError
from pipeline.glossary import Glossary
from pipeline.language.tags import Tag
from pipeline.model import KEPT_GERMAN, Document, release_id
from pipeline.publish.structure import german_page
from pipeline.publish.targets import Report, Target
from pipeline.readers import read_document
from pipeline.render.naming import output_stem
from pipeline.review.store import ReviewStore, placed_tags

FORMATS = ("docx", "html", "pdf", "txt")
IN_PLACE: dict[tuple[str, str], str] = {
    ("docx", "docx"): "pipeline.publish.docx.write_docx",
    ("html", "html"): "pipeline.publish.html.write_html",
}
FROM_STRUCTURE: dict[str, str] = {
    "docx": "pipeline.publish.structure.write_docx",
    "html": "pipeline.publish.structure.write_html",
    "txt": "pipeline.publish.structure.write_text",
}
TAG_READERS = {"docx": "pipeline.publish.docx.read_tags", "html": "pipeline.publish.html.read_tags"}
DEFAULT_FORMAT = {"docx": "docx", "html": "html", "pdf": "pdf", "txt": "txt", "md": "txt"}
SOFFICE_SECONDS = 180
SHOWN_IDS = 12


@dataclass
class Published:
    path: Path
    report: Report
    format: str
    drafts: list[str] = field(default_factory=list)  # unapproved segments in a draft
    segments: int = 0  # segments published


def targets_of(rows: Sequence[Any], draft: bool, name: str) -> list[Target]:
    """Each segment's German, refusing untranslated segments and (unless ``draft``) unapproved ones."""
    untranslated = [row["id"] for row in rows if not (row["target"] or "").strip()]
    if untranslated:
        raise PublishRefused(f"{name}: {len(untranslated)} segment(s) have no German yet ({_ids(untranslated)}); "
                             "translate them (pipeline run, or in the workspace) before publishing", untranslated)
    unapproved = [row["id"] for row in rows if not _approved(row)]
    if unapproved and not draft:
        raise PublishRefused(f"{name}: {len(unapproved)} segment(s) not approved ({_ids(unapproved)}); approve them "
                             "in the workspace or a review file, or publish a draft with --draft", unapproved)
    return [Target(row["id"], row["source"], row["target"], not _approved(row), _placed(row)) for row in rows]


def _placed(row: Any) -> tuple[Tag, ...] | None:
    try:
        placed = placed_tags(row)
    except (KeyError, IndexError):  # a row from elsewhere than the store (the bench) has no tags
        return None
    return tuple(placed) if placed is not None else None


def read_source_tags(path: Path, doc: Document) -> dict[str, list[Tag]]:
    """The French inline tags of each segment of a Word or HTML release (none for other formats)."""
    reader = TAG_READERS.get(doc.format)
    if reader is None:
        return {}
    found: dict[str, list[Tag]] = _load(reader)(path, [(s.id, s.text) for b in doc.body for s in b.segments])
    return found


def _approved(row: Any) -> bool:
    return bool(row["status"] == "approved" or row["origin"] == KEPT_GERMAN)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def publish(source: Path, doc: Document, rows: Sequence[Any], out_dir: Path, fmt: str | None = None,
            draft: bool = False, glossary: Glossary | None = None) -> Published:
    """Write the German version of ``source`` (read as ``doc``, its segments ``rows``) into ``out_dir``."""
    fmt = fmt or DEFAULT_FORMAT.get(doc.format, "docx")
    if fmt not in FORMATS:
        raise InputError(f"unknown publication format '{fmt}'; give one of {', '.join(FORMATS)}")
    parts = {segment.id: block.part for block in doc.blocks for segment in block.segments}
    targets = [replace(t, part=parts.get(t.id)) for t in targets_of(rows, draft, source.name)]
    finder = term_finder(glossary) if glossary is not None and len(glossary) else None
    title = _german_title(doc, targets)
    path = out_dir / f"{output_stem(doc.published, title)}.de.{fmt}"
    reports: list[Report] = []

    def write(tmp: Path) -> None:
        reports.append(_write(source, doc, tmp, fmt, targets, title, finder, draft))

    write_with(path, write)
    report = reports[0]
    return Published(path, report, fmt, [t.id for t in targets if t.draft] if draft else [], len(targets))


def publish_stored(path: Path, store: ReviewStore, out_dir: Path, fmt: str | None = None, draft: bool = False,
                   glossary: Glossary | None = None) -> Published:
    """Publish the release file ``path`` from the review store, refusing a file edited since it was
    translated (its segments would not be the ones reviewed)."""
    release = release_id(str(path))
    stored = store.document(release)
    rows = store.segments(release)
    try:
        doc = read_document(path, lang="fr")
    except InputError as exc:
        raise InputError(f"{path}: the release file cannot be read any more ({exc})") from exc
    if [s.text for s in doc.segments()] != [row["source"] for row in rows]:
        raise InputError(f"{path}: the file changed since it was translated; run 'pipeline run {path}' (or "
                         "'pipeline translate') so that its segments are reviewed before publishing")
    doc.published = doc.published or stored.published
    return publish(path, doc, rows, out_dir, fmt, draft, glossary)


def _german_title(doc: Document, targets: list[Target]) -> str:
    by_id = {t.id: t.german for t in targets}
    block = next((b for b in doc.blocks if b.kind == "title"), doc.blocks[0] if doc.blocks else None)
    return " ".join(by_id.get(s.id, "") for s in block.segments).strip() if block else ""


def _write(source: Path, doc: Document, out: Path, fmt: str, targets: list[Target], title: str, finder: Any,
           draft: bool) -> Report:
    if fmt == "pdf":
        return _write_pdf(source, doc, out, targets, title, finder, draft)
    if (doc.format, fmt) in IN_PLACE:
        report: Report = _load(IN_PLACE[(doc.format, fmt)])(source, out, targets, title, finder, draft)
        return report
    structured: Report = _load(FROM_STRUCTURE[fmt])(doc, out, targets, title, draft)
    return structured


def _write_pdf(source: Path, doc: Document, out: Path, targets: list[Target], title: str, finder: Any,
               draft: bool) -> Report:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if doc.format == "docx" and soffice:
        with tempfile.TemporaryDirectory(prefix="pipeline-publish-") as folder:
            german = Path(folder) / "german.docx"
            report: Report = _load(IN_PLACE[("docx", "docx")])(source, german, targets, title, finder, draft)
            out.write_bytes(_libreoffice_pdf(soffice, german, Path(folder)))
            return report
    # deferred: WeasyPrint (through render.pdf) loads only when a PDF is made
    from pipeline.render.pdf import html_to_pdf

    if doc.format == "html":
        with tempfile.TemporaryDirectory(prefix="pipeline-publish-") as folder:
            german_html = Path(folder) / "german.html"
            report = _load(IN_PLACE[("html", "html")])(source, german_html, targets, title, finder, draft)
            page = german_html.read_text(encoding="utf-8")
    else:
        page, report = german_page(doc, targets, title, draft)
    try:
        out.write_bytes(html_to_pdf(page))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{out.name}: the German PDF could not be rendered ({exc})") from exc
    return report


def _libreoffice_pdf(soffice: str, docx_path: Path, folder: Path) -> bytes:
    profile = (folder / "profile").as_uri()
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx_path)], check=True, capture_output=True,
                       timeout=SOFFICE_SECONDS)
    except (subprocess.SubprocessError, OSError) as exc:
        raise RenderError(f"LibreOffice could not turn the German Word file into PDF ({type(exc).__name__}); "
                          "publish --format docx and convert it in Word or LibreOffice") from exc
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        raise RenderError("LibreOffice wrote no PDF for the German Word file; publish --format docx instead")
    return pdf.read_bytes()


def _load(target: str) -> Callable[..., Any]:
    module, name = target.rsplit(".", 1)
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def term_finder(glossary: Glossary) -> Callable[[str, str, str], tuple[int, int] | None]:
    """Where the glossary's German for a formatted French term stands in the German segment."""
    # deferred: the French matcher loads spaCy, needed only for a code no other rule places
    from pipeline.glossary.termmatch import find_german, french_matcher

    def find(code: str, french: str, german: str) -> tuple[int, int] | None:
        for hit in french_matcher(glossary).match(french):
            if hit.text.strip() and hit.text in code and len(hit.text) >= 0.6 * len(code.strip()):
                spans = find_german(hit.term.de, german)
                if spans:
                    return spans[0]
        return None

    return find
