"""Review and release files that try to smuggle something in: entity declarations in any encoding and
in any part of a Word package, control characters, a file that is not XLIFF at all."""

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.store import ReviewStore
from tests.review.conftest import RELEASE, export

ENTITY = '<!DOCTYPE x [<!ENTITY xxe "injected">]>'


def snapshot() -> list[tuple]:
    return [tuple(r) for r in ReviewStore().segments(RELEASE)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_entity_declarations_are_refused_in_any_encoding(translated, tmp_path, capsys, encoding) -> None:
    path = export(tmp_path, capsys, fmt="xliff")
    text = path.read_text(encoding="utf-8")
    body = text.split("?>", 1)[1].replace("</source>", "</source>", 1)
    hostile = f'<?xml version="1.0" encoding="{encoding.upper()}"?>{ENTITY}' + body.replace(
        "Die Region Hauts-de-France", "Anfang &xxe; Ende", 1)
    path.write_bytes(hostile.encode(encoding))
    before = snapshot()
    assert main(["review", "import", str(path)]) == 1
    assert "declares XML entities" in capsys.readouterr().err
    assert snapshot() == before


def _with_part(source: Path, target: Path, name: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == name else data)
    return target


def test_entity_declarations_are_refused_in_a_review_docx(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys)
    hostile = _with_part(path, tmp_path / "hostile.docx", "word/document.xml",
                         lambda data: data.replace(b"?>", b"?>" + ENTITY.encode(), 1))
    before = snapshot()
    assert main(["review", "import", str(hostile)]) == 1
    assert "declares XML entities" in capsys.readouterr().err
    assert snapshot() == before


def test_entity_declarations_are_refused_in_a_release_docx(tmp_path, capsys) -> None:
    import docx

    release = tmp_path / "release.docx"
    document = docx.Document()
    document.add_paragraph("La Région signe un accord avec ses partenaires européens.")
    document.save(str(release))
    hostile = _with_part(release, tmp_path / "hostile.docx", "word/styles.xml",
                         lambda data: data.replace(b"?>", b"?>" + ENTITY.encode(), 1))
    assert main(["parse", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {hostile}: declares XML entities") and err.count("\n") == 1


def test_control_characters_never_reach_the_exchange_files(tmp_path, monkeypatch, capsys) -> None:
    release = tmp_path / "ctrl.txt"
    release.write_text("Un titre\x1b[31m rouge\n\nLa Région\x01 signe un accord avec\x07 ses partenaires.\n",
                       encoding="utf-8")
    shutil.copy(Path(__file__).resolve().parents[2] / "glossary.csv", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["parse", str(release), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" not in out and "\\u0001" not in out
    main(["translate", str(release), "--engine", "memory"])
    xlf = tmp_path / "r.xlf"
    assert main(["review", "export", str(release), "--format", "xliff", "--out", str(xlf)]) == 0
    capsys.readouterr()
    assert main(["review", "import", str(xlf), "--by", "anna"]) == 0  # its own unchanged file comes back
    assert "no changes" in capsys.readouterr().out


def test_a_file_that_is_not_xliff_says_so(translated, tmp_path, capsys) -> None:
    path = tmp_path / "other.xlf"
    path.write_text('<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', encoding="utf-8")
    assert main(["review", "import", str(path)]) == 1
    assert "not an XLIFF file (its root element is <tmx>)" in capsys.readouterr().err


def test_a_file_of_another_text_with_the_same_name_says_so(translated, tmp_path, capsys) -> None:
    path = export(tmp_path, capsys, fmt="xliff")
    text = path.read_text(encoding="utf-8")
    import re

    other = re.sub(r"<source>([^<]*)</source>", lambda m: f"<source>Autre texte : {m.group(1)[:20]}</source>", text)
    path.write_text(other, encoding="utf-8")
    before = snapshot()
    assert main(["review", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "24 of 24 French texts differ from release 'sample.txt'" in err and "segment b1.s1" not in err
    assert snapshot() == before
