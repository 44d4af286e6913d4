"""Several reviewers and real tools: Word tracked changes and balloon comments, copies of one export,
older copies, deleted and sorted rows, conflicts, files saved by LibreOffice. Every case checks the
store row by row before and after."""

import json
from pathlib import Path

import docx
import pytest
from translate.storage import xliff

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from tests.conftest import SAMPLE
from tests.review.conftest import COMMENT, DE, FR, ID, QA, RELEASE, STATUS, export
from tests.review.wordedit import balloon, needs_libreoffice, save_through_libreoffice, track_insert, track_replace

XLF = "{urn:oasis:names:tc:xliff:document:1.2}"


def state() -> dict[str, tuple]:
    """Per segment: target, status, origin, comment texts, revision."""
    return {r["id"]: (r["target"], r["status"], r["origin"], [c["text"] for c in json.loads(r["comments"])],
                      r["revision"]) for r in ReviewStore().segments(RELEASE)}


def edit(path: Path, change) -> Path:
    document = docx.Document(str(path))
    rows = {row.cells[ID].text: row for row in document.tables[0].rows[1:]}
    change(document, rows)
    document.save(str(path))
    return path


def import_file(path: Path, capsys, *extra: str, by: str = "anna") -> tuple[int, str, str]:
    code = main(["review", "import", str(path), "--by", by, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def only_changed(before: dict, after: dict) -> set[str]:
    return {sid for sid in before if before[sid] != after[sid]}


# ---- Word as translators use it ------------------------------------------------------------------
def test_tracked_changes_are_read_as_accepted(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)
    original = state()["b4.s2"][0]
    assert "Kooperationsabkommen" in original

    def change(document, rows):
        track_replace(rows["b4.s2"].cells[DE], "Kooperationsabkommen", "Abkommen über die Zusammenarbeit")
        track_insert(rows["b3.s1"].cells[DE], " gemeinsam")

    before = state()
    code, out, _ = import_file(edit(path, change), capsys)
    after = state()
    assert code == 0 and "2 segment(s) with tracked changes imported as accepted" in out
    assert after["b4.s2"][0] == original.replace("Kooperationsabkommen", "Abkommen über die Zusammenarbeit")
    assert after["b3.s1"][0] == before["b3.s1"][0] + " gemeinsam"
    assert only_changed(before, after) == {"b4.s2", "b3.s1"}


def test_balloon_comments_become_a_list_with_author_and_date(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)

    def change(document, rows):
        balloon(document, rows["b2.s1"].cells[DE], "Titel von Herrn Laschet prüfen.", "Anna Weber")
        balloon(document, rows["b2.s1"].cells[FR], "Einverstanden, aber kürzer.", "Ben Krause",
                "2026-11-30T10:00:00Z")
        rows["b2.s1"].cells[COMMENT].text = "Zeichensetzung ok."

    before = state()
    code, out, _ = import_file(edit(path, change), capsys)
    assert code == 0 and "3 commented" in out
    comments = json.loads(ReviewStore().segments(RELEASE)[1]["comments"])
    assert [(c["author"], c["text"]) for c in comments] == [
        ("anna", "Zeichensetzung ok."), ("Ben Krause", "Einverstanden, aber kürzer."),
        ("Anna Weber", "Titel von Herrn Laschet prüfen.")]
    assert comments[1]["at"] == "2026-11-30T10:00:00Z"
    assert only_changed(before, state()) == {"b2.s1"}
    again = docx.Document(str(export(tmp_path, capsys, "again")))
    cell = again.tables[0].rows[2].cells[COMMENT]
    assert [p.text.split(" — ")[0] for p in cell.paragraphs] == [c["text"] for c in comments]
    code, out, _ = import_file(tmp_path / "again.docx", capsys)  # the comments shown are not added twice
    assert code == 0 and "no changes" in out


def test_a_comment_outside_the_table_is_reported_not_dropped(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)

    def change(document, rows):
        heading = document.paragraphs[0]
        document.add_comment(heading.runs, text="Titel insgesamt zu lang.", author="Ben Krause")

    code, out, _ = import_file(edit(path, change), capsys)
    assert code == 0 and "1 Word comment(s) outside the review table not imported: «Titel insgesamt zu lang.»" in out


@pytest.mark.parametrize(("word", "status"), [
    ("approved", "approved"), ("Approved", "approved"), ("  APPROVED ", "approved"), ("freigegeben", "approved"),
    ("Validé", "approved"), ("valide", "approved"), ("geprüft", "reviewed"), ("Signed off", "reviewed"),
    ("révisé", "reviewed"), ("abgelehnt", "rejected"), ("Rejeté", "rejected"), ("übersetzt", "translated"),
])
def test_status_words_in_three_languages(translated, tmp_path, capsys, word, status) -> None:
    path = edit(export(tmp_path, capsys), lambda d, rows: setattr(rows["b3.s1"].cells[STATUS], "text", word))
    assert import_file(path, capsys)[0] == 0
    assert state()["b3.s1"][1] == status


# ---- versions and three-way import ---------------------------------------------------------------
def test_two_reviewers_copies_of_one_export_both_count(translated, tmp_path, capsys) -> None:
    first = export(tmp_path, capsys, "anna")
    second = export(tmp_path, capsys, "ben")
    edit(first, lambda d, rows: (setattr(rows["b1.s1"].cells[STATUS], "text", "approved"),
                                 setattr(rows["b2.s2"].cells[COMMENT], "text", "Gut.")))
    edit(second, lambda d, rows: (setattr(rows["b3.s1"].cells[DE], "text", "Gemeinsam handeln für die Zukunft"),
                                  setattr(rows["b2.s2"].cells[COMMENT], "text", "Passt.")))
    before = state()
    assert import_file(first, capsys, by="anna")[0] == 0
    code, out, _ = import_file(second, capsys, by="ben")
    after = state()
    assert code == 0 and "1 edited" in out
    assert after["b1.s1"][1] == "approved"  # Ben's untouched row did not undo Anna's approval
    assert after["b3.s1"][:3] == ("Gemeinsam handeln für die Zukunft", "translated", "human")
    assert after["b2.s2"][3] == ["Gut.", "Passt."]  # two reviewers' comments, never glued together
    assert only_changed(before, after) == {"b1.s1", "b2.s2", "b3.s1"}


def test_same_file_twice_and_an_older_copy_change_nothing(translated, tmp_path, capsys) -> None:
    older = export(tmp_path, capsys, "older")
    edit(older, lambda d, rows: setattr(rows["b5.s1"].cells[COMMENT], "text", "Alte Anmerkung."))
    newer = export(tmp_path, capsys, "newer")
    edit(newer, lambda d, rows: (setattr(rows["b1.s1"].cells[STATUS], "text", "approved"),
                                 setattr(rows["b2.s1"].cells[DE], "text", "Neu übersetzt.")))
    assert import_file(newer, capsys)[0] == 0
    after_first = state()
    code, out, _ = import_file(newer, capsys)
    assert code == 0 and out.startswith("sample.txt: no changes") and state() == after_first
    code, out, _ = import_file(older, capsys)  # older copy: its rows still show the old state
    assert code == 0 and "1 commented" in out
    final = state()
    assert final["b1.s1"][1] == "approved" and final["b2.s1"][0] == "Neu übersetzt."
    assert only_changed(after_first, final) == {"b5.s1"}


def conflicting_copies(tmp_path, capsys) -> Path:
    mine = export(tmp_path, capsys, "mine")
    theirs = export(tmp_path, capsys, "theirs")
    edit(mine, lambda d, rows: setattr(rows["b3.s1"].cells[DE], "text", "Gemeinsam handeln (Anna)."))
    edit(theirs, lambda d, rows: (setattr(rows["b3.s1"].cells[DE], "text", "Gemeinsam handeln (Ben)."),
                                  setattr(rows["b4.s1"].cells[STATUS], "text", "reviewed")))
    assert import_file(mine, capsys, by="anna")[0] == 0
    return theirs


def test_a_conflict_refuses_the_whole_import_and_says_what_differs(translated, tmp_path, capsys) -> None:
    theirs = conflicting_copies(tmp_path, capsys)
    before = state()
    code, _, err = import_file(theirs, capsys, by="ben")
    assert code == 1 and state() == before
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {theirs}: 1 segment(s) changed both in the store and in the file")
    assert "--resolve file" in lines[0]
    assert lines[1].strip().startswith("b3.s1: store has [translated] «Gemeinsam handeln (Anna).» (changed by anna at")
    assert "file has [translated] «Gemeinsam handeln (Ben).»" in lines[1]


def test_resolve_store_keeps_the_store_and_the_files_version_in_history(translated, tmp_path, capsys) -> None:
    theirs = conflicting_copies(tmp_path, capsys)
    code, out, _ = import_file(theirs, capsys, "--resolve", "store", by="ben")
    after = state()
    assert code == 0 and "1 conflicts kept as in the store" in out and "1 reviewed" in out
    assert after["b3.s1"][0] == "Gemeinsam handeln (Anna)." and after["b4.s1"][1] == "reviewed"
    kept = ReviewStore().history(RELEASE, "b3.s1")[-1]
    assert (kept["target"], kept["author"]) == ("Gemeinsam handeln (Ben).", "ben")
    assert kept["reason"].startswith("conflict resolved for the store")


def test_resolve_file_takes_the_files_rows(translated, tmp_path, capsys) -> None:
    theirs = conflicting_copies(tmp_path, capsys)
    code, out, _ = import_file(theirs, capsys, "--resolve", "file", by="ben")
    assert code == 0 and "1 conflicts taken from the file" in out
    assert state()["b3.s1"][0] == "Gemeinsam handeln (Ben)."
    assert ReviewStore().history(RELEASE, "b3.s1")[-1]["target"] == "Gemeinsam handeln (Anna)."


def test_deleted_and_sorted_rows_are_named_in_the_summary(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)

    def change(document, rows):
        table = document.tables[0]._tbl
        trs = table.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
        for tr in trs[1:]:
            table.remove(tr)
        for tr in reversed(trs[1:]):  # sorted Z→A by ID
            table.append(tr)
        table.remove(rows["b6.s1"]._tr)
        rows["b7.s1"].cells[STATUS].text = "reviewed"

    before = state()
    code, out, _ = import_file(edit(path, change), capsys)
    assert code == 0
    assert "1 segment(s) not in the file (rows deleted?), left as they are: b6.s1" in out
    assert "rows are in another order than exported" in out
    assert only_changed(before, state()) == {"b7.s1"}


def test_an_import_runs_qa_again(translated, tmp_path, capsys) -> None:
    path = edit(export(tmp_path, capsys), lambda d, rows: setattr(
        rows["b6.s1"].cells[DE], "text", "Die erneuerte Zusammenarbeit gliedert sich in 8 Themen:"))
    assert import_file(path, capsys)[0] == 0
    assert main(["review", "status", str(SAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["open_findings"].get("number-missing") == 1
    again = docx.Document(str(export(tmp_path, capsys, "again")))
    row = next(r for r in again.tables[0].rows if r.cells[ID].text == "b6.s1")
    assert "number-missing" in row.cells[QA].text


# ---- XLIFF -------------------------------------------------------------------------------------
def test_xliff_copies_custom_states_and_older_files(translated, tmp_path, capsys) -> None:
    first, second = export(tmp_path, capsys, "a", "xliff"), export(tmp_path, capsys, "b", "xliff")
    store = xliff.xlifffile.parsestring(first.read_bytes())
    units = store.getunits()
    units[0].xmlelement.find(f"{XLF}target").set("state", "final")
    units[1].xmlelement.find(f"{XLF}target").set("state", "x-memoq-confirmed")
    first.write_bytes(bytes(store))
    before = state()
    code, out, _ = import_file(first, capsys)
    assert code == 0 and "1 segment(s) with a tool's own state kept their status: b2.s1 (x-memoq-confirmed)" in out
    assert only_changed(before, state()) == {"b1.s1"}
    approved = state()
    code, out, _ = import_file(second, capsys)  # an untouched second copy undoes nothing
    assert code == 0 and "no changes" in out and state() == approved


# ---- through LibreOffice -----------------------------------------------------------------------
@needs_libreoffice
def test_revisions_survive_a_save_in_libreoffice(translated, tmp_path, capsys) -> None:
    first = export(tmp_path, capsys, "anna")
    second = export(tmp_path, capsys, "ben")

    def anna(document, rows):
        track_replace(rows["b4.s2"].cells[DE], "Kooperationsabkommen", "Partnerschaftsabkommen")
        balloon(document, rows["b4.s2"].cells[DE], "Begriff mit dem Ministerium abgestimmt.", "Anna Weber")
        rows["b1.s1"].cells[STATUS].text = "freigegeben"

    edit(first, anna)
    edit(second, lambda d, rows: setattr(rows["b5.s1"].cells[STATUS], "text", "geprüft"))
    saved_first = save_through_libreoffice(first, tmp_path)
    saved_second = save_through_libreoffice(second, tmp_path)
    before = state()
    code, out, _ = import_file(saved_first, capsys, by="anna")
    assert code == 0 and "1 segment(s) with tracked changes imported as accepted" in out
    code, out, _ = import_file(saved_second, capsys, by="ben")
    assert code == 0
    after = state()
    assert after["b4.s2"][0] == before["b4.s2"][0].replace("Kooperationsabkommen", "Partnerschaftsabkommen")
    assert after["b4.s2"][3] == ["Begriff mit dem Ministerium abgestimmt."]
    assert after["b1.s1"][1] == "approved" and after["b5.s1"][1] == "reviewed"
    assert only_changed(before, after) == {"b1.s1", "b4.s2", "b5.s1"}
    code, out, _ = import_file(saved_first, capsys, by="anna")  # again, after Ben: nothing changes
    assert code == 0 and "no changes" in out and state() == after


def test_every_import_says_which_name_it_recorded(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)
    code, out, _ = import_file(path, capsys, by="Claire Roux")
    assert code == 0 and "recorded as: Claire Roux" in out
