"""What a QA check reads (``Pair``: one segment with its glossary hits, names and release context) and
the registry the checks enter with ``@check(name)``. The checks themselves are in ``checks.py``; the
runner over a release or line-aligned files is ``qa.py``."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipeline.glossary.termcheck import TermCheck, check_terms
from pipeline.glossary.termmatch import Hit
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import Tag
from pipeline.model import Finding
from pipeline.translate.memory import memory_key

Check = Callable[["Pair"], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a QA check under ``name``; its docstring is its documentation."""

    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


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
    source_tags: list[Tag] = field(default_factory=list)  # inline tags of the French (Word and HTML releases)
    target_tags: list[Tag] | None = None  # the German tags a translator placed; None: none placed yet

    @cached_property
    def terms(self) -> TermCheck:
        return check_terms(self.hits, self.target)
