"""Saved web pages: main content only (h1–h3, paragraphs, list items) and the canonical URL.

Parsed with lxml's HTML parser, which never fetches anything (no network, no entities from outside).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.language.dates import parse_french_date
from pipeline.language.segment import normalise_whitespace
from pipeline.model import BlockKind
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.decode import decode_text
from pipeline.readers.files import read_text_bytes
from pipeline.readers.layout import GLUED_DATE, set_aside

NOISE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button", "object")
SHOWN_NOISE = ("form", "button")  # noise whose words a reader of the page sees
FURNITURE_TAGS = ("nav", "header", "footer", "aside", "figcaption")
FURNITURE_HINT = re.compile(
    r"cookie|consent|banner|breadcrumb|share|social|newsletter|menu|navbar|footer|header|sidebar|"
    r"skip|related|tarteaucitron|didomi|modal|popup|credit|rubrique|surtitre|kicker", re.IGNORECASE)
MAIN_XPATHS = ("//main", "//*[@role='main']", "//article", "//*[@id='content' or @id='main-content']")
CONTENT_TAGS: dict[str, BlockKind] = {
    "h1": "title", "h2": "heading", "h3": "heading", "h4": "heading", "p": "paragraph", "li": "list_item",
}
# Elements that end a run of loose text (text written straight into a <div>, not in a <p>).
BLOCK_TAGS = frozenset("""address article aside blockquote body dd div dl dt fieldset figcaption figure footer
    form h5 h6 header hr main nav ol pre section table tbody td tfoot th thead tr ul""".split())


MAX_DEPTH = 400  # real pages stay under 60; deeper nests would be cut by the parser or blow the stack


def _refuse_deep_nesting(tree: Any, parser: Any, path: Path) -> None:
    """Never lose the text after a deep nest silently: refuse a page nested past MAX_DEPTH."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    cut = any("depth" in str(error.message).lower() for error in parser.error_log)
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if cut or deepest > MAX_DEPTH:
        raise InputError(f"{path}: HTML nested {deepest} levels deep (more than {MAX_DEPTH}); its text cannot be "
                         "read safely: save the page again from a browser, or copy its text into a .txt file")


class HtmlReader:
    format = "html"

    def read(self, path: Path) -> RawDocument:
        # deferred: lxml loads only when this runs, not at start-up
        from lxml import etree, html

        text = decode_text(read_text_bytes(path), path)
        parser = html.HTMLParser(huge_tree=True, no_network=True)
        try:
            tree = html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{path}: not a readable HTML page ({exc}); save the page again") from exc
        _refuse_deep_nesting(tree, parser, path)
        raw = RawDocument(url=_canonical(tree))
        _remove_noise(tree, raw)
        headline = _first_h1(tree)
        _drop_furniture(tree, raw)
        root = _main_content(tree)
        _set_aside_outside(root, raw)
        loose: list[str] = []
        self._walk(root, raw, loose)
        _flush(loose, raw)
        if headline and not any(b.kind == "title" for b in raw.blocks):
            raw.blocks.insert(0, RawBlock("title", _strip_glued_date(headline, "h1", raw)))
        return raw

    def _walk(self, element: Any, raw: RawDocument, loose: list[str]) -> None:
        """Document order: content elements are taken whole; text written straight into a <div>
        (some CMSs do) is gathered into paragraphs, so no paragraph is lost."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in CONTENT_TAGS:
            _flush(loose, raw)
            self._take(element, raw)
            return
        if tag == "time":
            _take_time(element, raw)
        if tag in BLOCK_TAGS:
            _flush(loose, raw)
        if element.text and tag:
            loose.append(element.text)
        for child in element:
            self._walk(child, raw, loose)
            if child.tail:
                loose.append(child.tail)
        if tag in BLOCK_TAGS:
            _flush(loose, raw)

    def _take(self, element: Any, raw: RawDocument) -> None:
        tag = element.tag
        if tag == "li" and element.find(".//li") is not None:
            _take_nested_item(element, raw)
            return
        text = _without_meta_lines(element.text_content(), raw)
        if not text:
            return
        if not set_aside(raw, text):
            kind = _kind(tag, raw)
            raw.blocks.append(RawBlock(kind, _strip_glued_date(text, tag, raw), _ol_number(element),
                                       styled=kind != "paragraph"))


def _without_meta_lines(text: str, raw: RawDocument) -> str:
    """An element's text with the lines (``<br>``) that are metadata or furniture set aside: "Bercy<br>
    Lundi 13 décembre 2021" under a heading; the other lines joined as one block."""
    lines = [normalise_whitespace(line) for line in text.split("\n")]
    if len([line for line in lines if line]) > 1:
        lines = [line for line in lines if line and not set_aside(raw, line)]
    return normalise_whitespace(" ".join(lines))


def _flush(loose: list[str], raw: RawDocument) -> None:
    text = _without_meta_lines(" ".join(loose).replace(" \n", "\n"), raw)
    loose.clear()
    if text and not set_aside(raw, text):
        raw.blocks.append(RawBlock("paragraph", text))


def _take_nested_item(element: Any, raw: RawDocument) -> None:
    """An item holding a sub-list: its own words are one item; the sub-items follow on their own."""
    own = normalise_whitespace(" ".join(element.xpath("text()")))
    if own:
        raw.blocks.append(RawBlock("list_item", own))
    for child in element.iter("li"):
        if child is not element and child.find(".//li") is None:
            text = normalise_whitespace(child.text_content())
            if text:
                raw.blocks.append(RawBlock("list_item", text))


def _ol_number(element: Any) -> str | None:
    """"3." for the third item of an ordered list (counting from its ``start``), None otherwise."""
    parent = element.getparent()
    if element.tag != "li" or parent is None or parent.tag != "ol":
        return None
    start = parent.get("start", "1")
    first = int(start) if start.strip().lstrip("-").isdigit() else 1
    items = [child for child in parent if child.tag == "li"]
    return f"{first + items.index(element)}."


def _first_h1(tree: Any) -> str | None:
    for element in tree.iter("h1"):
        text = normalise_whitespace(element.text_content())
        if text:
            return text
    return None


def _kind(tag: str, raw: RawDocument) -> BlockKind:
    kind: BlockKind = CONTENT_TAGS[tag]
    if kind == "title" and any(b.kind == "title" for b in raw.blocks):
        return "heading"
    return kind


def _strip_glued_date(text: str, tag: str, raw: RawDocument) -> str:
    glued = GLUED_DATE.search(text)
    if tag != "h1" or not glued:
        return text
    day = parse_french_date(glued.group(1))
    if day:
        raw.published = raw.published or day.isoformat()
        raw.drop(glued.group(1), "publication date (read into the metadata)")
        return text[: glued.start()].rstrip()
    return text


def _take_time(element: Any, raw: RawDocument) -> None:
    stamp = element.get("datetime") or ""
    if re.match(r"\d{4}-\d{2}-\d{2}", stamp) and raw.published is None:
        raw.published = stamp[:10]


def _canonical(tree: Any) -> str | None:
    links = tree.xpath("//link[@rel='canonical']/@href")
    if links:
        return str(links[0]).strip() or None
    og = tree.xpath("//meta[@property='og:url']/@content")
    return str(og[0]).strip() if og else None


def _remove_noise(tree: Any, raw: RawDocument) -> None:
    """Scripts and styles are code, not text; the words of forms and buttons (a cookie banner's
    "Tout accepter") are page furniture, set aside with their reason."""
    for element in list(tree.iter(*NOISE_TAGS)):
        if element.getparent() is None:
            continue
        words = normalise_whitespace(element.text_content()) if element.tag in SHOWN_NOISE else ""
        if words:
            raw.drop(words, "a form or button of the page")
        element.drop_tree()
    for br in tree.iter("br"):  # "ligne<br>suite" is two lines, not "lignesuite"
        br.tail = "\n" + (br.tail or "")


def _main_content(tree: Any) -> Any:
    for xpath in MAIN_XPATHS:
        found = tree.xpath(xpath)
        if found:
            return found[0]
    body = tree.find(".//body")
    return body if body is not None else tree


def _set_aside_outside(root: Any, raw: RawDocument) -> None:
    """Text of the page outside its main content (``main``, ``article``) goes to ``dropped`` rather than
    vanishing."""
    parent = root.getparent()
    if parent is None:
        return
    body = root.getroottree().getroot()
    index, tail = parent.index(root), root.tail
    parent.remove(root)
    try:
        outside = normalise_whitespace(body.text_content() if body.find("body") is None
                                       else body.find("body").text_content())
    finally:
        root.tail = tail
        parent.insert(index, root)
    if outside:
        raw.drop(outside, "outside the page's main content")


def _drop_furniture(root: Any, raw: RawDocument) -> None:
    """Remove nav/header/footer/aside and cookie or sharing boxes; keep their text in ``dropped``."""
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        hints = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in FURNITURE_TAGS or (element.tag != "body" and FURNITURE_HINT.search(hints)):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is None or any(a in doomed for a in element.iterancestors()):
            continue
        text = normalise_whitespace(element.text_content())
        if text:
            raw.drop(text, "page furniture (navigation, header, footer, cookie or sharing box)")
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
