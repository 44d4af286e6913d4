"""What every reader returns (raw blocks) and how raw blocks become a segmented Document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.language.segment import normalise_whitespace, split_sentences
from pipeline.model import Block, BlockKind, Document, Segment


@dataclass
class RawBlock:
    kind: BlockKind
    text: str
    marker: str | None = None  # a numbered item's own number ("1.", "b)"), kept out of the text
    language: str | None = None  # "de" for a German block of a French release
    styled: bool = False  # its kind comes from the file's own structure (a Word style, an HTML tag)
    part: str | None = None  # a Word file's header, footer, footnote or endnote (see Block.part)


@dataclass
class RawDocument:
    """A reader's output before segmentation: blocks in order, metadata, furniture kept aside."""

    blocks: list[RawBlock] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why each dropped text was set aside, same order
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    dateline: str | None = None
    embargo: str | None = None
    page_blocks: list[RawBlock] = field(default_factory=list)  # headers, footers, notes: after the body, untidied

    def drop(self, text: str, reason: str) -> None:
        """Set ``text`` aside (never translated) and say why."""
        self.dropped.append(text)
        self.reasons.append(reason)

    def undrop_last(self) -> None:
        self.dropped.pop()
        self.reasons.pop()


class Reader(Protocol):
    """One input format. ``read`` raises InputError for anything it cannot read."""

    format: str

    def read(self, path: Path) -> RawDocument: ...


def assemble(raw: RawDocument, source: str, fmt: str) -> Document:
    """Segment every raw block and number blocks (b1) and segments (b1.s1) in reading order."""
    doc = Document(source=source, format=fmt, published=raw.published, updated=raw.updated,
                   url=raw.url, dateline=raw.dateline, embargo=raw.embargo, dropped=list(raw.dropped),
                   dropped_reasons=_reasons(raw))
    for raw_block in raw.blocks + raw.page_blocks:
        sentences = [raw_block.text] if raw_block.kind == "title" else split_sentences(raw_block.text)
        sentences = [normalise_whitespace(s) for s in sentences if s.strip()]
        if not sentences:
            continue
        block_id = f"b{len(doc.blocks) + 1}"
        segments = [Segment(f"{block_id}.s{i}", text) for i, text in enumerate(sentences, 1)]
        doc.blocks.append(Block(block_id, raw_block.kind, segments, raw_block.marker, raw_block.language,
                                raw_block.part))
        if raw_block.kind == "title" and not doc.title:
            doc.title = sentences[0]
    return doc


def _reasons(raw: RawDocument) -> list[str]:
    """One reason per dropped text (older readers' drops without one are "furniture")."""
    return raw.reasons + ["furniture"] * (len(raw.dropped) - len(raw.reasons))
