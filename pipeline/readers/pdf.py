"""Text PDFs: lines from the page layout, paragraphs from vertical gaps, hyphenated words rejoined."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from pipeline.errors import InputError
from pipeline.readers.base import RawDocument
from pipeline.readers.files import limits, read_bytes, refuse_larger_than
from pipeline.readers.layout import parse_lines

HYPHENATED_END = re.compile(r"(\w)[-\u00ad]$")


@dataclass
class Line:
    y: float
    size: float
    text: str


class PdfReader:
    format = "pdf"

    def read(self, path: Path) -> RawDocument:
        pages = _page_lines(path)
        text = "\n\n".join(_paragraphs(lines) for lines in pages if lines)
        if not text.strip():
            raise InputError(f"{path}: no text layer (a scanned PDF?); run OCR on it first")
        return parse_lines(text)


def _page_lines(path: Path) -> list[list[Line]]:
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    data = read_bytes(path)
    if not data.startswith(b"%PDF"):
        raise InputError(f"{path}: not a PDF file; export the release as PDF again")
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone does not stop reading
            raise InputError(f"{path}: password-protected PDF; save an unprotected copy")
        refuse_larger_than(path, len(reader.pages), limits().pdf_pages, "pdf_pages", "pages")
        return [_lines_of(page) for page in reader.pages]
    except (PdfReadError, DependencyError) as exc:
        raise InputError(f"{path}: corrupt or unreadable PDF ({exc}); export it again") from exc


def _lines_of(page: object) -> list[Line]:
    runs: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            y = tm[5] * cm[3] + cm[5]
            runs.append(Line(round(y, 1), abs(size * tm[3] * cm[3]) or size, text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[Line] = []
    for run in runs:
        if lines and abs(lines[-1].y - run.y) < 1.0:
            lines[-1].text += run.text
        else:
            lines.append(Line(run.y, run.size, run.text))
    for line in lines:
        line.text = line.text.replace("\n", " ").strip()
    return [line for line in lines if line.text]


def _paragraphs(lines: list[Line]) -> str:
    """Join lines; a blank line where the gap to the next line is larger than usual."""
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y > b.y]
    usual = median(gaps) if gaps else 0.0
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line.text)
        if i + 1 == len(lines):
            break
        gap = line.y - lines[i + 1].y
        if gap > usual * 1.35 or gap < 0:
            out.append("")
    return _rejoin_hyphens(out)


def _rejoin_hyphens(lines: list[str]) -> str:
    """'régio-' + 'nales' → 'régionales'; 'Nord-' + 'Westphalie' keeps its hyphen."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous and line and HYPHENATED_END.search(previous):
            if line[0].islower():
                joined[-1] = previous[:-1] + line
            else:
                joined[-1] = previous + line
            continue
        joined.append(line)
    return "\n".join(joined)
