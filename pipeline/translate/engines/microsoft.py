"""Microsoft Translator through deep-translator; key from MICROSOFT_API_KEY (region MICROSOFT_REGION)."""

from __future__ import annotations

import os
from typing import Any

from pipeline.translate.engines.deeptranslator import LANGS, DeepTranslatorEngine, require_env


class MicrosoftEngine(DeepTranslatorEngine):
    name = "microsoft"
    module_name = "deep_translator.microsoft"
    endpoint_url = "https://api.cognitive.microsofttranslator.com/"

    def status(self) -> tuple[bool, str]:
        if not os.environ.get("MICROSOFT_API_KEY"):
            return False, "set MICROSOFT_API_KEY (and MICROSOFT_REGION)"
        return True, "Microsoft Translator (online)"

    def client(self) -> Any:
        # deferred: deep-translator loads only when this runs, not at start-up
        from deep_translator import MicrosoftTranslator

        key = require_env("MICROSOFT_API_KEY", self.name, "your Azure Translator key")
        return MicrosoftTranslator(api_key=key, region=os.environ.get("MICROSOFT_REGION"),
                                   source=LANGS[0], target=LANGS[1])
