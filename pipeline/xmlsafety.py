"""Refusing XML that declares entities (billion laughs, external entities) before any parser sees it."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import ImportRefused

ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def refuse_entities(data: bytes, path: Path) -> None:
    """Exchange files never need entity declarations; a file that has one is refused whole."""
    if ENTITY_DECLARATION.search(data[:65536]) or ENTITY_DECLARATION.search(data):
        raise ImportRefused(f"{path}: declares XML entities, which are never expanded here; "
                            "export the file again without a DOCTYPE entity section")
