"""Briefing content and rendering rules on small releases (store filled directly)."""

from pathlib import Path

import docx

from pipeline.glossary import load_glossary
from pipeline.model import Block, Document, Segment
from pipeline.render.briefing import DRAFT_MARK, build_briefing
from pipeline.render.docx import render_docx
from pipeline.render.naming import output_stem, slugify
from pipeline.render.pdf import asset_fetcher, briefing_html, render_pdf
from pipeline.review.merge import FileRow, ReviewFile, import_review_file
from pipeline.review.store import ReviewStore
from pipeline.translate import SegmentResult
from tests.glossary.test_glossary import ROOT_GLOSSARY
from tests.pdftools import pdf_text

GLOSSARY = load_glossary(ROOT_GLOSSARY, required=True)


def stored(texts: list[tuple[str, str]], source: str = "sources/2024-03-01_test.txt",
           published: str = "2024-03-01", origin: str = "mt:libre") -> tuple[ReviewStore, str]:
    blocks = [Block("b1", "title", [Segment("b1.s1", texts[0][0])])]
    blocks += [Block(f"b{i}", "paragraph", [Segment(f"b{i}.s1", fr)]) for i, (fr, _) in enumerate(texts[1:], 2)]
    doc = Document(source=source, format="txt", title=texts[0][0], published=published, blocks=blocks)
    store = ReviewStore()
    release = store.sync_document(doc)
    store.record_translations(release, [SegmentResult(f"b{i}.s1", fr, de, origin)
                                        for i, (fr, de) in enumerate(texts, 1) if de])
    return store, release


TEXTS = [("La Région signe un accord avec Aix-la-Chapelle", "Die Region unterzeichnet ein Abkommen mit Aachen"),
         ("Armin Laschet a reçu Xavier Bertrand le 9 juillet 2021.",
          "Armin Laschet hat Xavier Bertrand am 9. Juli 2021 empfangen."),
         ("Le texte <img src=\"file:///etc/passwd\"> n'est pas du HTML.", "")]


def test_names_are_safe() -> None:
    assert slugify("La Région « Hauts-de-France » / NRW : ../../etc") == "la-region-hauts-de-france-nrw-etc"
    assert output_stem("2021-07-09", "Titre") == "2021-07-09_titre"
    assert output_stem(None, "") == "undated_release"
    assert len(slugify("mot " * 100)) <= 60


def test_draft_marks_and_content() -> None:
    store, release = stored(TEXTS)
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    assert briefing.draft and briefing.title_de == "Die Region unterzeichnet ein Abkommen mit Aachen"
    assert ("Aix-la-Chapelle", "Aachen", "name") in briefing.terms
    assert ("9 juillet 2021", "9. Juli 2021") in briefing.dates
    assert any(fr == "Armin Laschet" for fr, _ in briefing.people)
    assert [p.mark for b in briefing.blocks for p in b.de] == ["MT", "MT", "fehlt"]


def test_release_text_is_never_markup_and_nothing_is_fetched(tmp_path: Path) -> None:
    store, release = stored(TEXTS)
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    html = briefing_html([briefing])
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and "<img" not in html
    fetcher = asset_fetcher()
    render_pdf(briefing, tmp_path / "b.pdf")
    text = pdf_text(str(tmp_path / "b.pdf"))
    assert '<img src="file:///etc/passwd">' in text.replace("\n", " ")
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/logo.png"):
        try:
            fetcher.fetch(url)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{url} was fetched")
    assert fetcher.fetch(Path("pipeline/render/assets/briefing.css").resolve().as_uri()).status == 200


def test_approved_briefing_says_who_and_when(tmp_path: Path) -> None:
    store, release = stored(TEXTS[:2])
    rows = [FileRow(r["id"], r["source"], status="approved", revision=r["revision"]) for r in store.segments(release)]
    import_review_file(store, ReviewFile(Path("r.xlf"), release, "test", rows), "anna")
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    assert not briefing.draft and briefing.approved_by == ["anna"]
    render_docx(briefing, tmp_path / "b.docx")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs]
    assert DRAFT_MARK not in paragraphs
    assert any(p.startswith("Approuvé par anna le ") and " / Freigegeben von anna am " in p for p in paragraphs)
    render_pdf(briefing, tmp_path / "b.pdf")
    text = pdf_text(str(tmp_path / "b.pdf"))
    assert DRAFT_MARK not in text and "Freigegeben von anna" in text
    # partner-facing: no glossary highlights, no marks, no legend, no notes for translators
    assert briefing.banners == [] and all(not b.fr_spans and not any(p.spans or p.mark for p in b.de)
                                          for b in briefing.blocks)
    assert "<mark" not in briefing_html([briefing]) and "Markierungen" not in text and "Contrôle qualité" not in text
    document = docx.Document(str(tmp_path / "b.docx"))
    body = document.tables[1]
    assert not any(run.font.highlight_color for row in body.rows for cell in row.cells
                   for paragraph in cell.paragraphs for run in paragraph.runs)
    assert "Contrôle qualité / Qualitätsprüfung (für Übersetzer)" not in paragraphs


def test_digest_newest_first_with_contents(tmp_path: Path) -> None:
    store, older = stored(TEXTS[:2], "sources/2021-01-01_old.txt", "2021-01-01")
    _, newer = stored([("Une nouvelle visite à Cologne", "Ein neuer Besuch in Köln")],
                      "sources/2024-05-01_new.txt", "2024-05-01")
    briefings = sorted([build_briefing(store, r, GLOSSARY, "Presse") for r in (older, newer)],
                       key=lambda b: b.sort_key, reverse=True)
    render_pdf(briefings, tmp_path / "d.pdf", "Digest")
    render_docx(briefings, tmp_path / "d.docx", "Digest")
    text = pdf_text(str(tmp_path / "d.pdf"))
    assert "Sommaire / Inhalt" in text
    assert text.index("Une nouvelle visite à Cologne") < text.index("La Région signe un accord")
    headings = [p.text for p in docx.Document(str(tmp_path / "d.docx")).paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == ["Une nouvelle visite à Cologne", "La Région signe un accord avec Aix-la-Chapelle"]


def test_the_german_title_is_never_the_french_one(tmp_path: Path) -> None:
    store = ReviewStore()
    doc = Document(source="sources/2024-03-01_sans-titre.txt", format="txt", title="La Région signe un accord",
                   blocks=[Block("b1", "paragraph", [Segment("b1.s1", "La Région signe un accord")])])
    release = store.sync_document(doc)
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    assert (briefing.title_de, briefing.title_mark) == ("", "fehlt")
    render_docx(briefing, tmp_path / "b.docx")
    subtitle = next(p for p in docx.Document(str(tmp_path / "b.docx")).paragraphs if p.style.name == "Subtitle")
    assert subtitle.text == "[fehlt] " and "La Région" not in subtitle.text


def test_the_banner_says_what_is_true() -> None:
    from pipeline.render.briefing import MISSING_MARK, UNREVIEWED_MARK

    cases = [(TEXTS[:2], "mt:libre", [DRAFT_MARK]), (TEXTS[:2], "tm", [UNREVIEWED_MARK]),
             (TEXTS, "tm", [UNREVIEWED_MARK, MISSING_MARK.format(n=1)])]
    for index, (texts, origin, banners) in enumerate(cases):
        store, release = stored(texts, f"sources/banner{index}.txt", origin=origin)
        assert build_briefing(store, release, GLOSSARY, "Presse").banners == banners


def test_numbered_items_keep_their_numbers_in_both_columns(tmp_path: Path) -> None:
    blocks = [Block("b1", "title", [Segment("b1.s1", "Trois mesures")]),
              Block("b2", "list_item", [Segment("b2.s1", "des classes bilingues ;")], "1."),
              Block("b3", "list_item", [Segment("b3.s1", "un chèque de 300 euros.")], "2.")]
    doc = Document(source="sources/mesures.txt", format="txt", title="Trois mesures", blocks=blocks)
    store = ReviewStore()
    release = store.sync_document(doc)
    store.record_translations(release, [SegmentResult("b1.s1", "", "Drei Maßnahmen", "mt:libre"),
                                        SegmentResult("b2.s1", "", "zweisprachige Klassen;", "mt:libre"),
                                        SegmentResult("b3.s1", "", "ein Scheck über 300 Euro.", "mt:libre")])
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    render_docx(briefing, tmp_path / "n.docx")
    rows = docx.Document(str(tmp_path / "n.docx")).tables[1].rows
    assert [(r.cells[0].text[:3], r.cells[1].text[:3]) for r in rows[2:]] == [("1.\t", "1.\t"), ("2.\t", "2.\t")]
    render_pdf(briefing, tmp_path / "n.pdf")
    text = " ".join(pdf_text(tmp_path / "n.pdf").split())
    assert "1. des classes bilingues" in text and "2. MT ein Scheck" in text


def test_each_briefing_says_how_it_was_made(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    store, release = stored(TEXTS[:2], "sources/made.txt")
    store.record_engines(release, {"libre": "api"}, GLOSSARY.version)
    briefing = build_briefing(store, release, GLOSSARY, "Presse", now=datetime(2026, 11, 30, 9, 5, tzinfo=UTC))
    assert briefing.colophon.startswith("Réalisé le / erstellt am 2026-11-30 09:05 UTC · pipeline ")
    assert "libre (api)" in briefing.colophon and f"v{GLOSSARY.version}" in briefing.colophon
    assert "mémoire / Übersetzungsspeicher : " in briefing.colophon
    render_docx(briefing, tmp_path / "c.docx")
    document = docx.Document(str(tmp_path / "c.docx"))
    assert document.paragraphs[-1].text == briefing.colophon == document.core_properties.comments
    render_pdf(briefing, tmp_path / "c.pdf")
    from tests.pdftools import pdf_info

    assert pdf_info(tmp_path / "c.pdf")["metadata"]["Subject"] == briefing.colophon
    assert "libre (api)" in " ".join(pdf_text(tmp_path / "c.pdf").split())


def test_a_release_without_headline_says_so_in_both_languages(tmp_path: Path) -> None:
    from pipeline.render.briefing import NO_TITLE

    blocks = [Block("b1", "paragraph", [Segment("b1.s1", "Réunis à Strasbourg, les présidents ont signé.")])]
    store = ReviewStore()
    release = store.sync_document(Document(source="sources/sans-titre.txt", format="txt", title=None, blocks=blocks))
    briefing = build_briefing(store, release, GLOSSARY, "Presse")
    assert (briefing.title_fr, briefing.title_de) == NO_TITLE
    render_docx(briefing, tmp_path / "t.docx")
    assert NO_TITLE[0] in [p.text for p in docx.Document(str(tmp_path / "t.docx")).paragraphs]
