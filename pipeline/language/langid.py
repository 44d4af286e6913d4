"""Which language a release is in, from its function words: fast, deterministic, offline."""

from __future__ import annotations

import re
from collections import Counter

FUNCTION_WORDS = {
    "fr": "le la les des du de et est une un dans pour sur avec qui que ne pas au aux ce cette sont ont "
    "été par nous vous leur",
    "de": "der die das und ist nicht ein eine mit von den dem des zu auf für sich im wird werden auch "
    "sind hat bei nach",
    "en": "the and of to is in that it for on with as are was be by this have from at which will",
    "es": "el la los las y es en que por con una para del se al lo como más pero sus",
    "it": "il la le di che è e un una per con non sono della del gli anche come più",
    "nl": "de het een en van is dat op te in voor niet met zijn ook aan bij als wordt",
}
LANGUAGE_NAMES = {"fr": "French", "de": "German", "en": "English", "es": "Spanish",
                  "it": "Italian", "nl": "Dutch"}
WORD = re.compile(r"[a-zà-öø-ÿäöüß]+")
_WORD_SETS = {lang: frozenset(words.split()) for lang, words in FUNCTION_WORDS.items()}


MIN_FUNCTION_WORDS = 3  # fewer than this and the language cannot be told


def language_scores(text: str, languages: tuple[str, ...] | None = None) -> dict[str, int]:
    """How many of each language's function words the text holds."""
    words = Counter(WORD.findall(text.lower()))
    return {lang: sum(words[w] for w in vocab) for lang, vocab in _WORD_SETS.items()
            if languages is None or lang in languages}


def detect_language(text: str, sample_chars: int = 20_000) -> str | None:
    """ISO code of the most likely language, or None when the text has too few words to tell."""
    scores = language_scores(text[:sample_chars])
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= MIN_FUNCTION_WORDS else None


FRENCH_FUNCTION_WORDS = frozenset(
    "le la les l un une des du de d et est sont à au aux pour par que qu qui dans sur avec ne n pas plus ce "
    "cette ces son sa ses leur leurs il elle ils elles nous vous on été être a ont se s y en mais ou donc "
    "comme très tout tous".split())


def french_word(word: str) -> bool:
    """A lower-case word that is French and not also German (simplemma's dictionaries)."""
    # deferred: simplemma loads only when this runs, not at start-up
    from simplemma import is_known

    if not word[:1].islower():
        return False
    return word in FRENCH_FUNCTION_WORDS or (is_known(word, lang="fr") and not is_known(word, lang="de"))
