"""The OmegaT translation kit: a project OmegaT opens with our segments, our reviewed translations
inserted and our drafts offered; the translator's project_save.tmx back by segment id through the
three-way import. With OmegaT installed (Debian's omegat, .ci/run installs it) the round trip runs in
OmegaT's console mode; elsewhere those tests are skipped with the reason."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from tests.conftest import SAMPLE
from tests.review.conftest import RELEASE

OMEGAT = shutil.which("omegat")
needs_omegat = pytest.mark.skipif(OMEGAT is None, reason="OmegaT is not installed; .ci/run installs Debian's omegat")
SAVED = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0_10" segtype="paragraph" srclang="fr-FR"/>
  <body>
{units}
  </body>
</tmx>
"""
UNIT = """    <tu>{props}
      <tuv lang="fr-FR"><seg>{fr}</seg></tuv>
      <tuv lang="de-DE" changeid="Lena Hoffmann" changedate="20261208T090000Z"><seg>{de}</seg></tuv>
    </tu>"""


def rows() -> dict:
    return {row["id"]: row for row in ReviewStore().segments(RELEASE)}


def kit(tmp_path: Path, capsys, name: str = "kit") -> Path:
    out = tmp_path / name
    assert main(["review", "export", str(SAMPLE), "--format", "omegat", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def save(project: Path, *units: tuple[str, str], props: str = "") -> None:
    body = "\n".join(UNIT.format(fr=fr, de=de, props=props) for fr, de in units)
    (project / "omegat" / "project_save.tmx").write_text(SAVED.format(units=body), encoding="utf-8")


def console_translate(project: Path, tmp_path: Path) -> str:
    subprocess.run([OMEGAT, "--mode=console-translate", f"--config-dir={tmp_path / 'omegat-config'}", str(project)],
                   check=True, capture_output=True, timeout=300)
    return (project / "target" / "sample.txt").read_text(encoding="utf-8")


def test_the_kit_holds_our_segments_translations_and_glossary(translated, tmp_path, capsys) -> None:
    store = ReviewStore()
    first = rows()["b1.s1"]
    store.update(first, "Anna Weber", "test", status="approved")
    project = kit(tmp_path, capsys)
    assert "<sentence_seg>false</sentence_seg>" in (project / "omegat.project").read_text(encoding="utf-8")
    paragraphs = (project / "source" / "sample.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert paragraphs == [row["source"] for row in ReviewStore().segments(RELEASE)]
    assert first["target"] in (project / "tm" / "auto" / "sample.tmx").read_text(encoding="utf-8")
    drafts = (project / "tm" / "sample-drafts.tmx").read_text(encoding="utf-8")
    assert first["target"] not in drafts and rows()["b2.s1"]["target"] in drafts
    assert "Aix-la-Chapelle\tAachen" in (project / "glossary" / "glossary.txt").read_text(encoding="utf-8")
    manifest = json.loads((project / "pipeline-release.json").read_text(encoding="utf-8"))
    assert manifest["release"] == RELEASE and len(manifest["segments"]) == 24
    assert main(["review", "export", str(SAMPLE), "--format", "omegat", "--out", str(project)]) == 1
    assert "is not an empty folder" in capsys.readouterr().err


def test_the_translators_work_comes_back_by_segment_id(translated, tmp_path, capsys) -> None:
    project = kit(tmp_path, capsys)
    before = rows()
    save(project, (before["b3.s1"]["source"], "Gemeinsam handeln für die Aufgaben der Gegenwart"))
    assert main(["review", "import", str(project / "omegat" / "project_save.tmx"), "--by", "Lena Hoffmann"]) == 0
    out = capsys.readouterr().out
    assert "1 edited" in out and "translated in OmegaT by Lena Hoffmann" in out and "deleted" not in out
    after = rows()
    assert after["b3.s1"]["target"].startswith("Gemeinsam handeln") and after["b3.s1"]["origin"] == "human"
    assert {k: v["target"] for k, v in after.items() if k != "b3.s1"} == \
        {k: v["target"] for k, v in before.items() if k != "b3.s1"}
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 0  # the same work again
    assert "no changes" in capsys.readouterr().out


def test_an_alternative_translation_goes_to_its_own_segment(translated, tmp_path, capsys) -> None:
    project = kit(tmp_path, capsys)
    segments = ReviewStore().segments(RELEASE)
    middle = segments[5]
    props = (f'\n      <prop type="file">sample.txt</prop><prop type="prev">{segments[4]["source"]}</prop>'
             f'<prop type="next">{segments[6]["source"]}</prop>')
    save(project, (middle["source"], "Eine eigene Übersetzung nur hier."), props=props)
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 0
    capsys.readouterr()
    assert rows()[middle["id"]]["target"] == "Eine eigene Übersetzung nur hier."


def test_a_segment_changed_meanwhile_in_the_store_is_a_conflict(translated, tmp_path, capsys) -> None:
    project = kit(tmp_path, capsys)
    row = rows()["b3.s1"]
    ReviewStore().update(row, "Ben Krause", "test", target="Gemeinsam für die Aufgaben von heute")
    save(project, (row["source"], "Gemeinsam handeln für die Aufgaben der Gegenwart"))
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 1
    assert "changed both in the store and in the file" in capsys.readouterr().err
    assert rows()["b3.s1"]["target"] == "Gemeinsam für die Aufgaben von heute"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda p: (p / "pipeline-release.json").unlink(), "pipeline-release.json is missing"),
    (lambda p: (p / "omegat" / "project_save.tmx").write_text("<tmx><body><tu>", encoding="utf-8"),
     "not a valid TMX file"),
    (lambda p: (p / "omegat" / "project_save.tmx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x "y">]><tmx version="1.1"><body/></tmx>', encoding="utf-8"),
     "declares XML entities"),
])
def test_a_damaged_project_is_refused_whole(translated, tmp_path, capsys, damage, message) -> None:
    project = kit(tmp_path, capsys)
    save(project, (rows()["b3.s1"]["source"], "Gemeinsam handeln"))
    damage(project)
    before = rows()
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert rows() == before


@needs_omegat
def test_omegat_round_trip_in_console_mode(translated, tmp_path, capsys) -> None:
    """Export, OmegaT fills our reviewed translation, the translator saves two segments, OmegaT writes
    them into the German text, and they come back into the store; QA runs after the import."""
    store = ReviewStore()
    store.update(rows()["b1.s1"], "Anna Weber", "test", status="approved")
    project = kit(tmp_path, capsys)
    german = console_translate(project, tmp_path)
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    assert re.search(r"Total:\s+24\s", stats), stats  # OmegaT's segments are ours
    assert rows()["b1.s1"]["target"] in german  # reviewed translation inserted from tm/auto
    assert rows()["b2.s1"]["target"] not in german  # a draft is only offered
    before = rows()
    visit = "Armin Laschet hat Xavier Bertrand am Freitag, 9. Juli 2021, in Aix-la-Chapelle empfangen."
    save(project, (before["b3.s1"]["source"], "Gemeinsam handeln für die Aufgaben der Gegenwart"),
         (before["b4.s1"]["source"], visit))
    german = console_translate(project, tmp_path)
    assert "Gemeinsam handeln für die Aufgaben der Gegenwart" in german and visit in german
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 0
    assert "2 edited" in capsys.readouterr().out
    after = rows()
    assert after["b4.s1"]["target"] == visit and after["b3.s1"]["updated_by"] == "Lena Hoffmann"
    findings = json.loads(after["b4.s1"]["findings"])  # QA ran again: the forbidden French name is caught
    assert any("Aachen" in finding["message"] for finding in findings), findings


def test_a_project_saved_before_any_translation_brings_nothing(translated, tmp_path, capsys) -> None:
    project = kit(tmp_path, capsys)
    save(project)  # OmegaT's project_save.tmx with an empty body
    assert main(["review", "import", str(project), "--by", "Lena Hoffmann"]) == 0
    assert "no changes" in capsys.readouterr().out
