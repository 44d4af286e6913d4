"""The German Word file written into the original package: every paragraph that holds segments gets
their German, with the formatting of the French runs it translates; everything else of the package
(styles, numbering, images, tables, sections, page setup, headers and footers) is the original's.

Language tags become de-DE (runs, styles, document defaults, the theme's language) and the document
properties carry the German title and language. A draft has its unreviewed German highlighted and
"ENTWURF" across every page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.language.align import locate, overlaps
from pipeline.language.tags import Tag
from pipeline.publish.inline import Piece, assign, rewrite, segment_tags
from pipeline.publish.targets import Report, Target
from pipeline.readers.docx import page_parts
from pipeline.word.package import W, in_fallback, part_element, save_part, w

GERMAN = "de-DE"
CONTAINERS = {w(tag) for tag in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo",
                                 "sdtContent")}
TRANSPARENT = {w(tag) for tag in ("ins", "moveTo", "sdt", "sdtContent", "smartTag", "customXml")}  # not formatting
LINKS = {w("hyperlink"), w("fldSimple")}
PROPERTIES = {w(tag) for tag in ("pPr", "rPr", "sdtPr", "sdtEndPr")}
SPACES = {w("tab"): " ", w("br"): " ", w("cr"): " ", w("noBreakHyphen"): "-"}
UNFORMATTING = {w(tag) for tag in ("lang", "noProof", "rsid")}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
WATERMARK = "ENTWURF"
VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"


def pieces_of(paragraph: Any) -> list[Piece]:
    """A ``w:p`` as pieces: run texts with their containers, everything else fixed in its place."""
    pieces: list[Piece] = []
    _walk(paragraph, (), pieces)
    return pieces


def _walk(element: Any, chain: tuple[Any, ...], pieces: list[Piece]) -> None:
    for child in element:
        if child.tag in PROPERTIES or not isinstance(child.tag, str):
            if not isinstance(child.tag, str):
                pieces.append(Piece("", chain, None, fixed=child))  # a comment or processing instruction
            continue
        if child.tag == w("r"):
            _run(child, chain + (child,), pieces)
        elif child.tag in CONTAINERS or child.tag == w("sdt"):
            _walk(child, chain + (child,), pieces)
        else:  # deleted text, bookmarks, comment anchors, proofing marks, maths: kept where they are
            pieces.append(Piece("", chain, None, fixed=child))


def _run(run: Any, chain: tuple[Any, ...], pieces: list[Piece]) -> None:
    key = format_key(chain)
    link = any(element.tag in LINKS for element in chain)
    kind = "a" if link else _kind(run.find(w("rPr")))
    for child in run:
        if child.tag == w("rPr"):
            continue
        if child.tag == w("t"):
            pieces.append(Piece(child.text or "", chain, key, link=link, kind=kind))
        else:
            pieces.append(Piece(SPACES.get(child.tag, ""), chain, key, fixed=child, link=link, kind=kind))


def _kind(rpr: Any) -> str:
    """The tag letter of a run's formatting (language/tags.py); a character style counts as formatting."""
    if rpr is None:
        return "f"
    for tag, letter in (("b", "b"), ("i", "i"), ("u", "u"), ("vertAlign", "s")):
        element = rpr.find(w(tag))
        if element is not None and element.get(w("val"), "true") not in ("0", "false", "none", "baseline"):
            return letter
    return "f"


def format_key(chain: tuple[Any, ...]) -> Hashable:
    """What a run looks like: its properties (not its language or revision ids) and its link."""
    parts: list[Any] = []
    for element in chain:
        if element.tag in TRANSPARENT:
            continue
        if element.tag == w("r"):
            parts.append(_properties(element.find(w("rPr"))))
        else:
            parts.append((element.tag, tuple(sorted((k, v) for k, v in element.attrib.items()
                                                    if not k.endswith("}id") or element.tag != w("ins")))))
    return tuple(parts)


def _properties(rpr: Any) -> str:
    if rpr is None:
        return ""
    clean = copy.deepcopy(rpr)
    for child in list(clean):
        if child.tag in UNFORMATTING:
            clean.remove(child)
    for name in [n for n in clean.attrib if "rsid" in n]:
        del clean.attrib[name]
    return etree.tostring(clean, encoding="unicode")


def rebuild(paragraph: Any, pieces: list[Piece], mark: Callable[[Any], None] | None = None,
            marked: frozenset[str] = frozenset()) -> None:
    """Write ``pieces`` as the paragraph's content (its properties kept): consecutive pieces in the same
    containers share them; fixed pieces are moved in, not copied. Runs of segments in ``marked`` pass
    through ``mark`` (a draft's highlight)."""
    for child in list(paragraph):
        if child.tag != w("pPr"):
            paragraph.remove(child)
    open_: list[tuple[Any, Any, str | None]] = []  # (original container, its copy, segment)
    for piece in pieces:
        depth = 0
        while depth < min(len(open_), len(piece.chain)) and open_[depth][0] is piece.chain[depth] \
                and (piece.chain[depth].tag != w("r") or open_[depth][2] == piece.segment):
            depth += 1
        del open_[depth:]
        parent = open_[-1][1] if open_ else paragraph
        for original in piece.chain[depth:]:
            shell = _shell(original)
            if original.tag == w("r") and piece.segment in marked and mark is not None:
                mark(shell)
            parent.append(shell)
            open_.append((original, shell, piece.segment))
            parent = shell
        if piece.fixed is not None:
            parent.append(piece.fixed)
        elif piece.text:
            _append_text(parent, piece.text)


def _shell(element: Any) -> Any:
    """A copy of a container with its properties and attributes, without its content."""
    shell = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=element.nsmap)
    for child in element:
        if child.tag in PROPERTIES:
            shell.append(copy.deepcopy(child))
    return shell


def _append_text(run: Any, text: str) -> None:
    last = run[-1] if len(run) else None
    if last is not None and last.tag == w("t"):
        last.text = (last.text or "") + text
    else:
        last = etree.SubElement(run, w("t"))
        last.text = text
    if last.text != last.text.strip():
        last.set(XML_SPACE, "preserve")


def highlight(run: Any) -> None:
    """Yellow highlight on a run (a draft's unreviewed German)."""
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        run.insert(0, rpr)
    for old in rpr.findall(w("highlight")):
        rpr.remove(old)
    etree.SubElement(rpr, w("highlight")).set(w("val"), "yellow")


def body_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body in reading order: tables' cells and text boxes included (a text box's
    VML fallback copy aside: see ``fallback_paragraphs``)."""
    return [p for p in document.element.body.iter(w("p")) if not in_fallback(p)]


def fallback_paragraphs(document: Any) -> list[Any]:
    """The paragraphs of text boxes' VML fallback copies (what an older Word shows)."""
    return [p for p in document.element.body.iter(w("p")) if in_fallback(p)]


def other_paragraphs(document: Any) -> Iterator[Any]:
    """Paragraphs of headers, footers, footnotes and endnotes, in the reader's order (its page blocks)."""
    for _, _, part in page_parts(document):
        yield from part_element(part).iter(w("p"))


def write_docx(source: Path, out: Path, targets: list[Target], title: str, find_term: Any = None,
               draft: bool = False) -> Report:
    """The German Word file at ``out`` (a temporary path the caller renames into place)."""
    # deferred: python-docx loads only when publishing
    import docx

    document = docx.Document(str(source))
    report = Report(title=title)
    marked = frozenset(t.id for t in targets if t.draft) if draft else frozenset()
    _write_paragraphs(body_paragraphs(document), [t for t in targets if t.part is None], report, find_term, marked)
    _write_page_paragraphs(list(other_paragraphs(document)), [t for t in targets if t.part is not None], report,
                           find_term, marked)
    _write_page_paragraphs(fallback_paragraphs(document), [t for t in targets if t.part is None], Report(),
                           find_term, marked)  # the same German in a text box's fallback copy
    for _, _, part in page_parts(document):
        save_part(part)
    set_german(document, title)
    if draft:
        add_watermark(document)
    document.save(str(out))
    return report


def _write_paragraphs(paragraphs: list[Any], targets: list[Target], report: Report, find_term: Any,
                      marked: frozenset[str]) -> None:
    """Each target put into the paragraph that holds its French (in order); what no target covers is
    reported as kept in French."""
    texts = [accepted_text_of(p) for p in paragraphs]
    spans, missing = assign(texts, [(t.id, t.french, t.german) for t in targets])
    report.missing += missing
    for index, paragraph_spans in spans.items():
        pieces, placements = rewrite(pieces_of(paragraphs[index]), paragraph_spans, find_term, _placed(targets))
        rebuild(paragraphs[index], pieces, highlight, marked)
        report.placements += placements
    report.left_french += [" ".join(t.split()) for i, t in enumerate(texts) if i not in spans and _has_words(t)]


def _write_page_paragraphs(paragraphs: list[Any], targets: list[Target], report: Report, find_term: Any,
                           marked: frozenset[str]) -> None:
    """Headers, footers and notes: a text Word repeats (the same header in every section) was read
    once, so each target goes into every paragraph that holds its French."""
    placed: set[str] = set()
    for paragraph in paragraphs:
        text = accepted_text_of(paragraph)
        spans: list[tuple[int, int, str, str]] = []
        for target in targets:
            span = locate(text, target.french)
            if span is not None and not overlaps(span, spans):
                spans.append((span[0], span[1], target.id, target.german))
        if spans:
            pieces, placements = rewrite(pieces_of(paragraph), sorted(spans), find_term, _placed(targets))
            rebuild(paragraph, pieces, highlight, marked)
            report.placements += [p for p in placements if p.segment not in placed]
            placed |= {p.segment for p in placements}
        elif _has_words(text):
            report.left_french.append(" ".join(text.split()))
    report.missing += [t.id for t in targets if t.id not in placed]


def read_tags(source: Path, segments: list[tuple[str, str]]) -> dict[str, list[Tag]]:
    """The French inline tags of each ``(id, text)`` segment of a Word release."""
    # deferred: python-docx loads only when tags are read
    import docx

    paragraphs = body_paragraphs(docx.Document(str(source)))
    spans, _ = assign([accepted_text_of(p) for p in paragraphs], [(i, t, t) for i, t in segments])
    found: dict[str, list[Tag]] = {}
    for index, paragraph_spans in spans.items():
        found.update(segment_tags(pieces_of(paragraphs[index]), paragraph_spans))
    return found


def accepted_text_of(paragraph: Any) -> str:
    """The paragraph's own text as the pieces give it (a text box inside it is its own paragraph)."""
    return "".join(piece.text for piece in pieces_of(paragraph))


def _placed(targets: list[Target]) -> dict[str, tuple[Tag, ...]]:
    return {t.id: t.tags for t in targets if t.tags is not None}


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in text)


def set_german(document: Any, title: str) -> None:
    """de-DE on every language tag (runs, styles, defaults), the theme's language and the properties."""
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            continue
        for lang in element.iter(w("lang")):
            lang.set(w("val"), GERMAN)
        for theme_lang in element.iter(w("themeFontLang")):
            theme_lang.set(w("val"), GERMAN)
    _default_language(document)
    _set_core_properties(document, title)


CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"


def _set_core_properties(document: Any, title: str) -> None:
    """The German title and language in the document's properties. LibreOffice names the properties'
    relationship in lower case ("officedocument"), which python-docx does not find: it would add a
    second docProps/core.xml to the package, so such a part is edited as it is."""
    package = document.part.package
    related = [r.target_part for r in package.rels.values()
               if not r.is_external and r.reltype.lower().endswith("/metadata/core-properties")]
    if not related or hasattr(related[0], "core_properties"):
        properties = related[0].core_properties if related else document.core_properties
        properties.title = title
        properties.language = GERMAN
        return
    element = part_element(related[0])
    for name, value in (("title", title), ("language", GERMAN)):
        field = element.find(f"{{{DC}}}{name}")
        if field is None:
            field = etree.SubElement(element, f"{{{DC}}}{name}")
        field.text = value
    save_part(related[0])


def _default_language(document: Any) -> None:
    styles = document.styles.element
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.SubElement(styles, w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    if rpr.find(w("lang")) is None:
        etree.SubElement(rpr, w("lang")).set(w("val"), GERMAN)


def add_watermark(document: Any) -> None:
    """"ENTWURF" in grey across every page: a text shape in each section's header, as Word's own
    watermarks are made."""
    for section in document.sections:
        header = section.header
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph._p.append(etree.fromstring(_WATERMARK_RUN))


_WATERMARK_RUN = (
    f'<w:r xmlns:w="{W}" xmlns:v="{VML}" xmlns:o="{OFFICE}"><w:pict>'
    '<v:shape id="PipelineDraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:468pt;height:117pt;rotation:315;'
    'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#c0c0c0" stroked="f">'
    '<v:fill opacity=".5"/>'
    f'<v:textpath on="t" fitshape="t" style="font-family:&quot;Liberation Sans&quot;;font-size:1pt" '
    f'string="{WATERMARK}"/>'
    '</v:shape></w:pict></w:r>')
