"""spaCy, loaded once per process with only the components a stage needs (never at CLI start-up)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pipeline.errors import PipelineError

MODEL = "fr_core_news_sm"
LEMMA_EXCLUDE = ("parser", "ner", "senter")
NER_EXCLUDE = ("parser", "senter", "lemmatizer", "morphologizer", "attribute_ruler")


@cache
def french(entities: bool = False) -> Any:
    """The French pipeline: lemmas (default) or named entities."""
    try:
        import spacy

        return spacy.load(MODEL, exclude=list(NER_EXCLUDE if entities else LEMMA_EXCLUDE))
    except OSError as exc:
        raise PipelineError(f"spaCy model {MODEL} is not installed; run 'make test' or "
                            f"'pip install {MODEL.replace('_', '-')}'") from exc


def lemmatised(texts: Iterable[str], batch_size: int = 256) -> Iterator[Any]:
    """spaCy Docs with lemmas, streamed in batches."""
    return french().pipe(texts, batch_size=batch_size)


def entities(texts: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """(text, label) of each named entity, per text."""
    for doc in french(entities=True).pipe(texts, batch_size=128):
        yield [(ent.text, ent.label_) for ent in doc.ents]
