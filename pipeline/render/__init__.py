"""Bilingual FR | DE briefings: a view model (briefing.py) rendered as DOCX and as PDF.

Renderers are registered by format name → "module.function", imported lazily.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

RENDERERS: dict[str, str] = {
    "docx": "pipeline.render.docx.render_docx",
    "pdf": "pipeline.render.pdf.render_pdf",
}


def renderer(fmt: str) -> Callable[[Any, Path], None]:
    module_name, function = RENDERERS[fmt].rsplit(".", 1)
    fn: Callable[[Any, Path], None] = getattr(importlib.import_module(module_name), function)
    return fn
