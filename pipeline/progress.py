"""Progress bars (rich) on a terminal; silent when piped or under CI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def tracked(items: Sequence[T], label: str, enabled: bool) -> Iterable[T]:
    """``items`` wrapped in a rich progress bar when ``enabled``, else unchanged."""
    if not enabled:
        return items
    from rich.progress import track

    return track(items, description=label, total=len(items), transient=True)
