"""The review store's promises: kept work is never overwritten; changed sources restart; history."""

from pathlib import Path

import pytest

from pipeline.glossary import Glossary
from pipeline.model import Block, Document, Segment
from pipeline.review.store import Change, ReviewStore, release_id
from pipeline.state import transaction
from pipeline.translate import SegmentResult


def document(*texts: str) -> Document:
    blocks = [Block(f"b{i}", "paragraph", [Segment(f"b{i}.s1", t)]) for i, t in enumerate(texts, 1)]
    return Document(source="sources/2024-01-01_test.txt", format="txt", title="Test", blocks=blocks)


def translate(store: ReviewStore, release: str, targets: dict[str, str], origin: str = "mt:libre") -> None:
    store.record_translations(release, [SegmentResult(i, "", t, origin) for i, t in targets.items()])


def test_release_id_is_a_safe_file_stem() -> None:
    assert release_id("sources/2021-07-09_hauts-de-france-nrw.txt") == "2021-07-09_hauts-de-france-nrw"
    assert release_id("../../etc/pass wd?.html") == "pass-wd"


def test_reviewed_and_approved_targets_survive_reruns() -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux.", "Trois."))
    translate(store, release, {"b1.s1": "Eins (MT).", "b2.s1": "Zwei (MT).", "b3.s1": "Drei (MT)."})
    store.apply_changes(release, [Change("b1.s1", "Eins.", "approved"), Change("b2.s1", "Zwei.", "reviewed")],
                        "anna", "test")
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
    store.apply_changes(release, [Change("b2.s1", status="approved")], "anna", "test")
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
    store.apply_changes(release, [Change("b1.s1", target="Eins.")], "anna", "test")
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
    from pipeline.errors import ImportRefused

    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    translate(store, release, {"b1.s1": "Eins."})
    with pytest.raises(ImportRefused, match="b2.s1"):
        store.apply_changes(release, [Change("b1.s1", status="approved"), Change("b2.s1", status="approved")],
                            "anna", "test")
    assert store.status_counts(release)["approved"] == 0


def test_removed_segments_go_to_history(tmp_path: Path) -> None:
    store = ReviewStore()
    release = store.sync_document(document("Un.", "Deux."))
    store.sync_document(document("Un."))
    assert [r["id"] for r in store.segments(release)] == ["b1.s1"]
    assert store.history(release, "b2.s1")[-1]["reason"] == "segment no longer in the release"
    assert Glossary(()).version == "empty"
