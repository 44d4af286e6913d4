"""Glossary exports for CAT tools and engines: DeepL glossary TSV, TBX-Basic (v3 and v2), OmegaT."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.glossary import Glossary, Term
from pipeline.glossary.glossary import one_line
from pipeline.glossary.tbx import to_tbx, to_tbx_v2

FORMATS = ("deepl", "tbx", "tbx-v2", "omegat")


def deepl_entries(glossary: Glossary) -> Iterator[tuple[str, str]]:
    """(source, target) pairs, one per French form (DeepL matches glossary sources literally)."""
    seen: set[str] = set()
    for term in glossary.terms:
        for form in term.fr_forms:
            if form not in seen:
                seen.add(form)
                yield one_line(form), one_line(term.de)


def to_deepl_tsv(glossary: Glossary) -> str:
    return "".join(f"{fr}\t{de}\n" for fr, de in deepl_entries(glossary))


def to_omegat(glossary: Glossary) -> str:
    lines = ["# OmegaT glossary exported by pipeline: source<TAB>target<TAB>comment"]
    for term in glossary.terms:
        comment = one_line(" ".join(filter(None, (f"[{term.kind}]", term.note,
                                                 _forbidden_note(term)))))
        lines.extend(f"{one_line(form)}\t{one_line(term.de)}\t{comment}" for form in term.fr_forms)
    return "\n".join(lines) + "\n"


def _forbidden_note(term: Term) -> str:
    return f"Not: {', '.join(term.de_forbidden)}." if term.de_forbidden else ""


def export(glossary: Glossary, fmt: str) -> str:
    return {"deepl": to_deepl_tsv, "tbx": to_tbx, "tbx-v2": to_tbx_v2, "omegat": to_omegat}[fmt](glossary)
