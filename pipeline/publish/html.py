"""The German web page written into the original HTML: each block's text replaced by its segments'
German with the inline markup of the French words it translates (a link, bold, a superscript);
elements, attributes, classes and styles untouched; ``lang="de"``; the ``<title>``, the meta
description and ``alt``/``title`` attributes translated where they hold a segment's text. Scripts and
event-handler attributes are never written out (a published page runs nothing from the original).
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

from pipeline.language.tags import Tag
from pipeline.publish.inline import Piece, assign, locate, rewrite, segment_tags
from pipeline.publish.targets import Report, Target

INLINE = frozenset("""a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark q s samp small span
    strike strong sub sup time tt u var""".split())
EMPTY_INLINE = frozenset("br img wbr".split())
SKIPPED = frozenset("script style template noscript svg math iframe object".split())
TRANSLATED_ATTRIBUTES = ("alt", "title", "aria-label")
META_TEXTS = ("description", "og:title", "og:description", "twitter:title", "twitter:description")
DRAFT_STYLE = ("body::before{content:'ENTWURF';position:fixed;top:40%;left:10%;font-size:120px;"
               "color:rgba(160,160,160,.35);transform:rotate(-30deg);z-index:1000;pointer-events:none}"
               "mark.pipeline-draft{background:#fff3a0}")


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def pieces_of(block: Any) -> list[Piece]:
    """A block element as pieces: text with its inline elements, nested blocks and images fixed."""
    pieces: list[Piece] = []
    if block.text:
        pieces.append(Piece(block.text, (), ()))
    _children(block, (), pieces)
    return pieces


def _children(element: Any, chain: tuple[Any, ...], pieces: list[Piece]) -> None:
    for child in element:
        tag = _tag(child)
        if tag in INLINE:
            inner = chain + (child,)
            if child.text:
                pieces.append(Piece(child.text, inner, format_key(inner), link=_linked(inner), kind=_kind(inner)))
            _children(child, inner, pieces)
        else:
            pieces.append(Piece(" " if tag == "br" else "", chain, format_key(chain), fixed=child, link=_linked(chain),
                                kind=_kind(chain)))
        if child.tail:
            pieces.append(Piece(child.tail, chain, format_key(chain), link=_linked(chain), kind=_kind(chain)))


KIND_OF_TAG = {"a": "a", "b": "b", "strong": "b", "i": "i", "em": "i", "cite": "i", "u": "u", "ins": "u",
               "sup": "s", "sub": "s"}


def _kind(chain: tuple[Any, ...]) -> str:
    """The tag letter of the innermost element that says what it is (language/tags.py)."""
    kinds = [KIND_OF_TAG[_tag(e)] for e in chain if _tag(e) in KIND_OF_TAG]
    return "a" if "a" in kinds else (kinds[-1] if kinds else "f")


def _linked(chain: tuple[Any, ...]) -> bool:
    return any(_tag(element) == "a" for element in chain)


def format_key(chain: tuple[Any, ...]) -> Hashable:
    return tuple((_tag(e), tuple(sorted(e.attrib.items()))) for e in chain)


def text_blocks(root: Any) -> list[Any]:
    """Elements that hold text of their own (directly or through inline elements), in reading order."""
    found = []
    for element in root.iter():
        tag = _tag(element)
        if not tag or tag in INLINE or tag in EMPTY_INLINE or tag in SKIPPED or _inside_skipped(element):
            continue
        if "".join(p.text for p in pieces_of(element)).strip():
            found.append(element)
    return found


def _inside_skipped(element: Any) -> bool:
    return any(_tag(a) in SKIPPED for a in element.iterancestors())


def rebuild(block: Any, pieces: list[Piece], marked: frozenset[str] = frozenset()) -> None:
    """Write ``pieces`` as the block's content; inline elements are re-created around their text
    (attributes kept), fixed elements moved in; a draft's unreviewed German is wrapped in ``<mark>``."""
    for child in list(block):
        block.remove(child)
    block.text = None
    open_: list[tuple[Any, Any]] = []
    for piece in pieces:
        chain = piece.chain + ((_MARK,) if piece.segment in marked and piece.fixed is None else ())
        depth = 0
        while depth < min(len(open_), len(chain)) and open_[depth][0] is chain[depth]:
            depth += 1
        del open_[depth:]
        parent = open_[-1][1] if open_ else block
        for original in chain[depth:]:
            shell = _draft_mark(block) if original is _MARK else block.makeelement(original.tag, dict(original.attrib))
            parent.append(shell)
            open_.append((original, shell))
            parent = shell
        if piece.fixed is not None:
            piece.fixed.tail = None
            parent.append(piece.fixed)
        elif piece.text:
            _append_text(parent, piece.text)


_MARK = object()


def _draft_mark(block: Any) -> Any:
    return block.makeelement("mark", {"class": "pipeline-draft", "title": "nicht freigegeben / not approved"})


def _append_text(element: Any, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def translated(text: str, targets: list[Target]) -> str | None:
    """``text`` (an attribute, a page title) with every segment it holds in German; None when it holds
    none."""
    result, changed = text, False
    for target in sorted(targets, key=lambda t: -len(t.french)):
        span = locate(result, target.french)
        while span is not None:
            result = result[:span[0]] + target.german + result[span[1]:]
            changed = True
            span = locate(result, target.french, span[0] + len(target.german))
    return result if changed else None


def _page(source: Path) -> Any:
    # deferred: lxml loads only when publishing or reading tags
    from lxml import html

    from pipeline.readers.decode import decode_text
    from pipeline.readers.files import read_text_bytes

    return html.document_fromstring(decode_text(read_text_bytes(source), source),
                                    parser=html.HTMLParser(no_network=True, huge_tree=True))


def read_tags(source: Path, segments: list[tuple[str, str]]) -> dict[str, list[Tag]]:
    """The French inline tags of each ``(id, text)`` segment of a web page."""
    tree = _page(source)
    body = tree.find("body")
    blocks = text_blocks(body if body is not None else tree)
    spans, _ = assign(["".join(p.text for p in pieces_of(b)) for b in blocks], [(i, t, t) for i, t in segments])
    found: dict[str, list[Tag]] = {}
    for index, block_spans in spans.items():
        found.update(segment_tags(pieces_of(blocks[index]), block_spans))
    return found


def write_html(source: Path, out: Path, targets: list[Target], title: str, find_term: Any = None,
               draft: bool = False) -> Report:
    """The German page at ``out`` (a temporary path the caller renames into place)."""
    # deferred: lxml loads only when publishing
    from lxml import html

    tree = _page(source)
    _remove_scripts(tree)
    report = Report(title=title)
    body = tree.find("body")
    blocks = text_blocks(body if body is not None else tree)
    texts = ["".join(p.text for p in pieces_of(b)) for b in blocks]
    spans, report.missing = assign(texts, [(t.id, t.french, t.german) for t in targets])
    marked = frozenset(t.id for t in targets if t.draft) if draft else frozenset()
    for index, block_spans in spans.items():
        pieces, placements = rewrite(pieces_of(blocks[index]), block_spans, find_term, _placed(targets))
        rebuild(blocks[index], pieces, marked)
        report.placements += placements
    report.left_french = [" ".join(t.split()) for i, t in enumerate(texts) if i not in spans and _has_words(t)]
    _head_and_attributes(tree, targets, report.title)
    if draft:
        _draft_banner(tree)
    out.write_text(html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>", method="html"), encoding="utf-8")
    return report


def _placed(targets: list[Target]) -> dict[str, tuple[Tag, ...]]:
    return {t.id: t.tags for t in targets if t.tags is not None}


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _remove_scripts(tree: Any) -> None:
    for script in list(tree.iter("script")):
        script.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str):
            for name in [n for n in element.attrib if n.lower().startswith("on")]:
                del element.attrib[name]
            for name in ("href", "src", "action"):
                if element.get(name, "").strip().lower().startswith("javascript:"):
                    element.set(name, "#")


def _head_and_attributes(tree: Any, targets: list[Target], title: str) -> None:
    """lang="de", UTF-8, the page title, meta texts and alt/title attributes in German."""
    tree.set("lang", "de")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("lang", "").lower().startswith("fr"):
            element.set("lang", "de")
        for name in TRANSLATED_ATTRIBUTES:
            german = translated(element.get(name, ""), targets) if element.get(name) else None
            if german is not None:
                element.set(name, german)
    head = tree.find("head")
    if head is None:
        head = tree.makeelement("head", {})
        tree.insert(0, head)
    _utf8(head)
    for meta in head.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").lower() in META_TEXTS and meta.get("content"):
            german = translated(meta.get("content"), targets)
            if german is not None:
                meta.set("content", german)
    page_title = head.find("title")
    if page_title is not None and page_title.text:
        page_title.text = translated(page_title.text, targets) or title or page_title.text
    elif title:
        element = head.makeelement("title", {})
        element.text = title
        head.append(element)


def _utf8(head: Any) -> None:
    for meta in list(head.iter("meta")):
        if meta.get("charset") or (meta.get("http-equiv") or "").lower() == "content-type":
            meta.drop_tree()
    head.insert(0, head.makeelement("meta", {"charset": "utf-8"}))


def _draft_banner(tree: Any) -> None:
    head = tree.find("head")
    style = head.makeelement("style", {})
    style.text = DRAFT_STYLE
    head.append(style)
