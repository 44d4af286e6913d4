"""Web furniture (navigation, sharing, cookie notices, credits) kept as data in data/furniture.txt."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def furniture_pattern() -> re.Pattern[str]:
    text = resources.files("pipeline").joinpath("data/furniture.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    alternatives = [ln for ln in lines if ln and not ln.startswith("#")]
    return re.compile("(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")\s*$", re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """True when the whole line is web furniture that must not be translated."""
    return bool(furniture_pattern().match(line.strip()))
