"""The frame of a release: which block is the headline, where the body begins and ends.

What a press officer would do with a page copied from a site never seen:

- **The headline** is the block that reads like one, near the top and just before the text it
  introduces: three words or more, up to 400 characters, no final full stop or colon, French, not a
  greeting, a menu, a language switch or a figure. A reader's own title (a Word "Title" or first
  "Heading 1", an HTML ``h1``, a PDF's largest type) is kept when it reads like one; otherwise the
  candidates above the body are scored (length, being followed by a paragraph, nearness to the body).
- **Above the headline** there is only the site: rubrics, menus, account prompts, breadcrumbs. Those
  blocks are set aside, unless one is a real paragraph (jusText calls it good on its own).
- **Between the headline and the body**, a label of a few words ("Visuel principal") is set aside.
- **After the body** — after the last block jusText keeps — come related links, comments prompts and
  advertising: from a "related content" heading ("À lire aussi", "Sur le même sujet") on, everything;
  otherwise only single words, buttons and menus (a programme of short lines after the last
  paragraph is still the release's text).
- **Inside the body** a block printed twice in a row (a caption repeated, "Contenu / Contenu"), a
  copy of the headline, menus and breadcrumbs are set aside.

A block whose function words are German (a bilingual release) is marked ``language = "de"``: it is
kept as German and never translated. Everything set aside goes to ``dropped`` with its reason;
nothing is lost silently.
"""

from __future__ import annotations

import re

from pipeline.language.dates import GERMAN_DATE
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.boilerplate import (
    Verdict,
    action_label,
    classify,
    ends_like_sentence,
    headline_problem,
    label_like,
    language_switch,
    menu_like,
    reads_as_sentence,
    related_heading,
)

EDGE_SEPARATOR = re.compile(r"(?:\s+[|·•>›])+\s*$")
SWITCH_WORDS = 12  # a language switch is a link: a few words, not a German paragraph mentioning "Deutsch"
MAX_CANDIDATES = 25  # blocks from the top considered for the headline
LEAD_DISTANCE = 3  # a headline is followed by its lead within this many blocks


def frame(raw: RawDocument) -> None:
    """Choose the headline and set aside what is around the release's own text."""
    if not raw.blocks:
        return
    _strip_separators(raw)
    verdicts = classify([b.text for b in raw.blocks])
    body = _body_start(raw.blocks, verdicts)
    headline = _choose_headline(raw.blocks, verdicts, body)
    if headline is None and body == len(raw.blocks):
        return  # no headline and no paragraph to frame: the text is kept as it is
    for index, block in enumerate(raw.blocks):
        if block.kind == "title" and index != headline:
            block.kind = "heading"
    if headline is not None:
        raw.blocks[headline].kind = "title"
    for block, language in zip(raw.blocks, _languages(raw.blocks, verdicts), strict=True):
        if language == "de" and block.kind != "title":
            block.language = "de"  # a German paragraph of a bilingual release: kept as German
    keep = _keep(raw.blocks, verdicts, headline, body)
    for block, (kept, reason) in zip(list(raw.blocks), keep, strict=True):
        if not kept:
            raw.blocks.remove(block)
            raw.drop(block.text, reason)


def _languages(blocks: list[RawBlock], verdicts: list[Verdict]) -> list[str]:
    """Each block's language; one too short to tell ("11. März 2025", a name) is German when it is a
    German date or stands between German blocks."""
    found = [v.language for v in verdicts]
    for i, block in enumerate(blocks):
        if found[i]:
            continue
        before = next((found[j] for j in range(i - 1, -1, -1) if found[j]), "")
        after = next((found[j] for j in range(i + 1, len(found)) if found[j]), "")
        if GERMAN_DATE.search(block.text) or before == after == "de":
            found[i] = "de"
    return found


def _strip_separators(raw: RawDocument) -> None:
    """"La Moselle incarne l'idée européenne |": a separator of the page's layout at a block's edge."""
    for block in raw.blocks:
        match = EDGE_SEPARATOR.search(block.text)
        if match and any(c.isalnum() for c in block.text[: match.start()]):
            raw.drop(match.group().strip(), "a separator of the page's layout")
            block.text = block.text[: match.start()]


def _substantial(block: RawBlock, verdict: Verdict) -> bool:
    """A paragraph of the release's text: jusText finds it good on its own, or it reads as a sentence."""
    if block.kind not in ("paragraph", "list_item") or menu_like(block.text):
        return False
    return verdict.alone == "good" or reads_as_sentence(block.text)


def _body_start(blocks: list[RawBlock], verdicts: list[Verdict]) -> int:
    """Index of the first substantial paragraph (the lead); len(blocks) when there is none."""
    return next((i for i, (b, v) in enumerate(zip(blocks, verdicts, strict=True)) if _substantial(b, v)),
                len(blocks))


def _choose_headline(blocks: list[RawBlock], verdicts: list[Verdict], body: int) -> int | None:
    """The reader's title when it reads like a headline, else the best candidate above the body."""
    proposed = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if proposed is not None and headline_problem(blocks[proposed].text) is None:
        return proposed
    last = next((i for i, v in enumerate(verdicts) if v.alone == "good"), body)
    scored = [(score, i) for i in range(0, min(max(last, body) + 1, MAX_CANDIDATES, len(blocks)))
              if (score := _headline_score(blocks, verdicts, i)) is not None]
    return max(scored)[1] if scored else None


def _headline_score(blocks: list[RawBlock], verdicts: list[Verdict], index: int) -> float | None:
    """How much a block reads like the headline: long enough, followed by a paragraph, with little
    text above it; None when it cannot be one."""
    block = blocks[index]
    if block.kind == "list_item" or headline_problem(block.text) is not None:
        return None
    if len(block.text) > 400 or block.text.rstrip(" »”\"')").endswith("."):
        return None  # a paragraph of the text, never its headline (which may end with ! or ?)
    if verdicts[index].alone == "good" and ends_like_sentence(block.text):
        return None
    score = min(len(block.text), 120) / 120
    score += 0.3 if len(block.text.split()) >= 4 else 0.0
    following = range(index + 1, min(index + 1 + LEAD_DISTANCE, len(blocks)))
    if any(_substantial(blocks[j], verdicts[j]) for j in following):
        score += 0.6
    score -= 0.1 * sum(_substantial(blocks[j], verdicts[j]) for j in range(index))  # text above it
    score -= 0.3 if verdicts[index].alone == "good" else 0.0  # dense and long: likelier a lead without its full stop
    return score


def _button_or_word(text: str) -> bool:
    return len(text.split()) == 1 or action_label(text) or menu_like(text)


def _keep(blocks: list[RawBlock], verdicts: list[Verdict], headline: int | None,
          body: int) -> list[tuple[bool, str]]:
    """(kept, reason set aside) for every block."""
    last_good = max((i for i, v in enumerate(verdicts) if v.good), default=len(blocks) - 1)
    last_good = max(last_good, body)
    start = headline if headline is not None else body
    title_text = blocks[headline].text if headline is not None else None
    related = next((i for i in range(last_good + 1, len(blocks)) if related_heading(blocks[i].text)), len(blocks))
    out: list[tuple[bool, str]] = []
    seen: set[str] = set()
    for index, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)):
        if index >= related:
            out.append((False, "related content (other pages' teasers)"))
            continue
        key = block.text.casefold()
        if key in seen and label_like(block.text):
            out.append((False, "a label repeated on the page (an image's or a link's name)"))
            continue
        seen.add(key)
        doubled = index + 1 < len(blocks) and blocks[index + 1].text == block.text
        if doubled and label_like(block.text):
            out.append((False, "a label printed twice in a row"))
            continue
        out.append(_verdict_for(block, verdict, index, start, body, last_good, title_text,
                                blocks[index - 1].text if index else None))
    return out


def _verdict_for(block: RawBlock, verdict: Verdict, index: int, start: int, body: int, last_good: int,
                 title: str | None, previous: str | None) -> tuple[bool, str]:
    text = block.text
    if not any(c.isalnum() for c in text):
        return False, "no words (separators or signs only)"
    if index < start:
        if verdict.alone == "good" and not menu_like(text):
            return True, ""
        return False, "above the headline (site furniture)"
    if index == start:
        return True, ""
    if index < body and label_like(text) and block.kind != "list_item":
        return False, "a label between the headline and the text"
    if index > last_good and not verdict.good and _button_or_word(text):
        return False, "after the text (a button, a prompt or a single word)"
    if previous is not None and text == previous:
        return False, "printed twice in a row"
    if title is not None and text == title:
        return False, "a copy of the headline"
    if menu_like(text) or (language_switch(text) and len(text.split()) <= SWITCH_WORDS):
        return False, "a menu, breadcrumb or language switch"
    if len(text.split()) == 1 and text[:1].islower():
        return False, "a lone lower-case word (an icon's or an image's name)"
    return True, ""
