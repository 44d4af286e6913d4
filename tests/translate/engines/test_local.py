"""The local engine on tiny CTranslate2 models built by the tests (no download, no torch)."""

import shutil
from pathlib import Path

import pytest

from pipeline.errors import EngineUnavailable
from pipeline.glossary import Glossary
from pipeline.translate.engines.local import LocalEngine, discover, route


def copy_models(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def test_direct_opus_mt_model(model_store: Path, tmp_path: Path) -> None:
    engine = LocalEngine(copy_models(model_store / "direct", tmp_path / "models"))
    usable, why = engine.status()
    assert usable and "fr→de" in why and "opus-mt-fr-de" in why
    engine.prepare(Glossary(()))
    out = engine.translate_batch(["La Région renouvelle sa coopération.", "Armin Laschet a reçu Xavier Bertrand."])
    assert len(out) == 2 and all(isinstance(t, str) and t for t in out)
    assert engine.version().startswith("frde:opus-mt-fr-de")


def test_pivot_through_english_with_argos_packages(model_store: Path, tmp_path: Path) -> None:
    models = copy_models(model_store / "pivot", tmp_path / "models")
    engine = LocalEngine(models)
    assert [(p.source, p.target) for p in engine.route()] == [("fr", "en"), ("en", "de")]
    assert "fr→en" in engine.status()[1] and "en→de" in engine.status()[1]
    assert engine.translate_batch(["Les jumelages sont nombreux."])[0]
    assert (models / ".unpacked").is_dir()


def test_route_prefers_direct_model(model_store: Path, tmp_path: Path) -> None:
    models = copy_models(model_store / "pivot", tmp_path / "models")
    shutil.copytree(model_store / "direct" / "opus-mt-fr-de", models / "opus-mt-fr-de")
    assert [(p.source, p.target) for p in route(discover(models))] == [("fr", "de")]


def test_without_models_it_says_how_to_get_them(tmp_path: Path) -> None:
    engine = LocalEngine(tmp_path / "empty")
    usable, why = engine.status()
    assert not usable and "make models" in why
    with pytest.raises(EngineUnavailable, match="make models"):
        engine.prepare(Glossary(()))


def test_unsafe_archive_is_refused(tmp_path: Path) -> None:
    import zipfile

    models = tmp_path / "models"
    models.mkdir()
    with zipfile.ZipFile(models / "evil.argosmodel", "w") as zipped:
        zipped.writestr("../../outside.txt", "x")
    with pytest.raises(EngineUnavailable, match="unsafe path"):
        discover(models)
    assert not (tmp_path / "outside.txt").exists()
