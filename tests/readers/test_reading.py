"""Reading releases from sites never seen: the frame (headline, what is set aside), dates in their
forms, lists, glued headings, German blocks, Word tables — on fixtures written for each structure
(``tests/data/reading/``), and on the real corpus (``../shared/corpus/``) where it is present."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.readers import read_document
from tests.readers.conservation import missing
from tests.readers.corpus import CORPUS, annotations, half_of, headline_right, rate, score_all

DATA = Path(__file__).resolve().parents[1] / "data"
READING = DATA / "reading"

# file → (title, published, updated, dateline, texts that must be set aside, texts that must stay)
CASES = {
    "site_top.txt": ("Une nouvelle navette fluviale relie les deux rives du Rhin dès le printemps", "2025-03-04", None,
                     None, ["Bienvenue sur le portail", "FR | DE | EN", "Accueil > Actualités", "Créer un compte",
                            "Économie", "Partager sur Mastodon", "Un nouveau parking relais"],
                     ["La communauté d'agglomération", "Les billets sont valables"]),
    "long_headline.txt": (None, "2023-01-22", None, "Paris, 22 janvier 2023", ["Discours et déclarations"],
                          ["Ils ont annoncé un programme commun"]),
    "dates_forms.txt": ("Le conseil départemental vote son budget pour l'année prochaine", "2025-01-25", None, None,
                        ["25.01.2025 - Communiqué"], ["un budget « de responsabilité »"]),
    "pub_update.txt": ("Travaux de nuit sur la ligne de tramway B", "2025-03-03", "2025-03-05", None,
                       ["Publié le 3 mars 2025 | Mis à jour le 5 mars 2025"], ["Des bus de substitution"]),
    "date_in_lead.txt": ("Épisode de pollution à l'ozone dans le département", "2024-07-12", None, None, [],
                         ["Communiqué de la préfecture du 12 juillet 2024 : en raison"]),
    "list_and_glued.txt": ("La région renforce son aide aux apprentis", None, None, None, [],
                           ["Ces mesures entrent en vigueur", "Dans chaque lycée professionnel"]),
    "bilingual.txt": ("Deux villes jumelles relancent leurs échanges scolaires", "2025-03-04", None,
                      "Strasbourg, le 4 mars 2025", [], ["Die Bürgermeister der beiden Städte"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_releases_are_framed(name: str) -> None:
    title, published, updated, dateline, set_aside, kept = CASES[name]
    doc = read_document(READING / name)
    if title is None:  # the long headline: over 300 characters, still the headline
        assert doc.title and len(doc.title) > 300 and doc.title.startswith("Déclaration commune")
    else:
        assert doc.title == title
    assert (doc.published, doc.updated, doc.dateline) == (published, updated, dateline)
    body = " ".join(block.text for block in doc.blocks)
    for text in set_aside:
        assert text not in body and any(text in dropped for dropped in doc.dropped), text
    for text in kept:
        assert text in body, text
    assert len(doc.dropped_reasons) == len(doc.dropped) and all(doc.dropped_reasons)


def test_a_list_item_ends_with_its_line_and_a_glued_heading_is_split() -> None:
    doc = read_document(READING / "list_and_glued.txt")
    kinds = [(b.kind, b.text[:25]) for b in doc.blocks]
    assert kinds[2:] == [("list_item", "une aide au premier équip"), ("list_item", "la gratuité des transport"),
                         ("paragraph", "Ces mesures entrent en vi"), ("heading", "Les modalités"),
                         ("paragraph", "Dans chaque lycée profess")]


def test_german_blocks_are_marked_and_a_german_date_is_no_list_number() -> None:
    doc = read_document(READING / "bilingual.txt")
    german = [b for b in doc.blocks if b.language == "de"]
    assert [b.text[:20] for b in german] == ["11. März 2025", "Die Bürgermeister de", "Das Programm wird vo"]
    assert all(b.kind != "list_item" and b.marker is None for b in doc.blocks)
    assert all(b.language is None for b in doc.blocks if b.text.startswith(("Les maires", "Le programme")))


def test_german_blocks_are_kept_as_they_are_never_translated() -> None:
    from pipeline.glossary import load_glossary
    from pipeline.run import KEPT_GERMAN, process

    doc = read_document(READING / "bilingual.txt")
    done = process(doc, load_glossary(None), ["memory"])
    rows = {row["id"]: row for row in done.store.segments(done.release)}
    for block in doc.blocks:
        for segment in block.segments:
            row = rows[segment.id]
            if block.language == "de":
                assert (row["target"], row["origin"]) == (segment.text, KEPT_GERMAN)
            else:
                assert row["origin"] != KEPT_GERMAN
    from pipeline.render.briefing import build_briefing

    briefing = build_briefing(done.store, done.release, load_glossary(None), "Office")
    facts = " ".join(str(fact) for fact in (*briefing.people, *briefing.organisations, *briefing.figures))
    assert "Dienstag" not in facts and "Bürgermeister" not in facts  # German paragraphs feed no French facts


def _label_value_table(path: Path, merge: str | None = None) -> Path:
    document = docx.Document()
    document.add_paragraph("La métropole ouvre un guichet unique pour les frontaliers", style="Title")
    document.add_paragraph("Un guichet unique accueillera dès lundi les travailleurs frontaliers et leurs familles.")
    table = document.add_table(rows=3, cols=2)
    pairs = [("Adresse", "Place de la Gare"), ("Horaires", "Du lundi au vendredi"), ("Téléphone", "Accueil général")]
    for row, (label, value) in zip(table.rows, pairs, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    if merge == "across":
        table.cell(2, 0).merge(table.cell(2, 1))
    elif merge == "down":
        table.cell(0, 0).merge(table.cell(1, 0))
    document.add_paragraph("Le guichet est financé par les deux pays pendant trois ans.")
    document.save(str(path))
    return path


@pytest.mark.parametrize("merge", [None, "across", "down"])
def test_every_cell_of_a_word_table_is_read_once(tmp_path: Path, merge: str | None) -> None:
    """Python reuses the id() of freed objects: cells must never be told apart by it."""
    path = _label_value_table(tmp_path / "table.docx", merge)
    doc = read_document(path)
    texts = [b.text for b in doc.blocks] + doc.dropped
    for word in ("Adresse", "Place de la Gare", "Horaires", "Du lundi au vendredi", "Téléphone", "Accueil général"):
        assert sum(word in text for text in texts) == 1, word
    assert not missing(path, doc)


def _headed(path: Path, *parts: tuple[int, str] | str) -> Path:
    """A Word file of headings ((level, text); level 0 is Title) and paragraphs (text)."""
    document = docx.Document()
    for part in parts:
        if isinstance(part, tuple):
            document.add_heading(part[1], level=part[0])
        else:
            document.add_paragraph(part)
    document.save(str(path))
    return path


def test_without_a_title_style_the_first_heading_1_is_the_headline(tmp_path: Path) -> None:
    doc = read_document(_headed(tmp_path / "h1.docx", (1, "Le département rénove trois collèges pendant l'été"),
                                "Les travaux commenceront dès la fin des cours et dureront huit semaines.",
                                (2, "Le calendrier"), "Chaque collège restera accessible aux équipes pendant les travaux."))
    assert doc.title == "Le département rénove trois collèges pendant l'été"
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "heading", "paragraph"]


FIXTURES = sorted(p for folder in (DATA / "releases", READING) for p in folder.glob("*.*") if p.suffix != ".json")
FIXTURES += [DATA / "sample.txt", DATA / "release.html", DATA / "glued_date.txt", DATA / "wrapped.txt"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_no_text_of_a_fixture_vanishes(path: Path) -> None:
    """Characters in = characters kept + characters set aside (with their reason), whitespace aside."""
    doc = read_document(path)
    assert not missing(path, doc)
    assert len(doc.dropped_reasons) == len(doc.dropped)


CORPUS_FILES = sorted(annotations()) or ["(absent)"]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_no_text_of_a_corpus_file_vanishes(name: str) -> None:
    if name == "(absent)":
        pytest.skip(f"no corpus at {CORPUS}")
    doc = read_document(CORPUS / name, lang="fr")
    assert not missing(CORPUS / name, doc)


# Measured floors per half, so that reading never slides back (share right; for furniture and meta
# lines, the share set aside). The aims of issue 20 are: headline 95 %, published 95 %, dateline 90 %,
# furniture and meta lines left at most 2 %, body lost 0; half b's headline (92 %) and both halves'
# furniture (92 % and 94 % set aside) are below them.
FLOORS = {
    "a": {"headline": 0.97, "published": 0.95, "dateline": 0.95, "furniture": 0.90, "meta": 0.95, "body": 1.0},
    "b": {"headline": 0.88, "published": 0.92, "dateline": 0.90, "furniture": 0.92, "meta": 0.95, "body": 1.0},
}


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_corpus_reading_holds_its_measured_floor(half: str) -> None:
    if not annotations(half):
        pytest.skip(f"no corpus at {CORPUS}")
    scores = [s for s in score_all(half) if half_of(s.name) == half]
    right, total = headline_right(scores)
    measured = {"headline": right / total}
    for key in ("published", "dateline", "furniture", "meta", "body"):
        ok, count = rate(scores, key)
        measured[key] = ok / count if count else 1.0
    low = {key: round(value, 3) for key, value in measured.items() if value < FLOORS[half][key]}
    assert not low, f"half {half} below its floor: {low} (floors {FLOORS[half]})"


def test_a_copyright_with_a_web_address_is_set_aside_from_its_caption(tmp_path: Path) -> None:
    """A photo caption ending in a credit whose name holds dots ("studio-photo.example"): the credit is
    furniture, the caption's words stay."""
    path = tmp_path / "credit.txt"
    path.write_text("Le Département et la Sarre signent un accord de transport\n\n"
                    "Le président du Département et la ministre-présidente de la Sarre devant la gare de Forbach, "
                    "le jour de la signature © 2024 by Jean Dupont I studio-photo.example\n\n"
                    "La nouvelle ligne de bus reliera Forbach et Sarrebruck toutes les trente minutes dès le "
                    "printemps prochain.\n", encoding="utf-8")
    doc = read_document(path)
    assert ("Le président du Département et la ministre-présidente de la Sarre devant la gare de Forbach, le jour "
            "de la signature") in [b.text for b in doc.blocks]
    assert any("studio-photo.example" in text for text in doc.dropped)


def test_a_text_box_and_a_footnote_are_paragraphs_of_their_own() -> None:
    """A Word file saved by LibreOffice: the text box was glued without a space to the paragraph it is
    anchored in; the footnote (a part python-docx does not model) is a page block."""
    doc = read_document(DATA / "publish" / "boxes.docx")
    body = [b.text for b in doc.body]
    assert "Le bâtiment a été rénové par des entreprises de la région." in body
    assert "Contact presse : Julie Moreau, 03 87 00 00 01." in body
    assert [(b.part, b.text) for b in doc.blocks if b.part] == [
        ("footnote", "Horaires d'ouverture : du mardi au samedi, de 10 h à 18 h.")]
    assert not missing(DATA / "publish" / "boxes.docx", doc)


def test_a_button_inside_the_text_is_set_aside_but_a_heading_the_file_marks_stays(tmp_path: Path) -> None:
    """"Ajouter à mes favoris" between two paragraphs of a copied page is the page's button; a Word
    heading led by the same kind of verb ("Découvrir le programme") is the release's own."""
    page = tmp_path / "page.txt"
    page.write_text("Le Département ouvre trois nouvelles maisons de santé en zone rurale\n\n"
                    "Les trois maisons accueilleront des médecins, des infirmiers et des kinésithérapeutes dès "
                    "le mois de septembre.\n\nAjouter à mes favoris\n\n"
                    "Le Département finance la moitié des travaux, les communes et l'État se partagent le reste.\n",
                    encoding="utf-8")
    doc = read_document(page)
    assert "Ajouter à mes favoris" not in [b.text for b in doc.blocks] and "Ajouter à mes favoris" in doc.dropped
    headed = _headed(tmp_path / "heading.docx", (0, "Le Département ouvre trois nouvelles maisons de santé"),
                     "Les trois maisons accueilleront des médecins dès le mois de septembre prochain.",
                     (1, "Découvrir le programme"),
                     "Chaque maison proposera des consultations le samedi matin, sans rendez-vous.")
    assert "Découvrir le programme" in [b.text for b in read_document(headed).blocks]
