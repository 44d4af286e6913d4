"""Data passed between stages: Document → Block → Segment, plus findings."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["title", "heading", "paragraph", "list_item"]
STATUSES = ("new", "translated", "reviewed", "approved", "rejected")
KEPT_GERMAN = "source:de"  # the origin of a German paragraph of the release, kept as it is


def release_id(source: str) -> str:
    """A release's identity: its file name exactly, suffix included (NFC), without the folder.

    ``aix.html`` and ``aix.pdf`` are two releases, and so are ``Région Grand Est.txt`` and
    ``Région Grand-Est.txt``. File names for outputs are made elsewhere (render/naming.py).
    """
    name = unicodedata.normalize("NFC", os.path.basename(source.replace("\\", "/")).strip())
    return name or "release"


@dataclass
class Segment:
    id: str
    text: str


@dataclass
class Block:
    id: str
    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    marker: str | None = None  # a numbered list item's number as printed ("1.", "b)")
    language: str | None = None  # "de": a German paragraph of a French release, kept as it is, never translated
    part: str | None = None  # "header", "footer", "footnote", "endnote": a Word file's page text, not the body

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass
class Document:
    source: str
    format: str
    language: str = "fr"
    title: str | None = None  # the headline; None when the release has none
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    dateline: str | None = None  # "Kehl, 11. Oktober 2018": place and date heading the body, not translated
    embargo: str | None = None  # ISO 8601 moment (Europe/Paris) before which nothing may leave the machine
    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    dropped_reasons: list[str] = field(default_factory=list)  # why each dropped text was set aside

    def segments(self) -> list[Segment]:
        return [seg for block in self.blocks for seg in block.segments]

    @property
    def body(self) -> list[Block]:
        """The release's own text: every block but a Word file's headers, footers and notes (which are
        translated for the German version, not part of a briefing)."""
        return [block for block in self.blocks if block.part is None]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        blocks = [
            Block(b["id"], b["kind"], [Segment(**s) for s in b["segments"]], b.get("marker"), b.get("language"),
                  b.get("part"))
            for b in data["blocks"]
        ]
        fields = {k: v for k, v in data.items() if k != "blocks" and k in cls.__dataclass_fields__}
        return cls(blocks=blocks, **fields)


@dataclass
class Finding:
    """A QA or glossary finding on one segment: data, not an exception."""

    kind: str
    message: str
    severity: Literal["error", "warning", "info"] = "warning"
    fr: str | None = None
    de: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}
