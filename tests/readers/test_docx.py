import docx
import pytest

from pipeline.errors import InputError
from pipeline.readers import read_document


def make_docx(path):
    document = docx.Document()
    document.add_paragraph("La Région signe un accord avec la Rhénanie-du-Nord-Westphalie", style="Title")
    document.add_paragraph("Publié le 9 juillet 2021")
    document.add_paragraph("Le président a signé l'accord. Il est reparti.")
    document.add_heading("Les thèmes", level=1)
    document.add_paragraph("La mobilité des jeunes ;", style="List Bullet")
    document.add_paragraph("La transition énergétique.", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Contact presse"
    table.rows[0].cells[1].text = "Le service presse répond à vos questions."
    document.add_paragraph("Un dernier paragraphe après le tableau.")
    document.save(path)
    return path


def test_styles_become_kinds(tmp_path) -> None:
    doc = read_document(make_docx(tmp_path / "r.docx"))
    assert doc.format == "docx"
    assert doc.title.startswith("La Région signe un accord")
    assert doc.published == "2021-07-09"
    assert [b.kind for b in doc.blocks][:5] == ["title", "paragraph", "heading", "list_item", "list_item"]
    assert len(doc.blocks[1].segments) == 2
    assert [b.text for b in doc.blocks[5:]] == ["Contact presse", "Le service presse répond à vos questions.",
                                                 "Un dernier paragraphe après le tableau."]


def test_corrupt_docx_is_refused(tmp_path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    with pytest.raises(InputError, match="broken.docx.*save it again"):
        read_document(path)


def test_password_protected_docx_is_refused(tmp_path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="password-protected"):
        read_document(path)


def test_tracked_changes_in_a_release_are_read_as_accepted(tmp_path) -> None:
    from tests.review.wordedit import track_replace_in

    path = make_docx(tmp_path / "r.docx")
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Le président"))
    track_replace_in(paragraph, "a signé", "a paraphé")
    document.save(str(path))
    doc = read_document(path)
    assert doc.blocks[1].segments[0].text == "Le président a paraphé l'accord."
