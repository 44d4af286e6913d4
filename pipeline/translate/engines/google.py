"""Google Translate's public endpoint through deep-translator (online, no key)."""

from __future__ import annotations

from typing import Any

from pipeline.translate.engines.deeptranslator import LANGS, DeepTranslatorEngine


class GoogleEngine(DeepTranslatorEngine):
    name = "google"
    module_name = "deep_translator.google"
    endpoint_url = "https://translate.google.com/"

    def client(self) -> Any:
        # deferred: deep-translator loads only when this runs, not at start-up
        from deep_translator import GoogleTranslator

        return GoogleTranslator(source=LANGS[0], target=LANGS[1])
