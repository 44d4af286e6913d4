"""French dates in press releases → ISO 8601, and their German spellings."""

from __future__ import annotations

import re
from datetime import date

FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
DE_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
FR_MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
_MONTH_ALT = "|".join(sorted(FR_MONTHS, key=len, reverse=True))
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
WORDED_DATE = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_ALT})\s+(\d{{4}})\b", re.IGNORECASE)
ANY_DATE = re.compile(f"{NUMERIC_DATE.pattern}|{WORDED_DATE.pattern}", re.IGNORECASE)
GERMAN_DATE = re.compile(rf"\b(\d{{1,2}})\.\s*({'|'.join(DE_MONTHS)}|Jänner)\s+(\d{{4}})\b")
WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?,?"


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_french_date(text: str) -> date | None:
    """First date in ``text``: "09/07/2021", "9 juillet 2021", "1er avril 2021"."""
    match = ANY_DATE.search(text)
    if not match:
        return None
    if match.group(1):
        return _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return _valid(int(match.group(6)), FR_MONTHS[match.group(5).lower()], int(match.group(4)))


def parse_any_date(text: str) -> date | None:
    """First French date in ``text``, else a German one ("11. Oktober 2018", seen in datelines)."""
    found = parse_french_date(text)
    if found:
        return found
    match = GERMAN_DATE.search(text)
    if not match:
        return None
    month = 1 if match.group(2) == "Jänner" else DE_MONTHS.index(match.group(2)) + 1
    return _valid(int(match.group(3)), month, int(match.group(1)))


def french_long(day: date) -> str:
    """9 juillet 2021 (1er for the first of the month)."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {FR_MONTH_NAMES[day.month - 1]} {day.year}"


def german_long(day: date) -> str:
    """9. Juli 2021."""
    return f"{day.day}. {DE_MONTHS[day.month - 1]} {day.year}"
