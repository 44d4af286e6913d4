"""Registrars for the command groups beyond ``parse``; each adds its sub-commands to the parser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REGISTRARS: list[Callable[[Any], None]] = []
