"""The German release built from the Document's structure, for a release that has no format to write
into (a text copy, a PDF) or when another format is asked for: a clean text, a Word file (Title,
Heading 2, list styles, de-DE) or an HTML page (escaped, ``lang="de"``).

The headline, headings, paragraphs and list items come in the release's order; the dateline stays
as the release gives it; the date is written the German way ("Veröffentlicht am 9. Juli 2021").
"""

from __future__ import annotations

import html as html_escape
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.language.dates import german_long
from pipeline.model import Document
from pipeline.publish.targets import Report, Target

DRAFT_LINE = "ENTWURF – nicht freigegeben (Übersetzung nicht vollständig geprüft)"
PAGE_CSS = """@page{size:A4;margin:22mm 20mm}
body{font-family:'DejaVu Serif',serif;font-size:11pt;line-height:1.45;color:#111}
h1{font-family:'DejaVu Sans',sans-serif;font-size:18pt;line-height:1.25;margin:0 0 10pt}
h2{font-family:'DejaVu Sans',sans-serif;font-size:13pt;margin:14pt 0 6pt}
p.date{color:#444}
p.draft{color:#b00;font-weight:bold}
mark{background:#fff3a0}"""


@dataclass
class Part:
    kind: str  # title, date (the dateline, the date), heading, paragraph, list_item
    text: str
    marker: str | None = None
    draft: bool = False


def german_parts(doc: Document, targets: list[Target], title: str, draft: bool) -> tuple[list[Part], Report]:
    """The release's blocks in German, one part per block; the headline first, then the dateline and
    the date (as parts of kind "date"), then the rest in the release's order."""
    by_id = {t.id: t for t in targets}
    report = Report(title=title)
    parts = []
    for block in doc.blocks:
        found = [by_id[s.id] for s in block.segments if s.id in by_id]
        report.missing += [s.id for s in block.segments if s.id not in by_id]
        if found:
            parts.append(Part(block.kind, " ".join(t.german for t in found), block.marker,
                              draft and any(t.draft for t in found)))
    heading = 1 if parts and parts[0].kind == "title" else 0
    dates = [Part("date", line) for line in (doc.dateline or "", _date_line(doc)) if line]
    return parts[:heading] + dates + parts[heading:], report


def _date_line(doc: Document) -> str:
    try:
        return f"Veröffentlicht am {german_long(date.fromisoformat(doc.published))}" if doc.published else ""
    except ValueError:
        return ""


def write_text(doc: Document, out: Path, targets: list[Target], title: str, draft: bool = False) -> Report:
    parts, report = german_parts(doc, targets, title, draft)
    lines = [DRAFT_LINE, ""] if draft else []
    for part in parts:
        text = f"{part.marker or '–'} {part.text}" if part.kind == "list_item" else part.text
        lines += [text, ""]
    out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return report


def write_docx(doc: Document, out: Path, targets: list[Target], title: str, draft: bool = False) -> Report:
    # deferred: python-docx loads only when publishing
    import docx

    from pipeline.publish.docx import add_watermark, highlight, set_german

    parts, report = german_parts(doc, targets, title, draft)
    document = docx.Document()
    for part in parts:
        paragraph = document.add_paragraph(style=_word_style(part))
        run = paragraph.add_run(part.text)
        if part.draft:
            highlight(run._r)
    set_german(document, report.title)
    if draft:
        add_watermark(document)
    document.save(str(out))
    return report


def _word_style(part: Part) -> str:
    if part.kind == "title":
        return "Title"
    if part.kind == "heading":
        return "Heading 2"
    if part.kind == "list_item":
        return "List Number" if part.marker else "List Bullet"
    return "Normal"


def german_page(doc: Document, targets: list[Target], title: str, draft: bool = False) -> tuple[str, Report]:
    """A self-contained German HTML page (no outside resource) of the release."""
    parts, report = german_parts(doc, targets, title, draft)
    body: list[str] = [f'<p class="draft">{_e(DRAFT_LINE)}</p>'] if draft else []
    items: list[str] = []
    for part in parts + [Part("end", "")]:
        if part.kind != "list_item" and items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items = []
        text = f"<mark>{_e(part.text)}</mark>" if part.draft else _e(part.text)
        if part.kind == "list_item":
            items.append(f"<li>{_e(part.marker) + ' ' if part.marker else ''}{text}</li>")
        elif part.kind != "end":
            tag = {"title": "h1", "heading": "h2"}.get(part.kind, "p")
            css = ' class="date"' if part.kind == "date" else ""
            body.append(f"<{tag}{css}>{text}</{tag}>")
    page = (f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>{_e(report.title)}</title>'
            f"<style>{PAGE_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
    return page, report


def write_html(doc: Document, out: Path, targets: list[Target], title: str, draft: bool = False) -> Report:
    page, report = german_page(doc, targets, title, draft)
    out.write_text(page, encoding="utf-8")
    return report


def _e(text: str) -> str:
    return html_escape.escape(text, quote=True)
