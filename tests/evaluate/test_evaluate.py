"""`pipeline eval` on a WMT slice: the human reference, a copy damaged in known ways, and the llm engine
against a chat server on 127.0.0.1; scores with signatures, paired bootstrap, term success, QA rates."""

import json
import random
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.glossary import load_glossary
from pipeline.review.qa import build_pairs
from tests.conftest import DATA, shared_file
from tests.damage import DAMAGES
from tests.translate.engines.servers import ChatServer

LINES = 60


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    sources = shared_file("eval/newstest2020.fr-de.fr").read_text(encoding="utf-8").splitlines()[:LINES]
    references = shared_file("eval/newstest2020.fr-de.de").read_text(encoding="utf-8").splitlines()[:LINES]
    pairs = build_pairs(sources, references, load_glossary(DATA / "glossary_eu.csv"), [str(i) for i in range(LINES)])
    damaged, kinds = [], list(DAMAGES)
    for number, pair in enumerate(pairs):
        broken = DAMAGES[kinds[number % len(kinds)]][0](pair, random.Random(number))
        damaged.append(broken or pair.target)
    paths = {"fr": tmp_path / "fr.txt", "de": tmp_path / "de.txt", "damaged": tmp_path / "damaged.txt"}
    for key, lines in (("fr", sources), ("de", references), ("damaged", damaged)):
        paths[key].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def test_scores_systems_and_writes_the_report(files, tmp_path, monkeypatch, capsys) -> None:
    with ChatServer() as chat:
        monkeypatch.setenv("LLM_BASE_URL", chat.base_url)
        monkeypatch.setenv("LLM_MODEL", "tiny-test-model")
        monkeypatch.setenv("LLM_API_KEY", chat.key)
        out = tmp_path / "report"
        code = main(["eval", "--source", str(files["fr"]), "--reference", str(files["de"]),
                     "--hypothesis", f"human={files['de']}", "--hypothesis", f"damaged={files['damaged']}",
                     "--engine", "llm", "--glossary", str(DATA / "glossary_eu.csv"), "--out", str(out),
                     "--bootstrap", "200", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    systems = {s["system"]: s for s in report["systems"]}
    assert systems["human"]["chrF"] == 100.0 and systems["human"]["BLEU"] == 100.0
    assert systems["damaged"]["chrF"] < 100 and systems["damaged"]["bootstrap"]["chrF"]["p"] < 0.05
    assert systems["damaged"]["term_success"] < systems["human"]["term_success"]
    assert systems["damaged"]["forbidden_used"] > systems["human"]["forbidden_used"]
    assert systems["llm"]["untranslated"] == 0 and systems["llm"]["chrF"] < systems["damaged"]["chrF"]
    assert systems["damaged"]["qa_per_100"]["untranslated"] > systems["human"]["qa_per_100"]["untranslated"]
    assert report["signatures"]["chrF"].startswith("nrefs:1|case:mixed") and "version:" in report["signatures"]["BLEU"]
    assert report["command"].startswith("pipeline eval --source")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["chrf-per-segment.png", "corpus-scores.png", "eval.html", "eval.md", "term-success.png"]
    assert systems["damaged"]["ci95"]["chrF"] > 0 and systems["human"]["terms"]["strict"] <= systems["human"]["terms"]["lenient"]
    assert str(tmp_path) not in (out / "eval.md").read_text(encoding="utf-8")  # file names, never a machine's paths
    assert "fr.txt → de.txt (60 lines)" in (out / "eval.md").read_text(encoding="utf-8")
    assert (out / "term-success.png").read_bytes()[:4] == b"\x89PNG"
    assert "| damaged |" in (out / "eval.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("extra", "message"), [
    (["--hypothesis", "broken"], "write NAME=FILE"),
    ([], "name at least one --engine or --hypothesis"),
])
def test_bad_usage_is_one_error_line(files, tmp_path, capsys, extra, message) -> None:
    code = main(["eval", "--source", str(files["fr"]), "--reference", str(files["de"]), "--out", str(tmp_path / "r"),
                 *extra])
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1


def test_misaligned_files_are_refused(files, tmp_path, capsys) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Eine Zeile.\n", encoding="utf-8")
    code = main(["eval", "--source", str(files["fr"]), "--reference", str(short), "--hypothesis", f"x={short}"])
    assert code == 1 and "must be line-aligned" in capsys.readouterr().err


def test_baseline_repeated_names_untranslated_lines_and_no_glossary(files, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("Eine Zeile." + "\n" * LINES, encoding="utf-8")
    args = ["eval", "--source", str(files["fr"]), "--reference", str(files["de"]), "--out", str(tmp_path / "r"),
            "--bootstrap", "50", "--json"]
    assert main([*args, "--hypothesis", f"a={files['de']}", "--hypothesis", f"a={files['damaged']}"]) == 1
    assert "system name(s) a given twice" in capsys.readouterr().err
    assert main([*args, "--hypothesis", f"human={files['de']}", "--hypothesis", f"blank={empty}",
                 "--baseline", "blank"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["baseline"] == "blank" and report["systems"][0]["system"] == "blank"
    assert f"warning: blank left {LINES - 1} of {LINES} line(s) untranslated" in captured.err
    assert report["glossary"] == "" and report["systems"][1]["term_success"] is None  # no glossary: n/a
    assert "| n/a | n/a |" in (tmp_path / "r" / "eval.md").read_text(encoding="utf-8")


def test_eval_and_check_give_the_same_term_figure(files, tmp_path, capsys) -> None:
    glossary = str(DATA / "glossary_eu.csv")
    holes = tmp_path / "holes.txt"
    lines = files["de"].read_text(encoding="utf-8").splitlines()
    holes.write_text("\n".join(line if n % 3 else "" for n, line in enumerate(lines)) + "\n", encoding="utf-8")
    assert main(["check", "--source", str(files["fr"]), "--target", str(holes), "--glossary", glossary]) == 0
    checked = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["eval", "--source", str(files["fr"]), "--reference", str(files["de"]), "--hypothesis", f"h={holes}",
                 "--glossary", glossary, "--out", str(tmp_path / "r"), "--bootstrap", "0"]) == 0
    evaluated = capsys.readouterr().out
    strict = checked.split("strict): ")[1].split(";")[0]
    assert strict in evaluated
