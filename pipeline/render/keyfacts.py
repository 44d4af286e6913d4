"""The key facts of a briefing: persons (with their function), places, organisations, dates, figures.

Names come from two sources: the glossary's ``name`` entries found in the release (known, with their
German form) and spaCy's entities, cleaned by rules that can be stated:

1. "Communiqué de Brigitte Klinkert" → "Brigitte Klinkert"; a leading article goes ("L'Alsace" → "Alsace").
2. A word written in capitals throughout ("BRIGITTE", "COMMUNIQUE") is a header word, not a name
   (an organisation's acronym of up to 6 letters, "SNCF", stays).
3. A title or function alone ("Landrat", "Président") is not a person; "Xavier Bertrand Président de la
   Région …" is the person "Xavier Bertrand" whose function is "Président de la Région …".
4. A single word that is a function word or a common noun ("Quels", "Land", "Drapeaux"), or that opens
   its sentence and is found nowhere else in the release, is not a name.
5. A single capitalised word tagged as an organisation ("Kir") is not one: organisations are several
   words or an acronym.
6. A name that is a glossary place ("Alsace", "Sarre") is a place, whatever spaCy says.
7. Organisations spaCy's small model misses are found by their head word ("Rectorat de l'Académie de
   Lille", "ministère de l'Éducation de …").

Dates: the release's own dates first, then every full date in the text. Figures: numbers with the word
after them, leaving out dates, times of day ("13:30") and years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.language.collation import french_order
from pipeline.language.dates import ANY_DATE, french_long, german_long, parse_french_date
from pipeline.language.entities import PARTICLES, TITLE_WORDS, clean_entities, without_title

FUNCTION_WORDS = TITLE_WORDS | frozenset("""vice-président vice-présidente landrat landrätin bürgermeister
    oberbürgermeister ministerpräsident ministerpräsidentin conseiller conseillère ambassadeur ambassadrice
    secrétaire préfète chancelier chancelière consul consule adjoint adjointe""".split())
COMMON_WORDS = frozenset("""land länder drapeau drapeaux photo photos communiqué communiqués contact presse
    quels quelles quel quelle agir ensemble article accueil région régions""".split())
LEADING = re.compile(r"^(?:communiqu[ée]\s+(?:de\s+presse\s+)?(?:de|du|des)\s+|l['’]|la\s+|le\s+|les\s+|"
                     r"de\s+|d['’]|du\s+|des\s+)", re.IGNORECASE)
# "Région Hauts-de-France", "Land de Bade-Wurtemberg": the place is the name after the word.
PLACE_PREFIX = re.compile(r"^(?:Régions?|Land|Länder)\s+(?:de\s+|du\s+|d['’])?(?=[A-ZÉ])")
INSTITUTION_HEAD = re.compile(
    r"\b(?:Rectorat|[Mm]inistère|Académie|Agence|Chambre|Université|Préfecture|Collectivité|Communauté|Institut|"
    r"Fondation|Commission|Parlement|Assemblée|Comité|Conseil|Office|Fonds|Union|Landkreis|Eurodistrict|"
    r"Métropole|Eurométropole|Hôpital|Hôpitaux|Centre\s+hospitalier|Syndicat|Établissement|Département|"
    r"Bundesagentur|Bundesamt|Landesamt|Ministerium|Landratsamt|Regierungspräsidium)\b")
# German institutions named by their last word: "Ortenau Klinikum", "Landratsamt Ortenaukreis" is a head above.
INSTITUTION_TAIL = re.compile(r"\b[A-ZÄÖÜ][\w\-]+\s+(?:Klinikum|Universität|Hochschule|GmbH|AG|e\.\s?V\.)(?=\W|$)")
# A place's name after a common noun: "Ligne Colmar–Fribourg", "Pont de Breisach".
LEAD_NOUN = re.compile(r"^(?:Ligne|Pont|Gare|Route|Axe|Tram|Liaison)\s+(?:de\s+|du\s+|d['’])?", re.IGNORECASE)
ADJECTIVE = re.compile(r"\s+(?:universitaires?|régional|départemental|municipal|fédéral|européen|franco-allemand|"
                       r"transfrontalier|national|transfrontalière|régionale|départementale|municipale|fédérale|européenne|"
                       r"franco-allemande|nationale)\b")
LINK = re.compile(r"\s+(?:(?:et\s+)?(?:de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])|pour\s+(?:la\b|le\b|l['’])|"
                  r"für\b|der\b)\s*(?=\w)")
NAME_WORD = re.compile(r"[A-ZÉÈÀÂ][\w'’\-]*|[a-zéèàâ][\w\-]{2,}")
CAPITAL_WORD = re.compile(r"\s+(?=[A-ZÉÈÀÂ])[\w'’\-]+")
PLACE_NOTE = re.compile(r"^(?:the\s+)?(?:city|town|german land|land|region|country|polish region|river|département)\b",
                        re.IGNORECASE)
TIME_OF_DAY = re.compile(r"\b\d{1,2}\s?(?:h|:)\s?\d{2}\b|\b\d{1,2}\s?h\b")
PHONE = re.compile(r"(?:\+33\s?|\b0)\d(?:[ .]?\d{2}){4}\b")
DAY_MONTH = re.compile(r"\b\d{1,2}(?:er)?\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                       r"novembre|décembre)\b", re.IGNORECASE)
YEAR = re.compile(r"^(?:1[89]|20|21)\d{2}$")
FIGURE = re.compile(r"\b(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.]\d+)?(?:\s?%|e|er|ème)?(?:\s+[a-zà-ÿ]{3,})?",
                    re.IGNORECASE)
LABEL_OF = {"PER": "people", "LOC": "places", "ORG": "organisations"}


@dataclass
class KeyFacts:
    people: list[tuple[str, str]] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[tuple[str, str]] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    def as_annotation(self) -> dict[str, list[str]]:
        """The French side in the corpus annotations' shape ("Name | function", ISO dates)."""
        days = [parse_french_date(fr) for fr, _ in self.dates]
        return {"persons": [fr.replace(", ", " | ", 1) for fr, _ in self.people],
                "orgs": [fr for fr, _ in self.organisations], "places": [fr for fr, _ in self.places],
                "dates": [day.isoformat() for day in days if day], "figures": list(self.figures)}


def key_facts(texts: Sequence[str], matcher: Any, own_dates: Sequence[str | None] = ()) -> KeyFacts:
    """The facts of a release's block texts; ``own_dates`` (published, updated) are always listed."""
    whole = "\n".join(texts)
    found: dict[str, dict[str, str]] = {label: {} for label in LABEL_OF}
    raw = [(name, label) for ents in clean_entities(texts, tuple(LABEL_OF)) for name, label in ents]
    institutions = institution_names(whole)
    institutions += [match.group(0) for match in INSTITUTION_TAIL.finditer(whole)]
    raw += [(name, "ORG") for name in institutions] + _glossary_names(texts, matcher)
    raw = [(part, label) for name, label in raw for part in _parts(name, label)
           if label != "ORG" or name in institutions or not _in_a_function(name, whole)]
    names = list(dict.fromkeys(cleaned for name, label in raw if (cleaned := _cleaned(name, label))))
    hits_of = dict(zip(names, matcher.match_many(names), strict=True)) if names else {}
    for name, label in raw:
        cleaned = _cleaned(name, label)
        if not cleaned or not (name in institutions or _kept(cleaned, label, whole, hits_of[cleaned])):
            continue
        label = _glossary_label(hits_of[cleaned], cleaned) or label
        found[label].setdefault(cleaned, _german_form(cleaned, hits_of[cleaned]))
    for name in list(found["ORG"]):
        found["LOC"].pop(name, None)  # "Landkreis de Karlsruhe" is the district's administration
        if any(other.startswith(name + " ") for other in found["ORG"]):
            del found["ORG"][name]  # "Conseil de l'Eurodistrict" in the title, whole in the text
    people = [(_with_function(fr, whole, matcher, de)) for fr, de in _one_per_german_form(found["PER"])]
    return KeyFacts(people, _one_per_german_form(found["LOC"]), _one_per_german_form(found["ORG"]),
                    _dates(texts, own_dates), _figures(texts))


def institution_names(text: str) -> list[str]:
    """"Rectorat de l'Académie de Lille", "Conseil départemental du Haut-Rhin", "Union européenne": a head
    word, an optional adjective, then links ("de", "du", "pour le" …) each followed by a word, and
    capitalised words; kept when it has an adjective or a capitalised word after the head."""
    names: list[str] = []
    covered = 0
    for head in INSTITUTION_HEAD.finditer(text):
        if head.start() < covered:  # "Académie" inside "Rectorat de l'Académie de Lille"
            continue
        end, named = head.end(), False
        adjective = ADJECTIVE.match(text, end)
        if adjective:
            end, named = adjective.end(), True
        while True:
            link = LINK.match(text, end)
            word = NAME_WORD.match(text, link.end()) if link else None
            capital = CAPITAL_WORD.match(text, end)
            if link and word:
                end, named = word.end(), named or word.group(0)[:1].isupper()
            elif capital:
                end, named = capital.end(), True
            else:
                break
        if named:
            names.append(text[head.start():end])
            covered = end
    return names


def _glossary_names(texts: Sequence[str], matcher: Any) -> list[tuple[str, str]]:
    """Glossary names found in the text: places by their note, institutions by their head word."""
    found = []
    for text, hits in zip(texts, matcher.match_many(list(texts)), strict=True):
        for hit in hits:
            if hit.term.kind != "name":
                continue
            if PLACE_NOTE.match(hit.term.note or ""):
                found.append((text[hit.start:hit.end], "LOC"))
            elif INSTITUTION_HEAD.match(hit.term.fr):
                found.append((text[hit.start:hit.end], "ORG"))
    return found


def _parts(name: str, label: str) -> list[str]:
    """"Colmar–Fribourg" (a line between two places) is two places."""
    if label != "LOC":
        return [name]
    return [part for part in re.split(r"\s*[–—]\s*", LEAD_NOUN.sub("", name)) if part]


def _in_a_function(name: str, whole: str) -> bool:
    """"Transports du Bade-Wurtemberg" in "ministre des Transports du …" belongs to a person's function."""
    words = "|".join(re.escape(w) for w in FUNCTION_WORDS)
    return bool(re.search(rf"\b(?:{words})\s+(?:des|du|de\s+la|de\s+l['’]|de|d['’])\s*{re.escape(name)}", whole,
                          re.IGNORECASE))


def _cleaned(name: str, label: str) -> str:
    name = LEADING.sub("", without_title(name.strip())).strip(" ,;:«»\"")
    if label == "LOC":
        name = PLACE_PREFIX.sub("", name)
    return name if len(name) >= 2 else ""


def _kept(name: str, label: str, whole: str, hits: list[Any]) -> bool:
    words = [w for w in re.split(r"[\s'’]+", name) if w and w.lower() not in PARTICLES and w.lower() not in ("l", "d")]
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if _glossary_name(hits, name) is not None:
        return True  # a glossary name: known
    if name.isupper() and (label != "ORG" or len(name) > 6 or " " in name):
        return False  # header words in capitals
    if name.lower() in FUNCTION_WORDS or words[0].lower() in FUNCTION_WORDS:
        return False
    if len(words) == 1:
        if name.lower() in COMMON_WORDS or _only_sentence_initial(name, whole):
            return False
        if label == "ORG" and not name.isupper():
            return False
    return True


def _only_sentence_initial(word: str, whole: str) -> bool:
    """True when every occurrence of ``word`` opens a sentence or a line (where any word is capitalised)."""
    positions = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", whole)]
    return all(re.search(r"(?:^|[.!?:»\n]\s*|[«\"]\s*)$", whole[:pos]) for pos in positions)


def _glossary_label(hits: list[Any], name: str) -> str | None:
    """A glossary name covering the whole entity decides its kind when its note says it is a place."""
    hit = _glossary_name(hits, name)
    return "LOC" if hit is not None and PLACE_NOTE.match(hit.term.note or "") else None


def _glossary_name(hits: list[Any], name: str) -> Any:
    """The glossary name or kept term that covers the whole entity, if any."""
    return next((hit for hit in hits if hit.term.kind in ("name", "keep") and hit.end - hit.start >= len(name) - 1),
                None)


def _german_form(name: str, hits: list[Any]) -> str:
    """The name with each glossary term in it replaced by its German form."""
    for hit in sorted(hits, key=lambda h: -h.start):
        name = name[: hit.start] + hit.term.de + name[hit.end:]
    return name


def _one_per_german_form(entities: dict[str, str]) -> list[tuple[str, str]]:
    """One line per German form ("Rhénanie du Nord-Westphalie" and its variants are one place)."""
    chosen: dict[str, tuple[str, str]] = {}
    for fr, de in sorted(entities.items(), key=lambda item: len(item[0])):
        chosen.setdefault(de.casefold(), (fr, de))
    return sorted(chosen.values(), key=lambda pair: french_order(pair[0]))


def _with_function(name: str, whole: str, matcher: Any, german: str) -> tuple[str, str]:
    """"Armin Laschet, Ministre-Président de la Région …" when the text gives the function after the
    name; the German function from the glossary ("Ministerpräsident von Nordrhein-Westfalen")."""
    words = "|".join(re.escape(w) for w in sorted(FUNCTION_WORDS, key=len, reverse=True))
    pattern = re.compile(rf"{re.escape(name)},?\s+(?P<function>(?:{words})\b[^,.;()\n]*?)(?=\s*[,.;()\n]|"
                         rf"\s+(?:a|est|ont|sont|qui|et|a été|avait)\s|$)", re.IGNORECASE)
    match = pattern.search(whole)
    if not match:
        return name, german
    function = match.group("function").strip()
    in_german = german_function(function, matcher)
    return f"{name}, {function}", f"{german}, {in_german}" if in_german else german


def german_function(function: str, matcher: Any) -> str:
    """The function's head from the glossary ("président de la Région" → "Präsident der Region") and
    the place after it in its German form; "" when the glossary does not know the function (the German
    side then shows the name alone rather than French words)."""
    hits = matcher.match_many([function])[0]
    head = next((h for h in hits if h.start == 0 and h.term.kind == "term"), None)
    if head is None:
        return ""
    rest = re.sub(r"^(?:de\s+la\s+Région|du\s+Land|de\s+la|de\s+l['’]|du|des|de|d['’])\s*", "",
                  function[head.end:].strip(), flags=re.IGNORECASE)
    if not rest:
        return str(head.term.de)
    place_hits = matcher.match_many([rest])[0]
    place = _german_form(rest, place_hits) if place_hits else rest
    joiner = " " if str(head.term.de).endswith("Region") else " von "
    return f"{head.term.de}{joiner}{place}"


def _dates(texts: Sequence[str], own: Sequence[str | None]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    days = [date.fromisoformat(iso) for iso in own if iso]
    days += [day for text in texts for match in ANY_DATE.finditer(text) if (day := parse_french_date(match.group(0)))]
    for day in days:
        seen.setdefault(french_long(day), german_long(day))
    return list(seen.items())


def _without_dates_and_times(text: str) -> str:
    for pattern in (ANY_DATE, DAY_MONTH, TIME_OF_DAY, PHONE):
        text = pattern.sub(" ", text)
    return text


def _figures(texts: Sequence[str]) -> list[str]:
    """Figures with the word after them ("7 thèmes", "50e anniversaire"); dates, times and years left out."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in FIGURE.finditer(_without_dates_and_times(text)):
            if not YEAR.match(match.group(1)):
                seen.setdefault(match.group(0).strip(), None)
    return list(seen)
