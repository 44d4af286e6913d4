"""Figures of a French text with their unit, as printed: "12 000 habitants", "8,6 millions d’euros",
"plus de 3200 hectares", "90 %", "1,59 M€", "2,3 kilomètres".

A figure is a number followed by its unit (a symbol or a noun); an approximation before it ("plus de",
"près de") is part of it. Left out: numbers without a unit, dates and times of day, years, ordinals
that count a function ("6e adjointe"; "18e édition" is a figure), "deux" in words ("les deux villes"),
phone numbers, postcodes ("67 073 Strasbourg"), e-mail and web addresses. Numbers in words count with a
plural noun ("cinq sites").
"""

from __future__ import annotations

import re

from pipeline.language.dates import ANY_DATE, FR_MONTHS
from pipeline.language.functions import is_role
from pipeline.language.langid import FRENCH_FUNCTION_WORDS

_MONTHS = "|".join(sorted(FR_MONTHS, key=len, reverse=True))
NUMBER = r"\d{1,3}(?:(?:[ \u00a0\u202f]|\.(?=\d{3}\b))\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
APPROXIMATION = (r"(?:(?:un\s+peu\s+)?(?:plus|moins)\s+d(?:e\s+|['’])|près\s+de\s+|environ\s+|quelque\s+|"
                 r"au\s+moins\s+|jusqu['’]à\s+|\+\s?)")
SYMBOL = r"%|€|M€|Md€|k€|\$"
SCALE = r"(?:millions?|milliards?|mille)\s+(?:d['’]|de\s+)[\w’'-]+"
FIGURE = re.compile(rf"(?<![\w,.\-/+])(?P<approx>{APPROXIMATION})?(?P<number>{NUMBER})(?![\w,/]|\.\d)"
                    rf"(?:\s?(?P<symbol>{SYMBOL})|\s(?P<scale>{SCALE})|\s(?P<word>[^\W\d_][\w’'·.-]*[\w’'-]|[^\W\d_]))?",
                    re.IGNORECASE)
_WORDS = ("trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|"
          "quarante|cinquante|soixante|soixante-dix|quatre-vingts?|quatre-vingt-dix|cent|cents|mille")
# "seize jeunes", "cinq sites", "plus de neuf millions de jeunes": a number in words and a plural noun
# ("deux" left out: "les deux villes", "à deux reprises" are turns of phrase far more often than facts).
WORDED = re.compile(rf"(?<![\w-])(?P<approx>{APPROXIMATION})?"
                    rf"(?P<number>(?:{_WORDS})(?:-(?:et-)?(?:{_WORDS}|deux|un|une))*)"
                    rf"(?:\s(?P<scale>{SCALE})|\s(?P<word>[^\W\d_][\w’'-]*[sx]))\b", re.IGNORECASE)
# "18e édition", "12ème semaine consécutive": an ordinal and the noun it counts.
ORDINAL = re.compile(r"(?<![\w,.])(?P<number>\d{1,3})(?:e|ᵉ|er|ère|ème|eme|è)\s(?P<word>[^\W\d_][\w’'-]*)")
TIME_OF_DAY = re.compile(r"\b\d{1,2}\s?h\s?(?:\d{2})?(?:\s?min)?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?heures?\b",
                         re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:(?:et|au|-|–)\s+\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})\b",
                       re.IGNORECASE)
PHONE = re.compile(r"(?:\+\d{2}\s?(?:\(0\)\s?)?|\b0)\d(?:[ .\-]?\d{2}){4}\b")
CONTACT = re.compile(r"\S*@\S+|\b(?:www\.|https?://)\S+|\b(?:t[ée]l|fax|mél|mail|courriel|e-mail)\b\.?\s*:|"
                     r"\b\d{5}\s+[A-ZÉ][\w-]+|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|"
                     r"allée|chemin|quai|route|impasse|cours|square)\b|\b\d{2}\s\d{3}\s+[A-ZÉ][\w-]+\s+Cedex\b|\b(?:CS|BP)\s?\d+\b",
                     re.IGNORECASE)
CONTACT_LINE_WORDS = 8  # a line with a contact item and little else is part of a contact block
YEAR = re.compile(r"^(?:1[89]|20|21)\d{2}$")
ORDINAL_WORD = re.compile(r"^(?:e|er|ère|ème|è|eme|nd|nde)$", re.IGNORECASE)


# Words that cannot be a figure's unit: "12 000 pour le centre", "15 au total" have none. A closed class,
# kept here rather than loading spaCy's stop list (spaCy's import alone takes seconds; a briefing whose
# analyses are stored loads no spaCy).
NOT_UNITS = FRENCH_FUNCTION_WORDS | frozenset("""sur sous entre contre vers chez dont avant après depuis pendant
    selon sans jusqu jusqu' jusqu’ puis aussi ni or car si""".split())


def is_contact_line(line: str) -> bool:
    """A line of a contact block or an address: a phone number, an e-mail or web address, a postcode and
    town, with little else ("Rendez-vous le 12 mars … au 03 20 …" is a sentence, not a contact line)."""
    rest = PHONE.sub(" ", CONTACT.sub(" ", line))
    return rest != line and len(rest.split()) <= CONTACT_LINE_WORDS


def _blanked(text: str) -> str:
    """``text`` with its dates, times, phone numbers and addresses replaced by spaces (offsets kept)."""
    for pattern in (PHONE, CONTACT, ANY_DATE, DAY_MONTH, TIME_OF_DAY):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def figures(text: str) -> list[str]:
    """The figures of ``text`` with their unit, in order, each once."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        blanked = _blanked(line)
        found_here = [*FIGURE.finditer(blanked), *WORDED.finditer(blanked), *ORDINAL.finditer(blanked)]
        for match in sorted(found_here, key=lambda m: m.start()):
            figure = _figure(match, line)
            if figure:
                found.setdefault(figure, None)
    return list(found)


def _figure(match: re.Match[str], line: str) -> str:
    number, word = match.group("number"), match.group("word")
    groups = match.groupdict()
    symbol, scale = groups.get("symbol"), groups.get("scale")
    if match.re is ORDINAL:
        return "" if is_role(word) or word.casefold() in NOT_UNITS else " ".join(match.group(0).split())
    if not (symbol or scale or word):
        return ""
    if word and (ORDINAL_WORD.match(word) or word.casefold() in NOT_UNITS or word[:1].isupper() and
                 YEAR.match(number)):
        return ""
    if YEAR.match(number) and not symbol and not scale:
        return ""
    return " ".join(line[match.start():match.end()].split())
