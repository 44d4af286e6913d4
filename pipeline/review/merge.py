"""Three-way import of a reviewed file (Word table or XLIFF) into the review store.

Every exported file records, per segment, the revision it was exported from: that state (the base)
is what the reviewer saw. Per segment, comparing German text and status:

    file row equals the base           → nothing changes (same file twice, an older copy, the rows a
                                          second reviewer did not touch)
    file changed, store did not        → the file's row is applied
    file and store changed the same way → nothing to do
    file and store changed differently → conflict

By default an import with any conflict is refused whole, listing each conflict; ``resolve="file"`` or
``resolve="store"`` decides them all (the losing side is kept in history, so nothing is lost).
Comments are a list that is only ever added to: comments in the file that the store lacks are added,
whatever happens to the row. A file without revisions (exported by an earlier version) has no base:
any difference from the store is a conflict. An unknown id, an edited French text, an unknown status
or an approval without German text refuses the file; everything is one transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import ImportConflict, ImportRefused
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import Tag
from pipeline.review.store import Comment, ReviewStore, comments_of, german_tags, source_tags, to_json
from pipeline.state import now, transaction

Resolve = Literal["file", "store"]
SIGNATURE = re.compile(r"\s+[—–-]\s+[^—–]{1,80},\s+\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?Z?)?$")


@dataclass
class FileRow:
    """One segment as a reviewed file has it. ``None`` means the file says nothing (keep)."""

    id: str
    source: str
    target: str | None = None
    status: str | None = None
    comments: list[Comment] = field(default_factory=list)
    revision: int | None = None
    tracked: bool = False
    origin: str | None = None  # the target is a suggestion inserted unchanged: its origin, not "human"
    tags: list[Tag] | None = None  # the German inline tags the file places on ``target`` (XLIFF <g>, workspace)


@dataclass
class ReviewFile:
    path: Path
    release: str
    via: str
    rows: list[FileRow]
    notes: list[str] = field(default_factory=list)
    partial: bool = False  # holds only the segments worked on (an OmegaT project): the others are not "deleted"


@dataclass
class Conflict:
    id: str
    store_target: str
    store_status: str
    file_target: str
    file_status: str
    changed_by: str
    changed_at: str
    source_changed: bool = False

    def describe(self) -> str:
        why = "the French text changed since the export; " if self.source_changed else ""
        return (f"{self.id}: {why}store has [{self.store_status}] «{_short(self.store_target)}» "
                f"(changed by {self.changed_by or 'unknown'} at {self.changed_at}); "
                f"file has [{self.file_status}] «{_short(self.file_target)}»")


@dataclass
class ImportReport:
    release: str
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        done = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n) or "no changes"
        return f"{self.release}: {done}"


@dataclass
class _Plan:
    row: sqlite3.Row
    file: FileRow
    target: str
    status: str
    action: Literal["keep", "apply", "conflict"]
    conflict: Conflict | None = None
    new_comments: list[Comment] = field(default_factory=list)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _norm(text: str | None) -> str:
    return normalise_whitespace(text or "")


def comment_line(comment: Comment) -> str:
    """How a comment is shown in a review file: its text, then who wrote it and when."""
    day = comment.at[:16].replace("T", " ")
    return f"{comment.text} — {comment.author or 'unknown'}, {day}" if day else comment.text


def import_review_file(store: ReviewStore, review: ReviewFile, author: str,
                       resolve: Resolve | None = None) -> ImportReport:
    """Check the whole file, plan every row, refuse on conflicts unless told how to resolve, apply."""
    report = ImportReport(review.release, notes=list(review.notes))
    with transaction(store.conn):  # planned and applied under one write lock: no change slips in between
        rows = {row["id"]: row for row in store.segments(review.release)}
        _refuse_another_text(review, rows)
        plans = [_plan(store, review, rows, file_row, author) for file_row in review.rows]
        conflicts = [p.conflict for p in plans if p.conflict is not None]
        if conflicts and resolve is None:
            raise ImportConflict(
                f"{review.path}: {len(conflicts)} segment(s) changed both in the store and in the file since the "
                "export; nothing was imported. Re-import with --resolve file (the file's rows win) or --resolve "
                "store (the store's rows win; the file's versions go to history)",
                [c.describe() for c in conflicts])
        for plan in plans:
            _apply(store, review, plan, author, resolve, report)
        _place_tags(store, review)
    _describe_shape(review, rows, report)
    return report


def _place_tags(store: ReviewStore, review: ReviewFile) -> None:
    """The German tags of each row whose German is now the store's, kept with the text they are on."""
    current = {row["id"]: row["target"] for row in store.segments(review.release)}
    for file_row in review.rows:
        if file_row.tags is not None and file_row.target is not None and current.get(file_row.id) == file_row.target:
            store.set_target_tags(review.release, file_row.id, file_row.target, file_row.tags)


def _refuse_another_text(review: ReviewFile, rows: dict[str, sqlite3.Row]) -> None:
    """A file whose French differs from the store's in most rows was exported from another text that
    carries the same file name (another folder, an earlier version): say that, not "segment b1.s1"."""
    known = [r for r in review.rows if r.id in rows and r.source]
    differing = [r for r in known if _norm(r.source) != _norm(rows[r.id]["source"])]
    if len(known) >= 3 and len(differing) * 2 > len(known):
        raise ImportRefused(f"{review.path}: {len(differing)} of {len(known)} French texts differ from release "
                            f"'{review.release}' in the store: the file was exported from another text with the "
                            "same file name, or from an older version; export it again from this release")


def _plan(store: ReviewStore, review: ReviewFile, rows: dict[str, sqlite3.Row], file_row: FileRow,
          author: str) -> _Plan:
    row = rows.get(file_row.id)
    if row is None:
        raise ImportRefused(f"{review.path}: segment id '{file_row.id}' is not in release '{review.release}'; "
                            "nothing was imported")
    base = store.state_at(review.release, file_row.id, file_row.revision) if file_row.revision else None
    source_changed = _norm(file_row.source) != _norm(row["source"])
    if source_changed and (base is None or _norm(file_row.source) != _norm(base["source"])):
        raise ImportRefused(f"{review.path}: the French text of segment {file_row.id} was changed; only the "
                            "German text, status and comments may be edited; nothing was imported")
    reference = base if base is not None else row
    target = _norm(file_row.target) if file_row.target is not None else _norm(reference["target"])
    status = file_row.status or reference["status"]
    file_state, store_state = (target, status), (_norm(row["target"]), row["status"])
    base_state = (_norm(base["target"]), base["status"]) if base is not None else store_state
    new_comments = _new_comments(file_row, row, base, author)
    if file_state == base_state or (file_state == store_state and not source_changed):
        return _Plan(row, file_row, target, status, "keep", new_comments=new_comments)
    if base is not None and store_state == base_state and not source_changed:
        return _Plan(row, file_row, target, status, "apply", new_comments=new_comments)
    conflict = Conflict(file_row.id, row["target"], row["status"], target, status, row["updated_by"],
                        row["updated"], source_changed)
    return _Plan(row, file_row, target, status, "conflict", conflict, new_comments)


def _new_comments(file_row: FileRow, row: sqlite3.Row, base: sqlite3.Row | None, author: str) -> list[Comment]:
    known = comments_of(row) + (comments_of(base) if base is not None else [])
    seen = {_norm(c.text).casefold() for c in known} | {_norm(comment_line(c)).casefold() for c in known}
    added = []
    for comment in file_row.comments:
        text = _norm(comment.text)
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        text = SIGNATURE.sub("", text) or text
        added.append(Comment(comment.author or author, comment.at or now(), text))
    return added


def _apply(store: ReviewStore, review: ReviewFile, plan: _Plan, author: str, resolve: Resolve | None,
           report: ImportReport) -> None:
    row, via = plan.row, f"review via {review.via} ({review.path.name})"
    if plan.action == "conflict" and resolve == "store":
        store.add_to_history(row, plan.target, plan.status, author, f"conflict resolved for the store: {via}")
        report.counts["conflicts kept as in the store"] += 1
        plan.action = "keep"
    fields: dict[str, object] = {}
    if plan.action in ("apply", "conflict"):
        fields = _row_fields(plan, review)
        report.counts.update(_what_changed(row, fields))
        if plan.action == "conflict":
            report.counts["conflicts taken from the file"] += 1
    if plan.new_comments:
        fields["comments"] = to_json(comments_of(row) + plan.new_comments)
        report.counts["commented"] += len(plan.new_comments)
    if not fields:
        return
    store.update(row, author, via, **fields)
    report.changed.append(row["id"])
    approved = fields.get("status", row["status"]) == "approved"
    if approved and ("status" in fields or "target" in fields):
        target = str(fields.get("target", row["target"]))
        updated = store.segment(review.release, row["id"])
        german = plan.file.tags if plan.file.tags is not None and plan.file.target == target else german_tags(updated)
        store.memory.add_tagged(row["source"], target, f"review:{review.release}", author, (source_tags(row), german))


def _row_fields(plan: _Plan, review: ReviewFile) -> dict[str, object]:
    row, target, status = plan.row, plan.target, plan.status
    reference_status = plan.file.status
    fields: dict[str, object] = {}
    if target != _norm(row["target"]):
        fields.update(target=target, origin=plan.file.origin or "human")
        if not reference_status or reference_status == row["status"]:
            keep = plan.action == "apply" and row["status"] not in ("new", "rejected")
            status = row["status"] if keep else "translated"
    if plan.conflict is not None and plan.conflict.source_changed and status in ("reviewed", "approved"):
        status = "translated"  # reviewed against another French text: not approved for this one
    if status != row["status"]:
        fields["status"] = status
    if status == "approved" and not target:
        raise ImportRefused(f"{review.path}: segment {row['id']} cannot be approved without a German text; "
                            "nothing was imported")
    return fields


def _what_changed(row: sqlite3.Row, fields: dict[str, object]) -> list[str]:
    done = ["edited"] if "target" in fields else []
    if "status" in fields:
        done.append(str(fields["status"]))
    return done


def _describe_shape(review: ReviewFile, rows: dict[str, sqlite3.Row], report: ImportReport) -> None:
    """Tell about tracked changes, rows deleted from the file, rows in another order."""
    tracked = sum(1 for r in review.rows if r.tracked)
    if tracked:
        report.notes.append(f"{tracked} segment(s) with tracked changes imported as accepted")
    present = {r.id for r in review.rows}
    missing = [sid for sid in rows if sid not in present]
    if missing and review.partial:
        report.notes.append(f"{len(missing)} segment(s) not translated or confirmed in the file, left as they are")
    elif missing:
        shown = ", ".join(missing[:15]) + (" …" if len(missing) > 15 else "")
        report.notes.append(f"{len(missing)} segment(s) not in the file (rows deleted?), left as they are: {shown}")
    order = [rows[r.id]["position"] for r in review.rows if r.id in rows]
    if order != sorted(order):
        report.notes.append("rows are in another order than exported (sorted?): read by segment id, fine")
