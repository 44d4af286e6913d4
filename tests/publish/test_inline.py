"""The inline rewrite shared by the Word and HTML writers: finding segments, placing codes and breaks."""

from __future__ import annotations

import pytest

from pipeline.publish.inline import Piece, assign, locate, rewrite

BOLD, PLAIN, LINK = ("b",), (), ("a",)


def pieces(*parts: tuple[str, tuple[str, ...]]) -> list[Piece]:
    return [Piece(text, key, key, link=key == LINK) for text, key in parts]


def runs(result: list[Piece]) -> list[tuple[str, tuple[str, ...]]]:
    joined: list[tuple[str, tuple[str, ...]]] = []
    for piece in result:
        if piece.fixed is not None:
            joined.append(("|", ("break",)))
        elif joined and joined[-1][1] == piece.key:
            joined[-1] = (joined[-1][0] + piece.text, piece.key)
        elif piece.text:
            joined.append((piece.text, piece.key))
    return joined


@pytest.mark.parametrize(("text", "segment", "found"), [
    ("Le  trajet\u00a0dure 25 minutes.", "Le trajet dure 25 minutes.", (0, 27)),
    ("inter\u00adcom\u00admunal et plus", "intercommunal et plus", (0, 23)),  # soft hyphens as readers drop them
    ("La ligne MS-12.", "MS-12", (9, 14)),
    ("Les lignesMS-12", "lignes", None),  # whole words only
])
def test_locate(text: str, segment: str, found: tuple[int, int] | None) -> None:
    assert locate(text, segment) == found


@pytest.mark.parametrize(("french", "german", "expected"), [
    # a name or a number reads the same: the same words
    ([("La ligne ", PLAIN), ("MS-12", BOLD), (" ouvre.", PLAIN)], "Die Linie MS-12 startet.",
     [("Die Linie ", PLAIN), ("MS-12", BOLD), (" startet.", PLAIN)]),
    # a date between the same invariant words, a number and its unit
    ([("Dès le ", PLAIN), ("3 mars 2026", BOLD), (".", PLAIN)], "Ab dem 3. März 2026.",
     [("Ab dem ", PLAIN), ("3. März 2026", BOLD), (".", PLAIN)]),
    ([("Il dure ", PLAIN), ("25 minutes", BOLD), (".", PLAIN)], "Sie dauert 25 Minuten.",
     [("Sie dauert ", PLAIN), ("25 Minuten", BOLD), (".", PLAIN)]),
    # a long link is still the code, the plain words the base
    ([("Voir ", PLAIN), ("presse@moselle.example", LINK), (".", PLAIN)], "Siehe presse@moselle.example.",
     [("Siehe ", PLAIN), ("presse@moselle.example", LINK), (".", PLAIN)]),
    # words nothing in the German matches: not guessed
    ([("Le programme ", PLAIN), ("Grande Région", BOLD), (" paie.", PLAIN)], "Das Programm Großregion zahlt.",
     [("Das Programm Großregion zahlt.", PLAIN)]),
])
def test_codes_follow_their_words(french: list[tuple[str, tuple[str, ...]]], german: str,
                                  expected: list[tuple[str, tuple[str, ...]]]) -> None:
    text = "".join(t for t, _ in french)
    result, placements = rewrite(pieces(*french), [(0, len(text), "b1.s1", german)])
    assert runs(result) == expected
    assert all(code.carried for code in placements[0].codes) == (len(expected) > 1)


def test_a_label_on_its_own_line_is_the_german_line_there() -> None:
    french = pieces(("Contact presse", BOLD)) + [Piece(" ", PLAIN, PLAIN, fixed=object())] + \
        pieces(("Claire Martin, 03 00 00 00 00", PLAIN))
    text = "".join(p.text for p in french)
    result, placements = rewrite(french, [(0, len(text), "b9.s1", "Pressekontakt Claire Martin, 03 00 00 00 00")])
    assert runs(result) == [("Pressekontakt", BOLD), ("|", ("break",)), ("Claire Martin, 03 00 00 00 00", PLAIN)]
    assert [code.how for code in placements[0].codes] == ["same line"]


def test_text_outside_segments_stays() -> None:
    french = pieces(("•\tUn départ.", PLAIN))
    result, _ = rewrite(french, [(2, 12, "b3.s1", "Eine Abfahrt.")])
    assert runs(result) == [("•\tEine Abfahrt.", PLAIN)]


def test_assign_follows_reading_order_and_reports_what_it_cannot_find() -> None:
    spans, missing = assign(["Titre", "Un. Deux.", "Trois."],
                            [("b1.s1", "Titre", "Titel"), ("b2.s1", "Un.", "Eins."), ("b2.s2", "Deux.", "Zwei."),
                             ("b9.s1", "Absent.", "Fehlt."), ("b3.s1", "Trois.", "Drei.")])
    assert spans == {0: [(0, 5, "b1.s1", "Titel")], 1: [(0, 3, "b2.s1", "Eins."), (4, 9, "b2.s2", "Zwei.")],
                     2: [(0, 6, "b3.s1", "Drei.")]}
    assert missing == ["b9.s1"]
