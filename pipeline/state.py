"""The one SQLite database in the state folder: engine cache, translation memory, review store.

Every module declares its tables in SCHEMA; ``connect`` creates them on first use. Changes are
made inside ``with transaction(conn):`` blocks so that a crash leaves the last consistent state.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import state_dir
from pipeline.errors import StoreError
from pipeline.model import release_id

DB_NAME = "state.sqlite"
SCHEMA_VERSION = 10
SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    engine TEXT NOT NULL, version TEXT NOT NULL, glossary TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (engine, version, glossary, source));
CREATE TABLE IF NOT EXISTS tm (
    key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL,
    author TEXT, created TEXT NOT NULL, updated TEXT NOT NULL, draft INTEGER NOT NULL DEFAULT 0,
    codes TEXT NOT NULL DEFAULT '{}', props TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS tm_files (path TEXT PRIMARY KEY, digest TEXT NOT NULL, imported TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releases (
    release TEXT PRIMARY KEY, source_path TEXT NOT NULL, title TEXT NOT NULL, document TEXT NOT NULL,
    updated TEXT NOT NULL, stem TEXT NOT NULL DEFAULT '', stem_base TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS segments (
    release TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new', origin TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '[]', repairs TEXT NOT NULL DEFAULT '[]', comments TEXT NOT NULL DEFAULT '[]',
    suggestions TEXT NOT NULL DEFAULT '[]', revision INTEGER NOT NULL DEFAULT 1,
    updated TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]', target_tags TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (release, id));
CREATE TABLE IF NOT EXISTS claims (
    engine TEXT NOT NULL, version TEXT NOT NULL, glossary TEXT NOT NULL, source TEXT NOT NULL,
    pid INTEGER NOT NULL, started REAL NOT NULL, PRIMARY KEY (engine, version, glossary, source));
CREATE TABLE IF NOT EXISTS history (
    release TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL, origin TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL,
    revision INTEGER, comments TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS analysis (
    model TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT, entities TEXT, PRIMARY KEY (model, text));
CREATE TABLE IF NOT EXISTS renders (
    path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS engines_used (
    release TEXT NOT NULL, engine TEXT NOT NULL, version TEXT NOT NULL, glossary TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (release, engine));
CREATE TABLE IF NOT EXISTS overrides (
    release TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS term_proposals (
    id INTEGER PRIMARY KEY, release TEXT NOT NULL, segment TEXT NOT NULL, fr TEXT NOT NULL, de TEXT NOT NULL,
    kind TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open', decided_by TEXT NOT NULL DEFAULT '', decided_at TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS fact_corrections (
    release TEXT NOT NULL, kind TEXT NOT NULL, fact TEXT NOT NULL, action TEXT NOT NULL,
    fr TEXT NOT NULL DEFAULT '', de TEXT NOT NULL DEFAULT '', author TEXT NOT NULL, at TEXT NOT NULL);
"""
# Version 1 (before revisions): one free-text ``comment`` per segment, releases named by their file
# stem in safe characters (so aix.html and aix.pdf were one release). Version 2 adds revisions,
# comment lists, stored suggestions and output stems, and names each release by its file name.
# Version 3 added a cache of glossary forms' lemma keys (replaced in version 6 by the analysis table);
# version 4 the claims by which two processes translating the same texts request each text once;
# version 5 the record of overrides (a release sent to an online engine before its embargo ended);
# version 6 the engines (with model versions) that translated each release, for the briefing's colophon,
# spaCy's analysis of each text (tokens and lemmas, entities), so an analysed release needs no spaCy, and
# the fingerprint of every briefing written, so an unchanged briefing is not written again; version 7 the
# press officers' corrections of key facts (struck, corrected, added, restored), kept as their history;
# version 8 what a TMX from another tool says of each memory entry: a draft (never a 100 % match), the
# inline codes behind its placeholders, and its tuid, creation and change ids and dates; version 9 the
# glossary terms reviewers propose from the workspace, until one accepts (into glossary.csv) or rejects them;
# version 10 each segment's inline tags (language/tags.py): the French ones from the Word file or web page, and
# the German ones a translator placed (with the German text they were placed on).
ADDED_COLUMNS = {"tm": (("draft", "INTEGER NOT NULL DEFAULT 0"), ("codes", "TEXT NOT NULL DEFAULT '{}'"),
                        ("props", "TEXT NOT NULL DEFAULT '{}'")),  # version 8, on stores made before it
                 "segments": (("tags", "TEXT NOT NULL DEFAULT '[]'"),  # version 10
                              ("target_tags", "TEXT NOT NULL DEFAULT ''"))}
V1_TO_V2 = (
    "ALTER TABLE releases ADD COLUMN stem TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE releases ADD COLUMN stem_base TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE segments ADD COLUMN comments TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE segments ADD COLUMN suggestions TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE segments ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE history ADD COLUMN revision INTEGER",
    "ALTER TABLE history ADD COLUMN comments TEXT NOT NULL DEFAULT '[]'",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(folder: Path | None = None) -> sqlite3.Connection:
    """The state database of ``folder`` (default: the state folder now, see ``state_dir``)."""
    conn = sqlite3.connect((folder or state_dir()) / DB_NAME, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        upgrade(conn)
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def upgrade(conn: sqlite3.Connection) -> None:
    """Create the tables, or bring a store written by an earlier version up to date, keeping
    everything in it (one transaction; a second process waits and then finds it done)."""
    with transaction(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        if "comment" in _columns(conn, "segments") and "revision" not in _columns(conn, "segments"):
            _v1_to_v2(conn)
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        for table, columns in ADDED_COLUMNS.items():
            present = _columns(conn, table)
            for name, declaration in columns:
                if name not in present:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    for statement in V1_TO_V2:
        conn.execute(statement)
    for row in conn.execute("SELECT release, id, comment, updated_by, updated FROM segments "
                            "WHERE comment != ''").fetchall():
        comments = [{"author": row["updated_by"] or "", "at": row["updated"], "text": row["comment"]}]
        conn.execute("UPDATE segments SET comments=? WHERE release=? AND id=?",
                     (json.dumps(comments, ensure_ascii=False), row["release"], row["id"]))
    conn.execute("ALTER TABLE segments DROP COLUMN comment")
    taken = {row["release"] for row in conn.execute("SELECT release FROM releases")}
    for row in conn.execute("SELECT release, source_path FROM releases").fetchall():
        new = release_id(row["source_path"])
        if new != row["release"] and new not in taken:
            for table in ("releases", "segments", "history"):
                conn.execute(f"UPDATE {table} SET release=? WHERE release=?", (new, row["release"]))
            taken.add(new)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception. A full disk is one StoreError naming the
    folder: what earlier transactions stored stays, so the same command run again resumes from it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            _rollback(conn)
            raise
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "full" not in str(exc).lower():
            raise
        _rollback(conn)
        raise StoreError(f"{_folder_of(conn)}: the disk is full (nothing of this step was written; what was "
                         "stored before is kept); free some space and run the command again to resume") from exc


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _folder_of(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(Path(row[2]).parent) if row and row[2] else "the state folder"
