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


def test_loose_text_in_divs_and_line_breaks_are_kept(tmp_path) -> None:
    path = tmp_path / "cms.html"
    path.write_text(
        "<html><body><main><h1>La Région signe un accord</h1>"
        "<div class='chapo'>Le président a signé l'accord avec ses partenaires européens.<br>Il est reparti.</div>"
        "<div><p>Un paragraphe normal suit ici.</p>Puis un texte libre après le paragraphe.</div>"
        "<h4>Contact presse</h4><div>Service presse<br>Tél. 03 74 27 00 00</div>"
        "</main></body></html>", encoding="utf-8")
    doc = read_document(path)
    texts = [(b.kind, b.text) for b in doc.blocks]
    assert ("paragraph", "Le président a signé l'accord avec ses partenaires européens. Il est reparti.") in texts
    assert ("paragraph", "Un paragraphe normal suit ici.") in texts
    assert ("paragraph", "Puis un texte libre après le paragraphe.") in texts
    assert ("heading", "Contact presse") in texts
    assert [t for _, t in texts].index("Un paragraphe normal suit ici.") < \
        [t for _, t in texts].index("Puis un texte libre après le paragraphe.")
