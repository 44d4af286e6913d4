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


_DAY = r"(?:1er|[12]\d|3[01]|0?[1-9])"
_MONTH = rf"(?:{_MONTH_ALT})"
_YEAR = r"(?:\s+(?P<{}>(?:1[89]|20)\d{{2}}))?"
DATE_RANGE = re.compile(
    rf"\b(?:du|depuis\s+le)\s+(?:{WEEKDAYS}\s+)?(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}){_YEAR.format('y1')})?"
    rf"\s+(?:au|jusqu['’]au)\s+(?:{WEEKDAYS}\s+)?(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}){_YEAR.format('y2')}"
    rf"|\b(?:les\s+|des\s+)?(?P<days>{_DAY}(?:\s*,\s*{_DAY})*\s+(?:et|&|au|-|–)\s+{_DAY})\s+(?P<m3>{_MONTH})"
    rf"{_YEAR.format('y3')}", re.IGNORECASE)
SHORT_NUMERIC_DATE = r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2})(?![\d/.])"  # 9.12.22
DAY_DATE = re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}){_YEAR.format('y')}|{NUMERIC_DATE.pattern}|"
                      rf"{SHORT_NUMERIC_DATE}", re.IGNORECASE)


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return f"--{month:02d}-{day:02d}" if _valid(2024, month, day) else None  # 2024: 29 February exists
    found = _valid(year, month, day)
    return found.isoformat() if found else None


def _day_number(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def date_mentions(text: str, year: int | None = None) -> list[str]:
    """Every date of ``text`` in ISO form, in order, each once: "2016-04-07"; a range "du 1er au 8 avril
    2016" or "les 12, 13 et 14 juillet" as "start/end"; a date without its year takes ``year`` (the
    release's), or stays year-less ("--07-20") when that is not known."""
    found: dict[str, None] = {}
    covered: list[tuple[int, int]] = []
    for match in DATE_RANGE.finditer(text):
        iso = _range_iso(match, year)
        if iso:
            found.setdefault(iso, None)
            covered.append(match.span())
    for match in DAY_DATE.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        if match.group("d"):
            printed = match.group("y")
            iso = _iso(int(printed) if printed else year, FR_MONTHS[match.group("m").lower()],
                       _day_number(match.group("d")))
        elif match.group(4):
            iso = _iso(int(match.group(6)), int(match.group(5)), int(match.group(4)))  # dd/mm/yyyy
        else:
            iso = _iso(2000 + int(match.group(9)), int(match.group(8)), int(match.group(7)))  # dd.mm.yy
        if iso:
            found.setdefault(iso, None)
    return list(found)


def _range_iso(match: re.Match[str], year: int | None) -> str | None:
    if match.group("days"):
        days = re.findall(_DAY, match.group("days"), re.IGNORECASE)
        first, last, month = days[0], days[-1], match.group("m3")
        start_month = end_month = FR_MONTHS[month.lower()]
        printed = match.group("y3")
        start_year = end_year = int(printed) if printed else year
    else:
        first, last = match.group("d1"), match.group("d2")
        end_month = FR_MONTHS[match.group("m2").lower()]
        start_month = FR_MONTHS[match.group("m1").lower()] if match.group("m1") else end_month
        end_year = int(match.group("y2")) if match.group("y2") else year
        start_year = int(match.group("y1")) if match.group("y1") else end_year
    start = _iso(start_year, start_month, _day_number(first))
    end = _iso(end_year, end_month, _day_number(last))
    return f"{start}/{end}" if start and end else None


def _spelled(iso: str, months: tuple[str, ...], german: bool) -> str:
    parts = iso.lstrip("-").split("-")
    year = parts[0] if len(parts) == 3 else ""
    month, day = int(parts[-2]), int(parts[-1])
    shown = f"{day}." if german else "1er" if day == 1 else str(day)
    return f"{shown} {months[month - 1]}" + (f" {year}" if year else "")


def spelled_date(iso: str, german: bool = False) -> str:
    """"2016-04-07" → "7 avril 2016" / "7. April 2016"; "--07-20" → "20 juillet"; a range "start/end" →
    "1er avril 2016 – 8 avril 2016"."""
    months = DE_MONTHS if german else FR_MONTH_NAMES
    return " – ".join(_spelled(part, months, german) for part in iso.split("/"))
