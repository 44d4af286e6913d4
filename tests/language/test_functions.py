"""A person's function beside the name: after it (apposition, brackets, a dash, the next line) or
before it (after a determiner), never across a clause, a quotation or another person's name."""

import pytest

from pipeline.language.functions import function_after, function_before, is_role


@pytest.mark.parametrize(("after_name", "function"), [
    (" maire de Villeneuve, a signé la convention.", "maire de Villeneuve"),
    (" présidente de la communauté de communes et de l’office de tourisme, a rappelé",
     "présidente de la communauté de communes et de l’office de tourisme"),
    (" Vice-Président du Département, délégué aux Sports, ouvre la séance", "Vice-Président du Département, délégué aux Sports"),
    (" nouvelle directrice de l’agence, qui arrive de Nantes", "nouvelle directrice de l’agence"),
    (" 1er adjoint) et", "1er adjoint"),
    (" a inauguré le pont.", ""),
    (" conseillère municipale, et Paul Durand", "conseillère municipale"),
    (" préfète de la Somme et de la région Picardie est venue", "préfète de la Somme et de la région Picardie"),
    (" directeur « très heureux » de", "directeur"),
    (" sous-préfet élu en 2020", "sous-préfet"),
    (" Maire de la Ville de Lens accueille Jean Roy, maire", "Maire de la Ville de Lens"),
    (" président du Conseil rhénan vous invite", "président du Conseil rhénan"),
    (" présidente de la Région Bretagne et du Parlement européen", "présidente de la Région Bretagne et du Parlement européen"),
])
def test_the_function_after_a_name(after_name: str, function: str) -> None:
    assert function_after(after_name) == function


@pytest.mark.parametrize(("before_name", "function"), [
    ("Le conseil a reçu la ministre ", "ministre"),
    ("Comme l’a rappelé le préfet du Var, ", "préfet du Var"),
    ("Le jury était présidé par son homologue allemand ", "homologue allemand"),
    ("Jeanne Roux, maire de Brive, ", ""),  # the function of the person named before
    ("Au musée, devant le portrait du fondateur, Paul Martin et ", ""),  # another person in between
    ("« Nous sommes prêts », a déclaré ", ""),
])
def test_the_function_before_a_name(before_name: str, function: str) -> None:
    assert function_before(before_name) == function


@pytest.mark.parametrize(("word", "role"), [
    ("Présidente", True), ("préfète", True), ("adjointe", True), ("directrice", True), ("Landrätin", True),
    ("conseillères", True), ("ville", False), ("jumelage", False),
])
def test_roles_in_both_genders(word: str, role: bool) -> None:
    assert is_role(word) is role
