"""The QA checks. Each is registered with ``@check(name)``; its docstring documents it.

A check returns findings (data), never raises. Checks are tuned on human translations
(`pipeline check` on ../shared/eval) so that correct work is left alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

from pipeline.dates import DE_MONTHS, FR_MONTHS
from pipeline.langid import detect_language
from pipeline.memory import memory_key
from pipeline.model import Finding
from pipeline.review.numbers import (
    DAY_MONTH_FR,
    FR_MONTH_WORD,
    FR_WEEKDAY_WORD,
    FR_WEEKDAYS,
    french_dates,
    french_numbers,
    german_dates,
    german_numbers,
)
from pipeline.review.qa import Pair, check
from pipeline.segment import normalise_whitespace

SPACE_BEFORE_PUNCT = re.compile(r"\w[ \u00a0\u202f]+[:;!?](?=\s|$)")
FRENCH_QUOTES = re.compile(r"«[ \u00a0\u202f]|[ \u00a0\u202f]»")
DOUBLE_SPACE = re.compile(r"\S {2,}\S")
END = re.compile(r"([.!?…:;]|\.\.\.)[\s\"'»«“”’)\]]*$")
EQUIVALENT_END = {"...": "…"}
RATIO_FACTOR = math.log(2.2)
HEADLINE_WORDS = 12
MIN_LENGTH_FOR_RATIO = 25


def _translated(pair: Pair) -> bool:
    return bool(pair.target.strip()) and bool(pair.source.strip())


@check("glossary")
def glossary_check(pair: Pair) -> list[Finding]:
    """Glossary terms: term-missing, term-forbidden, keep-changed (see termcheck)."""
    return pair.terms.findings if _translated(pair) else []


@check("empty")
def empty_check(pair: Pair) -> list[Finding]:
    """A source segment without any German target."""
    if pair.source.strip() and not pair.target.strip():
        return [Finding("empty", "no German translation yet", "error")]
    return []


@check("untranslated")
def untranslated_check(pair: Pair) -> list[Finding]:
    """The target repeats the French source, or reads as French."""
    if not _translated(pair) or detect_language(pair.source) != "fr":
        return []
    if normalise_whitespace(pair.target) == normalise_whitespace(pair.source):
        return [Finding("untranslated", "the German target is the French source", "error")]
    if detect_language(pair.target) == "fr":
        return [Finding("untranslated", "the German target reads as French", "error")]
    return []


@check("numbers")
def numbers_check(pair: Pair) -> list[Finding]:
    """Every number of the source is in the target in German form (1 400 → 1.400, 3,5 → 3,5,
    50e → 50., 7 ↔ sieben); dates are left to the dates check."""
    if not _translated(pair):
        return []
    missing = sorted(french_numbers(pair.source) - german_numbers(pair.target))
    return [Finding("number-missing", f"number {n} of the source is not in the German text", "warning", n)
            for n in missing]


@check("dates")
def dates_check(pair: Pair) -> list[Finding]:
    """Dates, months and weekdays: 09/07/2021 ↔ 09.07.2021 or 9. Juli 2021; juillet ↔ Juli;
    vendredi ↔ Freitag."""
    if not _translated(pair):
        return []
    findings = []
    written = german_dates(pair.target)
    for day in french_dates(pair.source):
        if (day.year, day.month, day.day) not in written:
            findings.append(Finding("date-mismatch", f"date {day:%d/%m/%Y} should read {day.day}. "
                                    f"{DE_MONTHS[day.month - 1]} {day.year} or {day:%d.%m.%Y}", "warning"))
    for match in DAY_MONTH_FR.finditer(pair.source):
        month = FR_MONTHS[match.group(2).lower()]
        if not any(m == month and d == int(match.group(1)) for _, m, d in written):
            findings.append(Finding("date-mismatch", f"'{match.group(0)}' should read "
                                    f"{int(match.group(1))}. {DE_MONTHS[month - 1]}", "warning"))
    findings.extend(_names_missing(FR_MONTH_WORD.findall(pair.source), pair.target,
                                   lambda w: DE_MONTHS[FR_MONTHS[w.lower()] - 1], "month"))
    findings.extend(_names_missing(FR_WEEKDAY_WORD.findall(pair.source), pair.target,
                                   lambda w: FR_WEEKDAYS[w.lower()], "weekday"))
    return _unique(findings)


def _names_missing(words: list[str], target: str, german: Callable[[str], str], what: str) -> list[Finding]:
    found = []
    for word in dict.fromkeys(w.lower() for w in words):
        expected = german(word)
        if not re.search(rf"\b{expected}", target, re.IGNORECASE):
            found.append(Finding("date-mismatch", f"{what} '{word}' should appear as '{expected}'", "warning"))
    return found


def _unique(findings: list[Finding]) -> list[Finding]:
    return list({f.message: f for f in findings}.values())


@check("typography")
def typography_check(pair: Pair) -> list[Finding]:
    """French typography leaking into German: a space before : ; ! ?, « » with inner spaces;
    and double spaces."""
    if not _translated(pair):
        return []
    target, findings = pair.target, []
    if SPACE_BEFORE_PUNCT.search(target):
        findings.append(Finding("space-before-punctuation", "German puts no space before : ; ! ?", "warning"))
    if FRENCH_QUOTES.search(target):
        findings.append(Finding("french-quotes", "French « » quotes; German uses „ “ (or » «)", "warning"))
    if DOUBLE_SPACE.search(target.strip()):
        findings.append(Finding("double-space", "double space", "info"))
    return findings


@check("punctuation")
def punctuation_check(pair: Pair) -> list[Finding]:
    """Brackets or quotation marks left open where the source closes them; a sentence ending
    differently from its source (. ? ! : ; …), a headline's dropped full stop aside."""
    if not _translated(pair):
        return []
    return _unpaired(pair.source, pair.target) + _end_punctuation(pair.source, pair.target)


def _balanced(text: str) -> bool:
    """Brackets and quotation marks each opened as often as closed."""
    return (text.count("(") == text.count(")") and text.count("[") == text.count("]")
            and text.count('"') % 2 == 0 and text.count("„") <= text.count("“") + text.count('"')
            and text.count("«") == text.count("»"))


def _unpaired(source: str, target: str) -> list[Finding]:
    """Only where the source is balanced: a sentence quoting across lines is not the target's fault."""
    if not _balanced(source) or _balanced(target):
        return []
    return [Finding("unpaired", "a bracket or quotation mark is not closed", "warning")]


def _end_mark(text: str) -> str:
    match = END.search(text.strip())
    mark = match.group(1) if match else ""
    return EQUIVALENT_END.get(mark, mark)


def _end_punctuation(source: str, target: str) -> list[Finding]:
    source_end, target_end = _end_mark(source), _end_mark(target)
    if source_end == target_end or {source_end, target_end} <= {".", "…"}:
        return []
    if source_end == "." and not target_end and len(target.split()) <= HEADLINE_WORDS:
        return []  # a German headline takes no full stop
    wanted = source_end or "no final punctuation"
    return [Finding("end-punctuation", f"ends with '{target_end or 'nothing'}', the source with '{wanted}'",
                    "warning")]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@check("names")
def names_check(pair: Pair) -> list[Finding]:
    """Person names of the source (spaCy entities) that the German text lacks."""
    if not _translated(pair):
        return []
    target = _fold(pair.target)
    findings = []
    for name in pair.person_names:
        parts = [p for p in re.findall(r"[^\W\d_]{3,}", name) if p[0].isupper()]
        if parts and not any(re.search(rf"\b{re.escape(_fold(p))}", target) for p in parts):
            findings.append(Finding("name-missing", f"person name '{name}' is missing", "warning", name))
    return findings


@check("consistency")
def consistency_check(pair: Pair) -> list[Finding]:
    """The same source translated differently within the release, or differently from the memory."""
    if not _translated(pair) or pair.context is None:
        return []
    findings = []
    key = memory_key(pair.source)
    earlier = pair.context.first_target.get(key)
    if earlier and earlier[1] != normalise_whitespace(pair.target) and earlier[0] != pair.index:
        findings.append(Finding("inconsistent", f"translated differently in line/segment {earlier[0]}",
                                "warning", de=earlier[1]))
    remembered = pair.context.memory_target(pair.source)
    if remembered and pair.origin != "tm" and normalise_whitespace(remembered) != normalise_whitespace(pair.target):
        findings.append(Finding("inconsistent", "the translation memory has another translation", "warning",
                                de=remembered))
    return findings


@check("length")
def length_check(pair: Pair) -> list[Finding]:
    """Target length far outside the release's usual German/French ratio (more than 2.2× off)."""
    if not _translated(pair) or pair.context is None or len(pair.source) < MIN_LENGTH_FOR_RATIO:
        return []
    norm = pair.context.median_log_ratio
    ratio = math.log(len(pair.target) / len(pair.source))
    if norm is None or abs(ratio - norm) <= RATIO_FACTOR:
        return []
    direction = "long" if ratio > norm else "short"
    return [Finding("length", f"unusually {direction}: {len(pair.target)} characters for {len(pair.source)}",
                    "info")]
