"""DeepL through the official client: 50 texts a request, the glossary synced as a DeepL glossary.

Key from DEEPL_AUTH_KEY (never printed); DEEPL_SERVER_URL points the client at another server
(a proxy, or the stub the tests start on 127.0.0.1).
"""

from __future__ import annotations

import html
import os
from typing import Any
from xml.sax.saxutils import escape

from pipeline.errors import (
    EngineAuthError,
    EngineError,
    EngineTransientError,
    EngineUnavailable,
    EngineUnsupported,
)
from pipeline.glossary import Glossary
from pipeline.glossary.export import deepl_entries
from pipeline.language.tags import TAG
from pipeline.redact import address_tag

GLOSSARY_PREFIX = "pipeline-"


class DeepLEngine:
    name = "deepl"
    online = True
    batch_size = 50
    max_workers = 2
    max_chars = 30_000
    protection = "glossary"
    tags = "xml"  # tag_handling='xml': DeepL places the tags itself

    def __init__(self) -> None:
        self._client: Any = None
        self.glossary_id: str | None = None

    def status(self) -> tuple[bool, str]:
        if not os.environ.get("DEEPL_AUTH_KEY"):
            return False, "set DEEPL_AUTH_KEY to your DeepL API key"
        return True, "DeepL API (online, official client)"

    def endpoint(self) -> str | None:
        key = os.environ.get("DEEPL_AUTH_KEY", "")
        default = "https://api-free.deepl.com/" if key.endswith(":fx") else "https://api.deepl.com/"
        return os.environ.get("DEEPL_SERVER_URL") or default

    def version(self) -> str:
        server = os.environ.get("DEEPL_SERVER_URL")
        return f"api server {address_tag(server)}" if server else "api"

    def client(self) -> Any:
        if self._client is None:
            # deferred: the DeepL client loads only when this runs, not at start-up
            import deepl
            from deepl import http_client

            key = os.environ.get("DEEPL_AUTH_KEY", "").strip()
            if not key:
                raise EngineUnavailable("deepl: set DEEPL_AUTH_KEY to your DeepL API key")
            http_client.max_network_retries = 0  # our RetryPolicy decides, with jitter and bounds
            self._client = deepl.DeepLClient(key, server_url=os.environ.get("DEEPL_SERVER_URL") or None)
        return self._client

    def prepare(self, glossary: Glossary) -> None:
        """Use the DeepL glossary named after this glossary's version, creating it when missing."""
        entries = dict(deepl_entries(glossary))
        if not entries:
            self.glossary_id = None
            return
        name = f"{GLOSSARY_PREFIX}{glossary.version}"
        try:
            existing = self.client().list_glossaries()
            current = next((g for g in existing if g.name == name and g.ready), None)
            if current is None:
                current = self.client().create_glossary(name, source_lang="FR", target_lang="DE", entries=entries)
            for old in existing:
                if old.name.startswith(GLOSSARY_PREFIX) and old.name != name:
                    self.client().delete_glossary(old)
        except Exception as exc:
            raise map_deepl_error(exc) from exc
        self.glossary_id = current.glossary_id

    def translate_batch(self, texts: list[str]) -> list[str]:
        """One request for the batch; texts with inline tags (``<b1>…</b1>``) go as XML with DeepL's tag
        handling, so that DeepL places each tag around the German words it belongs to."""
        xml = any(TAG.search(text) for text in texts)
        sent = [_as_xml(text) for text in texts] if xml else texts
        try:
            results = self.client().translate_text(
                sent, source_lang="FR", target_lang="DE", glossary=self.glossary_id,
                preserve_formatting=True, **({"tag_handling": "xml"} if xml else {}))
        except Exception as exc:
            raise map_deepl_error(exc) from exc
        if len(results) != len(texts):
            raise EngineTransientError("deepl: malformed reply (wrong number of translations)")
        return [html.unescape(r.text) if xml else r.text for r in results]


def _as_xml(text: str) -> str:
    """The text escaped for XML, its inline tags left as elements."""
    pieces, position = [], 0
    for match in TAG.finditer(text):
        pieces += [escape(text[position:match.start()]), match.group(0)]
        position = match.end()
    return "".join(pieces) + escape(text[position:])


def map_deepl_error(exc: Exception) -> EngineError:
    # deferred: the DeepL client loads only when this runs, not at start-up
    import deepl

    if isinstance(exc, EngineError):
        return exc
    if isinstance(exc, deepl.QuotaExceededException):
        return EngineAuthError("deepl: quota for this billing period exhausted")
    if isinstance(exc, deepl.AuthorizationException):
        return EngineAuthError("deepl: the key in DEEPL_AUTH_KEY was refused")
    if isinstance(exc, deepl.TooManyRequestsException):
        return EngineTransientError("deepl: too many requests")
    if isinstance(exc, deepl.ConnectionException):
        return EngineTransientError(f"deepl: connection problem ({exc})")
    status = getattr(exc, "http_status_code", None) or 0
    if isinstance(exc, deepl.DeepLException) and (status >= 500 or status == 0):
        return EngineTransientError(f"deepl: server error {status or ''}".strip())
    if isinstance(exc, deepl.DeepLException):
        return EngineUnsupported(f"deepl: request refused ({exc})")
    if isinstance(exc, ValueError | KeyError | TypeError):
        return EngineTransientError("deepl: malformed reply")
    return EngineError(f"deepl: {exc.__class__.__name__}: {exc}")
