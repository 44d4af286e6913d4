from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE = DATA / "sample.txt"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own state folder: nothing is written into the checkout."""
    home = tmp_path_factory.mktemp("pipeline-home")
    monkeypatch.setenv("PIPELINE_HOME", str(home))
    for key in ("DEEPL_AUTH_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    return home


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not present")
    return path
