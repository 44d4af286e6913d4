"""Each QA check on cases a reviewer would raise, and quiet on correct translations."""

import pytest

from pipeline.glossary import Glossary
from pipeline.review.qa import CHECKS, ReleaseContext, build_pairs, registered_checks, run_checks

EMPTY = Glossary(())


def kinds(source: str, target: str, kind: str = "") -> set[str]:
    pair = build_pairs([source], [target], EMPTY, ["1"], kinds=[kind])[0]
    return {f.kind for f in run_checks(pair)}


FLAGGED = [
    ("Le budget atteint 1 400 euros.", "Das Budget erreicht 1.500 Euro.", "number-missing"),
    ("Le taux est de 3,5 %.", "Die Quote liegt bei 35 %.", "number-missing"),
    ("Le 50e anniversaire.", "Der 60. Jahrestag.", "number-missing"),
    ("Publié le 09/07/2021.", "Veröffentlicht am 10.07.2021.", "date-mismatch"),
    ("Reçu le vendredi 9 juillet 2021.", "Am Donnerstag, dem 9. Juli 2021, empfangen.", "date-mismatch"),
    ("La réunion aura lieu en mars.", "Das Treffen findet im April statt.", "date-mismatch"),
    ("La Région signe un accord avec ses partenaires.", "La Région signe un accord avec ses partenaires.", "untranslated"),
    ("La Région signe un accord avec ses partenaires.", "La Région a signé un accord avec les partenaires.", "untranslated"),
    ("La Région signe un accord.", "", "empty"),
    ("L'objectif : agir.", "Das Ziel : handeln.", "space-before-punctuation"),
    ("Il a dit « oui ».", "Er sagte « ja ».", "french-quotes"),
    ("Il a dit (oui).", "Er sagte (ja.", "unpaired"),
    ("Il a signé.", "Er hat  unterschrieben.", "double-space"),
    ("Il a signé.", "Hat er unterschrieben?", "end-punctuation"),
    ("Il a signé l'accord avec ses partenaires européens ce vendredi à Aix-la-Chapelle, comme prévu.",
     "Er hat das Abkommen mit seinen europäischen Partnern an diesem Freitag in Aachen wie geplant unterzeichnet",
     "end-punctuation"),
    ("Armin Laschet a reçu Xavier Bertrand.", "Der Ministerpräsident hat Xavier Bertrand empfangen.", "name-missing"),
    ("Armin Laschet a reçu Xavier Bertrand.", "Armin hat Xavier Bertrand empfangen.", "name-missing"),
    ("Armin Laschet a reçu Xavier Bertrand.", "Armin Lashcet hat Xavier Bertrand empfangen.", "name-misspelled"),
    ("Isolement.", "Isolement.", "untranslated"),
    ("Pourquoi pas ?", "Pourquoi pas?", "untranslated"),
    ("L'objectif : intensifier encore les relations bilatérales.",
     "Das Ziel: intensifier encore les relations bilatérales.", "partly-untranslated"),
    ("Le vote aura lieu entre le 23 et le 26 mai (le 26 mai en France).",
     "Die Wahl findet zwischen dem 23. und 27. Mai statt (am 26. Mai in Frankreich).", "date-mismatch"),
    ("« Nous signons », a-t-il dit.", "„Wir unterschreiben, sagte er.", "unpaired"),
    ("« Nous signons.", "Wir unterschreiben.", "unpaired"),
    ("Les libéraux pourraient devenir le troisième parti.", "Liberale könnten drittstärkste Fraktion werden",
     "end-punctuation"),
]


@pytest.mark.parametrize(("source", "target", "kind"), FLAGGED)
def test_problems_are_flagged(source: str, target: str, kind: str) -> None:
    assert kind in kinds(source, target)


QUIET = [
    ("Le budget atteint 1 400 euros, soit 3,5 % de plus.", "Das Budget erreicht 1.400 Euro, also 3,5 % mehr."),
    ("Cette coopération se décline autour de 7 thèmes :", "Die Zusammenarbeit gliedert sich in sieben Themen:"),
    ("Le 50e anniversaire du traité.", "Der 50. Jahrestag des Vertrags."),
    ("Publié le 09/07/2021.", "Veröffentlicht am 09.07.2021."),
    ("Reçu ce vendredi 9 juillet 2021 à Aix-la-Chapelle.", "Am Freitag, dem 9. Juli 2021, in Aachen empfangen."),
    ("La séance commence à 20h30.", "Die Sitzung beginnt um 20.30 Uhr."),
    ("Il a dit « oui ».", "Er sagte „ja“."),
    ("Emmanuel Macron a reçu Angela Merkel.", "Emmanuel Macron hat Angela Merkel empfangen."),
    ("Le programme de M. Macron.", "Das Programm Macrons."),
    ("Brexit", "Brexit"),
    ("Emmanuel Macron", "Emmanuel Macron"),
    ("Paris, le 12 mars 2024", "Paris, den 12. März 2024"),
    ("https://www.hautsdefrance.fr", "https://www.hautsdefrance.fr"),
    ("Angela Merkel (CDU) à Paris", "Angela Merkel (CDU) à Paris"),
    ("Il a participé à la Manif pour tous.", "Er nahm an der Demonstration „La Manif pour tous“ teil."),
]


@pytest.mark.parametrize(("source", "target"), QUIET)
def test_correct_translations_are_quiet(source: str, target: str) -> None:
    assert kinds(source, target) == set()


def test_a_heading_may_drop_its_full_stop() -> None:
    source, target = "Les libéraux pourraient devenir le troisième parti.", "Liberale könnten drittstärkste Fraktion werden"
    assert kinds(source, target, "heading") == set()


def test_inconsistency_within_a_release() -> None:
    sources = ["La Région signe un accord.", "Autre chose.", "La Région signe un accord."]
    targets = ["Die Region unterzeichnet ein Abkommen.", "Etwas anderes.", "Die Region schließt ein Abkommen."]
    pairs = build_pairs(sources, targets, EMPTY, ["b1.s1", "b2.s1", "b3.s1"])
    assert [f.kind for f in run_checks(pairs[2], ["consistency"])] == ["inconsistent"]
    assert run_checks(pairs[0], ["consistency"]) == []


def test_length_outlier_against_the_release_norm() -> None:
    sources = [f"La Région soutient le projet numéro {i} avec ses partenaires." for i in range(8)]
    targets = [f"Die Region unterstützt das Projekt Nummer {i} mit ihren Partnern." for i in range(8)]
    targets[3] = "Ja."
    pairs = build_pairs(sources, targets, EMPTY, [str(i) for i in range(8)])
    assert [f.kind for f in run_checks(pairs[3], ["length"])] == ["length"]
    assert run_checks(pairs[2], ["length"]) == []


def test_every_check_is_documented() -> None:
    checks = registered_checks()
    assert set(checks) >= {"glossary", "numbers", "dates", "untranslated", "empty", "typography", "punctuation",
                           "names", "consistency", "length"}
    for name, fn in checks.items():
        assert fn.__doc__ and len(fn.__doc__.split()) >= 5, name
    assert CHECKS is checks and isinstance(ReleaseContext(), ReleaseContext)
