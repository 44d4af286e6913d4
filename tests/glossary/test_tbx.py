"""TBX both ways: v2 (<martif>) for the tools that import it, read by translate-toolkit and by OmegaT's
own TBX reader (where OmegaT is installed) without ever offering a forbidden form; v3 and v2 read back
into glossary.csv form; imports list new entries and conflicts and overwrite nothing without --replace."""

import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage import tbx

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.glossary.export import export
from pipeline.glossary.tbx import read_tbx
from tests.glossary.test_glossary import ROOT_GLOSSARY

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
JAVA = shutil.which("java")
PROBE = """
import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import java.io.File;
public class Probe {
  public static void main(String[] args) throws Exception {
    final ProjectProperties props = new ProjectProperties(new File(args[1]));
    props.setSourceLanguage("fr-FR");
    props.setTargetLanguage("de-DE");
    Core.setProject(new NotLoadedProject() {
      @Override public ProjectProperties getProjectProperties() { return props; }
    });
    for (GlossaryEntry e : GlossaryReaderTBX.read(new File(args[0]), false)) {
      System.out.println(e.getSrcText() + "\\t" + String.join("|", e.getLocTerms(false)));
    }
  }
}
"""


def glossary():
    return load_glossary(ROOT_GLOSSARY, required=True)


def write(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"glossary-{fmt}.tbx"
    path.write_text(export(glossary(), fmt), encoding="utf-8")
    return path


def test_translate_toolkit_reads_tbx_v2_with_the_preferred_terms() -> None:
    store = tbx.tbxfile.parsestring(export(glossary(), "tbx-v2").encode("utf-8"))
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert pairs == {(term.fr, term.de) for term in glossary().terms}


def test_forbidden_forms_are_never_terms_in_tbx_v2() -> None:
    text = export(glossary(), "tbx-v2")
    forbidden = {form for term in glossary().terms for form in term.de_forbidden}
    assert forbidden and "deprecatedTerm-admn-sts (nicht verwenden / do not use): " in text
    assert not any(f"<term>{form}</term>" in text for form in forbidden if form not in
                   {t.fr for t in glossary().terms} | {v for t in glossary().terms for v in t.fr_variants})


@pytest.mark.skipif(JAVA is None or not OMEGAT_JAR.exists(),
                    reason="OmegaT (and Java) are not installed; .ci/run installs Debian's omegat")
def test_omegats_own_reader_offers_only_the_preferred_german(tmp_path: Path) -> None:
    (tmp_path / "Probe.java").write_text(PROBE, encoding="utf-8")
    (tmp_path / "project").mkdir()
    classpath = f"{OMEGAT_JAR}:{OMEGAT_JAR.parent / 'lib'}/*"
    done = subprocess.run([JAVA, "-cp", classpath, str(tmp_path / "Probe.java"), str(write(tmp_path, "tbx-v2")),
                           str(tmp_path / "project")], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    offered = {tuple(line.split("\t")) for line in done.stdout.splitlines()}
    assert ("Aix-la-Chapelle", "Aachen") in offered
    forbidden = {(form, bad) for term in glossary().terms for form in term.fr_forms for bad in term.de_forbidden}
    assert not offered & forbidden, offered & forbidden
    v3 = subprocess.run([JAVA, "-cp", classpath, str(tmp_path / "Probe.java"), str(write(tmp_path, "tbx")),
                         str(tmp_path / "project")], capture_output=True, text=True, timeout=180)
    assert not v3.stdout.strip()  # OmegaT 3.6 reads no TBX v3: the reason v2 exists


@pytest.mark.parametrize("fmt", ["tbx", "tbx-v2"])
def test_both_versions_read_back_into_the_same_glossary(tmp_path: Path, fmt: str) -> None:
    def key(term):
        return term.fr, term.de, term.kind, set(term.fr_variants), set(term.de_forbidden), term.note

    assert [key(t) for t in read_tbx(write(tmp_path, fmt))] == [key(t) for t in glossary().terms]


def test_import_adds_new_entries_lists_conflicts_and_replaces_only_when_told(tmp_path: Path, capsys) -> None:
    target = tmp_path / "glossary.csv"
    target.write_text("fr,de,kind,fr_variants,de_forbidden,note\n"
                      "Aix-la-Chapelle,Aachen,name,,,City.\n"
                      "Rhénanie-du-Nord-Westphalie,Nord-Rhein-Westfalen,name,,,\n", encoding="utf-8")
    source = write(tmp_path, "tbx-v2")
    before = target.read_bytes()
    assert main(["glossary", "import", str(source), "--glossary", str(target), "--dry-run"]) == 0
    assert "would write" in capsys.readouterr().out and target.read_bytes() == before
    assert main(["glossary", "import", str(source), "--glossary", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"{len(glossary()) - 2} new, 0 unchanged, 2 conflict(s) (kept as in the glossary" in out
    assert "conflict: Rhénanie-du-Nord-Westphalie: glossary 'Nord-Rhein-Westfalen' (name), file " \
           "'Nordrhein-Westfalen' (name)" in out
    merged = load_glossary(target)
    assert merged.by_fr["Rhénanie-du-Nord-Westphalie"].de == "Nord-Rhein-Westfalen"  # nothing overwritten
    assert len(merged) == len(glossary())
    assert main(["glossary", "import", str(source), "--glossary", str(target), "--replace"]) == 0
    capsys.readouterr()
    assert load_glossary(target).by_fr["Rhénanie-du-Nord-Westphalie"].de == "Nordrhein-Westfalen"


def test_a_new_glossary_can_be_made_from_a_tbx(tmp_path: Path, capsys) -> None:
    target = tmp_path / "new.csv"
    assert main(["glossary", "import", str(write(tmp_path, "tbx")), "--glossary", str(target)]) == 0
    capsys.readouterr()
    assert len(load_glossary(target)) == len(glossary())


@pytest.mark.parametrize(("content", "message"), [
    ('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY e "x">]><martif/>', "declares XML entities"),
    ("<tmx version='1.4'><body/></tmx>", "not a TBX"),
    ("<martif><text><body><termEntry><langSet xml:lang='fr'><tig><term>seul</term></tig></langSet>"
     "</termEntry></body></text></martif>", "lacks a French or a German term"),
    ("<martif><text><body>", "not a valid TBX file"),
])
def test_a_bad_tbx_is_refused_and_nothing_written(tmp_path: Path, capsys, content: str, message: str) -> None:
    target = tmp_path / "glossary.csv"
    target.write_text("fr,de,kind\nAix-la-Chapelle,Aachen,name\n", encoding="utf-8")
    source = tmp_path / "bad.tbx"
    source.write_text(content, encoding="utf-8")
    assert main(["glossary", "import", str(source), "--glossary", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert target.read_text(encoding="utf-8") == "fr,de,kind\nAix-la-Chapelle,Aachen,name\n"


def test_an_import_that_would_make_the_glossary_invalid_is_refused(tmp_path: Path, capsys) -> None:
    target = tmp_path / "glossary.csv"
    target.write_text("fr,de,kind\nMoselle,Mosel,name\n", encoding="utf-8")
    source = tmp_path / "other.tbx"
    source.write_text("<martif><text><body><termEntry><note>[keep]</note>"
                      "<langSet xml:lang='fr'><tig><term>Sarre</term></tig></langSet>"
                      "<langSet xml:lang='de'><tig><term>Saarland</term></tig></langSet>"
                      "</termEntry></body></text></martif>", encoding="utf-8")
    assert main(["glossary", "import", str(source), "--glossary", str(target)]) == 1
    assert "would not be valid" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "fr,de,kind\nMoselle,Mosel,name\n"
