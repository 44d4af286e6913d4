from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import ImportRefused
from pipeline.state import transaction
from pipeline.translate.memory import TranslationMemory, memory_key

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="fr-FR" datatype="plaintext"/><body>
<tu><tuv xml:lang="fr-FR"><seg>La Région signe un accord.</seg></tuv><tuv xml:lang="de-DE"><seg>Die Region unterzeichnet ein Abkommen.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Les jumelages sont nombreux.</seg></tuv><tuv xml:lang="de"><seg>Die Städtepartnerschaften sind zahlreich.</seg></tuv></tu>
</body></tmx>"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_exact_and_fuzzy(tmp_path: Path) -> None:
    memory = TranslationMemory()
    assert memory.import_tmx(write(tmp_path, "a.tmx", TMX)) == 2
    assert memory.exact("La  Région signe un accord.")["target"] == "Die Region unterzeichnet ein Abkommen."
    assert memory.exact("La Région signe un autre accord.") is None
    suggestions = memory.fuzzy("La Région signe un nouvel accord.")
    assert suggestions and suggestions[0].score >= 75 and suggestions[0].target.startswith("Die Region")
    assert memory.fuzzy("Rien à voir avec le reste du texte.") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TMX.replace('<tuv xml:lang="de"><seg>Die Städtepartnerschaften sind zahlreich.</seg></tuv>', ""),
         "unit 2 lacks French or German"),
        ("<tmx><body><tu>", "not a valid TMX"),
        ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>' + TMX.split("?>", 1)[1],
         "declares XML entities"),
    ],
)
def test_bad_tmx_is_refused_whole(tmp_path: Path, text: str, message: str) -> None:
    memory = TranslationMemory()
    with pytest.raises(ImportRefused, match=message):
        memory.import_tmx(write(tmp_path, "bad.tmx", text))
    assert memory.stats()["entries"] == 0


def test_folder_is_synced_when_files_change(tmp_path: Path) -> None:
    folder = tmp_path / "memory"
    folder.mkdir()
    write(folder, "a.tmx", TMX)
    memory = TranslationMemory()
    assert [n for _, n in memory.sync_folder(folder)] == [2]
    assert memory.sync_folder(folder) == []
    write(folder, "a.tmx", TMX.replace("sont nombreux", "sont très nombreux"))
    assert [n for _, n in memory.sync_folder(folder)] == [2]
    assert memory.stats()["entries"] == 3


def test_export_round_trip(tmp_path: Path, capsys) -> None:
    memory = TranslationMemory()
    with transaction(memory.conn):
        memory.add("Un texte.", "Ein Text.", "human", "anna")
    out = tmp_path / "out.tmx"
    assert main(["memory", "export", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in text and "Ein Text." in text
    fresh = tmp_path / "home2"
    import os

    os.environ["PIPELINE_HOME"] = str(fresh)
    assert main(["memory", "import", str(out)]) == 0
    assert TranslationMemory().exact("Un texte.")["target"] == "Ein Text."


def test_key_normalises_typography() -> None:
    assert memory_key("L’objectif  :\u00a0x") == memory_key("L'objectif : x")


def test_export_names_the_tool_and_region_tagged_languages(tmp_path: Path, monkeypatch) -> None:
    from lxml import etree

    memory = TranslationMemory()
    memory.import_tmx(write(tmp_path, "a.tmx", TMX))
    root = etree.fromstring(memory.export_tmx())
    header = root.find("header")
    assert (header.get("creationtool"), header.get("creationtoolversion"), header.get("srclang")) == \
        ("pipeline", "0.1.0", "fr-FR")
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert langs == {"fr-FR", "de-DE"}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pipeline.toml").write_text('[languages]\nsource = "fr-BE"\ntarget = "de-AT"\n', encoding="utf-8")
    assert main(["memory", "export", str(tmp_path / "out.tmx")]) == 0
    assert 'xml:lang="de-AT"' in (tmp_path / "out.tmx").read_text(encoding="utf-8")


def test_inline_codes_are_not_words(tmp_path: Path) -> None:
    coded = TMX.replace("<seg>La Région signe un accord.</seg>",
                        '<seg>La <bpt i="1">&lt;b&gt;</bpt>Région<ept i="1">&lt;/b&gt;</ept> signe un accord.'
                        '<ph x="2">&lt;br/&gt;</ph></seg>')
    coded = coded.replace("<seg>Die Region unterzeichnet ein Abkommen.</seg>",
                          '<seg>Die <hi type="b">Region</hi> unterzeichnet ein Abkommen.<it pos="end">&lt;/i&gt;</it></seg>')
    memory = TranslationMemory()
    memory.import_tmx(write(tmp_path, "coded.tmx", coded))
    assert memory.exact("La Région signe un accord.")["target"] == "Die Region unterzeichnet ein Abkommen."
