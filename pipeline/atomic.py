"""Atomic writes: a temporary file in the same folder, then a rename. No half-written outputs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import PipelineError


def write_with(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` onto ``path``; on any failure ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PipelineError(f"{path}: cannot be written ({exc.strerror}); check the folder") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    write_with(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    write_with(path, lambda tmp: tmp.write_bytes(data))
