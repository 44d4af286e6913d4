"""`pipeline serve`: the review workspace in the browser (Starlette, Jinja2 templates, a little JS).

Security, in one place:
- binds 127.0.0.1 by default; on any other address a token (``PIPELINE_TOKEN``, else one generated
  and printed at start) is required on every request (``?token=`` once, then an HttpOnly cookie);
- every state-changing request is a POST carrying the CSRF token of its page in ``X-CSRF-Token``,
  equal to the ``pipeline_csrf`` cookie (double submit), and, when the browser sends one, an Origin
  of this server; bodies over 64 KB are refused;
- on loopback without a token, only loopback names and the bound address are accepted in Host (a page
  on another name that resolves to 127.0.0.1 — DNS rebinding — is refused); Origin is compared with
  scheme and host; a token shorter than 32 characters is refused at start;
- every response carries a CSP without inline script (frame-ancestors 'none'), nosniff, no referrer,
  a same-origin opener policy, and no-store caching;
- every JSON body is checked against its declared shape (types, sizes, no lone surrogates) and refused
  with a 400 that says what was wrong;
- releases are addressed by their id in the store, never by a path from the client; templates
  autoescape every text; scripts, styles and fonts are package data, nothing is fetched from outside;
  each download is written to a file of its own, sent whole and removed.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.glossary import load_glossary
from pipeline.glossary.glossary import find_glossary, glossary_file
from pipeline.model import STATUSES
from pipeline.review.proposals import Proposal, decide, proposals, propose
from pipeline.review.store import ReviewStore
from pipeline.web.files import make_file
from pipeline.web.workspace import (
    correct_fact,
    facts_view,
    release_state,
    release_view,
    releases_overview,
    save_segment,
)

HERE = Path(__file__).parent
MAX_BODY = 64 * 1024
MAX_TEXT = 20_000  # characters in one saved field
MIN_TOKEN = 32
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}
CSRF_COOKIE, TOKEN_COOKIE, NAME_COOKIE = "pipeline_csrf", "pipeline_token", "pipeline_reviewer"


@dataclass
class Settings:
    host: str = "127.0.0.1"
    token: str | None = None  # required on every request when set
    glossary: Path | None = None


def needs_token(host: str) -> bool:
    return host not in LOOPBACK


def create_app(settings: Settings) -> Starlette:
    # deferred: Jinja2 loads only when this runs, not at start-up
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    env.filters["urlpart"] = lambda text: quote(str(text), safe="")
    templates = Jinja2Templates(env=env)

    def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        context = {"request": request, "csrf": csrf, "reviewer": request.cookies.get(NAME_COOKIE, ""),
                   "statuses": STATUSES, **context}
        response = templates.TemplateResponse(request, name, context, status_code=status)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, samesite="strict")
        return response

    async def releases(request: Request) -> Response:
        query, sort = request.query_params.get("q", ""), request.query_params.get("sort", "release")
        rows = await _off_loop(lambda: releases_overview(_store(), query, sort))
        return render(request, "releases.html", {"rows": rows, "q": query, "sort": sort})

    async def release(request: Request) -> Response:
        filters = {k: request.query_params.get(k, "") for k in ("status", "qa", "term", "q")}
        try:
            view = await _off_loop(lambda: release_view(_store(), request.path_params["release"], _glossary(settings),
                                                        filters))
        except PipelineError as exc:
            return render(request, "error.html", {"message": str(exc)}, 404)
        return render(request, "release.html", {"view": view})

    async def save(request: Request) -> Response:
        author = request.cookies.get(NAME_COOKIE, "").strip()
        if not author:
            return _name_first()
        try:
            revision, target, new_status, comment, inserted = _save_fields(await _json(request))
            result = await _off_loop(lambda: save_segment(
                _store(), request.path_params["release"], request.path_params["segment"], revision, author,
                _glossary(settings), target, new_status, comment, four_eyes=load_config().four_eyes,
                inserted=inserted))
        except (PipelineError, ValueError) as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        status = 200 if result.ok else 409 if result.conflict else 403
        counts = await _off_loop(lambda: _store().status_counts(request.path_params["release"]))
        return JSONResponse({"ok": result.ok, "message": result.message, "conflict": result.conflict,
                             "counts": counts}, status)

    async def state(request: Request) -> Response:
        """Each segment's revision and last editor, and the counts: what the page polls for."""
        try:
            found = await _off_loop(lambda: release_state(_store(), request.path_params["release"]))
        except PipelineError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 404)
        return JSONResponse(found)

    async def segment(request: Request) -> Response:
        try:
            view = await _off_loop(lambda: release_view(_store(), request.path_params["release"], _glossary(settings),
                                                        {}))
        except PipelineError as exc:
            return Response(str(exc), 404, media_type="text/plain")
        found = next((s for s in view.segments if s.id == request.path_params["segment"]), None)
        if found is None:
            return Response("no such segment", 404)
        return render(request, "segment.html", {"view": view, "s": found})

    async def name(request: Request) -> Response:
        try:
            data = await _json(request)
        except PipelineError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        reviewer = str(data.get("name", "")).strip()[:80]
        if not reviewer:
            return JSONResponse({"ok": False, "message": "a name, please"}, 400)
        response = JSONResponse({"ok": True, "name": reviewer})
        response.set_cookie(NAME_COOKIE, reviewer, httponly=True, samesite="strict", max_age=365 * 86400)
        return response

    async def concordance(request: Request) -> Response:
        query = request.query_params.get("q", "")[:200]
        lang = request.query_params.get("lang", "both")
        lang = lang if lang in ("fr", "de", "both") else "both"
        found = await _off_loop(lambda: _store().memory.search(query, lang)) if query.strip() else []
        return render(request, "memory.html", {"q": query, "lang": lang, "found": found})

    async def facts(request: Request) -> Response:
        try:
            view = await _off_loop(lambda: facts_view(_store(), request.path_params["release"], _glossary(settings)))
        except PipelineError as exc:
            return render(request, "error.html", {"message": str(exc)}, 404)
        return render(request, "facts.html", {"view": view})

    async def correct(request: Request) -> Response:
        author = request.cookies.get(NAME_COOKIE, "").strip()
        if not author:
            return _name_first()
        try:
            data = await _json(request)
            message = await _off_loop(lambda: correct_fact(_store(), request.path_params["release"], data, author))
        except PipelineError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        return JSONResponse({"ok": True, "message": message})

    async def propose_term(request: Request) -> Response:
        author = request.cookies.get(NAME_COOKIE, "").strip()
        if not author:
            return _name_first()
        try:
            data = await _json(request)
            proposal = Proposal(*(str(data.get(key) or default)[:400] for key, default in
                                  (("fr", ""), ("de", ""), ("kind", "term"), ("note", ""))))
            number = await _off_loop(lambda: propose(_store(), request.path_params["release"],
                                                     request.path_params["segment"], proposal, author))
        except PipelineError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        return JSONResponse({"ok": True, "message": f"proposed (no. {number}); a reviewer accepts it on the "
                                                    "Glossary proposals page"})

    async def terms(request: Request) -> Response:
        rows = await _off_loop(lambda: proposals(_store()))
        return render(request, "terms.html", {"proposals": rows})

    async def decide_term(request: Request) -> Response:
        author = request.cookies.get(NAME_COOKIE, "").strip()
        if not author:
            return _name_first()
        decision = request.path_params["decision"]
        if decision not in ("accept", "reject"):
            return JSONResponse({"ok": False, "message": "accept or reject"}, 404)
        try:
            glossary = _glossary(settings)
            target = glossary_file(glossary, settings.glossary)
            message = await _off_loop(lambda: decide(_store(), int(request.path_params["number"]),
                                                     decision == "accept", author, glossary, target))
        except PipelineError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        return JSONResponse({"ok": True, "message": message})

    async def download(request: Request) -> Response:
        release_id, kind = request.path_params["release"], request.path_params["kind"]
        try:
            path, filename = await _off_loop(lambda: make_file(_store(), release_id, kind, _glossary(settings)))
        except PipelineError as exc:
            return Response(str(exc), 404, media_type="text/plain")
        return FileResponse(path, filename=filename, background=BackgroundTask(path.unlink, missing_ok=True))

    routes = [
        Route("/", releases),
        Route("/memory", concordance),
        Route("/r/{release:path}/segment/{segment}", segment),
        Route("/r/{release:path}/download/{kind}", download),
        Route("/r/{release:path}/facts", facts),
        Route("/api/r/{release:path}/facts", correct, methods=["POST"]),
        Route("/api/r/{release:path}/state", state),
        Route("/api/r/{release:path}/segment/{segment}/term", propose_term, methods=["POST"]),
        Route("/terms", terms),
        Route("/api/terms/{number:int}/{decision}", decide_term, methods=["POST"]),
        Route("/r/{release:path}", release),
        Route("/api/name", name, methods=["POST"]),
        Route("/api/r/{release:path}/segment/{segment}", save, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    return _guarded(app, settings)


async def _off_loop(work: Any) -> Any:
    """Blocking work (SQLite, spaCy, rendering) in a worker thread, so one reviewer's save does not
    stall another's page; the store is opened inside that thread (SQLite connections stay in theirs)."""
    # deferred: Starlette loads only when this runs, not at start-up
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(work)


def _store() -> Any:
    return ReviewStore()


def _name_first() -> Response:
    """Every change names its author: without a name given, nothing is done."""
    return JSONResponse({"ok": False, "message": "give your name first"}, 400)


def _glossary(settings: Settings) -> Any:
    """The glossary, read again only when its file changed (every save and page asks for it)."""
    path = settings.glossary or find_glossary()
    try:
        stat = path.stat() if path else None
    except OSError:
        stat = None
    return _glossary_as_of(settings.glossary, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=4)
def _glossary_as_of(path: Path | None, mtime_ns: int, size: int) -> Any:
    return load_glossary(path)


SAVE_FIELDS = ("revision", "target", "status", "comment", "inserted")


def _save_fields(data: dict[str, Any]) -> tuple[int, str | None, str | None, str | None, str | None]:
    """A save's body checked against its shape: {"revision": whole number, "target" / "status" /
    "comment": text or null}; anything else is refused with what was wrong."""
    unknown = sorted(set(data) - set(SAVE_FIELDS))
    if unknown:
        raise PipelineError(f"unknown field(s) {', '.join(unknown)}; a save sends {', '.join(SAVE_FIELDS)}")
    revision = data.get("revision", 0)
    if isinstance(revision, bool) or not isinstance(revision, int) or not 0 <= revision < 2**31:
        raise PipelineError("revision must be a whole number from 0 (the one the page was given)")
    return (revision, *(_field(data, key) for key in SAVE_FIELDS[1:]))  # type: ignore[return-value]


def _field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise PipelineError(f"{key} must be text or null, not {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise PipelineError(f"{key} is over {MAX_TEXT:,} characters")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise PipelineError(f"{key} holds a lone surrogate (not text); send it as UTF-8")
    return value


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (ValueError, RecursionError) as exc:
        raise PipelineError("the request body is not JSON (or nested too deep)") from exc
    if not isinstance(data, dict):
        raise PipelineError("the request body is not a JSON object")
    return data


def _guarded(app: Starlette, settings: Settings) -> Any:
    """ASGI middleware: token, CSRF and body size, before any route runs."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request = Request(scope, receive)
        send = _with_security_headers(send)
        refusal = _refusal(request, settings)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if settings.token and request.query_params.get("token"):
            response = RedirectResponse(request.url.path, 303)  # built from the path, never from Host
            response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        await app(scope, _limited(receive), send)

    return guarded


def _with_security_headers(send: Any) -> Any:
    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower()
                       not in SECURITY_HEADERS]
            headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
            message = message | {"headers": headers}
        await send(message)

    return sending


def _host_allowed(host: str, settings: Settings) -> bool:
    """Host is a loopback name or the bound address (with any port); with a token, the token guards."""
    if settings.token:
        return True
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip("[]").lower()
    return name in LOOPBACK or name == settings.host.strip("[]").lower()


def _refusal(request: Request, settings: Settings) -> Response | None:
    if not _host_allowed(request.headers.get("host", ""), settings):
        return Response("unknown host name: open the address printed by 'pipeline serve'", 421,
                        media_type="text/plain")
    if settings.token:
        given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or \
            request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given, settings.token):
            return Response("token required: open the address printed by 'pipeline serve'", 401,
                            media_type="text/plain")
    if request.method not in ("GET", "HEAD"):
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return Response("request too large", 413, media_type="text/plain")
        cookie, header = request.cookies.get(CSRF_COOKIE, ""), request.headers.get("x-csrf-token", "")
        if not cookie or not hmac.compare_digest(cookie, header):
            return Response("CSRF check failed: reload the page", 403, media_type="text/plain")
        origin = request.headers.get("origin")
        if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return Response("cross-site request refused", 403, media_type="text/plain")
    return None


def _limited(receive: Any) -> Any:
    """Stop reading a body (chunked, without Content-Length) past the limit."""
    seen = 0

    async def limited() -> dict[str, Any]:
        nonlocal seen
        message: dict[str, Any] = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY:
            raise PipelineError("request too large")
        return message

    return limited
