"""Glossary terms proposed from the workspace: a reviewer selects French and German words of a segment
and proposes them; another (or the same) reviewer accepts the proposal into glossary.csv — validated
like any glossary line, merged without overwriting an entry, written atomically, recorded with who and
when — or rejects it. Proposals stay in the store with their decision.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.glossary import Glossary, Term
from pipeline.glossary.glossary import KINDS
from pipeline.glossary.imports import import_terms
from pipeline.review.store import ReviewStore
from pipeline.state import now, transaction

MAX_TERM = 120
MAX_NOTE = 300


@dataclass(frozen=True)
class Proposal:
    fr: str
    de: str
    kind: str = "term"
    note: str = ""

    def __post_init__(self) -> None:
        if not self.fr.strip() or not self.de.strip():
            raise StoreError("a proposed term needs its French and its German")
        if self.kind not in KINDS:
            raise StoreError(f"kind '{self.kind}' is not one of {', '.join(KINDS)}")
        if max(len(self.fr), len(self.de)) > MAX_TERM or len(self.note) > MAX_NOTE:
            raise StoreError(f"a term is at most {MAX_TERM} characters, its note {MAX_NOTE}")
        if any(c in text for text in (self.fr, self.de) for c in "|\n\t"):
            raise StoreError("a term holds no '|', tab or line break")


def propose(store: ReviewStore, release: str, segment: str, proposal: Proposal, author: str) -> int:
    """Keep a proposal from segment ``segment``; its id."""
    if not any(row["id"] == segment for row in store.segments(release)):
        raise StoreError(f"segment {segment} is not in release '{release}'")
    with transaction(store.conn):
        cursor = store.conn.execute(
            "INSERT INTO term_proposals (release, segment, fr, de, kind, note, proposed_by, proposed_at) "
            "VALUES (?,?,?,?,?,?,?,?)", (release, segment, proposal.fr.strip(), proposal.de.strip(), proposal.kind,
                                         proposal.note.strip(), author, now()))
    return int(cursor.lastrowid or 0)


def proposals(store: ReviewStore) -> list[sqlite3.Row]:
    """Every proposal, open ones first, newest first."""
    return store.conn.execute("SELECT * FROM term_proposals ORDER BY state != 'open', id DESC").fetchall()


def decide(store: ReviewStore, number: int, accept: bool, author: str, glossary: Glossary, target: Path) -> str:
    """Accept (into ``target``, the glossary file) or reject an open proposal; what was done, in words."""
    row = store.conn.execute("SELECT * FROM term_proposals WHERE id = ?", (number,)).fetchone()
    if row is None or row["state"] != "open":
        raise StoreError(f"proposal {number} is not open (decided already, or unknown)")
    if accept:
        report = import_terms(glossary, target, [Term(row["fr"], row["de"], row["kind"], note=row["note"])])
        if report.conflicts:
            ours = report.conflicts[0][0]
            raise StoreError(f"the glossary already has '{ours.fr}' as '{ours.de}' ({ours.kind}); change it in "
                             f"{target} or reject the proposal")
    with transaction(store.conn):
        store.conn.execute("UPDATE term_proposals SET state=?, decided_by=?, decided_at=? WHERE id=?",
                           ("accepted" if accept else "rejected", author, now(), number))
    if not accept:
        return f"'{row['fr']}' → '{row['de']}' rejected"
    return f"'{row['fr']}' → '{row['de']}' " + ("already in " if report.unchanged else "added to ") + str(target)
