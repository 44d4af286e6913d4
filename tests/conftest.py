from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.translate.retry import RetryPolicy
from tests.translate.engines.servers import DeepLServer, LibreServer
from tests.translate.engines.tiny_model import argos_package, opus_mt_folder

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE = DATA / "sample.txt"
FAST_RETRIES = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.5)


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own state folder: nothing is written into the checkout."""
    home = tmp_path_factory.mktemp("pipeline-home")
    monkeypatch.setenv("PIPELINE_HOME", str(home))
    monkeypatch.setenv("PIPELINE_USER", "tester")  # tests name reviewers; test_author covers the fallbacks
    for key in ("DEEPL_AUTH_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY", "PIPELINE_GLOSSARY"):
        monkeypatch.delenv(key, raising=False)
    return home


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not present")
    return path


@pytest.fixture
def translated(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample translated from the shipped memory, in the checkout (for memory/ and glossary.csv)."""
    from pipeline.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    assert main(["translate", str(SAMPLE)]) == 0
    capsys.readouterr()
    return SAMPLE


@pytest.fixture
def libre(monkeypatch: pytest.MonkeyPatch) -> Iterator[LibreServer]:
    with LibreServer() as server:
        monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
        yield server


@pytest.fixture
def deepl_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DeepLServer]:
    with DeepLServer() as server:
        monkeypatch.setenv("DEEPL_AUTH_KEY", server.key)
        monkeypatch.setenv("DEEPL_SERVER_URL", server.url)
        yield server


@pytest.fixture(scope="session")
def model_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tiny models in both layouts: an OPUS-MT fr-de folder and Argos fr_en / en_de archives."""
    root = tmp_path_factory.mktemp("models-src")
    direct = root / "direct"
    direct.mkdir()
    opus_mt_folder(direct, "fr", "de")
    pivot = root / "pivot"
    pivot.mkdir()
    argos_package(pivot / "translate-fr_en.argosmodel", "fr", "en", seed=2)
    argos_package(pivot / "translate-en_de.argosmodel", "en", "de", seed=3)
    return root
