"""Inline tags sent to the engines that keep them (DeepL's XML tag handling, the LLM told to), read back
from their German and stored as placed; the others translate plain text and the tags are projected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.glossary import load_glossary
from pipeline.language.tags import Tag
from pipeline.readers import read_document
from pipeline.review.store import ReviewStore, german_tags, placed_tags
from pipeline.run import process
from pipeline.translate.engines.libre import LibreEngine
from pipeline.translate.translate import SegmentResult, Translator
from tests.conftest import DATA
from tests.glossary.test_glossary import ROOT_GLOSSARY
from tests.translate.engines.servers import ChatServer, DeepLServer


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    path = tmp_path / "rich.docx"
    shutil.copy(DATA / "publish" / "rich.docx", path)
    return path


def tags_by_segment(store: ReviewStore, release: str) -> dict[str, list[tuple[str, str]]]:
    return {row["id"]: [(f"{t.kind}{t.id}", row["target"][t.start:t.end]) for t in german_tags(row)]
            for row in store.segments(release) if german_tags(row)}


def test_deepl_places_the_tags_through_its_xml_tag_handling(rich: Path, deepl_server: DeepLServer) -> None:
    done = process(read_document(rich), load_glossary(ROOT_GLOSSARY, required=True), ["deepl"])
    assert "xml" in deepl_server.tag_handling
    row = next(r for r in done.store.segments(done.release) if r["id"] == "b3.s1")
    assert row["target"] == "[de] Le trajet dure 25 minutes et coûte 3,50 euros."  # the stand-in keeps the words
    assert placed_tags(row) is not None  # placed by the engine, not projected
    assert tags_by_segment(done.store, done.release)["b3.s1"] == [("b1", "25 minutes"), ("i2", "3,50 euros")]


def test_the_llm_is_told_to_keep_tags_and_its_tags_are_stored(rich: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ChatServer() as server:
        monkeypatch.setenv("LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("LLM_MODEL", "tiny-test-model")
        monkeypatch.setenv("LLM_API_KEY", server.key)
        done = process(read_document(rich), load_glossary(ROOT_GLOSSARY, required=True), ["llm"])
    row = next(r for r in done.store.segments(done.release) if r["id"] == "b5.s1")
    assert "<i1>" not in row["target"] and placed_tags(row) is not None
    assert [t.kind for t in placed_tags(row) or []] == ["i", "b"]


def test_a_plain_text_engine_gets_the_tags_as_placeholders(rich: Path, libre) -> None:  # noqa: ANN001
    """LibreTranslate (through deep-translator) gets ⟦b1⟧…⟦/b1⟧; the stand-in keeps them, so they come back
    placed; glossary names stay protected beside them."""
    done = process(read_document(rich), load_glossary(ROOT_GLOSSARY, required=True), ["libre"])
    rows = {r["id"]: r for r in done.store.segments(done.release)}
    assert all("⟦" not in r["target"] and "<b1>" not in r["target"] for r in rows.values())
    assert placed_tags(rows["b3.s1"]) is not None
    assert tags_by_segment(done.store, done.release)["b3.s1"] == [("b1", "25 minutes"), ("i2", "3,50 euros")]
    assert "Saarland" in rows["b2.s1"]["target"] and "Saarbrücken" in rows["b2.s1"]["target"]  # names protected


def test_tags_an_engine_loses_are_projected() -> None:
    """An engine that drops the placeholders: its German is kept, its tags left to the projection."""
    result = SegmentResult("b3.s1", "Le trajet dure 25 minutes.", tags=[Tag(1, "b", 15, 25)])
    engine = LibreEngine()
    Translator._accept(engine, result, "Die Fahrt dauert 25 Minuten.")
    assert (result.target, result.target_tags) == ("Die Fahrt dauert 25 Minuten.", None)
    Translator._accept(engine, result, "Die Fahrt dauert ⟦b1⟧25 Minuten⟦/b1⟧.")
    assert result.target == "Die Fahrt dauert 25 Minuten."
    assert [(t.id, t.start, t.end) for t in result.target_tags or []] == [(1, 17, 27)]
