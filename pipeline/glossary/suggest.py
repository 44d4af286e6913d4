"""Candidate glossary terms found in releases: named entities and recurring noun phrases not yet
in the glossary, most frequent first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.glossary import Glossary
from pipeline.glossary.termmatch import fold_french, french_matcher
from pipeline.language.entities import GENERIC, clean_entities
from pipeline.language.nlp import lemmatised

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


LEADING_ARTICLE = re.compile(r"^(?:la|le|les|l['’]|un|une|des|du|de la|d['’])\s*", re.IGNORECASE)


def _surface(text: str) -> str:
    """"la France" → "France"; "Elections européennes" and "élections européennes" are one term."""
    return LEADING_ARTICLE.sub("", text).strip()


def suggest_terms(texts: list[str], glossary: Glossary, limit: int = 50) -> list[Candidate]:
    known = {fold_french(form) for term in glossary.terms for form in term.fr_forms}
    matcher = french_matcher(glossary)
    covered = {fold_french(hit.text) for text in texts for hit in matcher.match(text)}
    generic = {fold_french(word) for word in GENERIC}
    seen: list[tuple[str, str]] = []
    for ents in clean_entities(texts):
        seen.extend((_surface(name), f"entity:{label}") for name, label in ents)
    for doc in lemmatised(texts):
        seen.extend((_surface(phrase), "phrase") for phrase in _noun_phrases(doc))
    groups: dict[str, Counter[tuple[str, str]]] = {}
    for text, kind in seen:
        key = fold_french(text)
        if len(key) < MIN_CHARS or key in known or key in generic or text.lower() in STOP_LEMMAS:
            continue
        if any(part in key for part in covered):  # "Région Hauts-de-France" holds a known term
            continue
        groups.setdefault(key, Counter())[(text, kind)] += 1
    candidates = []
    for forms in groups.values():
        (text, kind), _ = forms.most_common(1)[0]
        count = sum(forms.values())
        if kind != "phrase" or count >= 2:
            candidates.append(Candidate(text, kind, count))
    candidates.sort(key=lambda c: (-c.count, c.text.casefold()))
    return candidates[:limit]
