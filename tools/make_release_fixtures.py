"""Build the binary fixture releases in tests/data/releases/ from their sources in src/.

    .venv/bin/python tools/make_release_fixtures.py

- ``src/NAME.docx.txt`` (one paragraph a line, see the markup in the files) → ``NAME.docx`` via python-docx;
  for names listed in LIBREOFFICE_PDF, also ``NAME.pdf`` exported by LibreOffice (`soffice`), the way press
  offices export from Word.
- ``src/NAME.html`` (print CSS) → ``NAME.pdf`` via WeasyPrint; names in CHROMIUM_PDF are printed by Chromium
  instead (Playwright driving Debian's ``chromium``), with the browser's own header and footer (date, page
  title, address, "1/2"), as someone saving a web page as PDF gets them.

The outputs are committed: tests read them and never need LibreOffice. Run again after editing a source.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "releases"
SRC = HERE / "src"
STYLES = {"T": "Title", "H": "Heading 1", "P": "Normal", "B": "List Bullet", "N": "List Number", "BIG": "Normal"}
# DOCX sources whose LibreOffice PDF export is a fixture of its own (docx name → pdf name).
LIBREOFFICE_PDF = {"d01_word_styles": "p04_lo_styles", "d02_direct_format": "p05_lo_direct",
                   "p06_lo_long": "p06_lo_long"}
DOCX_FIXTURES = {"d01_word_styles", "d02_direct_format"}
CHROMIUM_PDF = {"p07_chromium_print"}


def add_field(paragraph, name: str) -> None:
    run = paragraph.add_run()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {name} ")
    paragraph._p.append(field)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    del run


def write_with_fields(paragraph, text: str) -> None:
    for i, part in enumerate(text.replace("{NUMPAGES}", "{PAGE:NUMPAGES}").split("{PAGE")):
        if i:
            name, _, part = part.partition("}")
            add_field(paragraph, "NUMPAGES" if name == ":NUMPAGES" else "PAGE")
        if part:
            paragraph.add_run(part)


def build_docx(source: Path, target: Path) -> None:
    document = Document()
    section = document.sections[0]
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, text = line.partition(": ")
        text = text.replace("{SHY}", "\u00ad")
        if key in ("HEADER", "FOOTER"):
            part = section.header if key == "HEADER" else section.footer
            write_with_fields(part.paragraphs[0], text)
            continue
        paragraph = document.add_paragraph(text, style=STYLES[key])
        if key == "BIG":
            for run in paragraph.runs:
                run.bold = True
                run.font.size = Pt(16)
    document.core_properties.title = ""
    document.core_properties.author = "Service de presse"
    document.save(target)


def export_pdf(docx: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(docx)], check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), target)


def print_with_chromium(source: Path, target: Path) -> None:
    """What "Print → Save as PDF" gives, headers and footers on (the page is served from a file URL
    made to look like the office's site in the footer)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(source.as_uri())
        footer = ('<div style="font-size:8px;width:100%;margin:0 10mm;display:flex;justify-content:space-between">'
                  '<span>https://www.region-exemple.fr/actualites/dechets-wallonie</span>'
                  '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>')
        header = ('<div style="font-size:8px;width:100%;margin:0 10mm;display:flex;justify-content:space-between">'
                  '<span>21/03/2023 15:42</span><span class="title"></span></div>')
        page.pdf(path=str(target), format="A4", display_header_footer=True, header_template=header,
                 footer_template=footer, margin={"top": "18mm", "bottom": "18mm", "left": "12mm", "right": "12mm"})
        browser.close()


def main() -> int:
    from weasyprint import HTML

    for source in sorted(SRC.glob("*.docx.txt")):
        name = source.name.removesuffix(".docx.txt")
        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / f"{name}.docx"
            build_docx(source, docx)
            if name in DOCX_FIXTURES:
                shutil.copy(docx, HERE / f"{name}.docx")
            if name in LIBREOFFICE_PDF:
                export_pdf(docx, HERE / f"{LIBREOFFICE_PDF[name]}.pdf")
    for source in sorted(SRC.glob("*.html")):
        if source.stem in CHROMIUM_PDF:
            print_with_chromium(source, HERE / f"{source.stem}.pdf")
        else:
            HTML(filename=str(source)).write_pdf(HERE / f"{source.stem}.pdf")
    print(f"fixtures written to {HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
