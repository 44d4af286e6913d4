import csv
import io

from lxml import etree

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.glossary.export import export
from tests.conftest import shared_file
from tests.glossary.test_glossary import ROOT_GLOSSARY


def glossary():
    return load_glossary(ROOT_GLOSSARY, required=True)


def test_deepl_tsv_has_one_source_per_line_and_no_duplicates() -> None:
    text = export(glossary(), "deepl")
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(r) == 2 and r[0] and r[1] for r in rows)
    sources = [r[0] for r in rows]
    assert len(sources) == len(set(sources))
    assert ["Rhénanie-du-NordWestphalie", "Nordrhein-Westfalen"] in rows


def test_tbx_basic_validates_against_the_tbx_v3_schema() -> None:
    text = export(glossary(), "tbx")
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    schema = etree.RelaxNG(etree.parse(str(shared_file("schemas/tbx-basic/TBXcoreStructV03_TBX-Basic_integrated.rng"))))
    assert schema.validate(etree.ElementTree(root)), schema.error_log
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    entries = root.findall(".//t:conceptEntry", ns)
    assert len(entries) == len(glossary()) and len({e.get("id") for e in entries}) == len(entries)
    for entry in entries:
        children = [child.tag.split("}")[1] for child in entry]
        assert children[0] == "note" and set(children[1:]) == {"langSec"}
    entry = next(e for e in entries if e.findtext(".//t:term", namespaces=ns) == "ministre-président")
    german = entry.find("t:langSec[@{http://www.w3.org/XML/1998/namespace}lang='de']", ns)
    terms = [(sec.findtext("t:term", namespaces=ns), sec.findtext("t:termNote[@type='administrativeStatus']",
                                                                   namespaces=ns)) for sec in german]
    assert terms == [("Ministerpräsident", "preferredTerm-admn-sts"), ("Minister-Präsident", "deprecatedTerm-admn-sts"),
                     ("Ministerpresident", "deprecatedTerm-admn-sts")]
    assert set(root.xpath("//t:termNote[@type='partOfSpeech']/text()", namespaces=ns)) == {"noun"}


def test_omegat_keeps_forbidden_forms_out_of_the_translations() -> None:
    text = export(glossary(), "omegat")
    rows = [line.split("\t") for line in text.splitlines()[1:]]
    ministre = [r for r in rows if r[0] == "ministre-président"]
    assert ministre == [[ministre[0][0], "Ministerpräsident", ministre[0][2]]]
    assert "Not: Minister-Präsident, Ministerpresident." in ministre[0][2]


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
