"""What the browser workspace shows and does, as plain data over the review store.

Reading: the releases overview and one release as blocks of segments with glossary highlights (the
required German form and the forbidden ones as tips), QA findings, origin, status, comments, memory
suggestions and a history with word-level differences (engine output → current text, version →
version). Writing: one segment at a time through the same three-way import as Word and XLIFF files
(``merge.py``): a save names the revision it was made on, and a save on a stale revision is a conflict
that shows both versions, never an overwrite. QA runs again after every change. Key facts: the
briefing's facts with the press officer's corrections (strike, correct in French and German, add,
restore), each kept in the store with who and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ImportConflict, StoreError
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import find_german, french_matcher
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import TAG_NAMES, Mark, Tag, TagError, marks, read_typed, tagged
from pipeline.model import STATUSES
from pipeline.render.briefing import release_facts
from pipeline.render.keyfacts import FactRow, fact_rows
from pipeline.review.diff import word_diff
from pipeline.review.merge import FileRow, ReviewFile, import_review_file
from pipeline.review.qa import check_release
from pipeline.review.review_docx import origin_label
from pipeline.review.store import Comment, FactCorrection, ReviewStore, comments_of, german_tags, source_tags

Piece = tuple[str, str]  # (text, tip): tip is empty outside glossary terms


@dataclass
class SegmentView:
    id: str
    kind: str
    source: list[Piece]
    target: str
    status: str
    origin: str
    revision: int
    findings: list[dict[str, Any]]
    comments: list[dict[str, str]]
    suggestions: list[dict[str, Any]]
    history: list[dict[str, Any]]
    machine_diff: list[tuple[str, str]]
    terms: list[str]
    updated_by: str
    updated: str
    glossary: list[dict[str, str]] = field(default_factory=list)  # the segment's terms: the panel
    tags: list[str] = field(default_factory=list)  # the French inline tags ("b1", "a2") the German must hold


@dataclass
class ReleaseView:
    release: str
    title: str
    published: str | None
    segments: list[SegmentView]
    counts: dict[str, int]
    qa_kinds: list[str]
    terms: list[str]
    shown: int = 0
    filters: dict[str, str] = field(default_factory=dict)


def releases_overview(store: ReviewStore, query: str = "", sort: str = "release") -> list[dict[str, Any]]:
    """Every release with its title, date, segments per status, open findings, last change and who."""
    rows = []
    for entry in store.releases():
        release = entry["release"]
        segments = store.segments(release)
        last = max(segments, key=lambda r: r["updated"], default=None)
        document = store.document(release)
        rows.append({"release": release, "title": entry["title"], "published": document.published or "",
                     "counts": store.status_counts(release), "total": len(segments),
                     "open": len(store.open_findings(release)),
                     "changed": last["updated"] if last else "", "changed_by": last["updated_by"] if last else ""})
    if query:
        folded = query.casefold()
        rows = [r for r in rows if folded in r["release"].casefold() or folded in r["title"].casefold()]
    keys = {"release": lambda r: r["release"].casefold(), "title": lambda r: r["title"].casefold(),
            "date": lambda r: r["published"], "open": lambda r: -r["open"], "changed": lambda r: r["changed"]}
    reverse = sort in ("date", "changed")
    return sorted(rows, key=keys.get(sort, keys["release"]), reverse=reverse)


def release_view(store: ReviewStore, release: str, glossary: Glossary, filters: dict[str, str]) -> ReleaseView:
    document = store.document(release)
    kinds = {s.id: b.part or b.kind for b in document.blocks for s in b.segments}  # "header", "footer": page text
    rows = store.segments(release)
    hits = french_matcher(glossary).match_many([row["source"] for row in rows])
    segments = [_segment(store, release, row, found, kinds.get(row["id"], "paragraph"))
                for row, found in zip(rows, hits, strict=True)]
    qa_kinds = sorted({f["kind"] for s in segments for f in s.findings})
    terms = sorted({t for s in segments for t in s.terms}, key=str.casefold)
    shown = [s for s in segments if _wanted(s, filters)]
    return ReleaseView(release, document.title or release, document.published, shown, store.status_counts(release),
                       qa_kinds, terms, len(shown), filters)


def _wanted(segment: SegmentView, filters: dict[str, str]) -> bool:
    if filters.get("status") and segment.status != filters["status"]:
        return False
    if filters.get("qa") and not any(f["kind"] == filters["qa"] for f in segment.findings):
        return False
    if filters.get("term") and filters["term"] not in segment.terms:
        return False
    query = filters.get("q", "").casefold()
    source = "".join(text for text, _ in segment.source)
    return not query or query in source.casefold() or query in segment.target.casefold()


def _segment(store: ReviewStore, release: str, row: Any, hits: list[Any], kind: str) -> SegmentView:
    tips = {id(h): _tip(h.term) for h in hits}
    french_tags = source_tags(row)
    source = _with_tags(_pieces(row["source"], [(h.start, h.end, tips[id(h)]) for h in hits]), french_tags)
    target = tagged(row["target"], german_tags(row)) if french_tags and row["target"] else row["target"]
    history = store.history(release, row["id"])
    return SegmentView(
        row["id"], kind, source, target, row["status"],
        origin_label(row["origin"]), row["revision"], json.loads(row["findings"]),
        [{"author": c.author, "at": c.at[:16].replace("T", " "), "text": c.text} for c in comments_of(row)],
        _with_source_diff(json.loads(row["suggestions"]), row["source"]) if row["status"] != "approved" else [],
        _history(history, row), _machine_diff(history, row), sorted({h.term.fr for h in hits}),
        row["updated_by"], row["updated"][:16].replace("T", " "), _glossary_panel(hits, row["target"]),
        [f"{t.kind}{t.id}" for t in french_tags])


def _with_source_diff(suggestions: list[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """Each suggestion with the word difference between its French and the segment's (a fuzzy match
    shows what changed, as the review DOCX does)."""
    return [s | {"source_diff": word_diff(s.get("source", ""), source)} if s.get("source") and s["source"] != source
            else s for s in suggestions]


def _glossary_panel(hits: list[Any], target: str) -> list[dict[str, str]]:
    """The segment's glossary entries: the required German (found or missing in the German), the
    forbidden forms, the note."""
    entries: dict[str, dict[str, str]] = {}
    for hit in hits:
        term = hit.term
        if term.fr not in entries:
            found = bool(target) and bool(find_german(term.de, target))
            entries[term.fr] = {"fr": term.fr, "de": term.de, "kind": term.kind, "note": term.note,
                                "forbidden": ", ".join(term.de_forbidden), "found": "yes" if found else "no"}
    return list(entries.values())


def _tip(term: Any) -> str:
    tip = f"{term.fr} → {term.de} ({term.kind})"
    return tip + (f"; not: {', '.join(term.de_forbidden)}" if term.de_forbidden else "")


def _pieces(text: str, spans: list[tuple[int, int, str]]) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for start, end, tip in sorted(spans):
        if start < position:
            continue
        pieces += [(text[position:start], ""), (text[start:end], tip)]
        position = end
    pieces.append((text[position:], ""))
    return [p for p in pieces if p[0]]


def _with_tags(pieces: list[Piece], tags: list[Tag]) -> list[Piece]:
    """The French pieces with each inline tag shown as a chip (``<b1>`` … ``</b1>``) where it opens and
    closes; a chip's tip starts with "tag:" and says what the tag formats."""
    if not tags:
        return pieces
    chars = [(char, tip) for text, tip in pieces for char in text]
    at: dict[int, list[Mark]] = {}
    for mark in marks(tags):
        at.setdefault(mark.offset, []).append(mark)
    result: list[Piece] = []
    for index in range(len(chars) + 1):
        for mark in at.get(index, []):
            result.append((mark.text, f"tag:{TAG_NAMES[mark.tag.kind]}"))
        if index < len(chars):
            char, tip = chars[index]
            if result and result[-1][1] == tip and not tip.startswith("tag:"):
                result[-1] = (result[-1][0] + char, tip)
            else:
                result.append((char, tip))
    return result


def _history(history: list[Any], row: Any) -> list[dict[str, Any]]:
    """Each earlier version, newest first, with the words that changed into the next one."""
    versions = [*history, row]
    out = []
    for older, newer in zip(versions, versions[1:], strict=False):
        if older["target"] == newer["target"] and older["status"] == newer["status"]:
            continue
        out.append({"author": older["author"], "at": older["at"][:16].replace("T", " "),
                    "status": older["status"], "origin": older["origin"], "reason": older["reason"],
                    "diff": word_diff(older["target"], newer["target"])})
    return list(reversed(out))


def _machine_diff(history: list[Any], row: Any) -> list[tuple[str, str]]:
    """The engine's output against the current text, when a person changed it since."""
    machine = next((h for h in reversed(history) if h["origin"].startswith("mt:") and h["target"]), None)
    if machine is None or row["origin"].startswith("mt:") or machine["target"] == row["target"]:
        return []
    return word_diff(machine["target"], row["target"])


@dataclass
class SaveResult:
    ok: bool
    message: str = ""
    conflict: dict[str, Any] | None = None


def save_segment(store: ReviewStore, release: str, segment: str, revision: int, author: str, glossary: Glossary,
                 target: str | None = None, status: str | None = None, comment: str | None = None,
                 four_eyes: bool = False, inserted: str | None = None) -> SaveResult:
    """One segment's edit, checked against the revision it was made on; QA runs again after it.
    ``inserted``: the text of the memory or engine suggestion the reviewer inserted (one of the
    segment's own suggestions); saved unchanged it keeps that suggestion's origin, edited it becomes
    human with the suggestion as its base in the history."""
    row = next((r for r in store.segments(release) if r["id"] == segment), None)
    if row is None:
        raise StoreError(f"segment {segment} is not in release '{release}'")
    if status is not None and status not in STATUSES:
        raise StoreError(f"status '{status}' is not one of {', '.join(STATUSES)}")
    if four_eyes and status == "approved" and _edited_by(row, author, target):
        return SaveResult(False, "four-eyes rule: a target you edited last is approved by someone else")
    comments = [Comment(author, "", comment.strip())] if comment and comment.strip() else []
    tags = None
    if target is not None and source_tags(row):
        try:
            target, tags = _tags_typed(target)
        except TagError as exc:
            return SaveResult(False, f"not saved: {exc}")
    file_row = FileRow(segment, row["source"], target, status, comments, revision, tags=tags)
    suggestion = _inserted_suggestion(row, inserted)
    if suggestion is not None and target is not None and _same_text(target, suggestion["target"]):
        file_row.origin = suggestion_origin(suggestion)
    review = ReviewFile(Path("browser"), release, "browser", [file_row])
    try:
        report = import_review_file(store, review, author)
    except ImportConflict:
        current = next(r for r in store.segments(release) if r["id"] == segment)
        return SaveResult(False, "changed by someone else since you opened it", {
            "target": current["target"], "status": current["status"], "revision": current["revision"],
            "by": current["updated_by"], "at": current["updated"][:16].replace("T", " "),
            "mine": target if target is not None else row["target"]})
    if suggestion is not None and file_row.origin is None and report.changed:
        saved = next(r for r in store.segments(release) if r["id"] == segment)
        store.add_to_history(saved, suggestion["target"], saved["status"], author,
                             f"base: {suggestion_origin(suggestion)} suggestion inserted, then edited")
    if report.changed or tags is not None:  # tags moved on an unchanged German are checked again too
        check_release(release, glossary, store, only=[segment])
    return SaveResult(True, report.summary())


def _tags_typed(text: str) -> tuple[str, list[Tag] | None]:
    """The German as typed with its tags: plain text and tags; no tag at all leaves them to the
    alignment (None), as when a suggestion was inserted."""
    plain, tags = read_typed(normalise_whitespace(text))
    return plain or "", tags


def release_state(store: ReviewStore, release: str) -> dict[str, Any]:
    """{"segments": {id: [revision, last editor]}, "counts": {status: n}}: cheap enough to poll."""
    if store.conn.execute("SELECT 1 FROM releases WHERE release = ?", (release,)).fetchone() is None:
        raise StoreError(f"release '{release}' is not in the review store")
    rows = store.conn.execute("SELECT id, revision, updated_by FROM segments WHERE release = ?", (release,))
    return {"segments": {row["id"]: [row["revision"], row["updated_by"]] for row in rows},
            "counts": store.status_counts(release)}


def _inserted_suggestion(row: Any, inserted: str | None) -> dict[str, Any] | None:
    """The segment's own stored suggestion with this text (a browser cannot name any origin it likes)."""
    if not inserted:
        return None
    return next((s for s in json.loads(row["suggestions"]) if _same_text(s["target"], inserted)), None)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def suggestion_origin(suggestion: dict[str, Any]) -> str:
    """A suggestion's origin as a segment's: an engine's stays "mt:…", the memory's is "tm" at 100 %
    and "tm-fuzzy:<score>" below."""
    origin = str(suggestion.get("origin", ""))
    if origin.startswith("mt:"):
        return origin
    score = int(float(suggestion.get("score", 0)))
    return "tm" if score >= 100 else f"tm-fuzzy:{score}"


def _edited_by(row: Any, author: str, target: str | None) -> bool:
    changes_text = target is not None and target.strip() != row["target"].strip()
    return changes_text or (row["origin"] == "human" and row["updated_by"] == author)


FACT_LABELS = {"people": "Personnes / Personen", "places": "Lieux / Orte", "organisations": "Organisations",
               "dates": "Dates / Daten", "figures": "Chiffres / Zahlen"}


@dataclass
class FactsView:
    release: str
    title: str
    kinds: dict[str, list[FactRow]]
    history: list[Any]
    labels: dict[str, str] = field(default_factory=lambda: dict(FACT_LABELS))


def facts_view(store: ReviewStore, release: str, glossary: Glossary) -> FactsView:
    """The release's key facts with the corrections in force, and the corrections' history."""
    found = release_facts(store, release, french_matcher(glossary))
    kinds = fact_rows(found, store.fact_corrections(release))
    doc = store.document(release)
    return FactsView(release, doc.title or release, kinds, list(reversed(store.fact_history(release))))


def correct_fact(store: ReviewStore, release: str, data: dict[str, Any], author: str) -> str:
    """Record one correction sent by the browser; the message says what was kept."""
    correction = FactCorrection(kind=str(data.get("kind", "")), fact=str(data.get("fact", "")).strip(),
                                action=str(data.get("action", "")), fr=str(data.get("fr", "")).strip(),
                                de=str(data.get("de", "")).strip(), author=author)
    store.record_fact(release, correction)
    return {"strike": "struck", "correct": "corrected", "add": "added", "restore": "restored"}[correction.action]
