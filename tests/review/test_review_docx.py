"""The review DOCX as a working document: A4 landscape, grid widths equal to cell widths inside the
text area, rows that do not split, every run tagged with a language, honest core properties, an
Origin column; the sample's 24 segments on at most 4 pages when LibreOffice lays it out."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from pipeline.cli import main
from pipeline.config import reviewer_name
from pipeline.errors import InputError
from tests.pdftools import pdf_info, pdf_text
from tests.review.conftest import export
from tests.review.wordedit import libreoffice_convert, needs_libreoffice

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def exported(translated: Path, tmp_path: Path, capsys) -> Path:
    return export(tmp_path, capsys)


def test_page_and_grid(exported: Path) -> None:
    document = docx.Document(str(exported))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    text_area = section.page_width - section.left_margin - section.right_margin
    table = document.tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for row in table.rows:
        assert [int(cell.width.twips) for cell in row.cells] == grid
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert sum(grid) <= Cm(text_area / 360000).twips  # EMU → cm
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_every_run_has_a_language_and_origin_is_shown(exported: Path) -> None:
    document = docx.Document(str(exported))
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for row in document.tables[0].rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    untagged = [run.text for run in runs if run.text and (run._r.rPr is None or run._r.rPr.find(qn("w:lang")) is None)]
    assert untagged == []
    origins = {row.cells[2].text for row in document.tables[0].rows[1:]}
    assert origins == {"TM 100\u00a0%"}


def test_core_properties_tell_the_release_the_tool_and_today(exported: Path) -> None:
    props = docx.Document(str(exported)).core_properties
    assert props.author == "pipeline 0.1.0" and "python-docx" not in (props.comments or "")
    assert props.title.startswith("Review: La Région Hauts-de-France") and "sample.txt" in props.subject
    assert datetime.now(UTC) - props.created < timedelta(minutes=10)
    assert props.modified == props.created


@needs_libreoffice
def test_libreoffice_lays_the_sample_out_on_at_most_four_pages(exported: Path, tmp_path: Path) -> None:
    pdf = libreoffice_convert(exported, tmp_path, "pdf")
    info = pdf_info(pdf)
    assert 1 <= info["pages"] <= 4
    assert info["size"] == (841.9, 595.3)  # A4 landscape
    text = pdf_text(pdf)
    assert "Kooperationsabkom\n" not in text and "Kooperationsabkommen" in text


# ---- who approves ------------------------------------------------------------------------------
@pytest.fixture
def nobody(tmp_path: Path, monkeypatch) -> Path:
    """No --by, no PIPELINE_USER, no pipeline.toml, no git identity."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIPELINE_USER", raising=False)
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("USER", "pressoffice")
    monkeypatch.setenv("LOGNAME", "pressoffice")
    return tmp_path


def test_the_reviewer_is_named_never_the_login(nobody: Path) -> None:
    """Never the login name, nor the machine's git identity (it reached a partner on a shared machine)."""
    with pytest.raises(InputError, match="who is reviewing"):
        reviewer_name(None)
    (nobody / "gitconfig").write_text("[user]\n\tname = Git Person\n", encoding="utf-8")
    with pytest.raises(InputError, match="who is reviewing"):
        reviewer_name(None)
    (nobody / "pipeline.toml").write_text('[review]\nname = "Anna Weber"\n', encoding="utf-8")
    assert reviewer_name(None) == "Anna Weber"
    assert reviewer_name("Ben Krause") == "Ben Krause"


def test_import_without_a_name_says_how_to_give_one(nobody: Path, capsys) -> None:
    review = nobody / "r.docx"
    docx.Document().save(str(review))
    assert main(["review", "import", str(review)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: who is reviewing? give --by NAME") and "pressoffice" not in err
