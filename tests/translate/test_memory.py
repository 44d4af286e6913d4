import json
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
        (TMX.replace('<seg>Die Städtepartnerschaften sind zahlreich.</seg>', "<seg> </seg>"),
         "unit 2 lacks French or German"),
        (TMX.replace('xml:lang="de-DE"', 'xml:lang="en-GB"').replace('xml:lang="de"', 'xml:lang="it"'),
         "no French–German translation units"),
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


OTHER_TOOLS = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="SDL Language Platform" creationtoolversion="8.1" segtype="sentence"
 o-tmf="SDL TM8 Format" adminlang="en-US" srclang="fr-FR" datatype="xml"/><body>
<tu tuid="42" creationid="ANNA\\weber" creationdate="20240105T101500Z" changeid="ben" changedate="20240212T081000Z">
 <prop type="x-ConfirmationLevel">ApprovedSignOff</prop>
 <tuv xml:lang="fr-FR"><seg>Contact presse : <ph x="1">&lt;mailto/&gt;</ph>.</seg></tuv>
 <tuv xml:lang="de-DE"><seg>Pressekontakt: <ph x="1">&lt;mailto/&gt;</ph>.</seg></tuv></tu>
<tu><prop type="x-ConfirmationLevel">Draft</prop>
 <tuv xml:lang="fr-FR"><seg>La séance est ouverte.</seg></tuv>
 <tuv xml:lang="de-DE"><seg>Die Sitzung ist eröffnet.</seg></tuv></tu>
<tu><prop type="x-memoQ-status">Not reviewed</prop>
 <tuv xml:lang="fr-FR"><seg>Le budget est voté.</seg></tuv>
 <tuv xml:lang="de-DE"><seg>Der Haushalt ist beschlossen.</seg></tuv></tu>
<tu><tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv><tuv xml:lang="it-IT"><seg>Buongiorno.</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv><tuv xml:lang="de-DE"><seg>Hallo.</seg></tuv></tu>
</body></tmx>"""


def test_units_from_other_tools_keep_what_they_say(tmp_path: Path, capsys) -> None:
    """Inline codes as placeholders kept and restored, drafts never exact, ids and dates kept, units in
    other languages skipped and counted."""
    assert main(["memory", "import", str(write(tmp_path, "trados.tmx", OTHER_TOOLS))]) == 0
    out = capsys.readouterr().out
    assert "imported 3 translation unit(s)" in out and "2 unreviewed" in out and "skipped 2 unit(s)" in out
    memory = TranslationMemory()
    stored = memory.conn.execute("SELECT source, target, author FROM tm WHERE source LIKE 'Contact%'").fetchone()
    assert tuple(stored) == ("Contact presse : {1}.", "Pressekontakt: {1}.", "ben")
    assert memory.exact("La séance est ouverte.") is None  # a draft is never a 100 % match
    offered = memory.fuzzy("La séance est ouverte.")
    assert offered and offered[0].score == 99 and offered[0].origin.endswith("(draft)")
    assert memory.exact("Contact presse : .")["target"] == "Pressekontakt: ."
    out_path = tmp_path / "out.tmx"
    assert main(["memory", "export", str(out_path)]) == 0
    text = out_path.read_text(encoding="utf-8")
    assert '<seg>Pressekontakt: <ph x="1">&lt;mailto/&gt;</ph>.</seg>' in text
    assert 'tuid="42"' in text and 'creationid="ANNA\\weber"' in text and 'changedate="20240212T081000Z"' in text
    assert text.count('<prop type="x-pipeline-status">draft</prop>') == 2


def test_a_draft_never_replaces_a_reviewed_entry(tmp_path: Path) -> None:
    memory = TranslationMemory()
    with transaction(memory.conn):
        memory.add("Le budget est voté.", "Der Haushalt wurde verabschiedet.", "review")
        memory.add("Le budget est voté.", "Der Haushalt ist beschlossen.", "tmx:x.tmx", draft=True)
    assert memory.exact("Le budget est voté.")["target"] == "Der Haushalt wurde verabschiedet."


@pytest.mark.parametrize(("query", "lang", "found"), [
    ("accord region", "fr", ["La Région signe un accord."]),  # every word, any case, any accent
    ('"signe un accord"', "fr", ["La Région signe un accord."]),  # a phrase
    ('"un accord signe"', "fr", []),
    ("Städtepartnerschaften", "de", ["Les jumelages sont nombreux."]),
    ("Städtepartnerschaften", "fr", []),
    ("region", "both", ["La Région signe un accord."]),
    ("   ", "both", []),
])
def test_concordance_search(tmp_path: Path, capsys, query: str, lang: str, found: list[str]) -> None:
    memory = TranslationMemory()
    memory.import_tmx(write(tmp_path, "a.tmx", TMX))
    assert [entry.source for entry in memory.search(query, lang)] == found
    assert main(["memory", "search", query, "--lang", lang, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["source"] for entry in listed] == found
    assert all(entry["origin"] == "tmx:a.tmx" and entry["updated"] for entry in listed)
