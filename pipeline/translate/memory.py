"""Translation memory: approved translations, reused exactly, offered fuzzily (never used silently).

Fed by approved review segments and by TMX 1.4b imports (translate-toolkit). Every ``memory/*.tmx``
in the working folder is imported automatically, again whenever its content changes.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.errors import ImportRefused
from pipeline.language.segment import normalise_whitespace
from pipeline.readers.files import read_bytes
from pipeline.state import connect, now, transaction
from pipeline.xmlsafety import refuse_entities

FUZZY_THRESHOLD = 75.0
MEMORY_FOLDER = Path("memory")


def memory_key(source: str) -> str:
    """Normalised source: NFC, folded white space, one apostrophe, no outer spaces."""
    text = unicodedata.normalize("NFC", normalise_whitespace(source))
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


class TranslationMemory:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or connect()
        self._choices: dict[str, sqlite3.Row] | None = None  # fuzzy-match candidates, read once

    def _fuzzy_choices(self) -> dict[str, sqlite3.Row]:
        if self._choices is None:
            rows = self.conn.execute("SELECT key, source, target, origin FROM tm").fetchall()
            self._choices = {row["key"]: row for row in rows}
        return self._choices

    def exact(self, source: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM tm WHERE key = ?", (memory_key(source),)).fetchone()

    def fuzzy(self, source: str, limit: int = 3, threshold: float = FUZZY_THRESHOLD) -> list[Suggestion]:
        """Matches of at least ``threshold`` % (rapidfuzz ratio), best first; the exact match excluded."""
        # deferred: rapidfuzz loads only when this runs, not at start-up
        from rapidfuzz import fuzz, process

        key = memory_key(source)
        choices = {k: row for k, row in self._fuzzy_choices().items() if k != key}
        found = process.extract(key, list(choices), scorer=fuzz.ratio, score_cutoff=threshold,
                                limit=limit)
        return [Suggestion(choices[k]["source"], choices[k]["target"], score, choices[k]["origin"])
                for k, score, _ in found]

    @staticmethod
    def similarity(a: str, b: str) -> float:
        """The match quality (%) between two French texts, as the memory measures it."""
        # deferred: rapidfuzz loads only when this runs, not at start-up
        from rapidfuzz import fuzz

        return float(fuzz.ratio(memory_key(a), memory_key(b)))

    def add(self, source: str, target: str, origin: str, author: str = "") -> None:
        """Insert or update one entry (call inside a transaction)."""
        self._choices = None
        stamp = now()
        self.conn.execute(
            "INSERT INTO tm (key, source, target, origin, author, created, updated) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET target=excluded.target, origin=excluded.origin, "
            "author=excluded.author, updated=excluded.updated",
            (memory_key(source), source, target, origin, author, stamp, stamp))

    def stats(self) -> dict[str, Any]:
        total = self.conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0]
        by_origin = dict(self.conn.execute("SELECT origin, COUNT(*) FROM tm GROUP BY origin").fetchall())
        files = [dict(r) for r in self.conn.execute("SELECT path, digest, imported FROM tm_files")]
        return {"entries": total, "by_origin": by_origin, "files": files}

    def import_tmx(self, path: Path) -> int:
        """All-or-nothing: every unit must have French and German text, or nothing is imported."""
        data = read_bytes(path)
        pairs = read_tmx_pairs(data, path)
        with transaction(self.conn):
            for source, target in pairs:
                self.add(source, target, f"tmx:{path.name}")
            self.conn.execute("INSERT OR REPLACE INTO tm_files (path, digest, imported) VALUES (?,?,?)",
                              (str(path), hashlib.sha256(data).hexdigest(), now()))
        return len(pairs)

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
        """TMX 1.4b with region-qualified languages (OmegaT warns on a bare "fr") and this tool named."""
        # deferred: translate-toolkit loads only when this runs, not at start-up
        from translate.storage import tmx

        store = tmx.tmxfile(sourcelanguage=source_lang)
        store.settargetlanguage(target_lang)
        rows = self.conn.execute("SELECT source, target, origin FROM tm ORDER BY created, key").fetchall()
        for row in rows:
            unit = store.addsourceunit(row["source"], source_lang)
            unit.settarget(row["target"], target_lang, append=True)
            unit.addnote(f"origin: {row['origin']}")
        store.addheader()
        header = store.document.getroot().find("header")
        header.attrib.update({"creationtool": "pipeline", "creationtoolversion": __version__, "o-tmf": "pipeline",
                              "srclang": source_lang, "segtype": "sentence", "adminlang": "en",
                              "datatype": "plaintext"})
        return bytes(store)


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].split("_")[0].lower()


TMX_VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4b")
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _plain_text(tuv: Any) -> str:
    """The text of a ``<tuv>``'s ``<seg>`` without TMX inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``,
    ``<ut>`` hold native markup, not words); ``<hi>`` keeps its text."""
    seg = next((child for child in tuv if _local(child.tag) == "seg"), None)
    return _text_without_codes(seg) if seg is not None else ""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text_without_codes(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) not in INLINE_CODES:
            parts.append(_text_without_codes(child))
        parts.append(child.tail or "")
    return "".join(parts)


OTHER_KINDS = {b"<xliff": "an XLIFF file; bring a reviewed XLIFF back with 'pipeline review import'",
               b"<martif": "a TBX glossary; use 'pipeline glossary import'",
               b"<tbx": "a TBX glossary; use 'pipeline glossary import'",
               b"<html": "an HTML page", b"PK\x03\x04": "a zip package (a Word file?)"}


def _refuse_other_kinds(data: bytes, path: Path) -> None:
    """An XLIFF, a TBX or a Word file given as TMX is named for what it is."""
    head = data[:2000].lower().replace(b"\x00", b"")
    for mark, what in OTHER_KINDS.items():
        if mark.lower() in head and b"<tmx" not in head:
            raise ImportRefused(f"{path}: {what}, not a TMX file; nothing was imported")


def read_tmx_pairs(data: bytes, path: Path) -> list[tuple[str, str]]:
    """(French, German) pairs of a TMX file; refuses the whole file on any bad unit."""
    # deferred: lxml and translate-toolkit load only when this runs, not at start-up
    from lxml import etree
    from translate.storage import tmx

    refuse_entities(data, path)
    _refuse_other_kinds(data, path)
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        store = tmx.tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
        reason = exc or type(exc).__name__
        raise ImportRefused(f"{path}: not a valid TMX file ({reason}); nothing was imported") from exc
    version = root.get("version")
    if root.tag != "tmx" or version not in TMX_VERSIONS:
        raise ImportRefused(f"{path}: TMX version {version!r} is not one of {', '.join(TMX_VERSIONS)} "
                            "(OmegaT writes 1.1, others 1.4); nothing was imported")
    pairs = []
    for number, unit in enumerate(store.units, 1):
        texts = {_lang(node.get("{http://www.w3.org/XML/1998/namespace}lang") or node.get("lang")):
                 _plain_text(node) for node in unit.getlanguageNodes()}
        if not texts.get("fr") or not texts.get("de"):
            raise ImportRefused(f"{path}: translation unit {number} lacks French or German text; "
                                "nothing was imported")
        pairs.append((normalise_whitespace(texts["fr"]), normalise_whitespace(texts["de"])))
    if not pairs:
        raise ImportRefused(f"{path}: no translation units; nothing was imported")
    return pairs
