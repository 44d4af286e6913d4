"""HTTP servers on 127.0.0.1 (random ports) standing in for online services in tests.

``LibreServer`` speaks LibreTranslate's /translate and can inject latency, 429 with Retry-After,
500, slow answers, HTML instead of JSON, dropped connections and 403. ``DeepLServer`` speaks the
parts of the DeepL API the official client uses here. Both count the requests they receive.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def fake_german(text: str) -> str:
    """A deterministic stand-in translation that keeps placeholders and names untouched."""
    return f"[de] {text}"


class _Backlogged(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 makes parallel clients wait for SYN retransmits
    daemon_threads = True


class _Server:
    handler: type[BaseHTTPRequestHandler]

    def __init__(self) -> None:
        self.requests = 0
        self.lock = threading.Lock()
        self.httpd = _Backlogged(("127.0.0.1", 0), self.handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self) -> None:
        with self.lock:
            self.requests += 1


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (for refused connections)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LibreHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _params(self) -> dict[str, str]:
        parsed = urllib.parse.urlparse(self.path)
        params = dict(urllib.parse.parse_qsl(parsed.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if body:
            if "json" in (self.headers.get("Content-Type") or ""):
                params.update(json.loads(body))
            else:
                params.update(urllib.parse.parse_qsl(body.decode()))
        return params

    def do_POST(self) -> None:
        server: LibreServer = self.server.owner  # type: ignore[attr-defined]
        server.count()
        params = self._params()
        time.sleep(server.latency)
        behaviour = server.next_behaviour()
        if behaviour == "close":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
            return
        if behaviour.startswith("sleep:"):
            time.sleep(float(behaviour.split(":")[1]))
        if behaviour.startswith("429"):
            retry_after = behaviour.split(":")[1] if ":" in behaviour else None
            self._send(429, b'{"error": "Too many requests"}', {"Retry-After": retry_after} if retry_after else {})
            return
        if behaviour in ("500", "403", "400"):
            self._send(int(behaviour), b'{"error": "injected"}')
            return
        if behaviour == "html":
            self._send(200, b"<html><body>Proxy error</body></html>", content_type="text/html")
            return
        if behaviour.startswith("trickle"):  # one byte every 0.3 s: no read timeout ever trips
            self._trickle(json.dumps({"translatedText": fake_german(params.get("q", ""))}).encode())
            return
        server.sources.append(params.get("q", ""))
        german = "Übersetzung " * 900_000 if behaviour == "huge" else fake_german(params.get("q", ""))  # ~10 MB
        body = json.dumps({"translatedText": german}).encode()
        self._send(200, body)

    def _trickle(self, body: bytes, pause: float = 0.3, bound: int = 60) -> None:
        """Headers at once, then the body a byte at a time (bounded: 60 bytes, about 18 s at most)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body[:bound]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client gave up: what the deadline is for
            return

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None,
              content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


class LibreServer(_Server):
    handler = LibreHandler

    def __init__(self, latency: float = 0.0, script: list[str] | None = None) -> None:
        super().__init__()
        self.latency = latency
        self.script: deque[str] = deque(script or [])
        self.sources: list[str] = []

    def next_behaviour(self) -> str:
        with self.lock:
            return self.script.popleft() if self.script else "ok"


class DeepLHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _json(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b"{}"
        if "json" in (self.headers.get("Content-Type") or ""):
            return dict(json.loads(body or b"{}"))
        return {k: v[0] if len(v) == 1 else v for k, v in urllib.parse.parse_qs(body.decode()).items()}

    def _reply(self, status: int, data: Any) -> None:
        body = json.dumps(data).encode() if data is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self, server: DeepLServer) -> bool:
        if self.headers.get("Authorization") != f"DeepL-Auth-Key {server.key}":
            self._reply(403, {"message": "Wrong key"})
            return False
        return True

    def do_GET(self) -> None:
        server: DeepLServer = self.server.owner  # type: ignore[attr-defined]
        server.count()
        if not self._authorised(server):
            return
        if self.path.startswith("/v2/glossaries"):
            self._reply(200, {"glossaries": list(server.glossaries.values())})
        else:
            self._reply(404, {"message": "not found"})

    def do_DELETE(self) -> None:
        server: DeepLServer = self.server.owner  # type: ignore[attr-defined]
        server.count()
        if not self._authorised(server):
            return
        server.glossaries.pop(self.path.rsplit("/", 1)[-1], None)
        self._reply(204, None)

    def do_POST(self) -> None:
        server: DeepLServer = self.server.owner  # type: ignore[attr-defined]
        server.count()
        if not self._authorised(server):
            return
        data = self._json()
        if self.path.startswith("/v2/glossaries"):
            self._create_glossary(server, data)
        elif self.path.startswith("/v2/translate"):
            self._translate(server, data)
        else:
            self._reply(404, {"message": "not found"})

    def _create_glossary(self, server: DeepLServer, data: dict[str, Any]) -> None:
        entries = dict(line.split("\t") for line in data["entries"].splitlines() if line)
        glossary_id = f"g{len(server.glossaries) + 1}"
        server.entries[glossary_id] = entries
        server.glossaries[glossary_id] = {
            "glossary_id": glossary_id, "name": data["name"], "ready": True,
            "source_lang": data["source_lang"].lower(), "target_lang": data["target_lang"].lower(),
            "creation_time": "2026-11-29T08:00:00.000Z", "entry_count": len(entries)}
        self._reply(201, server.glossaries[glossary_id])

    def _translate(self, server: DeepLServer, data: dict[str, Any]) -> None:
        texts = data["text"] if isinstance(data["text"], list) else [data["text"]]
        if len(texts) > 50:
            self._reply(400, {"message": "Too many texts"})
            return
        server.batches.append(len(texts))
        server.tag_handling.append(data.get("tag_handling"))
        entries = server.entries.get(data.get("glossary_id") or "", {})
        out = []
        for text in texts:
            for source, target in sorted(entries.items(), key=lambda e: -len(e[0])):
                text = text.replace(source, target)
            out.append({"detected_source_language": "FR", "text": fake_german(text),
                        "billed_characters": len(text)})
        self._reply(200, {"translations": out})


class DeepLServer(_Server):
    handler = DeepLHandler

    def __init__(self, key: str = "test-key:fx") -> None:
        super().__init__()
        self.key = key
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[str, str]] = {}
        self.batches: list[int] = []
        self.tag_handling: list[str | None] = []  # what each translate request asked for


WORD_FOR_WORD = {  # every French function word the language check counts, so the stand-in reads as German
    "la": "die", "le": "der", "les": "die", "de": "von", "des": "der", "du": "des", "et": "und", "a": "hat",
    "à": "in", "sa": "ihre", "sont": "sind", "est": "ist", "un": "ein", "une": "eine", "pour": "für",
    "avec": "mit", "dans": "in", "sur": "auf", "reçu": "empfangen", "qui": "der", "que": "dass", "ne": "nicht",
    "pas": "nicht", "au": "zum", "aux": "zu", "ce": "dies", "cette": "diese", "ont": "haben", "été": "gewesen",
    "par": "durch", "nous": "wir", "vous": "Sie", "leur": "ihr", "l'": "die ", "d'": "von ", "qu'": "dass "}


# How local servers' models wrap their JSON (the answer goes where {} stands).
WRAPS = {
    "fenced": "Voici la traduction :\n```json\n{}\n```",
    "think": "<think>The user wants German. Segment 1 is a title; keep the names.</think>\n{}",
    "prose": "Here is the translation of the segments you sent:\n{}\nLet me know if you need anything else.",
    "array": "{}",
}


class ChatHandler(BaseHTTPRequestHandler):
    """OpenAI-compatible POST /v1/chat/completions answering the llm engine's JSON protocol."""

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        server: ChatServer = self.server.owner  # type: ignore[attr-defined]
        server.count()
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        behaviour = server.next_behaviour()
        if self.headers.get("Authorization") != f"Bearer {server.key}":
            self._reply(401, {"error": {"message": "Incorrect API key", "type": "invalid_request_error"}})
            return
        if behaviour.startswith("sleep:"):
            time.sleep(float(behaviour.split(":")[1]))
        if behaviour.startswith("429"):
            retry = behaviour.split(":")[1] if ":" in behaviour else None
            self._reply(429, {"error": {"message": "Rate limit", "type": "rate_limit"}},
                        {"Retry-After": retry} if retry else {})
            return
        if behaviour == "html":  # a proxy's error page, with a 200
            LibreHandler._send(self, 200, b"<html><body><h1>502 Bad Gateway</h1></body></html>",  # type: ignore[arg-type]
                               {"Content-Type": "text/html"})
            return
        if behaviour in ("500", "403", "400", "404"):
            self._reply(int(behaviour), {"error": {"message": "injected", "type": "server_error"}})
            return
        fmt = request.get("response_format", {}).get("type", "")
        if fmt and (fmt in server.refused_formats or "any" in server.refused_formats):
            self._reply(400, {"error": {"message": f"'response_format.type' {fmt} is not supported by this server",
                                        "type": "invalid_request_error", "param": "response_format"}})
            return
        payload = json.loads(request["messages"][-1]["content"])
        server.payloads.append(payload)
        server.formats.append(fmt)
        server.prompts.append(request["messages"])
        glossary = payload.get("glossary", [])
        translations = [{"id": s["id"], "de": self._translate(s | {"glossary": glossary})} for s in payload["segments"]]
        if server.always == "obey":  # a model that follows an instruction written in the release
            translations = [{"id": s["id"], "de": "OK" if "ignorez les instructions" in s["text"].lower() else t["de"]}
                            for s, t in zip(payload["segments"], translations, strict=True)]
        elif server.always == "french":
            translations = [{"id": s["id"], "de": s["text"]} for s in payload["segments"]]
        elif server.always == "identical":  # a name alone comes back as it is
            translations = [{"id": s["id"], "de": s["text"] if s["text"] == server.identical else t["de"]}
                            for s, t in zip(payload["segments"], translations, strict=True)]
        if behaviour == "missing":
            translations = translations[:-1]
        elif behaviour == "extra":
            translations.append({"id": "99", "de": "Überzählig."})
        elif behaviour == "french":
            translations[0]["de"] = payload["segments"][0]["text"]
        content = json.dumps({"translations": translations}, ensure_ascii=False)
        if behaviour == "duplicate":
            translations[0]["de"], translations[-1]["id"] = "Erstens.", translations[0]["id"]
            content = json.dumps({"translations": translations}, ensure_ascii=False)
        if behaviour == "malformed":
            content = content[: len(content) // 2]
        wrap = behaviour if behaviour in WRAPS else server.wrap
        content = WRAPS.get(wrap, "{}").format(content) if wrap else content
        if wrap == "array":
            content = json.dumps(translations, ensure_ascii=False)
        self._reply(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1764489600, "model": request["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 40, "total_tokens": 140}})

    @staticmethod
    def _translate(segment: dict[str, Any]) -> str:
        """A stand-in model that follows the glossary it is given and answers in (word-for-word) German."""
        text = segment["text"]
        for entry in sorted(segment.get("glossary", []), key=lambda e: -len(e["fr"])):
            text = text.replace(entry["fr"], entry["de"])
        words = []
        for word in text.replace("’", "'").split(" "):
            elided = next((e for e in ("l'", "d'", "qu'") if word.lower().startswith(e)), "")
            words.append(WORD_FOR_WORD[elided] + word[len(elided):] if elided else WORD_FOR_WORD.get(word.lower(), word))
        return "[de] " + " ".join(words)

    def _reply(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        LibreHandler._send(self, status, json.dumps(data).encode(), headers)  # type: ignore[arg-type]


class ChatServer(_Server):
    handler = ChatHandler

    def __init__(self, key: str = "sk-test", script: list[str] | None = None) -> None:
        super().__init__()
        self.key = key
        self.script: deque[str] = deque(script or [])
        self.payloads: list[dict[str, Any]] = []
        self.formats: list[str] = []
        self.prompts: list[list[dict[str, str]]] = []
        self.refused_formats: set[str] = set()  # "json_object", "json_schema" or "any": answered with a 400
        self.wrap = ""  # every answer wrapped so (a key of WRAPS)
        self.always = ""  # "french": every segment copied back; "identical": ``identical`` comes back as is
        self.identical = ""

    @property
    def base_url(self) -> str:
        return f"{self.url}v1"

    def next_behaviour(self) -> str:
        with self.lock:
            return self.script.popleft() if self.script else "ok"
