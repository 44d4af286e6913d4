import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import load_glossary, parse_glossary
from tests.conftest import shared_file

ROOT_GLOSSARY = __import__("pathlib").Path(__file__).resolve().parents[2] / "glossary.csv"


def test_shipped_glossary_is_valid_and_large_enough() -> None:
    glossary = load_glossary(ROOT_GLOSSARY, required=True)
    assert len(glossary) >= 80
    by_fr = glossary.by_fr
    assert by_fr["Rhénanie-du-Nord-Westphalie"].de == "Nordrhein-Westfalen"
    assert by_fr["ministre-président"].de == "Ministerpräsident"
    assert by_fr["jumelage"].de == "Städtepartnerschaft"
    assert by_fr["Hauts-de-France"].kind == "keep"
    assert all(t.note for t in glossary.terms), "every entry says where it comes from"


def test_shipped_glossary_covers_the_candidates() -> None:
    candidates = shared_file("terminology/glossary_candidates.csv").read_text(encoding="utf-8")
    glossary = load_glossary(ROOT_GLOSSARY, required=True)
    for fr in ("Aix-la-Chapelle", "triangle de Weimar", "friche industrielle", "zéro artificialisation nette",
               "Office franco-allemand pour la Jeunesse", "traité de l'Élysée"):
        assert fr.split()[0] in candidates
        assert fr in glossary.by_fr


HEADER = "fr,de,kind,fr_variants,de_forbidden,note\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (",Aachen,name,,,\n", ":2: empty French term"),
        ("Aix-la-Chapelle,,name,,,\n", ":2: empty German term"),
        ("jumelage,Städtepartnerschaft,term,,,\njumelage,Partnerschaft,term,,,\n",
         ":3: 'jumelage' is already 'Städtepartnerschaft' on line 2"),
        ("Hauts-de-France,Nordfrankreich,keep,,,\n", ":2: 'Hauts-de-France' is kind keep but its German"),
        ("Cologne,Köln,name,,Köln,\n", ":2: forbidden form 'Köln' equals the preferred German term"),
        ("Cologne,Köln,city,,,\n", ":2: unknown kind 'city'"),
    ],
)
def test_validation_names_the_line(body: str, message: str) -> None:
    _, problems = parse_glossary(HEADER + body, "g.csv")
    assert any(message in p for p in problems), problems


def test_missing_column_is_reported() -> None:
    _, problems = parse_glossary("fr,note\nCologne,x\n", "g.csv")
    assert problems == ["g.csv:1: missing column(s) de, kind; the header must be "
                        "fr,de,kind,fr_variants,de_forbidden,note"]


def test_all_problems_are_reported_at_once(tmp_path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + ",Aachen,name,,,\nCologne,,name,,,\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as exc:
        load_glossary(path)
    assert len(exc.value.problems) == 2


def test_excel_semicolon_export_with_bom(tmp_path) -> None:
    path = tmp_path / "excel.csv"
    text = "fr;de;kind;fr_variants;de_forbidden;note\r\njumelage;Städtepartnerschaft;term;;;PARALLEL\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    glossary = load_glossary(path)
    assert glossary.terms[0].fr == "jumelage" and glossary.terms[0].note == "PARALLEL"


def test_version_changes_with_content(tmp_path) -> None:
    a, _ = parse_glossary(HEADER + "jumelage,Städtepartnerschaft,term,,,\n", "g")
    b, _ = parse_glossary(HEADER + "jumelage,Partnerschaft,term,,,\n", "g")
    assert a.version != b.version
