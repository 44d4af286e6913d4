"""Inline tags through the whole path: read from the Word release, shown and placed in the workspace,
checked by QA, carried by XLIFF, and published where the translator put them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.publish.publish import read_source_tags
from pipeline.readers import read_document
from pipeline.review.qa import check_release
from pipeline.review.store import ReviewStore, german_tags, placed_tags, source_tags
from pipeline.review.xliff import export_xliff, read_xliff
from pipeline.state import transaction
from pipeline.web.workspace import release_view, save_segment
from tests.conftest import DATA
from tests.publish.test_publish import GERMAN, formatted

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def release(tmp_path: Path) -> tuple[ReviewStore, str, Path]:
    path = tmp_path / "rich.docx"
    shutil.copy(DATA / "publish" / "rich.docx", path)
    doc = read_document(path)
    store = ReviewStore()
    release = store.sync_document(doc)
    store.set_source_tags(release, read_source_tags(path, doc))
    with transaction(store.conn):
        for row in store.segments(release):
            store.update(row, "pipeline", "machine", target=GERMAN[row["source"]], status="translated",
                         origin="mt:test")
    return store, release, path


def rows(store: ReviewStore, release: str) -> dict[str, object]:
    return {row["id"]: row for row in store.segments(release)}


def test_french_tags_read_from_the_word_file(release: tuple[ReviewStore, str, Path]) -> None:
    store, name, _ = release
    found = {sid: [(t.kind, row["source"][t.start:t.end]) for t in source_tags(row)]
             for sid, row in rows(store, name).items() if source_tags(row)}
    assert found == {"b2.s1": [("b", "MS-12"), ("b", "3 mars 2026")],
                     "b3.s1": [("b", "25 minutes"), ("i", "3,50 euros")],
                     "b3.s2": [("a", "www.moselle.example/bus")],
                     "b5.s1": [("i", "Interreg Grande Région"), ("b", "1,2 million d'euros")],
                     "b13.s1": [("a", "presse@moselle.example")]}


def test_placed_in_the_workspace_checked_and_published(release: tuple[ReviewStore, str, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    store, name, path = release
    glossary = load_glossary(ROOT / "glossary.csv")
    check_release(name, glossary, store)
    unplaced = [f for f in json.loads(rows(store, name)["b5.s1"]["findings"]) if f["kind"] == "tag-unplaced"]
    assert len(unplaced) == 1 and "<i1>Interreg Grande Région</i1>" in unplaced[0]["message"]
    view = {s.id: s for s in release_view(store, name, glossary, {}).segments}
    assert view["b3.s1"].target == "Die Fahrt dauert <b1>25 Minuten</b1> und kostet <i2>3,50 Euro</i2>."
    assert ("<i1>", "tag:italic") in view["b5.s1"].source
    broken = save_segment(store, name, "b5.s1", rows(store, name)["b5.s1"]["revision"], "Lena Hoffmann", glossary,
                          "Das Projekt wird vom Programm <i1>Interreg Großregion mit 1,2 Millionen Euro gefördert.")
    assert not broken.ok and "<i1> is opened and never closed" in broken.message
    placed = "Das Projekt wird vom Programm <i1>Interreg Großregion</i1> mit <b2>1,2 Millionen Euro</b2> gefördert."
    saved = save_segment(store, name, "b5.s1", rows(store, name)["b5.s1"]["revision"], "Lena Hoffmann", glossary,
                         placed, "approved")
    assert saved.ok
    row = rows(store, name)["b5.s1"]
    assert row["target"] == "Das Projekt wird vom Programm Interreg Großregion mit 1,2 Millionen Euro gefördert."
    assert [(t.kind, row["target"][t.start:t.end]) for t in placed_tags(row) or []] == [
        ("i", "Interreg Großregion"), ("b", "1,2 Millionen Euro")]
    assert not [f for f in json.loads(row["findings"]) if f["kind"].startswith("tag-")]
    with transaction(store.conn):
        for other in store.segments(name):
            if other["status"] != "approved":
                store.update(other, "Lena Hoffmann", "review", status="approved")
    assert main(["publish", str(path), "--out", str(tmp_path / "out")]) == 0
    assert "inline formatting: 8 of 8 carried" in capsys.readouterr().out
    out = next((tmp_path / "out").glob("*.docx"))
    assert formatted(out, "i") == ["3,50 Euro", "Interreg Großregion"]


def test_a_tag_left_out_is_a_qa_warning(release: tuple[ReviewStore, str, Path]) -> None:
    store, name, _ = release
    glossary = load_glossary(ROOT / "glossary.csv")
    saved = save_segment(store, name, "b3.s1", rows(store, name)["b3.s1"]["revision"], "Lena Hoffmann", glossary,
                         "Die Fahrt dauert <b1>25 Minuten</b1> und kostet 3,50 Euro.")
    assert saved.ok
    kinds = [f["kind"] for f in json.loads(rows(store, name)["b3.s1"]["findings"])]
    assert "tag-missing" in kinds


def test_xliff_carries_tags_both_ways(release: tuple[ReviewStore, str, Path], tmp_path: Path) -> None:
    from lxml import etree

    store, name, _ = release
    out = tmp_path / "rich.xlf"
    export_xliff(store, name, load_glossary(ROOT / "glossary.csv"), out)
    schema = etree.XMLSchema(etree.parse(str(ROOT.parent / "shared" / "schemas" / "xliff-core-1.2-strict.xsd")))
    document = etree.parse(str(out))
    assert schema.validate(document), schema.error_log
    text = out.read_text(encoding="utf-8")
    assert '<g id="1" ctype="bold">25 minutes</g>' in text and '<g id="1" ctype="bold">25 Minuten</g>' in text
    moved = text.replace('<g id="1" ctype="bold">25 Minuten</g> und kostet <g id="2" ctype="italic">3,50 Euro</g>',
                         '25 Minuten und kostet <g id="2" ctype="italic">3,50</g> <g id="1" ctype="bold">Euro</g>')
    assert moved != text
    out.write_text(moved, encoding="utf-8")
    review = read_xliff(out)
    row = next(r for r in review.rows if r.id == "b3.s1")
    assert row.target == GERMAN["Le trajet dure 25 minutes et coûte 3,50 euros."]
    assert [(t.id, row.target[t.start:t.end]) for t in row.tags or []] == [(1, "Euro"), (2, "3,50")]
    from pipeline.review.merge import import_review_file

    import_review_file(store, review, "Lena Hoffmann")
    stored = rows(store, name)["b3.s1"]
    assert [(t.id, stored["target"][t.start:t.end]) for t in german_tags(stored)] == [(1, "Euro"), (2, "3,50")]


def test_review_table_shows_tags_and_takes_them_back(release: tuple[ReviewStore, str, Path], tmp_path: Path) -> None:
    import docx

    from pipeline.review.merge import import_review_file
    from pipeline.review.review_docx import export_review_docx, read_review_docx

    store, name, _ = release
    out = tmp_path / "review.docx"
    export_review_docx(store, name, load_glossary(ROOT / "glossary.csv"), out)
    document = docx.Document(str(out))
    row = next(r for r in document.tables[0].rows if r.cells[0].text == "b3.s1")
    assert row.cells[3].text == "Le trajet dure <b1>25 minutes</b1> et coûte <i2>3,50 euros</i2>."
    assert row.cells[4].text == "Die Fahrt dauert <b1>25 Minuten</b1> und kostet <i2>3,50 Euro</i2>."
    cell = row.cells[4].paragraphs[0]
    for run in cell.runs[1:]:
        run.text = ""
    cell.runs[0].text = "Die Fahrt dauert <b1>25</b1> Minuten und kostet <i2>3,50 Euro</i2>."
    document.save(str(out))
    import_review_file(store, read_review_docx(out), "Lena Hoffmann")
    stored = rows(store, name)["b3.s1"]
    assert stored["target"] == "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."
    assert [(t.id, stored["target"][t.start:t.end]) for t in german_tags(stored)] == [(1, "25"), (2, "3,50 Euro")]


def test_approved_tags_go_into_the_memory_and_come_back(release: tuple[ReviewStore, str, Path], tmp_path: Path) -> None:
    """An approved segment's tags are stored as TMX paired codes: the next release with the same French gets
    the German with its tags from the memory, and the TMX export carries <bpt>/<ept>."""
    from pipeline.model import Segment
    from pipeline.translate import Translator

    store, name, _ = release
    glossary = load_glossary(ROOT / "glossary.csv")
    placed = "Die Fahrt dauert <b1>25 Minuten</b1> und kostet <i2>3,50 Euro</i2>."
    assert save_segment(store, name, "b3.s1", rows(store, name)["b3.s1"]["revision"], "Lena Hoffmann", glossary,
                        placed, "approved").ok
    exported = store.memory.export_tmx().decode()
    assert '<bpt i="1" type="bold">&lt;b1&gt;</bpt>25 Minuten<ept i="1">&lt;/b1&gt;</ept>' in exported
    french = rows(store, name)["b3.s1"]
    run = Translator(glossary, ["memory"], conn=store.conn).run([Segment("x.s1", french["source"])], None,
                                                               {"x.s1": source_tags(french)})
    result = run.results[0]
    assert (result.origin, result.target) == ("tm", "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro.")
    assert [(t.id, t.kind, result.target[t.start:t.end]) for t in result.target_tags or []] == [
        (1, "b", "25 Minuten"), (2, "i", "3,50 Euro")]
