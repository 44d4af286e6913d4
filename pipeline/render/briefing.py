"""The briefing as data: everything both renderers show, computed once from the review store.

A Briefing is plain data (picklable), so DOCX and PDF rendering can run in worker processes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.glossary import Glossary
from pipeline.glossary.glossary import NO_GLOSSARY
from pipeline.glossary.termmatch import find_german, french_matcher
from pipeline.language.collation import french_order
from pipeline.language.dates import french_long, german_long
from pipeline.readers.embargo import UNDATED
from pipeline.render.keyfacts import KeyFacts, corrected, key_facts
from pipeline.render.naming import output_stem
from pipeline.review.store import ReviewStore
from pipeline.translate.embargo import embargo_words, under_embargo

MARKS = {  # German-column marks for segments not approved (shown in both formats, explained in a legend)
    ("translated", "mt"): "MT", ("translated", "tm"): "TM", ("translated", "tm-fuzzy"): "TM~",
    ("translated", "human"): "ungeprüft", ("translated", "source"): "DE im Original",
    ("reviewed", "*"): "geprüft", ("rejected", "*"): "abgelehnt", ("new", "*"): "fehlt",
}
LEGEND = ("Markierungen in der deutschen Spalte: [MT] maschinell übersetzt, [TM] aus dem Übersetzungsspeicher, "
          "[TM~] ähnlicher Eintrag des Übersetzungsspeichers (Fuzzy-Treffer), "
          "[ungeprüft] menschlich übersetzt, noch nicht geprüft, [geprüft] geprüft, noch nicht freigegeben, "
          "[abgelehnt] abgelehnt, [fehlt] nicht übersetzt, [DE im Original] im Original deutsch, nicht übersetzt. "
          "Unmarkierter Text ist freigegeben.")
# Banner lines, first line of the briefing and top of every page, each saying what is true of it.
DRAFT_MARK = "DRAFT — machine translation not reviewed / ENTWURF — maschinelle Übersetzung, nicht geprüft"
UNREVIEWED_MARK = "DRAFT — translation not yet approved / ENTWURF — Übersetzung noch nicht freigegeben"
MISSING_MARK = "INCOMPLETE — {n} segment(s) not translated / UNVOLLSTÄNDIG — {n} Segment(e) nicht übersetzt"
EMBARGO_MARK = "SOUS EMBARGO jusqu'au {fr} / SPERRFRIST bis {de}"
EMBARGO_UNDATED = "SOUS EMBARGO, sans date de fin / SPERRFRIST, ohne Enddatum"
NO_TITLE = ("Communiqué sans titre", "Mitteilung ohne Titel")  # the release has no headline
NO_GLOSSARY_MARK = "SANS GLOSSAIRE — termes non vérifiés / OHNE GLOSSAR — Terminologie nicht geprüft"


@dataclass
class Piece:
    """One segment's text in the German column, with its mark when not approved."""

    text: str
    mark: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class BodyBlock:
    kind: str
    fr: str
    fr_spans: list[tuple[int, int]]
    de: list[Piece]
    marker: str | None = None  # a numbered item's number, shown in both columns


@dataclass
class Briefing:
    release: str
    office: str
    generated: str
    title_fr: str
    title_de: str
    title_mark: str  # the German title is a segment like the others: its mark when not approved
    published: str | None
    updated: str | None
    source: str
    blocks: list[BodyBlock]
    people: list[tuple[str, str]]
    places: list[tuple[str, str]]
    organisations: list[tuple[str, str]]
    dates: list[tuple[str, str]]
    figures: list[str]
    terms: list[tuple[str, str, str]]
    findings: list[tuple[str, str, str]]
    counts: dict[str, int]
    approved_by: list[str]
    approved_at: str | None
    draft: bool
    stem: str
    banners: list[str] = field(default_factory=list)
    colophon: str = ""  # how it was made: engines and versions, glossary version, memory size, time

    @property
    def names(self) -> frozenset[str]:
        """Words of the names this briefing knows (key facts and glossary names, both languages): the
        PDF never hyphenates them, German nouns being capitalised like names."""
        pairs = [*self.people, *self.places, *self.organisations]
        pairs += [(fr, de) for fr, de, kind in self.terms if kind in ("name", "keep")]
        return frozenset(word for pair in pairs for side in pair for word in re.findall(r"[\w’'-]{2,}", side)
                         if word[:1].isupper())

    @property
    def date_lines(self) -> list[tuple[str, str, str]]:
        """(label FR, label DE, value) … for published and updated, in both languages' formats."""
        out = []
        for fr_label, de_label, iso in (("Publié le", "Veröffentlicht am", self.published),
                                        ("Mis à jour le", "Aktualisiert am", self.updated)):
            if iso:
                day = date.fromisoformat(iso)
                out.append((f"{fr_label} {french_long(day)}", f"{de_label} {german_long(day)}", iso))
        return out

    @property
    def sort_key(self) -> str:
        return self.published or self.updated or ""


def _mark(status: str, origin: str) -> str:
    if status == "approved":
        return ""
    kind = origin.split(":")[0] if origin else ""
    return MARKS.get((status, kind)) or MARKS.get((status, "*")) or MARKS.get((status, "mt"), status)


def release_facts(store: ReviewStore, release: str, matcher: Any) -> KeyFacts:
    """The key facts found in the release, before any correction (German paragraphs feed none)."""
    doc = store.document(release)
    french = [b.text for b in doc.body if b.language != "de"]
    return key_facts(french, matcher, (doc.published, doc.updated))


def build_briefing(store: ReviewStore, release: str, glossary: Glossary, office: str,
                   today: date | None = None, now: datetime | None = None) -> Briefing:
    doc = store.document(release)
    rows = {row["id"]: row for row in store.segments(release)}
    matcher = french_matcher(glossary)
    body = doc.body  # headers, footers and notes of a Word file are not the release's text
    block_hits = matcher.match_many([b.text for b in body])
    blocks, used_terms = [], {}
    for block, hits in zip(body, block_hits, strict=True):
        pieces = []
        for segment in block.segments:
            row = rows[segment.id]
            spans = [s for h in hits for s in find_german(h.term.de, row["target"])] if row["target"] else []
            pieces.append(Piece(row["target"] or "", _mark(row["status"], row["origin"]), spans))
        for hit in hits:
            used_terms[hit.term.fr] = (hit.term.fr, hit.term.de, hit.term.kind)
        blocks.append(BodyBlock(block.kind, block.text, [(h.start, h.end) for h in hits], pieces, block.marker))
    title_row = _title_row(doc, rows)
    today = today or date.today()
    facts = corrected(release_facts(store, release, matcher), store.fact_corrections(release))
    approved = [row for row in rows.values() if row["status"] == "approved"]
    counts = store.status_counts(release)
    complete = counts["approved"] == len(rows) and len(rows) > 0
    if complete:  # partner-facing: no glossary highlights (drafts keep them for translators)
        blocks = [_without_highlights(block) for block in blocks]
    return Briefing(
        release=release, office=office, generated=today.isoformat(),
        title_fr=doc.title or NO_TITLE[0],
        title_de=title_row["target"] if title_row is not None else "" if doc.title else NO_TITLE[1],
        title_mark=_mark(title_row["status"], title_row["origin"]) if title_row is not None else
        ("fehlt" if doc.title else ""),
        published=doc.published, updated=doc.updated, source=doc.url or doc.source.rsplit("/", 1)[-1],
        blocks=blocks, people=facts.people, places=facts.places, organisations=facts.organisations,
        dates=facts.dates, figures=facts.figures,
        terms=sorted(used_terms.values(), key=lambda t: french_order(t[0])),
        findings=[(row["id"], f["kind"], f["message"]) for row in rows.values() if row["status"] != "approved"
                  for f in json.loads(row["findings"])],
        counts=counts, approved_by=sorted({row["updated_by"] for row in approved if row["updated_by"]}),
        approved_at=max((row["updated"] for row in approved), default=None) if complete else None,
        draft=not complete, stem=store.claim_stem(release, output_stem(doc.published or doc.updated,
                                                                        doc.title or Path(release).stem),
                                                  doc.format),
        banners=_banners(doc, rows.values(), now) + ([NO_GLOSSARY_MARK] if glossary.source == NO_GLOSSARY else []),
        colophon=colophon(store, release, glossary, rows.values(), now))


def banner_parts(line: str) -> list[tuple[str, str]]:
    """A banner line as (text, language tag) halves: "SOUS EMBARGO … / SPERRFRIST …" → fr-FR, de-DE."""
    first, _, german = line.partition(" / ")
    return [(first, "fr-FR" if first.startswith(("SOUS", "SANS")) else "en-GB"), (" / ", ""), (german, "de-DE")]


ORIGIN_WORDS = {"tm": "mémoire / Speicher", "tm-fuzzy": "mémoire, correspondance approchée / Speicher (Fuzzy)",
                "human": "traduction humaine / Humanübersetzung",
                "source": "allemand de l'original / deutsch im Original"}


def colophon(store: ReviewStore, release: str, glossary: Glossary, rows: Any, now: datetime | None) -> str:
    """One line saying how the briefing was made, so "which engine translated this?" has an answer."""
    made = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    engines = [f"{row['engine']} ({row['version']})" for row in store.engines_used(release)]
    origins = {row["origin"].split(":")[0] for row in rows if row["target"]}
    engines += [words for origin, words in ORIGIN_WORDS.items() if origin in origins]
    if glossary.source == NO_GLOSSARY:
        terms = "aucun, termes non vérifiés / keines, Terminologie nicht geprüft"
    else:
        source = Path(glossary.source).name if glossary.source else "—"
        terms = f"{source} v{glossary.version} ({len(glossary)} entrées / Einträge)"
    return (f"Réalisé le / erstellt am {made} · pipeline {__version__} · traduction / Übersetzung : "
            f"{', '.join(engines) or '—'} · glossaire / Glossar : {terms} · mémoire / Übersetzungsspeicher : "
            f"{store.memory.stats()['entries']} segments")


def _without_highlights(block: BodyBlock) -> BodyBlock:
    return BodyBlock(block.kind, block.fr, [], [Piece(p.text, p.mark, []) for p in block.de], block.marker)


def all_banners(briefings: Any) -> list[str]:
    """Every banner line of these briefings once, in order (a digest's first lines and page tops)."""
    return list(dict.fromkeys(line for briefing in briefings for line in briefing.banners))


def _banners(doc: Any, rows: Any, now: datetime | None) -> list[str]:
    """What a reader must know before reading: the embargo while it lasts, then why this is a draft."""
    lines = []
    if under_embargo(doc, now):
        french, german = embargo_words(doc.embargo)
        lines.append(EMBARGO_UNDATED if doc.embargo == UNDATED else EMBARGO_MARK.format(fr=french, de=german))
    unapproved = [row for row in rows if row["status"] != "approved"]
    missing = sum(1 for row in unapproved if not row["target"])
    if any(row["origin"].startswith("mt") for row in unapproved if row["target"]):
        lines.append(DRAFT_MARK)
    elif len(unapproved) > missing:
        lines.append(UNREVIEWED_MARK)
    if missing:
        lines.append(MISSING_MARK.format(n=missing))
    return lines


def _title_row(doc: Any, rows: dict[str, Any]) -> Any:
    """The segment that holds the title: the title block's, or the segment the title was taken from."""
    for block in doc.blocks:
        if block.kind == "title":
            return rows.get(block.segments[0].id)
    return next((rows.get(s.id) for b in doc.blocks for s in b.segments if s.text == doc.title), None)


