"""Lines of a text copy of a web page (or of a PDF) → raw blocks.

Finds the headline, the publication dates, list items (bullets and numbers, with their wrapped
continuation lines), headings (short unpunctuated lines that introduce paragraphs) and paragraphs,
and sets web furniture aside. One pass over the lines, then one over the groups: linear in size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.language.dates import ANY_DATE, GERMAN_DATE, WEEKDAYS, WORDED_DATE, parse_french_date
from pipeline.language.segment import normalise_whitespace
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.boilerplate import related_heading, stoplist
from pipeline.readers.embargo import NOTICE, NOTICE_LINE, UNDATED, embargo_notice, parse_embargo
from pipeline.readers.furniture import is_furniture

BULLET = re.compile(r"^\s*(?:[•\-–—*▪◦·●■►]|(?P<number>\d{1,3}[.)]))\s+(?=\S)")
DATE_TEXT = rf"(?:\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}|{WORDED_DATE.pattern})"
META = re.compile(
    rf"(?P<label>(?:[a-zà-ÿ]+\s+)?publi[ée]e?s?\s+le|date\s+de\s+publication\s*:?|"
    rf"mise?\s+à\s+jour\s*(?:le|:)?|modifi[ée]e?\s+le|actualis[ée]e?\s+le)\s*(?:{WEEKDAYS}\s+)?(?P<date>{DATE_TEXT})",
    re.IGNORECASE,
)
META_SEPARATORS = re.compile(r"^[\s\-–—|,;•·/()]*$")
BARE_LABEL = re.compile(r"^(?:article\s+)?(?:publi[ée]e?|mise?\s+à\s+jour|modifi[ée]e?|actualis[ée]e?)\s+le\s*:?$",
                        re.IGNORECASE)
# A line that is a date and nothing else: "Le 22 janvier 2018", "lun, 22/01/2018 - 13:30".
DATE_ONLY = re.compile(rf"^(?:le\s+)?(?:{WEEKDAYS}\s+)?(?P<date>{DATE_TEXT})"
                       r"(?:\s*(?:[-–—,]|à)?\s*\d{1,2}\s*[h:]\s*\d{0,2})?$", re.IGNORECASE)
PLACE_AND_DATE = (rf"[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:[ \-][\w'’.\-]+){{0,4}},\s+(?:le\s+|den\s+)?(?:{WEEKDAYS}\s+)?"
                  rf"(?:{ANY_DATE.pattern}|{GERMAN_DATE.pattern})")
DATELINE = re.compile(rf"^(?P<dateline>{PLACE_AND_DATE})\s*[–—-]+\s+(?=\S)", re.IGNORECASE)
# "Strasbourg, le 28 mai 2020" or "Kehl, den 11. Oktober 2018" alone on its line, above the body.
DATELINE_ALONE = re.compile(rf"^(?P<dateline>{PLACE_AND_DATE})\s*[.:]?$", re.IGNORECASE)
# The kinds of document a press office sends, as a line of their own ("Communiqué de presse,",
# "Commission européenne - Fiche d'information", "POINT ÉPIDÉMIOLOGIQUE RÉGIONAL"): metadata, not text.
DOC_TYPE = (r"(?:communiqué|dossier|invitation|point|conférence|fiche|note|déclaration|discours|allocution|"
            r"avis|article|actualité|information|questions?[- ]réponses?)(?:\s+(?:de|d['’]|à la)?\s*"
            r"(?:presse|information|d['’]actualité|commune?|aux rédactions)){0,2}")
DOC_TYPE_LINE = re.compile(rf"^(?:[^,:|–—-]{{2,60}}\s[-–—|]\s)?{DOC_TYPE}\s*[,:.]?$", re.IGNORECASE)
# "13 janvier 2021 - Paris / Berlin", after a document type or not: a dateline written date first.
DATE_FIRST_DATELINE = re.compile(
    rf"^(?:{DOC_TYPE}\s*,\s*)?(?P<dateline>(?:{WEEKDAYS}\s+)?{DATE_TEXT}\s*[–—-]\s*"
    rf"[A-ZÀ-Þ][\w'’\-]+(?:\s*/\s*[A-ZÀ-Þ][\w'’\-]+)*)$", re.IGNORECASE)
# "Cérémonie de remise du Prix 2013 - Paris, le 25 septembre 2013", "Propos de … (Paris, 9 décembre
# 2021)": a dateline ending the headline.
DATELINE_ENDING = re.compile(rf"(?:\s[–—-]\s|\s\()(?P<dateline>{PLACE_AND_DATE})\)?$", re.IGNORECASE)
DATELINE_SEARCH = 8  # blocks from the top in which a dateline alone is looked for
# "25.01.2019 - Article", "15 décembre 2021 | Discours": a date, then the page's rubric of a word or two.
DATE_AND_RUBRIC = re.compile(rf"^(?:{WEEKDAYS}\s+)?(?P<date>{DATE_TEXT})\s*[-–—|·]\s*[A-ZÀ-Þa-zà-ÿ]+(?:\s+[\wÀ-ÿ]+)?$",
                             re.IGNORECASE)
CAPS_CREDIT = re.compile(r"^[A-ZÀ-ÖØ-ÞŒ][A-ZÀ-ÖØ-ÞŒ.'’\- ]*(?:\s*/\s*[A-ZÀ-ÖØ-ÞŒ][A-ZÀ-ÖØ-ÞŒ.'’\- ]*)*$")
IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp)$", re.IGNORECASE)
GLUED_DATE = re.compile(r"\s+(\d{1,2}/\d{1,2}/\d{4})\s*$")
END_PUNCT = ".;:!?…,"
SENTENCE_END = ".!?…»”\""
MAX_HEADING_CHARS = 140
MAX_TITLE_CHARS = 200  # a longer first line is the body's first paragraph, never a headline
GOES_ON = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'’-]*[\s,;:.]")  # a lower-case word, not an e-mail address or a link
WRAP_EVIDENCE = 40  # characters: a line this long that breaks off mid-sentence shows the text is wrapped


@dataclass
class Group:
    """Consecutive lines that belong together: one paragraph, heading or list item."""

    kind: str  # "text" or "item"
    lines: list[str] = field(default_factory=list)
    marker: str | None = None  # a numbered item's number

    @property
    def text(self) -> str:
        return normalise_whitespace(" ".join(self.lines))


def parse_lines(text: str) -> RawDocument:
    """Structure a whole text copy of a release. The headline is chosen later, with the other formats'
    (``frame.py``): a text copy has no type size or style to tell it."""
    raw = RawDocument()
    lines = _join_labels(text.splitlines())
    groups = _group_lines(lines, raw, hard_wrapped(lines))
    _take_glued_dates(groups, raw)
    raw.blocks.extend(_classify(groups))
    return raw


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the text was wrapped at a fixed width (line breaks inside paragraphs) rather than kept one
    line per paragraph, as a copy of a web page is: some of its long lines break off mid-sentence (no
    punctuation at the end, a lower-case word on the next line), and not just one in a long page."""
    stripped = [line.strip() for line in lines]
    long = [line for line in stripped if len(line) >= WRAP_EVIDENCE]
    breaks = sum(len(line) >= WRAP_EVIDENCE and not line.endswith(tuple(END_PUNCT)) and bool(GOES_ON.match(following))
                 for line, following in zip(stripped, stripped[1:], strict=False))
    return breaks >= (1 if len(long) < 6 else max(2, 0.15 * len(long)))


def caps_credit(text: str) -> bool:
    """A photographer's credit in capitals: "STUDIO LUMIÈRE / PIERRE MARTIN", "JEAN-LUC MARCHAND"."""
    words = text.split()
    if not CAPS_CREDIT.match(text) or len(text) > 60 or not any(c.isalpha() for c in text):
        return False
    return "/" in text or 2 <= len(words) <= 3


def _meta_dates(line: str) -> list[tuple[str, str]] | None:
    """[(label, iso date)] when the line holds only publication metadata, else None."""
    alone = DATE_ONLY.match(line) or DATE_AND_RUBRIC.match(line)
    if alone:
        day = parse_french_date(alone.group("date"))
        return [("publié le", day.isoformat())] if day else None
    found = [(m.group("label").lower(), m.group("date")) for m in META.finditer(line)]
    if not found or not META_SEPARATORS.match(META.sub("", line)):
        return None
    return [(label, day.isoformat()) for label, d in found if (day := parse_french_date(d))]


def _record_meta(raw: RawDocument, dates: list[tuple[str, str]]) -> None:
    for label, iso in dates:
        if "jour" in label or "modifi" in label or "actualis" in label:
            raw.updated = raw.updated or iso
        else:
            raw.published = raw.published or iso


def set_aside(raw: RawDocument, text: str) -> bool:
    """Publication dates and embargo lines become metadata and web furniture is dropped; all are kept
    in ``raw.dropped``, in order. True when ``text`` was set aside and is not content."""
    dates = _meta_dates(text)
    embargo = (parse_embargo(text) or _embargo_line(text)) if dates is None else None
    if dates is None and embargo is None and DOC_TYPE_LINE.match(text):
        raw.drop(text, "the document's type (metadata)")
    elif dates is not None:
        _record_meta(raw, dates)
        raw.drop(text, "publication or update date (read into the metadata)")
    elif embargo is not None:
        raw.embargo = embargo if raw.embargo in (None, UNDATED) else raw.embargo
        raw.drop(text, "embargo (read into the metadata)" if embargo != UNDATED else
                 "an embargo notice with no date this reader can read: the release stays under embargo until "
                 "--ignore-embargo")
    elif is_furniture(text) and not related_heading(text):  # "À lire aussi" ends the text: the frame cuts there
        raw.drop(text, "web furniture (data/furniture.txt)")
    else:
        return False
    return True


def _embargo_line(text: str) -> str | None:
    """A short line that is an embargo notice ("EMBARGO", "Sous embargo jusqu'à nouvel ordre"), dated or
    not; a sentence that mentions one is left to the tidy step, which keeps its text."""
    return embargo_notice(text) if len(text) <= NOTICE_LINE and NOTICE.match(text.strip()) else None


def _join_labels(lines: list[str]) -> list[str]:
    """"Publié le" alone on a line, its date on the next: one metadata line."""
    joined: list[str] = []
    for line in lines:
        if joined and BARE_LABEL.match(joined[-1].strip()) and DATE_ONLY.match(line.strip()):
            joined[-1] = f"{joined[-1].strip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _group_lines(lines: list[str], raw: RawDocument, wrapped: bool = True) -> list[Group]:
    groups: list[Group] = []
    current: Group | None = None
    for line in lines:
        stripped = normalise_whitespace(line)
        if not stripped:
            current = None
            continue
        if set_aside(raw, stripped):
            current = None
            continue
        if caps_credit(stripped):  # a credit ends its caption's group; tidy sets both aside
            groups.append(Group("text", [stripped]))
            current = None
            continue
        bullet = BULLET.match(line) if not GERMAN_DATE.match(stripped) else None
        if bullet:
            current = Group("item", [line[bullet.end():].strip()], bullet.group("number"))
            groups.append(current)
        elif current is not None and (wrapped or current.kind == "item") and _continues(current, line) \
                and not _standalone(stripped) and not _standalone(current.lines[-1]):
            current.lines.append(stripped)
        else:
            current = Group("text", [stripped])
            groups.append(current)
    return [part for group in groups for part in _split_group(group)]


def _standalone(line: str) -> bool:
    """A dateline or a date alone is a line of its own even in wrapped text."""
    return bool(DATELINE_ALONE.match(line) or DATE_ONLY.match(line))


def _continues(group: Group, line: str) -> bool:
    """A line with no blank line before it continues a paragraph; it continues a list item only when
    indented under it or when the item's sentence goes on (no end punctuation, a lower-case word next)."""
    if group.kind == "text":
        return True
    indented = line[:1].isspace()
    goes_on = not group.lines[-1].rstrip().endswith(tuple(".;:!?")) and line.strip()[:1].islower()
    return indented or goes_on


def _split_group(group: Group) -> list[Group]:
    """Split a text group where a line is clearly not wrapped: a heading or a paragraph's end."""
    if group.kind == "item" or len(group.lines) == 1:
        return [group]
    longest = max(len(line) for line in group.lines)
    unwrapped = longest > 200
    parts: list[Group] = [Group("text", [])]
    for i, line in enumerate(group.lines):
        parts[-1].lines.append(line)
        if i + 1 < len(group.lines) and _ends_here(line, group.lines[i + 1], longest, unwrapped):
            parts.append(Group("text", []))
    return parts


def _ends_here(line: str, following: str, longest: int, unwrapped: bool) -> bool:
    starts_upper = following[:1].isupper() or following[:1] in "«\"“"
    if not starts_upper or _capitals_go_on(line, following):
        return False
    if line.endswith(tuple(SENTENCE_END)):
        return unwrapped or len(line) < 0.75 * longest
    return len(line) <= MAX_HEADING_CHARS and not line.endswith(tuple(END_PUNCT)) and len(line) < 0.6 * longest


def _capitals_go_on(line: str, following: str) -> bool:
    """A headline in capitals over several lines: "… CITOYENNE" / "SUR L'OFFICE …" / "ET LE DÉFI …"."""
    first = following.split()[0].casefold() if following.split() else ""
    return (line.isupper() and following.isupper() and not line.endswith(tuple(END_PUNCT))
            and first.rstrip("'’") in stoplist())


def _heading_like(text: str) -> bool:
    return (
        len(text) <= MAX_HEADING_CHARS
        and not text.endswith(tuple(END_PUNCT))
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _take_glued_dates(groups: list[Group], raw: RawDocument) -> None:
    """"Titre du communiqué 03/05/2019": a date glued to the end of a short line near the top is
    metadata."""
    for group in groups[:4]:
        glued = GLUED_DATE.search(group.text) if group.kind == "text" and len(group.lines) == 1 else None
        day = parse_french_date(glued.group(1)) if glued else None
        if glued and day and len(group.text) <= MAX_TITLE_CHARS:
            raw.published = raw.published or day.isoformat()
            raw.drop(glued.group(1), "publication date (read into the metadata)")
            group.lines = [group.text[: glued.start()].rstrip()]
            return


def _classify(groups: list[Group]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    for i, group in enumerate(groups):
        text = group.text
        if group.kind == "item":
            blocks.append(RawBlock("list_item", text, group.marker))
        elif i + 1 < len(groups) and len(group.lines) == 1 and _heading_like(text):
            blocks.append(RawBlock("heading", text))
        else:
            blocks.append(RawBlock("paragraph", text))
    return blocks
