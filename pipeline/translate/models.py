"""`make models`: download the Argos Translate fr_en and en_de packages and verify them.

The index URL can be overridden with PIPELINE_ARGOS_INDEX (a mirror, or a test server on
127.0.0.1). Downloads go to a temporary file and are renamed only once verified.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from pipeline.atomic import write_bytes
from pipeline.errors import PipelineError
from pipeline.translate.engines.local import _argos_package, _unpack

ARGOS_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
WANTED = (("fr", "en"), ("en", "de"))
TIMEOUT = 60


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http/https only)
            data: bytes = response.read()
            return data
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PipelineError(
            f"cannot download {url} ({getattr(exc, 'reason', exc)}); this machine seems offline: copy the "
            "Argos packages translate-fr_en and translate-en_de (.argosmodel) into models/ by hand") from exc


def _index(url: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(_fetch(url))
    except json.JSONDecodeError as exc:
        raise PipelineError(f"{url}: the package index is not JSON; try again later") from exc
    if not isinstance(data, list):
        raise PipelineError(f"{url}: unexpected package index format")
    return data


def verify_package(path: Path, source: str, target: str) -> None:
    """A real Argos package for source→target whose model and tokenizer load."""
    try:
        with zipfile.ZipFile(path) as zipped:
            if zipped.testzip() is not None:
                raise PipelineError(f"{path}: corrupt archive; download it again")
    except zipfile.BadZipFile as exc:
        raise PipelineError(f"{path}: not a zip archive; download it again") from exc
    package = _argos_package(_unpack(path))
    if package is None or (package.source, package.target) != (source, target):
        raise PipelineError(f"{path}: not an Argos {source}→{target} package")
    package.translator  # noqa: B018 (loading is the check)
    package.tokenizers  # noqa: B018


def download_models(models_dir: Path) -> list[Path]:
    index = _index(os.environ.get("PIPELINE_ARGOS_INDEX") or ARGOS_INDEX)
    written = []
    for source, target in WANTED:
        entry = next((e for e in index if e.get("from_code") == source and e.get("to_code") == target), None)
        if entry is None or not entry.get("links"):
            raise PipelineError(f"the package index has no {source}→{target} package")
        destination = models_dir / f"translate-{source}_{target}.argosmodel"
        staging = models_dir / f".{destination.name}.download"
        write_bytes(staging, _fetch(entry["links"][0]))
        try:
            verify_package(staging, source, target)
        except Exception:
            staging.unlink(missing_ok=True)
            raise
        os.replace(staging, destination)
        written.append(destination)
    return written
