"""Orchestration: memory first, cache, resume, parallel requests, placeholders, glossary repair."""

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import EngineAuthError
from pipeline.glossary import Glossary, Term, load_glossary
from pipeline.model import Segment
from pipeline.translate import Translator, choose_engines, protect, restore, split_for_engine
from tests.conftest import FAST_RETRIES, SAMPLE
from tests.glossary.test_glossary import ROOT_GLOSSARY
from tests.translate.engines.servers import LibreServer

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = Glossary((Term("Aix-la-Chapelle", "Aachen", "name"), Term("Hauts-de-France", "Hauts-de-France", "keep"),
                     Term("jumelage", "Städtepartnerschaft", "term", (), ("Städtefreundschaft", "Städtepaarung"))), digest="0123456789ab")


def segments(*texts: str) -> list[Segment]:
    return [Segment(f"b{i}.s1", t) for i, t in enumerate(texts, 1)]


def test_default_is_offline_and_online_only_when_named() -> None:
    assert choose_engines(None, None) == ["memory", "local"]
    assert choose_engines("libre", None) == ["memory", "libre"]
    assert choose_engines(None, "deepl") == ["memory", "deepl"]
    assert choose_engines("memory", "deepl") == ["memory"]


def test_names_travel_as_placeholders_and_come_back(libre: LibreServer) -> None:
    run = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(
        segments("La visite a eu lieu à Aix-la-Chapelle, dans les Hauts-de-France."))
    assert libre.sources == ["La visite a eu lieu à ⟦1⟧, dans les ⟦0⟧."]
    result = run.results[0]
    assert result.target == "[de] La visite a eu lieu à Aachen, dans les Hauts-de-France."
    assert result.origin == "mt:libre" and result.findings == []


def test_second_run_makes_no_request_and_resumes_after_interruption(libre: LibreServer) -> None:
    texts = [f"Phrase numéro {i} du communiqué." for i in range(10)]
    libre.script.extend(["403"] + ["ok"] * 0)
    with pytest.raises(EngineAuthError):
        Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments(*texts[:1]))
    first = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments(*texts[:6]))
    assert all(r.target for r in first.results)
    before = libre.requests
    second = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments(*texts))
    assert libre.requests - before == 4  # only the four not done before
    third = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments(*texts))
    assert libre.requests - before == 4 and third.calls == 0 and third.cached == 10
    assert [r.target for r in second.results] == [r.target for r in third.results]


def test_glossary_change_invalidates_the_cache(libre: LibreServer) -> None:
    Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments("Bonjour à tous."))
    changed = Glossary(GLOSSARY.terms, digest="ba9876543210")
    Translator(changed, ["memory", "libre"], FAST_RETRIES).run(segments("Bonjour à tous."))
    assert libre.requests == 2


def test_transient_failures_are_retried(libre: LibreServer) -> None:
    libre.script.extend(["500", "html", "429:0.05", "close"])
    run = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments("Un.", "Deux.", "Trois."))
    assert all(r.target for r in run.results)


def test_exhausted_retries_leave_the_segment_untranslated_and_say_so(libre: LibreServer) -> None:
    libre.script.extend(["500"] * 4)
    run = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments("Un seul."))
    problem = run.problem()
    assert run.untranslated and problem and "b1.s1" in problem and "libre" in problem and "make models" in problem


def test_forbidden_form_is_repaired_and_recorded(libre: LibreServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.translate.engines.servers as servers

    monkeypatch.setattr(servers, "fake_german", lambda text: "Die Städtefreundschaft ist alt.")
    run = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments("Le jumelage est ancien."))
    result = run.results[0]
    assert result.target == "Die Städtepartnerschaft ist alt."
    assert [(r.forbidden, r.preferred) for r in result.repairs] == [("Städtefreundschaft", "Städtepartnerschaft")]
    assert result.findings == []


def test_unsafe_repair_is_only_flagged(libre: LibreServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.translate.engines.servers as servers

    monkeypatch.setattr(servers, "fake_german", lambda text: "Die Städtepaarung ist alt.")
    result = Translator(GLOSSARY, ["memory", "libre"], FAST_RETRIES).run(segments("Le jumelage est ancien.")).results[0]
    assert result.target == "Die Städtepaarung ist alt." and result.repairs == []
    assert [f.kind for f in result.findings] == ["term-forbidden"]


def test_long_segments_are_split_at_safe_points() -> None:
    text = "Première partie du texte, deuxième partie du texte; troisième partie du texte."
    pieces = split_for_engine(text, 30)
    assert all(len(p) <= 30 for p in pieces) and " ".join(pieces) == text


def test_protect_and_restore_round_trip() -> None:
    from pipeline.glossary.termmatch import Hit

    text = "Visite à Aix-la-Chapelle."
    hit = Hit(GLOSSARY.terms[0], 9, 24, "Aix-la-Chapelle")
    protected, mapping = protect(text, [hit])
    assert protected == "Visite à ⟦0⟧." and restore("Besuch in ⟦ 0 ⟧.", mapping) == "Besuch in Aachen."


def test_sample_translates_fully_offline_from_the_shipped_memory(monkeypatch, capsys) -> None:
    monkeypatch.chdir(REPO)
    code = main(["translate", str(SAMPLE), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert all(s["origin"] == "tm" and s["target"] for s in data["segments"])
    assert all(s["findings"] == [] for s in data["segments"])
    assert data["calls"] == 0


def test_no_engine_available_exits_1_with_the_way_out(tmp_path, monkeypatch, capsys) -> None:
    release = tmp_path / "r.txt"
    release.write_text("Un communiqué inédit\n\nLa Région signe un accord avec ses partenaires.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["translate", str(release)])
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert code == 1 and last.startswith("error: 2 segment(s) not translated") and "local:" in last


def test_shipped_memory_is_glossary_compliant() -> None:
    from pipeline.review.qa import check_pairs
    from pipeline.translate.tmx import read_tmx

    found = read_tmx((REPO / "memory" / "sample.tmx").read_bytes(), REPO / "memory" / "sample.tmx")
    pairs = [(unit.source, unit.target) for unit in found.units]
    report = check_pairs([p[0] for p in pairs], [p[1] for p in pairs], load_glossary(ROOT_GLOSSARY))
    assert report.success_rate == 1.0 and report.required >= 40


def test_identical_texts_are_requested_once(libre: LibreServer) -> None:
    segments = [Segment(f"b{i}.s1", "La séance est ouverte." if i % 2 else f"Point {i} de l'ordre du jour.")
                for i in range(10)]
    run = Translator(Glossary(()), ["libre"], FAST_RETRIES).run(segments)
    assert not run.untranslated and libre.requests == 6
    assert {r.target for r in run.results if r.source == "La séance est ouverte."} == {"[de] La séance est ouverte."}


def test_two_processes_on_one_release_request_each_text_once(tmp_path) -> None:
    import os
    import subprocess
    import sys

    release = tmp_path / "shared.txt"
    release.write_text("\n\n".join(f"La Région soutient le projet numéro {n} avec ses partenaires européens."
                                   for n in range(40)) + "\n", encoding="utf-8")
    with LibreServer(latency=0.3) as server:
        env = {**os.environ, "PIPELINE_HOME": str(tmp_path / "home"), "LIBRETRANSLATE_URL": server.url,
               "CI": "true"}
        runs = [subprocess.Popen([sys.executable, "-m", "pipeline", "translate", str(release), "--engine", "libre"],
                                 cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(2)]
        codes = [run.wait(timeout=120) for run in runs]
        assert codes == [0, 0], [run.stderr.read() for run in runs]
        assert server.requests == 40
