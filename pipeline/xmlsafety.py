"""Refusing XML that declares entities (billion laughs, external entities) before any parser sees it."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import ImportRefused

ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
XML_ENCODINGS = {"utf8", "utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf32be"}  # hyphens and _ aside


def refuse_entities(data: bytes, path: Path) -> None:
    """Exchange files never need entity declarations; a file that has one is refused whole, whatever
    its encoding (UTF-8, UTF-16 with or without a byte-order mark, UTF-32). Only those encodings are
    accepted: a file declared in another one (UTF-7 hides "<!ENTITY" from any byte search) is refused."""
    for view in _as_ascii(data):
        declared = DECLARED_ENCODING.search(view[:400])
        name = declared.group(1).decode("ascii", errors="replace").strip().lower() if declared else "utf-8"
        if name.replace("-", "").replace("_", "") not in XML_ENCODINGS:
            raise ImportRefused(f"{path}: declares the encoding '{name}'; exchange files are read in UTF-8, UTF-16 "
                                "or UTF-32 only: save it again as UTF-8")
    if any(ENTITY_DECLARATION.search(text) for text in _as_ascii(data)):
        raise ImportRefused(f"{path}: declares XML entities, which are never expanded here; "
                            "export the file again without a DOCTYPE entity section")


def _as_ascii(data: bytes) -> list[bytes]:
    """The bytes as they are, and re-encoded from the wide encodings an XML file may use."""
    views = [data]
    if b"\x00" in data[:4096]:
        for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            views.append(data.decode(encoding, errors="ignore").encode("ascii", errors="ignore"))
    return views
