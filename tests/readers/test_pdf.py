from pathlib import Path

import pypdf
import pytest

from pipeline.errors import InputError
from pipeline.readers import read_document

HTML = """<html lang="fr"><body style="font-family: DejaVu Sans; font-size: 11pt">
<p style="margin-bottom: 14pt">La Région signe un accord de coopération</p>
<p style="margin-bottom: 14pt">Les deux régions ont signé un accord de coopération pour les années à venir et les<br>
coopérations régio-<br>nales seront renforcées avec la Rhénanie-du-Nord-<br>Westphalie. Le texte est publié.</p>
<p style="margin-bottom: 14pt">Un second paragraphe suit ici.</p>
</body></html>"""


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    from weasyprint import HTML as WeasyHTML

    path = tmp_path_factory.mktemp("pdf") / "release.pdf"
    WeasyHTML(string=HTML).write_pdf(path)
    return path


def test_lines_paragraphs_and_hyphens(pdf_path) -> None:
    doc = read_document(pdf_path)
    assert doc.format == "pdf"
    assert doc.title == "La Région signe un accord de coopération"
    body = doc.blocks[1]
    assert body.kind == "paragraph"
    assert "coopérations régionales seront renforcées" in body.text
    assert "Rhénanie-du-Nord-Westphalie." in body.text
    assert len(body.segments) == 2
    assert doc.blocks[2].text == "Un second paragraphe suit ici."


def test_encrypted_pdf_is_refused(pdf_path, tmp_path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf_path))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="password-protected"):
        read_document(locked)


def test_corrupt_pdf_is_refused(tmp_path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n garbage without any objects\n")
    with pytest.raises(InputError, match="broken.pdf"):
        read_document(path)


def test_a_damaged_pdf_is_one_error_line_and_nothing_else(tmp_path, capfd) -> None:
    from pipeline.cli import main

    whole = (Path(__file__).parent.parent / "data" / "releases" / "p01_weasy_hyphen.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])  # no cross-reference table, no %%EOF marker
    assert main(["parse", str(cut)]) == 1
    err = capfd.readouterr().err
    assert err.splitlines() == [err.strip()] and err.startswith("error: ") and "cut.pdf" in err


@pytest.mark.parametrize(("line", "following", "joined"), [
    ("coopérations régio\u2010", "nales", "coopérations régionales"),
    ("le président Fran\u2010", "çois", "le président François"),
    ("les entre\u00ad", "prises", "les entreprises"),
    ("des coopérations régio\x02", "nales", "des coopérations régionales"),
    ("la Rhénanie-du-Nord\x02", "Westphalie", "la Rhénanie-du-Nord-Westphalie"),
    ("le partenariat franco\x02", "allemand", "le partenariat franco-allemand"),
    ("est-ce vrai ? Dit\x02", "elle", "est-ce vrai ? Dit-elle"),
    ("une ville", "voisine", "une ville voisine"),
])
def test_words_broken_at_line_ends(line: str, following: str, joined: str) -> None:
    from pipeline.readers.pdf import _join_two

    assert _join_two(line, following, words=set()) == joined


def test_a_compound_seen_elsewhere_keeps_its_hyphen() -> None:
    from pipeline.readers.pdf import _join_two

    assert _join_two("les pays trans\x02", "frontaliers", {"trans-frontaliers"}) == "les pays trans-frontaliers"
