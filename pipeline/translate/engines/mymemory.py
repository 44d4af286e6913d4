"""MyMemory through deep-translator (online; MYMEMORY_EMAIL raises the daily quota)."""

from __future__ import annotations

import os
from typing import Any

from pipeline.translate.engines.deeptranslator import DeepTranslatorEngine


class MyMemoryEngine(DeepTranslatorEngine):
    name = "mymemory"
    module_name = "deep_translator.mymemory"
    max_chars = 480
    endpoint_url = "https://api.mymemory.translated.net/"

    def client(self) -> Any:
        # deferred: deep-translator loads only when this runs, not at start-up
        from deep_translator import MyMemoryTranslator

        return MyMemoryTranslator(source="fr-FR", target="de-DE", email=os.environ.get("MYMEMORY_EMAIL"))
