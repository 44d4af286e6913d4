"""The llm engine through the official openai client against an OpenAI-compatible server on 127.0.0.1:
the glossary and context in the request, JSON answers validated, partial answers asked again for the
missing segments only, vendor errors mapped, and the whole Translator path with cache and repair."""

import pytest

from pipeline.errors import EngineAuthError, EngineTransientError
from pipeline.glossary import load_glossary
from pipeline.model import Segment
from pipeline.translate import Translator
from pipeline.translate.engines.llm import LLMEngine
from tests.conftest import FAST_RETRIES
from tests.glossary.test_glossary import ROOT_GLOSSARY
from tests.translate.engines.servers import ChatServer

TEXTS = ["La Région renouvelle sa coopération", "Le ministre-président a reçu Xavier Bertrand à Aix-la-Chapelle.",
         "Les jumelages sont nombreux."]


@pytest.fixture
def chat(monkeypatch) -> ChatServer:
    with ChatServer() as server:
        monkeypatch.setenv("LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("LLM_MODEL", "tiny-test-model")
        monkeypatch.setenv("LLM_API_KEY", server.key)
        yield server


def engine() -> LLMEngine:
    eng = LLMEngine()
    eng.timeout = 2.0
    eng.prepare(load_glossary(ROOT_GLOSSARY, required=True))
    eng.set_context(TEXTS)
    return eng


def test_glossary_and_context_reach_the_model(chat: ChatServer) -> None:
    out = engine().translate_batch(TEXTS[1:])
    assert out[0] == "[de] der Ministerpräsident hat empfangen Xavier Bertrand in Aachen."
    segment = chat.payloads[0]["segments"][0]
    assert chat.payloads[0]["title"] == TEXTS[0]
    assert segment["before"] == TEXTS[0] and segment["after"] == TEXTS[2]
    entries = {e["fr"]: e for e in segment["glossary"]}
    assert entries["ministre-président"]["forbidden"] == ["Minister-Präsident", "Ministerpresident"]
    assert entries["Aix-la-Chapelle"]["unchanged"] is True and entries["Aix-la-Chapelle"]["de"] == "Aachen"
    assert chat.formats == ["json_object"]


def test_loopback_server_is_offline_and_status_says_so(chat: ChatServer, monkeypatch) -> None:
    eng = LLMEngine()
    assert eng.online is False and eng.status()[0] and "on this machine" in eng.status()[1]
    monkeypatch.setenv("LLM_BASE_URL", "https://llm.example.org/v1")
    assert LLMEngine().online is True
    monkeypatch.delenv("LLM_MODEL")
    assert LLMEngine().status()[0] is False


@pytest.mark.parametrize("behaviour", ["missing", "french", "malformed", "fenced"])
def test_incomplete_answers_are_asked_again_for_the_missing_segments(chat: ChatServer, behaviour: str) -> None:
    chat.script.append(behaviour)
    out = engine().translate_batch(TEXTS)
    assert all(text.startswith("[de] ") for text in out) and len(out) == 3
    asked_again = [s["id"] for s in chat.payloads[1]["segments"]]
    expected = {"missing": ["3"], "french": ["1"], "malformed": ["1", "2", "3"], "fenced": ["1", "2", "3"]}
    assert asked_again == expected[behaviour]


def test_an_extra_segment_is_ignored(chat: ChatServer) -> None:
    chat.script.append("extra")
    assert len(engine().translate_batch(TEXTS)) == 3 and chat.requests == 1


def test_a_persistently_bad_answer_is_reported(chat: ChatServer) -> None:
    chat.script.extend(["missing"] * 3)
    with pytest.raises(EngineTransientError, match="no usable answer for 1 of 3"):
        engine().translate_batch(TEXTS)


@pytest.mark.parametrize(("behaviour", "error", "message"), [
    ("500", EngineTransientError, "HTTP 500"), ("429:0.3", EngineTransientError, "429"),
    ("sleep:3", EngineTransientError, "no answer in time"), ("403", EngineAuthError, "refused the key"),
])
def test_vendor_errors_are_mapped(chat: ChatServer, behaviour: str, error: type, message: str) -> None:
    chat.script.append(behaviour)
    with pytest.raises(error, match=message) as caught:
        engine().translate_batch(TEXTS[:1])
    if behaviour.startswith("429"):
        assert caught.value.retry_after == 0.3


def test_a_wrong_key_stops_at_once(chat: ChatServer, monkeypatch) -> None:
    monkeypatch.setenv("LLM_API_KEY", "sk-wrong")
    with pytest.raises(EngineAuthError):
        engine().translate_batch(TEXTS[:1])


def test_structured_output_form(chat: ChatServer, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pipeline.toml").write_text('[llm]\njson = "schema"\n', encoding="utf-8")
    engine().translate_batch(TEXTS[:1])
    assert chat.formats == ["json_schema"]


def test_through_the_translator_cached_repaired_and_counted(chat: ChatServer) -> None:
    glossary = load_glossary(ROOT_GLOSSARY, required=True)
    segments = [Segment(f"b{i}.s1", text) for i, text in enumerate(TEXTS, 1)]
    chat.script.append("429:0.05")
    run = Translator(glossary, ["llm"], FAST_RETRIES).run(segments)
    assert not run.untranslated and all(r.origin == "mt:llm" for r in run.results)
    assert any("tokens: 100 prompt, 40 completion" in outcome for _, outcome in run.tried)
    before = chat.requests
    again = Translator(glossary, ["llm"], FAST_RETRIES).run(segments)
    assert chat.requests == before and again.cached == 3


def test_engines_lists_a_loopback_llm_as_offline(chat: ChatServer, capsys) -> None:
    import json

    from pipeline.cli import main

    assert main(["engines", "--json"]) == 0
    llm = next(e for e in json.loads(capsys.readouterr().out) if e["engine"] == "llm")
    assert llm["usable"] is True and llm["online"] is False and "tiny-test-model" in llm["detail"]
