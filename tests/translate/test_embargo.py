"""A release under embargo never reaches an online engine before its time, unless the user overrides
it (and the override is recorded); its briefings say so on the first line and on every page."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.readers import read_document
from pipeline.render.briefing import build_briefing
from pipeline.review.store import ReviewStore
from pipeline.translate.embargo import embargo_words, online_engines, under_embargo
from tests.pdftools import pdf_text

FUTURE = """Sous embargo jusqu'au 12 mars 2099 à 10 h

La Région ouvre un bureau commun avec la Sarre
Publié le 10/03/2099

La Région et la Sarre ouvrent un bureau commun à Sarrebruck. Il accueillera les entreprises des deux pays.
"""


@pytest.fixture
def embargoed(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.txt"
    path.write_text(FUTURE, encoding="utf-8")
    return path


def test_the_embargo_is_read_as_a_moment_in_paris_time(embargoed: Path) -> None:
    doc = read_document(embargoed)
    assert doc.embargo == "2099-03-12T10:00:00+01:00"
    assert under_embargo(doc) and not under_embargo(doc, datetime(2099, 3, 12, 9, 0, 1, tzinfo=UTC))
    assert embargo_words(doc.embargo) == ("12 mars 2099 à 10 h 00", "12. März 2099, 10:00 Uhr")


def test_online_engines_are_those_that_send_text_away(monkeypatch) -> None:
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LLM_MODEL", "tiny")
    assert online_engines(["memory", "local", "libre", "deepl", "google", "llm"]) == ["libre", "deepl", "google"]


def test_an_online_engine_is_refused_with_one_line(embargoed: Path, libre, capsys) -> None:
    assert main(["translate", str(embargoed), "--engine", "libre"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error: bureau.txt is under embargo until 12 mars 2099 à 10 h 00") and "--ignore-embargo" in err
    assert libre.sources == []  # nothing left the machine


def test_the_override_is_recorded(embargoed: Path, libre, monkeypatch) -> None:
    monkeypatch.setenv("PIPELINE_USER", "Claire Martin")
    assert main(["translate", str(embargoed), "--engine", "libre", "--ignore-embargo"]) == 0
    assert libre.sources
    [override] = ReviewStore().overrides("bureau.txt")
    assert override["kind"] == "embargo" and override["author"] == "Claire Martin"
    assert override["detail"] == "2099-03-12T10:00:00+01:00 sent to libre"


def test_offline_engines_may_translate_under_embargo(embargoed: Path, capsys) -> None:
    main(["translate", str(embargoed), "--engine", "memory"])  # no model here: nothing translated, no refusal
    assert "embargo" not in capsys.readouterr().err
    assert ReviewStore().overrides("bureau.txt") == []


def test_briefings_carry_the_embargo_until_it_ends(embargoed: Path, tmp_path: Path, libre) -> None:
    from pipeline.render.docx import render_docx
    from pipeline.render.pdf import render_pdf

    assert main(["translate", str(embargoed), "--engine", "libre", "--ignore-embargo"]) == 0
    store, glossary = ReviewStore(), load_glossary(Path("glossary.csv") if Path("glossary.csv").exists() else None)
    briefing = build_briefing(store, "bureau.txt", glossary, "Presse")
    banner = "SOUS EMBARGO jusqu'au 12 mars 2099 à 10 h 00 / SPERRFRIST bis 12. März 2099, 10:00 Uhr"
    assert briefing.banners[0] == banner
    render_pdf(briefing, tmp_path / "b.pdf")
    pages = pdf_text(tmp_path / "b.pdf").split("\f")
    assert all("SOUS EMBARGO jusqu'au 12 mars 2099" in page.replace("\n", " ") for page in pages)
    render_docx(briefing, tmp_path / "b.docx")
    import docx

    document = docx.Document(str(tmp_path / "b.docx"))
    assert document.paragraphs[0].text == banner
    assert banner in [p.text for p in document.sections[0].header.paragraphs]
    after = build_briefing(store, "bureau.txt", glossary, "Presse", now=datetime(2099, 3, 12, 9, 30, tzinfo=UTC))
    assert not any("EMBARGO" in line for line in after.banners)


UNDATED_NOTICES = [
    "Sous embargo jusqu'à nouvel ordre",
    "EMBARGO",
    "Embargo : 12 mars",  # a date without its year
    "Embargoed until 12 March 2099, 10am",
    "SPERRFRIST: bitte erst nach Freigabe veröffentlichen",
]


@pytest.mark.parametrize("notice", UNDATED_NOTICES)
def test_an_embargo_that_cannot_be_dated_fails_closed(notice: str, tmp_path: Path, libre, capsys) -> None:
    """Any line that speaks of an embargo and gives no readable date puts the release under embargo with
    no end: online engines refused, the reason given, the banner without a date."""
    path = tmp_path / "sans-date.txt"
    path.write_text(f"La Région ouvre un bureau commun avec la Sarre\n\n{notice}\n\nLa Région et la Sarre ouvrent "
                    "un bureau commun à Sarrebruck. Il accueillera les entreprises des deux pays.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.embargo == "undated" and under_embargo(doc) and notice not in " ".join(b.text for b in doc.blocks)
    assert any("no date this reader can read" in reason for reason in doc.dropped_reasons)
    assert main(["translate", str(path), "--engine", "libre"]) == 1
    err = capsys.readouterr().err
    assert "under embargo with no end date" in err and err.count("\n") == 1 and libre.sources == []
    store = ReviewStore()
    store.sync_document(doc)
    briefing = build_briefing(store, store.sync_document(doc), load_glossary(None), "Office")
    assert briefing.banners[0] == "SOUS EMBARGO, sans date de fin / SPERRFRIST, ohne Enddatum"


def test_an_embargo_in_a_sentence_is_read_and_the_sentence_kept(tmp_path: Path) -> None:
    path = tmp_path / "phrase.txt"
    path.write_text("La Région ouvre un bureau commun\n\nCommuniqué sous embargo jusqu'au 12 mars 2099 : la Région et la "
                    "Sarre ouvrent un bureau commun à Sarrebruck.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.embargo == "2099-03-12T00:00:00+01:00" and "Communiqué sous embargo" in doc.blocks[1].text


def test_a_sentence_about_a_trade_embargo_is_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "commerce.txt"
    path.write_text("La Région soutient ses agriculteurs\n\nLa Région regrette l'embargo sur les produits agricoles, qui "
                    "pèse depuis des années sur les exportations des exploitations de la région.\n", encoding="utf-8")
    assert read_document(path).embargo is None
