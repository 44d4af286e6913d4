"""QA: checks registered by name, run on every translated segment; findings are data.

Each check (``review/checks.py``) takes a ``Pair`` (``review/pair.py``) — French source, German target, glossary hits,
person names, and the ``ReleaseContext`` it belongs to — and returns findings. ``CHECKS`` is the
registry; ``check_pairs`` runs them over line-aligned texts (``pipeline check``) and
``check_release`` over a release in the store (``pipeline qa``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import flush_german_lemmas, french_matcher
from pipeline.language.entities import names_of
from pipeline.model import Finding
from pipeline.progress import tracked
from pipeline.review import checks as _checks  # noqa: F401 (importing it registers the checks)
from pipeline.review.pair import CHECKS, Check, Pair, ReleaseContext
from pipeline.review.store import ReviewStore, placed_tags, source_tags
from pipeline.translate.memory import memory_key


def registered_checks() -> dict[str, Check]:
    return CHECKS


def run_checks(pair: Pair, names: Sequence[str] | None = None) -> list[Finding]:
    checks = registered_checks()
    findings: list[Finding] = []
    for name in names or list(checks):
        findings.extend(checks[name](pair))
    return findings


@dataclass
class TermFigures:
    """Term success over a set of lines, both ways: ``strict`` as WMT 2023 scored it (the term's own
    words or lemmas), ``present`` lenient (any inflected, compound or equivalent form). A line left
    empty misses every term of its source."""

    required: int = 0
    present: int = 0
    strict: int = 0

    def add(self, pair: Pair) -> None:
        if pair.target.strip():
            self.required, self.present = self.required + pair.terms.required, self.present + pair.terms.present
            self.strict += pair.terms.strict
        else:
            self.required += len({hit.term.fr for hit in pair.hits})

    def rate(self, strict: bool = True) -> str:
        """"61.2 % (60/98)", or "n/a" when no term was required (no glossary, or none of its terms)."""
        found = self.strict if strict else self.present
        return f"{100 * found / self.required:.1f} % ({found}/{self.required})" if self.required else "n/a"


@dataclass
class Report:
    lines: list[dict[str, Any]]
    terms: TermFigures

    @property
    def required(self) -> int:
        return self.terms.required

    @property
    def present(self) -> int:
        return self.terms.present

    @property
    def success_rate(self) -> float:
        return self.present / self.required if self.required else 1.0

    def flagged_by_kind(self) -> dict[str, int]:
        """Lines flagged, per finding kind."""
        counts: dict[str, int] = {}
        for line in self.lines:
            for kind in {issue["kind"] for issue in line["issues"]}:
                counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items()))


def build_pairs(sources: Sequence[str], targets: Sequence[str], glossary: Glossary, indexes: Sequence[str],
                origins: Sequence[str] | None = None, memory: Any = None, progress: bool = False,
                kinds: Sequence[str] | None = None, context: ReleaseContext | None = None) -> list[Pair]:
    """The pairs to check; ``context`` the release's when only some of its segments are checked."""
    hits = french_matcher(glossary).match_many(tracked(list(sources), "matching terms", progress))
    persons, names = names_of(sources)
    context = context or ReleaseContext.build(list(zip(indexes, sources, targets, strict=True)), memory)
    origins = origins or [""] * len(sources)
    kinds = kinds or [""] * len(sources)
    return [Pair(s, t, h, p, i, o, context, n, k) for s, t, h, p, i, o, n, k
            in zip(sources, targets, hits, persons, indexes, origins, names, kinds, strict=True)]


def check_pairs(sources: Sequence[str], targets: Sequence[str], glossary: Glossary,
                names: Sequence[str] | None = None, progress: bool = False) -> Report:
    """Check line-aligned source and target texts; every line appears in the report."""
    pairs = build_pairs(sources, targets, glossary, [str(i) for i in range(1, len(sources) + 1)],
                        progress=progress)
    lines, terms = [], TermFigures()
    for number, pair in enumerate(pairs, 1):
        findings = run_checks(pair, names)
        terms.add(pair)
        lines.append({"line": number, "issues": [f.to_dict() for f in findings]})
    return Report(lines, terms)


def check_release(release: str, glossary: Glossary, store: ReviewStore,
                  progress: bool = False, only: Sequence[str] | None = None) -> dict[str, list[Finding]]:
    """Run every QA check on the release's current targets and store the findings. With ``only``
    (segment ids: one edit in the workspace), just those segments and the ones with the same French
    text (whose consistency the edit may change) are checked, in the whole release's context."""
    rows = store.segments(release)
    context = None
    if only is not None:
        context = ReleaseContext.build([(r["id"], r["source"], r["target"]) for r in rows], store.memory)
        keys = {memory_key(r["source"]) for r in rows if r["id"] in only}
        rows = [r for r in rows if r["id"] in only or memory_key(r["source"]) in keys]
    kinds = {segment.id: block.kind for block in store.document(release).blocks for segment in block.segments}
    pairs = build_pairs([r["source"] for r in rows], [r["target"] for r in rows], glossary,
                        [r["id"] for r in rows], [r["origin"] for r in rows], store.memory, progress,
                        [kinds.get(r["id"], "") for r in rows], context)
    for row, pair in zip(rows, pairs, strict=True):
        pair.source_tags, pair.target_tags = source_tags(row), placed_tags(row)
    findings = {row["id"]: run_checks(pair) for row, pair in zip(rows, pairs, strict=True)}
    store.record_findings(release, findings)
    flush_german_lemmas()
    return findings

