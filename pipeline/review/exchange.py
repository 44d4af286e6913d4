"""Review files in and out: one entry point for every format (Word table, XLIFF 1.2, OmegaT project).

Import = read the file (format by suffix) → three-way merge into the store (``merge.py``, one
transaction) → QA again on the release, so ``review status`` and the next export show findings on
what the reviewer changed.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ImportRefused, InputError, StoreError
from pipeline.glossary import Glossary
from pipeline.review.merge import ImportReport, Resolve, ReviewFile, import_review_file
from pipeline.review.omegat import export_omegat, is_omegat_project, read_omegat
from pipeline.review.qa import check_release
from pipeline.review.review_docx import export_review_docx, read_review_docx
from pipeline.review.store import ReviewStore
from pipeline.review.xliff import export_xliff, read_xliff

FORMATS = {"docx": ".docx", "xliff": ".xlf", "omegat": ""}


def export_review(store: ReviewStore, release: str, glossary: Glossary, fmt: str, out: Path) -> None:
    if fmt == "docx":
        export_review_docx(store, release, glossary, out)
    elif fmt == "omegat":
        export_omegat(store, release, glossary, out)
    else:
        export_xliff(store, release, glossary, out)


def read_review_file(path: Path) -> ReviewFile:
    if is_omegat_project(path):
        return read_omegat(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_review_docx(path)
    if suffix in (".xlf", ".xliff"):
        return read_xliff(path)
    raise InputError(f"{path}: give a review .docx, an .xlf/.xliff file or an OmegaT project folder")


def import_review(store: ReviewStore, path: Path, author: str, glossary: Glossary,
                  expected_release: str | None = None, resolve: Resolve | None = None) -> ImportReport:
    """Read, check and merge a returned review file, then run QA on the release again."""
    review = read_review_file(path)
    if expected_release and review.release != expected_release:
        raise ImportRefused(f"{path}: belongs to release '{review.release}', not '{expected_release}'; "
                            "nothing was imported")
    try:
        store.document(review.release)
    except StoreError as exc:
        raise ImportRefused(f"{path}: belongs to release '{review.release}', which is not in the review store; "
                            "nothing was imported") from exc
    report = import_review_file(store, review, author, resolve)
    if report.changed:
        check_release(review.release, glossary, store)
    return report
