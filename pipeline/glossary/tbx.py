"""TBX-Basic both ways: TBX v3 (ISO 30042:2019, ``<tbx>``) and TBX v2 (TBX-Basic 2008, ``<martif>``).

Writing: one entry (``conceptEntry`` / ``termEntry``) with an id per glossary line, its note first,
the preferred term first in each language, French variants admitted. Forbidden German forms: in v3 as
``deprecatedTerm-admn-sts`` terms (valid against the dialect's RELAX NG schema); in v2 — the dialect
OmegaT, translate-toolkit and MultiTerm import — as a note of the German language section, because
OmegaT 3.6 offers every German term of an entry as a translation, deprecated or not (checked with
its own TBX reader).

Reading (``pipeline glossary import``): either version, from this tool or another; the kind comes back
from a note "[name] …", forbidden forms from deprecated, superseded or not-recommended terms and from
our own v2 note. No entity is ever expanded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.errors import ImportRefused
from pipeline.glossary.glossary import KINDS, Glossary, Term, one_line
from pipeline.readers.files import read_bytes
from pipeline.xmlsafety import refuse_entities

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_STATUSES = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "notRecommended")
FORBIDDEN_NOTE = "deprecatedTerm-admn-sts (nicht verwenden / do not use): "
KIND_NOTE = re.compile(rf"^\[({'|'.join(KINDS)})\]\s*")


def to_tbx(glossary: Glossary) -> str:
    """TBX-Basic v3, DCA style, valid against the dialect's RELAX NG schema."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    def sub(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
        element = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", attributes)
        element.text = text
        return element

    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "fr"},
                         nsmap={None: TBX_NS})
    source = sub(sub(sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    sub(source, "p", f"Exported by pipeline from {glossary.source or 'glossary.csv'} ({len(glossary)} entries)")
    body = sub(sub(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = sub(body, "conceptEntry", id=f"c{number}")
        sub(entry, "note", one_line(f"[{term.kind}] {term.note}"))
        for lang, preferred, others, status in (("fr", term.fr, term.fr_variants, "admittedTerm-admn-sts"),
                                                ("de", term.de, term.de_forbidden, "deprecatedTerm-admn-sts")):
            lang_sec = sub(entry, "langSec", **{XML_LANG: lang})
            for text, admin in ((preferred, "preferredTerm-admn-sts"), *((o, status) for o in others)):
                term_sec = sub(lang_sec, "termSec")
                sub(term_sec, "term", one_line(text))
                sub(term_sec, "termNote", "noun", type="partOfSpeech")
                sub(term_sec, "termNote", admin, type="administrativeStatus")
    return _document(etree.tostring(root, encoding="unicode", pretty_print=True))


def to_tbx_v2(glossary: Glossary) -> str:
    """TBX-Basic 2008 (``<martif>``), the TBX OmegaT, translate-toolkit and MultiTerm import."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    def sub(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
        element = etree.SubElement(parent, tag, attributes)
        element.text = text
        return element

    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "fr"})
    header = sub(root, "martifHeader")
    sub(sub(sub(header, "fileDesc"), "sourceDesc"), "p",
        f"Exported by pipeline from {glossary.source or 'glossary.csv'} ({len(glossary)} entries)")
    sub(sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = sub(sub(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = sub(body, "termEntry", id=f"c{number}")
        sub(entry, "note", one_line(f"[{term.kind}] {term.note}"))
        french = sub(entry, "langSet", **{XML_LANG: "fr"})
        for text, admin in ((term.fr, "preferredTerm-admn-sts"),
                            *((v, "admittedTerm-admn-sts") for v in term.fr_variants)):
            _tig(sub, french, text, admin)
        german = sub(entry, "langSet", **{XML_LANG: "de"})
        if term.de_forbidden:
            sub(german, "note", FORBIDDEN_NOTE + ", ".join(one_line(f) for f in term.de_forbidden))
        _tig(sub, german, term.de, "preferredTerm-admn-sts")
    return _document(etree.tostring(root, encoding="unicode", pretty_print=True))


def _tig(sub: Any, parent: Any, text: str, admin: str) -> None:
    tig = sub(parent, "tig")
    sub(tig, "term", one_line(text))
    sub(tig, "termNote", "noun", type="partOfSpeech")
    sub(tig, "termNote", admin, type="administrativeStatus")


def _document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def read_tbx(path: Path) -> list[Term]:
    """The entries of a TBX file (v2 ``<martif>`` or v3 ``<tbx>``) as glossary terms; refuses a file
    that is not TBX, declares entities, or has an entry without a French or a German term."""
    # deferred: lxml loads only when this runs, not at start-up
    from lxml import etree

    data = read_bytes(path, what="glossary")
    refuse_entities(data, path)
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(f"{path}: not a valid TBX file ({exc}); nothing was imported") from exc
    local = etree.QName(root).localname
    if local not in ("martif", "tbx"):
        raise ImportRefused(f"{path}: its root is <{local}>, not a TBX <martif> (v2) or <tbx> (v3); "
                            "nothing was imported")
    entries = [e for e in root.iter() if _name(e) in ("termEntry", "conceptEntry")]
    terms = [_entry_term(entry, number, path) for number, entry in enumerate(entries, 1)]
    if not terms:
        raise ImportRefused(f"{path}: no entries; nothing was imported")
    return terms


def _name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if _name(child) in names]


def _entry_term(entry: Any, number: int, path: Path) -> Term:
    forms: dict[str, list[tuple[str, str]]] = {"fr": [], "de": []}
    notes = [one_line("".join(n.itertext())) for n in _children(entry, "note", "descrip")]
    forbidden: list[str] = []
    for lang_set in _children(entry, "langSet", "langSec"):
        lang = (lang_set.get(XML_LANG) or "").split("-")[0].split("_")[0].lower()
        if lang not in forms:
            continue
        for note in _children(lang_set, "note"):
            text = one_line("".join(note.itertext()))
            if text.startswith(FORBIDDEN_NOTE) and lang == "de":
                forbidden += [f.strip() for f in text[len(FORBIDDEN_NOTE):].split(",") if f.strip()]
        for holder in _children(lang_set, "tig", "ntig", "termSec"):
            term = next((t for t in holder.iter() if _name(t) == "term"), None)
            if term is None or not one_line("".join(term.itertext())):
                continue
            status = next((one_line(n.text or "") for n in holder.iter() if _name(n) == "termNote"
                           and n.get("type") == "administrativeStatus"), "")
            forms[lang].append((one_line("".join(term.itertext())), status))
    french = [text for text, status in forms["fr"] if status not in FORBIDDEN_STATUSES]
    german = [text for text, status in forms["de"] if status not in FORBIDDEN_STATUSES]
    forbidden += [text for text, status in forms["de"] if status in FORBIDDEN_STATUSES]
    if not french or not german:
        raise ImportRefused(f"{path}: entry {entry.get('id') or number} lacks a French or a German term; "
                            "nothing was imported")
    german = sorted(german, key=lambda text: _preferred_first(forms["de"], text))
    french = sorted(french, key=lambda text: _preferred_first(forms["fr"], text))
    note = " ".join(notes)
    kind = KIND_NOTE.match(note)
    others = [f"also: {text}" for text in german[1:]]
    return Term(french[0], german[0], kind.group(1) if kind else "term", tuple(french[1:]),
                tuple(dict.fromkeys(forbidden)), one_line(" ".join([KIND_NOTE.sub("", note), *others])), number)


def _preferred_first(forms: list[tuple[str, str]], text: str) -> int:
    status = next(status for form, status in forms if form == text)
    return 0 if status == "preferredTerm-admn-sts" else 1
