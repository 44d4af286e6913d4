"""A press officer's corrections of key facts: kept with the release, newest in force, history kept,
applied to the briefing and surviving a rerun."""

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import StoreError
from pipeline.glossary import load_glossary
from pipeline.render.briefing import build_briefing
from pipeline.render.keyfacts import KeyFacts, corrected
from pipeline.review.store import FactCorrection, ReviewStore
from tests.review.conftest import RELEASE


def correction(action: str, fact: str, fr: str = "", de: str = "", kind: str = "people") -> FactCorrection:
    return FactCorrection(kind, fact, action, fr, de, author="Claire Roux")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "weather"}, "not a kind of key fact"),
    ({"action": "delete"}, "not a correction"),
    ({"action": "correct", "fr": ""}, "needs its French text"),
    ({"fact": " "}, "names the fact"),
    ({"author": ""}, "names the fact and who"),
    ({"fr": "x" * 301, "action": "add"}, "at most 300"),
])
def test_a_correction_that_cannot_be_kept_is_refused(kwargs: dict, message: str) -> None:
    fields = {"kind": "people", "fact": "Jean Dupont", "action": "strike", "fr": "", "de": "",
              "author": "Claire Roux"} | kwargs
    with pytest.raises(StoreError, match=message):
        FactCorrection(**fields)


def test_corrections_strike_correct_add_and_restore() -> None:
    facts = KeyFacts(people=[("Jean Dupont, maire", "Jean Dupont, Bürgermeister"), ("Musée Rodin", "Musée Rodin")],
                     figures=["12 écoles", "3 rue"])
    corrections = {("people", "Musée Rodin"): correction("strike", "Musée Rodin"),
                   ("people", "Jean Dupont, maire"): correction("correct", "Jean Dupont, maire", "Jean Dupont, maire de Lens",
                                                                "Jean Dupont, Bürgermeister von Lens"),
                   ("people", "Anne Roy"): correction("add", "Anne Roy", "Anne Roy, préfète", "Anne Roy, Präfektin"),
                   ("figures", "3 rue"): correction("strike", "3 rue", kind="figures"),
                   ("figures", "12 écoles"): correction("restore", "12 écoles", kind="figures")}
    fixed = corrected(facts, corrections)
    assert fixed.people == [("Jean Dupont, maire de Lens", "Jean Dupont, Bürgermeister von Lens"),
                            ("Anne Roy, préfète", "Anne Roy, Präfektin")]
    assert fixed.figures == ["12 écoles"]


def test_the_newest_correction_is_in_force_and_all_are_history(translated) -> None:
    store = ReviewStore()
    store.record_fact(RELEASE, correction("strike", "Armin Laschet"))
    store.record_fact(RELEASE, correction("restore", "Armin Laschet"))
    store.record_fact(RELEASE, correction("correct", "Armin Laschet", "Armin Laschet, ancien ministre-président"))
    assert store.fact_corrections(RELEASE)[("people", "Armin Laschet")].action == "correct"
    assert [c.action for c in store.fact_history(RELEASE)] == ["strike", "restore", "correct"]
    with pytest.raises(StoreError):
        store.record_fact("unknown.txt", correction("strike", "Armin Laschet"))


def test_the_briefing_shows_the_corrections_and_they_survive_a_rerun(translated, capsys) -> None:
    store = ReviewStore()
    glossary = load_glossary(Path("glossary.csv"))
    people = [fr for fr, _ in build_briefing(store, RELEASE, glossary, "Presse").people]
    assert any(fr.startswith("Armin Laschet") for fr in people)
    found = next(fr for fr in people if fr.startswith("Armin Laschet"))
    store.record_fact(RELEASE, correction("strike", found))
    store.record_fact(RELEASE, correction("add", "Hendrik Wüst", "Hendrik Wüst, ministre-président",
                                          "Hendrik Wüst, Ministerpräsident"))
    assert main(["translate", str(translated)]) == 0  # a rerun
    capsys.readouterr()
    briefing = build_briefing(ReviewStore(), RELEASE, glossary, "Presse")
    assert not any(fr.startswith("Armin Laschet") for fr, _ in briefing.people)
    assert ("Hendrik Wüst, ministre-président", "Hendrik Wüst, Ministerpräsident") in briefing.people
