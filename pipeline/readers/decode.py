"""Bytes of a text file → str: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, latin-1."""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import InputError

CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


def decode_text(data: bytes, path: Path, what: str = "text release") -> str:
    """Decode ``data``; refuse binary content with a clear message."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    if _looks_binary(data):
        fix = "give a .txt, .html, .docx or .pdf file" if what == "text release" else f"give a {what} (UTF-8 text)"
        raise InputError(f"{path}: binary content, not a {what}; {fix}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid {encoding.upper()} despite its byte-order mark; "
                         "re-save it as UTF-8") from exc


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in CONTROL_BYTES)
    return bool(head) and controls / len(head) > 0.05
