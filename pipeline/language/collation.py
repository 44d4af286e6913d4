"""French dictionary order, shared by every list a reader scans (glossary appendix, key facts)."""

from __future__ import annotations

import unicodedata


def french_order(text: str) -> tuple[str, str]:
    """Dictionary order: letters first without accents or case (énergie before zéro), then the accents
    and case decide between otherwise equal words."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return bare, text
