"""Output file names: outputs/YYYY-MM-DD_slug.ext, from the release's date and title, safe characters only."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug or "release"


def output_stem(day: str | None, title: str) -> str:
    date_part = day if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else "undated"
    return f"{date_part}_{slugify(title)}"
