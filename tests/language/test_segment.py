import pytest

from pipeline.language.segment import normalise_whitespace, split_sentences

CASES = [
    (
        "Dans un esprit partenarial, Xavier Bertrand Président de la Région Hauts-de-France a été reçu "
        "ce vendredi 9 juillet, par Armin Laschet, Ministre-Président de la Région "
        "Rhénanie-du-NordWestphalie (Allemagne). La coopération qui lie les deux Régions est renouvelée.",
        2,
    ),
    ("M. Dupont et Mme Durand sont arrivés. MM. Martin et Petit aussi.", 2),
    ("Le Dr Morel et J.-M. Martin ont signé. Ils repartent.", 2),
    ("Voir l'art. 3 du traité, p. 12, et le n° 45. Fin.", 2),
    ("Cf. Annexe. Puis la suite.", 2),
    ("Le budget atteint 1 400 euros, soit 3,5 % et 2.5 fois plus. Bien.", 2),
    ("Le 1er mai et le 50e anniversaire. Ensuite.", 2),
    ("Il hésite… Puis il signe.", 2),
    ("« Nous sommes prêts. Nous allons agir », a déclaré le président. Ensuite.", 3),
    ("Kehl, 11. Oktober 2018 – Le Conseil a voté.", 1),
    ("Il a dit « Nous allons agir. » Le lendemain, il signe.", 2),
    ("(Voir plus bas. Vraiment.) Puis la suite.", 2),
    ("Écrivez à presse@region.fr. Visitez https://www.region.fr/a.b?x=1. Merci.", 3),
    ("Consultez www.hautsdefrance.fr. Merci !", 2),
    ("Pourquoi ? Parce que. Et alors !", 3),
    ("La mobilité des jeunes ;", 1),
    ("Des pommes, des poires, etc. Le lendemain, rien.", 2),
    ("St-Omer et Ste. Marie sont loin. Oui.", 2),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_sentence_counts(text: str, count: int) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == count, sentences


@pytest.mark.parametrize(("text", "_count"), CASES)
def test_segments_rebuild_the_source(text: str, _count: int) -> None:
    assert " ".join(split_sentences(text)) == normalise_whitespace(text)


def test_initials_and_titles_stay_with_their_name() -> None:
    assert split_sentences("J.-M. Martin et M. Durand arrivent.") == ["J.-M. Martin et M. Durand arrivent."]


def test_typos_are_kept() -> None:
    assert split_sentences("La Rhénanie-du-NordWestphalie.") == ["La Rhénanie-du-NordWestphalie."]


def test_whitespace_is_folded_but_no_break_space_kept() -> None:
    assert normalise_whitespace("  a\n  b\t c\u00a0: d ") == "a b c\u00a0: d"


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("   \n ") == []
