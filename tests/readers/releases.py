"""The fixture corpus of tests/data/releases/ and how a reading is compared with expected.json: shared by
the parametrized test and by `make bench` (releases fully right, per format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RELEASES = Path(__file__).parent.parent / "data" / "releases"
KINDS = {"title": "T", "heading": "H", "paragraph": "P", "list_item": "L"}
FIELDS = ("title", "published", "updated", "dateline", "embargo", "blocks", "segments")


def expected() -> dict[str, dict[str, Any]]:
    data = json.loads((RELEASES / "expected.json").read_text(encoding="utf-8"))
    return {name: case for name, case in data.items() if not name.startswith("_")}


def problems(name: str, case: dict[str, Any]) -> list[str]:
    """Every way the pipeline's reading of fixture ``name`` differs from ``case`` (empty: fully right)."""
    from pipeline.readers import read_document

    doc = read_document(RELEASES / name)
    segments = [s.text for b in doc.body for s in b.segments]  # the body: page blocks are not the release
    text = "\n".join(segments) + "\n"
    got = {"title": doc.title, "published": doc.published, "updated": doc.updated, "dateline": doc.dateline,
           "embargo": doc.embargo, "blocks": " ".join(KINDS[b.kind] + (b.marker or "") for b in doc.body),
           "segments": len(segments)}
    found = [f"{key}: {got[key]!r}, expected {case[key]!r}" for key in FIELDS if got[key] != case[key]]
    for furniture in case["furniture"]:
        if furniture in text or not any(furniture in dropped for dropped in doc.dropped):
            found.append(f"furniture not set aside: {furniture!r}")
    found += [f"kept out, yet in the text: {t!r}" for t in case.get("kept_out", []) if t in text]
    found += [f"missing from the text: {t!r}" for t in case.get("contains", []) if t not in text]
    found += [f"not exactly once: {t!r}" for t in case.get("once", [])
              if sum(t in segment for segment in segments) != 1]
    return found
