"""Characters of a text PDF with their position, size and weight, grouped into lines, through PDFium.

PDFium (pypdfium2: Apache-2.0/BSD) was chosen over pdfminer.six/pdfplumber (MIT) after measuring both
on tests/data/releases (see ``bench/run.py pdf``): the same lines and sizes, about 10× faster. It also
tells a hyphen that ends a line (U+002D, which PDFium reports as U+0002 with ``IsHyphen``) from the
U+2010 and U+00AD that typesetters insert when they break a word.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.limits import limits, refuse_larger_than
from pipeline.readers.files import read_bytes

LINE_END_HYPHEN = "\x02"  # what PDFium puts for a "-" that ends a line
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
FPDF_ERR_PASSWORD = 4
BULLET_SIZE = (2.0, 8.0)  # points: a drawn disc or square of a list item
GAP = 2.5  # type sizes of blank space that separate two texts on one baseline (a letterhead and a date)


@dataclass
class Line:
    """One printed line: its text, the box it fills (PDF points, y up) and its dominant font."""

    page: int
    text: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    bold: bool
    page_height: float
    page_width: float
    chars: int = 0

    @property
    def top(self) -> float:
        """Distance from the top of the page to the baseline."""
        return self.page_height - self.y


@dataclass
class _Run:
    chars: list[str] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    sizes: dict[tuple[float, bool], int] = field(default_factory=dict)


def read_lines(path: Path) -> list[list[Line]]:
    """Every page's lines in content order; InputError for anything that is not a readable text PDF."""
    # deferred: pypdfium2 loads only when this runs, not at start-up
    import pypdfium2 as pdfium

    data = read_bytes(path)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{path}: not a PDF file; export the release as PDF again")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == FPDF_ERR_PASSWORD:
            raise InputError(f"{path}: password-protected PDF; save an unprotected copy") from exc
        raise InputError(f"{path}: corrupt or unreadable PDF ({exc}); export it again") from exc
    try:
        refuse_larger_than(path, len(pdf), limits().pdf_pages, "pdf_pages", "pages")
        return [_page_lines(pdf, index) for index in range(len(pdf))]
    finally:
        pdf.close()


def _page_lines(pdf: Any, index: int) -> list[Line]:
    # deferred: pypdfium2 loads only when this runs, not at start-up
    import pypdfium2.raw as raw

    page = pdf[index]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        fonts: dict[int, tuple[float, bool]] = {}
        x, y = ctypes.c_double(), ctypes.c_double()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        runs: list[_Run] = []
        run = _Run()
        for i in range(count):
            char = chr(raw.FPDFText_GetUnicode(handle, i))
            if char in "\r\n":
                run = _close(run, runs)
                continue
            if raw.FPDFText_IsGenerated(handle, i) and char == " ":
                if run.chars:
                    run.chars.append(" ")
                continue
            raw.FPDFText_GetCharOrigin(handle, i, x, y)
            font = _font_of(raw, handle, i, fonts)
            raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
            if run.chars and (abs(y.value - run.y) > max(font[0], 1.0) * 0.5
                              or left.value - run.x1 > GAP * max(font[0], 1.0)):
                run = _close(run, runs)  # a new line, or text far to the right on the same baseline
            if not run.chars:
                run.x0, run.y = x.value, y.value
            run.x1 = max(run.x1, right.value, x.value)
            run.chars.append(char)
            if not char.isspace():
                run.sizes[font] = run.sizes.get(font, 0) + 1
        _close(run, runs)
        drawn = _drawn_bullets(page, index, width, height)
    finally:
        textpage.close()
        page.close()
    return [_line(index, r, width, height) for r in runs if "".join(r.chars).strip()] + drawn


def _drawn_bullets(page: Any, index: int, width: float, height: float) -> list[Line]:
    """List bullets drawn as small filled shapes rather than glyphs (Chromium's "Save as PDF"), as "•"
    lines for the reader to attach to the text beside them."""
    # deferred: pypdfium2 loads only when this runs, not at start-up
    import pypdfium2.raw as raw

    bullets = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if BULLET_SIZE[0] <= w <= BULLET_SIZE[1] and BULLET_SIZE[0] <= h <= BULLET_SIZE[1] and abs(w - h) < 1.5:
            bullets.append(Line(index, "•", left, right, bottom, 0.0, False, height, width, 0))
    return bullets


def _close(run: _Run, runs: list[_Run]) -> _Run:
    if run.chars:
        runs.append(run)
    return _Run()


def _line(page: int, run: _Run, width: float, height: float) -> Line:
    (size, bold), _ = max(run.sizes.items(), key=lambda item: item[1]) if run.sizes else ((0.0, False), 0)
    bold_chars = sum(n for (_, b), n in run.sizes.items() if b)
    total = sum(run.sizes.values())
    text = "".join(run.chars).rstrip()
    return Line(page, text, run.x0, run.x1, run.y, round(size, 1), total > 0 and bold_chars * 2 > total,
                height, width, total)


def _font_of(raw: Any, handle: Any, i: int, fonts: dict[int, tuple[float, bool]]) -> tuple[float, bool]:
    """(size, bold) of the character's text object, read once per object."""
    obj = raw.FPDFText_GetTextObject(handle, i)
    key = ctypes.cast(obj, ctypes.c_void_p).value or 0
    if key not in fonts:
        size = raw.FPDFText_GetFontSize(handle, i)
        font = raw.FPDFTextObj_GetFont(obj)
        weight = raw.FPDFFont_GetWeight(font) if font else -1
        fonts[key] = (round(size, 1), weight >= 600 or bool(BOLD_NAME.search(_font_name(raw, font))))
    return fonts[key]


def _font_name(raw: Any, font: Any) -> str:
    if not font:
        return ""
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("latin-1", "replace")
