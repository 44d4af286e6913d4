"""Offline neural MT with CTranslate2 + SentencePiece (no torch).

Models live in the models folder (``models/``, or ``[local] models`` in pipeline.toml, or
$PIPELINE_MODELS) in either layout:

- Argos Translate packages, as ``.argosmodel`` zips or unpacked: ``metadata.json`` (from_code,
  to_code), ``model/`` (a CTranslate2 model) and ``sentencepiece.model``;
- CTranslate2-converted OPUS-MT / Marian models: a folder with ``model.bin``, ``source.spm`` and
  ``target.spm``, named after its pair (``opus-mt-fr-de``) or with a ``metadata.json``.

FR→DE directly when such a model exists, else by pivot FR→EN→DE.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.config import load_config
from pipeline.errors import EngineError, EngineUnavailable
from pipeline.glossary import Glossary
from pipeline.translate.engines.base import SOURCE_LANG, TARGET_LANG

NAME_PARTS = re.compile(r"[-_.]")
UNPACKED = ".unpacked"


@dataclass
class Package:
    """One installed direction (e.g. fr→en) with its model and tokenizers."""

    source: str
    target: str
    path: Path
    model_dir: Path
    source_spm: Path
    target_spm: Path
    version: str

    @property
    def label(self) -> str:
        return f"{self.source}→{self.target} ({self.path.name} {self.version})"

    @cached_property
    def translator(self) -> Any:
        # deferred: CTranslate2 loads only when this runs, not at start-up
        import ctranslate2

        return ctranslate2.Translator(str(self.model_dir), device="cpu", inter_threads=1, intra_threads=2)

    @cached_property
    def tokenizers(self) -> tuple[Any, Any]:
        # deferred: sentencepiece loads only when this runs, not at start-up
        import sentencepiece

        source = sentencepiece.SentencePieceProcessor(model_file=str(self.source_spm))
        same = self.target_spm == self.source_spm
        target = source if same else sentencepiece.SentencePieceProcessor(model_file=str(self.target_spm))
        return source, target

    def translate(self, texts: list[str]) -> list[str]:
        source_sp, target_sp = self.tokenizers
        tokens = [source_sp.encode(text, out_type=str) for text in texts]
        longest = max((len(t) for t in tokens), default=0)
        limit = min(512, 3 * longest + 16)  # a runaway model cannot loop for ever
        results = self.translator.translate_batch(tokens, beam_size=2, max_decoding_length=limit)
        return [target_sp.decode(result.hypotheses[0]) for result in results]


def _metadata(folder: Path) -> dict[str, Any]:
    path = folder / "metadata.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _argos_package(folder: Path) -> Package | None:
    meta = _metadata(folder)
    spm = folder / "sentencepiece.model"
    if not (meta.get("from_code") and meta.get("to_code") and (folder / "model" / "model.bin").exists()
            and spm.exists()):
        return None
    return Package(meta["from_code"], meta["to_code"], folder, folder / "model", spm, spm,
                   str(meta.get("package_version", "?")))


def _ct2_package(folder: Path) -> Package | None:
    if not ((folder / "model.bin").exists() and (folder / "source.spm").exists()
            and (folder / "target.spm").exists()):
        return None
    meta = _metadata(folder)
    pair = (meta.get("from_code"), meta.get("to_code"))
    if not all(pair):
        found = _pair_in_name(folder.name)
        if not found:
            return None
        pair = found
    size = (folder / "model.bin").stat().st_size
    return Package(str(pair[0]), str(pair[1]), folder, folder, folder / "source.spm", folder / "target.spm",
                   str(meta.get("version", f"{size}b")))


def _pair_in_name(name: str) -> tuple[str, str] | None:
    """opus-mt-fr-de → (fr, de): the last two consecutive two-letter parts of the name."""
    parts = NAME_PARTS.split(name.lower())
    pairs = [(a, b) for a, b in zip(parts, parts[1:], strict=False)
             if len(a) == len(b) == 2 and a.isalpha() and b.isalpha()]
    return pairs[-1] if pairs else None


def _unpack(archive: Path) -> Path:
    """Unpack an .argosmodel zip beside it (once per content), refusing unsafe member names."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:12]
    target = archive.parent / UNPACKED / f"{archive.stem}-{digest}"
    if target.exists():
        return _single_child(target)
    try:
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                if member.startswith(("/", "\\")) or ".." in Path(member).parts:
                    raise EngineUnavailable(f"{archive}: unsafe path '{member}' in the package; delete it")
            zipped.extractall(target)
    except zipfile.BadZipFile as exc:
        raise EngineUnavailable(f"{archive}: not a valid .argosmodel (zip) file; download it again") from exc
    return _single_child(target)


def _single_child(folder: Path) -> Path:
    children = [c for c in folder.iterdir() if c.is_dir()]
    return children[0] if len(children) == 1 and not (folder / "metadata.json").exists() else folder


def discover(models_dir: Path) -> list[Package]:
    """Every usable package in the models folder."""
    if not models_dir.is_dir():
        return []
    folders = [p for p in sorted(models_dir.iterdir()) if p.is_dir() and p.name != UNPACKED]
    folders += [_unpack(p) for p in sorted(models_dir.glob("*.argosmodel"))]
    found = []
    for folder in folders:
        package = _argos_package(folder) or _ct2_package(folder)
        if package:
            found.append(package)
    return found


def route(packages: list[Package], source: str = SOURCE_LANG, target: str = TARGET_LANG) -> list[Package]:
    """Direct source→target, else source→pivot→target (English first); [] when impossible."""
    by_pair = {(p.source, p.target): p for p in packages}
    if (source, target) in by_pair:
        return [by_pair[(source, target)]]
    pivots = sorted({p.target for p in packages if p.source == source}, key=lambda lang: lang != "en")
    for pivot in pivots:
        if (pivot, target) in by_pair:
            return [by_pair[(source, pivot)], by_pair[(pivot, target)]]
    return []


class LocalEngine:
    name = "local"
    online = False
    batch_size = 16
    max_workers = 1
    max_chars = 1000
    protection = "placeholder"
    tags = "placeholder"  # inline tags sent as ⟦b1⟧…⟦/b1⟧, read back when they survive

    def __init__(self, models_dir: Path | None = None) -> None:
        self.models_dir = models_dir or load_config().models_dir
        self._route: list[Package] | None = None

    def packages(self) -> list[Package]:
        return discover(self.models_dir)

    def route(self) -> list[Package]:
        if self._route is None:
            self._route = route(self.packages())
        return self._route

    def status(self) -> tuple[bool, str]:
        try:
            chosen = self.route()
        except EngineError as exc:
            return False, str(exc)
        if not chosen:
            return False, (f"no fr→de (or fr→en + en→de) model in {self.models_dir}/; "
                           "run 'make models' or copy Argos / OPUS-MT models there")
        return True, " then ".join(p.label for p in chosen)

    def endpoint(self) -> str | None:
        return None

    def version(self) -> str:
        return "+".join(f"{p.source}{p.target}:{p.path.name}:{p.version}" for p in self.route())

    def prepare(self, glossary: Glossary) -> None:
        usable, why = self.status()
        if not usable:
            raise EngineUnavailable(f"local: {why}")

    def translate_batch(self, texts: list[str]) -> list[str]:
        try:
            for package in self.route():
                texts = package.translate(texts)
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"local: the model failed ({exc}); reinstall it with 'make models'") from exc
        return texts
