"""Nothing read vanishes: every character of a release's text is in a segment, in ``dropped`` (with its
reason) or in a metadata field the reader filled (dateline, dates, a list item's number).

Counted as a multiset of letters and digits (whitespace, punctuation and list bullets aside), per format:
a text file's lines, a Word file's paragraphs (tables, headers of cells included), an HTML page's
visible text, a PDF's printed lines.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pipeline.model import Document

ALNUM = re.compile(r"[^\W_]", re.UNICODE)


def characters(text: str) -> Counter[str]:
    return Counter(ALNUM.findall(text))


def text_read(doc: Document) -> Counter[str]:
    """What the Document keeps and says it set aside."""
    parts = [block.text for block in doc.blocks] + [block.marker or "" for block in doc.blocks]
    parts += doc.dropped + [doc.dateline or ""]
    return characters(" ".join(parts))


def text_given(path: Path) -> str:
    """The release's own text, as its format holds it."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".docx":
        import docx

        from pipeline.word.package import accepted_text, in_fallback, w

        body = docx.Document(str(path)).element.body  # each text box once: its own paragraphs, not its VML copy
        return "\n".join(accepted_text(p, boxes=False) for p in body.iter(w("p")) if not in_fallback(p))
    if suffix in (".html", ".htm"):
        import lxml.html

        tree = lxml.html.fromstring(path.read_bytes())
        for element in tree.xpath("//script|//style|//noscript|//template|//head"):
            element.drop_tree()
        return tree.text_content()
    if suffix == ".pdf":
        from pipeline.readers.pdfchars import read_lines

        return "\n".join(line.text for page in read_lines(path) for line in page)
    raise ValueError(suffix)


def missing(path: Path, doc: Document) -> Counter[str]:
    """Characters of the input found neither in the Document nor in what it set aside."""
    return characters(text_given(path)) - text_read(doc)
