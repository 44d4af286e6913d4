"""Content or boilerplate, block by block, from features rather than from known wordings.

jusText (Pomikálek's algorithm, with its French stop-word list) classifies every block of a release:
a block is *good* when it is long enough and dense in function words, *bad* when it is not, and the
short ones in between take the class of their neighbours — so a menu above the headline, a share bar,
"other news" links or a comments prompt below the body are boilerplate by their shape, and a short
heading between two paragraphs stays content. The blocks of every format are classified the same way
(a text copy's lines, a Word file's paragraphs, a PDF's text blocks), after the reader has set its
own furniture aside.

On top of jusText's classes this module gives the features the frame of a release is read from
(``readers/frame.py``): whether a block reads as a sentence, as a label, as a headline, and which
language its words are in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

from pipeline.language.langid import MIN_FUNCTION_WORDS, WORD, language_scores

# jusText's thresholds, tuned on the development half of the corpus: press releases have shorter
# paragraphs than the web pages jusText was made for, and a one-sentence lead must count as content.
LENGTH_LOW, LENGTH_HIGH = 50, 150
STOPWORDS_LOW, STOPWORDS_HIGH = 0.20, 0.30
# Between two items: "A | B", "A · B", "Accueil > Actualités" (spaced, so that "<b>" is no menu); not »,
# which closes a quotation.
MENU_SEPARATOR = re.compile(r"\S\s*[|·]\s*\S|\S\s[>›]\s\S|^[>›]\s\S")  # also "> Retour au sommaire"
INNER_SENTENCE_END = re.compile(r"[a-zà-ÿ]{2}[.!?…]\s+[A-ZÀ-Þ«\d]")  # "… communes. 2018", not "M. Dupont"
GLUED_FIELDS = re.compile(r"\d[a-zà-ÿ]{2,}\d|[a-zà-ÿ]{2,}\d{2,}[A-ZÀ-Þa-zà-ÿ]")  # "202029mai11", "min12h"
# The heading of a page's "related content" box: what follows it is other pages' teasers.
RELATED = re.compile(r"^(?:à lire aussi|lire aussi|voir aussi|sur le même (?:thème|sujet)|dans la même rubrique|"
                     r"articles? (?:similaires|liés)|autres actualités|toute l['’]actualité|vous aimerez aussi)\b",
                     re.IGNORECASE)
GREETING = re.compile(r"^(?:bienvenue|welcome|willkommen|herzlich willkommen)\b", re.IGNORECASE)  # a site's greeting
# Language codes are capitals ("FR | DE"), so that "de" and "en" in a French sentence are not codes.
LANGUAGE_NAMES = re.compile(r"\b(?:FR|DE|EN|ES|IT|NL)\b|\b(?i:français|deutsch|english|español|italiano|nederlands)\b")
CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\bwww\.|https?://|(?:\+\d{2}|\b0\d)(?:[ .]?\d{2,4}){3,}|"
                     r"\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|eu|de|be|ch|lu|info)\b")
# A button or link: a short phrase led by one of the verbs every site's interface uses ("Créer un compte",
# "Lire la suite", "Voir l'image en grand"); an infinitive alone is no sign ("Titre", "Ministre" end in -re).
UI_VERBS = ("accepter|afficher|agrandir|ajouter|augmenter|consulter|continuer|contacter|créer|découvrir|"
            "écouter|écrire|envoyer|fermer|imprimer|lire|masquer|partager|rechercher|réduire|refuser|regarder|"
            "retourner|s['’]abonner|s['’]inscrire|se connecter|suivre|télécharger|voir")
ACTION = re.compile(rf"^(?:{UI_VERBS})\b", re.IGNORECASE)
UI_VERB = re.compile(rf"(?:^|\s)(?:{UI_VERBS})\b", re.IGNORECASE)
# "[LOGO SANTÉ PUBLIQUE FRANCE]", "[Photo : …]": where a picture stood.
PLACEHOLDER = re.compile(r"^\[\s*(?:logo|image|photo|illustration|visuel|pictogramme|graphique)\b[^\]]*\]$",
                         re.IGNORECASE)


@dataclass
class Verdict:
    """What the classifier says of one block."""

    good: bool  # content after context revision (jusText's final class)
    alone: str  # the context-free class: good, neargood, short or bad
    language: str  # "fr", "de", "en" … from function words, "" when too short to tell


def classify(texts: list[str]) -> list[Verdict]:
    """One verdict per text, in order."""
    classes = _justext_classes(texts)
    return [Verdict(final == "good", alone, block_language(text))
            for text, (final, alone) in zip(texts, classes, strict=True)]


def _justext_classes(texts: list[str]) -> list[tuple[str, str]]:
    """(final class, context-free class) per text, through jusText on one ``<p>`` per block."""
    # deferred: jusText (and lxml) load only when a release is read, not at start-up
    import justext

    if not texts:
        return []
    page = "<html><body>" + "".join(f"<p>{html.escape(_visible(t))}</p>" for t in texts) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), stoplist(), length_low=LENGTH_LOW,
                                 length_high=LENGTH_HIGH, stopwords_low=STOPWORDS_LOW,
                                 stopwords_high=STOPWORDS_HIGH, max_heading_distance=200, encoding="utf-8")
    if len(paragraphs) != len(texts):  # jusText skipped a block it found blank: classify by length alone
        return [("good" if len(t) >= LENGTH_LOW else "bad", "short") for t in texts]
    return [(p.class_type, p.cf_class) for p in paragraphs]


def _visible(text: str) -> str:
    """jusText skips blank paragraphs; a block of punctuation only ("|", "-") must still count as one."""
    return text if any(c.isalnum() for c in text) else f"{text} ."


@cache
def stoplist() -> frozenset[str]:
    """jusText's French stop words."""
    # deferred: jusText loads only when a release is read, not at start-up
    import justext

    return frozenset(justext.get_stoplist("French"))


def stopword_share(text: str) -> float:
    words = WORD.findall(text.lower())
    return sum(w in stoplist() for w in words) / len(words) if words else 0.0


BLOCK_LANGUAGES = ("fr", "de", "en")  # a release's blocks are French, German or English; Dutch or Spanish
# function words ("de", "en", "la") would only mislead on a short French block


def block_language(text: str) -> str:
    """The language of a block's function words; "" when it has too few of them (a name, a figure, a
    short heading) or two languages tie — such a block takes the language of the release."""
    scores = language_scores(text, BLOCK_LANGUAGES)
    best = max(scores, key=lambda lang: scores[lang])
    runner_up = max(score for lang, score in scores.items() if lang != best)
    return best if scores[best] >= MIN_FUNCTION_WORDS and scores[best] > runner_up else ""


def ends_like_sentence(text: str) -> bool:
    """A full stop, ! ? or … at the end, closing quotes and brackets aside ("… exemple ! »"); not a
    link's text cut short ("Discours de ...")."""
    end = text.rstrip(" »”\"')]")
    if end.endswith((" ...", " …")):
        return False
    return end.endswith((".", "!", "?", "…"))


def reads_as_sentence(text: str) -> bool:
    """Ends like a sentence and has the function words of one."""
    return ends_like_sentence(text) and len(text.split()) >= 4 and stopword_share(text) >= 0.15


def label_like(text: str) -> bool:
    """A rubric, a menu entry, a button: a few words, no sentence punctuation, no verb-carrying words."""
    words = text.split()
    return len(words) <= 4 and not ends_like_sentence(text) and len(text) <= 50 and not text.rstrip().endswith(",")


def menu_like(text: str) -> bool:
    """A breadcrumb or a row of links: items separated by |, >, › or »."""
    return bool(MENU_SEPARATOR.search(text)) and not reads_as_sentence(text)


def language_switch(text: str) -> bool:
    """"FR | DE | EN", "auf Deutsch … (DE)", "English": a link to the page in another language, not a
    sentence that names a language ("I will say a few words in English")."""
    names, words = LANGUAGE_NAMES.findall(text), len(text.split())
    return (len(names) >= 2 and words <= 8) or (len(names) == 1 and words <= 3)


def title_case_run(text: str) -> bool:
    """"Accessibilité Accueil Plan du site Contact": a row of links, each capitalised; a French headline
    capitalises its first word and its names, not every word."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.casefold() not in stoplist()]
    if len(words) < 4 or text.isupper():
        return False
    return sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not ends_like_sentence(text)


def toolbar(text: str) -> bool:
    """"Envoyer à un ami Imprimer la page Augmenter la taille du texte": several buttons on one line."""
    return len(UI_VERB.findall(text)) >= 2 and not ends_like_sentence(text)


def placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.match(text.strip()))


def related_heading(text: str) -> bool:
    return bool(RELATED.match(text.strip()))


def action_label(text: str) -> bool:
    """A button or link of a page: four words at most, led by an infinitive, no sentence end."""
    return len(text.split()) <= 4 and bool(ACTION.match(text)) and not text.rstrip().endswith((".", "!", "?"))


def headline_problem(text: str, styled: bool = False) -> str | None:
    """Why ``text`` cannot be a headline, or None when it can. A headline the file marks itself
    (``styled``: Word's Title style, an h1) may end with a full stop and hold two short sentences
    ("Surveillance sanitaire dans les Hauts-de-France. Point au 28 décembre 2022.")."""
    words = text.split()
    if len(words) < 3 and not (len(words) == 2 and len(text) >= 20):
        return "a rubric of one or two words"
    if action_label(text) or toolbar(text):
        return "a button or link"
    if placeholder(text):
        return "a picture's placeholder"
    if CONTACT.search(text):
        return "contact details (e-mail, web address or phone number)"
    if len(text) > 400:
        return "over 400 characters"
    if text.rstrip().endswith((":", ",", ";") if styled else (".", ":", ",", ";")) \
            and not text.rstrip().endswith(("...", "…")):
        return "ends like a sentence or a label"
    if INNER_SENTENCE_END.search(text) and not styled:
        return "more than one sentence"
    if GREETING.match(text):
        return "a greeting"
    if language_switch(text) or block_language(text) not in ("", "fr"):
        return "not French (a language switch or a block in another language)"
    if menu_like(text) or title_case_run(text):
        return "a menu or breadcrumb"
    if sum(c.isalpha() for c in text) < 0.5 * len(text.replace(" ", "")):
        return "more figures and signs than words"
    if len(GLUED_FIELDS.findall(text)) >= 2:
        return "fields of a widget run together"
    return None
