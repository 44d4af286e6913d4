import pytest

from pipeline.errors import EngineTransientError
from pipeline.translate.retry import RetryPolicy, with_retries


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    slept: list[float] = []
    policy = RetryPolicy(attempts=4, base_delay=0.1, max_delay=1.0, sleep=slept.append)
    failures = iter([EngineTransientError("x"), EngineTransientError("x", retry_after=0.7),
                     EngineTransientError("x")])

    def call() -> str:
        error = next(failures, None)
        if error:
            raise error
        return "ok"

    assert with_retries(call, policy) == "ok"
    assert 0.1 <= slept[0] <= 0.2 and slept[1] == 0.7 and 0.4 <= slept[2] <= 0.5


def test_gives_up_after_the_last_attempt() -> None:
    calls = []

    def call() -> None:
        calls.append(1)
        raise EngineTransientError("down")

    with pytest.raises(EngineTransientError):
        with_retries(call, RetryPolicy(attempts=3, sleep=lambda s: None))
    assert len(calls) == 3


def test_retry_after_is_capped() -> None:
    assert RetryPolicy(max_delay=2.0).delay(0, retry_after=3600) == 2.0


def test_no_retry_starts_after_the_overall_deadline() -> None:
    """A server that never answers costs one deadline, not attempts × its timeout."""
    from pipeline.errors import EngineTransientError
    from pipeline.translate.retry import RetryPolicy, with_retries

    slept: list[float] = []
    calls = []

    def never() -> str:
        calls.append(1)
        raise EngineTransientError("no answer")

    policy = RetryPolicy(attempts=5, base_delay=1.0, max_delay=4.0, sleep=slept.append, deadline=2.5)
    with pytest.raises(EngineTransientError):
        with_retries(never, policy)
    assert len(calls) <= 2 and sum(slept) <= 2.5


def test_an_answer_far_longer_than_its_source_is_never_stored(libre, monkeypatch) -> None:
    """A 10 MB answer to a sentence is no translation: the segment stays untranslated."""
    from pipeline.glossary import load_glossary
    from pipeline.model import Segment
    from pipeline.translate import Translator
    from tests.conftest import FAST_RETRIES

    libre.script.append("huge")
    run = Translator(load_glossary(None), ["libre"], FAST_RETRIES).run([Segment("b1.s1", "La Région signe un accord.")])
    assert run.untranslated and run.results[0].target == ""
