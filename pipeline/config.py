"""pipeline.toml (optional, in the current folder) and the state folder.

    [office]
    name = "Région Hauts-de-France — Service presse"
    [translate]
    engine = "libre"        # online engines are used only when named here or with --engine
    [local]
    models = "models"
    [memory]
    suggest = 75            # memory matches from this similarity (%) are offered to reviewers
    prefill = 95            # … and from this one pre-fill an untranslated segment (origin tm-fuzzy)
    [review]
    name = "Anna Weber"     # who approves, when --by is not given
    four_eyes = false       # true: nobody approves a target they edited last (browser workspace)
    [llm]
    base_url = "http://127.0.0.1:8080/v1"   # any OpenAI-compatible server (loopback counts as offline)
    model = "mistral-small"
    json = "object"         # or "schema" for servers with structured output
    [languages]
    source = "fr-FR"        # language tags written into TMX exports
    target = "de-DE"
"""

from __future__ import annotations

import os
import subprocess
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
    fuzzy_suggest: float = 75.0
    fuzzy_prefill: float = 95.0
    reviewer: str | None = None
    source_lang: str = "fr-FR"
    target_lang: str = "de-DE"
    four_eyes: bool = False
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_json: str = "object"


def load_config(path: Path = CONFIG_FILE) -> Config:
    if not path.exists():
        return Config(models_dir=_models_dir(None))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc}); fix or remove it") from exc
    office = data.get("office", {}).get("name") or DEFAULT_OFFICE
    engine = data.get("translate", {}).get("engine")
    memory = data.get("memory", {})
    suggest, prefill = (_percent(path, f"memory.{key}", memory.get(key, default))
                        for key, default in (("suggest", 75.0), ("prefill", 95.0)))
    reviewer = str(data.get("review", {}).get("name") or "").strip() or None
    four_eyes = data.get("review", {}).get("four_eyes", False)
    if not isinstance(four_eyes, bool):
        raise InputError(f"{path}: review.four_eyes = {four_eyes!r}; write true or false")
    languages = data.get("languages", {})
    llm = data.get("llm", {})
    if llm.get("json", "object") not in ("object", "schema"):
        raise InputError(f"{path}: llm.json = {llm.get('json')!r}; write \"object\" or \"schema\"")
    return Config(office, engine, _models_dir(data.get("local", {}).get("models")), suggest, prefill, reviewer,
                  str(languages.get("source") or "fr-FR"), str(languages.get("target") or "de-DE"), four_eyes,
                  llm.get("base_url"), llm.get("model"), llm.get("json", "object"))


def _percent(path: Path, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise InputError(f"{path}: {key} = {value!r} is not a percentage; write a number from 1 to 100")
    return float(value)


def reviewer_name(given: str | None) -> str:
    """Who is importing a review: --by, else $PIPELINE_USER, else [review] name in pipeline.toml, else
    git's user.name. Never the login name: on a shared machine it names nobody."""
    for name in (given, os.environ.get("PIPELINE_USER"), load_config().reviewer, _git_user()):
        if name and name.strip():
            return name.strip()
    raise InputError("who is reviewing? give --by NAME, or set [review] name in pipeline.toml "
                     "(or git config user.name)")


def _git_user() -> str | None:
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _models_dir(configured: str | None) -> Path:
    return Path(os.environ.get("PIPELINE_MODELS") or configured or "models")


def state_dir() -> Path:
    """$PIPELINE_HOME, else .pipeline/ in the current folder; created on first use."""
    folder = Path(os.environ.get("PIPELINE_HOME") or ".pipeline")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
