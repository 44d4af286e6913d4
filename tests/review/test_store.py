"""The review store's promises: kept work is never overwritten; changed sources restart; every change
is a revision whose earlier state stays in history; old stores are migrated with nothing lost."""

import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import ImportRefused
from pipeline.glossary import Glossary
from pipeline.model import Block, Document, Segment
from pipeline.review.merge import FileRow, ReviewFile, import_review_file
from pipeline.review.store import ReviewStore, release_id
from pipeline.state import DB_NAME, SCHEMA_VERSION, connect, transaction
from pipeline.translate import SegmentResult


def document(*texts: str, source: str = "sources/2024-01-01_test.txt") -> Document:
    blocks = [Block(f"b{i}", "paragraph", [Segment(f"b{i}.s1", t)]) for i, t in enumerate(texts, 1)]
    return Document(source=source, format="txt", title="Test", blocks=blocks)


def translate(store: ReviewStore, release: str, targets: dict[str, str], origin: str = "mt:libre") -> None:
    store.record_translations(release, [SegmentResult(i, "", t, origin) for i, t in targets.items()])


def review(store: ReviewStore, release: str, edits: dict[str, tuple[str | None, str | None]], author: str = "anna"):
    """Export-and-return in one step: every row at its current revision, ``edits`` applied."""
    rows = [FileRow(r["id"], r["source"], *edits.get(r["id"], (None, None)), revision=r["revision"])
            for r in store.segments(release)]
    return import_review_file(store, ReviewFile(Path("r.docx"), release, "test", rows), author)


@pytest.mark.parametrize(("source", "expected"), [
    ("sources/2021-07-09_hauts-de-france-nrw.txt", "2021-07-09_hauts-de-france-nrw.txt"),
    ("sources/aix.html", "aix.html"),
    ("sources/Région Grand Est.txt", "Région Grand Est.txt"),
    ("sources/Région Grand-Est.txt", "Région Grand-Est.txt"),
    ("../../etc/pass wd?.html", "pass wd?.html"),
])
def test_release_id_is_the_exact_file_name(source: str, expected: str) -> None:
    assert release_id(source) == expected


def test_files_differing_only_in_suffix_or_spelling_are_separate_releases() -> None:
    store = ReviewStore()
    names = ["sources/aix.html", "sources/aix.docx", "sources/aix.pdf",
             "sources/Région Grand Est.txt", "sources/Région Grand-Est.txt"]
    for name in names:
        release = store.sync_document(document("Un.", "Deux.", source=name))
        translate(store, release, {"b1.s1": "Eins.", "b2.s1": "Zwei."})
    review(store, "aix.html", {"b1.s1": (None, "approved"), "b2.s1": (None, "approved")})
    review(store, "Région Grand Est.txt", {"b1.s1": (None, "approved")})
    for name in names:  # running every other file again leaves the approvals alone
        store.sync_document(document("Un.", "Deux.", source=name))
    assert [r["release"] for r in store.releases()] == sorted(release_id(n) for n in names)
    assert store.status_counts("aix.html")["approved"] == 2
    assert store.status_counts("Région Grand Est.txt")["approved"] == 1
    assert store.status_counts("Région Grand-Est.txt")["approved"] == 0


def test_output_stems_are_unique_and_stable() -> None:
    store = ReviewStore()
    for name in ("sources/aix.html", "sources/aix.pdf"):
        store.sync_document(document("Un.", source=name))
    assert store.claim_stem("aix.html", "2024-01-01_test", "html") == "2024-01-01_test"
    assert store.claim_stem("aix.pdf", "2024-01-01_test", "pdf") == "2024-01-01_test-pdf"
    assert store.claim_stem("aix.html", "2024-01-01_test", "html") == "2024-01-01_test"


def test_every_change_is_a_revision_and_the_old_state_stays_findable() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un."))
    assert store.segments(release)[0]["revision"] == 1
    translate(store, release, {"b1.s1": "Eins (MT)."})
    review(store, release, {"b1.s1": ("Eins.", "reviewed")})
    row = store.segments(release)[0]
    assert (row["revision"], row["target"], row["status"], row["updated_by"]) == (3, "Eins.", "reviewed", "anna")
    assert store.state_at(release, "b1.s1", 2)["target"] == "Eins (MT)."
    assert store.state_at(release, "b1.s1", 1)["target"] == ""


def test_reviewed_and_approved_targets_survive_reruns() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux.", "Trois."))
    translate(store, release, {"b1.s1": "Eins (MT).", "b2.s1": "Zwei (MT).", "b3.s1": "Drei (MT)."})
    review(store, release, {"b1.s1": ("Eins.", "approved"), "b2.s1": ("Zwei.", "reviewed")})
    store.sync_document(document("Un.", "Deux.", "Trois."))
    assert [r["id"] for r in store.pending(release)] == ["b3.s1"]
    translate(store, release, {"b1.s1": "X", "b2.s1": "Y", "b3.s1": "Drei (MT 2)."})
    rows = {r["id"]: r for r in store.segments(release)}
    assert (rows["b1.s1"]["target"], rows["b1.s1"]["status"], rows["b1.s1"]["origin"]) == ("Eins.", "approved", "human")
    assert rows["b2.s1"]["target"] == "Zwei." and rows["b3.s1"]["target"] == "Drei (MT 2)."
    assert store.memory.exact("Un.")["target"] == "Eins."


def test_changed_source_keeps_old_work_in_history_and_restarts() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    translate(store, release, {"b1.s1": "Eins.", "b2.s1": "Zwei."})
    review(store, release, {"b2.s1": (None, "approved")})
    store.sync_document(document("Un.", "Deux, modifié."))
    row = {r["id"]: r for r in store.segments(release)}["b2.s1"]
    assert (row["source"], row["target"], row["status"]) == ("Deux, modifié.", "", "new")
    history = store.history(release, "b2.s1")
    assert history[-1]["target"] == "Zwei." and history[-1]["status"] == "approved"
    assert history[-1]["reason"] == "source text changed" and history[-1]["author"] == "anna"


def test_human_translations_are_not_replaced_by_machine_output() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un."))
    translate(store, release, {"b1.s1": "Eins (MT)."})
    review(store, release, {"b1.s1": ("Eins.", None)})
    assert store.pending(release) == []
    row = store.segments(release)[0]
    assert (row["target"], row["origin"], row["status"]) == ("Eins.", "human", "translated")


def test_a_crash_in_the_middle_leaves_the_last_consistent_state() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    translate(store, release, {"b1.s1": "Eins.", "b2.s1": "Zwei."})
    with pytest.raises(RuntimeError), transaction(store.conn):
        store.conn.execute("UPDATE segments SET target='kaputt' WHERE id='b1.s1'")
        raise RuntimeError("power cut")
    assert [r["target"] for r in store.segments(release)] == ["Eins.", "Zwei."]


def test_approval_without_text_is_refused_whole() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    translate(store, release, {"b1.s1": "Eins."})
    with pytest.raises(ImportRefused, match="b2.s1"):
        review(store, release, {"b1.s1": (None, "approved"), "b2.s1": (None, "approved")})
    assert store.status_counts(release)["approved"] == 0


def test_removed_segments_go_to_history() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    store.sync_document(document("Un."))
    assert [r["id"] for r in store.segments(release)] == ["b1.s1"]
    assert store.history(release, "b2.s1")[-1]["reason"] == "segment no longer in the release"
    assert Glossary(()).version == "empty"


# A store as the previous version wrote it: schema copied from that version's pipeline/state.py.
V1_SCHEMA = """
CREATE TABLE tm (key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL,
    author TEXT, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE releases (release TEXT PRIMARY KEY, source_path TEXT NOT NULL, title TEXT NOT NULL,
    document TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE segments (release TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new', origin TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '[]', repairs TEXT NOT NULL DEFAULT '[]', comment TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '', PRIMARY KEY (release, id));
CREATE TABLE history (release TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL, origin TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL);
"""


def test_a_store_written_by_the_previous_version_keeps_its_approvals(isolated_state: Path) -> None:
    import json

    old = sqlite3.connect(isolated_state / DB_NAME)
    old.executescript(V1_SCHEMA)
    doc = document("Un.", "Deux.", source="sources/Région Grand Est.txt")
    old.execute("INSERT INTO releases VALUES (?,?,?,?,?)",
                ("R-gion-Grand-Est", doc.source, "Test", json.dumps(doc.to_dict()), "2026-01-01T10:00:00+00:00"))
    old.executemany("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [
        ("R-gion-Grand-Est", "b1.s1", 0, "Un.", "Eins.", "approved", "human", "[]", "[]", "Gut so.",
         "2026-01-02T09:00:00+00:00", "anna"),
        ("R-gion-Grand-Est", "b2.s1", 1, "Deux.", "Zwei.", "translated", "mt:libre", "[]", "[]", "", "2026-01-01T10:00:00+00:00", "pipeline"),
    ])
    old.execute("INSERT INTO history VALUES (?,?,?,?,?,?,?,?,?)",
                ("R-gion-Grand-Est", "b1.s1", "Un.", "Eins (MT).", "translated", "mt:libre", "pipeline",
                 "2026-01-01T10:00:00+00:00", "review via review docx"))
    old.commit()
    old.close()
    store = ReviewStore(connect())
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    release = store.sync_document(doc)  # the same file run again after the upgrade
    assert release == "Région Grand Est.txt"
    rows = {r["id"]: r for r in store.segments(release)}
    assert (rows["b1.s1"]["target"], rows["b1.s1"]["status"], rows["b1.s1"]["updated_by"]) == ("Eins.", "approved", "anna")
    assert json.loads(rows["b1.s1"]["comments"]) == [{"author": "anna", "at": "2026-01-02T09:00:00+00:00", "text": "Gut so."}]
    assert store.history(release, "b1.s1")[0]["target"] == "Eins (MT)."
    assert [r["release"] for r in store.releases()] == ["Région Grand Est.txt"]
