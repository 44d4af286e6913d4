"""Where two French sentences differ in what they say, not only in how.

A memory match at 98 % may differ from the new sentence by one word, and that word may turn "plus de
la moitié" into "près de la moitié". The French words that differ (a word-level diff) are looked at:
a difference touching a number, a quantifier or comparative, a negation, a date or a name changes the
meaning; one touching an article, an adjective's agreement or punctuation does not.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from pipeline.language.dates import FR_MONTHS, WEEKDAYS

WORD = re.compile(r"[nN]['’](?=\w)|\d+(?:[ .,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
NUMBER_WORDS = frozenset(
    "zéro deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt "
    "trente quarante cinquante soixante cent cents mille million millions milliard milliards moitié tiers quart "
    "double triple dizaine douzaine vingtaine centaine millier milliers premier première second seconde "
    "deuxième troisième".split())  # "un", "une" are articles far more often than numbers
QUANTIFIERS = frozenset(
    "près plus moins environ presque quasi quasiment autour approximativement davantage autant seulement "
    "uniquement jusqu jusqu'à au-delà au-dessus au-dessous dessous dessus minimum maximum maximal minimal "
    "tous toutes tout chaque certains certaines plusieurs quelques nombreux nombreuses beaucoup peu trop "
    "assez majorité minorité hausse baisse augmentation diminution supérieur supérieure inférieur inférieure".split())
NEGATIONS = frozenset("ne n' n’ pas jamais aucun aucune rien personne nul nulle ni non sans guère".split())
WEEKDAY_WORDS = frozenset(w for w in re.findall(r"[a-zé]+", WEEKDAYS.split("(?:", 1)[1].split(")")[0]) if len(w) >= 5)


def meaning_changes(old: str, new: str) -> list[str]:
    """The French words, in either sentence, whose change alters what is said (empty: harmless)."""
    before, after = _words(old), _words(new)
    changed: list[str] = []
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in before], b=[w.casefold() for w in after],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and _same_spelling(before[i1:i2], after[j1:j2])):
            continue
        for word, position, words in [(w, i, before) for i, w in enumerate(before[i1:i2], i1)] + \
                                     [(w, j, after) for j, w in enumerate(after[j1:j2], j1)]:
            if _weighs(word, position == 0 or words[position - 1] in ".!?") and word not in changed:
                changed.append(word)
    return changed


def _same_spelling(old: list[str], new: list[str]) -> bool:
    """A spelling fix, not a change: the same letters once case, accents, hyphens and spaces are set
    aside ("Rhénanie-du-NordWestphalie" → "Rhénanie-du-Nord-Westphalie")."""
    def letters(words: list[str]) -> str:
        text = unicodedata.normalize("NFKD", "".join(words).casefold())
        return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))

    return letters(old) == letters(new) and bool(letters(old))


def _words(text: str) -> list[str]:
    return [m.group(0) for m in WORD.finditer(text)]


def _weighs(word: str, sentence_start: bool) -> bool:
    """A number, a quantifier, a negation, a date word, or a name (capitalised inside the sentence)."""
    folded = word.casefold()
    if word[:1].isdigit() or folded in NUMBER_WORDS:
        return True
    if folded in QUANTIFIERS or folded in NEGATIONS or folded.startswith(("jusqu", "n'", "n’")):
        return True
    if folded in FR_MONTHS or folded in WEEKDAY_WORDS:
        return True
    return word[:1].isupper() and not sentence_start
