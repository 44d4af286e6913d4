"""QA: checks registered by name, run on every translated segment; findings are data.

Each check (``review/checks.py``) takes a ``Pair`` — French source, German target, glossary hits,
person names, and the ``ReleaseContext`` it belongs to — and returns findings. ``CHECKS`` is the
registry; ``check_pairs`` runs them over line-aligned texts (``pipeline check``) and
``check_release`` over a release in the store (``pipeline qa``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipeline.glossary import Glossary
from pipeline.glossary.termcheck import TermCheck, check_terms
from pipeline.glossary.termmatch import Hit, french_matcher
from pipeline.model import Finding

Check = Callable[["Pair"], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a QA check under ``name``; its docstring is its documentation."""

    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def registered_checks() -> dict[str, Check]:
    import pipeline.review.checks  # noqa: F401 (registers the checks)

    return CHECKS


@dataclass
class ReleaseContext:
    """What a check may need to know about the other segments of the release."""

    first_target: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (index, target)
    median_log_ratio: float | None = None
    memory: Any = None

    def memory_target(self, source: str) -> str | None:
        if self.memory is None:
            return None
        row = self.memory.exact(source)
        return str(row["target"]) if row else None

    @classmethod
    def build(cls, pairs: Sequence[tuple[str, str, str]], memory: Any = None) -> ReleaseContext:
        """From (index, source, target) triples."""
        from pipeline.segment import normalise_whitespace
        from pipeline.translate.memory import memory_key

        first: dict[str, tuple[str, str]] = {}
        ratios = []
        for index, source, target in pairs:
            if source.strip() and target.strip():
                first.setdefault(memory_key(source), (index, normalise_whitespace(target)))
                if len(source) >= 25:
                    ratios.append(math.log(len(target) / len(source)))
        median = statistics.median(ratios) if len(ratios) >= 5 else None
        return cls(first, median, memory)


@dataclass
class Pair:
    source: str
    target: str
    hits: list[Hit] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)
    index: str = ""
    origin: str = ""
    context: ReleaseContext | None = None
    names: list[str] = field(default_factory=list)  # every proper name of the source (spaCy entities)
    kind: str = ""  # the block the segment belongs to (title, heading, paragraph, list_item), when known

    @cached_property
    def terms(self) -> TermCheck:
        return check_terms(self.hits, self.target)


def run_checks(pair: Pair, names: Sequence[str] | None = None) -> list[Finding]:
    checks = registered_checks()
    findings: list[Finding] = []
    for name in names or list(checks):
        findings.extend(checks[name](pair))
    return findings


@dataclass
class Report:
    lines: list[dict[str, Any]]
    required: int
    present: int

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
                kinds: Sequence[str] | None = None) -> list[Pair]:
    from pipeline.entities import names_of
    from pipeline.progress import tracked

    hits = french_matcher(glossary).match_many(tracked(list(sources), "matching terms", progress))
    persons, names = names_of(sources)
    context = ReleaseContext.build(list(zip(indexes, sources, targets, strict=True)), memory)
    origins = origins or [""] * len(sources)
    kinds = kinds or [""] * len(sources)
    return [Pair(s, t, h, p, i, o, context, n, k) for s, t, h, p, i, o, n, k
            in zip(sources, targets, hits, persons, indexes, origins, names, kinds, strict=True)]


def check_pairs(sources: Sequence[str], targets: Sequence[str], glossary: Glossary,
                names: Sequence[str] | None = None, progress: bool = False) -> Report:
    """Check line-aligned source and target texts; every line appears in the report."""
    pairs = build_pairs(sources, targets, glossary, [str(i) for i in range(1, len(sources) + 1)],
                        progress=progress)
    lines, required, present = [], 0, 0
    for number, pair in enumerate(pairs, 1):
        findings = run_checks(pair, names)
        if pair.target.strip():
            required += pair.terms.required
            present += pair.terms.present
        lines.append({"line": number, "issues": [f.to_dict() for f in findings]})
    return Report(lines, required, present)
