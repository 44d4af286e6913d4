"""Dates of a text in ISO form: days, ranges, lists of days, a missing year taken from the release."""

import pytest

from pipeline.language.dates import date_mentions, spelled_date


@pytest.mark.parametrize(("text", "year", "found"), [
    ("Le forum aura lieu du 3 au 5 juin 2025 à Reims.", None, ["2025-06-03/2025-06-05"]),
    ("Ouverture du lundi 30 juin au samedi 5 juillet.", 2025, ["2025-06-30/2025-07-05"]),
    ("Les ateliers se tiennent les 7, 8 et 9 mai.", None, ["--05-07/--05-09"]),
    ("Réunion le 1er octobre, rapport rendu le 12/11/2024.", 2024, ["2024-10-01", "2024-11-12"]),
    ("Signée le 4.2.23 à Bâle.", None, ["2023-02-04"]),
    ("Le 31 février n'existe pas, le 29 février 2024 oui.", None, ["2024-02-29"]),
    ("Rendez-vous à 18 h 30, salle 12.", 2024, []),
])
def test_date_mentions(text: str, year: int | None, found: list[str]) -> None:
    assert date_mentions(text, year) == found


@pytest.mark.parametrize(("iso", "french", "german"), [
    ("2021-07-09", "9 juillet 2021", "9. Juli 2021"),
    ("--04-01", "1er avril", "1. April"),
    ("2025-06-03/2025-06-05", "3 juin 2025 – 5 juin 2025", "3. Juni 2025 – 5. Juni 2025"),
])
def test_dates_spelled_in_both_languages(iso: str, french: str, german: str) -> None:
    assert (spelled_date(iso), spelled_date(iso, german=True)) == (french, german)
