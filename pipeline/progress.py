"""Progress bars (rich) on a terminal; silent when piped or under CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def wanted() -> bool:
    """Progress only on a terminal, never when piped or under CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def tracked(items: Sequence[T], label: str, enabled: bool) -> Iterable[T]:
    """``items`` wrapped in a rich progress bar when ``enabled``, else unchanged."""
    if not enabled:
        return items
    # deferred: rich loads only when this runs, not at start-up
    from rich.progress import track

    return track(items, description=label, total=len(items), transient=True)


@contextmanager
def bar(total: int, label: str, enabled: bool) -> Iterator[Callable[..., None]]:
    """A bar advanced by calling the yielded function, optionally with what comes next as its
    new label ("release 2/5: …"); a no-op when not ``enabled``."""
    if not enabled or total == 0:
        yield lambda *_: None
        return
    # deferred: rich loads only when this runs, not at start-up
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)

        def advance(next_label: str | None = None) -> None:
            progress.advance(task)
            if next_label:
                progress.update(task, description=next_label)

        yield advance
