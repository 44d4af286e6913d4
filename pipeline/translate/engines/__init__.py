"""Translation engines, one module each, behind a lazy name → "module.Class" registry.

Heavy SDKs (deepl, deep-translator, ctranslate2) are imported only when their engine is chosen.
"""

from __future__ import annotations

import importlib

from pipeline.errors import EngineUnavailable
from pipeline.translate.engines.base import Engine

ENGINES: dict[str, str] = {
    "memory": "pipeline.translate.engines.memory.MemoryEngine",
    "local": "pipeline.translate.engines.local.LocalEngine",
    "deepl": "pipeline.translate.engines.deepl.DeepLEngine",
    "libre": "pipeline.translate.engines.libre.LibreEngine",
    "google": "pipeline.translate.engines.google.GoogleEngine",
    "mymemory": "pipeline.translate.engines.mymemory.MyMemoryEngine",
    "microsoft": "pipeline.translate.engines.microsoft.MicrosoftEngine",
    "llm": "pipeline.translate.engines.llm.LLMEngine",
}
OFFLINE = ("memory", "local")


def engine_class(name: str) -> type:
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine '{name}'; choose one of {', '.join(ENGINES)}")
    module_name, class_name = ENGINES[name].rsplit(".", 1)
    cls: type = getattr(importlib.import_module(module_name), class_name)
    return cls


def make_engine(name: str) -> Engine:
    engine: Engine = engine_class(name)()
    return engine
