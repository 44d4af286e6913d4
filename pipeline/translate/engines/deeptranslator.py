"""Shared boundary for the deep-translator engines (LibreTranslate, Google, MyMemory, Microsoft).

deep-translator 1.11.4 posts without a timeout, drops the Retry-After header and lets `requests`
exceptions leak. Its modules get a `requests` stand-in that adds a timeout and remembers the last
response of each thread; every vendor exception becomes an EngineError here.
"""

from __future__ import annotations

import importlib
import os
import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import ModuleType
from typing import Any

from pipeline.config import load_config
from pipeline.errors import (
    EngineAuthError,
    EngineError,
    EngineTransientError,
    EngineUnavailable,
    EngineUnsupported,
)
from pipeline.glossary import Glossary
from pipeline.translate.engines.base import SOURCE_LANG, TARGET_LANG

_last = threading.local()


class _TimedRequests:
    """`requests` with a default timeout, recording the last response per thread."""

    def __init__(self, real: ModuleType, timeout: float | tuple[float, float]) -> None:
        self._real = real
        self.timeout = timeout

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self.timeout)
        _last.response = None
        response = getattr(self._real, method)(*args, **kwargs)
        _last.response = response
        return response

    def post(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("post", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def install_timeout(module: ModuleType, timeout: float | tuple[float, float]) -> None:
    # deferred: requests loads only when this runs, not at start-up
    import requests

    current = getattr(module, "requests", None)
    if isinstance(current, _TimedRequests):
        current.timeout = timeout
    else:
        module.requests = _TimedRequests(requests, timeout)  # type: ignore[attr-defined]


def _retry_after() -> float | None:
    response = getattr(_last, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max((parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds(), 0.0)
        except (TypeError, ValueError):
            return None


def map_error(engine: str, exc: Exception) -> EngineError:
    """deep-translator and requests exceptions → the EngineError family."""
    # deferred: requests and deep-translator load only when this runs, not at start-up
    import requests
    from deep_translator import exceptions as dt

    if isinstance(exc, requests.exceptions.Timeout):
        return EngineTransientError(f"{engine}: no answer in time")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return EngineTransientError(f"{engine}: connection refused or dropped ({exc.__class__.__name__})")
    if isinstance(exc, dt.AuthorizationException | dt.ApiKeyException):
        return EngineAuthError(f"{engine}: the API key was refused; check the key in the environment")
    if isinstance(exc, dt.TooManyRequests):
        return EngineTransientError(f"{engine}: too many requests", _retry_after())
    if isinstance(exc, dt.ServerException):
        return _server_error(engine, exc)
    if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
        return EngineUnsupported(f"{engine}: French→German is not supported by this service")
    if isinstance(exc, ValueError | KeyError | TypeError | dt.TranslationNotFound | dt.RequestError):
        return EngineTransientError(f"{engine}: malformed reply (a proxy's error page?)")
    if isinstance(exc, requests.exceptions.RequestException):
        return EngineTransientError(f"{engine}: request failed ({exc.__class__.__name__})")
    return EngineError(f"{engine}: {exc.__class__.__name__}: {exc}")


def _server_error(engine: str, exc: Exception) -> EngineError:
    response = getattr(_last, "response", None)
    status = response.status_code if response is not None else 0
    if status in (401, 403):
        return EngineAuthError(f"{engine}: HTTP {status}, the API key was refused")
    if status == 429:
        return EngineTransientError(f"{engine}: HTTP 429 too many requests", _retry_after())
    if status >= 500 or status in (0, 408):
        return EngineTransientError(f"{engine}: HTTP {status or 'error'} from the server", _retry_after())
    if status == 456:
        return EngineAuthError(f"{engine}: quota exhausted")
    return EngineUnsupported(f"{engine}: HTTP {status}, request refused")


class DeepTranslatorEngine:
    """Base for engines driven through deep-translator: one request per text, run in parallel."""

    name = "deep-translator"
    online = True
    batch_size = 1
    max_workers = 8
    max_chars = 4500
    protection = "placeholder"
    tags = "placeholder"  # inline tags sent as ⟦b1⟧…⟦/b1⟧, read back when they survive
    module_name = ""
    timeout: float | None = None  # seconds between two bytes of an answer; default [deadlines] read

    endpoint_url = ""

    def version(self) -> str:
        return "api"

    def endpoint(self) -> str | None:
        return self.endpoint_url or None

    def status(self) -> tuple[bool, str]:
        return True, "online, no key needed (sends text off this machine; used only when named)"

    def prepare(self, glossary: Glossary) -> None:
        deadlines = load_config().deadlines  # (connect, read): requests' own pair of timeouts
        read = self.timeout or float(deadlines.read)
        install_timeout(importlib.import_module(self.module_name), (float(deadlines.connect), read))

    def client(self) -> Any:
        raise NotImplementedError

    def translate_batch(self, texts: list[str]) -> list[str]:
        client = self.client()
        out = []
        for text in texts:
            try:
                result = client.translate(text)
            except EngineError:
                raise
            except Exception as exc:  # every vendor failure is mapped here, at the boundary
                raise map_error(self.name, exc) from exc
            if not isinstance(result, str) or (text.strip() and not result.strip()):
                raise EngineTransientError(f"{self.name}: malformed reply (empty translation)")
            out.append(result)
        return out


def require_env(name: str, engine: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise EngineUnavailable(f"{engine}: set {name} ({hint})")
    return value


LANGS = (SOURCE_LANG, TARGET_LANG)
