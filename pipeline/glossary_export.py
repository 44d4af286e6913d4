"""Glossary exports for CAT tools and engines: DeepL glossary TSV, TBX-Basic, OmegaT."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.glossary import Glossary, Term

FORMATS = ("deepl", "tbx", "omegat")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def deepl_entries(glossary: Glossary) -> Iterator[tuple[str, str]]:
    """(source, target) pairs, one per French form (DeepL matches glossary sources literally)."""
    seen: set[str] = set()
    for term in glossary.terms:
        for form in term.fr_forms:
            if form not in seen:
                seen.add(form)
                yield _clean(form), _clean(term.de)


def to_deepl_tsv(glossary: Glossary) -> str:
    return "".join(f"{fr}\t{de}\n" for fr, de in deepl_entries(glossary))


def to_omegat(glossary: Glossary) -> str:
    lines = ["# OmegaT glossary exported by pipeline: source<TAB>target<TAB>comment"]
    for term in glossary.terms:
        comment = _clean(" ".join(filter(None, (f"[{term.kind}]", term.note,
                                                 _forbidden_note(term)))))
        lines.extend(f"{_clean(form)}\t{_clean(term.de)}\t{comment}" for form in term.fr_forms)
    return "\n".join(lines) + "\n"


def _forbidden_note(term: Term) -> str:
    return f"Not: {', '.join(term.de_forbidden)}." if term.de_forbidden else ""


TBX_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'


def to_tbx(glossary: Glossary) -> str:
    """TBX-Basic through translate-toolkit: one termEntry per term with part of speech and
    administrative status; French variants admitted, forbidden German forms deprecated."""
    from lxml import etree
    from translate.storage import tbx

    store = tbx.tbxfile()
    store.setsourcelanguage("fr")
    store.settargetlanguage("de")
    for term in glossary.terms:
        unit = store.addsourceunit(term.fr)
        unit.target = term.de
        _annotate(unit.xmlelement, term, etree)
    root = store.document.getroot()
    root.set("type", "TBX-Basic")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{TBX_DOCTYPE}\n{text}'


def _annotate(entry: Any, term: Term, etree: Any) -> None:
    """TBX-Basic data categories: partOfSpeech, administrativeStatus, variants, forbidden, note."""
    pos = "noun" if term.kind == "term" else "properNoun"
    for lang_set in entry.findall("langSet"):
        lang = lang_set.get(XML_LANG)
        tig = lang_set.find("tig")
        if tig is not None:
            _term_notes(tig, pos, "preferredTerm-admn-sts", etree)
        extras = term.fr_variants if lang == "fr" else term.de_forbidden
        status = "admittedTerm-admn-sts" if lang == "fr" else "deprecatedTerm-admn-sts"
        for text in extras:
            extra = etree.SubElement(lang_set, "tig")
            etree.SubElement(extra, "term").text = text
            _term_notes(extra, pos, status, etree)
    if term.note:
        etree.SubElement(entry, "note").text = term.note


def _term_notes(tig: Any, pos: str, status: str, etree: Any) -> None:
    for kind, value in (("partOfSpeech", pos), ("administrativeStatus", status)):
        note = etree.SubElement(tig, "termNote")
        note.set("type", kind)
        note.text = value


def export(glossary: Glossary, fmt: str) -> str:
    return {"deepl": to_deepl_tsv, "tbx": to_tbx, "omegat": to_omegat}[fmt](glossary)
