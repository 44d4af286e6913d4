"""Publishing measured on a file, for the corpus test and `make bench` (section `publish`).

For a Word or HTML release: publish it twice in place, once with its French as the "German" (the round
trip: text and formatting must come back exactly) and once with a German — the translator's, when a
``NAME.de.json`` lies beside the file, else a pseudo-translation that keeps the words that read the same
in both languages (names, numbers, addresses) and alters every other word — and compare the structure
(paragraphs, styles, tables, images, sections; HTML: the element sequence) and the inline codes carried.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.publish.html import INLINE
from pipeline.publish.inline import merged
from pipeline.publish.publish import publish
from pipeline.readers import read_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Measured:
    name: str
    structure: dict[str, tuple[int, int]] = field(default_factory=dict)  # what → (original, German)
    inline: tuple[int, int] = (0, 0)  # formatting changes inside paragraphs, in the original and the German
    round_trip: bool = False
    codes: int = 0
    carried: int = 0
    missing: int = 0
    seconds: float = 0.0
    german: Path | None = None

    @property
    def structure_kept(self) -> bool:
        return all(a == b for a, b in self.structure.values())


def pseudo_german(text: str) -> str:
    """Every word that does not read the same in both languages altered (reversed); order kept."""
    def alter(word: str) -> str:
        invariant = any(c.isdigit() for c in word) or "@" in word or "/" in word or word[:1].isupper()
        return word if invariant else word[::-1]

    return " ".join(alter(word) for word in text.split())


def rows_for(doc: Any, german: dict[str, str] | None) -> list[dict[str, str]]:
    return [{"id": s.id, "source": s.text, "target": (german.get(s.text) if german else None) or
             (s.text if german is None else pseudo_german(s.text)), "status": "approved", "origin": "human"}
            for s in doc.segments()]


def measure(path: Path, out_dir: Path) -> Measured:
    """Publish ``path`` (Word or HTML) French-back and German into ``out_dir`` and compare with it."""
    doc = read_document(path)
    result = Measured(path.name)
    french_dir, german_dir = out_dir / "french", out_dir / "german"
    french = publish(path, doc, rows_for(doc, None), french_dir)
    result.round_trip = formatting(path) == formatting(french.path)
    translations = path.with_name(path.name.rsplit(".", 1)[0] + ".de.json")
    german_texts = json.loads(translations.read_text(encoding="utf-8")) if translations.exists() else {}
    start = time.perf_counter()
    german = publish(path, doc, rows_for(doc, german_texts), german_dir)
    result.seconds = time.perf_counter() - start
    result.german = german.path
    result.codes, result.carried, result.missing = german.report.codes, german.report.carried, len(german.report.missing)
    before, after = structure(path), structure(german.path)
    result.inline = (changes_of_format(path), changes_of_format(german.path))
    result.structure = {key: (before[key], after[key]) for key in before}
    return result


def formatting(path: Path) -> list[list[tuple[str, object]]]:
    """Each paragraph's text runs with their formatting, as a reader sees them."""
    if path.suffix == ".docx":
        import docx

        from pipeline.publish.docx import body_paragraphs, pieces_of

        return [merged(pieces_of(p)) for p in body_paragraphs(docx.Document(str(path)))]
    from lxml import html

    from pipeline.publish.html import pieces_of as html_pieces
    from pipeline.publish.html import text_blocks

    root = html.fromstring(path.read_text(encoding="utf-8", errors="replace"))
    for script in root.findall(".//script"):
        script.drop_tree()
    body = root.find("body")
    return [merged(html_pieces(b)) for b in text_blocks(body if body is not None else root)]


def structure(path: Path) -> dict[str, Any]:
    if path.suffix == ".docx":
        import zipfile

        import docx

        body = docx.Document(str(path)).element.body
        with zipfile.ZipFile(path) as package:
            parts = len(package.namelist())  # a part written twice (a duplicate name) counts twice
        styles = [p.find(f"{W}pPr/{W}pStyle") for p in body.iter(f"{W}p")]
        return {"paragraphs": len(styles), "styles": hash(tuple(s.get(f"{W}val") if s is not None else "" for s in styles)),
                "tables": len(list(body.iter(f"{W}tbl"))), "images": len(list(body.iter(f"{W}drawing"))),
                "sections": len(list(body.iter(f"{W}sectPr"))), "package parts": parts}
    from lxml import html

    root = html.fromstring(path.read_text(encoding="utf-8", errors="replace"))
    for script in root.findall(".//script"):
        script.drop_tree()
    tags = [e.tag for e in root.iter() if isinstance(e.tag, str) and e.tag != "meta" and e.tag not in INLINE]
    return {"elements": hash(tuple(tags)), "paragraphs": tags.count("p"), "tables": tags.count("table"),
            "images": tags.count("img")}


def changes_of_format(path: Path) -> int:
    """Inline formatting stretches: in each paragraph, the times the formatting changes along the text."""
    return sum(max(len(runs) - 1, 0) for runs in formatting(path))


def measure_all(paths: list[Path], folder: Path | None = None) -> list[Measured]:
    """Every file measured; the published files kept in ``folder`` when given."""
    if folder is not None:
        return [measure(path, folder / path.name) for path in paths]
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as temporary:
        return [measure(path, Path(temporary) / path.name) for path in paths]
