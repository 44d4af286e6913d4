"""Hostile and faulty input ends in one `error:` line, never a traceback, a hang or a silent loss:
non-regular files, links out of the folder, releases whose language cannot be told, file names that
are not UTF-8, a broken pipeline.toml, a glossary with an open quote or duplicates, a TMX of another
version, an engine refusing the key while other requests are queued."""

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from tests.conftest import SAMPLE
from tests.translate.engines.servers import LibreServer

FRENCH = "La Région signe un accord avec ses partenaires pour la jeunesse et le climat.\n"


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    return err


def test_a_fifo_is_refused_without_being_opened(tmp_path, capsys) -> None:
    fifo = tmp_path / "release.txt"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert main(["parse", str(fifo)]) == 1  # returns at once: a blocking open would hang the test
    assert "is not a regular file" in one_error_line(capsys)


def test_a_link_out_of_the_folder_is_refused(tmp_path, monkeypatch, capsys) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(FRENCH, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "release.txt").symlink_to(outside)
    (tmp_path / "sources" / "inside.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "sources" / "alias.txt").symlink_to(tmp_path / "sources" / "inside.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["parse", "sources/release.txt"]) == 1
    assert "is a link to a file outside" in one_error_line(capsys)
    assert main(["parse", "sources/alias.txt"]) == 0  # a link inside the folder is fine


def test_a_text_whose_language_cannot_be_told_needs_lang_fr(tmp_path, capsys) -> None:
    release = tmp_path / "short.txt"
    release.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    assert main(["parse", str(release)]) == 1
    assert "too few words to tell its language" in one_error_line(capsys)
    assert main(["parse", str(release), "--lang", "fr"]) == 0


def test_a_file_name_that_is_not_utf8_is_stored(tmp_path, monkeypatch, capsys) -> None:
    shutil.copy(Path(__file__).resolve().parents[1] / "glossary.csv", tmp_path)
    name = os.fsdecode(b"communiqu\xe9.txt")  # Latin-1 bytes in a file name
    release = tmp_path / name
    release.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["translate", name, "--engine", "memory"]) in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    assert [r["release"] for r in ReviewStore().releases()] == ["communiqu\ufffd.txt"]


@pytest.mark.parametrize(("toml", "problem"), [
    ('office = "x"\n', "office = 'x': must be a table, [office]"),
    ("translate = [1, 2]\n", "translate = [1, 2]: must be a table"),
    ("[local]\nmodels = 5\n", "local.models = 5: write text in quotes"),
    ('[office]\nname = ["a"]\n', "office.name = ['a']: write text in quotes"),
    ("[translate]\nengin = \"deepl\"\n", "translate.engin: unknown key"),
])
def test_a_broken_pipeline_toml_names_every_key(tmp_path, monkeypatch, capsys, toml, problem) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pipeline.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "r.txt").write_text(FRENCH, encoding="utf-8")
    assert main(["translate", "r.txt"]) == 1
    err = one_error_line(capsys)
    assert err.splitlines()[0].startswith("error: pipeline.toml: 1 problem(s)") and problem in err


@pytest.mark.parametrize("make", ["folder", "unreadable"])
def test_a_pipeline_toml_that_cannot_be_read(tmp_path, monkeypatch, capsys, make) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(FRENCH, encoding="utf-8")
    if make == "folder":
        (tmp_path / "pipeline.toml").mkdir()
    else:
        (tmp_path / "pipeline.toml").write_bytes(b"\xff\xfe\x00[")
    assert main(["translate", "r.txt"]) == 1
    assert "pipeline.toml" in one_error_line(capsys)


@pytest.mark.parametrize(("rows", "message"), [
    ('"jumelage,Städtepartnerschaft,term,,,open quote\nfriche industrielle,Industriebrache,term,,,\n'
     "triangle de Weimar,Weimarer Dreieck,name,,,\n", ":2: a quotation mark opened here is not closed"),
    ("jumelage,Städtepartnerschaft,term,,,\njumelage,Städtepartnerschaft,term,,,\n", ":3: the same entry as line 2"),
    ("jumelage,Städtepartnerschaft,term,,,\nJumelage,städtepartnerschaft,term,,,\n", "the same entry in another case"),
    ("jumelage,Städtepartnerschaft,term,,,\nville jumelle,Partnerstadt,term,jumelage,,\n",
     ":3: variant 'jumelage' of 'ville jumelle' is the entry of line 2"),
])
def test_glossary_faults_are_reported_with_their_line(tmp_path, capsys, rows, message) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("fr,de,kind,fr_variants,de_forbidden,note\n" + rows, encoding="utf-8")
    assert main(["glossary", "check", str(glossary)]) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("version", "accepted"), [("1.1", True), ("1.4", True), ("1.4b", True), ("2.0", False),
                                                   (None, False)])
def test_tmx_versions(tmp_path, capsys, version, accepted) -> None:
    attribute = f' version="{version}"' if version else ""
    tmx = tmp_path / "m.tmx"
    tmx.write_text(f'<?xml version="1.0" encoding="UTF-8"?><tmx{attribute}><header creationtool="t" '
                   'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" '
                   'datatype="plaintext"/><body><tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv>'
                   '<tuv xml:lang="de"><seg>Guten Tag.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert (main(["memory", "import", str(tmx)]) == 0) is accepted
    if not accepted:
        assert "is not one of 1.1, 1.2, 1.3, 1.4, 1.4b" in one_error_line(capsys)


def test_a_refused_key_with_requests_queued_is_one_error_line(tmp_path, monkeypatch, capsys) -> None:
    release = tmp_path / "long.txt"
    release.write_text("\n\n".join(f"La Région soutient le projet numéro {n} avec ses partenaires européens."
                                   for n in range(60)) + "\n", encoding="utf-8")
    with LibreServer(latency=0.02, script=["403"] * 3) as server:
        monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
        monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "wrong")
        for _ in range(3):
            assert main(["translate", str(release), "--engine", "libre"]) == 1
            err = one_error_line(capsys)
            assert "CancelledError" not in err
            server.script.extend(["403"] * 3)


def _limit(tmp_path: Path, monkeypatch, **limits: int) -> None:
    monkeypatch.chdir(tmp_path)
    body = "".join(f"{key} = {value}\n" for key, value in limits.items())
    (tmp_path / "pipeline.toml").write_text(f"[limits]\n{body}", encoding="utf-8")


def test_a_text_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch, capsys) -> None:
    _limit(tmp_path, monkeypatch, text_bytes=1000)
    release = tmp_path / "big.txt"
    release.write_text(FRENCH * 50, encoding="utf-8")
    assert main(["parse", str(release)]) == 1
    assert "over the limit of 1,000 ([limits] text_bytes in pipeline.toml)" in one_error_line(capsys)


def test_too_many_segments_and_pages(tmp_path, monkeypatch, capsys) -> None:
    from weasyprint import HTML

    _limit(tmp_path, monkeypatch, segments=5, pdf_pages=1)
    assert main(["parse", str(SAMPLE)]) == 1
    assert "segments, over the limit of 5 ([limits] segments" in one_error_line(capsys)
    pdf = tmp_path / "two.pdf"
    HTML(string="<p>Première page du communiqué.</p><p style='page-break-before: always'>Seconde page.</p>").write_pdf(pdf)
    assert main(["parse", str(pdf)]) == 1
    assert "2 pages, over the limit of 1" in one_error_line(capsys)


def test_html_nested_past_the_limit_is_refused_not_cut(tmp_path, capsys) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 600 + "<p>" + FRENCH + "</p>" + "</div>" * 600
                    + "<p>Un dernier paragraphe après le nid.</p></body></html>", encoding="utf-8")
    assert main(["parse", str(page)]) == 1
    assert "nested" in one_error_line(capsys)


def test_a_pdf_with_an_owner_password_only_is_read_and_a_user_password_refused(tmp_path, capsys) -> None:
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    plain = tmp_path / "plain.pdf"
    HTML(string=f"<h1>Communiqué de presse</h1><p>{FRENCH}</p>").write_pdf(plain)
    for name, user in (("owner.pdf", ""), ("user.pdf", "secret")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-256")
        writer.write(tmp_path / name)
    assert main(["parse", str(tmp_path / "owner.pdf"), "--json"]) == 0
    assert "partenaires" in capsys.readouterr().out
    assert main(["parse", str(tmp_path / "user.pdf")]) == 1
    assert "password-protected PDF" in one_error_line(capsys)


def test_ctrl_c_stops_sending(tmp_path, monkeypatch, capsys) -> None:
    import pipeline.translate.translate as translate_module

    release = tmp_path / "long.txt"
    release.write_text("\n\n".join(f"La Région soutient le projet numéro {n} avec ses partenaires européens."
                                   for n in range(120)) + "\n", encoding="utf-8")
    real_wait = translate_module.wait
    calls = {"n": 0}

    def interrupted_wait(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(translate_module, "wait", interrupted_wait)
    with LibreServer(latency=0.05) as server:
        monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
        assert main(["translate", str(release), "--engine", "libre"]) == 1
        assert "interrupted; work done so far is kept" in one_error_line(capsys)
        time.sleep(0.3)
        assert server.requests < 60  # the queue was dropped, not sent


def test_messages_name_the_real_cause(tmp_path, monkeypatch, capsys) -> None:
    empty = tmp_path / "glossary.csv"
    empty.write_bytes(b"")
    assert main(["glossary", "check", str(empty)]) == 1
    err = one_error_line(capsys)
    assert "is empty; give a glossary with content" in err and "release" not in err
    empty.write_bytes(b"\x00\x01\x02binary\x00")
    assert main(["glossary", "check", str(empty)]) == 1
    assert "binary content, not a glossary CSV" in one_error_line(capsys)
    empty.unlink()
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "empty.txt").write_bytes(b"")
    (tmp_path / "sources" / "binary.txt").write_bytes(b"\x00\x01binary")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--format", "docx"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == "error: 2 of 2 release(s) not complete: 2 could not be read; the table above has the details"


# ---- the corpus: one generated hostile file per category, each checked the same way -------------------
def _edited_docx(folder: Path, name: str, text: str, edit) -> Path:
    """A Word file whose document.xml went through ``edit`` (bytes → bytes)."""
    import zipfile

    import docx

    plain, hostile = folder / "plain.docx", folder / name
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(plain))
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(hostile, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, edit(data) if item.filename == "word/document.xml" else data)
    return hostile


def _entity_docx(folder: Path) -> Path:
    return _edited_docx(folder, "entity.docx", FRENCH,
                        lambda data: data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "boom">]>', 1))


def _entity_reference_docx(folder: Path) -> Path:
    """An undeclared entity reference in the text: refused, never the text after it silently lost."""
    return _edited_docx(folder, "reference.docx", "Avant la référence XENTITY et après elle, la Région signe un "
                        "accord avec ses partenaires.", lambda data: data.replace(b"XENTITY", b"&nbsp;"))


def _zip_bomb(folder: Path) -> Path:
    import zipfile

    import docx

    path = folder / "bomb.docx"
    document = docx.Document()
    document.add_paragraph(FRENCH)
    document.save(str(path))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/item9.xml", b"<a>" + b" " * 30_000_000 + b"</a>")
    return path


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


CORPUS = {
    "non-regular file": (lambda f: (os.mkfifo(f / "pipe.txt"), f / "pipe.txt")[1], "parse", "not a regular file"),
    "empty release": (lambda f: _file(f, "empty.txt", b""), "parse", "is empty"),
    "binary release": (lambda f: _file(f, "bin.txt", b"\x00\x01\x02" * 100), "parse", "binary content"),
    "language unknown": (lambda f: _file(f, "x.txt", b"root:x:0:0:root:/root:/bin/bash\n"), "parse",
                         "too few words"),
    "entity in a Word part": (_entity_docx, "parse", "declares XML entities"),
    "zip bomb": (_zip_bomb, "parse", "times compressed"),
    "entity reference in a Word part": (_entity_reference_docx, "parse", "damaged .docx"),
    "deep HTML": (lambda f: _file(f, "deep.html", b"<div>" * 3000 + FRENCH.encode() + b"</div>" * 3000), "parse",
                  "nested"),
    "corrupt PDF": (lambda f: _file(f, "bad.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50), "parse", "PDF"),
    "corrupt DOCX": (lambda f: _file(f, "bad.docx", b"PK\x03\x04" + b"garbage" * 20), "parse", ".docx"),
    "TMX of another version": (lambda f: _file(f, "m.tmx", b'<?xml version="1.0"?><tmx version="9"><header/><body>'
                                                     b'<tu><tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="de">'
                                                     b'<seg>b</seg></tuv></tu></body></tmx>'), "memory", "TMX version"),
    "TMX entity in UTF-16": (lambda f: _file(f, "e.tmx", ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tmx '
                                                        '[<!ENTITY a "aa">]><tmx version="1.4"><body/></tmx>')
                                            .encode("utf-16")), "memory", "declares XML entities"),
    "glossary open quote": (lambda f: _file(f, "g.csv", b'fr,de,kind,fr_variants,de_forbidden,note\n"a,b,term,,,\n'
                                                     b"c,d,term,,,\n"), "glossary", "not closed"),
}


@pytest.mark.parametrize("category", sorted(CORPUS))
def test_hostile_corpus(category, tmp_path, capsys, isolated_state) -> None:
    import resource
    import sqlite3

    build, command, message = CORPUS[category]
    path = build(tmp_path)
    argv = {"parse": ["parse", str(path)], "memory": ["memory", "import", str(path)],
            "glossary": ["glossary", "check", str(path)]}[command]
    database = isolated_state / "state.sqlite"

    def state() -> list:
        if not database.exists():
            return [(0,)] * 3
        with sqlite3.connect(database) as conn:
            return [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone() for t in ("tm", "segments", "history")]

    before, memory_before = state(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    assert main(argv) == 1
    elapsed = time.perf_counter() - start
    err = one_error_line(capsys)
    assert message in err.splitlines()[0], err
    assert elapsed < 30, f"{category}: {elapsed:.1f} s"
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024
    assert grown_mb < 400, f"{category}: peak memory grew by {grown_mb:.0f} MB"
    assert state() == before


@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_xml_declared_in_utf7_is_refused_with_the_file_named(tmp_path, capsys, kind: str) -> None:
    """UTF-7 spells "<!ENTITY" as "+ADw-!ENTITY": refused by its declaration, never parsed."""
    body = ('<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY e "EINGESCHLEUST"+AD4-+AF0-+AD4-'
            '<tmx version="1.4"><body/></tmx>')
    path = tmp_path / f"hostile.{'xlf' if kind == 'xliff' else 'tmx'}"
    path.write_bytes(body.encode("ascii"))
    command = ["memory", "import", str(path)] if kind == "tmx" else ["review", "import", str(path)]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and str(path.name) in err and "utf-7" in err.lower() and err.count("\n") == 1


def test_the_smaller_faults_say_what_they_are(tmp_path, monkeypatch, capsys) -> None:
    """An office name with control characters, a busy port, an XLIFF given to 'memory import', an
    embargoed release in 'run's last line, a stale .part file: each named for what it is."""
    import os
    import socket
    import time

    monkeypatch.chdir(tmp_path)
    release = tmp_path / "r.txt"
    release.write_text("Sous embargo jusqu'au 12 mars 2099 à 10 h\n\nUn bureau commun\n\nLa Région ouvre un bureau "
                       "commun avec la Sarre.\n", encoding="utf-8")
    (tmp_path / "pipeline.toml").write_text('[office]\nname = "Service\\u0007presse"\n', encoding="utf-8")
    assert main(["parse", str(release)]) == 1
    assert "no control characters" in capsys.readouterr().err
    (tmp_path / "pipeline.toml").unlink()

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", "--port", str(busy.getsockname()[1])]) == 1
    captured = capsys.readouterr()
    assert "is not free" in captured.err and "review workspace:" not in captured.out and captured.err.count("\n") == 1

    xliff = tmp_path / "review.tmx"
    xliff.write_text('<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', encoding="utf-8")
    assert main(["memory", "import", str(xliff)]) == 1
    assert "an XLIFF file" in capsys.readouterr().err

    stale = tmp_path / "out" / ".x.docx.abc.part"
    stale.parent.mkdir()
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    assert main(["run", str(release), "--engine", "libre", "--out", str(tmp_path / "out")]) == 1
    assert "held back by their embargo" in capsys.readouterr().err
    assert not stale.exists()


def test_a_full_disk_is_one_error_line_and_a_rerun_resumes(tmp_path, monkeypatch, capsys) -> None:
    """SQLite told the disk is full (a page limit stands in for it): one error line naming the state
    folder, the store sound, and once there is room the same command finishes the work."""
    import sqlite3

    import pipeline.state as state

    real = state.connect
    limit = {"pages": None}

    def cramped(folder=None):
        conn = real(folder)
        if limit["pages"] is not None:
            used = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {used + limit['pages']}")
        return conn

    import pipeline.review.store as store_module

    monkeypatch.setattr(state, "connect", cramped)
    monkeypatch.setattr(store_module, "connect", cramped)
    monkeypatch.chdir(tmp_path)
    release = tmp_path / "sample.txt"
    release.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    limit["pages"] = 2
    assert main(["translate", str(release), "--engine", "memory"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and err.strip().count("\n") <= 1 and "Traceback" not in err
    home = Path(os.environ["PIPELINE_HOME"])
    with sqlite3.connect(home / state.DB_NAME) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    limit["pages"] = None
    assert main(["translate", str(release), "--engine", "memory"]) in (0, 1)
    assert "disk is full" not in capsys.readouterr().err
