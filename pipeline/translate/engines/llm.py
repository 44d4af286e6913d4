"""Large language models through any OpenAI-compatible chat-completions server (llama.cpp's server,
Ollama, vLLM, LM Studio, or a hosted API), with the official ``openai`` client.

The glossary reaches the model itself: each request carries the entries found in its segments once
(required German term, forbidden forms, kept terms that must stay unchanged; a name with a German form
is given as required and may inflect), the release's title when it has one and the text just before
and after the batch as context, so the model inflects terms as German grammar needs. Several segments
go in one request as JSON, and the answer is read the way people's models write it: fenced in
```json, after a ``<think>`` block or a sentence of prose, as a bare array, with text after it — the
first JSON value that has the expected shape is taken, each id once, strings only, sizes bounded. A
segment missing, malformed or still French (judged by the language of its words: a name alone may
equal its source) is asked again once, alone; only network errors, 429 and 5xx are retried with
backoff (by the Translator). JSON modes are negotiated: json_schema → json_object → the schema in
words, on a 400 that names the response format. Configuration: ``LLM_BASE_URL``, ``LLM_MODEL``,
``LLM_API_KEY`` (optional for a local server), ``LLM_TIMEOUT`` or ``[llm] base_url / model / json /
timeout`` in pipeline.toml. A server on a loopback address counts as offline: nothing leaves the
machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import threading
from typing import Any
from urllib.parse import urlparse

from pipeline.config import load_config
from pipeline.errors import EngineAuthError, EngineError, EngineTransientError, EngineUnavailable, EngineUnsupported
from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import french_matcher
from pipeline.language.langid import detect_language, french_word
from pipeline.redact import address_tag, redact
from pipeline.translate.engines.base import GROWTH_MARGIN, MAX_GROWTH

PROMPT_VERSION = "2"
MODES = ("schema", "object", "plain")  # response formats, tried in this order from the configured one
DEFAULT_TIMEOUT = 120.0  # seconds for one request ([llm] timeout, LLM_TIMEOUT)
THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
INSTRUCTION = (
    "You translate French press releases of a French regional government into German for a partner "
    "ministry. Write the German a German press office would publish: formal register, German "
    "typography („…“ quotation marks, no space before : ; ! ?), dates as '9. Juli 2021', numbers as "
    "'1.400' and '3,5'. For every segment, use the German glossary terms given for it, inflected as the "
    "sentence requires; never use a form listed as forbidden; names and kept terms stay exactly as "
    "given. A text may hold inline tags such as <b1>…</b1> (formatting: bold, a link): keep every tag, "
    "unchanged, around the German words that translate the words it surrounds. "
    "Translate only the 'text' of each segment; 'title', 'before' and 'after' are context. "
    "Answer with JSON only, exactly: {\"translations\": [{\"id\": \"…\", \"de\": \"…\"}]} with one "
    "entry per segment id and nothing else."
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
    tags = "prompt"  # told to keep <b1>…</b1> around the words they format

    def __init__(self) -> None:
        config = load_config()
        self.base_url = (os.environ.get("LLM_BASE_URL") or config.llm_base_url or "").strip()
        self.model = (os.environ.get("LLM_MODEL") or config.llm_model or "").strip()
        self.json_mode = config.llm_json
        self.timeout = _timeout(os.environ.get("LLM_TIMEOUT"), config.llm_timeout)
        self.title: str | None = None
        self.requests = 0
        self.unanswered = 0  # segments with no usable answer after being asked again alone
        self.problems: set[str] = set()
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
        if urlparse(self.base_url).scheme not in ("http", "https") or not urlparse(self.base_url).hostname:
            return False, (f"LLM_BASE_URL '{self.base_url}' has no scheme or host; write it as "
                           "http://127.0.0.1:8080/v1 (llama.cpp, vLLM, LM Studio) or http://localhost:11434/v1 "
                           "(Ollama)")
        where = "on this machine" if not self.online else "online"
        address = urlparse(self.base_url)
        host = f"{address.hostname}:{address.port}" if address.port else str(address.hostname)  # no user:password@
        return True, redact(f"{self.model} at {host} ({where}, OpenAI-compatible)")

    def endpoint(self) -> str | None:
        return self.base_url or None

    def version(self) -> str:
        return f"{self.model} (server {address_tag(self.base_url)}, prompt {PROMPT_VERSION})"

    def prepare(self, glossary: Glossary) -> None:
        self._matcher = french_matcher(glossary)

    def set_context(self, texts: list[str], title: str | None = None) -> None:
        """The run's segments in document order (their neighbours are context) and the release's
        headline, when it has one (a release without one sends no title)."""
        self._texts = list(texts)
        self._order = {text: index for index, text in reversed(list(enumerate(texts)))}
        self.title = title

    def usage(self) -> str:
        said = (f"{self.requests} request(s), tokens: {self.prompt_tokens} prompt, "
                f"{self.completion_tokens} completion")
        if self.unanswered:
            said += (f"; {self.unanswered} segment(s) without a usable answer, each asked again alone "
                     f"({'; '.join(sorted(self.problems))})")
        return said

    # ---- requests --------------------------------------------------------------------------------
    def client(self) -> Any:
        if self._client is None:
            # deferred: the OpenAI client loads only when this runs, not at start-up
            import openai

            if not self.base_url or not self.model:
                raise EngineUnavailable("llm: set LLM_BASE_URL and LLM_MODEL (or [llm] in pipeline.toml)")
            connect = float(load_config().deadlines.connect)
            self._client = openai.OpenAI(base_url=self.base_url, api_key=os.environ.get("LLM_API_KEY") or "none",
                                         max_retries=0, timeout=openai.Timeout(self.timeout, connect=connect))
        return self._client

    def translate_batch(self, texts: list[str]) -> list[str]:
        """One request for the batch; a segment missing or wrong in the answer is asked again once, alone,
        and left untranslated ("") when that answer is no better — never its whole batch."""
        segments = {str(number): text for number, text in enumerate(texts, 1)}
        done, problems = self._ask(segments)
        for sid in [sid for sid in segments if sid not in done]:
            answer, problem = self._ask({sid: segments[sid]})
            done.update(answer)
            problems.update(problem)
        missing = [sid for sid in segments if sid not in done]
        with self._lock:
            self.unanswered += len(missing)
            self.problems.update(problems if missing else ())
        return [done.get(sid, "") for sid in segments]

    def _ask(self, segments: dict[str, str]) -> tuple[dict[str, str], set[str]]:
        """The usable translations of one answer, and what was wrong with the rest."""
        reply = self._complete(self._messages(segments))
        found, problems = read_answer(reply, set(segments))
        usable: dict[str, str] = {}
        for sid, german in found.items():
            if len(german) > MAX_GROWTH * len(segments[sid]) + GROWTH_MARGIN:
                problems.add("an answer far longer than its source")
            elif _left_in_french(german, segments[sid]):
                problems.add("an answer still in French")
            else:
                usable[sid] = german
        if len(found) < len(segments) and not problems:
            problems.add("segments missing from the answer")
        return usable, problems

    def _messages(self, segments: dict[str, str]) -> list[dict[str, str]]:
        """The request: its segments, the glossary entries they need (each once), the text before and
        after them, the title; the schema in words when the server takes no response format."""
        hits = self._matcher.match_many(list(segments.values())) if self._matcher else [[] for _ in segments]
        entries = {hit.term.fr: _entry(hit.term) for found in hits for hit in found}
        payload: dict[str, Any] = {}
        if self.title and self.title not in segments.values():
            payload["title"] = self.title
        payload.update(self._around(list(segments.values())))
        if entries:
            payload["glossary"] = list(entries.values())
        payload["segments"] = [{"id": sid, "text": text} for sid, text in segments.items()]
        return [{"role": "system", "content": INSTRUCTION},
                {"role": "user", "content": json.dumps(payload, ensure_ascii=False)}]

    def _around(self, texts: list[str]) -> dict[str, str]:
        """The segment just before the batch and the one just after it, as context."""
        positions = [self._order[text] for text in texts if text in self._order]
        if not positions:
            return {}
        first, last = min(positions), max(positions)
        before = self._texts[first - 1] if first > 0 else ""
        after = self._texts[last + 1] if last + 1 < len(self._texts) else ""
        return {k: v for k, v in (("before", before), ("after", after)) if v and v not in texts and v != self.title}

    def _complete(self, messages: list[dict[str, str]]) -> str:
        """One chat completion; a 400 that names the response format moves the engine to the next JSON
        mode for good (the server's reason is kept in the error when none is left)."""
        while True:
            mode = self.json_mode
            try:
                return self._request(_in_mode(messages, mode), mode)
            except ResponseFormatRefused:
                with self._lock:
                    if self.json_mode == mode:  # not already moved on by a parallel request
                        following = MODES[MODES.index(mode) + 1:] if mode in MODES else ()
                        if not following:
                            raise
                        self.json_mode = following[0]

    def _response_format(self, mode: str) -> dict[str, Any] | None:
        if mode == "schema":
            return {"type": "json_schema", "json_schema": {"name": "translations", "strict": True, "schema": SCHEMA}}
        return {"type": "json_object"} if mode == "object" else None

    def _request(self, messages: list[dict[str, str]], mode: str) -> str:
        # deferred: the OpenAI client loads only when this runs, not at start-up
        import openai

        extra = {"response_format": fmt} if (fmt := self._response_format(mode)) else {}
        with self._lock:
            self.requests += 1
        try:
            response = self.client().chat.completions.create(
                model=self.model, messages=messages, temperature=0, **extra)
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise EngineAuthError(f"llm: the server refused the key or the request (HTTP {exc.status_code}); "
                                  "check LLM_API_KEY") from exc
        except openai.RateLimitError as exc:
            raise EngineTransientError("llm: HTTP 429 (rate limited)", _retry_after(exc)) from exc
        except openai.NotFoundError as exc:
            raise EngineUnsupported(f"llm: model '{self.model}' or endpoint not found at {self.base_url}") from exc
        except openai.APITimeoutError as exc:
            raise EngineTransientError(f"llm: no answer within {self.timeout:.0f} s ([llm] timeout)") from exc
        except openai.APIConnectionError as exc:
            raise EngineTransientError(f"llm: no connection to {self.base_url}") from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500:
                raise EngineTransientError(f"llm: HTTP {exc.status_code}") from exc
            reason = _server_reason(exc)
            if exc.status_code == 400 and extra and re.search(r"response.?format|json", reason, re.IGNORECASE):
                raise ResponseFormatRefused(f"llm: the server refused response_format {mode} "
                                            f"({reason}); set [llm] json to a mode it takes") from exc
            raise EngineError(f"llm: HTTP {exc.status_code} ({reason})") from exc
        except (openai.APIError, ValueError, TypeError) as exc:  # an answer that is no chat completion at all
            raise EngineError(f"llm: the server's answer is not a chat completion ({type(exc).__name__}); is "
                              f"LLM_BASE_URL the OpenAI-compatible endpoint (…/v1)?") from exc
        if isinstance(response, str) or not hasattr(response, "choices"):  # a proxy's HTML page with a 200
            raise EngineError("llm: the server's answer is not a chat completion (an HTML or text page); is "
                              "LLM_BASE_URL the OpenAI-compatible endpoint (…/v1)?")
        usage = getattr(response, "usage", None)
        with self._lock:
            self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
        return (response.choices[0].message.content or "").strip() if response.choices else ""


def _in_mode(messages: list[dict[str, str]], mode: str) -> list[dict[str, str]]:
    """The schema spelt out in the instruction when the server takes no response format."""
    if mode != "plain":
        return messages
    return [messages[0] | {"content": INSTRUCTION + " JSON schema: " + json.dumps(SCHEMA)}, *messages[1:]]


class ResponseFormatRefused(EngineError):
    """A 400 naming the response format: the next JSON mode is tried."""


def read_answer(reply: str, ids: set[str]) -> tuple[dict[str, str], set[str]]:
    """The translations in a model's reply, however it wrapped them: the first JSON value of the expected
    shape after any ``<think>`` block, inside a fence or after prose, an object or a bare array. Each id
    must appear once with a string; an id given twice is dropped (which of the two is meant?)."""
    items, problem = _first_translations(THINKING.sub("", reply))
    if items is None:
        return {}, {problem}
    seen: dict[str, list[str]] = {}
    problems: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("de"), str) or \
                not isinstance(item.get("id"), str | int) or isinstance(item.get("id"), bool):
            problems.add("an entry without a string id and German text")
            continue
        seen.setdefault(str(item["id"]), []).append(item["de"].strip())
    doubled = sorted(sid for sid, answers in seen.items() if len(answers) > 1)
    if doubled:
        problems.add(f"id(s) {', '.join(doubled)} answered twice")
    extra = sorted(set(seen) - ids)
    if extra:
        problems.add(f"unknown id(s) {', '.join(extra)} ignored")
    return {sid: answers[0] for sid, answers in seen.items() if len(answers) == 1 and answers[0] and sid in ids}, \
        problems


def _first_translations(text: str) -> tuple[list[Any] | None, str]:
    """The list of translation entries of the first JSON value that holds one."""
    decoder = json.JSONDecoder()
    candidates = [m.group(1) for m in FENCE.finditer(text)] + [text]
    for candidate in candidates:
        for start in [i for i, char in enumerate(candidate) if char in "{["][:200]:
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except ValueError:
                continue
            if isinstance(value, dict) and isinstance(value.get("translations"), list):
                return value["translations"], ""
            if isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
                return value, ""
    return None, "no JSON with translations in the answer"


def _server_reason(exc: Any) -> str:
    """The server's own words for a refusal (its JSON error message, else the body's start)."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        message = body.get("message") or (error.get("message") if isinstance(error, dict) else error)
        if message:
            return str(message)[:300]
    return str(getattr(exc, "message", "") or exc)[:300]


def _timeout(env: str | None, configured: float | None) -> float:
    try:
        return float(env) if env else float(configured or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT


def _entry(term: Any) -> dict[str, Any]:
    """A glossary entry for the model: "unchanged" only where the German is the French itself (a kept
    term, a name that stays as it is); a name with a German form (Aix-la-Chapelle → Aachen) is required
    and may inflect ("des Élysée-Vertrags")."""
    entry: dict[str, Any] = {"fr": term.fr, "de": term.de}
    if term.kind == "keep" or (term.kind == "name" and term.de == term.fr):
        entry["unchanged"] = True
    if term.de_forbidden:
        entry["forbidden"] = list(term.de_forbidden)
    return entry


def _left_in_french(answer: str, source: str) -> bool:
    """The answer still reads as French, by the language of its words: a segment may equal its source
    when it is a name, a number or a code ("Xavier Bertrand"), not when it holds French words ("La
    Région renouvelle sa coopération" copied back)."""
    if detect_language(answer) == "fr":
        return True
    same = [c for c in answer.casefold() if c.isalnum()] == [c for c in source.casefold() if c.isalnum()]
    return same and any(french_word(word) for word in re.findall(r"[^\W\d_]+", answer))


def _retry_after(exc: Any) -> float | None:
    value = exc.response.headers.get("retry-after") if getattr(exc, "response", None) is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
