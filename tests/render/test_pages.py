"""Pages as a partner reads them: a side-by-side row never leaves its French half on one page and its
German half on the next (rows stay whole; one taller than a page continues, both halves together), in
the PDF and in the DOCX as LibreOffice lays it out; titles, headings, names and months never hyphenated."""

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.render.briefing import build_briefing
from pipeline.render.docx import render_docx
from pipeline.render.pdf import SOFT_HYPHEN, briefing_html, hyphenated, render_pdf
from tests.pdftools import pdf_text
from tests.render.test_briefing import GLOSSARY, stored

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FR_WORDS = ("la commune prépare avec ses partenaires un programme de rencontres pour les écoles les "
            "associations sportives et les habitants qui souhaitent découvrir la ville jumelle").split()
DE_WORDS = ("die Gemeinde bereitet mit ihren Partnern ein Programm von Begegnungen für Schulen Sportvereine "
            "und Einwohner vor die die Partnerstadt kennenlernen möchten").split()
LENGTHS = [40, 180, 260, 120, 300, 90, 220, 1500, 160, 240, 70, 280, 200]  # words; one row taller than a page


def _paragraph(words: tuple[str, ...] | list[str], count: int, seed: int) -> str:
    chooser = random.Random(seed)
    return " ".join(chooser.choice(words) for _ in range(count))


def long_release() -> tuple[object, str]:
    texts = [("Des rencontres tout au long de l’année", "Begegnungen das ganze Jahr über")]
    for number, count in enumerate(LENGTHS, 1):
        fr = f"qqdebut{number:02d} {_paragraph(FR_WORDS, count, number)} qqfin{number:02d}."
        de = f"qqanfang{number:02d} {_paragraph(DE_WORDS, count, 100 + number)} qqende{number:02d}."
        texts.append((fr, de))
    return stored(texts)


def _page_of(pages: list[str], marker: str) -> int:
    found = [index for index, text in enumerate(pages) if marker in text.replace("\n", "").replace("-", "")]
    assert found, f"{marker} is on no page"
    return found[0]


def assert_rows_whole(pdf: Path) -> None:
    pages = pdf_text(pdf).split("\f")
    assert len(pages) >= 4
    for number, count in enumerate(LENGTHS, 1):
        start_fr, start_de = _page_of(pages, f"qqdebut{number:02d}"), _page_of(pages, f"qqanfang{number:02d}")
        end_fr, end_de = _page_of(pages, f"qqfin{number:02d}"), _page_of(pages, f"qqende{number:02d}")
        assert start_fr == start_de, f"row {number}: French starts on page {start_fr + 1}, German on {start_de + 1}"
        if count < 1000:  # fits on a page: whole
            assert (start_fr, start_de) == (end_fr, end_de), f"row {number} split across pages"
        else:  # taller than a page: both halves continue onto the next page
            assert end_fr > start_fr and end_de > start_de


def test_rows_stay_whole_in_the_pdf(tmp_path: Path) -> None:
    store, release = long_release()
    render_pdf(build_briefing(store, release, GLOSSARY, "Presse"), tmp_path / "long.pdf")
    assert_rows_whole(tmp_path / "long.pdf")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_rows_stay_whole_in_the_docx_as_libreoffice_lays_it_out(tmp_path: Path) -> None:
    store, release = long_release()
    render_docx(build_briefing(store, release, GLOSSARY, "Presse"), tmp_path / "long.docx")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "long.docx")], check=True, capture_output=True,
                   timeout=180)
    assert_rows_whole(tmp_path / "long.pdf")


@pytest.mark.parametrize(("text", "french", "expected"), [
    ("Rencontre à Francfort-sur-le-Main en septembre avec les associations.", True,
     "Rencontre à Francfort-sur-le-Main en septembre avec les asso·cia·tions."),
    ("Treffen in Frankfurt im September mit Partnerorganisationen.", False,
     "Tref·fen in Frankfurt im September mit Part·ner·or·ga·ni·sa·ti·o·nen."),
    ("Les Strasbourgeois accueillent les partenaires de Ludwigshafen.", True,
     "Les Strasbourgeois accueillent les par·te·naires de Ludwigshafen."),
])
def test_only_long_common_words_may_break(text: str, french: bool, expected: str) -> None:
    assert hyphenated(text, frozenset({"Frankfurt"}), french).replace(SOFT_HYPHEN, "·") == expected


def test_titles_and_headings_are_never_hyphenated() -> None:
    store, release = long_release()
    html = briefing_html([build_briefing(store, release, GLOSSARY, "Presse")])
    headings = re.findall(r"<h[13][^>]*>(.*?)</h[13]>", html, re.S)
    assert headings and not any(SOFT_HYPHEN in heading for heading in headings)
    assert SOFT_HYPHEN in html  # the body may break long common words
    assert 'class="nh"' not in html  # no inline markup around names: WeasyPrint breaks lines early around spans
