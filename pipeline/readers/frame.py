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
from dataclasses import dataclass

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
    placeholder,
    reads_as_sentence,
    related_heading,
    toolbar,
)

EDGE_SEPARATOR = re.compile(r"(?:\s+[|·•>›])+\s*$")
READER_TITLE = 0.7  # what a title style, an h1 or the largest type adds to a candidate's score
SATURATION = 40  # characters: a headline this long scores as well as a longer one (a caption is longer)
MAX_CANDIDATES = 25  # blocks from the top considered for the headline
LEAD_DISTANCE = 3  # a headline is followed by its lead within this many blocks


@dataclass
class Frame:
    """Where a release's own text lies among its blocks."""

    headline: int | None  # index of the headline, None when there is none
    proposed: bool  # the headline is the reader's own (a style, an h1, the largest type)
    body: int  # index of the lead: the first paragraph of the text
    last_good: int  # the last block jusText keeps as content
    related: int  # a "related content" heading after the text: everything from it on is set aside

    @property
    def start(self) -> int:
        return self.headline if self.headline is not None else self.body


def frame(raw: RawDocument) -> None:
    """Choose the headline and set aside what is around the release's own text."""
    if not raw.blocks:
        return
    _strip_separators(raw)
    verdicts = classify([b.text for b in raw.blocks])
    body = _body_start(raw.blocks, verdicts)
    headline, proposed = _choose_headline(raw.blocks, verdicts, body)
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
    last_good = max(max((i for i, v in enumerate(verdicts) if v.good), default=len(raw.blocks) - 1), body)
    related = next((i for i in range(last_good + 1, len(raw.blocks)) if related_heading(raw.blocks[i].text)),
                   len(raw.blocks))
    keep = _keep(raw.blocks, verdicts, Frame(headline, proposed, body, last_good, related))
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


def _choose_headline(blocks: list[RawBlock], verdicts: list[Verdict], body: int) -> tuple[int | None, bool]:
    """The best candidate above the body, the reader's own title (a style, an h1, the largest type)
    weighing more; and whether the headline is the reader's."""
    proposed = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    last = next((i for i, v in enumerate(verdicts) if v.alone == "good"), body)
    candidates = set(range(0, min(max(last, body) + 1, MAX_CANDIDATES, len(blocks))))
    candidates |= {proposed} if proposed is not None else set()
    scored = [(score + (READER_TITLE if i == proposed else 0.0), -i) for i in sorted(candidates)
              if (score := _headline_score(blocks, verdicts, i, styled=i == proposed)) is not None]
    if not scored:
        return None, False
    best = -max(scored)[1]  # a tie: the first
    return best, best == proposed


def _headline_score(blocks: list[RawBlock], verdicts: list[Verdict], index: int,
                    styled: bool = False) -> float | None:
    """How much a block reads like the headline: long enough, followed by a paragraph, with little
    text above it; None when it cannot be one."""
    block = blocks[index]
    if block.kind == "list_item" or headline_problem(block.text, styled) is not None:
        return None
    if len(block.text) > 400 or (block.text.rstrip(" »”\"')").endswith(".") and not styled):
        return None  # a paragraph of the text, never its headline (which may end with ! or ?)
    if verdicts[index].alone == "good" and ends_like_sentence(block.text):
        return None
    score = min(len(block.text), SATURATION) / SATURATION
    score += 0.3 if len(block.text.split()) >= 4 else 0.0
    following = range(index + 1, min(index + 1 + LEAD_DISTANCE, len(blocks)))
    if any(_substantial(blocks[j], verdicts[j]) for j in following):
        score += 0.6
    score -= 0.1 * sum(_substantial(blocks[j], verdicts[j]) for j in range(index))  # text above it
    score -= 0.3 if verdicts[index].alone == "good" else 0.0  # dense and long: likelier a lead without its full stop
    score -= 0.5 if sum(b.text == block.text for b in blocks) > 1 else 0.0  # printed twice: a caption
    return score


def _button_or_word(text: str) -> bool:
    return len(text.split()) == 1 or action_label(text) or menu_like(text)


def _keep(blocks: list[RawBlock], verdicts: list[Verdict], where: Frame) -> list[tuple[bool, str]]:
    """(kept, reason set aside) for every block."""
    title = blocks[where.headline].text if where.headline is not None else None
    out: list[tuple[bool, str]] = []
    seen: set[str] = set()
    for index, (block, verdict) in enumerate(zip(blocks, verdicts, strict=True)):
        key = block.text.casefold()
        doubled = index + 1 < len(blocks) and blocks[index + 1].text == block.text
        if index >= where.related:
            out.append((False, "related content (other pages' teasers)"))
        elif key in seen and label_like(block.text):
            out.append((False, "a label repeated on the page (an image's or a link's name)"))
        elif doubled and label_like(block.text):
            out.append((False, "a label printed twice in a row"))
        else:
            previous = blocks[index - 1].text if index else None
            out.append(_around(block, verdict, index, where) or _inside(block.text, previous, title, block.styled))
        seen.add(key)
    return out


def _around(block: RawBlock, verdict: Verdict, index: int, where: Frame) -> tuple[bool, str] | None:
    """The verdict on a block above the headline, before the lead or after the text; None inside it."""
    text = block.text
    if not any(c.isalnum() for c in text):
        return False, "no words (separators or signs only)"
    if index < where.start:
        if where.proposed and verdict.alone == "good" and not menu_like(text):
            return True, ""  # a real paragraph above a title the file itself marks
        return False, "above the headline (site furniture)"
    if index == where.start:
        return True, ""
    if index < where.body and label_like(text) and block.kind != "list_item" and not block.styled:
        return False, "a label between the headline and the text"  # a heading the file marks stays
    if index > where.last_good and not verdict.good and _button_or_word(text):
        return False, "after the text (a button, a prompt or a single word)"
    return None


def _inside(text: str, previous: str | None, title: str | None, styled: bool = False) -> tuple[bool, str]:
    """The verdict on a block of the text: kept unless it is a repeat, a menu, a button or a picture's
    trace (a heading the file itself marks is never taken for a button)."""
    if previous is not None and text == previous:
        return False, "printed twice in a row"
    if title is not None and text == title:
        return False, "a copy of the headline"
    if menu_like(text) or toolbar(text) or language_switch(text):
        return False, "a menu, breadcrumb, toolbar or language switch"
    if placeholder(text):
        return False, "a picture's placeholder"
    if action_label(text) and not styled:
        return False, "a button or link of the page (a few words led by an interface verb)"
    if len(text.split()) == 1 and text[:1].islower():
        return False, "a lone lower-case word (an icon's or an image's name)"
    return True, ""
