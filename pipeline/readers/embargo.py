"""Embargo lines: "Sous embargo jusqu'au 12 mars 2025 à 10 h", "EMBARGO : 4 juin 2026, 8h30", "Ne pas
diffuser avant le 15 janvier 2026 à 9 h" → the ISO 8601 moment (Europe/Paris) before which the release
must not leave the machine.

Embargo fails closed: any line that speaks of an embargo (French "embargo", German "Sperrfrist",
English "embargoed") and gives no date this reader can read — "Sous embargo jusqu'à nouvel ordre", a
bare "EMBARGO", a date without a year, "Embargoed until …" — puts the release under embargo with no
end (``UNDATED``) until the user overrides it with --ignore-embargo."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.language.dates import ANY_DATE, GERMAN_DATE, parse_any_date, parse_french_date

EMBARGO = re.compile(
    r"^(?:(?:sous\s+)?embargo\b\s*(?::|jusqu['’]\s*(?:au|à)|avant\s+le)?|"
    r"ne\s+pas\s+(?:diffuser|publier)\s+avant(?:\s+le)?|"
    r"diffusion\s+(?:interdite\s+avant|autorisée\s+à\s+partir\s+du)(?:\s+le)?)\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
UNDATED = "undated"  # under embargo, no end date given or readable
# An embargo notice: the word heads the line, or stands in a notice's phrasing inside a sentence.
NOTICE = re.compile(r"^\W*(?:embargo(?:ed)?|sperrfrist)\b|\bsous\s+embargo\b|\bembargo(?:ed)?\s+(?:jusqu|until|till|"
                    r"bis|avant|:)|\bsperrfrist\b|\bne\s+pas\s+(?:diffuser|publier)\s+avant\b", re.IGNORECASE)
NOTICE_LINE = 160  # characters: a line this short that names an embargo is a notice, not a sentence about one
TIME = re.compile(r"\s*(?:à|,|-|–)?\s*(\d{1,2})\s*(?:h|heures?|:)\s*(\d{2})?\b", re.IGNORECASE)
PARIS = "Europe/Paris"


def embargo_notice(text: str) -> str | None:
    """For a line or sentence that gives notice of an embargo: its moment (ISO 8601), else ``UNDATED``;
    None when the text gives no such notice (a sentence about a trade embargo is none)."""
    notice = NOTICE.search(text)
    if notice is None or (len(text) > NOTICE_LINE and notice.start() > 0 and not text.lower().startswith("communiqué")):
        return None
    return parse_embargo(text[notice.start():]) or _dated_after(text[notice.start():]) or UNDATED


def _dated_after(text: str) -> str | None:
    """A French or German date (with its year) after the notice's words, at midnight unless a time follows."""
    found = ANY_DATE.search(text) or GERMAN_DATE.search(text)
    day = parse_any_date(found.group(0)) if found else None
    if found is None or day is None:
        return None
    time = TIME.match(text[found.end():])
    hour, minute = (int(time.group(1)), int(time.group(2) or 0)) if time else (0, 0)
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(PARIS)).isoformat()


def parse_embargo(text: str) -> str | None:
    """The ISO 8601 moment of an embargo line, or None when the line is not one."""
    match = EMBARGO.match(text.strip())
    if not match:
        return None
    rest = match.group("rest")
    found = ANY_DATE.search(rest)
    day = parse_french_date(found.group(0)) if found else None
    if found is None or day is None:
        return None
    after = rest[found.end():]
    time = TIME.match(after)
    hour, minute = (int(time.group(1)), int(time.group(2) or 0)) if time else (0, 0)
    if hour > 23 or minute > 59:
        return None

    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(PARIS))
    return moment.isoformat()
