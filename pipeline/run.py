"""Releases through the stages: one release (`process`: parse → store → translate what may be → QA →
store) and many (`run_releases`, `pipeline run`: every release, then render; a summary at the end).

Translation runs release by release in this process (memory and cache make it cheap); rendering,
the CPU-heavy part, runs in up to two worker processes when there is more than one file to write.
A release that fails is reported and the others still get their briefings.
"""

from __future__ import annotations

import hashlib
import json
import os
import textwrap
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import load_config, reviewer_name
from pipeline.errors import EmbargoError, EngineError, InputError, PipelineError, RenderError
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import prefetch_german
from pipeline.model import KEPT_GERMAN, Document, Segment
from pipeline.progress import bar
from pipeline.publish.publish import read_source_tags
from pipeline.readers import read_document
from pipeline.redact import redact
from pipeline.render import renderer
from pipeline.render.briefing import Briefing, build_briefing
from pipeline.render.naming import output_stem
from pipeline.review.qa import check_release
from pipeline.review.store import ReviewStore, source_tags
from pipeline.translate import SegmentResult, TranslationRun, Translator
from pipeline.translate.embargo import guard_embargo
from pipeline.translate.memory import Suggestion

FORMATS = ("docx", "pdf")
STALE_PART = 600  # seconds: a .part file older than this belongs to no running writer
NAME_WIDTH = 42


@dataclass
class ReleaseOutcome:
    source: str
    release: str = ""
    segments: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    untranslated: int = 0
    findings: int = 0
    files: list[str] = field(default_factory=list)
    error: str = ""
    engines_tried: list[tuple[str, str]] = field(default_factory=list)  # (engine, what it did or why not)
    stage: str = ""  # where it stopped: "read", "embargo" or "engine" (a failed write sets no stage)

    @property
    def complete(self) -> bool:
        return not self.error and self.untranslated == 0


@dataclass
class Processed:
    release: str
    document: Document
    run: TranslationRun
    store: ReviewStore


def process(doc: Document, glossary: Glossary, engines: list[str], progress: bool = False,
            store: ReviewStore | None = None, ignore_embargo: bool = False) -> Processed:
    config = load_config()
    store = store or ReviewStore()
    release = store.sync_document(doc)
    store.set_source_tags(release, read_source_tags(Path(doc.source), doc))
    german = {s.id for block in doc.blocks if block.language == "de" for s in block.segments}
    rows = store.pending(release)
    store.record_translations(release, [SegmentResult(row["id"], row["source"], row["source"], KEPT_GERMAN)
                                        for row in rows if row["id"] in german])
    pending = [Segment(row["id"], row["source"]) for row in rows if row["id"] not in german]
    override = guard_embargo(doc, release, engines, ignore_embargo) if pending else None
    if override:
        store.record_override(release, "embargo", override, _override_author())
    translator = Translator(glossary, engines, conn=store.conn, progress=progress,
                            suggest=config.fuzzy_suggest, prefill=config.fuzzy_prefill)
    translator.title = doc.title
    tags = {row["id"]: source_tags(row) for row in rows}
    run = translator.run(pending, earlier_translations(store, release, pending), tags)
    store.record_translations(release, run.results)
    store.record_engines(release, run.versions, glossary.version)
    check_release(release, glossary, store)
    return Processed(release, doc, run, store)


def _override_author() -> str:
    try:
        return reviewer_name(None)
    except InputError:
        return "(unnamed: set PIPELINE_USER or [review] name)"


def earlier_translations(store: ReviewStore, release: str, segments: list[Segment]) -> dict[str, list[Suggestion]]:
    """For segments whose French text was edited: their translations of the earlier French, newest
    first, scored by how close that French is to today's (``origin`` says which status it had)."""
    found: dict[str, list[Suggestion]] = {}
    for segment in segments:
        seen: set[str] = set()
        for old in reversed(store.history(release, segment.id)):
            if not old["target"] or old["source"] == segment.text or old["source"] in seen:
                continue
            seen.add(old["source"])
            score = store.memory.similarity(old["source"], segment.text)
            found.setdefault(segment.id, []).append(
                Suggestion(old["source"], old["target"], score, f"earlier:{old['status']}"))
    return found


def _render_job(job: tuple[str, list[Briefing], str, str | None]) -> str:
    """Write one file; whatever the DOCX or PDF library raises becomes one RenderError naming the file,
    so a batch reports it in its summary and still writes every other file."""
    fmt, briefings, out, title = job
    try:
        renderer(fmt)(briefings, Path(out), title)  # type: ignore[call-arg]
    except PipelineError:
        raise
    except Exception as exc:  # the vendor boundary: python-docx, WeasyPrint, the file system
        raise RenderError(f"{Path(out).name}: could not be written ({type(exc).__name__}: {exc}); "
                          "the other files were written; report this with the release attached") from exc
    return out


def render_all(jobs: list[tuple[str, list[Briefing], str, str | None]], workers: int,
               pool: ProcessPoolExecutor | None = None) -> list[tuple[str, str]]:
    """Write every file; returns (path, error) pairs, error empty on success. ``pool``: workers started
    (and warmed up) earlier, used when there is more than one file to write."""
    results: list[tuple[str, str]] = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(_attempt(job))
        return results
    with pool or ProcessPoolExecutor(max_workers=workers) as running:
        futures = [(job, running.submit(_render_job, job)) for job in jobs]
        for job, future in futures:
            try:
                results.append((future.result(), ""))
            except PipelineError as exc:
                results.append((job[2], str(exc)))
    return results


def _prefetch_german(pool: ProcessPoolExecutor, store: Any, glossary: Glossary, doc: Any) -> None:
    """The German the checks will read (glossary terms, the memory's translations of this release)
    lemmatised by a worker while this process loads spaCy."""
    texts = [form for term in glossary.terms for form in (term.de, *term.de_forbidden)]
    texts += [row["target"] for segment in doc.segments() if (row := store.memory.exact(segment.text)) is not None]
    prefetch_german(texts, pool.submit)


def _warm_up() -> None:
    """Import the renderers in a worker while the main process reads and translates (2 cores: the
    WeasyPrint and python-docx imports overlap spaCy's loading)."""
    # deferred: a worker imports the renderers (WeasyPrint, python-docx) while the main process reads
    import pipeline.render.docx
    import pipeline.render.pdf  # noqa: F401


def _early_pool(workers: int) -> ProcessPoolExecutor | None:
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(max_workers=workers)
    for _ in range(workers):
        pool.submit(_warm_up)
    return pool


def _attempt(job: tuple[str, list[Briefing], str, str | None]) -> tuple[str, str]:
    try:
        return _render_job(job), ""
    except PipelineError as exc:
        return job[2], str(exc)


def run_releases(paths: Sequence[Path], glossary: Glossary, engines: list[str], out_dir: Path,
                 formats: Sequence[str], digest: bool, office: str, progress: bool = False,
                 workers: int | None = None, ignore_embargo: bool = False) -> list[ReleaseOutcome]:
    store = ReviewStore()
    _clean_stale_parts(out_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    pool = _early_pool(workers) if paths else None
    if pool is not None:
        store.memory.sync_folder()  # memory/*.tmx in before the German prefetch reads translations
    outcomes, briefings = [], []
    with bar(len(paths), _label(paths, 0), progress) as advance:
        for index, path in enumerate(paths):
            outcome = ReleaseOutcome(str(path))
            outcomes.append(outcome)
            try:
                doc = read_document(path)
                if pool is not None:
                    _prefetch_german(pool, store, glossary, doc)
                done = process(doc, glossary, engines, store=store, ignore_embargo=ignore_embargo)
                outcome.engines_tried = done.run.tried
                briefing = build_briefing(store, done.release, glossary, office)
            except PipelineError as exc:
                outcome.error = str(exc)
                outcome.stage = "embargo" if isinstance(exc, EmbargoError) else \
                    "engine" if isinstance(exc, EngineError) else "read"
                advance(_label(paths, index + 1))
                continue
            _describe(outcome, done.release, briefing)
            briefings.append((outcome, briefing))
            advance(_label(paths, index + 1))
    jobs = _jobs(briefings, out_dir, formats, digest)
    prints = {job[2]: fingerprint(job) for job, _ in jobs}
    fresh = [job for job, _ in jobs if not store.rendered_unchanged(job[2], prints[job[2]])]
    if len(fresh) <= 1 and pool is not None:
        pool.shutdown(cancel_futures=True)
        pool = None
    errors = dict(render_all(fresh, workers, pool))
    for job, owners in jobs:  # in the order of the releases
        target, error = job[2], errors.get(job[2], "")
        if job in fresh and not error:
            store.record_render(target, prints[target])
        for owner in owners:
            if error:
                owner.error = owner.error or error
            else:
                owner.files.append(target)
    return outcomes


def _clean_stale_parts(out_dir: Path) -> None:
    """Half-written files (".name.xxxx.part") a killed run left behind, once old enough that no running
    writer can own them."""
    if not out_dir.is_dir():
        return
    for part in out_dir.glob(".*.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART:
                part.unlink()
        except OSError:
            continue


def fingerprint(job: tuple[str, list[Briefing], str, str | None]) -> str:
    """What a file's content depends on: the briefings (without the generation time), the format, the
    title, this version of pipeline and its templates. The same fingerprint means the same file."""
    fmt, briefings, _, title = job
    content = [asdict(replace(b, generated="", colophon="")) for b in briefings]
    payload = json.dumps([fmt, title, content, __version__, _templates_digest()], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@cache
def _templates_digest() -> str:
    digest = hashlib.sha256()
    for folder in ("templates", "assets"):
        for item in sorted(resources.files("pipeline.render").joinpath(folder).iterdir(), key=lambda p: p.name):
            digest.update(item.read_bytes())
    return digest.hexdigest()


def _label(paths: Sequence[Path], index: int) -> str:
    if index >= len(paths):
        return "rendering"
    return f"release {index + 1}/{len(paths)}: {paths[index].name}"


def _describe(outcome: ReleaseOutcome, release: str, briefing: Briefing) -> None:
    outcome.release = release
    outcome.counts = briefing.counts
    outcome.segments = sum(briefing.counts.values())
    outcome.untranslated = sum(1 for b in briefing.blocks for p in b.de if not p.text)
    outcome.findings = len(briefing.findings)


def _jobs(briefings: list[tuple[ReleaseOutcome, Briefing]], out_dir: Path, formats: Sequence[str],
          digest: bool) -> list[tuple[tuple[str, list[Briefing], str, str | None], list[ReleaseOutcome]]]:
    if not briefings:
        return []
    if digest:
        ordered = sorted(briefings, key=lambda item: item[1].sort_key, reverse=True)
        title = f"Digest FR | DE — {len(ordered)} communiqués"
        stem = output_stem(date.today().isoformat(), "digest")
        return [((fmt, [b for _, b in ordered], str(out_dir / f"{stem}.{fmt}"), title), [o for o, _ in ordered])
                for fmt in formats]
    stems = _unique_stems([briefing.stem for _, briefing in briefings])
    return [((fmt, [briefing], str(out_dir / f"{stem}.{fmt}"), None), [outcome])
            for (outcome, briefing), stem in zip(briefings, stems, strict=True) for fmt in formats]


def _unique_stems(stems: list[str]) -> list[str]:
    """Two releases with the same date and title must not overwrite each other: -2, -3 …"""
    seen: dict[str, int] = {}
    unique = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        unique.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return unique


def engine_causes(outcomes: Sequence[ReleaseOutcome]) -> str:
    """Why segments stayed untranslated, engine by engine, once each ("local: no model installed …")."""
    tried = [(name, outcome) for o in outcomes if not o.error and o.untranslated for name, outcome in o.engines_tried]
    causes = dict.fromkeys(f"{name}: {outcome}" for name, outcome in tried if name not in ("memory", "fuzzy memory"))
    if not causes:  # the memory alone was asked
        causes = dict.fromkeys(f"{name}: {outcome}" for name, outcome in tried if name == "memory")
        return "; ".join(causes) + "; name a translation engine with --engine" if causes else "no engine was tried"
    return "; ".join(causes)


def summary_lines(outcomes: Sequence[ReleaseOutcome]) -> list[str]:
    """One row per release: its full name (wrapped, never cut), the counts, and each file it wrote or
    the one-line error that stopped it."""
    header = f"{'release':<{NAME_WIDTH}} {'segm.':>5} {'approved':>8} {'transl.':>7} {'untr.':>5} {'QA':>4}  files"
    lines = [header, "-" * len(header)]
    for o in outcomes:
        names = textwrap.wrap(o.release or Path(o.source).name, NAME_WIDTH, break_on_hyphens=False) or ["—"]
        if o.error and not o.segments:
            right = [f"error: {redact(o.error)}"]
        else:
            translated = o.counts.get("translated", 0) + o.counts.get("reviewed", 0)
            numbers = (f"{o.segments:>5} {o.counts.get('approved', 0):>8} {translated:>7} {o.untranslated:>5} "
                       f"{o.findings:>4}  ")
            files = [Path(f).name for f in o.files] or ["—"]
            right = [numbers + files[0]] + [" " * len(numbers) + f for f in files[1:]]
            right += [f"error: {redact(o.error)}"] if o.error else []
        for index in range(max(len(names), len(right))):
            left = names[index] if index < len(names) else ""
            lines.append(f"{left:<{NAME_WIDTH}} {right[index] if index < len(right) else ''}".rstrip())
    return lines
