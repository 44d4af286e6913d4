"""`pipeline publish`: the German release written into the original's format (Word, HTML) or built from
its structure (text, PDF), from the review store's approved segments."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.cli import main
from pipeline.publish.docx import body_paragraphs, pieces_of
from pipeline.publish.inline import merged
from pipeline.readers import read_document
from pipeline.review.store import ReviewStore, release_id
from pipeline.state import transaction
from tests.conftest import DATA

RICH = DATA / "publish"
GERMAN: dict[str, str] = json.loads((RICH / "rich.de.json").read_text(encoding="utf-8"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def stored(path: Path, german: dict[str, str] | None, status: str = "approved", skip: str = "") -> ReviewStore:
    """The release in the review store with the given German, as a translator leaves it."""
    store = ReviewStore()
    release = store.sync_document(read_document(path))
    with transaction(store.conn):
        for row in store.segments(release):
            target = row["source"] if german is None else german[row["source"]]
            if row["id"] == skip:
                continue
            store.update(row, "Lena Hoffmann", "review", target=target, status=status, origin="human")
    return store


def release_copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(RICH / name, path)
    return path


def publish(tmp_path: Path, path: Path, *extra: str) -> tuple[int, Path | None]:
    code = main(["publish", str(path), "--out", str(tmp_path / "out"), *extra])
    written = sorted((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else []
    return code, (written[-1] if written else None)


def runs(path: Path) -> list[list[tuple[str, object]]]:
    import docx

    return [merged(pieces_of(p)) for p in body_paragraphs(docx.Document(str(path)))]


def formatted(path: Path, tag: str) -> list[str]:
    """Texts of the runs carrying ``w:<tag>`` (b, i) or inside a hyperlink, in order."""
    import docx

    body = docx.Document(str(path)).element.body
    if tag == "hyperlink":
        return ["".join(t.text for t in link.iter(f"{W}t")) for link in body.iter(f"{W}hyperlink")]
    return ["".join(t.text for t in run.iter(f"{W}t")) for run in body.iter(f"{W}r")
            if run.find(f"{W}rPr/{W}{tag}") is not None]


def test_word_release_published_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    path = release_copy(tmp_path, "rich.docx")
    stored(path, GERMAN)
    code, out = publish(tmp_path, path)
    said = capsys.readouterr().out
    assert code == 0 and out is not None
    assert out.name == "undated_moselle-und-saarland-starten-eine-grenzuberschreitende.de.docx"  # the German title
    original, german = docx.Document(str(path)), docx.Document(str(out))
    assert [p.style.name for p in german.paragraphs] == [p.style.name for p in original.paragraphs]
    assert len(german.tables) == len(original.tables) == 1 and len(german.sections) == len(original.sections) == 2
    assert len(german.inline_shapes) == len(original.inline_shapes) == 1
    assert german.paragraphs[0].text == GERMAN[original.paragraphs[0].text]
    assert german.tables[0].cell(1, 0).text == "Fahrpreis" and german.tables[0].cell(0, 1).text == "MS-12"
    # headers and footers are translated too (they were read as page blocks, never part of a briefing)
    assert german.sections[0].header.paragraphs[0].text == "Departement Moselle – Pressestelle"
    assert german.sections[0].footer.paragraphs[0].text == "Seite 1"
    # bold, italic and the links sit on the German words that translate the French ones
    assert formatted(out, "b") == ["3. März 2026", "MS-12", "25 Minuten", "1,2 Millionen Euro"]
    assert formatted(out, "i") == ["3,50 Euro"]
    assert formatted(out, "hyperlink") == ["www.moselle.example/bus", "presse@moselle.example"]
    # the one code nothing in the German matches is said, not guessed
    assert "inline formatting: 7 of 8 carried" in said
    assert "b5.s1: format by hand the German for «Interreg Grande Région»" in said
    assert german.core_properties.title == GERMAN[original.paragraphs[0].text]
    assert german.core_properties.language == "de-DE"
    with zipfile.ZipFile(out) as package:
        styles = package.read("word/styles.xml").decode()
        assert 'w:lang w:val="de-DE"' in styles and "fr-FR" not in package.read("word/document.xml").decode()


def test_french_round_trip_reproduces_the_word_file(tmp_path: Path) -> None:
    """The French published back in place of the German gives the original's text and formatting."""
    path = release_copy(tmp_path, "rich.docx")
    stored(path, None)
    code, out = publish(tmp_path, path)
    assert code == 0 and out is not None
    assert runs(out) == runs(path)
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(out) as after:
        assert sorted(before.namelist()) == sorted(after.namelist())
        for name in before.namelist():
            if name.startswith("word/media/") or name.endswith(".rels"):
                assert before.read(name) == after.read(name), name


def test_web_page_published_in_place(tmp_path: Path) -> None:
    path = release_copy(tmp_path, "rich.html")
    stored(path, GERMAN)
    code, out = publish(tmp_path, path)
    assert code == 0 and out is not None and out.suffix == ".html"
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    assert page.get("lang") == "de" and not page.findall(".//script")
    assert not [e for e in page.iter() if isinstance(e.tag, str) and any(a.startswith("on") for a in e.attrib)]
    assert page.findtext(".//title") == GERMAN[read_document(path).title or ""] + " | Département de la Moselle"
    assert page.find(".//meta[@name='description']").get("content") == "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."
    assert page.find(".//img").get("alt") == "Ein europäisches Projekt"
    assert [e.text for e in page.iter("strong")] == ["3. März 2026", "MS-12", "25 Minuten", "1,2 Millionen Euro"]
    assert [(a.text, a.get("href")) for a in page.iter("a")] == [
        ("www.moselle.example/bus", "https://www.moselle.example/bus"),
        ("presse@moselle.example", "mailto:presse@moselle.example")]
    assert page.findtext(".//header/p") == "Département de la Moselle – Service de presse"  # furniture as it was


def test_french_round_trip_reproduces_the_web_page(tmp_path: Path) -> None:
    from pipeline.publish.html import pieces_of as html_pieces
    from pipeline.publish.html import text_blocks

    path = release_copy(tmp_path, "rich.html")
    stored(path, None)
    code, out = publish(tmp_path, path)
    assert code == 0 and out is not None

    def blocks(page: Path) -> list[list[tuple[str, object]]]:
        root = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        for script in root.findall(".//script"):
            script.drop_tree()
        return [merged(html_pieces(b)) for b in text_blocks(root.find("body"))]

    assert blocks(out) == blocks(path)


def test_unapproved_segments_refuse_a_publication_and_draft_marks_them(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = release_copy(tmp_path, "rich.docx")
    store = stored(path, GERMAN)
    row = next(r for r in store.segments(release_id(str(path))) if r["id"] == "b3.s1")
    with transaction(store.conn):
        store.update(row, "Lena Hoffmann", "edit", status="translated")
    code, out = publish(tmp_path, path)
    assert code == 1 and out is None
    assert "1 segment(s) not approved (b3.s1)" in capsys.readouterr().err
    code, out = publish(tmp_path, path, "--draft")
    assert code == 0 and out is not None
    assert "1 not approved (highlighted, draft)" in capsys.readouterr().out
    with zipfile.ZipFile(out) as package:
        document = package.read("word/document.xml").decode()
        headers = "".join(package.read(n).decode() for n in package.namelist() if "header" in n)
    assert document.count('w:highlight w:val="yellow"') >= 1 and 'string="ENTWURF"' in headers
    highlighted = [t for t in formatted(out, "highlight")]
    assert "".join(highlighted) == "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."


def test_untranslated_segments_refuse_even_a_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = release_copy(tmp_path, "rich.docx")
    stored(path, GERMAN, skip="b4.s1")
    code, out = publish(tmp_path, path, "--draft")
    assert code == 1 and out is None
    assert "1 segment(s) have no German yet (b4.s1)" in capsys.readouterr().err


def test_a_changed_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = release_copy(tmp_path, "rich.html")
    stored(path, GERMAN)
    path.write_text(path.read_text(encoding="utf-8").replace("25 minutes", "30 minutes"), encoding="utf-8")
    code, out = publish(tmp_path, path)
    assert code == 1 and out is None
    assert "the file changed since it was translated" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["txt", "docx", "html", "pdf"])
def test_text_release_built_from_its_structure(tmp_path: Path, fmt: str) -> None:
    import docx

    path = tmp_path / "release.txt"
    path.write_text("La Moselle et la Sarre lancent une ligne de bus transfrontalière\n\n"
                    "Publié le 3 mars 2026\n\n"
                    "Le trajet dure 25 minutes et coûte 3,50 euros.\n\n"
                    "Un projet européen\n\n"
                    "Le projet est financé par le programme Interreg Grande Région à hauteur de 1,2 million "
                    "d'euros.\n", encoding="utf-8")
    stored(path, GERMAN)
    code, out = publish(tmp_path, path, "--format", fmt)
    assert code == 0 and out is not None
    assert out.name == f"2026-03-03_moselle-und-saarland-starten-eine-grenzuberschreitende.de.{fmt}"
    if fmt == "txt":
        lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line]
        assert lines[:3] == [GERMAN["La Moselle et la Sarre lancent une ligne de bus transfrontalière"],
                             "Veröffentlicht am 3. März 2026", "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."]
    elif fmt == "docx":
        document = docx.Document(str(out))
        assert document.paragraphs[0].style.name == "Title" and document.core_properties.language == "de-DE"
    elif fmt == "html":
        page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
        assert page.get("lang") == "de" and page.findtext(".//h1").startswith("Moselle und Saarland")
    else:
        from tests.pdftools import pdf_text

        assert "Moselle und Saarland starten" in pdf_text(out)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_word_release_as_pdf_through_libreoffice(tmp_path: Path) -> None:
    from tests.pdftools import pdf_pages, pdf_text

    path = release_copy(tmp_path, "rich.docx")
    stored(path, GERMAN)
    code, out = publish(tmp_path, path, "--format", "pdf")
    assert code == 0 and out is not None and pdf_pages(out) == 2  # the second section starts a new page
    text = " ".join(pdf_text(out).split())
    assert "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro." in text and "Pressestelle" in text


def test_footnote_and_text_box_published_in_place(tmp_path: Path) -> None:
    """A release saved by LibreOffice: the footnote (a part python-docx does not model) and the text box
    (DrawingML with its VML fallback copy) get their German, the footnote mark stays in its sentence."""
    german = json.loads((RICH / "boxes.de.json").read_text(encoding="utf-8"))
    path = release_copy(tmp_path, "boxes.docx")
    stored(path, german)
    code, out = publish(tmp_path, path)
    assert code == 0 and out is not None
    with zipfile.ZipFile(out) as package:
        document = package.read("word/document.xml").decode()
        notes = package.read("word/footnotes.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert "<dc:title>Das Departement eröffnet in Metz ein Europahaus</dc:title>" in core and "de-DE" in core
    assert "Öffnungszeiten: dienstags bis samstags, 10 bis 18 Uhr." in notes and "Horaires" not in notes
    assert document.count("Pressekontakt: Julie Moreau") == 2 and "Contact presse" not in document  # box and copy
    assert "w:footnoteReference" in document
    assert len(package.namelist()) == len(set(package.namelist()))  # no part written twice
    assert formatted(out, "b") == ["2. April 2026"]
    assert [" ".join(t for t, _ in p) for p in runs(out)][1:3] == [
        "Das Haus ist ab dem 2. April 2026 für alle geöffnet. Es informiert die Bevölkerung über die europäischen "
        "Programme.", "Das Gebäude wurde von Unternehmen aus der Region renoviert."]
