"""The translation family: the Translator (translate.py: memory, then an engine, through the cache,
glossary kept), the translation memory (memory.py) and its TMX in and out (tmx.py), offline models
(models.py), retries (retry.py) and the engines behind a lazy registry (engines/)."""

from pipeline.translate.translate import (
    SegmentResult,
    TranslationRun,
    Translator,
    choose_engines,
    engines_for,
    protect,
    restore,
    split_for_engine,
)

__all__ = ["SegmentResult", "TranslationRun", "Translator", "choose_engines", "engines_for", "protect", "restore",
           "split_for_engine"]
