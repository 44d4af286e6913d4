"""Candidate glossary terms found in releases: named entities and recurring noun phrases not yet
in the glossary, most frequent first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.glossary import Glossary
from pipeline.termmatch import fold_french, french_matcher

STOP_LEMMAS = frozenset("être avoir faire cela ce celui chose fois an année jour".split())
MIN_CHARS = 4


@dataclass
class Candidate:
    text: str
    kind: str  # "entity:PER", "entity:LOC", … or "phrase"
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"fr": self.text, "kind": self.kind, "count": self.count}


def _noun_phrases(doc: Any) -> Iterable[str]:
    """NOUN (ADJ)* and NOUN de NOUN patterns from the morphologizer's tags (no parser needed)."""
    tokens = list(doc)
    for i, token in enumerate(tokens):
        if token.pos_ != "NOUN":
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].pos_ == "ADJ":
            end += 1
        if end > i + 1:
            yield doc[i:end].text
        if end + 1 < len(tokens) and tokens[end].lower_ == "de" and tokens[end + 1].pos_ == "NOUN":
            yield doc[i:end + 2].text


def suggest_terms(texts: list[str], glossary: Glossary, limit: int = 50) -> list[Candidate]:
    from pipeline.nlp import entities, lemmatised

    known = {fold_french(form) for term in glossary.terms for form in term.fr_forms}
    matcher = french_matcher(glossary)
    covered = {fold_french(hit.text) for text in texts for hit in matcher.match(text)}
    counts: Counter[tuple[str, str]] = Counter()
    for ents in entities(texts):
        for text, label in ents:
            counts[(text, f"entity:{label}")] += 1
    for doc in lemmatised(texts):
        for phrase in _noun_phrases(doc):
            counts[(phrase.lower() if not phrase[:1].isupper() else phrase, "phrase")] += 1
    candidates = []
    for (text, kind), count in counts.most_common():
        key = fold_french(text)
        if len(key) < MIN_CHARS or key in known or key in covered or text.lower() in STOP_LEMMAS:
            continue
        if kind == "phrase" and count < 2:
            continue
        candidates.append(Candidate(text, kind, count))
    return candidates[:limit]
