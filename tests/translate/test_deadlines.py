"""Deadlines: a request that a server trickles a byte at a time is cut off at the total request
deadline; no request starts after the release's deadline; both are settings ([deadlines])."""

import time

import pytest

from pipeline.config import Deadlines, config_problems
from pipeline.errors import EngineTransientError
from pipeline.glossary import Glossary
from pipeline.model import Segment
from pipeline.translate import Translator
from pipeline.translate.retry import RetryPolicy, within

ONE_TRY = RetryPolicy(attempts=1)


def test_within_returns_raises_or_cuts_off() -> None:
    assert within(lambda: 42, 1.0, "engine") == 42
    with pytest.raises(ValueError, match="boom"):
        within(lambda: (_ for _ in ()).throw(ValueError("boom")), 1.0, "engine")
    started = time.monotonic()
    with pytest.raises(EngineTransientError, match=r"engine: no complete answer within 0.2 s"):
        within(lambda: time.sleep(3), 0.2, "engine")
    assert time.monotonic() - started < 1.5


def test_a_trickling_server_is_cut_off_at_the_request_deadline(libre) -> None:
    libre.script.extend(["trickle"] * 3)
    started = time.monotonic()
    run = Translator(Glossary(()), ["libre"], ONE_TRY, deadlines=Deadlines(request=1, read=5)).run(
        [Segment("b1.s1", "La séance est ouverte.")])
    assert time.monotonic() - started < 5  # the server would trickle for 18 s
    assert run.untranslated and "no complete answer within 1 s" in (run.problem() or "")


def test_no_request_starts_after_the_release_deadline(libre) -> None:
    run = Translator(Glossary(()), ["libre"], ONE_TRY, deadlines=Deadlines(release=0)).run(
        [Segment("b1.s1", "La séance est ouverte."), Segment("b2.s1", "Le budget est voté.")])
    assert len(run.untranslated) == 2 and libre.requests == 0
    assert "deadline of 0 s has passed" in (run.problem() or "")


@pytest.mark.parametrize(("section", "problem"), [
    ({"deadlines": {"request": 30, "release": 600}}, None),
    ({"deadlines": {"request": -1}}, "deadlines.request"),
    ({"deadlines": {"total": 5}}, "unknown key"),
])
def test_deadlines_are_checked_settings(section: dict, problem: str | None) -> None:
    problems = config_problems(section)
    assert (problems == []) if problem is None else any(problem in p for p in problems), problems
