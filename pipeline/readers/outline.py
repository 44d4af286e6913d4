"""Human-readable outline of a parsed Document."""

from __future__ import annotations

from pipeline.model import Document

MARKERS = {"title": "#", "heading": "##", "paragraph": "¶", "list_item": "•"}


def outline(doc: Document) -> str:
    lines = [
        f"{doc.source}  [{doc.format}, {doc.language}]",
        f"title:     {doc.title or '— (none: the release has no headline)'}",
        f"published: {doc.published or '—'}   updated: {doc.updated or '—'}",
    ]
    if doc.dateline:
        lines.append(f"dateline:  {doc.dateline}")
    if doc.embargo:
        lines.append(f"embargo:   {doc.embargo}")
    if doc.url:
        lines.append(f"url:       {doc.url}")
    lines.append("")
    for block in doc.blocks:
        for i, seg in enumerate(block.segments):
            marker = (block.marker or MARKERS[block.kind]) if i == 0 else " "
            lines.append(f"{seg.id:>8}  {marker:<3} {seg.text}")
    if doc.dropped:
        lines.append("")
        lines.append(f"dropped ({len(doc.dropped)}): " + " | ".join(doc.dropped))
    lines.append(f"{len(doc.blocks)} blocks, {len(doc.segments())} segments")
    return "\n".join(lines) + "\n"
