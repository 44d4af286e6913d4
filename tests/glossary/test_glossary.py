import json

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
        ('Moselle,"Mosel,name,,,Département\n', ":2: 2 fields where the header has 6"),  # an unclosed quote
        ("Moselle,Mosel,name,,,Département,Lorraine\n", ":2: 7 fields where the header has 6"),  # a comma too many
        ("Moselle,Mosel,name\n", ":2: 3 fields where the header has 6"),
        ('Moselle,"Mosel,Saar",name,,,\n', ":2: the de term 'Mosel,Saar' holds the column separator"),
        ('Sarre,Saarland,term,,,x\n"Moselle,Mosel,name,,,\nMetz,Metz,keep,,,\n',
         ":3: a quotation mark opened here is not closed"),
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


@pytest.mark.parametrize(("name", "content", "message"), [
    ("g.tsv", "fr\tde\tkind\nCologne\tKöln\tname\n".encode(), "tab-separated: save it as CSV"),
    ("g.xlsx", b"PK\x03\x04" + b"\0" * 40, "a spreadsheet workbook, not a CSV file"),
    ("g.csv", b"\xd0\xcf\x11\xe0" + b"\0" * 40, "a spreadsheet workbook, not a CSV file"),
])
def test_a_spreadsheet_or_tab_separated_glossary_says_how_to_save_it(tmp_path, name: str, content: bytes,
                                                                     message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(GlossaryError) as exc:
        load_glossary(path)
    assert message in str(exc.value) + " ".join(exc.value.problems)


def test_every_command_refuses_a_broken_glossary(tmp_path, monkeypatch, capsys) -> None:
    """Never half of it: 'glossary check' names the line, and 'run' refuses before reading releases."""
    from pipeline.cli import main

    (tmp_path / "glossary.csv").write_text(HEADER + 'Moselle,"Mosel,name,,,Département\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text("Un titre de communiqué\n\nLa Région et la Moselle coopèrent.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["glossary", "check"]) == 1
    captured = capsys.readouterr()
    assert "glossary.csv:2: 2 fields where the header has 6" in captured.out + captured.err
    assert main(["run", "r.txt", "--engine", "memory", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "glossary.csv" in err and not (tmp_path / "out").exists()


def test_the_project_glossary_is_found_from_another_folder(tmp_path, monkeypatch, capsys) -> None:
    """Run from elsewhere, the release's project glossary is used (searched upward from its folder);
    with no glossary anywhere, the command says so and the briefing carries it."""
    import shutil

    from pipeline.cli import main
    from tests.conftest import SAMPLE

    project = tmp_path / "office"
    (project / "sources").mkdir(parents=True)
    shutil.copy(ROOT_GLOSSARY, project / "glossary.csv")
    shutil.copy(SAMPLE, project / "sources" / "x.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["translate", str(project / "sources" / "x.txt"), "--engine", "memory", "--json"]) in (0, 1)
    captured = capsys.readouterr()
    assert "no glossary" not in captured.err
    assert any(segment.get("terms") for segment in json.loads(captured.out)["segments"])

    (project / "glossary.csv").unlink()
    assert main(["run", str(project / "sources" / "x.txt"), "--engine", "memory", "--format", "docx",
                 "--out", str(tmp_path / "out")]) in (0, 1)
    assert "warning: no glossary: terms are not checked" in capsys.readouterr().err
    import docx

    text = "\n".join(p.text for p in docx.Document(str(next((tmp_path / "out").glob("*.docx")))).paragraphs)
    assert "SANS GLOSSAIRE" in text and "Terminologie nicht geprüft" in text


def test_pipeline_glossary_names_the_glossary(tmp_path, monkeypatch) -> None:
    from pipeline.glossary.glossary import find_glossary

    monkeypatch.chdir(tmp_path)
    assert find_glossary() is None
    monkeypatch.setenv("PIPELINE_GLOSSARY", str(ROOT_GLOSSARY))
    assert find_glossary() == ROOT_GLOSSARY
