"""What every reader's blocks go through before segmentation: the release's own metadata taken out of
its text, and the furniture web pages and PDFs add around it set aside in ``dropped``.

- label lines above the headline (a rubric such as "Transports" or "Le chiffre de la semaine");
- "Publié le" on one line and its date on the next; "Publié le 03/05/2019" glued to a paragraph;
- the dateline heading the body ("Kehl, 11. Oktober 2018 – …") becomes ``dateline`` (and the
  publication date when there is none);
- a teaser repeated word for word as the first body paragraph is kept once;
- a photo credit glued to a paragraph's end ("… interprètes. - Photo Région Grand Est Claire Dubois")
  and a caption followed by its photographer's credit in capitals.
"""

from __future__ import annotations

import re

from pipeline.language.dates import ANY_DATE, GERMAN_DATE, WEEKDAYS, parse_any_date
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.layout import BARE_LABEL, META, caps_credit, set_aside

DATELINE = re.compile(
    rf"^(?P<dateline>[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:[ \-][\w'’.\-]+){{0,4}},\s+(?:le\s+)?(?:{WEEKDAYS}\s+)?"
    rf"(?:{ANY_DATE.pattern}|{GERMAN_DATE.pattern}))\s*[–—-]+\s+(?=\S)",
    re.IGNORECASE,
)
GLUED_CREDIT = re.compile(r"\s+[-–—]\s+(?:photo|crédit(?:\s+photo)?|©)\b[^.!?]{0,80}$", re.IGNORECASE)
END_PUNCT = ".;:!?…"


def tidy(raw: RawDocument) -> RawDocument:
    """Apply every rule above, in reading order; the blocks left are the release's own text."""
    _join_label_and_date(raw)
    _drop_labels_above_title(raw)
    _take_glued_meta(raw)
    _take_dateline(raw)
    _drop_repeated_teaser(raw)
    _drop_credits(raw)
    return raw


def _drop(raw: RawDocument, block: RawBlock, text: str | None = None) -> None:
    raw.blocks.remove(block)
    raw.dropped.append(text or block.text)


def _join_label_and_date(raw: RawDocument) -> None:
    """"Publié le" as one block and its date as the next (a web page's two elements) → metadata; a
    label whose date was already taken as metadata is dropped too."""
    for block, following in zip(list(raw.blocks), [*raw.blocks[1:], None], strict=True):
        if not BARE_LABEL.match(block.text):
            continue
        if following is not None and len(following.text) <= 40 and set_aside(raw, f"{block.text} {following.text}"):
            raw.dropped.pop()
            _drop(raw, following)
        _drop(raw, block)


def _label_like(text: str) -> bool:
    return len(text.split()) <= 6 and not text.endswith(tuple(END_PUNCT)) and len(text) <= 50


def _drop_labels_above_title(raw: RawDocument) -> None:
    title = next((i for i, b in enumerate(raw.blocks) if b.kind == "title"), None)
    if title is None:
        return
    for block in raw.blocks[:title]:
        if _label_like(block.text):
            _drop(raw, block)


def _take_glued_meta(raw: RawDocument) -> None:
    """"Publié le 03/05/2019 Les Régions …": the date is metadata, the rest stays a paragraph."""
    for index, block in enumerate(raw.blocks[:6]):
        match = META.match(block.text)
        if match and block.kind == "paragraph" and match.end() < len(block.text):
            prefix = block.text[: match.end()]
            if set_aside(raw, prefix):
                raw.blocks[index] = RawBlock(block.kind, block.text[match.end():].lstrip(" –—-:"), block.marker)


def _take_dateline(raw: RawDocument) -> None:
    body = [b for b in raw.blocks if b.kind == "paragraph"][:2]
    for block in body:
        match = DATELINE.match(block.text)
        if not match:
            continue
        raw.dateline = match.group("dateline").strip()
        day = parse_any_date(raw.dateline)
        if day and raw.published is None:
            raw.published = day.isoformat()
        block.text = block.text[match.end():]
        return


def _drop_repeated_teaser(raw: RawDocument) -> None:
    seen: set[str] = set()
    for block in list(raw.blocks[:8]):
        if block.kind != "paragraph":
            continue
        if block.text in seen:
            _drop(raw, block)
        seen.add(block.text)


def _drop_credits(raw: RawDocument) -> None:
    for block in list(raw.blocks):
        glued = GLUED_CREDIT.search(block.text) if block.kind == "paragraph" else None
        if glued and glued.start() > 0 and block.text[: glued.start()].endswith(tuple(END_PUNCT)):
            raw.dropped.append(block.text[glued.start():].strip(" -–—"))
            block.text = block.text[: glued.start()]
    for previous, block in zip(list(raw.blocks), list(raw.blocks[1:]), strict=False):
        if block.kind in ("paragraph", "heading") and caps_credit(block.text):
            if previous.kind == "paragraph" and len(previous.text) <= 120 and previous in raw.blocks:
                _drop(raw, previous)  # the picture's caption, short, just above its credit
            _drop(raw, block)
