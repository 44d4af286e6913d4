"""Opening a user's file with one clear error for each way it can fail."""

from __future__ import annotations

import stat
from pathlib import Path

from pipeline.errors import InputError
from pipeline.limits import limits, refuse_larger_than


def require_file(path: Path) -> None:
    """Refuse a missing path or a folder before anything else is tried."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give one release file (.txt, .md, .html, .docx, .pdf)")
    if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would block or never end: never opened
        raise InputError(f"{path}: is not a regular file (a pipe, socket or device); give a release file")


def read_bytes(path: Path, what: str = "release") -> bytes:
    """The file's bytes; refuses missing files, folders, unreadable and empty files."""
    require_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if not data.strip():
        raise InputError(f"{path}: is empty; " + ("export the release again" if what == "release"
                                                  else f"give a {what} with content"))
    return data


def read_text_bytes(path: Path) -> bytes:
    """A text or HTML release's bytes, refused past ``[limits] text_bytes`` before it is read."""
    require_file(path)
    refuse_larger_than(path, path.stat().st_size, limits().text_bytes, "text_bytes")
    return read_bytes(path)
