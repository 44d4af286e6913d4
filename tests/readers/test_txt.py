import json

import pytest

from pipeline.readers import read_document
from tests.conftest import DATA, SAMPLE


@pytest.fixture(scope="module")
def sample():
    return read_document(SAMPLE)


def test_sample_title_and_dates(sample) -> None:
    assert sample.title == ("La Région Hauts-de-France et la Rhénanie-du-Nord-Westphalie "
                            "renouvellent leur coopération")
    assert (sample.published, sample.updated) == ("2021-07-09", "2021-07-09")
    assert sample.blocks[0].kind == "title"


def test_sample_partnership_paragraph_is_two_segments(sample) -> None:
    block = next(b for b in sample.blocks if b.text.startswith("Dans un esprit partenarial"))
    assert len(block.segments) == 2
    assert "Rhénanie-du-NordWestphalie (Allemagne)." in block.segments[0].text


def test_sample_seven_themes(sample) -> None:
    items = [b for b in sample.blocks if b.kind == "list_item"]
    assert len(items) == 7
    for item in items:
        assert len(item.segments) == 1
        assert "\n" not in item.text and "•" not in item.text
    assert items[1].text.endswith("leurs possibilités d’insertion professionnelle ;")


def test_sample_heading_and_dropped(sample) -> None:
    kinds = {b.text: b.kind for b in sample.blocks}
    assert kinds["Agir ensemble pour réussir les enjeux d’aujourd’hui"] == "heading"
    assert kinds["Une coopération basée sur une histoire et des expériences communes"] == "heading"
    for furniture in ("Contenu principal de la page", "Pour aller plus loin", "Infos pratiques"):
        assert furniture in sample.dropped
        assert all(furniture not in b.text for b in sample.blocks)
    assert sample.dropped.index("Pour aller plus loin") < sample.dropped.index("Infos pratiques")


def test_sample_segment_ids_are_stable_and_unique(sample) -> None:
    ids = [s.id for s in sample.segments()]
    assert len(ids) == len(set(ids))
    assert ids[:3] == ["b1.s1", "b2.s1", "b2.s2"]
    assert read_document(SAMPLE).to_dict() == sample.to_dict()


def test_document_json_shape(sample) -> None:
    data = json.loads(json.dumps(sample.to_dict()))
    assert set(data) == {"source", "format", "language", "title", "published", "updated", "url",
                         "dateline", "embargo", "blocks", "dropped", "dropped_reasons"}
    assert set(data["blocks"][0]) == {"id", "kind", "segments", "marker", "language", "part"}
    assert set(data["blocks"][0]["segments"][0]) == {"id", "text"}


def test_glued_date_numbered_list_and_furniture() -> None:
    doc = read_document(DATA / "glued_date.txt")
    assert doc.title == "Le Président de Région en visite en Rhénanie-Palatinat « Allemagne »"
    assert doc.published == "2021-04-14"  # the explicit "Publié le" line wins over the glued date
    assert doc.updated == "2021-05-01"
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["Former les jeunes ;", "Soutenir les entreprises du territoire ;",
                     "Préparer le 50e anniversaire."]
    assert [b.kind for b in doc.blocks if b.text == "Les priorités"] == ["heading"]
    for furniture in ("Accueil > Actualités", "Partager", "Imprimer", "Retour", "© Région Hauts-de-France"):
        assert furniture in doc.dropped
    paragraph = next(b for b in doc.blocks if b.kind == "paragraph")
    assert [s.text[:9] for s in paragraph.segments] == ["M. Dupont", "Le budget"]


def test_wrapped_lines_are_joined_and_headings_found() -> None:
    doc = read_document(DATA / "wrapped.txt")
    kinds = [(b.kind, b.text[:30]) for b in doc.blocks]
    assert kinds[0] == ("title", "Un communiqué dont les lignes ")
    assert ("heading", "Les points clés") in kinds
    paragraph = doc.blocks[1]
    assert paragraph.kind == "paragraph"
    assert len(paragraph.segments) == 2
    assert "coupées à soixante-quinze" in paragraph.segments[0].text
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["une mobilité accrue des jeunes, notamment des apprentis ;", "une coopération renforcée."]
    assert doc.blocks[-1].text.endswith("www.hautsdefrance.fr.")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings_decode(tmp_path, encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    if encoding in ("cp1252", "latin-1"):
        text = text.replace("’", "'").replace("•", "-").replace("œ", "oe")
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.title.startswith("La Région Hauts-de-France")
    assert "é" in doc.blocks[1].text


def test_markdown_reader(tmp_path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# La Région signe un accord\n\nLe **président** a signé. Il est reparti.\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "La Région signe un accord"
    assert [s.text for s in doc.blocks[1].segments] == ["Le président a signé.", "Il est reparti."]
