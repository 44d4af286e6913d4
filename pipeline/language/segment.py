"""Rule-based French sentence segmentation.

Deliberately not spaCy's parser: on the sample it cuts "Dans un esprit partenarial, Xavier Bertrand
Président de la Région … a été reçu ce vendredi 9 juillet, par Armin Laschet, …" into three pieces.
A boundary is end punctuation (``. ! ? …``), optional closing quotes or brackets, white space, and
an upper-case letter, digit or opening quote. It is refused after an abbreviation (M., Mme, art.,
n°, p., cf.), an initial (J.-M.), a day number before a German month ("11. Oktober"), inside a URL or
e-mail, and inside a paired ( … ). Sentences inside « … » and “ … ” are split like any others (a long
quotation is several segments), the closing quote staying with the last.
Everything is one linear pass over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

WHITESPACE_RUN = re.compile(r"\s+")
# C0/C1 controls and the soft hyphen (U+00AD, a line-break hint Word and web pages hide): nothing a reader sees.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad]")

# Words that take a full stop without ending a sentence (compared without the final ".").
ABBREVIATIONS = frozenset((
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Prof", "prof", "Me", "Mgr",
    "St", "Ste", "Sts", "Stes", "art", "Art", "n", "N°", "n°", "nº", "No", "p", "pp", "cf", "Cf",
    "env", "av", "Av", "apr", "J.-C", "chap", "fig", "ex", "éd", "vol", "coll", "hab", "tél", "Tél",
    "min", "max", "ca", "resp", "suiv", "sq", "ss", "op", "cit", "ibid", "vs", "bd", "Bd", "boul",
    "Cie", "Éts", "ms", "mss", "réf", "Réf", "al", "gén", "Gén", "col", "Col", "lt", "Lt", "cap", "Cap",
))
URL_OR_EMAIL = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"]+?(?=[.,;:!?)»\]]*(?:\s|$))"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
)
CANDIDATE = re.compile(
    r"(?:\.\.\.|[.!?…])+(?:\s?[»\"”’)\]])*(?:\s+|$)(?=[«\"“(\[]?\s*[A-ZÀ-ÖØ-ÞŒ0-9]|$)"
)
INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][a-z]?\.-?)*[A-ZÀ-ÖØ-Þ][a-z]?")
PAIRS = {"(": ")"}
BRACKETS = re.compile(r"[()]")
GERMAN_MONTH_AHEAD = re.compile(r"\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                                r"November|Dezember)\b")


def normalise_whitespace(text: str) -> str:
    """Join wrapped lines and fold runs of white space (a no-break space in a run is kept); control
    characters (ESC, U+0001 …), which no reader sees and XML cannot carry, are removed."""

    def fold(match: re.Match[str]) -> str:
        run = match.group(0)
        for keep in ("\u202f", "\u00a0"):
            if keep in run:
                return keep
        return " "

    return WHITESPACE_RUN.sub(fold, CONTROL.sub("", text)).strip()


def _paired_spans(text: str) -> list[tuple[int, int]]:
    """Top-level spans of matched ( ); unmatched openers are ignored."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for match in BRACKETS.finditer(text):
        char = match.group(0)
        if char in PAIRS:
            stack.append((char, match.start()))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if PAIRS[stack[depth][0]] == char:
                start = stack[depth][1]
                del stack[depth:]
                if not stack:
                    spans.append((start, match.end()))
                break
    return _merge_spans(spans)


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    index = bisect_right(starts, pos) - 1
    return index >= 0 and spans[index][0] < pos < spans[index][1]


def _word_before(text: str, pos: int) -> str:
    start = max(text.rfind(" ", 0, pos), text.rfind("'", 0, pos), text.rfind("’", 0, pos)) + 1
    return text[start:pos].lstrip("([«\"“")


def _is_abbreviation(text: str, punct_start: int) -> bool:
    if text[punct_start] != "." or text.startswith("...", punct_start):
        return False
    word = _word_before(text, punct_start)
    if not word:
        return False
    if word.isdigit() and GERMAN_MONTH_AHEAD.match(text, punct_start + 1):
        return True
    return word in ABBREVIATIONS or bool(INITIALS.fullmatch(word))


def split_sentences(text: str) -> list[str]:
    """Split whitespace-normalised French text into sentences, each exactly as written."""
    text = normalise_whitespace(text)
    if not text:
        return []
    protected = _merge_spans([m.span() for m in URL_OR_EMAIL.finditer(text)] + _paired_spans(text))
    starts = [s for s, _ in protected]
    sentences: list[str] = []
    begin = 0
    for match in CANDIDATE.finditer(text):
        end = match.end()
        closed = match.start() + len(match.group(0).rstrip())
        if end >= len(text) or _inside(protected, starts, closed):
            continue
        if _is_abbreviation(text, match.start()):
            continue
        sentences.append(text[begin:end].rstrip())
        begin = end
    tail = text[begin:].strip()
    if tail:
        sentences.append(tail)
    return sentences
