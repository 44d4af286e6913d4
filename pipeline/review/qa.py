"""QA checks: small registered functions, one concern each, returning findings (data, never raised).

Every check takes a ``Pair`` (French source, German target, and what the release knows about them)
and returns a list of ``Finding``. ``CHECKS`` is the registry; ``run_checks`` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipeline.glossary import Glossary
from pipeline.model import Finding
from pipeline.termcheck import TermCheck, check_terms
from pipeline.termmatch import Hit, french_matcher

Check = Callable[["Pair"], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a QA check under ``name``; its docstring is its documentation."""

    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


@dataclass
class Pair:
    source: str
    target: str
    hits: list[Hit] = field(default_factory=list)

    @cached_property
    def terms(self) -> TermCheck:
        return check_terms(self.hits, self.target)


@check("glossary")
def glossary_check(pair: Pair) -> list[Finding]:
    """Glossary terms: term-missing, term-forbidden, keep-changed (see termcheck)."""
    if not pair.target.strip():
        return []
    return pair.terms.findings


def run_checks(pair: Pair, names: Sequence[str] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for name in names or list(CHECKS):
        findings.extend(CHECKS[name](pair))
    return findings


@dataclass
class Report:
    lines: list[dict[str, Any]]
    required: int
    present: int

    @property
    def success_rate(self) -> float:
        return self.present / self.required if self.required else 1.0


def check_pairs(sources: Sequence[str], targets: Sequence[str], glossary: Glossary,
                names: Sequence[str] | None = None, progress: bool = False) -> Report:
    """Check line-aligned source and target texts; every line appears in the report."""
    from pipeline.progress import tracked

    matcher = french_matcher(glossary)
    all_hits = matcher.match_many(tracked(list(sources), "matching terms", progress))
    lines, required, present = [], 0, 0
    for number, (source, target, hits) in enumerate(zip(sources, targets, all_hits, strict=True), 1):
        pair = Pair(source, target, hits)
        findings = run_checks(pair, names)
        if target.strip():
            required += pair.terms.required
            present += pair.terms.present
        lines.append({"line": number, "issues": [f.to_dict() for f in findings]})
    return Report(lines, required, present)
