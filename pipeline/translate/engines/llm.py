"""Large language models through any OpenAI-compatible chat-completions server (llama.cpp's server,
Ollama, vLLM, LM Studio, or a hosted API), with the official ``openai`` client.

The glossary reaches the model itself: each segment travels with the entries found in it (required
German term, forbidden forms, names and kept terms that must stay unchanged), beside the release's
title and the neighbouring segments as context, so the model inflects terms as German grammar needs.
Several segments go in one request as JSON, and the answer must be JSON with the same ids: a
malformed or incomplete answer (missing ids, text around the JSON, a segment left in French) is asked
again for the missing segments only, then reported. Configuration: ``LLM_BASE_URL``, ``LLM_MODEL``,
``LLM_API_KEY`` (optional for a local server) or ``[llm] base_url / model / json`` in pipeline.toml.
A server on a loopback address counts as offline: nothing leaves the machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
from typing import Any
from urllib.parse import urlparse

from pipeline.config import load_config
from pipeline.errors import EngineAuthError, EngineError, EngineTransientError, EngineUnavailable, EngineUnsupported
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import french_matcher
from pipeline.language.langid import detect_language

PROMPT_VERSION = "1"
REPAIR_ROUNDS = 2
INSTRUCTION = (
    "You translate French press releases of a French regional government into German for a partner "
    "ministry. Write the German a German press office would publish: formal register, German "
    "typography („…“ quotation marks, no space before : ; ! ?), dates as '9. Juli 2021', numbers as "
    "'1.400' and '3,5'. For every segment, use the German glossary terms given for it, inflected as the "
    "sentence requires; never use a form listed as forbidden; names and kept terms stay exactly as "
    "given. Translate only the 'text' of each segment; the title and the neighbouring segments are "
    "context. Answer with JSON only, exactly: {\"translations\": [{\"id\": \"…\", \"de\": \"…\"}]} with "
    "one entry per segment id and nothing else."
)
SCHEMA = {"type": "object", "additionalProperties": False, "required": ["translations"],
          "properties": {"translations": {"type": "array", "items": {
              "type": "object", "additionalProperties": False, "required": ["id", "de"],
              "properties": {"id": {"type": "string"}, "de": {"type": "string"}}}}}}


def _loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LLMEngine:
    name = "llm"
    batch_size = 8
    max_workers = 2
    max_chars = 4000
    protection = "prompt"  # glossary entries travel in the prompt; the output is checked and repaired
    timeout = 120.0

    def __init__(self) -> None:
        config = load_config()
        self.base_url = (os.environ.get("LLM_BASE_URL") or config.llm_base_url or "").strip()
        self.model = (os.environ.get("LLM_MODEL") or config.llm_model or "").strip()
        self.json_mode = config.llm_json
        self._client: Any = None
        self._matcher: Any = None
        self._order: dict[str, int] = {}
        self._texts: list[str] = []
        self._lock = threading.Lock()
        self.prompt_tokens = 0
        self.completion_tokens = 0

    @property
    def online(self) -> bool:
        return not _loopback(self.base_url) if self.base_url else True

    def status(self) -> tuple[bool, str]:
        if not self.base_url or not self.model:
            return False, "set LLM_BASE_URL and LLM_MODEL (or [llm] base_url and model in pipeline.toml)"
        where = "on this machine" if not self.online else "online"
        return True, f"{self.model} at {urlparse(self.base_url).netloc} ({where}, OpenAI-compatible)"

    def endpoint(self) -> str | None:
        return self.base_url or None

    def version(self) -> str:
        return f"{self.model}@{self.base_url}#prompt{PROMPT_VERSION}"

    def prepare(self, glossary: Glossary) -> None:
        self._matcher = french_matcher(glossary)

    def set_context(self, texts: list[str]) -> None:
        """The run's segments in document order: the first is taken as the title, neighbours as context."""
        self._texts = list(texts)
        self._order = {text: index for index, text in reversed(list(enumerate(texts)))}

    def usage(self) -> str:
        return f"tokens: {self.prompt_tokens} prompt, {self.completion_tokens} completion"

    # ---- requests --------------------------------------------------------------------------------
    def client(self) -> Any:
        if self._client is None:
            # deferred: the OpenAI client loads only when this runs, not at start-up
            import openai

            if not self.base_url or not self.model:
                raise EngineUnavailable("llm: set LLM_BASE_URL and LLM_MODEL (or [llm] in pipeline.toml)")
            self._client = openai.OpenAI(base_url=self.base_url, api_key=os.environ.get("LLM_API_KEY") or "none",
                                         max_retries=0, timeout=self.timeout)
        return self._client

    def translate_batch(self, texts: list[str]) -> list[str]:
        segments = {str(number): text for number, text in enumerate(texts, 1)}
        done: dict[str, str] = {}
        problem = ""
        for _ in range(1 + REPAIR_ROUNDS):
            wanted = {sid: text for sid, text in segments.items() if sid not in done}
            if not wanted:
                break
            answer, problem = self._ask(wanted)
            done.update(answer)
        missing = [sid for sid in segments if sid not in done]
        if missing:
            raise EngineTransientError(f"llm: no usable answer for {len(missing)} of {len(texts)} segment(s) "
                                       f"after {1 + REPAIR_ROUNDS} requests ({problem})")
        return [done[sid] for sid in segments]

    def _ask(self, segments: dict[str, str]) -> tuple[dict[str, str], str]:
        """The usable translations of one answer and, when some are missing, why."""
        reply = self._complete(self._messages(segments))
        try:
            data = json.loads(reply)
            items = data["translations"]
            found = {str(item["id"]): str(item["de"]).strip() for item in items}
        except (ValueError, KeyError, TypeError) as exc:
            return {}, f"malformed answer: {type(exc).__name__}"
        usable = {sid: de for sid, de in found.items()
                  if sid in segments and de and not _left_in_french(de, segments[sid])}
        extra = sorted(set(found) - set(segments))
        problem = "missing or French answers" if len(usable) < len(segments) else ""
        return usable, problem + (f"; ignored unknown ids {', '.join(extra)}" if extra else "")

    def _messages(self, segments: dict[str, str]) -> list[dict[str, str]]:
        hits = self._matcher.match_many(list(segments.values())) if self._matcher else [[] for _ in segments]
        items = []
        for (sid, text), found in zip(segments.items(), hits, strict=True):
            item: dict[str, Any] = {"id": sid, "text": text, **self._neighbours(text)}
            terms = [_entry(hit.term) for hit in {h.term.fr: h for h in found}.values()]
            if terms:
                item["glossary"] = terms
            items.append(item)
        payload = {"title": self._texts[0] if self._texts else "", "segments": items}
        return [{"role": "system", "content": INSTRUCTION},
                {"role": "user", "content": json.dumps(payload, ensure_ascii=False)}]

    def _neighbours(self, text: str) -> dict[str, str]:
        index = self._order.get(text)
        if index is None:
            return {}
        before = self._texts[index - 1] if index > 0 else ""
        after = self._texts[index + 1] if index + 1 < len(self._texts) else ""
        return {k: v for k, v in (("before", before), ("after", after)) if v}

    def _complete(self, messages: list[dict[str, str]]) -> str:
        # deferred: the OpenAI client loads only when this runs, not at start-up
        import openai

        if self.json_mode == "schema":
            response_format: dict[str, Any] = {"type": "json_schema", "json_schema": {
                "name": "translations", "strict": True, "schema": SCHEMA}}
        else:
            response_format = {"type": "json_object"}
        try:
            response = self.client().chat.completions.create(
                model=self.model, messages=messages, temperature=0, response_format=response_format)
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise EngineAuthError(f"llm: the server refused the key or the request (HTTP {exc.status_code}); "
                                  "check LLM_API_KEY") from exc
        except openai.RateLimitError as exc:
            raise EngineTransientError("llm: HTTP 429 (rate limited)", _retry_after(exc)) from exc
        except openai.NotFoundError as exc:
            raise EngineUnsupported(f"llm: model '{self.model}' or endpoint not found at {self.base_url}") from exc
        except openai.APITimeoutError as exc:
            raise EngineTransientError("llm: no answer in time") from exc
        except openai.APIConnectionError as exc:
            raise EngineTransientError(f"llm: no connection to {self.base_url}") from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500:
                raise EngineTransientError(f"llm: HTTP {exc.status_code}") from exc
            raise EngineError(f"llm: HTTP {exc.status_code} ({exc.message})") from exc
        usage = getattr(response, "usage", None)
        with self._lock:
            self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
        return (response.choices[0].message.content or "").strip() if response.choices else ""


def _entry(term: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"fr": term.fr, "de": term.de}
    if term.kind in ("name", "keep"):
        entry["unchanged"] = True
    if term.de_forbidden:
        entry["forbidden"] = list(term.de_forbidden)
    return entry


def _left_in_french(answer: str, source: str) -> bool:
    """The model answered with the French (a copy of it, or text that reads as French)."""
    def letters(text: str) -> str:
        return "".join(c for c in text.casefold() if c.isalnum())

    return letters(answer) == letters(source) or detect_language(answer) == "fr"


def _retry_after(exc: Any) -> float | None:
    value = exc.response.headers.get("retry-after") if getattr(exc, "response", None) is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
