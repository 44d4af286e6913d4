"""LibreTranslate (self-hosted) through deep-translator's LibreTranslator; URL from LIBRETRANSLATE_URL."""

from __future__ import annotations

import os
from typing import Any

from pipeline.redact import address_tag
from pipeline.translate.engines.deeptranslator import LANGS, DeepTranslatorEngine, require_env


class LibreEngine(DeepTranslatorEngine):
    name = "libre"
    module_name = "deep_translator.libre"
    max_workers = 20  # a self-hosted server; deep-translator sends one request per text

    def _url(self) -> str:
        url = require_env("LIBRETRANSLATE_URL", self.name, "e.g. http://localhost:5000/")
        return url if url.endswith("/") else url + "/"

    def status(self) -> tuple[bool, str]:
        url = os.environ.get("LIBRETRANSLATE_URL")
        if not url:
            return False, "set LIBRETRANSLATE_URL to your LibreTranslate server"
        return True, f"LibreTranslate at {url}"

    def endpoint(self) -> str | None:
        return os.environ.get("LIBRETRANSLATE_URL") or None

    def version(self) -> str:
        return f"server {address_tag(self._url() or '')}"

    def client(self) -> Any:
        # deferred: deep-translator loads only when this runs, not at start-up
        from deep_translator import LibreTranslator

        # deep-translator insists on a key even for a self-hosted server without one
        key = os.environ.get("LIBRETRANSLATE_API_KEY") or "no-key"
        return LibreTranslator(source=LANGS[0], target=LANGS[1], api_key=key, custom_url=self._url())
