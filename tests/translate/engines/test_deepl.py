"""The deepl engine through the official client against a local stub."""

import pytest

from pipeline.errors import EngineAuthError
from pipeline.glossary import Glossary, Term
from pipeline.translate.engines.deepl import DeepLEngine
from tests.translate.engines.servers import DeepLServer

GLOSSARY = Glossary((Term("Aix-la-Chapelle", "Aachen", "name"), Term("jumelage", "Städtepartnerschaft")),
                    digest="abc123def456")


def test_glossary_is_synced_once_and_used(deepl_server: DeepLServer) -> None:
    engine = DeepLEngine()
    engine.prepare(GLOSSARY)
    assert [g["name"] for g in deepl_server.glossaries.values()] == ["pipeline-abc123def456"]
    again = DeepLEngine()
    again.prepare(GLOSSARY)
    assert len(deepl_server.glossaries) == 1
    assert engine.translate_batch(["Visite à Aix-la-Chapelle."]) == ["[de] Visite à Aachen."]


def test_old_glossary_versions_are_replaced(deepl_server: DeepLServer) -> None:
    DeepLEngine().prepare(GLOSSARY)
    newer = Glossary(GLOSSARY.terms[:1], digest="fedcba987654")
    DeepLEngine().prepare(newer)
    assert [g["name"] for g in deepl_server.glossaries.values()] == ["pipeline-fedcba987654"]


def test_batches_of_fifty(deepl_server: DeepLServer) -> None:
    engine = DeepLEngine()
    engine.prepare(GLOSSARY)
    texts = [f"Phrase {i}." for i in range(50)]
    assert engine.translate_batch(texts) == [f"[de] Phrase {i}." for i in range(50)]
    assert deepl_server.batches == [50]


def test_wrong_key_stops(deepl_server: DeepLServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "wrong:fx")
    with pytest.raises(EngineAuthError, match="DEEPL_AUTH_KEY"):
        DeepLEngine().prepare(GLOSSARY)
