import json

import pytest

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.glossary.termcheck import check_terms, repair_terms
from pipeline.glossary.termmatch import FrenchMatcher
from tests.glossary.test_glossary import ROOT_GLOSSARY

# Correct German translations; each is then damaged by swapping a term for a forbidden form or
# dropping it, and every damage must be reported.
PAIRS = [
    ("Armin Laschet, Ministre-Président de la Rhénanie-du-Nord-Westphalie, a reçu Xavier Bertrand.",
     "Armin Laschet, Ministerpräsident von Nordrhein-Westfalen, hat Xavier Bertrand empfangen."),
    ("Les jumelages entre nos villes sont nombreux.",
     "Die Städtepartnerschaften zwischen unseren Städten sind zahlreich."),
    ("La gestion des friches industrielles reste un défi.",
     "Die Bewirtschaftung der Industriebrachen bleibt eine Herausforderung."),
    ("La coopération dans le triangle de Weimar continue.",
     "Die Zusammenarbeit im Weimarer Dreieck geht weiter."),
    ("Le traité de l’Élysée a été signé en 1963.", "Der Élysée-Vertrag wurde 1963 unterzeichnet."),
    ("La visite a eu lieu à Aix-la-Chapelle.", "Der Besuch fand in Aachen statt."),
]
DAMAGES = [
    (0, "Nordrhein-Westfalen", "Nordrhein-Westphalen", "term-forbidden"),
    (0, "Ministerpräsident", "Regierungschef", "term-missing"),
    (0, "Ministerpräsident", "Minister-Präsident", "term-forbidden"),  # same letters as the preferred term
    (0, "Xavier Bertrand", "Xavier Bernard", "keep-changed"),
    (1, "Städtepartnerschaften", "Partnerschaften", "term-missing"),
    (2, "Industriebrachen", "Flächen", "term-missing"),
    (3, "Weimarer Dreieck", "Dreieck", "term-missing"),
    (5, "Aachen", "Aix-la-Chapelle", "term-forbidden"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT_GLOSSARY, required=True)


@pytest.fixture(scope="module")
def matcher(glossary):
    return FrenchMatcher(glossary)


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_correct_translations_are_quiet(matcher, source: str, target: str) -> None:
    result = check_terms(matcher.match(source), target)
    assert result.findings == [] and result.present == result.required > 0


@pytest.mark.parametrize(("index", "good", "bad", "kind"), DAMAGES)
def test_every_damage_is_reported(matcher, index: int, good: str, bad: str, kind: str) -> None:
    source, target = PAIRS[index]
    damaged = target.replace(good, bad)
    assert damaged != target
    kinds = [f.kind for f in check_terms(matcher.match(source), damaged).findings]
    assert kind in kinds


def test_safe_repair_of_a_forbidden_name(matcher) -> None:
    source, target = PAIRS[0]
    damaged = target.replace("Nordrhein-Westfalen", "Nordrhein-Westphalen")
    repaired, edits = repair_terms(matcher.match(source), damaged)
    assert repaired == target
    assert [(e.forbidden, e.preferred) for e in edits] == [("Nordrhein-Westphalen", "Nordrhein-Westfalen")]


def test_inflected_forbidden_form_is_only_flagged(matcher) -> None:
    source = "La Rhénanie-du-Nord-Westphalie investit."
    target = "Die Regierung Nordrhein-Westphalens investiert."
    repaired, edits = repair_terms(matcher.match(source), target)
    assert repaired == target and edits == []
    assert [f.kind for f in check_terms(matcher.match(source), target).findings] == ["term-forbidden"]


def test_check_command_json_lists_every_line(tmp_path, capsys) -> None:
    fr = tmp_path / "fr.txt"
    de = tmp_path / "de.txt"
    fr.write_text("\n".join(p[0] for p in PAIRS) + "\n", encoding="utf-8")
    targets = [p[1] for p in PAIRS]
    targets[1] = targets[1].replace("Städtepartnerschaften", "Partnerschaften")
    de.write_text("\n".join(targets) + "\n", encoding="utf-8")
    code = main(["check", "--source", str(fr), "--target", str(de), "--glossary", str(ROOT_GLOSSARY), "--json"])
    out, err = capsys.readouterr()
    lines = json.loads(out)
    assert code == 0 and len(lines) == len(PAIRS)
    assert lines[0] == {"line": 1, "issues": []}
    assert lines[1]["issues"][0]["kind"] == "term-missing"
    assert lines[1]["issues"][0]["fr"] == "jumelage" and lines[1]["issues"][0]["de"] == "Städtepartnerschaft"
    assert "term success (WMT 2023, strict):" in err and "lenient" in err


def test_check_refuses_misaligned_files(tmp_path, capsys) -> None:
    (tmp_path / "fr.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("a\n", encoding="utf-8")
    code = main(["check", "--source", str(tmp_path / "fr.txt"), "--target", str(tmp_path / "de.txt")])
    assert code == 1 and "line-aligned" in capsys.readouterr().err


def test_invalid_glossary_is_refused_by_other_commands(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("fr,de,kind\n,Aachen,name\n", encoding="utf-8")
    code = main(["glossary", "match", "Aix-la-Chapelle", "--glossary", str(bad)])
    assert code == 1 and "error: " in capsys.readouterr().err
    code = main(["glossary", "check", str(bad)])
    assert code == 1 and ":2: empty French term" in capsys.readouterr().err


EU = [  # forbidden forms that an equivalence of the preferred term would otherwise accept
    ("Le Parlement européen a voté.", "Das Europa-Parlament hat abgestimmt.", "Europa-Parlament"),
    ("Les élections européennes approchent.", "Die Europa-Wahlen rücken näher.", "Europa-Wahl"),
    ("Le député européen a parlé.", "Der Europa-Abgeordnete hat gesprochen.", "Europa-Abgeordneter"),
    ("La zone euro grandit.", "Die Euro-Zone wächst.", "Euro-Zone"),
]


@pytest.mark.parametrize(("source", "target", "form"), EU)
def test_a_listed_forbidden_form_is_always_reported(source: str, target: str, form: str) -> None:
    from tests.conftest import DATA

    glossary = load_glossary(DATA / "glossary_eu.csv", required=True)
    result = check_terms(FrenchMatcher(glossary).match(source), target)
    assert [f.kind for f in result.findings] == ["term-forbidden"] and form in result.findings[0].message
    assert result.present == 0


def test_capitalised_movement_names_match_the_singular_base_form(tmp_path, capsys) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("fr,de,kind,fr_variants,de_forbidden,note\ngilet jaune,Gelbweste,term,,,x\n", encoding="utf-8")
    fr, de = tmp_path / "fr.txt", tmp_path / "de.txt"
    fr.write_text("Les Gilets Jaunes ont manifesté samedi.\nSelon les Gilets Jaunes, la réforme est injuste.\n",
                  encoding="utf-8")
    de.write_text("Die Gelbwesten haben am Samstag demonstriert.\nLaut den Demonstranten ist die Reform ungerecht.\n",
                  encoding="utf-8")
    assert main(["check", "--source", str(fr), "--target", str(de), "--glossary", str(glossary), "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert lines[0]["issues"] == []  # matched, and not taken for a missing person name
    assert [i["kind"] for i in lines[1]["issues"]] == ["term-missing"]


# French entry, required, forbidden, French source, German target, reported as forbidden?, counted present?
SPELLING_CASES = [
    ("Alsace", "Elsass", "Elsaß", "L'Alsace est belle.", "Das Elsass ist schön.", False, True),
    ("Alsace", "Elsass", "Elsaß", "L'Alsace est belle.", "Das Elsaß ist schön.", True, False),
    ("Alsace", "Elsass", "Elsaß", "Les vins d'Alsace.", "Die Weine des Elsass sind gut.", False, True),
    ("Alsace", "Elsass", "Elsaß", "Les vins d'Alsace.", "Die Weine des Elsaßes sind gut.", True, False),
    ("rue de l'Unité", "Straße der Einheit", "Strasse der Einheit", "La rue de l'Unité.",
     "Die Straße der Einheit ist lang.", False, True),
    ("rue de l'Unité", "Straße der Einheit", "Strasse der Einheit", "La rue de l'Unité.",
     "Die Strasse der Einheit ist lang.", True, False),
    ("Cologne", "Köln", "Koeln", "Cologne est belle.", "Köln ist schön.", False, True),
    ("Cologne", "Köln", "Koeln", "Cologne est belle.", "Koeln ist schön.", True, False),
    ("Rhénanie-du-Nord-Westphalie", "Nordrhein-Westfalen", "Nordrhein Westfalen", "La Rhénanie-du-Nord-Westphalie.",
     "Nordrhein-Westfalen ist groß.", False, True),
    ("Rhénanie-du-Nord-Westphalie", "Nordrhein-Westfalen", "Nordrhein Westfalen", "La Rhénanie-du-Nord-Westphalie.",
     "Nordrhein Westfalen ist groß.", True, False),
    ("député européen", "Europaabgeordneter", "Europa-Abgeordneter", "Le député européen a parlé.",
     "Der Europaabgeordnete hat gesprochen.", False, True),
    ("député européen", "Europaabgeordneter", "Europa-Abgeordneter", "Le député européen a parlé.",
     "Der Europa-Abgeordnete hat gesprochen.", True, False),
]


@pytest.mark.parametrize(("entry", "required", "forbidden", "fr", "de", "reported", "present"), SPELLING_CASES)
def test_a_forbidden_spelling_is_reported_only_when_written(entry: str, required: str, forbidden: str, fr: str,
                                                           de: str, reported: bool, present: bool) -> None:
    """A forbidden form that differs from the required term only in spelling (ß/ss, hyphen/space/closed,
    umlaut or its transliteration) is reported when the text holds that spelling, never for the required
    one (case is folded everywhere: a glossary may not list a forbidden form that differs only in case)."""
    from pipeline.glossary.glossary import parse_glossary
    from pipeline.review.qa import check_pairs

    glossary, problems = parse_glossary(f'fr,de,kind,fr_variants,de_forbidden,note\n"{entry}",{required},name,,'
                                        f"{forbidden},\n", "g.csv")
    assert not problems
    report = check_pairs([fr], [de], glossary)
    kinds = [issue["kind"] for issue in report.lines[0]["issues"]]
    assert ("term-forbidden" in kinds) is reported
    assert (report.present == 1) is present and report.required == 1
