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
    [limits]                # sizes no press release reaches (see Limits)
    text_bytes = 10000000
    [languages]
    source = "fr-FR"        # language tags written into TMX exports
    target = "de-DE"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, InputError

CONFIG_FILE = Path("pipeline.toml")
DEFAULT_OFFICE = ""  # no pipeline.toml: a neutral header, never an invented office


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
    llm_timeout: float | None = None
    limits: Limits = field(default_factory=lambda: Limits())
    deadlines: Deadlines = field(default_factory=lambda: Deadlines())


@dataclass(frozen=True)
class Deadlines:
    """Seconds an engine may take ([deadlines] in pipeline.toml): to connect, between two bytes of an
    answer, for a whole request however the server trickles it, and for all of a release's requests
    (past that, the rest of the release is left untranslated and the run goes on)."""

    connect: int = 10
    read: int = 60
    request: int = 120
    release: int = 1800


@dataclass(frozen=True)
class Limits:
    """Sizes no press release reaches; past them a file is refused with the limit named."""

    text_bytes: int = 10_000_000       # .txt, .md, .html
    docx_bytes: int = 100_000_000      # all parts of a .docx, uncompressed
    docx_ratio: int = 200              # uncompressed / compressed, per part (a zip bomb goes far past it)
    pdf_pages: int = 500
    segments: int = 5_000              # per release


Kind = str  # "text", "bool", "percent", "count" or "choice:a|b"
MAX_TEXT = 200  # characters of a text setting (an office name must fit a page header)
SCHEMA: dict[str, dict[str, Kind]] = {
    "office": {"name": "text"},
    "translate": {"engine": "text"},
    "local": {"models": "text"},
    "memory": {"suggest": "percent", "prefill": "percent"},
    "review": {"name": "text", "four_eyes": "bool"},
    "languages": {"source": "text", "target": "text"},
    "llm": {"base_url": "text", "model": "text", "json": "choice:object|schema|plain", "timeout": "count"},
    "limits": {"text_bytes": "count", "docx_bytes": "count", "docx_ratio": "count", "pdf_pages": "count",
               "segments": "count"},
    "deadlines": {"connect": "count", "read": "count", "request": "count", "release": "count"},
}


def load_config(path: Path = CONFIG_FILE) -> Config:
    """pipeline.toml checked as a whole against SCHEMA: every problem is reported with its key."""
    if not path.exists():
        return Config(models_dir=_models_dir(None))
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); it must be a readable text file") from exc
    data = _checked(path, path.absolute(), info.st_mtime_ns, info.st_size)

    def get(section: str, key: str, default: Any = None) -> Any:
        return data.get(section, {}).get(key, default)

    return Config(get("office", "name") or DEFAULT_OFFICE, get("translate", "engine"),
                  _models_dir(get("local", "models")), float(get("memory", "suggest", 75.0)),
                  float(get("memory", "prefill", 95.0)), (get("review", "name") or "").strip() or None,
                  get("languages", "source") or "fr-FR", get("languages", "target") or "de-DE",
                  get("review", "four_eyes", False), get("llm", "base_url"), get("llm", "model"),
                  get("llm", "json", "object"), get("llm", "timeout"), Limits(**data.get("limits", {})),
                  Deadlines(**data.get("deadlines", {})))


@lru_cache(maxsize=8)
def _checked(path: Path, absolute: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """The file read and checked once per version of it (every file read asks for the limits)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc}); fix or remove it") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); it must be a readable text file") from exc
    problems = config_problems(data)
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s); fix them or remove the file", problems)
    return data


def config_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    for section, value in data.items():
        if section not in SCHEMA:
            problems.append(f"[{section}]: unknown section; known: {', '.join(SCHEMA)}")
        elif not isinstance(value, dict):
            problems.append(f"{section} = {value!r}: must be a table, [{section}]")
        else:
            for key, item in value.items():
                problem = _check(section, key, item)
                if problem:
                    problems.append(problem)
    return problems


def _check(section: str, key: str, value: Any) -> str | None:
    kind = SCHEMA[section].get(key)
    where = f"{section}.{key} = {value!r}"
    if kind is None:
        return f"{section}.{key}: unknown key; known in [{section}]: {', '.join(SCHEMA[section])}"
    if kind == "text" and not isinstance(value, str):
        return f"{where}: write text in quotes"
    if kind == "text" and (len(value) > MAX_TEXT or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value)):
        return f"{section}.{key}: at most {MAX_TEXT} characters on one line, no control characters"
    if kind == "bool" and not isinstance(value, bool):
        return f"{where}: write true or false"
    if kind == "percent" and (isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100):
        return f"{where}: is not a percentage; write a number from 1 to 100"
    if kind == "count" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        return f"{where}: write a whole number above 0"
    if kind.startswith("choice:") and value not in kind[7:].split("|"):
        return f"{where}: write one of {', '.join(kind[7:].split('|'))}"
    return None


def reviewer_name(given: str | None) -> str:
    """Who is importing a review: --by, else $PIPELINE_USER, else [review] name in pipeline.toml.
    Never the login name nor the machine's version-control identity: on a shared machine they name
    somebody else, and the name reaches a partner in "Approuvé par / Freigegeben von"."""
    for name in (given, os.environ.get("PIPELINE_USER"), load_config().reviewer):
        if name and name.strip():
            return name.strip()
    raise InputError("who is reviewing? give --by NAME, set PIPELINE_USER, or set [review] name in pipeline.toml")


def _models_dir(configured: str | None) -> Path:
    return Path(os.environ.get("PIPELINE_MODELS") or configured or "models")


def state_dir() -> Path:
    """$PIPELINE_HOME, else .pipeline/ in the current folder; created on first use."""
    folder = Path(os.environ.get("PIPELINE_HOME") or ".pipeline")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
