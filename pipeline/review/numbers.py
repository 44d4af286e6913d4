"""Numbers and dates as they are written in French sources and German targets."""

from __future__ import annotations

import re
from datetime import date

from pipeline.language.dates import ANY_DATE, DE_MONTHS, FR_MONTHS, parse_french_date

NUMBER = re.compile(r"(?<![\w])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)((?:[.,]\d+)*)(?![\d])")
GERMAN_TIME = re.compile(r"\b(\d{1,2})[.:](\d{2})(?=\s*Uhr\b)")
GERMAN_WORDS = {
    "null": "0", "ein": "1", "eine": "1", "einen": "1", "einem": "1", "einer": "1", "eins": "1",
    "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7", "acht": "8",
    "neun": "9", "zehn": "10", "elf": "11", "zwölf": "12", "zwanzig": "20", "dreißig": "30",
    "hundert": "100", "tausend": "1000", "erste": "1", "ersten": "1", "erster": "1", "zweite": "2",
    "zweiten": "2", "dritte": "3", "dritten": "3", "vierte": "4", "vierten": "4", "fünfte": "5",
    "fünften": "5", "sechste": "6", "siebte": "7", "achte": "8", "neunte": "9", "zehnte": "10",
    "doppelt": "2", "halb": "0,5", "hälfte": "0,5", "dutzend": "12", "beide": "2", "beiden": "2",
}
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
FR_WEEKDAYS = {"lundi": "Montag", "mardi": "Dienstag", "mercredi": "Mittwoch", "jeudi": "Donnerstag",
               "vendredi": "Freitag", "samedi": "Samstag", "dimanche": "Sonntag"}
FR_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(FR_MONTHS, key=len, reverse=True)) + r")\b", re.I)
FR_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(FR_WEEKDAYS) + r")\b", re.I)
DAY_MONTH_FR = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(FR_MONTHS) + r")\b", re.I)
NUMERIC_DE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
WORDED_DE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(DE_MONTHS) + r")(?:\s+(\d{4}))?", re.I)


def canonical(integer: str, rest: str, thousands: str) -> str:
    """'1 400' → '1400'; '3,5' → '3,5'; '09' → '9'. ``thousands`` is the group separator that
    may also appear in ``rest`` ('.' in German and in French "2.500")."""
    integer = re.sub(r"\D", "", integer).lstrip("0") or "0"
    decimals = ""
    for part in re.findall(r"[.,]\d+", rest):
        if part[0] == thousands and len(part) == 4 and not decimals:
            integer += part[1:]
        else:
            decimals = part[1:]
    return f"{integer},{decimals}" if decimals else integer


def french_numbers(text: str) -> set[str]:
    """Numbers of a French text outside its dates, canonical."""
    text = ANY_DATE.sub(" ", text)
    return {canonical(m.group(1), m.group(2), ".") for m in NUMBER.finditer(text)}


def german_numbers(text: str) -> set[str]:
    """Numbers of a German text, digits and number words, canonical."""
    found: set[str] = set()
    for hour, minute in GERMAN_TIME.findall(text):
        found.update((hour.lstrip("0") or "0", minute.lstrip("0") or "0"))
    found.update(canonical(m.group(1), m.group(2), ".") for m in NUMBER.finditer(text))
    for m in NUMBER.finditer(text):  # "1.400" is also 1 and 400 in a list like "1.400 und 2.500"
        found.update(canonical(p, "", ".") for p in re.split(r"[.,\s]", m.group(0)) if p)
    found.update(GERMAN_WORDS[w.lower()] for w in WORD.findall(text) if w.lower() in GERMAN_WORDS)
    return found


def digits_only(text: str) -> set[str]:
    """Numbers written in digits in a German text, dates and times of day left out, canonical."""
    text = NUMERIC_DE.sub(" ", WORDED_DE.sub(" ", GERMAN_TIME.sub(" ", text)))
    return {canonical(m.group(1), m.group(2), ".") for m in NUMBER.finditer(text)}


def french_dates(text: str) -> list[date]:
    return [d for m in ANY_DATE.finditer(text) if (d := parse_french_date(m.group(0)))]


def german_dates(text: str) -> set[tuple[int | None, int, int]]:
    """(year or None, month, day) written in German, numerically or with month names."""
    found: set[tuple[int | None, int, int]] = set()
    for day, month, year in NUMERIC_DE.findall(text):
        found.add((int(year), int(month), int(day)))
    for match in WORDED_DE.finditer(text):
        month = [m.lower() for m in DE_MONTHS].index(match.group(2).lower()) + 1
        year = int(match.group(3)) if match.group(3) else None
        found.add((year, month, int(match.group(1))))
    return found
