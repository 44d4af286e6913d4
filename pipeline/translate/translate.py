"""Translating a release: memory first, then the chosen engine, through the cache; glossary kept.

For each segment: an exact translation-memory match is reused (origin ``tm``); otherwise the engine
result is taken from the cache (keyed by engine, model version, glossary version and source text)
or requested, in bounded parallel batches with retries, and cached as it arrives, so an interrupted
run resumes where it stopped. Names and kept terms travel as placeholders the engine cannot alter
(or in the engine's own glossary), every output goes through the glossary check and safe repair,
and fuzzy memory matches (with a segment's earlier translations, when its French text was edited)
are attached as suggestions. A segment no engine translated takes a match of 95 % or more as a
visible ``tm-fuzzy:<score>`` draft, marked as such everywhere; lower ones are only offered.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.config import Deadlines, load_config
from pipeline.errors import EngineAuthError, EngineError, EngineUnavailable, EngineUnsupported
from pipeline.glossary import Glossary
from pipeline.glossary.termcheck import Repair, check_terms, repair_terms
from pipeline.glossary.termmatch import Hit, french_matcher
from pipeline.language.meaning import meaning_changes
from pipeline.language.tags import TAG, Tag, shifted, tagged, untagged_or_stripped
from pipeline.model import Finding, Segment
from pipeline.progress import bar
from pipeline.state import connect, now, transaction
from pipeline.translate.engines import make_engine
from pipeline.translate.engines.base import GROWTH_MARGIN, MAX_GROWTH, Engine
from pipeline.translate.memory import FUZZY_THRESHOLD, Suggestion, TranslationMemory, match_percent
from pipeline.translate.retry import RetryPolicy, with_retries, within

PLACEHOLDER = "⟦{}⟧"
PLACEHOLDER_FOUND = re.compile(r"⟦\s*(\d+)\s*⟧")
TAG_TOKEN = re.compile(r"⟦\s*(/?)\s*([biuasf])\s*(\d{1,3})\s*⟧")  # an inline tag as sent to a plain-text engine
SPLIT_POINTS = ("; ", ": ", ", ", " ")
STOPPING = (EngineAuthError, EngineUnsupported, EngineUnavailable)
PREFILL_THRESHOLD = 95.0
CLAIM_SECONDS = 600  # a claim older than this, or of a process no longer running, is void


@dataclass
class SegmentResult:
    id: str
    source: str
    target: str = ""
    origin: str = ""
    findings: list[Finding] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)  # the French inline tags (Word and HTML releases)
    target_tags: list[Tag] | None = None  # the German tags an engine that keeps tags placed

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "target": self.target, "origin": self.origin,
                "terms": [h.to_dict() for h in self.hits],
                "findings": [f.to_dict() for f in self.findings],
                "repairs": [r.to_dict() for r in self.repairs],
                "suggestions": [s.to_dict() for s in self.suggestions]}


@dataclass
class TranslationRun:
    results: list[SegmentResult]
    tried: list[tuple[str, str]] = field(default_factory=list)  # (engine, outcome)
    versions: dict[str, str] = field(default_factory=dict)  # engine → model/API version, for those that translated
    calls: int = 0
    cached: int = 0

    @property
    def untranslated(self) -> list[SegmentResult]:
        return [r for r in self.results if not r.target]

    def problem(self) -> str | None:
        """The plain account of what could not be translated, or None."""
        missing = self.untranslated
        if not missing:
            return None
        ids = ", ".join(r.id for r in missing[:12]) + (" …" if len(missing) > 12 else "")
        tried = "; ".join(f"{name}: {outcome}" for name, outcome in self.tried) or "none"
        return (f"{len(missing)} segment(s) not translated ({ids}). Engines tried: {tried}. "
                "Install an offline model ('make models', or copy one into models/) or choose an engine "
                "with --engine (see 'pipeline engines'); work done so far is kept")


def choose_engines(requested: str | None, configured: str | None) -> list[str]:
    """Memory first, then the named engine; without one, the offline local engine."""
    chosen = requested or configured or "local"
    return ["memory"] if chosen == "memory" else ["memory", chosen]


def split_for_engine(text: str, limit: int) -> list[str]:
    """Pieces no longer than ``limit``, cut at a semicolon, colon, comma or space."""
    pieces = []
    while len(text) > limit:
        cut = max((text.rfind(p, 0, limit) for p in SPLIT_POINTS), default=-1)
        cut = cut + 1 if cut > 0 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return pieces + [text] if text else pieces


def protect(text: str, hits: list[Hit]) -> tuple[str, dict[str, str]]:
    """Replace names and kept terms by placeholders; returns the text and what each stands for."""
    mapping: dict[str, str] = {}
    for hit in sorted((h for h in hits if h.term.kind in ("name", "keep")), key=lambda h: -h.start):
        number = str(len(mapping))
        mapping[number] = hit.term.de
        text = text[: hit.start] + PLACEHOLDER.format(number) + text[hit.end:]
    return text, mapping


def restore(text: str, mapping: dict[str, str]) -> str:
    return PLACEHOLDER_FOUND.sub(lambda m: mapping.get(m.group(1), m.group(0)), text)


class Translator:
    """One run over a list of segments; see the module docstring."""

    def __init__(self, glossary: Glossary, engines: Sequence[str], policy: RetryPolicy | None = None,
                 conn: sqlite3.Connection | None = None, progress: bool = False,
                 suggest: float = FUZZY_THRESHOLD, prefill: float = PREFILL_THRESHOLD,
                 deadlines: Deadlines | None = None) -> None:
        self.glossary = glossary
        self.engine_names = list(engines)
        self.policy = policy or RetryPolicy()
        self.conn = conn or connect()
        self.memory = TranslationMemory(self.conn)
        self.progress = progress
        self.title: str | None = None  # the release's headline, context for engines that take it
        self.suggest, self.prefill = suggest, prefill
        self.deadlines = deadlines or load_config().deadlines
        self.stop_at = math.inf  # the release's deadline (monotonic), set by run()

    def run(self, segments: list[Segment], earlier: dict[str, list[Suggestion]] | None = None,
            tags: dict[str, list[Tag]] | None = None) -> TranslationRun:
        """Translate ``segments``; ``earlier`` offers each segment's earlier translations (of a French
        text since edited) beside the memory's fuzzy matches; ``tags`` the French inline tags by segment
        id, sent to the engines that keep tags (the others translate the plain text)."""
        self.memory.sync_folder()
        self.stop_at = time.monotonic() + self.deadlines.release
        matcher = french_matcher(self.glossary)
        hits = matcher.match_many([s.text for s in segments])
        results = [SegmentResult(s.id, s.text, hits=h, tags=(tags or {}).get(s.id, []))
                   for s, h in zip(segments, hits, strict=True)]
        run = TranslationRun(results)
        self._from_memory(run)
        for name in self.engine_names[1:] if self.engine_names[:1] == ["memory"] else self.engine_names:
            if not run.untranslated:
                break
            self._with_engine(name, run)
        self._suggest(run, earlier or {})
        self._prefill(run)
        self._finish(run)
        return run

    def _suggest(self, run: TranslationRun, earlier: dict[str, list[Suggestion]]) -> None:
        """Fuzzy memory matches and earlier translations, best first, one per German text."""
        for result in run.results:
            if result.origin == "tm":
                continue
            found = [s for s in earlier.get(result.id, []) if s.score >= self.suggest]
            found += self.memory.fuzzy(result.source, threshold=self.suggest)
            unique = {(s.source, s.target): s for s in sorted(found, key=lambda s: s.score)}
            result.suggestions = sorted(unique.values(), key=lambda s: -s.score)[:3]
            for suggestion in result.suggestions:
                suggestion.changed = meaning_changes(suggestion.source, result.source)

    def _prefill(self, run: TranslationRun) -> None:
        """A segment no engine translated takes its best suggestion when it is close enough, unless the
        French differs in what it says (a number, a quantifier, a negation, a date, a name): such a match
        is only offered, with the words that changed."""
        withheld = 0
        for result in run.untranslated:
            best = result.suggestions[0] if result.suggestions else None
            if best is None or best.score < self.prefill:
                continue
            if best.changed:
                withheld += 1
                continue
            result.target, result.origin = best.target, f"tm-fuzzy:{match_percent(best.score)}"
        run.tried.append(("fuzzy memory", f"{sum(r.origin.startswith('tm-fuzzy') for r in run.results)} "
                                          f"segment(s) pre-filled from matches of {self.prefill:.0f} % or more; "
                                          f"{withheld} close match(es) only offered: their French differs in "
                                          "a number, quantifier, negation, date or name"))

    def _from_memory(self, run: TranslationRun) -> None:
        for result in run.results:
            row = self.memory.exact(result.source)
            if row is not None:
                result.target, result.origin = row["target"], "tm"
                if result.tags and _same_tags(row["source_tags"], result.tags):
                    result.target_tags = _renumbered(row["target_tags"], row["source_tags"], result.tags)
        run.tried.append(("memory", f"{sum(r.origin == 'tm' for r in run.results)} exact match(es)"))

    def _with_engine(self, name: str, run: TranslationRun) -> None:
        try:
            engine = make_engine(name)
            usable, why = engine.status()
            if not usable:
                raise EngineUnavailable(why)
            engine.prepare(self.glossary)
            if hasattr(engine, "set_context"):
                engine.set_context([r.source for r in run.results], self.title)
            done = self._translate_pending(engine, run)
        except STOPPING as exc:
            run.tried.append((name, str(exc)))
            if isinstance(exc, EngineAuthError | EngineUnsupported):
                self._finish(run)
                raise
            return
        usage = f"; {engine.usage()}" if hasattr(engine, "usage") else ""
        run.tried.append((name, f"{done} segment(s) translated{usage}"))
        if done:
            run.versions[name] = engine.version()

    def _cache_key(self, engine: Engine, source: str) -> tuple[str, str, str, str]:
        return (engine.name, engine.version(), self.glossary.version, source)

    def _cached(self, engine: Engine, source: str) -> str | None:
        row = self.conn.execute(
            "SELECT target FROM cache WHERE engine=? AND version=? AND glossary=? AND source=?",
            self._cache_key(engine, source)).fetchone()
        return row["target"] if row else None

    def _store(self, engine: Engine, source: str, target: str) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO cache VALUES (?,?,?,?,?,?)",
                              (*self._cache_key(engine, source), target, now()))

    def _translate_pending(self, engine: Engine, run: TranslationRun) -> int:
        pending = [r for r in run.untranslated if r.source.strip()]
        todo: list[SegmentResult] = []
        twins: dict[str, list[SegmentResult]] = {}  # one request per distinct text
        for result in pending:
            sent = self._sent(engine, result)
            cached = self._cached(engine, sent)
            if cached is not None:
                self._accept(engine, result, cached)
                run.cached += 1
            elif sent in twins:
                twins[sent].append(result)
            else:
                twins[sent] = []
                todo.append(result)
        mine, theirs = self._share_work(engine, todo)
        try:
            self._request(engine, mine, run)
        finally:
            self._release_claims(engine, mine)
        self._request(engine, self._wait_for_others(engine, theirs), run)
        for first in todo:
            for twin in twins[self._sent(engine, first)]:
                twin.target, twin.origin, twin.target_tags = first.target, first.origin, first.target_tags
        return sum(1 for r in pending if r.target)

    @staticmethod
    def _sent(engine: Engine, result: SegmentResult) -> str:
        """What the engine is asked: the French with its tags written in for an engine that keeps tags
        (as ``⟦b1⟧…⟦/b1⟧`` placeholders for a plain-text engine), when it fits one request; else the plain
        French."""
        if result.tags and engine.tags and len(result.source) <= engine.max_chars // 2:
            text = tagged(result.source, result.tags)
            return TAG.sub(lambda m: f"⟦{m.group(1)}{m.group(2)}{m.group(3)}⟧", text) \
                if engine.tags == "placeholder" else text
        return result.source

    @staticmethod
    def _accept(engine: Engine, result: SegmentResult, output: str) -> None:
        """An engine's German for ``result``: with its tags read out when the French was sent tagged."""
        if result.tags:
            output = TAG_TOKEN.sub(lambda m: f"<{m.group(1)}{m.group(2)}{m.group(3)}>", output)
        if result.tags and TAG.search(output):
            result.target, result.target_tags = untagged_or_stripped(output)
        else:
            result.target = TAG.sub("", output) if result.tags else output
        result.origin = f"mt:{engine.name}"

    def _share_work(self, engine: Engine, todo: list[SegmentResult]) -> tuple[list[SegmentResult],
                                                                                list[SegmentResult]]:
        """(texts this process requests, texts another running process is requesting already): two
        runs of one release at once send each text once, the second taking the first's answers."""
        mine, theirs = [], []
        with transaction(self.conn):
            for result in todo:
                cached = self._cached(engine, result.source)  # finished by another process meanwhile
                if cached is not None:
                    result.target, result.origin = cached, f"mt:{engine.name}"
                    continue
                if self._claimed_elsewhere(engine, result.source):
                    theirs.append(result)
                    continue
                self.conn.execute("INSERT OR REPLACE INTO claims VALUES (?,?,?,?,?,?)",
                                  (*self._cache_key(engine, result.source), os.getpid(), time.time()))
                mine.append(result)
        return mine, theirs

    def _claimed_elsewhere(self, engine: Engine, source: str) -> bool:
        row = self.conn.execute("SELECT pid, started FROM claims WHERE engine=? AND version=? AND glossary=? "
                                "AND source=?", self._cache_key(engine, source)).fetchone()
        if row is None or row["pid"] == os.getpid() or time.time() - row["started"] > CLAIM_SECONDS:
            return False
        return _running(row["pid"])

    def _release_claims(self, engine: Engine, results: list[SegmentResult]) -> None:
        with transaction(self.conn):
            self.conn.executemany("DELETE FROM claims WHERE engine=? AND version=? AND glossary=? AND source=? "
                                  "AND pid=?", [(*self._cache_key(engine, r.source), os.getpid()) for r in results])

    def _wait_for_others(self, engine: Engine, theirs: list[SegmentResult]) -> list[SegmentResult]:
        """Take the other process's answers as they reach the cache; what it gave up on is ours to ask."""
        ours: list[SegmentResult] = []
        deadline = time.monotonic() + CLAIM_SECONDS
        while theirs and time.monotonic() < deadline:
            waiting = []
            for result in theirs:
                cached = self._cached(engine, result.source)
                if cached is not None:
                    result.target, result.origin = cached, f"mt:{engine.name}"
                elif self._claimed_elsewhere(engine, result.source):
                    waiting.append(result)
                else:
                    ours.append(result)
            theirs = waiting
            if theirs:
                time.sleep(0.2)
        return ours + theirs

    def _request(self, engine: Engine, todo: list[SegmentResult], run: TranslationRun) -> None:
        """Send the pieces of every segment in batches, in parallel, caching each finished segment."""
        pieces: list[tuple[int, int, str]] = []
        plan: dict[int, tuple[SegmentResult, dict[str, str], list[str | None]]] = {}
        for index, result in enumerate(todo):
            sent = self._sent(engine, result)
            text, mapping = protect(sent, _shifted_hits(result, sent)) if engine.protection == "placeholder" \
                else (sent, {})
            parts = split_for_engine(text, engine.max_chars)
            plan[index] = (result, mapping, [None] * len(parts))
            pieces.extend((index, k, part) for k, part in enumerate(parts))
        batches = [pieces[i:i + engine.batch_size] for i in range(0, len(pieces), engine.batch_size)]

        with ThreadPoolExecutor(max_workers=max(1, engine.max_workers)) as pool, \
                bar(len(batches), f"translating ({engine.name})", self.progress) as advance:
            futures: dict[Future[list[str]], list[tuple[int, int, str]]] = {
                pool.submit(self._call, engine, [p[2] for p in batch]): batch for batch in batches}
            try:
                failure = self._gather(engine, futures, plan, run, advance)
            except KeyboardInterrupt:  # stop sending: queued requests are dropped, answers kept are cached
                for future in futures:
                    future.cancel()
                raise
            if isinstance(failure, STOPPING):
                raise failure
            if failure is not None:
                run.tried.append((engine.name, f"gave up on some segments: {failure}"))

    def _gather(self, engine: Engine, futures: dict[Future[list[str]], list[tuple[int, int, str]]],
                plan: dict[int, tuple[SegmentResult, dict[str, str], list[str | None]]], run: TranslationRun,
                advance: Any) -> EngineError | None:
        """Collect finished batches as they come; a stopping error cancels what was not sent yet."""
        failure: EngineError | None = None
        while futures:
            finished, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = futures.pop(future)
                advance()
                run.calls += 1
                if future.cancelled():  # not sent: another batch stopped the run
                    continue
                try:
                    outputs = future.result()
                except STOPPING as exc:
                    failure = exc
                    for other in futures:
                        other.cancel()
                    continue
                except EngineError as exc:
                    failure = failure or exc
                    continue
                self._collect(engine, batch, outputs, plan)
        return failure

    def _call(self, engine: Engine, texts: list[str]) -> list[str]:
        """One batch, retried, each request within the request deadline, none started past the release's."""
        def attempt() -> list[str]:
            left = self.stop_at - time.monotonic()
            if left <= 0:
                raise EngineError(f"{engine.name}: the release's deadline of {self.deadlines.release} s has passed "
                                  "([deadlines] release in pipeline.toml); the rest stays untranslated")
            return within(lambda: engine.translate_batch(texts), min(self.deadlines.request, left), engine.name)

        return with_retries(attempt, self.policy)

    def _collect(self, engine: Engine, batch: list[tuple[int, int, str]], outputs: list[str],
                 plan: dict[int, tuple[SegmentResult, dict[str, str], list[str | None]]]) -> None:
        for (index, part, piece), output in zip(batch, outputs, strict=True):
            result, mapping, parts = plan[index]
            parts[part] = output if len(output) <= MAX_GROWTH * len(piece) + GROWTH_MARGIN else ""  # no translation
            if all(p is not None for p in parts) and all(parts):  # a piece left empty: the segment waits
                target = restore(" ".join(p for p in parts if p), mapping).strip()
                if target:
                    self._accept(engine, result, target)
                    self._store(engine, self._sent(engine, result), target)

    def _finish(self, run: TranslationRun) -> None:
        """Glossary check and safe repair on every machine output."""
        for result in run.results:
            if result.target and result.origin.startswith("mt:"):
                before = result.target
                result.target, result.repairs = repair_terms(result.hits, result.target)
                if result.target != before and result.target_tags:
                    result.target_tags = _tags_after_repair(result, before)
            if result.target:
                result.findings = check_terms(result.hits, result.target).findings


def _shifted_hits(result: SegmentResult, sent: str) -> list[Hit]:
    """The glossary hits of the French as spans of the text sent (its tag placeholders take as many
    characters as the tags written in, so one shift serves both)."""
    if sent == result.source:
        return result.hits
    spans = shifted([(h.start, h.end) for h in result.hits], result.tags)
    return [replace(h, start=start, end=end) for h, (start, end) in zip(result.hits, spans, strict=True)]


def _same_tags(memory: list[Tag], segment: list[Tag]) -> bool:
    """The memory's French tags are the segment's: the same kinds over the same words, in order."""
    def shape(tags: list[Tag]) -> list[tuple[str, int, int]]:
        return [(t.kind, t.start, t.end) for t in sorted(tags, key=lambda t: t.start)]

    return bool(memory) and shape(memory) == shape(segment)


def _renumbered(german: list[Tag], memory: list[Tag], segment: list[Tag]) -> list[Tag]:
    """The memory's German tags with the ids the segment's French gives the same tags."""
    ids = {m.id: s.id for m, s in zip(sorted(memory, key=lambda t: t.start), sorted(segment, key=lambda t: t.start),
                                      strict=True)}
    return [Tag(ids[t.id], t.kind, t.start, t.end) for t in german if t.id in ids]


def _tags_after_repair(result: SegmentResult, before: str) -> list[Tag] | None:
    """An engine's tags kept through a glossary repair: the repair made on the tagged German; None (the
    tags projected afresh) when that does not give the same words."""
    repaired, _ = repair_terms(result.hits, tagged(before, result.target_tags or []))
    plain, tags = untagged_or_stripped(repaired)
    return tags if plain == result.target else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def engines_for(requested: str | None) -> list[str]:
    return choose_engines(requested, load_config().engine)

