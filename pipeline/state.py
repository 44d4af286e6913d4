"""The one SQLite database in the state folder: engine cache, translation memory, review store.

Every module declares its tables in SCHEMA; ``connect`` creates them on first use. Changes are
made inside ``with transaction(conn):`` blocks so that a crash leaves the last consistent state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pipeline.config import state_dir

DB_NAME = "state.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    engine TEXT NOT NULL, version TEXT NOT NULL, glossary TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (engine, version, glossary, source));
CREATE TABLE IF NOT EXISTS tm (
    key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, origin TEXT NOT NULL,
    author TEXT, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tm_files (path TEXT PRIMARY KEY, digest TEXT NOT NULL, imported TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releases (
    release TEXT PRIMARY KEY, source_path TEXT NOT NULL, title TEXT NOT NULL, document TEXT NOT NULL,
    updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments (
    release TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new', origin TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '[]', repairs TEXT NOT NULL DEFAULT '[]', comment TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (release, id));
CREATE TABLE IF NOT EXISTS history (
    release TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL, origin TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL);
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(state_dir() / DB_NAME, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
