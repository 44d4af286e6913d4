"""TMX in and out for the translation memory, keeping what other tools say.

Reading (TMX 1.1–1.4b, OmegaT, Trados, memoQ and others):

- inline codes (``<ph>``, ``<bpt>``/``<ept>``, ``<it>``, ``<ut>``) become numbered placeholders in the
  stored text — "Contact presse : {1}." — and their markup is kept, so an export restores them; a
  ``<bpt i="1">`` and its ``<ept i="1">``, or a ``<ph x="2">``, carry the same number in both languages;
  ``<hi>`` keeps its text;
- a unit a tool marks as unreviewed (Trados ``x-ConfirmationLevel`` Draft, Unspecified or Rejected…; any
  status property saying draft, unreviewed, unconfirmed or rejected, as memoQ and others write) is a
  draft: offered as a fuzzy match, never used as a 100 % one;
- ``tuid``, ``creationid``, ``creationdate``, ``changeid`` and ``changedate`` are kept and exported;
- a multilingual TMX gives its French–German units, and says how many others it skipped; a damaged
  unit (French and German present, one of them empty) refuses the whole file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pipeline.errors import ImportRefused
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import Tag, marks
from pipeline.xmlsafety import refuse_entities

TMX_VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4b")
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KEPT_ATTRIBUTES = ("tuid", "creationid", "creationdate", "changeid", "changedate")
PLACEHOLDER = re.compile(r"\{(\d+)\}")
LITERAL_BRACE = re.compile(r"\{ (\d+)\}")  # a "{1}" the text itself had, told apart from a placeholder
DRAFT_WORDS = re.compile(r"draft|unreviewed|not.?reviewed|unconfirmed|unspecified|rejected|pending|unapproved",
                         re.IGNORECASE)
STATUS_PROPERTY = re.compile(r"confirmationlevel|status|state|reviewed|approved", re.IGNORECASE)
OTHER_KINDS = {b"<xliff": "an XLIFF file; bring a reviewed XLIFF back with 'pipeline review import'",
               b"<martif": "a TBX glossary; use 'pipeline glossary import'",
               b"<tbx": "a TBX glossary; use 'pipeline glossary import'",
               b"<html": "an HTML page", b"PK\x03\x04": "a zip package (a Word file?)"}


@dataclass
class TmxUnit:
    """One French–German unit: texts with placeholders, the codes behind them, what the tool said."""

    source: str
    target: str
    draft: bool = False
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # language → number → markup
    props: dict[str, str] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)  # the unit's <prop>s: OmegaT's "prev", "next", "file"

    def codes_json(self) -> str:
        return json.dumps(self.codes, ensure_ascii=False, sort_keys=True)

    def props_json(self) -> str:
        return json.dumps(self.props, ensure_ascii=False, sort_keys=True)


@dataclass
class TmxFile:
    units: list[TmxUnit]
    skipped: int = 0  # units without French or German (a multilingual TMX)


def without_placeholders(text: str) -> str:
    """The words of a stored text: placeholders out, spaces folded ("Die {1}Region{2}" → "Die Region")."""
    return normalise_whitespace(PLACEHOLDER.sub("", text))


TMX_TYPES = {"b": "bold", "i": "italic", "u": "ulined", "a": "link", "s": "x-raised", "f": "x-formatting"}
KIND_OF_TYPE = {value: kind for kind, value in TMX_TYPES.items()}
PAIRED_CODE = re.compile(r"<(bpt|ept)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def with_tag_codes(text: str, tags: list[Tag], lang: str = "") -> tuple[str, dict[str, str]]:
    """A segment's inline tags as TMX paired codes: the text with ``{n}`` where each opens and closes,
    and each code's ``<bpt>``/``<ept>`` markup by number (what an export writes, OmegaT and Trados read)."""
    codes: dict[str, str] = {}
    pieces, position = [], 0
    for mark in marks(tags):
        number = 2 * mark.tag.id - (1 if mark.opening else 0)
        pieces += [PLACEHOLDER.sub(r"{ \1}", text[position:mark.offset]), f"{{{number}}}"]
        position = mark.offset
        native = escape(mark.text)
        codes[str(number)] = (f'<bpt i="{mark.tag.id}" type="{TMX_TYPES[mark.tag.kind]}">{native}</bpt>'
                              if mark.opening else f'<ept i="{mark.tag.id}">{native}</ept>')
    pieces.append(PLACEHOLDER.sub(r"{ \1}", text[position:]))
    return "".join(pieces), codes


def tags_from_codes(text: str, codes: dict[str, str]) -> list[Tag]:
    """The paired inline codes of a stored text (``{n}`` placeholders, their markup) as tags over the
    text without placeholders, each tag's id its pair's ``i`` (the same in both languages of a unit);
    codes that do not pair (a lone ``<ph>``) are no tags."""
    opened: dict[str, tuple[int, str]] = {}
    spans: list[tuple[int, int, str, int]] = []
    plain_length, position = 0, 0
    for match in PLACEHOLDER.finditer(text):
        plain_length += len(LITERAL_BRACE.sub(r"{\1}", text[position:match.start()]))
        position = match.end()
        code = PAIRED_CODE.match(codes.get(match.group(1), ""))
        attributes = dict(ATTRIBUTE.findall(code.group(2))) if code else {}
        if code is None or not attributes.get("i", "").isdigit():
            continue
        kind, pair, kind_type = code.group(1), attributes["i"], attributes.get("type", "")
        if kind == "bpt":
            opened[pair] = (plain_length, KIND_OF_TYPE.get(kind_type, "f"))
        elif pair in opened:
            start, letter = opened.pop(pair)
            spans.append((start, plain_length, letter, int(pair)))
    return [Tag(pair, letter, start, end) for start, end, letter, pair in sorted(spans)]  # ids: the pairs' i


def read_tmx(data: bytes, path: Path) -> TmxFile:
    """The French–German units of a TMX file; refuses the whole file when it is damaged."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    refuse_entities(data, path)
    _refuse_other_kinds(data, path)
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(f"{path}: not a valid TMX file ({exc or type(exc).__name__}); nothing was imported") \
            from exc
    version = root.get("version")
    if root.tag != "tmx" or version not in TMX_VERSIONS:
        raise ImportRefused(f"{path}: TMX version {version!r} is not one of {', '.join(TMX_VERSIONS)} "
                            "(OmegaT writes 1.1, others 1.4); nothing was imported")
    units, skipped = [], 0
    for number, tu in enumerate(root.iter("tu"), 1):
        variants = {_lang(tuv): tuv for tuv in tu.iter("tuv")}
        if "fr" not in variants or "de" not in variants:
            skipped += 1
            continue
        units.append(_unit(tu, variants["fr"], variants["de"], number, path))
    if not units:
        raise ImportRefused(f"{path}: no French–German translation units ({skipped} in other languages); "
                            "nothing was imported")
    return TmxFile(units, skipped)


def _refuse_other_kinds(data: bytes, path: Path) -> None:
    """An XLIFF, a TBX or a Word file given as TMX is named for what it is."""
    head = data[:2000].lower().replace(b"\x00", b"")
    for mark, what in OTHER_KINDS.items():
        if mark.lower() in head and b"<tmx" not in head:
            raise ImportRefused(f"{path}: {what}, not a TMX file; nothing was imported")


def _lang(tuv: Any) -> str:
    code = tuv.get(XML_LANG) or tuv.get("lang") or ""
    return code.split("-")[0].split("_")[0].lower()


def _unit(tu: Any, french: Any, german: Any, number: int, path: Path) -> TmxUnit:
    numbers: dict[tuple[str, str], int] = {}
    source, source_codes = _seg(french, numbers)
    target, target_codes = _seg(german, numbers)
    if not without_placeholders(source) or not without_placeholders(target):
        raise ImportRefused(f"{path}: translation unit {number} lacks French or German text; nothing was imported")
    props = {name: value for name in KEPT_ATTRIBUTES if (value := tu.get(name) or german.get(name))}
    codes = {lang: found for lang, found in (("fr", source_codes), ("de", target_codes)) if found}
    context = {prop.get("type") or "": normalise_whitespace(prop.text or "") for prop in tu.iter("prop")}
    return TmxUnit(normalise_whitespace(source), normalise_whitespace(target), _is_draft(tu), codes, props, context)


def _seg(tuv: Any, numbers: dict[tuple[str, str], int]) -> tuple[str, dict[str, str]]:
    """A ``<seg>``'s text with ``{n}`` for each inline code, and the codes' markup by number."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    seg = next((child for child in tuv if child.tag == "seg"), None)
    if seg is None:
        return "", {}
    codes: dict[str, str] = {}

    def walk(element: Any) -> str:
        parts = [PLACEHOLDER.sub(r"{ \1}", element.text or "")]  # a literal "{1}" in the text stays text
        for child in element:
            if child.tag in INLINE_CODES:
                pair = child.get("i") or child.get("x")  # the same code in both languages
                key = (child.tag, pair if pair else f"#{len(numbers)}")
                number = numbers.setdefault(key, len(numbers) + 1)
                codes[str(number)] = etree.tostring(child, encoding="unicode", with_tail=False)
                parts.append(f"{{{number}}}")
            else:
                parts.append(walk(child))
            parts.append(PLACEHOLDER.sub(r"{ \1}", child.tail or ""))
        return "".join(parts)

    return walk(seg), codes


def _is_draft(tu: Any) -> bool:
    """Trados' x-ConfirmationLevel, memoQ's and others' status properties: an unreviewed unit."""
    for prop in tu.iter("prop"):
        if STATUS_PROPERTY.search(prop.get("type") or "") and DRAFT_WORDS.search(prop.text or ""):
            return True
    return False


def write_tmx(rows: list[Any], source_lang: str, target_lang: str, tool_version: str) -> bytes:
    """TMX 1.4b of memory ``rows`` (source, target, origin, codes, props): placeholders back to the
    inline codes they stood for, the units' ids and dates as the tool that made them wrote them."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {"creationtool": "pipeline", "creationtoolversion": tool_version,
                                      "o-tmf": "pipeline", "srclang": source_lang, "segtype": "sentence",
                                      "adminlang": "en", "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for row in rows:
        codes = json.loads(row["codes"] or "{}")
        props = json.loads(row["props"] or "{}")
        tu = etree.SubElement(body, "tu", {k: v for k, v in props.items() if k in KEPT_ATTRIBUTES})
        if row["draft"]:
            etree.SubElement(tu, "prop", type="x-pipeline-status").text = "draft"
        etree.SubElement(tu, "note").text = f"origin: {row['origin']}"
        for lang, text, key in ((source_lang, row["source"], "fr"), (target_lang, row["target"], "de")):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            _fill_seg(etree.SubElement(tuv, "seg"), text, codes.get(key, {}))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _fill_seg(seg: Any, text: str, codes: dict[str, str]) -> None:
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    pieces = PLACEHOLDER.split(text)  # text, number, text, number, …
    seg.text = pieces[0]
    last = None
    for index in range(1, len(pieces), 2):
        markup = codes.get(pieces[index])
        if markup is None:  # a placeholder without its code: the text as it was
            tail = f"{{{pieces[index]}}}{pieces[index + 1]}"
        else:
            last = etree.fromstring(markup, etree.XMLParser(resolve_entities=False, no_network=True))
            seg.append(last)
            tail = pieces[index + 1]
        if last is None:
            seg.text = (seg.text or "") + tail
        else:
            last.tail = (last.tail or "") + tail
    for element in seg:
        element.tail = LITERAL_BRACE.sub(r"{\1}", element.tail or "")
    seg.text = LITERAL_BRACE.sub(r"{\1}", seg.text or "")
