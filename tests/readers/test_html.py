from pipeline.readers import read_document
from tests.conftest import DATA


def test_main_content_only() -> None:
    doc = read_document(DATA / "release.html")
    assert doc.format == "html"
    assert doc.url == "https://www.hautsdefrance.fr/cooperation-nrw/"
    assert doc.title == "La Région et la Rhénanie-du-Nord-Westphalie renouvellent leur coopération"
    assert doc.published == "2021-07-09"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Sept thèmes de coopération") in kinds
    assert ("heading", "Contacts") in kinds
    assert ("list_item", "La transition énergétique ;") in kinds
    text = " ".join(b.text for b in doc.blocks)
    for unwanted in ("tracker", "color", "Accueil", "cookies", "Mentions légales", "Facebook"):
        assert unwanted not in text
    paragraph = next(b for b in doc.blocks if b.kind == "paragraph")
    assert len(paragraph.segments) == 2


def test_furniture_is_kept_aside_not_lost() -> None:
    doc = read_document(DATA / "release.html")
    dropped = " | ".join(doc.dropped)
    assert "cookies" in dropped and "Partager sur Facebook" in dropped and "Mentions légales" in dropped


def test_page_without_main_uses_body(tmp_path) -> None:
    path = tmp_path / "p.htm"
    path.write_text("<html><body><h1>La Région signe un accord</h1><p>Le président a signé "
                    "le texte avec les partenaires. Il est reparti.</p></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "La Région signe un accord"
    assert len(doc.blocks[1].segments) == 2
