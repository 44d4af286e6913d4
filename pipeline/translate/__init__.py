"""The translation family: the Translator (translate.py: memory, then an engine, through the cache,
glossary kept), the translation memory with TMX (memory.py), offline models (models.py), retries
(retry.py), the engines behind a lazy registry (engines/) and `pipeline eval` (eval.py)."""

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
