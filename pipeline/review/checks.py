"""The QA checks. Each is registered with ``@check(name)``; its docstring documents it.

A check returns findings (data), never raises. Checks are tuned on human translations
(`pipeline check` on ../shared/eval) so that correct work is left alone.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Sequence

from pipeline.language.dates import DE_MONTHS, FR_MONTHS
from pipeline.language.langid import detect_language, french_word
from pipeline.language.segment import normalise_whitespace
from pipeline.language.tags import project, tag_findings
from pipeline.model import Finding
from pipeline.review.numbers import (
    DAY_MONTH_FR,
    FR_MONTH_WORD,
    FR_WEEKDAY_WORD,
    FR_WEEKDAYS,
    digits_only,
    french_dates,
    french_numbers,
    german_dates,
    german_numbers,
)
from pipeline.review.pair import Pair, check
from pipeline.translate.memory import memory_key

SPACE_BEFORE_PUNCT = re.compile(r"\w[ \u00a0\u202f]+[:;!?](?=\s|$)")
FRENCH_QUOTES = re.compile(r"«[ \u00a0\u202f]|[ \u00a0\u202f]»")
DOUBLE_SPACE = re.compile(r"\S {2,}\S")
END = re.compile(r"([.!?…:;]|\.\.\.)[\s\"'»«“”’)\]]*$")
EQUIVALENT_END = {"...": "…"}
RATIO_FACTOR = math.log(2.2)
HEADINGS = ("title", "heading")
MIN_LENGTH_FOR_RATIO = 25


def _translated(pair: Pair) -> bool:
    return bool(pair.target.strip()) and bool(pair.source.strip())


@check("glossary")
def glossary_check(pair: Pair) -> list[Finding]:
    """Glossary terms: term-missing, term-forbidden, keep-changed (see termcheck)."""
    return pair.terms.findings if _translated(pair) else []


@check("tags")
def tags_check(pair: Pair) -> list[Finding]:
    """Inline tags of a Word or HTML release (bold, italic, links: ``<b1>…</b1>``): a tag the translator
    left out (tag-missing) or added (tag-extra), tags in another order (tag-order); where no translator
    placed them yet, each French tag the alignment could not place on German words (tag-unplaced)."""
    if not pair.source_tags or not _translated(pair):
        return []
    if pair.target_tags is not None:
        return tag_findings(pair.source_tags, pair.target_tags, pair.target)
    placed = {tag.id for tag in project(pair.source, pair.source_tags, pair.target)}
    return [Finding("tag-unplaced", f"<{t.kind}{t.id}>{pair.source[t.start:t.end]}</{t.kind}{t.id}>: no German words "
                    "found for this formatting; put the tag around them in the workspace", "info")
            for t in pair.source_tags if t.id not in placed]


@check("empty")
def empty_check(pair: Pair) -> list[Finding]:
    """A source segment without any German target."""
    if pair.source.strip() and not pair.target.strip():
        return [Finding("empty", "no German translation yet", "error")]
    return []


@check("untranslated")
def untranslated_check(pair: Pair) -> list[Finding]:
    """The target repeats the French source (case, spaces and punctuation aside) although the source is
    more than names, kept terms, numbers, codes and URLs; reads as French; or keeps a French clause of
    several words copied from the source ("partly-untranslated")."""
    if not _translated(pair):
        return []
    if _letters(pair.target) == _letters(pair.source):
        if _only_names_and_codes(pair):
            return []
        return [Finding("untranslated", "the German target is the French source", "error")]
    if detect_language(pair.source) == "fr" and detect_language(pair.target) == "fr":
        return [Finding("untranslated", "the German target reads as French", "error")]
    clause = french_clause(pair.source, pair.target, pair.names)
    if clause:
        return [Finding("partly-untranslated", f"French left in the German text: '{clause}'", "error", clause)]
    return []


def _letters(text: str) -> str:
    """Letters and digits only, lower case: what 'the same text' means for the untranslated check."""
    return "".join(c for c in text.casefold() if c.isalnum())


URL_OR_CODE = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b\S*\d\S*\b|\b[A-Z]{2,6}\b")


def _only_names_and_codes(pair: Pair) -> bool:
    """Nothing is left to translate once names (glossary names, spaCy's persons, places, organisations
    and other names), kept terms, numbers, codes and URLs are taken out."""
    text = pair.source
    for hit in sorted((h for h in pair.hits if h.term.kind in ("name", "keep")), key=lambda h: -h.start):
        text = text[: hit.start] + " " + text[hit.end:]
    for name in sorted({*pair.person_names, *pair.names}, key=len, reverse=True):
        text = text.replace(name, " ")
    return not re.search(r"[^\W\d_]{2,}", URL_OR_CODE.sub(" ", text))


CLAUSE_WORDS = 3
WORD_OR_APOSTROPHE = re.compile(r"[^\W\d_]+")
SHORT_QUOTE = re.compile(r"[„\"“«»]\s?((?:[^\s„\"“”«»]+\s?){1,6})[“”\"«»]")


def french_clause(source: str, target: str, names: Sequence[str] = ()) -> str | None:
    """A run of at least three words copied from the French source into the German target, at least
    two of them (and a third of the run) French words that German does not have; a French name kept
    as such (a quoted title of at most six words, or a name spaCy found in the source) is no clause."""
    kept = {w.casefold() for quoted in SHORT_QUOTE.findall(target) for w in WORD_OR_APOSTROPHE.findall(quoted)}
    kept |= {w.casefold() for name in names for w in WORD_OR_APOSTROPHE.findall(name)}
    source_words = WORD_OR_APOSTROPHE.findall(source)
    target_words = WORD_OR_APOSTROPHE.findall(target)
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in source_words],
                                      b=[w.casefold() for w in target_words], autojunk=False)
    for block in matcher.get_matching_blocks():
        run = target_words[block.b: block.b + block.size]
        french = sum(1 for w in run if french_word(w) and w.casefold() not in kept)
        if len(run) >= CLAUSE_WORDS and french >= 2 and french * 3 >= len(run):
            return " ".join(run)
    return None


@check("numbers")
def numbers_check(pair: Pair) -> list[Finding]:
    """Every number of the source is in the target in German form (1 400 → 1.400, 3,5 → 3,5,
    50e → 50., 7 ↔ sieben), and no number written in digits in the target is missing from a source
    that has numbers ("number-added": 19 → 10); dates are left to the dates check."""
    if not _translated(pair):
        return []
    source, target = french_numbers(pair.source), german_numbers(pair.target)
    missing = sorted(source - target)
    added = sorted(digits_only(pair.target) - source - german_numbers(pair.source)) if source else []
    return [Finding("number-missing", f"number {n} of the source is not in the German text", "warning", n)
            for n in missing] + [Finding("number-added", f"number {n} is not in the source", "warning", de=n)
                                 for n in added]


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
    findings.extend(_dates_not_in_source(pair.source, written))
    findings.extend(_names_missing(FR_MONTH_WORD.findall(pair.source), pair.target,
                                   lambda w: DE_MONTHS[FR_MONTHS[w.lower()] - 1], "month"))
    findings.extend(_names_missing(FR_WEEKDAY_WORD.findall(pair.source), pair.target,
                                   lambda w: FR_WEEKDAYS[w.lower()], "weekday"))
    return _unique(findings)


def _dates_not_in_source(source: str, written: set[tuple[int | None, int, int]]) -> list[Finding]:
    """A German date that no date of a source with dates stands for (a shifted day, a wrong month)."""
    days = {(d.month, d.day) for d in french_dates(source)}
    days |= {(FR_MONTHS[m.group(2).lower()], int(m.group(1))) for m in DAY_MONTH_FR.finditer(source)}
    if not days:
        return []
    return [Finding("date-mismatch", f"the date {day}. {DE_MONTHS[month - 1]} is not in the source", "warning")
            for _, month, day in sorted(written, key=lambda d: (d[1], d[2])) if (month, day) not in days]


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
    differently from its source (. ? ! : ; …), the dropped full stop of a title or heading aside."""
    if not _translated(pair):
        return []
    return _unpaired(pair.source, pair.target) + _end_punctuation(pair.source, pair.target, pair.kind in HEADINGS)


QUOTE_MARKS = "«»„“”\"‹›"


def _open_brackets(text: str) -> tuple[int, int]:
    return text.count("(") - text.count(")"), text.count("[") - text.count("]")


def _unpaired(source: str, target: str) -> list[Finding]:
    """Brackets left open (or closed) unlike the source, and an odd number of quotation marks where the
    source has an even one or the other way round (a quotation across lines is not the target's fault)."""
    if _open_brackets(source) != _open_brackets(target):
        return [Finding("unpaired", "brackets are not closed as in the source", "warning")]
    if sum(map(source.count, QUOTE_MARKS)) % 2 != sum(map(target.count, QUOTE_MARKS)) % 2:
        return [Finding("unpaired", "a quotation mark is not closed as in the source", "warning")]
    return []


def _end_mark(text: str) -> str:
    match = END.search(text.strip())
    mark = match.group(1) if match else ""
    return EQUIVALENT_END.get(mark, mark)


def _end_punctuation(source: str, target: str, heading: bool) -> list[Finding]:
    source_end, target_end = _end_mark(source), _end_mark(target)
    if source_end == target_end or {source_end, target_end} <= {".", "…"}:
        return []
    if heading and source_end == "." and not target_end:
        return []  # a German headline takes no full stop (known from the release's structure only)
    wanted = source_end or "no final punctuation"
    return [Finding("end-punctuation", f"ends with '{target_end or 'nothing'}', the source with '{wanted}'",
                    "warning")]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@check("names")
def names_check(pair: Pair) -> list[Finding]:
    """Person names of the source (spaCy entities): a name whose surname (its last part) the German text
    lacks is missing; a German word one or two letters away from a part of the name is a misspelling
    (German inflection such as a genitive s aside)."""
    if not _translated(pair):
        return []
    target_words = re.findall(r"[^\W\d_]+", _fold(pair.target))
    terms = [_fold(hit.text) for hit in pair.hits]
    findings = []
    for name in pair.person_names:
        if any(term in _fold(name) or _fold(name) in term for term in terms):
            continue  # a glossary term ("les Gilets Jaunes"): the glossary check answers for it
        parts = [_fold(p) for p in re.findall(r"[^\W\d_]{3,}", name) if p[0].isupper()]
        absent = [p for p in parts if not any(w.startswith(p) for w in target_words)]
        misspelled = [(p, w) for p in parts if (w := _near_word(p, target_words))]
        if misspelled:
            part, word = misspelled[0]
            findings.append(Finding("name-misspelled", f"'{word}' looks like a misspelling of '{part}' "
                                    f"(person name '{name}')", "warning", name))
        elif parts and parts[-1] in absent:
            findings.append(Finding("name-missing", f"person name '{name}' is missing", "warning", name))
    return findings


def _near_word(part: str, words: list[str]) -> str | None:
    """A word of the target within one (short names) or two edits of ``part`` (a swap of neighbours is
    one edit), same initial."""
    # deferred: rapidfuzz loads only when this runs, not at start-up
    from rapidfuzz.distance import OSA

    if len(part) < 4:
        return None
    limit = 1 if len(part) < 7 else 2
    for word in words:
        if word[:1] == part[:1] and abs(len(word) - len(part)) <= limit and not word.startswith(part) \
                and OSA.distance(word, part, score_cutoff=limit) <= limit:
            return word
    return None


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
