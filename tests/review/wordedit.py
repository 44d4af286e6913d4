"""Editing a review DOCX the way reviewers' tools do: Word's tracked changes and balloon comments
(as Word writes them: ``w:ins``/``w:del`` with author and date, runs split by Word, ``comments.xml``
with ``w:commentRangeStart``), and a save through LibreOffice headless, the office suite at hand."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

DATE = "2026-11-30T09:15:00Z"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                       ".ci/run installs libreoffice-writer-nogui")


def _run(text: str, deleted: bool = False, rsid: str = "00A1B2C3") -> Any:
    run = OxmlElement("w:r")
    run.set(qn("w:rsidR"), rsid)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    return run


def _change(kind: str, change_id: int, author: str, *runs: Any) -> Any:
    element = OxmlElement(f"w:{kind}")
    element.set(qn("w:id"), str(change_id))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), DATE)
    for run in runs:
        element.append(run)
    return element


def track_replace(cell: Any, old: str, new: str, author: str = "Anna Weber", change_id: int = 101) -> None:
    """Replace ``old`` by ``new`` in a table cell's text with change tracking on (see track_replace_in)."""
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    track_replace_in(cell.paragraphs[0], old, new, author, change_id)


def track_replace_in(paragraph: Any, old: str, new: str, author: str = "Anna Weber", change_id: int = 101) -> None:
    """Replace ``old`` by ``new`` in a paragraph with change tracking on, as Word records it: the text
    before split into two runs, a ``w:del`` run, a ``w:ins`` run, the rest."""
    text = paragraph.text
    start = text.index(old)
    p = paragraph._p
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    before, after = text[:start], text[start + len(old):]
    middle = len(before) // 2
    for piece in (before[:middle], before[middle:]):
        if piece:
            p.append(_run(piece, rsid="00C4D5E6"))
    p.append(_change("del", change_id, author, _run(old, deleted=True)))
    p.append(_change("ins", change_id + 1, author, _run(new)))
    if after:
        p.append(_run(after))


def track_insert(cell: Any, text: str, author: str = "Anna Weber", change_id: int = 201) -> None:
    """Type ``text`` at the end of the cell with change tracking on."""
    cell.paragraphs[-1]._p.append(_change("ins", change_id, author, _run(text)))


def balloon(document: Any, cell: Any, text: str, author: str, date: str = DATE) -> None:
    """A Word comment anchored on the cell's first paragraph."""
    runs = cell.paragraphs[0].runs or [cell.paragraphs[0].add_run("")]
    comment = document.add_comment(runs, text=text, author=author, initials=author[:2].upper())
    comment._comment_elm.set(qn("w:date"), date)


def libreoffice_convert(path: Path, workdir: Path, fmt: str) -> Path:
    """Open ``path`` in LibreOffice headless and save it as ``fmt`` (docx, pdf); returns the new file."""
    out = workdir / f"libreoffice-{fmt}"
    out.mkdir(exist_ok=True)
    profile = (workdir / "lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    saved = out / f"{path.stem}.{fmt}"
    assert saved.exists(), "LibreOffice wrote nothing"
    return saved


def save_through_libreoffice(path: Path, workdir: Path) -> Path:
    """What a reviewer using LibreOffice returns: the file opened and saved again as DOCX."""
    return libreoffice_convert(path, workdir, "docx")
