"""Reading and rasterising PDFs in tests with pypdfium2 (a dependency already), so that `make test`
needs no poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) on a fresh machine."""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text of every page (or of page ``page``, counted from 1), lines ending in "\\n"."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        indices = [page - 1] if page else range(len(pdf))
        return "\f".join(pdf[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-") for i in indices)
    finally:
        pdf.close()


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdf_info(path: Path) -> dict[str, Any]:
    """Page count, first page size in points, whether the PDF is tagged, and its metadata."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return {"pages": len(pdf), "size": tuple(round(v, 1) for v in pdf.get_page_size(0)),
                "tagged": pdf.is_tagged(), "metadata": pdf.get_metadata_dict()}
    finally:
        pdf.close()


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Base font name → embedded, for every font drawn on any page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    fonts: dict[str, bool] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)):
                font = raw.FPDFTextObj_GetFont(obj.raw)
                length = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(length)
                raw.FPDFFont_GetBaseFontName(font, buffer, length)
                fonts[buffer.value.decode("latin-1")] = bool(raw.FPDFFont_GetIsEmbedded(font))
    finally:
        pdf.close()
    return fonts


def render_page(path: Path, page: int = 1, dpi: float = 40) -> Any:
    """Page ``page`` (from 1) as a PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page - 1].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
