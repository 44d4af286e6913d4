"""Checking a German translation against the glossary hits of its French source, and safe repairs.

Findings: ``term-missing`` (the preferred German term is absent), ``term-forbidden`` (a forbidden
form is present), ``keep-changed`` (a ``keep`` term was altered). Each distinct term counts once
per segment; the success rate is WMT 2023's: required terms present / required terms.

Repair replaces a forbidden form by the preferred term only where that cannot break the sentence:
the form stands in its base form (no inflection to carry over) and either the term is a name or
both words end alike (same suffix, hence same gender and declension: Versöhnung → Aussöhnung).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.glossary import Term
from pipeline.glossary.termmatch import Hit, find_german, find_written, fold_german, german_keys, german_lemma
from pipeline.model import Finding

SAME_ENDING = 4
STRICT_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+")


@dataclass
class Repair:
    forbidden: str
    preferred: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.forbidden, "to": self.preferred, "start": self.start, "end": self.end}


@dataclass
class TermCheck:
    findings: list[Finding] = field(default_factory=list)
    required: int = 0
    present: int = 0  # lenient: in any inflected, compound or equivalent form (the QA's view)
    strict: int = 0  # WMT 2023's: the term's own words, each the same word or lemma, in order


def _distinct_terms(hits: list[Hit]) -> list[Term]:
    seen: dict[str, Term] = {}
    for hit in hits:
        seen.setdefault(hit.term.fr, hit.term)
    return list(seen.values())


def check_terms(hits: list[Hit], target: str) -> TermCheck:
    """Glossary findings for one translated segment."""
    result = TermCheck()
    for term in _distinct_terms(hits):
        result.required += 1
        forbidden, preferred = _forbidden_and_preferred(term, target)
        result.strict += present_strictly(term.de, target)
        if preferred:
            result.present += 1
        elif not forbidden:
            result.findings.append(_absent(term))
        for form, _spans in forbidden:
            result.findings.append(Finding(
                "term-forbidden", f"'{form}' is not used for '{term.fr}'; write '{term.de}'", "error",
                term.fr, term.de))
        altered = _altered(term.de, target) if preferred and term.kind == "keep" else None
        if altered:
            result.findings.append(Finding("keep-changed", f"'{altered}' looks like an altered '{term.de}', which "
                                           "must stay unchanged", "error", term.fr, term.de))
    return result


def present_strictly(form: str, target: str) -> bool:
    """Term success as WMT 2023's terminology task scored it: the required German term's words appear in
    order, each as the same word or with the same lemma ("Kohleregionen" for "Kohleregion"). No credit
    for an element of a compound (Klimaschutzziele for Klimaschutz), an abbreviation or an equivalent
    the glossary does not list, nor a French word that looks alike ("Italie" for "Italien")."""
    wanted = [_strict_keys(word) for word in STRICT_WORD.findall(form)]
    found = [_strict_keys(word) for word in STRICT_WORD.findall(target)]
    return bool(wanted) and any(all(found[i + k] & key for k, key in enumerate(wanted))
                                for i in range(len(found) - len(wanted) + 1))


def _strict_keys(word: str) -> frozenset[str]:
    return frozenset((word.casefold(), german_lemma(word).casefold()))


def _altered(form: str, target: str) -> str | None:
    """A word of ``target`` one edit (two for long words) away from a word of a kept ``form``, and not
    an inflection of it: "Brxeit" beside three correct "Brexit", but not "Brexits"."""
    # deferred: rapidfuzz loads only when this runs, not at start-up
    from rapidfuzz.distance import OSA

    for word in re.findall(r"[^\W\d_]{5,}", form):
        limit = 1 if len(word) < 8 else 2
        for candidate in re.findall(r"[^\W\d_]+", target):
            if candidate != word and candidate[:1].lower() == word[:1].lower() \
                    and abs(len(candidate) - len(word)) <= limit \
                    and not german_keys(candidate) & german_keys(word) \
                    and OSA.distance(fold_german(candidate), fold_german(word), score_cutoff=limit) <= limit:
                return candidate
    return None


def _absent(term: Term) -> Finding:
    if term.kind == "keep":
        return Finding("keep-changed", f"'{term.fr}' must stay unchanged in German", "error", term.fr, term.de)
    return Finding("term-missing", f"'{term.fr}' should be translated '{term.de}'", "error", term.fr, term.de)


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _forbidden_and_preferred(term: Term, target: str
                             ) -> tuple[list[tuple[str, list[tuple[int, int]]]], list[tuple[int, int]]]:
    """(forbidden forms present with their spans, spans of the preferred term).

    A forbidden form written as such (inflected at most) is always reported and never counts as the
    preferred term, even where an equivalence would accept it (Europaparlament ~ Europäisches
    Parlament, Minister-Präsident ~ Ministerpräsident). A forbidden form found only through an
    equivalence (as part of a compound …) is reported unless the preferred term stands there.
    """
    written = {form: [(start, end) for start, end in find_written(form, target)
                      if _spelled_forbidden(term, form, target[start:end])] for form in term.de_forbidden}
    blocked = [span for spans in written.values() for span in spans]
    preferred = [span for span in find_german(term.de, target) if not _overlaps(span, blocked)]
    found = []
    for form in term.de_forbidden:
        loose = [s for s in find_german(form, target)
                 if not any(s[0] >= p[0] and s[1] <= p[1] for p in preferred)]
        spans = sorted(set(written[form]) | set(loose))
        if spans:
            found.append((form, spans))
    return found, preferred


def _spelled_forbidden(term: Term, form: str, surface: str) -> bool:
    """Whether ``surface``, found as the forbidden ``form``, is that form and not the required term.

    A forbidden form may differ from the required term only in spelling — ß or ss (Elsaß / Elsass),
    a hyphen, a space or a closed compound (Europa-Abgeordneter / Europaabgeordneter), an umlaut or
    its transliteration (Koeln / Köln) — and then the folding that finds inflected forms finds both in
    the same words. Such a surface is forbidden only when it is written the forbidden way on each of
    the points where the two spellings differ."""
    if not (find_written(term.de, surface) or find_german(term.de, surface)):
        return True  # not the required term in any spelling: the forbidden form it is
    wrong, right, found = form.lower(), term.de.lower(), surface.lower()
    differing = [mark for mark in SPELLING_MARKS if mark(wrong) != mark(right)]
    return all(mark(found) == mark(wrong) for mark in differing)


SPELLING_MARKS = (
    lambda text: "ß" in text,
    lambda text: "-" in text,
    lambda text: " " in text.strip(),
    lambda text: any(letter in text for letter in "äöü"),
)


def _safe_to_replace(term: Term, form: str, surface: str) -> bool:
    if fold_german(surface) != fold_german(form):
        return False  # inflected: the preferred term's inflection is not ours to guess
    if term.kind == "name":
        return True
    return fold_german(form)[-SAME_ENDING:] == fold_german(term.de)[-SAME_ENDING:]


def repair_terms(hits: list[Hit], target: str) -> tuple[str, list[Repair]]:
    """Replace forbidden forms where safe; returns the new target and what was changed."""
    edits: list[Repair] = []
    for term in _distinct_terms(hits):
        forbidden, _ = _forbidden_and_preferred(term, target)
        for form, spans in forbidden:
            for start, end in spans:
                if _safe_to_replace(term, form, target[start:end]):
                    edits.append(Repair(target[start:end], term.de, start, end))
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        target = target[: edit.start] + edit.preferred + target[edit.end:]
    return target, sorted(edits, key=lambda e: e.start)
