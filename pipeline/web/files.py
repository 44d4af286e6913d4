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
from pipeline.model import KEPT_GERMAN
from pipeline.publish.publish import publish_stored
from pipeline.render import renderer
from pipeline.render.briefing import build_briefing
from pipeline.render.naming import slugify
from pipeline.review.exchange import export_review
from pipeline.review.store import ReviewStore

KINDS = ("briefing.docx", "briefing.pdf", "review.docx", "review.xlf", "german.original", "german.pdf")


def make_file(store: ReviewStore, release: str, kind: str, glossary: Glossary) -> tuple[Path, str]:
    """(path on disk, file name for the browser) of a freshly written file of ``kind``."""
    if kind not in KINDS:
        raise StoreError(f"'{kind}' is not a download; choose one of {', '.join(KINDS)}")
    store.document(release)  # refuses an unknown release
    what, fmt = kind.split(".")
    if what == "briefing":
        return _briefing(store, release, glossary, "docx" if fmt == "docx" else "pdf")
    if what == "german":
        return _german(store, release, glossary, None if fmt == "original" else fmt)

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


def _german(store: ReviewStore, release: str, glossary: Glossary, fmt: str | None) -> tuple[Path, str]:
    """The German release in its own format (or PDF): final when every segment is approved, else a
    draft with the unapproved German highlighted and ENTWURF across the pages."""
    source = next((Path(r["source_path"]) for r in store.releases() if r["release"] == release), None)
    if source is None or not source.is_file():
        raise StoreError(f"{release}: the release file is not where it was translated ({source}); publish it with "
                         "'pipeline publish FILE' where it is")
    draft = any(r["status"] != "approved" and r["origin"] != KEPT_GERMAN for r in store.segments(release))
    with tempfile.TemporaryDirectory(prefix="german-", dir=_downloads()) as folder:
        done = publish_stored(source, store, Path(folder), fmt, draft, glossary)
        out = _own_file(done.format)
        os.replace(done.path, out)
    return out, done.path.name


def _downloads() -> Path:
    folder = state_dir() / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _own_file(fmt: str) -> Path:
    """A file of this request's own in the state folder's downloads (two releases whose names differ
    only by a space and a hyphen, or sixty downloads at once, never share one); removed once sent."""
    descriptor, name = tempfile.mkstemp(prefix="download-", suffix=f".{fmt}", dir=_downloads())
    os.close(descriptor)
    return Path(name)
