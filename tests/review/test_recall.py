"""Recall on a fixed sample: human WMT translations damaged one way at a time (tests/damage.py), with
the shipped glossary and with the EU-politics glossary of tests/data. A check that stops catching a
kind of damage fails here; `make bench` prints the same table on the three whole sets."""

import pytest

from pipeline.glossary import load_glossary
from pipeline.review.qa import build_pairs
from tests.conftest import DATA, shared_file
from tests.damage import DAMAGES, recall
from tests.glossary.test_glossary import ROOT_GLOSSARY

LINES = 250
# Measured on this sample; the whole sets are in the closing note of issue 10. Kinds below 100 % miss
# cases where the human reference itself already differs (a name misspelled in the French source, a
# French title in quotes kept on purpose).
FLOOR = {"leave a French clause": 0.98, "drop a person name": 0.93, "misspell a person name": 0.96,
         "copy the French source": 0.99, "drop the end punctuation": 0.99}


@pytest.fixture(scope="module", params=[("euelections_dev2019", "eu"), ("newstest2020", "shipped")])
def tallies(request):
    name, which = request.param
    sources = shared_file(f"eval/{name}.fr-de.fr").read_text(encoding="utf-8").splitlines()[:LINES]
    targets = shared_file(f"eval/{name}.fr-de.de").read_text(encoding="utf-8").splitlines()[:LINES]
    glossary = load_glossary(DATA / "glossary_eu.csv" if which == "eu" else ROOT_GLOSSARY)
    pairs = build_pairs(sources, targets, glossary, [str(i) for i in range(1, LINES + 1)])
    return recall(pairs)


def test_every_damage_kind_is_caught(tallies) -> None:
    low = {kind: f"{t.caught}/{t.cases}" for kind, t in tallies.items() if t.recall < FLOOR.get(kind, 1.0)}
    assert low == {}, {kind: tallies[kind].missed[:3] for kind in low}


def test_the_sample_exercises_every_kind(tallies) -> None:
    assert set(tallies) == set(DAMAGES)
    common = {kind for kind, t in tallies.items() if t.cases >= 20}
    assert common >= {"drop a required term", "copy the French source", "leave a French clause", "French quotes",
                      "double a space", "drop the end punctuation", "unbalance a bracket", "misspell a person name",
                      "drop a person name", "change a number"}
