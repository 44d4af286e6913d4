"""Inline tags: written in and read back, projected from the French, checked as a CAT tool does."""

from __future__ import annotations

import pytest

from pipeline.language.tags import Tag, TagError, project, tag_findings, tagged, untagged

FRENCH = "Le trajet dure 25 minutes et coûte 3,50 euros."
FRENCH_TAGS = [Tag(1, "b", 15, 25), Tag(2, "i", 35, 45)]
GERMAN = "Die Fahrt dauert 25 Minuten und kostet 3,50 Euro."


def test_tags_written_in_and_read_back() -> None:
    text = tagged(FRENCH, FRENCH_TAGS)
    assert text == "Le trajet dure <b1>25 minutes</b1> et coûte <i2>3,50 euros</i2>."
    assert untagged(text) == (FRENCH, FRENCH_TAGS)
    nested = "<a1>voir <b2>ici</b2></a1>"
    assert tagged(*untagged(nested)) == nested


@pytest.mark.parametrize(("text", "says"), [
    ("Die <b1>Fahrt", "opened and never closed"),
    ("Die Fahrt</b1>", "closes a tag that is not open"),
    ("<b1>Die</b1> <b1>Fahrt</b1>", "appears twice"),
])
def test_tags_that_do_not_pair_are_refused(text: str, says: str) -> None:
    with pytest.raises(TagError, match=says):
        untagged(text)


def test_projection_places_what_reads_alike_and_leaves_the_rest() -> None:
    assert project(FRENCH, FRENCH_TAGS, GERMAN) == [Tag(1, "b", 17, 27), Tag(2, "i", 39, 48)]
    assert GERMAN[17:27] == "25 Minuten" and GERMAN[39:48] == "3,50 Euro"
    assert project("Le programme Grande Région paie.", [Tag(1, "i", 13, 26)], "Das Programm Großregion zahlt.") == []


@pytest.mark.parametrize(("german_tags", "kinds"), [
    ([Tag(1, "b", 17, 27), Tag(2, "i", 39, 48)], []),
    ([Tag(1, "b", 17, 27)], ["tag-missing"]),
    ([Tag(1, "b", 17, 27), Tag(2, "i", 39, 48), Tag(3, "b", 0, 3)], ["tag-extra"]),
    ([Tag(2, "i", 0, 3), Tag(1, "b", 17, 27)], ["tag-order"]),
])
def test_tag_findings(german_tags: list[Tag], kinds: list[str]) -> None:
    assert [f.kind for f in tag_findings(FRENCH_TAGS, german_tags, GERMAN)] == kinds
