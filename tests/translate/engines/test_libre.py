"""The libre engine through deep-translator's real LibreTranslator against a local server."""

import time

import pytest

from pipeline.errors import EngineAuthError, EngineTransientError, EngineUnavailable
from pipeline.glossary import Glossary
from pipeline.translate.engines.libre import LibreEngine
from pipeline.translate.retry import with_retries
from tests.conftest import FAST_RETRIES
from tests.translate.engines.servers import LibreServer, free_port


def engine(timeout: float = 2.0) -> LibreEngine:
    eng = LibreEngine()
    eng.timeout = timeout
    eng.prepare(Glossary(()))
    return eng


def test_translates_through_deep_translator(libre: LibreServer) -> None:
    assert engine().translate_batch(["Bonjour ⟦0⟧."]) == ["[de] Bonjour ⟦0⟧."]
    assert libre.sources == ["Bonjour ⟦0⟧."]


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [("500", "HTTP 500"), ("html", "malformed reply"), ("close", "connection"), ("sleep:1.5", "no answer in time")],
)
def test_transient_failures_are_mapped(libre: LibreServer, behaviour: str, message: str) -> None:
    libre.script.append(behaviour)
    with pytest.raises(EngineTransientError, match=message):
        engine(timeout=0.5).translate_batch(["Bonjour."])


def test_429_carries_retry_after(libre: LibreServer) -> None:
    libre.script.append("429:0.2")
    with pytest.raises(EngineTransientError) as exc:
        engine().translate_batch(["Bonjour."])
    assert exc.value.retry_after == pytest.approx(0.2)


def test_retry_after_is_honoured_then_succeeds(libre: LibreServer) -> None:
    libre.script.extend(["429:0.3", "500"])
    eng = engine()
    start = time.perf_counter()
    assert with_retries(lambda: eng.translate_batch(["Salut."]), FAST_RETRIES) == ["[de] Salut."]
    assert time.perf_counter() - start >= 0.3
    assert libre.requests == 3


def test_authentication_failure_stops(libre: LibreServer) -> None:
    libre.script.append("403")
    with pytest.raises(EngineAuthError):
        engine().translate_batch(["Bonjour."])


def test_refused_connection_is_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBRETRANSLATE_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(EngineTransientError, match="connection"):
        engine().translate_batch(["Bonjour."])


def test_unconfigured_engine_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIBRETRANSLATE_URL", raising=False)
    usable, why = LibreEngine().status()
    assert not usable and "LIBRETRANSLATE_URL" in why
    with pytest.raises(EngineUnavailable, match="LIBRETRANSLATE_URL"):
        LibreEngine().translate_batch(["Bonjour."])
