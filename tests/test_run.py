"""`pipeline run` end to end on the sample: DOCX and PDF reopened and checked as a reader would."""

import shutil
from pathlib import Path

import docx
import pytest

from pipeline.cli import main
from pipeline.render.briefing import UNREVIEWED_MARK
from pipeline.word.formatting import run_languages
from tests.conftest import SAMPLE
from tests.pdftools import pdf_fonts, pdf_info, pdf_text, render_page

REPO = Path(__file__).resolve().parents[1]
STEM = "2021-07-09_la-region-hauts-de-france-et-la-rhenanie-du-nord-westphalie"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PIPELINE_HOME", str(home))
        mp.chdir(REPO)
        assert main(["run", "sources/2021-07-09_hauts-de-france-nrw.txt", "--out", str(out)]) == 0
    return out


def test_file_names_from_date_and_title(outputs: Path) -> None:
    assert sorted(p.name for p in outputs.iterdir()) == [f"{STEM}.docx", f"{STEM}.pdf"]


def test_docx_texts_styles_languages_and_draft(outputs: Path) -> None:
    document = docx.Document(str(outputs / f"{STEM}.docx"))
    paragraphs = document.paragraphs
    assert paragraphs[0].text == UNREVIEWED_MARK
    assert UNREVIEWED_MARK in [p.text for p in document.sections[0].header.paragraphs]
    title = next(p for p in paragraphs if p.style.name == "Title")
    assert title.text.startswith("La Région Hauts-de-France") and run_languages(title) == {"fr-FR"}
    subtitle = next(p for p in paragraphs if p.style.name == "Subtitle")
    assert subtitle.text.startswith("[TM] Die Region Hauts-de-France") and run_languages(subtitle) == {"de-DE"}
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert {"Points clés / Kernpunkte", "Texte / Text", "Annexe / Anhang"} <= set(headings)
    body = document.tables[1]
    assert [c.text for c in body.rows[0].cells] == ["Français", "Deutsch"]
    assert "tblHeader" in body.rows[0]._tr.xml
    kinds = [row.cells[0].paragraphs[0].style.name for row in body.rows[1:]]
    assert kinds.count("List Bullet") == 7 and "Heading 2" in kinds
    for row in body.rows[1:]:
        assert run_languages(row.cells[0].paragraphs[0]) == {"fr-FR"}
        assert run_languages(row.cells[1].paragraphs[0]) == {"de-DE"}
    assert "[TM]" in body.rows[2].cells[1].text  # not approved: visibly marked
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_pdf_both_languages_page_numbers_and_draft_on_every_page(outputs: Path) -> None:
    pdf = outputs / f"{STEM}.pdf"
    text = pdf_text(pdf)
    assert "Rhénanie-du-Nord-Westphalie" in text and "Nordrhein-Westfalen" in text
    info = pdf_info(pdf)
    pages = info["pages"]
    assert info["tagged"] and pages >= 2
    for page in range(1, pages + 1):
        page_text = " ".join(pdf_text(pdf, page).split())
        assert UNREVIEWED_MARK in page_text and f"page {page} / {pages}" in page_text
    assert "Briefing FR | DE" in pdf_text(pdf, 1)
    fonts = pdf_fonts(pdf)
    assert any("DejaVu" in name for name in fonts) and all(fonts.values())


def test_pdf_first_page_is_not_blank(outputs: Path, tmp_path: Path) -> None:
    from PIL import ImageStat

    image = render_page(outputs / f"{STEM}.pdf", 1).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20


def test_rerun_is_quiet_and_atomic(outputs: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    shutil.copytree(outputs, tmp_path / "out")
    import pipeline.render.pdf as pdf

    def broken(html: str, fetcher=None) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    before = (tmp_path / "out" / f"{STEM}.pdf").read_bytes()
    code = main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--format", "pdf"])
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{STEM}.docx", f"{STEM}.pdf"]
    assert (tmp_path / "out" / f"{STEM}.pdf").read_bytes() == before


def test_incomplete_release_exits_1_after_writing_everything(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(REPO)
    other = tmp_path / "2024-02-02_autre.txt"
    other.write_text("Une autre visite\n\nPublié le 2 février 2024\n\nLa Région a signé un accord inédit.\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(SAMPLE), str(other), "--out", str(out), "--digest", "--format", "docx"])
    captured = capsys.readouterr()
    assert code == 1 and "1 of 2 release(s) not complete: 1 not fully translated" in captured.err
    assert "(local: no fr→de" in captured.err  # the cause, engine by engine, not "see 'pipeline engines'"
    digest = list(out.glob("*_digest.docx"))
    assert len(digest) == 1
    text = "\n".join(p.text for p in docx.Document(str(digest[0])).paragraphs)
    assert text.index("2024-02-02 · Une autre visite") < text.index("2021-07-09 · La Région Hauts-de-France")
    body = "\n".join(c.text for t in docx.Document(str(digest[0])).tables for r in t.rows for c in r.cells)
    assert "[fehlt] nicht übersetzt" in body


def test_releases_differing_only_in_suffix_or_spelling_stay_apart(tmp_path: Path, monkeypatch, capsys) -> None:
    """aix.txt / aix.md and "Région Grand Est" / "Région Grand-Est": four releases in the store, the review
    files, the summary and the output names; running the others never touches one's approvals."""
    shutil.copy(REPO / "glossary.csv", tmp_path)
    shutil.copytree(REPO / "memory", tmp_path / "memory")
    names = ["aix.txt", "aix.md", "Région Grand Est.txt", "Région Grand-Est.txt"]
    (tmp_path / "sources").mkdir()
    for name in names:
        shutil.copy(SAMPLE, tmp_path / "sources" / name)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--format", "docx"]) == 0
    review = tmp_path / "aix-md.docx"
    assert main(["review", "export", "sources/aix.md", "--out", str(review)]) == 0
    document = docx.Document(str(review))
    for row in document.tables[0].rows[1:]:
        row.cells[1].text = "freigegeben"
    document.save(str(review))
    assert main(["review", "import", str(review), "--by", "anna"]) == 0
    capsys.readouterr()
    assert main(["run", "--format", "docx"]) == 0
    summary = capsys.readouterr().out
    for name in names:
        assert name in summary
    assert next(line for line in summary.splitlines() if line.startswith("aix.md ")).split()[1:3] == ["24", "24"]
    from pipeline.review.store import ReviewStore

    store = ReviewStore()
    assert {n: store.status_counts(n)["approved"] for n in names} == {
        "aix.txt": 0, "aix.md": 24, "Région Grand Est.txt": 0, "Région Grand-Est.txt": 0}
    written = sorted(p.name for p in (tmp_path / "outputs").iterdir())
    assert len(written) == 4 and written[0] == f"{STEM}-2.docx" and f"{STEM}.docx" in written


def test_the_summary_shows_whole_names_and_every_file() -> None:
    from pipeline.run import ReleaseOutcome, summary_lines

    long_name = "Communiqué de la Région Grand Est sur la coopération transfrontalière avec le Bade-Wurtemberg.pdf"
    done = ReleaseOutcome(long_name, long_name, 12, {"translated": 12}, 0, 1,
                          ["outputs/2024-01-01_a.docx", "outputs/2024-01-01_a.pdf"])
    failed = ReleaseOutcome("sources/x.docx", "x.docx", 3, {"translated": 3}, error="x.pdf: could not be written")
    lines = summary_lines([done, failed])
    assert "".join(line[:42].strip() + " " for line in lines[2:5]).split() == long_name.split()
    assert lines[2].endswith("2024-01-01_a.docx") and lines[3].endswith("2024-01-01_a.pdf")
    assert any(line.endswith("error: x.pdf: could not be written") for line in lines)


def test_a_title_longer_than_word_allows_is_cut_in_the_properties(tmp_path: Path) -> None:
    from pipeline.render.docx import word_property

    title = "La Région " + "et ses partenaires " * 20
    assert len(word_property(title)) <= 255 and word_property(title).endswith("…")
    assert word_property("Court") == "Court"


def test_a_renderer_failure_is_one_line_and_the_other_files_are_written(tmp_path: Path, monkeypatch) -> None:
    import pipeline.run as runner

    def broken(briefings, out, title=None):
        raise ValueError("exceeds 255 characters")

    real = runner.renderer
    monkeypatch.setattr(runner, "renderer", lambda fmt: broken if fmt == "docx" else real(fmt))
    from pipeline.glossary import load_glossary

    monkeypatch.chdir(REPO)
    outcomes = runner.run_releases([SAMPLE], load_glossary(None), ["memory"], tmp_path, ["docx", "pdf"], False,
                                   "Presse", workers=1)
    assert outcomes[0].error.startswith(f"{STEM}.docx: could not be written (ValueError: exceeds 255")
    assert [Path(f).name for f in outcomes[0].files] == [f"{STEM}.pdf"]


def test_an_unchanged_briefing_is_not_written_again_but_a_missing_one_is(tmp_path: Path, monkeypatch) -> None:
    from pipeline.glossary import load_glossary
    from pipeline.run import run_releases

    monkeypatch.chdir(REPO)

    def run() -> None:
        run_releases([SAMPLE], load_glossary(None), ["memory"], tmp_path, ["docx", "pdf"], False, "Presse", workers=1)

    run()
    pdf, docx_file = tmp_path / f"{STEM}.pdf", tmp_path / f"{STEM}.docx"
    written = pdf.stat().st_mtime_ns
    run()
    assert pdf.stat().st_mtime_ns == written
    docx_file.unlink()
    run()
    assert docx_file.exists() and pdf.stat().st_mtime_ns == written


def test_run_takes_a_folder_and_without_an_office_name_invents_none(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "communiques"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.txt")
    (folder / "b.txt").write_text("Une autre visite\n\nPublié le 2 février 2024\n\nLa Région a signé un accord.\n",
                                  encoding="utf-8")
    main(["run", str(folder), "--engine", "memory", "--format", "docx", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "set it in pipeline.toml" in err
    written = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert len(written) == 2
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / written[0])).paragraphs)
    assert "Région Hauts-de-France ·" not in text.split("\n")[0] and "Service presse" not in text
    main(["run", str(folder), "--engine", "memory", "--format", "docx", "--out", str(tmp_path / "out")])
    assert "set it in pipeline.toml" not in capsys.readouterr().err  # said once
