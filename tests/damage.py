"""Breaking human translations in known ways, one kind at a time, to measure what the checks catch.

Each damage takes a checked ``Pair`` (French source, correct German target, glossary hits, person
names) and returns the damaged German, or None where it does not apply (no number to change, no
term to drop …). ``recall`` counts, per kind, the lines where the damage applied and the undamaged
line did not already carry the expected finding, and how many of those the checks reported.
Used by tests/review/test_recall.py (a fixed sample; a regression fails the suite) and by
``make bench`` (the three WMT sets, two glossaries).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.glossary.termmatch import find_german
from pipeline.review.numbers import french_dates, french_numbers, german_numbers
from pipeline.review.qa import Pair, run_checks

Damage = Callable[[Pair, random.Random], str | None]
DAMAGES: dict[str, tuple[Damage, frozenset[str]]] = {}
CLOSERS = (")", "]", "“", "”", "»")


def damage(name: str, *expected: str) -> Callable[[Damage], Damage]:
    def register(fn: Damage) -> Damage:
        DAMAGES[name] = (fn, frozenset(expected))
        return fn

    return register


def _tidy(text: str) -> str:
    return re.sub(r" {2,}", " ", re.sub(r" +([,.;:!?)])", r"\1", text)).strip()


def _term_spans(pair: Pair, kinds: Sequence[str]) -> list[tuple[object, int, int]]:
    found = []
    for hit in pair.hits:
        if hit.term.kind in kinds:
            found += [(hit.term, s, e) for s, e in find_german(hit.term.de, pair.target)]
    return found


@damage("drop a required term", "term-missing", "term-forbidden")
def drop_term(pair: Pair, rng: random.Random) -> str | None:
    spans = _term_spans(pair, ("term", "name"))
    if not spans:
        return None
    term, start, end = rng.choice(spans)
    others = [(s, e) for t, s, e in spans if t is term]
    target = pair.target
    for s, e in sorted(others, reverse=True):
        target = target[:s] + target[e:]
    return _tidy(target) or None


@damage("use a forbidden form", "term-forbidden")
def forbidden_term(pair: Pair, rng: random.Random) -> str | None:
    spans = [(t, s, e) for t, s, e in _term_spans(pair, ("term", "name")) if t.de_forbidden]  # type: ignore[attr-defined]
    if not spans:
        return None
    term, start, end = rng.choice(spans)
    return pair.target[:start] + rng.choice(term.de_forbidden) + pair.target[end:]  # type: ignore[attr-defined]


def _typo(word: str, rng: random.Random) -> str:
    """Swap two neighbouring inner letters (or double one when the word is short)."""
    letters = [i for i in range(1, len(word) - 2) if word[i].isalpha() and word[i + 1].isalpha()
               and word[i] != word[i + 1]]
    if not letters:
        return word[:1] + word[1:2] * 2 + word[2:]
    i = rng.choice(letters)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


@damage("alter a kept term", "keep-changed")
def alter_keep(pair: Pair, rng: random.Random) -> str | None:
    spans = []
    for term, start, end in _term_spans(pair, ("keep",)):  # the term itself, not the rest of a compound
        at = pair.target[start:end].casefold().find(term.de.casefold())  # type: ignore[attr-defined]
        if at >= 0:
            spans.append((start + at, start + at + len(term.de)))  # type: ignore[attr-defined]
    if not spans:
        return None
    start, end = rng.choice(spans)
    return pair.target[:start] + _typo(pair.target[start:end], rng) + pair.target[end:]


@damage("copy the French source", "untranslated")
def copy_source(pair: Pair, rng: random.Random) -> str | None:
    return pair.source


@damage("leave a French clause", "untranslated", "partly-untranslated")
def french_clause(pair: Pair, rng: random.Random) -> str | None:
    """The German up to its middle, then the French from its middle: half a sentence left in French."""
    source_words, target_words = pair.source.split(), pair.target.split()
    if len(source_words) < 10 or len(target_words) < 6:
        return None
    return " ".join(target_words[: len(target_words) // 2] + source_words[len(source_words) // 2:])


NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


@damage("change a number", "number-missing", "number-added")
def change_number(pair: Pair, rng: random.Random) -> str | None:
    wanted = french_numbers(pair.source) & german_numbers(pair.target)
    spans = [m for m in NUMBER.finditer(pair.target) if german_numbers(m.group(0)) & wanted]
    if not spans:
        return None
    match = rng.choice(spans)
    digits = match.group(0)
    last = len(digits) - 1 - next(i for i, c in enumerate(reversed(digits)) if c.isdigit())
    changed = digits[:last] + str((int(digits[last]) + 1) % 10) + digits[last + 1:]
    return pair.target[: match.start()] + changed + pair.target[match.end():]


DE_DATE = re.compile(r"\b(\d{1,2})(\.\s?(?:\d{1,2}\.|Januar|Februar|März|April|Mai|Juni|Juli|August|September"
                     r"|Oktober|November|Dezember))")


@damage("shift a date", "date-mismatch")
def shift_date(pair: Pair, rng: random.Random) -> str | None:
    days = {d.day for d in french_dates(pair.source)}
    days |= {int(m.group(1)) for m in re.finditer(r"\b(\d{1,2})(?:er)? (?:janvier|février|mars|avril|mai|juin|"
                                                   r"juillet|août|septembre|octobre|novembre|décembre)",
                                                   pair.source, re.IGNORECASE)}
    spans = [m for m in DE_DATE.finditer(pair.target) if int(m.group(1)) in days]
    if not spans:
        return None
    match = rng.choice(spans)
    day = int(match.group(1))
    shifted = day + 1 if day < 28 else day - 1
    return pair.target[: match.start(1)] + str(shifted) + pair.target[match.end(1):]


def _name_spans(pair: Pair) -> list[tuple[str, list[tuple[int, int]]]]:
    found = []
    for name in pair.person_names:
        parts = [p for p in re.findall(r"[^\W\d_]{3,}", name) if p[0].isupper()]
        spans = [m.span() for p in parts for m in re.finditer(rf"\b{re.escape(p)}\b", pair.target)]
        if spans:
            found.append((name, spans))
    return found


@damage("misspell a person name", "name-missing", "name-misspelled", "keep-changed", "term-missing")
def misspell_name(pair: Pair, rng: random.Random) -> str | None:
    names = _name_spans(pair)
    if not names:
        return None
    _, spans = rng.choice(names)
    start, end = max(spans, key=lambda s: s[1] - s[0])
    return pair.target[:start] + _typo(pair.target[start:end], rng) + pair.target[end:]


@damage("drop a person name", "name-missing", "keep-changed", "term-missing")
def drop_name(pair: Pair, rng: random.Random) -> str | None:
    names = _name_spans(pair)
    if not names:
        return None
    _, spans = rng.choice(names)
    target = pair.target
    for start, end in sorted(spans, reverse=True):
        target = target[:start] + target[end:]
    return _tidy(target)


@damage("French quotes", "french-quotes")
def french_quotes(pair: Pair, rng: random.Random) -> str | None:
    quoted = re.search(r"[„\"“»]([^„\"“”«»]{2,}?)[“\"”«]", pair.target)
    if quoted:
        return pair.target[: quoted.start()] + f"« {quoted.group(1)} »" + pair.target[quoted.end():]
    words = pair.target.split(" ")
    if len(words) < 4:
        return None
    i = rng.randrange(1, len(words) - 2)
    return " ".join(words[:i] + [f"« {words[i]} {words[i + 1]} »"] + words[i + 2:])


@damage("French spacing before : ; ! ?", "space-before-punctuation")
def french_spacing(pair: Pair, rng: random.Random) -> str | None:
    marks = [m.start() for m in re.finditer(r"(?<=\w)[:;!?](?=\s|$)", pair.target)]
    if not marks:
        return None
    at = rng.choice(marks)
    return pair.target[:at] + "\u00a0" + pair.target[at:] if rng.random() < 0.5 else pair.target[:at] + " " + pair.target[at:]


@damage("double a space", "double-space")
def double_space(pair: Pair, rng: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", pair.target.strip())]
    if not spaces:
        return None
    at = rng.choice(spaces)
    target = pair.target.strip()
    return target[:at] + " " + target[at:]


@damage("drop the end punctuation", "end-punctuation")
def drop_end(pair: Pair, rng: random.Random) -> str | None:
    stripped = pair.target.rstrip()
    match = re.search(r"[.!?…]+([\"'»“”’)]*)$", stripped)
    if not match or not re.search(r"[.!?…]\W*$", pair.source.strip()):
        return None
    return stripped[: match.start()] + match.group(1)


@damage("unbalance a bracket", "unpaired")
def unbalance(pair: Pair, rng: random.Random) -> str | None:
    closers = [i for i, c in enumerate(pair.target) if c in CLOSERS]
    if closers:
        at = rng.choice(closers)
        return pair.target[:at] + pair.target[at + 1:]
    words = pair.target.split(" ")
    if len(words) < 3:
        return None
    i = rng.randrange(1, len(words) - 1)
    return " ".join(words[:i] + ["(" + words[i]] + words[i + 1:])


@dataclass
class Tally:
    cases: int = 0
    caught: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (source, damaged, kinds found)

    @property
    def recall(self) -> float:
        return self.caught / self.cases if self.cases else 1.0


def _kinds(pair: Pair, target: str) -> set[str]:
    damaged = replace(pair, target=target)
    return {f.kind for f in run_checks(damaged)}


def recall(pairs: Sequence[Pair], seed: int = 7) -> dict[str, Tally]:
    """Per damage kind: cases, caught and the missed examples."""
    tallies = {name: Tally() for name in DAMAGES}
    for number, pair in enumerate(pairs):
        if not pair.source.strip() or not pair.target.strip():
            continue
        clean = {f.kind for f in run_checks(pair)}
        for name, (fn, expected) in DAMAGES.items():
            if clean & expected:
                continue
            damaged = fn(pair, random.Random(f"{seed}:{number}:{name}"))
            if damaged is None or damaged == pair.target:
                continue
            tally = tallies[name]
            tally.cases += 1
            found = _kinds(pair, damaged)
            if found & expected:
                tally.caught += 1
            else:
                tally.missed.append((pair.source, damaged, ", ".join(sorted(found))))
    return tallies


def false_alarms(pairs: Sequence[Pair]) -> dict[str, int]:
    """Lines flagged by each registered check on the undamaged (human) translations."""
    from pipeline.review.qa import registered_checks

    counts = dict.fromkeys(registered_checks(), 0)
    for pair in pairs:
        if pair.source.strip() and pair.target.strip():
            for name in counts:
                counts[name] += bool(run_checks(pair, [name]))
    return counts
