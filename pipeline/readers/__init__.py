"""Readers, one per input format, chosen by suffix through a lazy registry.

Each entry names ``"module.Class"``; the module is imported only when a file of that kind is read,
so ``pipeline --help`` never pays for lxml, python-docx or pypdf.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from pipeline.errors import InputError, LanguageError
from pipeline.language.langid import LANGUAGE_NAMES, detect_language
from pipeline.limits import limits, refuse_larger_than
from pipeline.model import Document
from pipeline.readers.base import Reader, assemble
from pipeline.readers.files import require_file
from pipeline.readers.tidy import tidy

READERS: dict[str, str] = {
    ".txt": "pipeline.readers.txt.TextReader",
    ".md": "pipeline.readers.txt.MarkdownReader",
    ".html": "pipeline.readers.html.HtmlReader",
    ".htm": "pipeline.readers.html.HtmlReader",
    ".docx": "pipeline.readers.docx.DocxReader",
    ".pdf": "pipeline.readers.pdf.PdfReader",
}


def reader_for(path: Path) -> Reader:
    require_file(path)
    _refuse_links_out(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"{path}: unknown file type '{suffix or '(none)'}'; give one of {known}")
    module_name, class_name = READERS[suffix].rsplit(".", 1)
    cls = getattr(importlib.import_module(module_name), class_name)
    reader: Reader = cls()
    return reader


def _refuse_links_out(path: Path) -> None:
    """A release is a file inside the folder it is given in: a link leading elsewhere is refused."""
    folder = path.absolute().parent
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(f"{path}: is a link to a file outside {folder}; copy the release into the folder instead")


def safe_text(text: str) -> str:
    """A file name as text that can be stored and printed (bytes that are not UTF-8 become U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_document(path: Path, lang: str | None = None) -> Document:
    """Read, structure and segment one release; refuse one that is not French unless ``lang`` insists."""
    reader = reader_for(path)

    doc = assemble(tidy(reader.read(path)), source=safe_text(str(path)), fmt=reader.format)
    if not doc.blocks:
        raise InputError(f"{path}: no text found to translate; check that it is a press release")
    refuse_larger_than(path, len(doc.segments()), limits().segments, "segments", "segments")
    if lang is None:
        detected = detect_language(" ".join(b.text for b in doc.blocks))
        if detected is None:
            raise LanguageError(f"{path}: too few words to tell its language; if it is a French release, "
                                "say so with --lang fr")
        if detected != "fr":
            name = LANGUAGE_NAMES.get(detected, detected)
            raise LanguageError(f"{path}: reads as {name}, not French; only FR→DE is supported "
                                "(use --lang fr if it really is French)")
    doc.language = lang or "fr"
    return doc
