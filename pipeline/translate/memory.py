"""Translation memory: approved translations, reused exactly, offered fuzzily (never used silently).

Fed by approved review segments and by TMX imports (``tmx.py``: inline codes, drafts, ids). Every ``memory/*.tmx``
in the working folder is imported automatically, again whenever its content changes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import Tag
from pipeline.readers.files import read_bytes
from pipeline.state import connect, now, transaction
from pipeline.translate.tmx import (
    PLACEHOLDER,
    read_tmx,
    tags_from_codes,
    with_tag_codes,
    without_placeholders,
    write_tmx,
)

FUZZY_THRESHOLD = 75.0
DRAFT_MAX = 99.0  # an unreviewed unit from another tool is offered, never as an exact match
MEMORY_FOLDER = Path("memory")


def memory_key(source: str) -> str:
    """Normalised source: NFC, folded white space, one apostrophe, no outer spaces, no placeholders of
    inline codes (a unit imported with "{1}" matches the release's plain text)."""
    text = unicodedata.normalize("NFC", without_placeholders(source) if "{" in source else normalise_whitespace(source))
    return text.replace("’", "'").replace("\u202f", " ").replace("\u00a0", " ")


def match_percent(score: float) -> int:
    """A match quality as shown to people: rounded down, so only an exact match says 100 %."""
    return min(int(score), 100)


@dataclass
class Suggestion:
    source: str
    target: str
    score: float
    origin: str
    changed: list[str] = field(default_factory=list)  # French words whose change alters the meaning

    def to_dict(self) -> dict[str, Any]:
        found = {"source": self.source, "target": self.target, "score": round(self.score, 1), "origin": self.origin}
        return found | ({"changed": self.changed} if self.changed else {})


@dataclass(frozen=True)
class Concordance:
    """A memory entry found by a concordance search, with where it came from and when."""

    source: str
    target: str
    origin: str
    author: str
    updated: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "target": self.target, "origin": self.origin, "author": self.author,
                "updated": self.updated}


def _folded(text: str) -> str:
    """Case and accents folded, apostrophes one: "Région" and "region" are one word to a search."""
    plain = unicodedata.normalize("NFD", text.casefold().replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


class TranslationMemory:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or connect()
        self._choices: dict[str, sqlite3.Row] | None = None  # fuzzy-match candidates, read once
        self.skipped = self.drafts = 0  # of the last TMX import: units in other languages, unreviewed units

    def _fuzzy_choices(self) -> dict[str, sqlite3.Row]:
        if self._choices is None:
            rows = self.conn.execute("SELECT key, source, target, origin, draft FROM tm").fetchall()
            self._choices = {row["key"]: row for row in rows}
        return self._choices

    def exact(self, source: str) -> dict[str, Any] | None:
        """The reviewed entry for ``source`` (a draft from another tool is never a 100 % match), its
        texts without the placeholders of inline codes, and the paired codes of each as inline tags
        (``source_tags``, ``target_tags``: empty when none, or when the text's spacing moved them)."""
        row = self.conn.execute("SELECT * FROM tm WHERE key = ? AND draft = 0", (memory_key(source),)).fetchone()
        if row is None:
            return None
        found = dict(row) | {"source": without_placeholders(row["source"]),
                             "target": without_placeholders(row["target"])}
        codes = json.loads(row["codes"] or "{}")
        for side, lang in (("source", "fr"), ("target", "de")):
            tags = tags_from_codes(row[side], codes.get(lang, {}))
            found[f"{side}_tags"] = tags if tags and PLACEHOLDER.sub("", row[side]) == found[side] else []
        return found

    def fuzzy(self, source: str, limit: int = 3, threshold: float = FUZZY_THRESHOLD) -> list[Suggestion]:
        """Matches of at least ``threshold`` % (rapidfuzz ratio), best first; the exact match excluded,
        except a draft's, offered at 99 % at most."""
        # deferred: rapidfuzz loads only when this runs, not at start-up
        from rapidfuzz import fuzz, process

        key = memory_key(source)
        choices = {k: row for k, row in self._fuzzy_choices().items() if k != key or row["draft"]}
        found = process.extract(key, list(choices), scorer=fuzz.ratio, score_cutoff=threshold,
                                limit=limit)
        return [Suggestion(without_placeholders(choices[k]["source"]), without_placeholders(choices[k]["target"]),
                           min(score, DRAFT_MAX) if choices[k]["draft"] else score,
                           choices[k]["origin"] + (" (draft)" if choices[k]["draft"] else ""))
                for k, score, _ in found]

    @staticmethod
    def similarity(a: str, b: str) -> float:
        """The match quality (%) between two French texts, as the memory measures it."""
        # deferred: rapidfuzz loads only when this runs, not at start-up
        from rapidfuzz import fuzz

        return float(fuzz.ratio(memory_key(a), memory_key(b)))

    def add_tagged(self, source: str, target: str, origin: str, author: str, tags: tuple[list[Tag], list[Tag]]) -> None:
        """An approved segment with its inline tags (French, German): stored as TMX paired codes, so that
        an exact match brings the German tags back and an export carries them as ``<bpt>``/``<ept>``."""
        french, german = tags
        if not french:
            self.add(source, target, origin, author)
            return
        source_text, source_codes = with_tag_codes(source, french, "fr")
        target_text, target_codes = with_tag_codes(target, german, "de")
        self.add(source_text, target_text, origin, author,
                 codes=json.dumps({"fr": source_codes, "de": target_codes}, ensure_ascii=False, sort_keys=True))

    def add(self, source: str, target: str, origin: str, author: str = "", draft: bool = False,
            codes: str = "{}", props: str = "{}") -> None:
        """Insert or update one entry (call inside a transaction). A draft never replaces a reviewed
        entry of the same source."""
        self._choices = None
        stamp = now()
        self.conn.execute(
            "INSERT INTO tm (key, source, target, origin, author, created, updated, draft, codes, props) "
            "VALUES (?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET source=excluded.source, target=excluded.target, origin=excluded.origin, "
            "author=excluded.author, updated=excluded.updated, draft=excluded.draft, codes=excluded.codes, "
            "props=excluded.props WHERE excluded.draft = 0 OR tm.draft = 1",
            (memory_key(source), source, target, origin, author, stamp, stamp, int(draft), codes, props))

    def search(self, query: str, lang: str = "both", limit: int = 50) -> list[Concordance]:
        """Concordance: entries whose French (``lang`` "fr"), German ("de") or either holds ``query`` —
        a phrase in quotes, else every word of it, in any case and with any accents — newest first."""
        phrase = query.strip()
        quoted = len(phrase) >= 2 and phrase[0] == phrase[-1] and phrase[0] in "\"'«"
        needles = [_folded(phrase.strip("\"'«» "))] if quoted else [_folded(word) for word in phrase.split()]
        needles = [needle for needle in needles if needle]
        if not needles:
            return []
        rows = self.conn.execute("SELECT source, target, origin, author, updated, draft FROM tm "
                                 "ORDER BY updated DESC, key").fetchall()
        found = []
        for row in rows:
            texts = {"fr": [row["source"]], "de": [row["target"]]}.get(lang, [row["source"], row["target"]])
            haystack = " ".join(_folded(without_placeholders(text)) for text in texts)
            if all(needle in haystack for needle in needles):
                found.append(Concordance(without_placeholders(row["source"]), without_placeholders(row["target"]),
                                         row["origin"] + (" (draft)" if row["draft"] else ""),
                                         row["author"] or "", row["updated"]))
                if len(found) == limit:
                    break
        return found

    def stats(self) -> dict[str, Any]:
        total = self.conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0]
        by_origin = dict(self.conn.execute("SELECT origin, COUNT(*) FROM tm GROUP BY origin").fetchall())
        files = [dict(r) for r in self.conn.execute("SELECT path, digest, imported FROM tm_files")]
        return {"entries": total, "by_origin": by_origin, "files": files}

    def import_tmx(self, path: Path) -> int:
        """All-or-nothing: every French–German unit must have both texts, or nothing is imported
        (units in other languages are skipped and counted in ``skipped``)."""
        data = read_bytes(path)
        found = read_tmx(data, path)
        with transaction(self.conn):
            for unit in found.units:
                author = unit.props.get("changeid") or unit.props.get("creationid") or ""
                self.add(unit.source, unit.target, f"tmx:{path.name}", author, unit.draft, unit.codes_json(),
                         unit.props_json())
            self.conn.execute("INSERT OR REPLACE INTO tm_files (path, digest, imported) VALUES (?,?,?)",
                              (str(path), hashlib.sha256(data).hexdigest(), now()))
        self.skipped, self.drafts = found.skipped, sum(unit.draft for unit in found.units)
        return len(found.units)

    def sync_folder(self, folder: Path = MEMORY_FOLDER) -> list[tuple[Path, int]]:
        """Import every changed ``*.tmx`` of ``folder``; returns what was imported."""
        imported = []
        for path in sorted(folder.glob("*.tmx")) if folder.is_dir() else []:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            row = self.conn.execute("SELECT digest FROM tm_files WHERE path = ?", (str(path),)).fetchone()
            if row is None or row["digest"] != digest:
                imported.append((path, self.import_tmx(path)))
        return imported

    def export_tmx(self, source_lang: str = "fr-FR", target_lang: str = "de-DE") -> bytes:
        """TMX 1.4b with region-qualified languages (OmegaT warns on a bare "fr") and this tool named;
        inline codes, ids and dates of imported units as they came."""
        rows = self.conn.execute("SELECT source, target, origin, draft, codes, props FROM tm "
                                 "ORDER BY created, key").fetchall()
        return write_tmx(rows, source_lang, target_lang, __version__)
