"""Text copies of web pages (.txt, .md), like the sample release."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers.base import RawDocument
from pipeline.readers.decode import decode_text
from pipeline.readers.files import read_text_bytes
from pipeline.readers.layout import parse_lines

MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


class TextReader:
    format = "txt"

    def read(self, path: Path) -> RawDocument:
        return parse_lines(decode_text(read_text_bytes(path), path))


class MarkdownReader:
    format = "md"

    def read(self, path: Path) -> RawDocument:
        text = decode_text(read_text_bytes(path), path)
        text = MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_HEADING.sub("", text))
        return parse_lines(text)
