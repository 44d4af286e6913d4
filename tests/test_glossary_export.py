import csv
import io

from lxml import etree
from translate.storage import tbx

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.glossary_export import export
from tests.test_glossary import ROOT_GLOSSARY


def glossary():
    return load_glossary(ROOT_GLOSSARY, required=True)


def test_deepl_tsv_has_one_source_per_line_and_no_duplicates() -> None:
    text = export(glossary(), "deepl")
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(r) == 2 and r[0] and r[1] for r in rows)
    sources = [r[0] for r in rows]
    assert len(sources) == len(set(sources))
    assert ["Rhénanie-du-NordWestphalie", "Nordrhein-Westfalen"] in rows


def test_tbx_basic_round_trips_through_translate_toolkit() -> None:
    text = export(glossary(), "tbx")
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.get("type") == "TBX-Basic"
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    assert len(store.units) == len(glossary())
    assert {(u.source, u.target) for u in store.units} >= {("jumelage", "Städtepartnerschaft")}
    statuses = root.xpath("//termNote[@type='administrativeStatus']/text()")
    assert "deprecatedTerm-admn-sts" in statuses and "admittedTerm-admn-sts" in statuses


def test_omegat_is_tab_separated_with_comments() -> None:
    text = export(glossary(), "omegat")
    rows = list(csv.reader(io.StringIO(text.split("\n", 1)[1]), delimiter="\t"))
    assert all(len(r) == 3 for r in rows if r)
    assert any(r[0] == "friche industrielle" and r[1] == "Industriebrache" for r in rows)


def test_export_command_writes_file(tmp_path, capsys) -> None:
    out = tmp_path / "g.tsv"
    assert main(["glossary", "export", "--format", "deepl", "--glossary", str(ROOT_GLOSSARY),
                 "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Rhénanie-du-Nord-Westphalie\tNordrhein-Westfalen")
