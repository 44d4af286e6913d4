"""Word documents: Title/Heading styles become title and headings, list styles and numbering items.

Text is read with Word's tracked changes accepted (a release sent with revisions still on), and every
XML part of the package passes the entity guard before python-docx parses it."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, PipelineError
from pipeline.model import BlockKind
from pipeline.readers.base import RawBlock, RawDocument
from pipeline.readers.files import read_bytes
from pipeline.readers.layout import set_aside
from pipeline.segment import normalise_whitespace
from pipeline.wordfile import accepted_text, refuse_entities_in_package

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxReader:
    format = "docx"

    def read(self, path: Path) -> RawDocument:
        document = _open(path)
        raw = RawDocument()
        for paragraph in _paragraphs_in_order(document):
            text = normalise_whitespace(accepted_text(paragraph._p))
            if not text:
                continue
            if not set_aside(raw, text):
                raw.blocks.append(RawBlock(_kind(paragraph, raw), text))
        return raw


def _paragraphs_in_order(container: Any) -> Iterator[Any]:
    """Body paragraphs and the paragraphs of tables (a contact box, a key-figures table), in
    reading order; a merged cell is read once."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if not isinstance(item, Table):
            yield item
            continue
        seen: set[int] = set()
        for row in item.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                yield from _paragraphs_in_order(cell)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data = read_bytes(path)
    if data.startswith(OLE_MAGIC):
        raise InputError(f"{path}: password-protected or an old .doc file; "
                         "remove the password or save it as .docx in Word")
    try:
        refuse_entities_in_package(path)
        return docx.Document(str(path))
    except PipelineError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .docx (corrupt or not a Word file); "
                         "open it in Word and save it again") from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends from a damaged part
        raise InputError(f"{path}: damaged .docx ({type(exc).__name__}); "
                         "open it in Word and save it again") from exc


def _kind(paragraph: Any, raw: RawDocument) -> BlockKind:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    style = style.lower()
    if style == "title" or style == "titre":
        return "heading" if any(b.kind == "title" for b in raw.blocks) else "title"
    if style.startswith(("heading", "titre")):
        return "heading"
    if "list" in style or "liste" in style or _numbered(paragraph):
        return "list_item"
    return "paragraph"


def _numbered(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None
