"""The review store: each release's segments with status, origin, target, revision, history, comments,
QA findings and memory suggestions.

Rules a translator can rely on:
- re-running the pipeline never overwrites a reviewed or approved target, nor a human one;
- when a segment's French source changed, its old work goes to history and it starts again as new;
- every change of a segment's target, status or comments is a new revision, and the state it replaced
  goes to history with its revision (who, when, why), so every exported revision can be found again;
- every change is a transaction; approving a segment puts it into the translation memory in the same one;
- comments are a list (author, time, text), only ever added to;
- a press officer's correction of a key fact (struck, corrected, added, restored) is kept with the
  release, survives reruns (it names the fact as found, not its position) and is never deleted: the
  newest per fact is in force, the others are its history.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.errors import StoreError
from pipeline.language.tags import Tag, project, tags_from_json, tags_to_json
from pipeline.model import STATUSES, Document, Finding, release_id
from pipeline.state import connect, now, transaction
from pipeline.translate.memory import TranslationMemory

__all__ = ["FACT_ACTIONS", "FACT_KINDS", "KEPT", "Comment", "FactCorrection", "ReviewStore", "release_id"]

KEPT = ("reviewed", "approved")
FACT_KINDS = ("people", "places", "organisations", "dates", "figures")
FACT_ACTIONS = ("strike", "correct", "add", "restore")
MAX_FACT = 300


@dataclass(frozen=True)
class FactCorrection:
    """A press officer's word on one key fact: ``fact`` is its French text as found (or as added)."""

    kind: str
    fact: str
    action: str
    fr: str = ""
    de: str = ""
    author: str = ""
    at: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise StoreError(f"'{self.kind}' is not a kind of key fact; choose one of {', '.join(FACT_KINDS)}")
        if self.action not in FACT_ACTIONS:
            raise StoreError(f"'{self.action}' is not a correction; choose one of {', '.join(FACT_ACTIONS)}")
        if not self.fact.strip() or not self.author.strip():
            raise StoreError("a correction names the fact and who made it")
        if self.action in ("correct", "add") and not self.fr.strip():
            raise StoreError("a corrected or added fact needs its French text")
        if max(len(self.fact), len(self.fr), len(self.de)) > MAX_FACT:
            raise StoreError(f"a key fact is at most {MAX_FACT} characters")


@dataclass(frozen=True)
class Comment:
    """One reviewer's remark on a segment."""

    author: str
    at: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"author": self.author, "at": self.at, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comment:
        return cls(str(data.get("author", "")), str(data.get("at", "")), str(data.get("text", "")))


def comments_of(row: Any) -> list[Comment]:
    """The comments of a segment or history row."""
    return [Comment.from_dict(c) for c in json.loads(row["comments"] or "[]")]


def source_tags(row: Any) -> list[Tag]:
    return tags_from_json(row["tags"])


def placed_tags(row: Any) -> list[Tag] | None:
    """The German tags a translator placed on the segment's current German text; None when none were
    (or the German changed since), so that they are projected from the French."""
    if not row["target_tags"]:
        return None
    saved = json.loads(row["target_tags"])
    return tags_from_json(json.dumps(saved["tags"])) if saved.get("for") == row["target"] else None


def german_tags(row: Any) -> list[Tag]:
    """The segment's German tags: placed by a translator, else projected from the French."""
    french = source_tags(row)
    if not french or not row["target"]:
        return []
    placed = placed_tags(row)
    return placed if placed is not None else project(row["source"], french, row["target"])


def to_json(items: list[Any]) -> str:
    """A list of findings, repairs, suggestions or comments as stored (their ``to_dict``)."""
    return json.dumps([item.to_dict() for item in items], ensure_ascii=False)


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

    def segment(self, release: str, segment: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM segments WHERE release = ? AND id = ?", (release, segment)).fetchone()

    def history(self, release: str, segment: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM history WHERE release = ? AND id = ? ORDER BY rowid",
                                 (release, segment)).fetchall()

    def state_at(self, release: str, segment: str, revision: int) -> sqlite3.Row | None:
        """The segment as it was at ``revision`` (the current row or a history row), if known."""
        row = self.conn.execute("SELECT * FROM segments WHERE release=? AND id=? AND revision=?",
                                (release, segment, revision)).fetchone()
        return row or self.conn.execute(
            "SELECT * FROM history WHERE release=? AND id=? AND revision=? ORDER BY rowid DESC LIMIT 1",
            (release, segment, revision)).fetchone()

    def status_counts(self, release: str) -> dict[str, int]:
        counts = Counter(row["status"] for row in self.segments(release))
        return {status: counts.get(status, 0) for status in STATUSES}

    def open_findings(self, release: str) -> list[tuple[str, dict[str, Any]]]:
        return [(row["id"], finding) for row in self.segments(release)
                for finding in json.loads(row["findings"]) if row["status"] != "approved"]

    def releases(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT release, source_path, title, stem FROM releases ORDER BY release").fetchall()

    # ---- writing by the pipeline ---------------------------------------------------------------
    def sync_document(self, doc: Document) -> str:
        """Record the release and its segments; changed sources go back to new, with history."""
        release = release_id(doc.source)
        stamp = now()
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO releases (release, source_path, title, document, updated) VALUES (?,?,?,?,?) "
                "ON CONFLICT(release) DO UPDATE SET source_path=excluded.source_path, title=excluded.title, "
                "document=excluded.document, updated=excluded.updated",
                (release, doc.source, doc.title or "", json.dumps(doc.to_dict(), ensure_ascii=False), stamp))
            existing = {row["id"]: row for row in self.segments(release)}
            for position, segment in enumerate(doc.segments()):
                row = existing.pop(segment.id, None)
                if row is None:
                    self.conn.execute(
                        "INSERT INTO segments (release, id, position, source, updated, updated_by) "
                        "VALUES (?,?,?,?,?,'pipeline')", (release, segment.id, position, segment.text, stamp))
                    continue
                if row["source"] != segment.text:
                    self.update(row, "pipeline", "source text changed", source=segment.text, target="",
                                status="new", origin="", findings="[]", repairs="[]", suggestions="[]")
                if row["position"] != position:
                    self.conn.execute("UPDATE segments SET position=? WHERE release=? AND id=?",
                                      (position, release, segment.id))
            for row in existing.values():
                self._to_history(row, "segment no longer in the release")
                self.conn.execute("DELETE FROM segments WHERE release=? AND id=?", (release, row["id"]))
        return release

    def pending(self, release: str) -> list[sqlite3.Row]:
        """Segments the machine may (re)translate: not reviewed, not approved, not human."""
        return [row for row in self.segments(release)
                if row["status"] not in KEPT and row["origin"] != "human"]

    def record_override(self, release: str, kind: str, detail: str, author: str) -> None:
        """Keep a trace of a rule the user chose to override (``kind`` "embargo": sent before its time)."""
        with transaction(self.conn):
            self.conn.execute("INSERT INTO overrides (release, kind, detail, author, at) VALUES (?,?,?,?,?)",
                              (release, kind, detail, author, now()))

    def record_engines(self, release: str, versions: dict[str, str], glossary: str) -> None:
        """Which engine (and model version) translated this release, with which glossary version."""
        with transaction(self.conn):
            for engine, version in versions.items():
                self.conn.execute(
                    "INSERT INTO engines_used (release, engine, version, glossary, at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(release, engine) DO UPDATE SET version=excluded.version, "
                    "glossary=excluded.glossary, at=excluded.at", (release, engine, version, glossary, now()))

    def rendered_unchanged(self, path: str, fingerprint: str) -> bool:
        """The file is there, untouched since it was written from the same fingerprint."""
        row = self.conn.execute("SELECT fingerprint, size, mtime_ns FROM renders WHERE path = ?", (path,)).fetchone()
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return row is not None and tuple(row) == (fingerprint, stat.st_size, stat.st_mtime_ns)

    def record_render(self, path: str, fingerprint: str) -> None:
        stat = os.stat(path)
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO renders (path, fingerprint, size, mtime_ns) VALUES (?,?,?,?)",
                              (path, fingerprint, stat.st_size, stat.st_mtime_ns))

    def record_fact(self, release: str, correction: FactCorrection) -> None:
        """Keep a press officer's correction of a key fact; the newest per fact is the one in force,
        the earlier ones are its history."""
        self.document(release)  # refuses an unknown release
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO fact_corrections (release, kind, fact, action, fr, de, author, at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (release, correction.kind, correction.fact, correction.action, correction.fr, correction.de,
                 correction.author, now()))

    def fact_history(self, release: str) -> list[FactCorrection]:
        """Every correction of the release's key facts, oldest first."""
        rows = self.conn.execute("SELECT * FROM fact_corrections WHERE release = ? ORDER BY rowid", (release,))
        return [FactCorrection(row["kind"], row["fact"], row["action"], row["fr"], row["de"], row["author"], row["at"])
                for row in rows]

    def fact_corrections(self, release: str) -> dict[tuple[str, str], FactCorrection]:
        """The correction in force for each (kind, fact): the newest."""
        return {(c.kind, c.fact): c for c in self.fact_history(release)}

    def engines_used(self, release: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM engines_used WHERE release = ? ORDER BY engine", (release,)).fetchall()

    def overrides(self, release: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM overrides WHERE release = ? ORDER BY rowid", (release,)).fetchall()

    def record_translations(self, release: str, results: list[Any]) -> None:
        """Store machine/memory targets and memory suggestions for pending segments; never touches
        kept or human work."""
        with transaction(self.conn):  # read under the write lock: a reviewer's import cannot slip in between
            by_id = {row["id"]: row for row in self.pending(release)}
            for result in results:
                row = by_id.get(result.id)
                if row is None:
                    continue
                self.conn.execute("UPDATE segments SET suggestions=? WHERE release=? AND id=?",
                                  (to_json(result.suggestions), release, result.id))
                if not result.target or (result.target == row["target"] and result.origin == row["origin"]):
                    continue
                self.update(row, "pipeline", "new machine or memory translation", target=result.target,
                            status="translated", origin=result.origin, repairs=to_json(result.repairs))
                if getattr(result, "target_tags", None) is not None:  # placed by an engine that keeps tags
                    self.set_target_tags(release, result.id, result.target, result.target_tags)

    def record_findings(self, release: str, findings: dict[str, list[Finding]]) -> None:
        with transaction(self.conn):
            for segment, found in findings.items():
                self.conn.execute("UPDATE segments SET findings=? WHERE release=? AND id=?",
                                  (to_json(found), release, segment))

    def claim_stem(self, release: str, base: str, fmt: str) -> str:
        """The output file stem of a release: ``base`` unless another release has it already, then
        ``base-<format>``, then ``base-2`` …; once given, a release keeps its stem while ``base`` holds."""
        row = self.conn.execute("SELECT stem, stem_base FROM releases WHERE release=?", (release,)).fetchone()
        if row is not None and row["stem"] and row["stem_base"] == base:
            return str(row["stem"])
        taken = {r["stem"] for r in self.conn.execute("SELECT stem FROM releases WHERE release != ?", (release,))}
        candidates = [base, f"{base}-{fmt}"] + [f"{base}-{n}" for n in range(2, 1000)]
        stem = next(c for c in candidates if c not in taken)
        with transaction(self.conn):
            self.conn.execute("UPDATE releases SET stem=?, stem_base=? WHERE release=?", (stem, base, release))
        return stem

    def set_source_tags(self, release: str, tags: dict[str, list[Tag]]) -> None:
        """The French inline tags of each segment, as read from the release's Word file or web page."""
        with transaction(self.conn):
            for row in self.segments(release):
                self.conn.execute("UPDATE segments SET tags=? WHERE release=? AND id=?",
                                  (tags_to_json(tags.get(row["id"], [])), release, row["id"]))

    def set_target_tags(self, release: str, segment: str, target: str, tags: list[Tag]) -> None:
        """The German tags a translator placed, valid while the German text is ``target`` (call inside a
        transaction, or alone)."""
        self.conn.execute("UPDATE segments SET target_tags=? WHERE release=? AND id=?",
                          (json.dumps({"for": target, "tags": [t.to_dict() for t in tags]}, ensure_ascii=False),
                           release, segment))

    # ---- the one way a segment changes ---------------------------------------------------------
    def update(self, row: sqlite3.Row, author: str, reason: str, **fields: Any) -> None:
        """Change a segment (call inside a transaction): the state it replaces goes to history and the
        revision goes up by one. ``reason`` says why the old state was replaced."""
        self._to_history(row, reason)
        fields.update(revision=row["revision"] + 1, updated=now(), updated_by=author)
        assignments = ", ".join(f"{name}=?" for name in fields)
        self.conn.execute(f"UPDATE segments SET {assignments} WHERE release=? AND id=?",
                          (*fields.values(), row["release"], row["id"]))

    def add_to_history(self, row: sqlite3.Row, target: str, status: str, author: str, reason: str) -> None:
        """Keep a version that did not become current (e.g. the file's side of a resolved conflict)."""
        self.conn.execute(
            "INSERT INTO history (release, id, source, target, status, origin, author, at, reason, revision, "
            "comments) VALUES (?,?,?,?,?,?,?,?,?,NULL,'[]')",
            (row["release"], row["id"], row["source"], target, status, "human", author, now(), reason))

    def _to_history(self, row: sqlite3.Row, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO history (release, id, source, target, status, origin, author, at, reason, revision, "
            "comments) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (row["release"], row["id"], row["source"], row["target"], row["status"], row["origin"],
             row["updated_by"] or "pipeline", row["updated"], reason, row["revision"], row["comments"]))
