"""The review store: each release's segments with status, origin, target, history, comments and QA.

Rules a translator can rely on:
- re-running the pipeline never overwrites a reviewed or approved target, nor a human one;
- when a segment's French source changed, its old work goes to history and it starts again as new;
- every change is a transaction, and every earlier target stays in history (who, when, origin);
- approving a segment puts it into the translation memory, in the same transaction.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.errors import ImportRefused, StoreError
from pipeline.memory import TranslationMemory
from pipeline.model import STATUSES, Document, Finding
from pipeline.segment import normalise_whitespace
from pipeline.state import connect, now, transaction

KEPT = ("reviewed", "approved")


def release_id(source: str) -> str:
    """The release's id: its file name without suffix, in safe characters."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", os.path.basename(source))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "release"


def current_user() -> str:
    return os.environ.get("PIPELINE_USER") or getpass.getuser()


@dataclass
class Change:
    """One reviewer's edit of a segment, from a review DOCX or XLIFF file."""

    id: str
    target: str | None = None
    status: str | None = None
    comment: str | None = None


class ReviewStore:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or connect()
        self.memory = TranslationMemory(self.conn)

    # ---- reading -------------------------------------------------------------------------------
    def document(self, release: str) -> Document:
        row = self.conn.execute("SELECT document FROM releases WHERE release = ?", (release,)).fetchone()
        if row is None:
            raise StoreError(f"release '{release}' is not in the review store; run 'pipeline translate' "
                             "or 'pipeline run' on it first")
        return Document.from_dict(json.loads(row["document"]))

    def segments(self, release: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM segments WHERE release = ? ORDER BY position",
                                 (release,)).fetchall()

    def history(self, release: str, segment: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM history WHERE release = ? AND id = ? ORDER BY rowid",
                                 (release, segment)).fetchall()

    def status_counts(self, release: str) -> dict[str, int]:
        counts = Counter(row["status"] for row in self.segments(release))
        return {status: counts.get(status, 0) for status in STATUSES}

    def open_findings(self, release: str) -> list[tuple[str, dict[str, Any]]]:
        return [(row["id"], finding) for row in self.segments(release)
                for finding in json.loads(row["findings"]) if row["status"] != "approved"]

    # ---- writing by the pipeline ---------------------------------------------------------------
    def sync_document(self, doc: Document) -> str:
        """Record the release and its segments; changed sources go back to new, with history."""
        release = release_id(doc.source)
        stamp = now()
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO releases VALUES (?,?,?,?,?) ON CONFLICT(release) DO UPDATE SET "
                "source_path=excluded.source_path, title=excluded.title, document=excluded.document, "
                "updated=excluded.updated",
                (release, doc.source, doc.title, json.dumps(doc.to_dict(), ensure_ascii=False), stamp))
            existing = {row["id"]: row for row in self.segments(release)}
            for position, segment in enumerate(doc.segments()):
                row = existing.pop(segment.id, None)
                if row is None:
                    self.conn.execute(
                        "INSERT INTO segments (release, id, position, source, updated) VALUES (?,?,?,?,?)",
                        (release, segment.id, position, segment.text, stamp))
                elif row["source"] != segment.text:
                    self._to_history(row, "pipeline", "source text changed")
                    self.conn.execute(
                        "UPDATE segments SET source=?, position=?, target='', status='new', origin='', "
                        "findings='[]', repairs='[]', updated=? WHERE release=? AND id=?",
                        (segment.text, position, stamp, release, segment.id))
                else:
                    self.conn.execute("UPDATE segments SET position=? WHERE release=? AND id=?",
                                      (position, release, segment.id))
            for row in existing.values():
                self._to_history(row, "pipeline", "segment no longer in the release")
                self.conn.execute("DELETE FROM segments WHERE release=? AND id=?", (release, row["id"]))
        return release

    def pending(self, release: str) -> list[sqlite3.Row]:
        """Segments the machine may (re)translate: not reviewed, not approved, not human."""
        return [row for row in self.segments(release)
                if row["status"] not in KEPT and row["origin"] != "human"]

    def record_translations(self, release: str, results: list[Any]) -> None:
        """Store machine/memory targets for pending segments; never touches kept or human work."""
        by_id = {row["id"]: row for row in self.pending(release)}
        stamp = now()
        with transaction(self.conn):
            for result in results:
                row = by_id.get(result.id)
                if row is None or not result.target or result.target == row["target"]:
                    continue
                if row["target"]:
                    self._to_history(row, "pipeline", "new machine or memory translation")
                self.conn.execute(
                    "UPDATE segments SET target=?, status='translated', origin=?, repairs=?, updated=?, "
                    "updated_by='pipeline' WHERE release=? AND id=?",
                    (result.target, result.origin, json.dumps([r.to_dict() for r in result.repairs]),
                     stamp, release, result.id))

    def record_findings(self, release: str, findings: dict[str, list[Finding]]) -> None:
        with transaction(self.conn):
            for segment, found in findings.items():
                self.conn.execute("UPDATE segments SET findings=? WHERE release=? AND id=?",
                                  (json.dumps([f.to_dict() for f in found], ensure_ascii=False),
                                   release, segment))

    # ---- writing by reviewers ------------------------------------------------------------------
    def apply_changes(self, release: str, changes: list[Change], author: str, via: str) -> dict[str, int]:
        """All or nothing: the whole file's changes, or none of them."""
        rows = {row["id"]: row for row in self.segments(release)}
        summary = Counter[str]()
        with transaction(self.conn):
            for change in changes:
                row = rows[change.id]
                summary.update(self._apply(release, row, change, author, via))
        return dict(summary)

    def _apply(self, release: str, row: sqlite3.Row, change: Change, author: str, via: str) -> list[str]:
        done = []
        target, status, origin, comment = row["target"], row["status"], row["origin"], row["comment"]
        if change.target is not None and normalise_whitespace(change.target) != normalise_whitespace(target):
            target, origin = normalise_whitespace(change.target), "human"
            status = "translated" if status in ("new", "rejected") else status
            done.append("edited")
        if change.status is not None and change.status != row["status"]:
            status = change.status
            done.append(status)
        if change.comment is not None and change.comment.strip() != (comment or "").strip():
            comment = change.comment.strip()
            done.append("commented")
        if status == "approved" and not target.strip():
            raise ImportRefused(f"segment {row['id']}: cannot be approved without a German text; "
                                "nothing was imported")
        if not done:
            return []
        if target != row["target"] or status != row["status"]:
            self._to_history(row, author, f"review via {via}")
        self.conn.execute(
            "UPDATE segments SET target=?, status=?, origin=?, comment=?, updated=?, updated_by=? "
            "WHERE release=? AND id=?",
            (target, status, origin, comment, now(), author, release, row["id"]))
        if status == "approved":
            self.memory.add(row["source"], target, f"review:{release}", author)
        return done

    def _to_history(self, row: sqlite3.Row, author: str, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO history (release, id, source, target, status, origin, author, at, reason) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (row["release"], row["id"], row["source"], row["target"], row["status"], row["origin"],
             row["updated_by"] or author, row["updated"], reason))

    def import_file(self, path: str, release: str, changes: list[Change], sources: dict[str, str],
                    author: str, via: str, expected_release: str | None = None) -> dict[str, int]:
        """Check a reviewed file as a whole (its release, ids, French texts, statuses), then apply it."""
        if expected_release and release != expected_release:
            raise ImportRefused(f"{path}: belongs to release '{release}', not '{expected_release}'; "
                                "nothing was imported")
        try:
            self.document(release)
        except StoreError as exc:
            raise ImportRefused(f"{path}: belongs to release '{release}', which is not in the review store; "
                                "nothing was imported") from exc
        self.validate_changes(release, changes, sources, path)
        return self.apply_changes(release, changes, author, via)

    def validate_changes(self, release: str, changes: list[Change], sources: dict[str, str], path: str) -> None:
        """Refuse the whole file for an unknown id, an edited French text or an unknown status."""
        rows = {row["id"]: row for row in self.segments(release)}
        for change in changes:
            if change.id not in rows:
                raise ImportRefused(f"{path}: segment id '{change.id}' is not in release '{release}'; "
                                    "nothing was imported")
            if normalise_whitespace(sources[change.id]) != normalise_whitespace(rows[change.id]["source"]):
                raise ImportRefused(f"{path}: the French text of segment {change.id} was changed; only the "
                                    "German text, status and comment may be edited; nothing was imported")
            if change.status is not None and change.status not in STATUSES:
                raise ImportRefused(f"{path}: segment {change.id} has status '{change.status}'; use one of "
                                    f"{', '.join(STATUSES)}; nothing was imported")
