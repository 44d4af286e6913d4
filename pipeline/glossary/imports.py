"""Terms from another tool into glossary.csv (``pipeline glossary import FILE.tbx``).

An entry whose French term the glossary lacks is new and added; one the glossary has with the same
German, kind, variants and forbidden forms is unchanged; one that differs is a conflict, listed and
left as the glossary has it unless ``replace`` is given. The merged glossary is validated like any
glossary.csv before anything is written, and written atomically: a refused import changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import write_text
from pipeline.errors import ImportRefused
from pipeline.glossary.glossary import COLUMNS, Glossary, Term, parse_glossary


@dataclass
class GlossaryImport:
    added: list[Term] = field(default_factory=list)
    unchanged: list[Term] = field(default_factory=list)
    conflicts: list[tuple[Term, Term]] = field(default_factory=list)  # (the glossary's, the file's)
    replaced: bool = False

    def summary(self) -> str:
        conflicts = f"{len(self.conflicts)} conflict(s)"
        if self.conflicts:
            conflicts += (" (taken from the file)" if self.replaced
                          else " (kept as in the glossary; --replace takes the file's)")
        return f"{len(self.added)} new, {len(self.unchanged)} unchanged, {conflicts}"


def merge_terms(glossary: Glossary, incoming: list[Term], replace: bool = False) -> tuple[list[Term], GlossaryImport]:
    """The glossary's terms with ``incoming`` merged, and what happened to each incoming entry."""
    report = GlossaryImport(replaced=replace)
    merged = list(glossary.terms)
    where = {term.fr.casefold(): index for index, term in enumerate(merged)}
    for term in incoming:
        index = where.get(term.fr.casefold())
        if index is None:
            where[term.fr.casefold()] = len(merged)
            merged.append(term)
            report.added.append(term)
        elif _same(merged[index], term):
            report.unchanged.append(term)
        else:
            report.conflicts.append((merged[index], term))
            if replace:
                merged[index] = term
    return merged, report


def _same(ours: Term, theirs: Term) -> bool:
    return (ours.de, ours.kind, set(ours.fr_variants), set(ours.de_forbidden)) == \
        (theirs.de, theirs.kind, set(theirs.fr_variants), set(theirs.de_forbidden))


def to_csv(terms: list[Term]) -> str:
    """glossary.csv text (UTF-8, comma) of ``terms``, in the columns of DESIGN.md."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in terms:
        writer.writerow([term.fr, term.de, term.kind, "|".join(term.fr_variants), "|".join(term.de_forbidden),
                         term.note])
    return out.getvalue()


def import_terms(glossary: Glossary, target: Path, incoming: list[Term], replace: bool = False,
                 dry_run: bool = False) -> GlossaryImport:
    """Merge ``incoming`` into the glossary and write it to ``target`` (unless ``dry_run``), whole and
    valid or not at all."""
    merged, report = merge_terms(glossary, incoming, replace)
    text = to_csv(merged)
    _, problems = parse_glossary(text, str(target))
    if problems:
        raise ImportRefused(f"{target}: the merged glossary would not be valid ({problems[0]}"
                            f"{f' and {len(problems) - 1} more' if len(problems) > 1 else ''}); nothing was written")
    if not dry_run and (report.added or (replace and report.conflicts)):
        write_text(target, text)
    return report
