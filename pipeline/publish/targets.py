"""What a writer of the German version is given (each segment's German) and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.language.tags import Tag
from pipeline.publish.inline import Placement


@dataclass(frozen=True)
class Target:
    id: str
    french: str
    german: str
    draft: bool = False  # not approved: highlighted in a draft, refused otherwise
    tags: tuple[Tag, ...] | None = None  # the German tags a translator placed; None: placed by alignment
    part: str | None = None  # a Word file's header, footer or note (Block.part); None: the body


@dataclass
class Report:
    """What a publication did: where each segment went, what stayed French and why."""

    title: str = ""
    placements: list[Placement] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # segments found in no paragraph of the original
    left_french: list[str] = field(default_factory=list)  # texts of the original that no segment covers

    @property
    def codes(self) -> int:
        return sum(len(p.codes) for p in self.placements)

    @property
    def carried(self) -> int:
        return sum(1 for p in self.placements for code in p.codes if code.carried)

    def lost(self) -> list[tuple[str, str]]:
        """(segment id, French words) of every inline code not placed in the German."""
        return [(p.segment, words) for p in self.placements for words in p.lost]
