"""The files the workspace offers for download: the briefing (through the same renderer as
`pipeline run`), the review DOCX and the XLIFF, each written for its request to a file of its own in
the state folder and removed once sent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.config import load_config, state_dir
from pipeline.errors import StoreError
from pipeline.glossary import Glossary
from pipeline.render import renderer
from pipeline.render.briefing import build_briefing
from pipeline.render.naming import slugify
from pipeline.review.exchange import export_review
from pipeline.review.store import ReviewStore

KINDS = ("briefing.docx", "briefing.pdf", "review.docx", "review.xlf")


def make_file(store: ReviewStore, release: str, kind: str, glossary: Glossary) -> tuple[Path, str]:
    """(path on disk, file name for the browser) of a freshly written file of ``kind``."""
    if kind not in KINDS:
        raise StoreError(f"'{kind}' is not a download; choose one of {', '.join(KINDS)}")
    store.document(release)  # refuses an unknown release
    what, fmt = kind.split(".")
    if what == "briefing":
        return _briefing(store, release, glossary, "docx" if fmt == "docx" else "pdf")

    name = f"{slugify(release)}-review.{fmt}"
    out = _own_file(fmt)
    export_review(store, release, glossary, "docx" if fmt == "docx" else "xliff", out)
    return out, name


def _briefing(store: ReviewStore, release: str, glossary: Glossary, fmt: str) -> tuple[Path, str]:
    briefing = build_briefing(store, release, glossary, load_config().office_name)
    out = _own_file(fmt)
    write: Any = renderer(fmt)
    write([briefing], out, None)
    return out, f"{briefing.stem}.{fmt}"


def _own_file(fmt: str) -> Path:
    """A file of this request's own in the state folder's downloads (two releases whose names differ
    only by a space and a hyphen, or sixty downloads at once, never share one); removed once sent."""
    folder = state_dir() / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix="download-", suffix=f".{fmt}", dir=folder)
    os.close(descriptor)
    return Path(name)
