"""Briefing PDF: Jinja2 HTML + CSS → WeasyPrint, A4, tagged PDF/UA-1, DejaVu fonts embedded.

Jinja autoescaping is on, so a release's text is never markup. WeasyPrint's URL fetcher only reads
the package's own assets: a remote URL or a file elsewhere fetches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from markupsafe import Markup, escape

from pipeline.atomic import write_bytes
from pipeline.errors import RenderError
from pipeline.language.dates import DE_MONTHS, FR_MONTH_NAMES
from pipeline.render.briefing import LEGEND, Briefing, Piece, all_banners, banner_parts
from pipeline.render.keyfacts import fact_pair

ASSETS = Path(str(resources.files("pipeline.render").joinpath("assets"))).resolve()
PDF_VARIANT = "pdf/ua-1"


MONTHS = frozenset(month.casefold() for month in (*FR_MONTH_NAMES, *DE_MONTHS))
WORD = re.compile(r"[^\W\d_][\w’'-]*")
SOFT_HYPHEN = "\u00ad"
MIN_HYPHENATED = 7  # letters; and 3 at least on each side of the break


@cache
def _hyphenator(french: bool) -> Any:
    # deferred: pyphen (WeasyPrint's own hyphenation dictionaries) loads only when a PDF is made
    import pyphen

    return pyphen.Pyphen(lang="fr" if french else "de_DE", left=3, right=3)


def hyphenated(text: str, names: frozenset[str], french: bool) -> str:
    """``text`` with soft hyphens where a long common word may break: never in a name (in French any
    capitalised word; in German, where every noun is capitalised, the names the briefing knows), a
    month name or a word shorter than seven letters. The PDF hyphenates at these points only, so no
    inline markup is needed to keep names whole (WeasyPrint breaks lines too early around spans)."""
    def soften(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < MIN_HYPHENATED or word in names or word.casefold() in MONTHS or \
                (french and not word[:1].islower()) or "-" in word:
            return word
        return str(_hyphenator(french).inserted(word, hyphen=SOFT_HYPHEN))

    return WORD.sub(soften, text)


def _highlighted(text: str, spans: Sequence[tuple[int, int]], names: frozenset[str] = frozenset(),
                 french: bool = True) -> Markup:
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(escape(hyphenated(text[position:start], names, french)))
        out.append(Markup("<mark>") + escape(hyphenated(text[start:end], names, french)) + Markup("</mark>"))
        position = end
    out.append(escape(hyphenated(text[position:], names, french)))
    return Markup("").join(out)


def _piece(text: str, spans: Sequence[tuple[int, int]], mark: str, names: frozenset[str] = frozenset(),
           french: bool = True) -> Markup:
    if not text:
        return Markup('<span class="mark">{}</span><span class="missing">nicht übersetzt</span>').format(mark)
    body = _highlighted(text, spans, names, french)
    if not mark:
        return body
    return Markup('<span class="mark">{}</span><span class="unapproved">{}</span>').format(mark, body)


def cell(kind: str, pieces: Sequence[tuple[str, Sequence[tuple[int, int]], str]], marker: str | None = None,
         names: frozenset[str] = frozenset(), french: bool = True) -> Markup:
    if kind in ("heading", "title"):  # never hyphenated: every word counts as a name
        names = frozenset(word for text, _, _ in pieces for word in WORD.findall(text))
    inner = Markup(" ").join(_piece(text, spans, mark, names, french) for text, spans, mark in pieces)
    if kind in ("heading", "title"):
        return Markup("<h3>{}</h3>").format(inner)
    if kind == "list_item" and marker:
        return Markup('<ul class="numbered"><li><span class="number">{}</span> {}</li></ul>').format(marker, inner)
    if kind == "list_item":
        return Markup("<ul><li>{}</li></ul>").format(inner)
    return Markup("<p>{}</p>").format(inner)


def german(pieces: Sequence[Piece]) -> list[tuple[str, Sequence[tuple[int, int]], str]]:
    return [(p.text, p.spans, p.mark) for p in pieces]


@cache
def _template() -> Any:
    # deferred: Jinja2 loads only when this runs, not at start-up
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("pipeline.render", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True,
                                                   enabled_extensions=("html", "j2")),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("briefing.html.j2")


def briefing_html(briefings: Sequence[Briefing], title: str | None = None) -> str:
    first = briefings[0]
    document_title = title or f"{first.title_fr} — Briefing FR | DE"
    return str(_template().render(
        briefings=list(briefings), document_title=document_title, office=first.office,
        generated=first.generated, banners=all_banners(briefings), banner_parts=banner_parts,
        legend=LEGEND, running_release=_running_release(briefings),
        cell=cell, german=german, fact_pair=fact_pair))


def _running_release(briefings: Sequence[Briefing]) -> str:
    """The footer's left side: the release's file name, or for a digest how many it holds (one line,
    so "page 1 / 12" on the right is never pushed onto two)."""
    if len(briefings) > 1:
        return f"Digest · {len(briefings)} communiqués"
    name = briefings[0].release
    return name if len(name) <= 60 else name[:57] + "…"


def asset_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves the package's assets and nothing else."""
    # deferred: WeasyPrint loads only when this runs, not at start-up
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnly(URLFetcher):  # type: ignore[misc]
        blocked: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _asset_path(url)
            if path is None:
                self.blocked.append(url)
                raise ValueError(f"blocked: {url} is not one of the briefing's own assets")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)}, 200)

    return AssetsOnly()


def _asset_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parsed.path)).resolve()
    return path if path.is_relative_to(ASSETS) and path.is_file() else None


MIME_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def _mime(path: Path) -> str:
    return MIME_TYPES.get(path.suffix, "application/octet-stream")


def html_to_pdf(html: str, fetcher: Any = None) -> bytes:
    # deferred: WeasyPrint loads only when this runs, not at start-up
    from weasyprint import HTML

    document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher or asset_fetcher())
    data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return data


def render_pdf(briefing: Briefing | Sequence[Briefing], out: Path, title: str | None = None) -> None:
    briefings = [briefing] if isinstance(briefing, Briefing) else list(briefing)
    try:
        data = html_to_pdf(briefing_html(briefings, title))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{out}: the PDF could not be rendered ({exc})") from exc
    write_bytes(out, data)
