"""A person's function as the text states it: a short noun phrase beside the name.

"Martin Löffler, Maire de Müllheim, accompagné de …" (after the name, in apposition), "Francis Kleitz
(Maire de Guebwiller)" (in brackets), "le préfet du Nord, Georges-François Leclerc" and "la ministre
Bérangère Abba" (before the name). A function opens with a role noun (a closed class of French and
German titles, masculine and feminine), may carry its complements ("de la Région …", "chargé de …",
"et de la région …") and never crosses a sentence end, a quotation mark, a bracket, a line, a credit
or a clause ("qui", "a", "sont" …).
"""

from __future__ import annotations

import re

_ROLES = """président vice-président ministre ministre-président maire adjoint préfet sous-préfet secrétaire
    délégué directeur directeur-adjoint conseiller député sénateur recteur ambassadeur consul chef responsable
    chargé commissaire chancelier gouverneur membre porte-parole fondateur coordinateur coordonnateur
    professeur doyen présentateur envoyé administrateur gérant trésorier procureur premier-ministre bourgmestre
    landrat bürgermeister oberbürgermeister ministerpräsident président-directeur homologue animateur
    conservateur capitaine commandant colonel général lieutenant-colonel proviseur principal inspecteur
    représentant intendant questeur rapporteur superviseur patron dirigeant fondateur cofondateur
    co-président co-fondateur vice-présidente plénipotentiaire élève étudiant lauréat chercheur ingénieur
    médecin avocat journaliste artiste auteur écrivain architecte historien photographe compositeur chef-d'orchestre
    musicien chanteur comédien réalisateur entraîneur économiste sociologue politologue expert conseiller-maître
    magistrat juge agent stagiaire bénévole habitant fondateur-directeur""".split()
_FEMININE = {"eur": ("euse", "rice"), "er": ("ère",), "ien": ("ienne",), "ef": ("effe",), "if": ("ive",),
             "rat": ("rätin",), "ter": ("terin",)}


def _forms(word: str) -> set[str]:
    """The word, its feminine forms and their plurals: "conseiller" → "conseillère", "conseillères" …"""
    forms = {word}
    if not word.endswith("e"):
        forms.add(word + "e")
        for ending, feminines in _FEMININE.items():
            if word.endswith(ending):
                forms |= {word[: -len(ending)] + feminine for feminine in feminines}
    return forms | {form + "s" for form in forms}


ROLE_WORDS = frozenset(form for word in _ROLES for form in _forms(word)) | {"préfète", "sous-préfète"}
# Words that stand before a role without changing it: "nouvelle Maire", "ancien ministre", "1er adjoint".
ROLE_LEAD = frozenset("""nouveau nouvel nouvelle ancien ancienne premier première futur future actuel actuelle
    jeune haut haute""".split())
# A clause begins: the function ended before it.
CLAUSE = frozenset("""qui que qu' a ont est sont était étaient sera seront avait avaient fut a-t-il se s' ne n'
    y en lui leur ainsi accompagné accompagnée accompagnés entouré entourée avec mais car donc puis alors
    rappelle rappelait souligne soulignait déclare déclarait explique expliquait indique indiquait estime
    élu élue élus élues réélu réélue salue précise ajoute affirme annonce annonçait insiste""".split())
DETERMINERS = frozenset("""le la l' l’ les son sa ses leur leurs notre nos votre du au aux de des""".split())
ARTICLE = re.compile(r"^\s*(?:le|la|l['’]|les|son|sa|leur|notre)\s*(?=\w)", re.IGNORECASE)
LINKS = frozenset("de du des d' d’ à au aux en et pour sur chez auprès la le l' l’ les".split())
ADJECTIVE_ENDING = re.compile(r"(?:al|ale|aux|ales|ien|ienne|iens|iennes|ain|aine|ais|aise|ois|oise|an|ane|and|ande|"
                              r"ique|iques|if|ive|el|elle|eur|eure|ier|ière|é|ée|és|ées|ard|arde|in|ine|ial|iale|"
                              r"aire|aires|ième|en|enne|ens|ennes)$")
_WORD = re.compile(r"[^\s,;:.!?«»\"“”()\[\]]+")
_STOP = re.compile(r"[.!?;:«»\"“”()\[\]\n]|©")
MAX_WORDS = 14


def is_role(word: str) -> bool:
    return word.casefold().strip("’'") in ROLE_WORDS


def _starts_a_function(words: list[str]) -> int:
    """How many words open a function at the start of ``words`` (0 when none): a role, or a lead and a role."""
    if words and is_role(words[0]):
        return 1
    if len(words) > 1 and (words[0].casefold() in ROLE_LEAD or re.fullmatch(r"\d+(?:e|er|ère|ème)", words[0])) \
            and is_role(words[1]):
        return 2
    return 0


def function_after(text: str) -> str:
    """The function opening ``text`` (the text right after a name and its comma or bracket), or "";
    an article before it is left out ("Carola Lentz, la présidente du …")."""
    stop = _STOP.search(text)
    piece = ARTICLE.sub("", text[: stop.start()] if stop else text, count=1)
    parts = re.split(r"\s*,\s*", piece)
    kept: list[str] = []
    for index, part in enumerate(parts):
        words = _WORD.findall(part)
        if not words or (index and not (_starts_a_function(words) or words[0].casefold() in ("délégué", "déléguée",
                                                                                                "chargé", "chargée"))):
            break
        if index == 0 and not _starts_a_function(words):
            return ""
        cut = _until_clause(part, words)
        kept.append(cut)
        if cut != part.strip():
            break
    function = ", ".join(kept).strip()
    return function if len(function.split()) <= MAX_WORDS else " ".join(function.split()[:MAX_WORDS])


def _until_clause(part: str, words: list[str]) -> str:
    """``part`` up to the first clause word, or to "et" followed by a name (another person)."""
    position, after_name = 0, False
    for index, word in enumerate(words):
        position = part.index(word, position)
        folded = word.casefold()
        if index and after_name and _opens_a_clause(word):
            return part[:position].strip()
        after_name = word[:1].isupper() or (after_name and folded not in LINKS)
        if index and word in CLAUSE:  # lower case: "Est" in "Grand Est" is a name
            return part[:position].strip()
        if index and folded == "et" and index + 1 < len(words) and not words[index + 1][:1].islower():
            return part[:position].strip()
        if index and folded == "et" and index + 1 < len(words) and not (words[index + 1].casefold() in (
                "de", "du", "des", "à", "au", "aux") or words[index + 1].casefold().startswith(("d'", "d’"))):
            return part[:position].strip()
        position += len(word)
    return part.strip()


def _opens_a_clause(word: str) -> bool:
    """"… de la Ville de Montpellier accueille …": after a name, a function goes on only with a link
    ("de", "et", "à" …), an adjective ("Conseil rhénan", "Parlement européen") or a role; any other
    lower-case word (a verb, a pronoun) opens the sentence's next part."""
    return word[:1].islower() and not (word.casefold() in LINKS or is_role(word) or ADJECTIVE_ENDING.search(word))


def function_before(text: str) -> str:
    """The function ending ``text`` (the text right before a name): "… a reçu le préfet du Nord, " →
    "préfet du Nord". It must follow a determiner ("le", "la", "son" …) or open the line, so that in
    "Jean Dupont, maire de X, Anne Martin" the function stays Jean Dupont's."""
    stops = list(_STOP.finditer(text))
    piece = (text[stops[-1].end():] if stops else text).rstrip(" ,")
    words = _WORD.findall(piece)
    for start in range(max(0, len(words) - MAX_WORDS), len(words)):
        opening = _starts_a_function(words[start:])
        if not opening or any(w in CLAUSE for w in words[start + 1:]) or _plural(words[start + opening - 1]):
            continue  # "des maires de …, Jean Dupont et …": a group's function, not this person's
        before = words[start - 1].casefold() if start else ""
        if start and before not in DETERMINERS:
            continue
        function = piece[_offset_of_word(piece, words, start):].strip(" ,")
        if not _another_name_inside(function):
            return function
    return ""


def _plural(role: str) -> bool:
    return role.endswith(("s", "x")) and is_role(role[:-1])


def _another_name_inside(function: str) -> bool:
    """"gouverneur, François Hollande et" before "Angela Merkel": the phrase names someone else."""
    return any(not is_role(match.group(1)) for match in re.finditer(r"(?:,|\bet)\s+([A-ZÉ][\w’'-]*)", function))


def _offset_of_word(text: str, words: list[str], index: int) -> int:
    position = 0
    for word in words[:index]:
        position = text.index(word, position) + len(word)
    return text.index(words[index], position)
