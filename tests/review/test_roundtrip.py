"""Review round trips edited the way a translator would: python-docx for Word, translate-toolkit
for XLIFF; tampered files are refused and the store stays unchanged."""

import json

import docx
import pytest
from lxml import etree
from translate.storage import xliff

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from pipeline.word.formatting import run_languages
from tests.conftest import SAMPLE, shared_file
from tests.review.conftest import COMMENT, DE, FR, ID, ORIGIN, RELEASE, STATUS, export


def snapshot() -> list[tuple]:
    return [tuple(r) for r in ReviewStore().segments(RELEASE)]


def stored() -> dict:
    return {r["id"]: r for r in ReviewStore().segments(RELEASE)}


def test_docx_table_layout_languages_and_highlights(translated, tmp_path, capsys) -> None:
    document = docx.Document(str(export(tmp_path, capsys, fmt="docx")))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["ID", "Status", "Origin", "Français", "Deutsch", "QA", "Comment"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    first = table.rows[1].cells
    assert first[ID].text == "b1.s1" and first[STATUS].text == "translated" and first[ORIGIN].text == "TM 100\u00a0%"
    assert run_languages(first[FR].paragraphs[0]) == {"fr-FR"}
    assert run_languages(first[DE].paragraphs[0]) == {"de-DE"}
    highlighted = [r.text for r in first[DE].paragraphs[0].runs if r.font.highlight_color is not None]
    assert "Nordrhein-Westfalen" in highlighted and "Hauts-de-France" in highlighted


def test_docx_round_trip(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="docx")
    document = docx.Document(str(path))
    rows = document.tables[0].rows
    rows[1].cells[STATUS].text = "approved"
    rows[2].cells[DE].text = "Im partnerschaftlichen Geist wurde Xavier Bertrand empfangen."
    rows[2].cells[COMMENT].text = "Gekürzt, bitte prüfen."
    rows[3].cells[STATUS].text = "rejected"
    document.save(str(path))
    assert main(["review", "import", str(path), "--by", "anna"]) == 0
    assert "sample.txt: 1 approved, 1 commented, 1 edited, 1 rejected" in capsys.readouterr().out
    segments = stored()
    assert segments["b1.s1"]["status"] == "approved" and segments["b1.s1"]["updated_by"] == "anna"
    assert segments["b2.s1"]["origin"] == "human"
    assert [c["text"] for c in json.loads(segments["b2.s1"]["comments"])] == ["Gekürzt, bitte prüfen."]
    assert segments["b2.s2"]["status"] == "rejected"
    assert ReviewStore().memory.exact(segments["b1.s1"]["source"])["origin"] == f"review:{RELEASE}"
    assert main(["review", "status", str(SAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["statuses"]["approved"] == 1


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda rows: setattr(rows[1].cells[ID], "text", "b99.s9"), "segment id 'b99.s9' is not in release"),
        (lambda rows: setattr(rows[1].cells[FR], "text", "Texte modifié."), "French text of segment b1.s1 was changed"),
        (lambda rows: setattr(rows[1].cells[STATUS], "text", "done"), "status 'done'; use one of new (new, neu"),
        (lambda rows: setattr(rows[3].cells[ID], "text", "b1.s1"), "segment b1.s1 appears twice"),
    ],
)
def test_tampered_docx_is_refused_and_nothing_changes(translated, tmp_path, capsys, tamper, message) -> None:
    path = export(tmp_path, capsys, fmt="docx")
    document = docx.Document(str(path))
    rows = document.tables[0].rows
    rows[2].cells[DE].text = "Eine gültige Änderung, die nicht übernommen werden darf."
    tamper(rows)
    document.save(str(path))
    before = snapshot()
    assert main(["review", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith(f"error: {path}") and "Traceback" not in err
    assert snapshot() == before


def test_docx_from_another_release_and_corrupt_files_are_refused(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="docx")
    assert main(["review", "import", str(path), "--release", "sources/other-release.txt"]) == 1
    assert "belongs to release 'sample.txt', not 'other-release.txt'" in capsys.readouterr().err
    assert main(["review", "import", str(path), "--release", "sources/sample.html"]) == 1
    assert "not 'sample.html'" in capsys.readouterr().err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04garbage")
    assert main(["review", "import", str(broken)]) == 1
    assert "nothing was imported" in capsys.readouterr().err


def test_xliff_is_valid_xliff_1_2(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="xliff")
    schema = etree.XMLSchema(etree.parse(str(shared_file("schemas/xliff-core-1.2-strict.xsd"))))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    text = path.read_text(encoding="utf-8")
    assert 'version="1.2"' in text and 'state-qualifier="leveraged-tm"' in text and "document:1.1" not in text
    assert '<note from="pipeline-glossary">Glossary: Aix-la-Chapelle → Aachen (name)</note>' in text
    assert 'extradata="pipeline-revision:2"' in text


def test_xliff_round_trip(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="xliff")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    units = store.getunits()
    units[0].target = "Die Region Hauts-de-France und Nordrhein-Westfalen erneuern ihre Partnerschaft"
    units[0].xmlelement.find(f"{{{units[0].namespace}}}target").set("state", "final")
    units[1].xmlelement.find(f"{{{units[1].namespace}}}target").set("state", "signed-off")
    units[2].addnote("Bitte Terminologie prüfen.", origin="Ben Krause")
    units[2].addnote("Einverstanden.", origin="Clara")
    path.write_bytes(bytes(store))
    assert main(["review", "import", str(path), "--by", "ben"]) == 0
    rows = stored()
    assert rows["b1.s1"]["status"] == "approved" and rows["b1.s1"]["origin"] == "human"
    assert rows["b1.s1"]["target"].endswith("Partnerschaft")
    assert rows["b2.s1"]["status"] == "reviewed"
    comments = json.loads(rows["b2.s2"]["comments"])
    assert [(c["author"], c["text"]) for c in comments] == [("Ben Krause", "Bitte Terminologie prüfen."),
                                                             ("Clara", "Einverstanden.")]
    again = export(tmp_path, capsys, "again", "xliff")
    notes = xliff.xlifffile.parsestring(again.read_bytes()).getunits()[2].xmlelement.findall(f"{{{units[0].namespace}}}note")
    assert [(n.get("from"), n.text) for n in notes][-2:] == [("Ben Krause", "Bitte Terminologie prüfen."),
                                                              ("Clara", "Einverstanden.")]


def test_xliff_with_entities_or_edited_source_is_refused(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="xliff")
    before = snapshot()
    text = path.read_text(encoding="utf-8")
    bomb = text.replace('<?xml version="1.0" encoding="UTF-8"?>',
                        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaa">]>')
    path.write_text(bomb, encoding="utf-8")
    assert main(["review", "import", str(path)]) == 1
    assert "declares XML entities" in capsys.readouterr().err
    path.write_text(text.replace("renouvellent leur coopération</source>", "renouvellent tout</source>"),
                    encoding="utf-8")
    assert main(["review", "import", str(path)]) == 1
    assert "French text of segment b1.s1 was changed" in capsys.readouterr().err
    assert snapshot() == before


def test_qa_command_reports_for_a_stored_release(translated, capsys) -> None:
    assert main(["qa", str(SAMPLE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report) == 24 and all(r["issues"] == [] for r in report)


def test_qa_on_an_unknown_release_says_what_to_do(capsys) -> None:
    assert main(["qa", "sources/never-seen.txt"]) == 1
    assert "run 'pipeline translate'" in capsys.readouterr().err


def test_translate_toolkit_counts_reviewed_work_as_translated(translated, tmp_path, capsys) -> None:
    """Per status, what translate-toolkit (and the tools built on it: pofilter, pocount, xliff2po) sees:
    reviewed and approved units are translated, unreviewed machine output and rejected ones fuzzy."""
    store = ReviewStore()
    rows = store.segments(RELEASE)
    wanted = {"new": rows[0], "translated": rows[1], "reviewed": rows[2], "approved": rows[3], "rejected": rows[4]}
    for status, row in wanted.items():
        store.update(row, "Anna Weber", "test", status=status, target="" if status == "new" else row["target"])
    path = export(tmp_path, capsys, fmt="xliff")
    units = {u.xmlelement.get("id"): u for u in xliff.xlifffile.parsestring(path.read_bytes()).getunits()}
    seen = {status: (units[row["id"]].istranslated(), units[row["id"]].isfuzzy()) for status, row in wanted.items()}
    assert seen == {"new": (False, False), "translated": (False, True), "reviewed": (True, False),
                    "approved": (True, False), "rejected": (False, True)}
    assert main(["review", "import", str(path), "--by", "anna"]) == 0  # and back, statuses unchanged
    capsys.readouterr()
    assert {status: stored()[row["id"]]["status"] for status, row in wanted.items()} == {s: s for s in wanted}
