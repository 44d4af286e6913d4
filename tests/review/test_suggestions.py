"""After a fix in the French source, earlier work is offered, never lost: memory and earlier
translations ≥ 75 % as suggestions (XLIFF alt-trans, review DOCX, translate --json), ≥ 95 % as a
visible tm-fuzzy draft; thresholds in pipeline.toml."""

import json
import shutil
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from tests.conftest import SAMPLE, shared_file

REPO = Path(__file__).resolve().parents[2]
TYPO, FIXED = "Rhénanie-du-NordWestphalie", "Rhénanie-du-Nord-Westphalie"
OLD_B3, NEW_B3 = "pour réussir les enjeux", "pour relever les enjeux"  # 90 % similar


@pytest.fixture
def office(tmp_path: Path, monkeypatch, capsys) -> Path:
    """A press office folder: glossary, shipped memory, the sample in sources/, translated once."""
    shutil.copy(REPO / "glossary.csv", tmp_path)
    shutil.copytree(REPO / "memory", tmp_path / "memory")
    (tmp_path / "sources").mkdir()
    shutil.copy(SAMPLE, tmp_path / "sources" / "sample.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "sources/sample.txt"]) == 0
    capsys.readouterr()
    return tmp_path / "sources" / "sample.txt"


def fix_source(release: Path) -> None:
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace(TYPO, FIXED).replace(OLD_B3, NEW_B3), encoding="utf-8")


def rows() -> dict:
    return {r["id"]: r for r in ReviewStore().segments("sample.txt")}


def test_a_one_character_fix_is_prefilled_from_the_memory(office: Path, capsys) -> None:
    fix_source(office)
    assert main(["translate", str(office), "--json"]) == 1  # b3.s1 (90 %) is offered, not filled
    report = {s["id"]: s for s in json.loads(capsys.readouterr().out)["segments"]}
    fixed = report["b2.s1"]
    assert fixed["origin"] == "tm-fuzzy:99" and fixed["status"] == "translated"
    assert fixed["target"].startswith("Im Geiste der Partnerschaft wurde Xavier Bertrand")
    assert fixed["suggestions"][0]["score"] >= 99 and TYPO in fixed["suggestions"][0]["source"]
    offered = report["b3.s1"]
    assert offered["target"] == "" and offered["status"] == "new"
    assert [round(s["score"]) for s in offered["suggestions"]] == [90]
    assert offered["suggestions"][0]["target"].startswith("Gemeinsam handeln")


def test_the_threshold_lives_in_pipeline_toml(office: Path, capsys) -> None:
    Path("pipeline.toml").write_text("[memory]\nprefill = 85\n", encoding="utf-8")
    fix_source(office)
    assert main(["translate", str(office)]) == 0
    assert rows()["b3.s1"]["origin"] == "tm-fuzzy:90"
    Path("pipeline.toml").write_text("[memory]\nprefill = 'high'\n", encoding="utf-8")
    assert main(["translate", str(office)]) == 1
    assert "memory.prefill = 'high': is not a percentage" in capsys.readouterr().err


def test_an_earlier_reviewed_translation_is_offered_after_a_source_edit(office: Path, tmp_path, capsys) -> None:
    out = tmp_path / "r.xlf"
    assert main(["review", "export", str(office), "--format", "xliff", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("Gemeinsam handeln, um die Herausforderungen von heute zu meistern",
                                "Gemeinsam handeln für die Aufgaben von heute"), encoding="utf-8")
    assert main(["review", "import", str(out), "--by", "anna"]) == 0
    fix_source(office)
    main(["translate", str(office)])
    capsys.readouterr()
    suggestions = json.loads(rows()["b3.s1"]["suggestions"])
    assert suggestions[0]["target"] == "Gemeinsam handeln für die Aufgaben von heute"
    assert suggestions[0]["origin"] == "earlier:translated"


def test_suggestions_travel_in_xliff_and_the_review_docx(office: Path, tmp_path, capsys) -> None:
    fix_source(office)
    main(["translate", str(office)])
    xlf, table = tmp_path / "r.xlf", tmp_path / "r.docx"
    assert main(["review", "export", str(office), "--format", "xliff", "--out", str(xlf)]) == 0
    assert main(["review", "export", str(office), "--format", "docx", "--out", str(table)]) == 0
    schema = etree.XMLSchema(etree.parse(str(shared_file("schemas/xliff-core-1.2-strict.xsd"))))
    assert schema.validate(etree.parse(str(xlf))), schema.error_log
    tree = etree.parse(str(xlf))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = tree.find(".//x:trans-unit[@id='b3.s1']", ns)
    alt = unit.find("x:alt-trans", ns)
    assert alt.get("match-quality") == "90" and alt.get("origin") == "tmx:sample.tmx"
    assert OLD_B3 in alt.find("x:source", ns).text and alt.find("x:target", ns).text.startswith("Gemeinsam")
    filled = tree.find(".//x:trans-unit[@id='b2.s1']/x:target", ns)
    assert filled.get("state") == "translated" and filled.get("state-qualifier") == "fuzzy-match"
    row = next(r for r in docx.Document(str(table)).tables[0].rows if r.cells[0].text == "b3.s1")
    notes = row.cells[5].paragraphs
    offered = next(n for n, p in enumerate(notes) if p.text.startswith("TM 90 %: Gemeinsam handeln"))
    difference = notes[offered + 1]
    assert difference.text.startswith("FR: Agir ensemble pour ")
    struck = [r.text for r in difference.runs if r.font.strike]
    underlined = [r.text for r in difference.runs if r.font.underline]
    assert struck == ["réussir"] and underlined == ["relever"]
    origin = next(r for r in docx.Document(str(table)).tables[0].rows if r.cells[0].text == "b2.s1").cells[2].text
    assert origin == "TM~ 99\u00a0%"


def test_a_fuzzy_draft_is_marked_in_the_briefing(office: Path, tmp_path, capsys) -> None:
    fix_source(office)
    main(["run", str(office), "--format", "docx", "--out", str(tmp_path / "out")])
    capsys.readouterr()
    written = next((tmp_path / "out").glob("*.docx"))
    texts = [c.text for t in docx.Document(str(written)).tables for r in t.rows for c in r.cells]
    assert any(t.startswith("[TM~]") or "[TM~]" in t for t in texts)


@pytest.mark.parametrize(("memory_fr", "new_fr", "prefilled"), [
    ("Plus de la moitié des élèves de la région participent au programme d'échanges.",
     "Près de la moitié des élèves de la région participent au programme d'échanges.", False),
    ("Le programme d'échanges scolaires est ouvert aux apprentis de la région.",
     "Le programme d'échanges scolaires n'est ouvert aux apprentis de la région.", False),
    ("Les élèves de la région participent au programme d'échanges avec la Rhénanie.",
     "Les élèves de la région participent au programme d'échange avec la Rhénanie.", True),
])
def test_a_close_match_that_changes_the_meaning_is_offered_not_prefilled(memory_fr: str, new_fr: str,
                                                                        prefilled: bool) -> None:
    """A 98 % match whose French differs in a number, quantifier, negation, date or name is never
    pre-filled silently: it is offered with the words that changed."""
    from pipeline.glossary import load_glossary
    from pipeline.model import Segment
    from pipeline.translate import Translator

    store = ReviewStore()
    store.memory.add(memory_fr, "Eine deutsche Übersetzung des Satzes.", "human")
    run = Translator(load_glossary(None), ["memory"], conn=store.conn).run([Segment("b1.s1", new_fr)])
    result = run.results[0]
    assert result.suggestions and result.suggestions[0].score >= 95
    assert bool(result.target) is prefilled
    assert bool(result.suggestions[0].changed) is not prefilled
    if not prefilled:
        assert result.suggestions[0].to_dict()["changed"]
        assert any("only offered" in outcome for _, outcome in run.tried)
