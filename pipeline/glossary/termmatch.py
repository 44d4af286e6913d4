"""Finding glossary terms: in French by lemma and listed variants, in German in any inflected form.

French: every spaCy token gives three keys, its surface, its lemma and its surface without a plural
ending (for capitalised names spaCy does not lemmatise: "les Gilets Jaunes"), folded (case, accents, ’/',
hyphens and spaces removed). A term matches where the concatenated keys of consecutive tokens equal
the term's key, so "Rhénanie du Nord Westphalie", "Rhénanie-du-NordWestphalie" and "friches
industrielles" all match, and "président" alone never matches "Ministre-Président".

German: words are compared one by one through a set of keys (surface, simplemma lemma, a light
inflection stem), so "Weimarer Dreiecks" matches "Weimarer Dreieck" and "Städtepartnerschaften"
matches "Städtepartnerschaft". A one-word term also matches as a whole part of a compound
("Klimaschutz" in "Klimaschutzziele") but never inside an unrelated word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from pipeline.glossary import Glossary, Term
from pipeline.language.nlp import StoredWords, analyse

if TYPE_CHECKING:
    from pipeline.language.nlp import Analysis

GERMAN_KEEP = set("äöüß")
DE_WORD = re.compile(r"[^\W_]+", re.UNICODE)
DE_SUFFIXES = ("es", "en", "er", "em", "e", "n", "s")
MIN_STEM = 4
MODIFIER_ALTERNATIONS = (("europa", "eu"),)
INFLECTIONS = ("s", "es", "n", "en", "e", "er", "in", "innen")
FUNCTION_WORDS = frozenset("der die das des dem den für und von im in am zu zur zum mit bei".split())
COMPOUND_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
BRIDGING = {"-", "–", "'", "’", "«", "»", "\"", "“", "”"}
MIN_COMPOUND_PART = 5
MIN_COMPOUND_REST = 3


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int
    text: str
    via: str = "surface"  # "surface" or "lemma" (French); "de" for German hits

    def to_dict(self) -> dict[str, Any]:
        return {"fr": self.term.fr, "de": self.term.de, "kind": self.term.kind,
                "start": self.start, "end": self.end, "text": self.text, "via": self.via}


@lru_cache(maxsize=131072)
def fold_french(text: str) -> str:
    """Case, accents and every non-alphanumeric character removed: the French matching key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@lru_cache(maxsize=131072)
def french_singular(word: str) -> str:
    """The folded word without a French plural ending (-s, -x, -aux → -al): "Gilets Jaunes" written
    as a movement's name, which spaCy takes for a proper noun and does not lemmatise, still matches."""
    folded = fold_french(word)
    if len(folded) > 4 and folded.endswith("aux"):
        return folded[:-3] + "al"
    if len(folded) > 3 and folded[-1] in "sx":
        return folded[:-1]
    return folded


def _select(candidates: list[Hit]) -> list[Hit]:
    """Longest first, surface before lemma, leftmost first; no overlapping hits."""
    candidates.sort(key=lambda h: (-(h.end - h.start), h.via != "surface", h.start))
    chosen: list[Hit] = []
    for hit in candidates:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _glued_hyphen(text: str, at: int) -> bool:
    """A hyphen at ``at`` joining two letters: a compound like Ministre-Président."""
    return (0 < at < len(text) - 1 and text[at] in "-‐" and text[at - 1].isalnum()
            and text[at + 1].isalnum())


def _whole_words(text: str, start: int, end: int) -> bool:
    """The span neither starts nor ends inside a hyphenated compound."""
    return not _glued_hyphen(text, start - 1) and not _glued_hyphen(text, end)


class FrenchMatcher:
    """Term hits in French text; one instance per glossary."""

    def __init__(self, glossary: Glossary) -> None:
        self.surface_index: dict[str, list[Term]] = {}
        self.lemma_index: dict[str, list[Term]] = {}
        self.singular_index: dict[str, list[Term]] = {}
        forms = [(term, form) for term in glossary.terms for form in term.fr_forms]
        for term, form in forms:
            self.surface_index.setdefault(fold_french(form), []).append(term)
        if forms:
            lemma_keys, singular_keys = cached_lemma_keys([form for _, form in forms])
            for term, form in forms:
                for index, key in ((self.lemma_index, lemma_keys[form]), (self.singular_index, singular_keys[form])):
                    if key and term not in index.get(key, []):
                        index.setdefault(key, []).append(term)
        keys = (*self.surface_index, *self.lemma_index, *self.singular_index)
        self.max_key = max((len(k) for k in keys), default=0)
        self.prefixes = {k[:n] for k in keys for n in range(1, len(k) + 1)}

    def match(self, text: str) -> list[Hit]:
        return self.match_many([text])[0]

    def match_many(self, texts: Iterable[str]) -> list[list[Hit]]:
        if not self.max_key:
            return [[] for _ in texts]

        return [self.match_analysis(analysis) for analysis in analyse(list(texts))]

    def match_analysis(self, analysis: Analysis) -> list[Hit]:
        tokens = [(idx, idx + len(word), fold_french(word), fold_french(lemma), french_singular(word))
                  for idx, word, lemma in analysis.tokens]
        candidates = self._scan(analysis.text, tokens, 2, self.surface_index, "surface")
        candidates += self._scan(analysis.text, tokens, 3, self.lemma_index, "lemma")
        candidates += self._scan(analysis.text, tokens, 4, self.singular_index, "singular")
        return _select(candidates)

    def _scan(self, text: str, tokens: list[tuple[int, int, str, str, str]], field: int,
              index: dict[str, list[Term]], via: str) -> list[Hit]:
        hits: list[Hit] = []
        for i, first in enumerate(tokens):
            if not first[field]:
                continue
            key = ""
            for j in range(i, len(tokens)):
                piece = str(tokens[j][field])
                if not piece:
                    if text[tokens[j][0]:tokens[j][1]] in BRIDGING:
                        continue
                    break
                key += piece
                if key not in self.prefixes:
                    break
                start, end = first[0], tokens[j][1]
                if key in index and _whole_words(text, start, end):
                    hits.extend(Hit(term, start, end, text[start:end], via) for term in index[key])
        return hits


def cached_lemma_keys(forms: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each form's lemma key (folded lemmas, concatenated) and singular key (folded singular of each
    token), from spaCy's stored analysis of the form: a 20,000-entry glossary is analysed once, and a
    glossary analysed before needs no spaCy at all."""
    lemma_keys, singular_keys = {}, {}
    for analysis in analyse(list(dict.fromkeys(forms))):
        lemma_keys[analysis.text] = "".join(fold_french(lemma) for _, _, lemma in analysis.tokens)
        singular_keys[analysis.text] = "".join(french_singular(word) for _, word, _ in analysis.tokens)
    return lemma_keys, singular_keys


_MATCHERS: dict[tuple[str, str, int], FrenchMatcher] = {}


def french_matcher(glossary: Glossary) -> FrenchMatcher:
    """One matcher per glossary content per process (building one lemmatises every form)."""
    key = (glossary.source, glossary.version, len(glossary))
    if key not in _MATCHERS:
        _MATCHERS[key] = FrenchMatcher(glossary)
    return _MATCHERS[key]


def fold_german(text: str) -> str:
    """Lower case; accents folded except the German letters ä ö ü ß (Élysée = Elysée)."""
    out = []
    for char in text.lower():
        if char in GERMAN_KEEP:
            out.append(char)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(out)


def german_stem(word: str) -> str:
    for suffix in DE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def _masculine(word: str) -> str | None:
    """Spitzenkandidatin → spitzenkandidat: the feminine -in/-innen is the same term."""
    for suffix in ("innen", "in"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 6:
            return word[: -len(suffix)]
    return None


def _simplemma_german(word: str) -> str:
    # deferred: simplemma loads only when this runs, not at start-up
    import simplemma

    return str(simplemma.lemmatize(word, lang="de"))


def lemmatise_german(words: list[str]) -> dict[str, str]:
    """simplemma's lemma of each word (run in a worker process by ``prefetch_german``)."""
    return {word: _simplemma_german(word) for word in words}


def prefetch_german(texts: Iterable[str], submit: Any) -> None:
    """Ask a worker (``submit`` = a process pool's submit) for the German lemmas that matching these
    texts will need and the store lacks: simplemma's dictionaries then load there, beside spaCy here."""
    words: set[str] = set()
    for text in texts:
        for match in (*COMPOUND_WORD.finditer(text), *DE_WORD.finditer(text)):
            word = match.group(0)
            folded = fold_german(word).replace("-", "")
            words.update((word, folded))
            words.update(folded[cut:] for cut in range(2, len(folded) - MIN_COMPOUND_PART + 1))
    unknown = _german_lemmas().unknown(sorted(words))
    if unknown:
        _german_lemmas().prefetch(submit(lemmatise_german, unknown))


@cache
def _german_lemmas() -> Any:
    """German lemmas kept in the state database: simplemma's dictionaries (2.5 s to load) are read only
    for words never met before."""
    try:
        model = f"simplemma-de-{version('simplemma')}"
    except PackageNotFoundError:
        model = "simplemma-de"
    return StoredWords(model, _simplemma_german)


def german_lemma(word: str) -> str:
    """simplemma's German lemma of one word (kept in the state database)."""
    return str(_german_lemmas()(word))


def flush_german_lemmas() -> None:
    """Keep the German lemmas met so far (a long-running process, such as the workspace, does not wait
    for its exit)."""
    _german_lemmas().flush()


@lru_cache(maxsize=65536)
def german_keys(word: str) -> frozenset[str]:
    """Surface, lemma and stems of one German word (hyphens ignored), folded."""
    if not word:
        return frozenset()
    folded = fold_german(word).replace("-", "")
    lemma = fold_german(_german_lemmas()(word)).replace("-", "")
    keys = {folded, lemma, german_stem(folded), german_stem(lemma)}
    masculine = _masculine(folded)
    if masculine:
        keys.update((masculine, german_stem(masculine)))
    return frozenset(keys)


def _linking_s(a: str, b: str) -> bool:
    """Mitgliedstaat = Mitgliedsstaat: the same compound with or without a linking s."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) != len(b) + 1 or len(b) < 8:
        return False
    i = next((k for k in range(len(b)) if a[k] != b[k]), len(b))
    return a[i] == "s" and 3 <= i <= len(b) - 3 and a[i + 1:] == b[i:]


def _keys_match(keys: frozenset[str], term_keys: frozenset[str]) -> bool:
    if keys & term_keys:
        return True
    return any(_linking_s(k, t) for k in keys for t in term_keys)


@cache
def _term_words(form: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((fold_german(m.group(0)).replace("-", ""), german_keys(m.group(0)))
                 for m in COMPOUND_WORD.finditer(form))


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    return fold_german(word).replace("-", "")


def _compound_match(word: str, part: str, position: str) -> bool:
    """``part`` is a whole element of the compound ``word``, never a fragment of an unrelated word.

    ``position`` says where the term word may sit in the compound: "head" (Partnerschaft in
    Städtepartnerschaft), "modifier" (Klimaschutz in Klimaschutzziele) or "any". A linking s
    (Mitgliedsstaaten) and the EU-/Europa- alternation (EU-Abgeordnete) are allowed.
    """
    if position == "any" and _place_adjective(word, part):
        return True
    if len(part) < MIN_COMPOUND_PART or len(word) - len(part) < 2:
        return _modifier_alternation(word, part)
    if position in ("modifier", "any") and word.startswith(part) and len(word) - len(part) >= MIN_COMPOUND_REST:
        return True
    if position in ("head", "any"):
        for cut in range(2, len(word) - MIN_COMPOUND_PART + 1):
            if _keys_match(german_keys(word[cut:]), german_keys(part)):
                return True
    return _modifier_alternation(word, part)


def _place_adjective(word: str, part: str) -> bool:
    """Aachener, Kölner, Münchner (Sicherheitskonferenz): the -er adjective of a place name."""
    stems = {part, part[:-2] if part.endswith("en") else part}
    for stem in stems:
        for suffix in ("er", "ner"):
            base = stem + suffix
            if len(stem) >= 4 and (word == base or any(word == base + i for i in ("n", "s", "in"))):
                return True
    return False


def _modifier_alternation(word: str, part: str) -> bool:
    """Europawahl = EU-Wahl, Europaabgeordneter = EU-Abgeordnete (hyphens already removed)."""
    for long, short in MODIFIER_ALTERNATIONS:
        if part.startswith(long) and word.startswith(short) and not word.startswith(long):
            rest_word, rest_part = word[len(short):], part[len(long):]
            if len(rest_part) >= MIN_STEM and _keys_match(german_keys(rest_word), german_keys(rest_part)):
                return True
    return False


def _word_matches(word: str, keys: frozenset[str], term_word: str, term_keys: frozenset[str],
                  position: str | None) -> bool:
    if _keys_match(keys, term_keys):
        return True
    return position is not None and _compound_match(word, term_word, position)


def _positions(length: int) -> list[str | None]:
    """Where each term word may also be part of a compound: a one-word term anywhere, the first
    word of a phrase as a compound's head, the last as its modifier ("Württembergerin")."""
    if length == 1:
        return ["any"]
    return ["head"] + [None] * (length - 2) + ["modifier"]


def _acronym(pattern: tuple[tuple[str, frozenset[str]], ...], form: str) -> str | None:
    """EU for Europäische Union: initials of the content words, when there are at least two."""
    words = [m.group(0) for m in DE_WORD.finditer(form) if m.group(0).lower() not in FUNCTION_WORDS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else None


def _compound_of_phrase(word: str, pattern: tuple[tuple[str, frozenset[str]], ...]) -> bool:
    """One word standing for an adjective + noun term: Europaparlament, EU-Parlament for
    Europäisches Parlament. The word ends with the noun (any inflection) and begins with the
    adjective's first four letters or with an initialism of the adjective's initial."""
    if len(pattern) != 2:
        return False
    adjective, noun = pattern[0][0], pattern[1][0]
    folded = fold_german(word)
    at = folded.find(noun, 2)
    if at < 0:
        return False
    prefix = word[:at].rstrip("-")
    if prefix.isupper() and 2 <= len(prefix) <= 4:
        return prefix[0].lower() == adjective[0]
    return len(prefix) >= 4 and fold_german(prefix)[:4] == adjective[:4]


def find_german(form: str, text: str) -> list[tuple[int, int]]:
    """Spans of ``form`` in German ``text``, in any inflected or compound form; a hyphen in the
    term also matches a space ("Nordrhein Westfalen")."""
    pattern = _term_words(form)
    if not pattern:
        return []
    spans = _pattern_spans(pattern, text, COMPOUND_WORD)
    if "-" in form:
        spans += _pattern_spans(_term_words(form.replace("-", " ")), text, DE_WORD)
    if len(pattern) > 1:
        spans += _single_word_forms(form, pattern, text)
    return sorted(set(spans))


def _pattern_spans(pattern: tuple[tuple[str, frozenset[str]], ...], text: str,
                   tokenizer: re.Pattern[str]) -> list[tuple[int, int]]:
    words = [(m.start(), m.end(), m.group(0)) for m in tokenizer.finditer(text)]
    positions = _positions(len(pattern))
    spans = []
    for i in range(len(words) - len(pattern) + 1):
        if all(
            _word_matches(_folded_word(words[i + k][2]), german_keys(words[i + k][2]), tw, tk, positions[k])
            for k, (tw, tk) in enumerate(pattern)
        ):
            spans.append((words[i][0], words[i + len(pattern) - 1][1]))
    return spans


def _single_word_forms(form: str, pattern: tuple[tuple[str, frozenset[str]], ...],
                       text: str) -> list[tuple[int, int]]:
    acronym = _acronym(pattern, form)
    spans = []
    for match in COMPOUND_WORD.finditer(text):
        word = match.group(0)
        elements = word.split("-")
        if acronym and acronym in elements or _compound_of_phrase(word, pattern):
            spans.append(match.span())
    return spans


def find_written(form: str, text: str) -> list[tuple[int, int]]:
    """Spans where ``form`` is written as such: its words in order, each at most inflected, hyphens
    where the form has them; none of ``find_german``'s equivalences (compound, acronym, adjective +
    noun). Used for forbidden forms, which are reported whatever equivalence would accept them."""
    pattern = [m.group(0) for m in COMPOUND_WORD.finditer(form)]
    words = [(m.start(), m.end(), m.group(0)) for m in COMPOUND_WORD.finditer(text)]
    return [(words[i][0], words[i + len(pattern) - 1][1]) for i in range(len(words) - len(pattern) + 1)
            if pattern and all(_same_spelling(words[i + k][2], part) for k, part in enumerate(pattern))]


def _same_spelling(word: str, form_word: str) -> bool:
    """The same hyphenated elements, the last one possibly inflected (Nordrhein-Westphalens)."""
    parts, form_parts = fold_german(word).split("-"), fold_german(form_word).split("-")
    if len(parts) != len(form_parts) or parts[:-1] != form_parts[:-1]:
        return False
    return parts[-1] == form_parts[-1] or bool(german_keys(parts[-1]) & german_keys(form_parts[-1]))


def german_hits(glossary_terms: Iterable[Term], text: str) -> list[Hit]:
    """Preferred German terms present in ``text`` (for highlighting a translation)."""
    candidates = [Hit(term, s, e, text[s:e], "de") for term in glossary_terms
                  for s, e in find_german(term.de, text)]
    return _select(candidates)
