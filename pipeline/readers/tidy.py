"""What every reader's blocks go through before segmentation: the release's own metadata taken out of
its text, and the furniture web pages and PDFs add around it set aside in ``dropped``.

- the frame (``frame.py``): the headline chosen, what is above it, around the body and after it set
  aside by the blocks' features (jusText's classes, length, punctuation, language);
- "Publié le" on one line and its date on the next; "Publié le 03/05/2019" glued to a paragraph;
- the dateline heading the body ("Kehl, 11. Oktober 2018 – …") becomes ``dateline`` (and the
  publication date when there is none);
- a teaser repeated word for word as the first body paragraph is kept once;
- a photo credit glued to a paragraph's end ("… interprètes. - Photo Région Grand Est Claire Dubois")
  and a caption followed by its photographer's credit in capitals.
"""

from __future__ import annotations

import re

from pipeline.language.dates import ANY_DATE, WEEKDAYS, parse_any_date
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.boilerplate import ends_like_sentence, stoplist
from pipeline.readers.embargo import UNDATED, embargo_notice
from pipeline.readers.frame import frame
from pipeline.readers.layout import (
    BARE_LABEL,
    DATE_FIRST_DATELINE,
    DATELINE,
    DATELINE_ALONE,
    DATELINE_ENDING,
    DATELINE_SEARCH,
    META,
    caps_credit,
    set_aside,
)

GLUED_HEADING = re.compile(r"^(?P<head>[A-ZÀ-Þ0-9«][^.!?]{2,118}?[a-zà-ÿ)])(?P<next>[A-ZÀ-Þ][a-zà-ÿ]+)\b")
DATE_IN_LEAD = re.compile(rf"^communiqué\b[^:]{{0,200}}?\b(?:du|le|en date du)\s+(?:{WEEKDAYS}\s+)?"
                          rf"(?P<date>{ANY_DATE.pattern})\s*:", re.IGNORECASE)
CREDIT_CHAR = r"(?:[^.!?©]|\.(?=\w))"  # a dot inside a name or an address ("vonZynski.com") is no sentence end
GLUED_CREDIT = re.compile(rf"\s+[-–—]\s+(?:photo|crédit(?:\s+photo)?|©)\b{CREDIT_CHAR}{{0,80}}$", re.IGNORECASE)
GLUED_COPYRIGHT = re.compile(rf"\s+©\s?{CREDIT_CHAR}{{2,80}}$")  # "… dans les locaux de l'OFAJ © 2019 by …"
END_PUNCT = ".;:!?…"


def tidy(raw: RawDocument) -> RawDocument:
    """Apply every rule above, in reading order; the blocks left are the release's own text."""
    _join_label_and_date(raw)
    _take_glued_meta(raw)
    _take_dateline(raw)
    _split_glued_headings(raw)
    _drop_credits(raw)  # before the frame: a caption printed twice, once with its credit, is then one caption
    frame(raw)
    _date_in_lead(raw)
    _drop_repeated_teaser(raw)
    _embargo_in_text(raw)
    return raw


def _drop(raw: RawDocument, block: RawBlock, reason: str) -> None:
    raw.blocks.remove(block)
    raw.drop(block.text, reason)


def _join_label_and_date(raw: RawDocument) -> None:
    """"Publié le" as one block and its date as the next (a web page's two elements) → metadata; a
    label whose date was already taken as metadata is dropped too."""
    for block, following in zip(list(raw.blocks), [*raw.blocks[1:], None], strict=True):
        if not BARE_LABEL.match(block.text):
            continue
        if following is not None and len(following.text) <= 40 and set_aside(raw, f"{block.text} {following.text}"):
            raw.undrop_last()
            _drop(raw, following, "publication date (read into the metadata)")
        _drop(raw, block, "a date label")


def _take_glued_meta(raw: RawDocument) -> None:
    """"Publié le 03/05/2019 Les Régions …": the date is metadata, the rest stays a paragraph."""
    for index, block in enumerate(raw.blocks[:6]):
        match = META.match(block.text)
        if match and block.kind == "paragraph" and match.end() < len(block.text):
            prefix = block.text[: match.end()]
            if set_aside(raw, prefix):
                raw.blocks[index] = RawBlock(block.kind, block.text[match.end():].lstrip(" –—-:"), block.marker)


def _take_dateline(raw: RawDocument) -> None:
    """The dateline alone on its line near the top (place first or date first), else ending a headline,
    else heading one of the first two paragraphs."""
    for block in raw.blocks[:DATELINE_SEARCH]:
        alone = DATELINE_ALONE.match(block.text) or DATE_FIRST_DATELINE.match(block.text)
        if alone and block.kind != "title":
            _record_dateline(raw, alone.group("dateline"))
            _drop(raw, block, "the dateline (read into the metadata)")
            return
    for block in raw.blocks[:DATELINE_SEARCH]:
        ending = DATELINE_ENDING.search(block.text) if len(block.text) <= 400 else None
        if ending and not ends_like_sentence(block.text):
            _record_dateline(raw, ending.group("dateline"))  # the headline keeps it, as printed
            return
    for block in [b for b in raw.blocks if b.kind == "paragraph"][:2]:
        match = DATELINE.match(block.text)
        if match:
            _record_dateline(raw, match.group("dateline"))
            block.text = block.text[match.end():]
            return


def _record_dateline(raw: RawDocument, dateline: str) -> None:
    raw.dateline = dateline.strip()
    day = parse_any_date(raw.dateline)
    if day and raw.published is None:
        raw.published = day.isoformat()


def _split_glued_headings(raw: RawDocument) -> None:
    """"Le programmeDans le cadre de …": a heading glued to the next sentence without a space or a line
    break (a page whose heading and paragraph were copied as one line) is split where a lower-case
    letter meets a capitalised French function word — "PowerPoint" or "LinkedIn" do not split."""
    for block in list(raw.blocks):
        match = GLUED_HEADING.match(block.text) if block.kind == "paragraph" else None
        if match and match.group("next").casefold() in stoplist() and not ends_like_sentence(match.group("head")):
            head, rest = match.group("head"), block.text[match.end("head"):]
            position = raw.blocks.index(block)
            raw.blocks[position:position + 1] = [RawBlock("heading", head), RawBlock("paragraph", rest, block.marker)]


def _date_in_lead(raw: RawDocument) -> None:
    """"Communiqué de la préfecture du 12 mai 2020 : …": the publication date stated in the lead."""
    if raw.published is not None:
        return
    for block in [b for b in raw.blocks if b.kind == "paragraph"][:2]:
        match = DATE_IN_LEAD.match(block.text)
        day = parse_any_date(match.group("date")) if match else None
        if day:
            raw.published = day.isoformat()
            return


def _embargo_in_text(raw: RawDocument) -> None:
    """"Communiqué sous embargo jusqu'au 12 mars 2025 : …" inside a paragraph: the release is under
    embargo (dated, or with no end when no date can be read); the sentence stays in the text."""
    if raw.embargo not in (None, UNDATED):
        return
    for block in raw.blocks:
        found = embargo_notice(block.text)
        if found == UNDATED:
            raw.embargo = UNDATED
        elif found is not None:
            raw.embargo = found  # a dated notice says more than an undated one
            return


def _drop_repeated_teaser(raw: RawDocument) -> None:
    seen: set[str] = set()
    for block in list(raw.blocks[:8]):
        if block.kind != "paragraph":
            continue
        if block.text in seen:
            _drop(raw, block, "a teaser printed twice")
        seen.add(block.text)


def _drop_credits(raw: RawDocument) -> None:
    for block in list(raw.blocks):
        glued = GLUED_CREDIT.search(block.text) if block.kind == "paragraph" else None
        after_sentence = glued is not None and block.text[: glued.start()].endswith(tuple(END_PUNCT))
        if not after_sentence:
            glued = GLUED_COPYRIGHT.search(block.text) if block.kind in ("paragraph", "heading") else None
        if glued and glued.start() > 0:
            raw.drop(block.text[glued.start():].strip(" -–—"), "a photo credit")
            block.text = block.text[: glued.start()]
    for previous, block in zip(list(raw.blocks), list(raw.blocks[1:]), strict=False):
        if block.kind in ("paragraph", "heading") and caps_credit(block.text):
            if previous.kind == "paragraph" and len(previous.text) <= 120 and previous in raw.blocks:
                _drop(raw, previous, "a photo caption")  # short, just above its credit
            _drop(raw, block, "a photo credit")
