"""Figures with their unit, as printed; what is not a figure stays out."""

import pytest

from pipeline.language.figures import figures, is_contact_line


@pytest.mark.parametrize(("text", "found"), [
    ("La commune compte 4 500 habitants et 12 écoles.", ["4 500 habitants", "12 écoles"]),
    ("Un budget de 3,4 millions d’euros, soit 12 % de plus.", ["3,4 millions d’euros", "12 %"]),
    ("Près de 800 bénévoles et plus de 1 200 visiteurs.", ["Près de 800 bénévoles", "plus de 1 200 visiteurs"]),
    ("Une aide de 250.000 euros et 2,5 M€ de prêts.", ["250.000 euros", "2,5 M€"]),
    ("La route est fermée sur 3,2 km.", ["3,2 km"]),
    ("Depuis 1998, la 3e édition ouvre le 4 mai 2025 à 14 h 30.", ["3e édition"]),
    ("Le 1er adjoint et la 6e adjointe étaient là.", []),
    ("Seize jeunes et les deux villes, plus de neuf millions de jeunes.", ["Seize jeunes", "plus de neuf millions de jeunes"]),
    ("Le 12 pour la commune, 15 au total.", []),
    ("Appelez le 03 20 00 00 00 ou écrivez à info@exemple.fr.", []),
    ("Mairie, 12 rue Haute, 59000 Lille", []),
])
def test_figures_with_their_unit(text: str, found: list[str]) -> None:
    assert figures(text) == found


@pytest.mark.parametrize(("line", "contact"), [
    ("Tél : 03 20 00 00 00", True),
    ("Courriel : presse@exemple.fr", True),
    ("Hôtel de Région, 151 avenue du Président Hoover, 59555 Lille Cedex", True),
    ("Les inscriptions sont ouvertes jusqu’au 3 mars sur www.exemple.fr pour tous les élèves du département et leurs familles.",
     False),
])
def test_contact_lines(line: str, contact: bool) -> None:
    assert is_contact_line(line) is contact
