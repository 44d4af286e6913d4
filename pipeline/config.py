"""pipeline.toml (optional, in the current folder) and the state folder.

    [office]
    name = "Région Hauts-de-France — Service presse"
    [translate]
    engine = "libre"        # online engines are used only when named here or with --engine
    [local]
    models = "models"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError

CONFIG_FILE = Path("pipeline.toml")
DEFAULT_OFFICE = "Service presse — Région Hauts-de-France"


@dataclass(frozen=True)
class Config:
    office_name: str = DEFAULT_OFFICE
    engine: str | None = None
    models_dir: Path = Path("models")


def load_config(path: Path = CONFIG_FILE) -> Config:
    if not path.exists():
        return Config(models_dir=_models_dir(None))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc}); fix or remove it") from exc
    office = data.get("office", {}).get("name") or DEFAULT_OFFICE
    engine = data.get("translate", {}).get("engine")
    return Config(office, engine, _models_dir(data.get("local", {}).get("models")))


def _models_dir(configured: str | None) -> Path:
    return Path(os.environ.get("PIPELINE_MODELS") or configured or "models")


def state_dir() -> Path:
    """$PIPELINE_HOME, else .pipeline/ in the current folder; created on first use."""
    folder = Path(os.environ.get("PIPELINE_HOME") or ".pipeline")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
