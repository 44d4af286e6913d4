"""One release through the pipeline: parse → store → translate what may be → QA → store."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.glossary import Glossary
from pipeline.model import Document, Finding, Segment
from pipeline.review.store import ReviewStore
from pipeline.translate import TranslationRun, Translator


@dataclass
class Processed:
    release: str
    document: Document
    run: TranslationRun
    store: ReviewStore


def process(doc: Document, glossary: Glossary, engines: list[str], progress: bool = False,
            store: ReviewStore | None = None) -> Processed:
    store = store or ReviewStore()
    release = store.sync_document(doc)
    pending = [Segment(row["id"], row["source"]) for row in store.pending(release)]
    run = Translator(glossary, engines, conn=store.conn, progress=progress).run(pending)
    store.record_translations(release, run.results)
    check_release(release, glossary, store)
    return Processed(release, doc, run, store)


def check_release(release: str, glossary: Glossary, store: ReviewStore,
                  progress: bool = False) -> dict[str, list[Finding]]:
    """Run every QA check on the release's current targets and store the findings."""
    from pipeline.review.qa import build_pairs, run_checks

    rows = store.segments(release)
    pairs = build_pairs([r["source"] for r in rows], [r["target"] for r in rows], glossary,
                        [r["id"] for r in rows], [r["origin"] for r in rows], store.memory, progress)
    findings = {row["id"]: run_checks(pair) for row, pair in zip(rows, pairs, strict=True)}
    store.record_findings(release, findings)
    return findings

