"""Retries with exponential backoff and jitter, honouring Retry-After, bounded in count and time; and
a total deadline for one request, whatever the server does (a server that trickles a byte every few
seconds never trips a read timeout)."""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.errors import EngineTransientError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.25
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    deadline: float = 300.0  # seconds for a call and all its retries: no retry starts after it

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        backoff = self.base_delay * (2 ** attempt)
        return min(backoff + random.uniform(0, self.base_delay), self.max_delay)


def with_retries(call: Callable[[], T], policy: RetryPolicy) -> T:
    """Run ``call``; retry only EngineTransientError; the last one is raised when attempts run out or
    when the next try would start after the policy's overall deadline (a server that never answers costs
    one deadline, not attempts × its timeout)."""
    started, waited = time.monotonic(), 0.0
    for attempt in range(policy.attempts):
        try:
            return call()
        except EngineTransientError as exc:
            pause = policy.delay(attempt, exc.retry_after)
            spent = max(time.monotonic() - started, waited)  # the pauses count even when sleep is mocked
            if attempt + 1 == policy.attempts or spent + pause > policy.deadline:
                raise
            policy.sleep(pause)
            waited += pause
    raise AssertionError("unreachable")


def within(call: Callable[[], T], seconds: float, what: str) -> T:
    """``call``'s result if it comes within ``seconds``; else EngineTransientError naming ``what``. The
    call goes on in a daemon thread that is abandoned (its socket closes at its own timeout or at exit)."""
    answers: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            answers.put((True, call()))
        except BaseException as exc:  # handed to the caller's thread, raised there
            answers.put((False, exc))

    threading.Thread(target=run, name="engine-request", daemon=True).start()
    try:
        ok, value = answers.get(timeout=seconds)
    except queue.Empty:
        raise EngineTransientError(f"{what}: no complete answer within {seconds:g} s "
                                   "([deadlines] request in pipeline.toml)") from None
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]
