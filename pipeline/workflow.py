"""One release through the pipeline: parse → store → translate what may be → QA → store."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.glossary import Glossary
from pipeline.model import Document, Finding, Segment
from pipeline.review.store import ReviewStore
from pipeline.translate import TranslationRun, Translator
from pipeline.translate.memory import Suggestion


@dataclass
class Processed:
    release: str
    document: Document
    run: TranslationRun
    store: ReviewStore


def process(doc: Document, glossary: Glossary, engines: list[str], progress: bool = False,
            store: ReviewStore | None = None, ignore_embargo: bool = False) -> Processed:
    from pipeline.config import load_config
    from pipeline.translate.embargo import guard_embargo

    config = load_config()
    store = store or ReviewStore()
    release = store.sync_document(doc)
    pending = [Segment(row["id"], row["source"]) for row in store.pending(release)]
    if pending:
        guard_embargo(doc, release, engines, ignore_embargo, store)
    translator = Translator(glossary, engines, conn=store.conn, progress=progress,
                            suggest=config.fuzzy_suggest, prefill=config.fuzzy_prefill)
    run = translator.run(pending, earlier_translations(store, release, pending))
    store.record_translations(release, run.results)
    store.record_engines(release, run.versions, glossary.version)
    check_release(release, glossary, store)
    return Processed(release, doc, run, store)


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


def check_release(release: str, glossary: Glossary, store: ReviewStore,
                  progress: bool = False) -> dict[str, list[Finding]]:
    """Run every QA check on the release's current targets and store the findings."""
    from pipeline.review.qa import build_pairs, run_checks

    rows = store.segments(release)
    kinds = {segment.id: block.kind for block in store.document(release).blocks for segment in block.segments}
    pairs = build_pairs([r["source"] for r in rows], [r["target"] for r in rows], glossary,
                        [r["id"] for r in rows], [r["origin"] for r in rows], store.memory, progress,
                        [kinds.get(r["id"], "") for r in rows])
    findings = {row["id"]: run_checks(pair) for row, pair in zip(rows, pairs, strict=True)}
    store.record_findings(release, findings)
    from pipeline.glossary.termmatch import flush_german_lemmas

    flush_german_lemmas()
    return findings

