"""Fuzzy memory matches that change the meaning: a table of French pairs (the memory's source, the new
sentence), each marked as changing the meaning or not, and both rates measured."""

from __future__ import annotations

import pytest

from pipeline.language.meaning import meaning_changes

# (memory source, new source, changes the meaning)
PAIRS = [
    ("Plus de la moitié des élèves participent au programme.", "Près de la moitié des élèves participent au programme.", True),
    ("Environ 200 élèves participent au programme.", "Plus de 200 élèves participent au programme.", True),
    ("Moins de 30 communes sont concernées.", "Plus de 30 communes sont concernées.", True),
    ("La Région finance 40 % du projet.", "La Région finance 60 % du projet.", True),
    ("Le budget atteint 1,2 million d'euros.", "Le budget atteint 1,5 million d'euros.", True),
    ("Trois lycées rejoignent le réseau.", "Quatre lycées rejoignent le réseau.", True),
    ("Le programme est ouvert aux apprentis.", "Le programme n'est pas ouvert aux apprentis.", True),
    ("Les frais de transport sont remboursés.", "Les frais de transport ne sont jamais remboursés.", True),
    ("Aucune commune n'a refusé.", "Une commune a refusé.", True),
    ("La réunion aura lieu le 12 mars.", "La réunion aura lieu le 14 mars.", True),
    ("La réunion aura lieu en mars.", "La réunion aura lieu en avril.", True),
    ("La visite est prévue lundi.", "La visite est prévue mardi.", True),
    ("Le président de la Région Hauts-de-France a signé.", "Le président de la Région Grand Est a signé.", True),
    ("La ministre a reçu Armin Laschet.", "La ministre a reçu Hendrik Wüst.", True),
    ("La délégation se rend à Düsseldorf.", "La délégation se rend à Cologne.", True),
    ("Le coût dépasse le budget prévu.", "Le coût reste inférieur au budget prévu.", True),
    ("Tous les collèges sont concernés.", "Certains collèges sont concernés.", True),
    ("Les inscriptions sont ouvertes jusqu'au 30 juin.", "Les inscriptions sont ouvertes depuis le 30 juin.", True),
    ("La Région participe avec la ville.", "La Région participe sans la ville.", True),
    ("La hausse des crédits est confirmée.", "La baisse des crédits est confirmée.", True),
    ("La Région a signé un accord avec la Rhénanie.", "La Région a signé un nouvel accord avec la Rhénanie.", False),
    ("La Région a signé un accord avec la Rhénanie.", "La Région a signé l'accord avec la Rhénanie.", False),
    ("Le conseil régional a adopté le texte.", "Le conseil régional a adopté ce texte.", False),
    ("Les élus ont salué une coopération exemplaire.", "Les élus ont salué une coopération remarquable.", False),
    ("Cette coopération est essentielle.", "Cette coopération est très importante.", False),
    ("La délégation a visité le port.", "La délégation a visité le port fluvial.", False),
    ("Le projet renforce les échanges.", "Le projet renforce les échanges culturels.", False),
    ("Les jeunes pourront partir en stage.", "Les jeunes pourront effectuer un stage.", False),
    ("La Région soutient les entreprises.", "La Région accompagne les entreprises.", False),
    ("Le dispositif sera présenté aux élus.", "Le dispositif sera présenté aux élus régionaux.", False),
    ("Les partenaires se sont réunis à l'hôtel de Région.", "Les partenaires se sont retrouvés à l'hôtel de Région.", False),
    ("Il s'agit d'une étape importante.", "Il s'agit d'une étape décisive.", False),
    ("Le programme favorise la mobilité des apprentis.", "Le programme favorise la mobilité des jeunes apprentis.", False),
    ("La convention a été signée mardi.", "La convention a été signée mardi dernier.", False),
    ("Les échanges scolaires reprennent.", "Les échanges scolaires reprennent enfin.", False),
    ("La Rhénanie-du-NordWestphalie coopère.", "La Rhénanie-du-Nord-Westphalie coopère.", False),  # a typo fixed
    ("Le president Xavier Bertrand a signé.", "Le président Xavier Bertrand a signé.", False),
    ("Le festival attire un large public.", "Le festival attire un public nombreux.", True),
]


def rates() -> tuple[float, float]:
    """(meaning-changing pairs flagged, harmless pairs flagged)."""
    changing = [bool(meaning_changes(a, b)) for a, b, c in PAIRS if c]
    harmless = [bool(meaning_changes(a, b)) for a, b, c in PAIRS if not c]
    return sum(changing) / len(changing), sum(harmless) / len(harmless)


def test_the_table_is_large_enough() -> None:
    assert len(PAIRS) >= 30 and sum(c for *_, c in PAIRS) >= 15 and sum(not c for *_, c in PAIRS) >= 15


def test_meaning_changes_are_caught_and_harmless_edits_pass() -> None:
    caught, false_alarms = rates()
    assert caught == 1.0, [(a, b) for a, b, c in PAIRS if c and not meaning_changes(a, b)]
    assert false_alarms <= 0.1, [(a, b, meaning_changes(a, b)) for a, b, c in PAIRS if not c and meaning_changes(a, b)]


@pytest.mark.parametrize(("old", "new", "words"), [
    ("Plus de la moitié des élèves.", "Près de la moitié des élèves.", ["Plus", "Près"]),
    ("Le programme est ouvert.", "Le programme n'est pas ouvert.", ["n'", "pas"]),
])
def test_the_changed_words_are_named(old: str, new: str, words: list[str]) -> None:
    assert meaning_changes(old, new) == words
