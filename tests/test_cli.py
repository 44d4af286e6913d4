import json
import subprocess
import sys

import pytest

from pipeline.cli import main
from tests.conftest import DATA, SAMPLE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_outline(capsys) -> None:
    code, out, _ = run(capsys, "parse", str(SAMPLE))
    assert code == 0
    assert "title:     La Région Hauts-de-France" in out
    assert "18 blocks, 24 segments" in out


def test_parse_json(capsys) -> None:
    code, out, _ = run(capsys, "parse", str(SAMPLE), "--json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "txt" and data["language"] == "fr"
    assert data["published"] == "2021-07-09"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"  \n", "is empty"),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00" * 50, "binary content"),
        ("release.rtf", b"{\\rtf1 bonjour}", "unknown file type '.rtf'"),
        ("bad-bom.txt", b"\xff\xfe\x00\xd8", "not valid UTF-16"),
    ],
)
def test_bad_input_is_one_error_line(capsys, tmp_path, name, content, message) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "parse", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {path}") and message in err


def test_folder_is_refused(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 1 and "is a folder" in err


@pytest.mark.parametrize(("name", "language"), [("german.txt", "German"), ("english.txt", "English")])
def test_non_french_is_refused_unless_insisted(capsys, name, language) -> None:
    code, _, err = run(capsys, "parse", str(DATA / name))
    assert code == 1 and f"reads as {language}" in err and "--lang fr" in err
    code, out, _ = run(capsys, "parse", str(DATA / name), "--lang", "fr")
    assert code == 0 and "blocks" in out


def test_bad_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse"])
    assert exc.value.code == 2


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from pipeline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "heavy = [m for m in ('spacy', 'weasyprint', 'docx', 'lxml', 'pypdf', 'pypdfium2', 'deepl', 'deep_translator',"
        " 'ctranslate2', 'translate', 'rich', 'requests') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_python_dash_m(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "parse", str(SAMPLE), "--json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["title"].startswith("La Région")


def test_engines_say_which_online_engines_need_no_key(capsys) -> None:
    assert main(["engines", "--json"]) == 0
    rows = {row["engine"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["google"]["online"] and "no key needed" in rows["google"]["detail"]
    assert rows["local"]["online"] is False
