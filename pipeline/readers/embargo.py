"""Embargo lines: "Sous embargo jusqu'au 12 mars 2025 à 10 h", "EMBARGO : 4 juin 2026, 8h30", "Ne pas
diffuser avant le 15 janvier 2026 à 9 h" → the ISO 8601 moment (Europe/Paris) before which the release
must not leave the machine. A line without a readable date is not taken for one."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.language.dates import ANY_DATE, parse_french_date

EMBARGO = re.compile(
    r"^(?:(?:sous\s+)?embargo\b\s*(?::|jusqu['’]\s*(?:au|à)|avant\s+le)?|"
    r"ne\s+pas\s+(?:diffuser|publier)\s+avant(?:\s+le)?|"
    r"diffusion\s+(?:interdite\s+avant|autorisée\s+à\s+partir\s+du)(?:\s+le)?)\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
TIME = re.compile(r"\s*(?:à|,|-|–)?\s*(\d{1,2})\s*(?:h|heures?|:)\s*(\d{2})?\b", re.IGNORECASE)
PARIS = "Europe/Paris"


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
