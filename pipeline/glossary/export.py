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


TBX_NS = "urn:iso:std:iso:30042:ed-2"


def to_tbx(glossary: Glossary) -> str:
    """TBX-Basic (TBX v3, ISO 30042:2019, DCA style), valid against the dialect's RELAX NG schema: one
    ``conceptEntry`` with an id per glossary line, its note before the language sections, the
    preferred term first, French variants admitted, forbidden German forms deprecated."""
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
        sub(entry, "note", _clean(f"[{term.kind}] {term.note}"))
        for lang, preferred, others, status in (("fr", term.fr, term.fr_variants, "admittedTerm-admn-sts"),
                                                ("de", term.de, term.de_forbidden, "deprecatedTerm-admn-sts")):
            lang_sec = sub(entry, "langSec", **{XML_LANG: lang})
            for text, admin in ((preferred, "preferredTerm-admn-sts"), *((o, status) for o in others)):
                term_sec = sub(lang_sec, "termSec")
                sub(term_sec, "term", _clean(text))
                sub(term_sec, "termNote", "noun", type="partOfSpeech")
                sub(term_sec, "termNote", admin, type="administrativeStatus")
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'


def export(glossary: Glossary, fmt: str) -> str:
    return {"deepl": to_deepl_tsv, "tbx": to_tbx, "omegat": to_omegat}[fmt](glossary)
