"""Size limits ([limits] in pipeline.toml) and the one refusal that names the limit and where to raise it.

Shared by every reader and by the Word package guard; the values live in ``config.Limits``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Limits, load_config
from pipeline.errors import InputError


def limits() -> Limits:
    """The limits in force (pipeline.toml's [limits], else the defaults)."""
    return load_config().limits


def refuse_larger_than(path: Path, size: int, limit: int, key: str, what: str = "bytes") -> None:
    """One error line naming the limit and where to raise it."""
    if size > limit:
        raise InputError(f"{path}: {size:,} {what}, over the limit of {limit:,} ([limits] {key} in pipeline.toml); "
                         "no press release is that large: check the file")
