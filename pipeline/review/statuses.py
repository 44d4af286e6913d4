"""The words reviewers type into a Status cell, in English, German or French, and the status each names.

Case, accents, spacing, hyphens and a trailing full stop do not matter ("Approved", " freigegeben ",
"validé", "VALIDE", "signed off"). A word not listed here is refused with the list of accepted words.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.model import STATUSES

WORDS: dict[str, tuple[str, ...]] = {
    "new": ("new", "neu", "nouveau", "nouvelle", "a traduire", "untranslated", "nicht ubersetzt"),
    "translated": ("translated", "ubersetzt", "traduit", "traduite", "draft", "entwurf", "brouillon"),
    "reviewed": ("reviewed", "signed off", "gepruft", "uberpruft", "lektoriert", "revise", "revisee", "relu",
                 "relue"),
    "approved": ("approved", "final", "freigegeben", "genehmigt", "valide", "validee", "approuve", "approuvee"),
    "rejected": ("rejected", "abgelehnt", "zuruckgewiesen", "rejete", "rejetee", "refuse", "refusee"),
}
_BY_WORD = {word: status for status, words in WORDS.items() for word in words}
assert set(WORDS) == set(STATUSES)


def fold(word: str) -> str:
    """Lower case, no accents (ä → a, é → e), one space between words, no outer punctuation."""
    text = unicodedata.normalize("NFKD", word.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s_\-]+", " ", text)
    return text.strip(" .:;!")


def status_for(word: str) -> str | None:
    """The status a typed word names; None for an empty cell (keep the status); KeyError if unknown."""
    folded = fold(word)
    if not folded:
        return None
    return _BY_WORD[folded]


def accepted_words() -> str:
    """For error messages: every status with its accepted words."""
    shown = {"new": "new, neu, nouveau", "translated": "translated, übersetzt, traduit",
             "reviewed": "reviewed, geprüft, révisé", "approved": "approved, freigegeben, validé",
             "rejected": "rejected, abgelehnt, rejeté"}
    return "; ".join(f"{status} ({shown[status]})" for status in STATUSES)
