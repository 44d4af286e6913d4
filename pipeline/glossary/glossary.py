"""glossary.csv: the press office's terminology, loaded and validated.

Columns (DESIGN.md): fr, de, kind (term | name | keep), fr_variants, de_forbidden (``|``-separated),
note. UTF-8 with or without BOM, comma- or semicolon-separated (Excel's export). Every problem is
reported with its line number; an invalid glossary is refused whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.readers.decode import decode_text
from pipeline.readers.files import read_bytes

COLUMNS = ("fr", "de", "kind", "fr_variants", "de_forbidden", "note")
REQUIRED = ("fr", "de", "kind")
KINDS = ("term", "name", "keep")
DEFAULT_PATH = Path("glossary.csv")
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # .xlsx / .ods, and the old .xls


@dataclass(frozen=True)
class Term:
    fr: str
    de: str
    kind: str = "term"
    fr_variants: tuple[str, ...] = ()
    de_forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int = 0

    @property
    def fr_forms(self) -> tuple[str, ...]:
        return (self.fr, *self.fr_variants)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    source: str = ""
    digest: str = ""

    @property
    def version(self) -> str:
        """Short content hash: part of every cache key, so a glossary edit invalidates old output."""
        return self.digest[:12] or "empty"

    @cached_property
    def by_fr(self) -> dict[str, Term]:
        return {t.fr: t for t in self.terms}

    def __len__(self) -> int:
        return len(self.terms)


def one_line(text: str) -> str:
    """A cell or term as one line: tabs and line breaks to spaces, runs of spaces folded (exports)."""
    return " ".join(text.replace("\t", " ").split())


def glossary_file(glossary: Glossary, given: Path | None = None) -> Path:
    """The file terms are written into: the one given, else the glossary's own, else a new glossary.csv."""
    if given is not None:
        return given
    return Path(glossary.source) if glossary.source and glossary.source != NO_GLOSSARY else DEFAULT_PATH


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@dataclass
class Row:
    line: int  # the physical line it starts on
    values: list[str]
    spans: int  # physical lines it takes


def delimiter_of(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _rows(text: str) -> tuple[list[str], list[Row]]:
    """(header, rows as read by the CSV parser, each with its line and the lines it spans)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text))
    header = [h.strip().lower() for h in next(reader, [])]
    rows = []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            rows.append(Row(start, [v.strip() for v in values], reader.line_num - start + 1))
        start = reader.line_num + 1
    return header, rows


def _broken(row: Row, header: list[str], delimiter: str, source: str) -> str | None:
    """Why a row cannot be trusted, or None: a glossary line must parse into exactly its columns, and
    no term may hold a line break or the column separator, which only a broken quote explains
    ('Moselle,"Mosel,name,,,Département' reads the German term as 'Mosel,name,,,Département')."""
    where = f"{source}:{row.line}"
    if row.spans > 1 and any("\n" in value for value in row.values):
        return (f"{where}: a quotation mark opened here is not closed before line {row.line + row.spans - 1}, "
                "so those lines were read as one entry; close the quote")
    if len(row.values) != len(header):
        return (f"{where}: {len(row.values)} fields where the header has {len(header)} ({','.join(header)}); "
                f"a '{delimiter}' inside a term needs quotes around the term, and every quote must be closed")
    for column in ("fr", "de", "kind"):
        value = row.values[header.index(column)] if column in header else ""
        if delimiter in value or "\n" in value:
            return (f"{where}: the {column} term '{value}' holds the column separator '{delimiter}'; "
                    "a quote is probably not closed: fix the quotes of this line")
    return None


def parse_glossary(text: str, source: str) -> tuple[Glossary, list[str]]:
    """The glossary and the list of its problems (empty when valid)."""
    first_line = text.split("\n", 1)[0]
    if "\t" in first_line and "," not in first_line and ";" not in first_line:
        return Glossary((), source), [f"{source}:1: tab-separated: save it as CSV (in Excel: File > Save As > "
                                      "CSV UTF-8), with the columns fr,de,kind,fr_variants,de_forbidden,note"]
    header, rows = _rows(text)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return Glossary((), source), [f"{source}:1: missing column(s) {', '.join(missing)}; "
                                      f"the header must be {','.join(COLUMNS)}"]
    terms: list[Term] = []
    problems: list[str] = []
    for row in rows:
        broken = _broken(row, header, delimiter_of(text), source)
        if broken:
            problems.append(broken)
            continue
        term, row_problems = _term(dict(zip(header, row.values, strict=True)), row.line, source)
        problems.extend(row_problems)
        if term:
            terms.append(term)
    problems.extend(_conflicts(terms, source))
    problems.extend(_duplicates(terms, source))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Glossary(tuple(terms), source, digest), problems


def _term(row: dict[str, str], line: int, source: str) -> tuple[Term | None, list[str]]:
    where = f"{source}:{line}"
    fr, de, kind = row.get("fr", ""), row.get("de", ""), (row.get("kind", "") or "term").lower()
    problems = []
    if not fr:
        problems.append(f"{where}: empty French term (column fr)")
    if not de:
        problems.append(f"{where}: empty German term for '{fr}' (column de)")
    if kind not in KINDS:
        problems.append(f"{where}: unknown kind '{kind}' for '{fr}'; use one of {', '.join(KINDS)}")
    if kind == "keep" and fr and de and de != fr:
        problems.append(f"{where}: '{fr}' is kind keep but its German '{de}' differs; "
                        "make de equal fr or use kind name")
    forbidden = split_list(row.get("de_forbidden", ""))
    for form in forbidden:
        if de and form.lower() == de.lower():
            problems.append(f"{where}: forbidden form '{form}' equals the preferred German term")
    if problems:
        return None, problems
    variants = split_list(row.get("fr_variants", ""))
    return Term(fr, de, kind, variants, forbidden, row.get("note", ""), line), []


def _conflicts(terms: list[Term], source: str) -> list[str]:
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        key = term.fr.casefold()
        earlier = seen.get(key)
        if earlier and earlier.de != term.de:
            problems.append(f"{source}:{term.line}: '{term.fr}' is already '{earlier.de}' on line "
                            f"{earlier.line}, here '{term.de}'; keep one German term")
        seen.setdefault(key, term)
    return problems


def _duplicates(terms: list[Term], source: str) -> list[str]:
    """The same entry twice (exactly or in another case), and a variant that is another entry's term."""
    problems = []
    seen: dict[str, Term] = {}
    for term in terms:
        key = f"{term.fr.casefold()}\t{term.de.casefold()}"
        earlier = seen.get(key)
        if earlier is not None:
            same = (earlier.fr, earlier.de) == (term.fr, term.de)
            how = "the same entry" if same else "the same entry in another case"
            problems.append(f"{source}:{term.line}: {how} as line {earlier.line} ('{term.fr}'); remove one")
        seen.setdefault(key, term)
    entries = {term.fr.casefold(): term for term in terms}
    for term in terms:
        for variant in term.fr_variants:
            other = entries.get(variant.casefold())
            if other is not None and other is not term:
                problems.append(f"{source}:{term.line}: variant '{variant}' of '{term.fr}' is the entry of line "
                                f"{other.line}; a French form belongs to one entry")
    return problems


NO_GLOSSARY = "(none)"
PROJECT_MARKERS = ("glossary.csv", "pipeline.toml")


def find_glossary(near: Sequence[Path] = ()) -> Path | None:
    """The project's glossary the way tools find their configuration: ``$PIPELINE_GLOSSARY``, else the
    first folder holding ``glossary.csv`` (or ``pipeline.toml`` beside one) from the current folder up,
    else from each release's folder up. None when there is none."""
    named = os.environ.get("PIPELINE_GLOSSARY")
    if named:
        return Path(named)
    for start in [Path.cwd(), *(p.resolve().parent for p in near)]:
        for folder in [start, *start.parents]:
            if (folder / DEFAULT_PATH).is_file():
                return folder / DEFAULT_PATH
            if (folder / "pipeline.toml").is_file():
                break  # a project without a glossary: do not borrow one from a folder above it
    return None


def load_glossary(path: Path | None = None, required: bool = False, near: Sequence[Path] = ()) -> Glossary:
    """Load and validate; an invalid glossary raises GlossaryError with every problem.

    Without an explicit path the project's glossary is found (``find_glossary``, searching upward from
    the current folder, then from the releases' folders ``near``); with none found (and not
    ``required``) the glossary is empty and its source is ``NO_GLOSSARY``.
    """
    found = path or find_glossary(near)
    if found is None and not required:
        return Glossary((), NO_GLOSSARY)
    chosen = found or DEFAULT_PATH
    data = read_bytes(chosen, "glossary")
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)) or chosen.suffix.lower() in (".xlsx", ".xls", ".ods"):
        raise GlossaryError(f"{chosen}: a spreadsheet workbook, not a CSV file; in Excel or LibreOffice save it "
                            "as 'CSV UTF-8 (comma delimited)' and give that file")
    text = decode_text(data, chosen, "glossary CSV")
    glossary, problems = parse_glossary(text, str(chosen))
    if problems:
        raise GlossaryError(f"{chosen}: {len(problems)} problem(s); run 'pipeline glossary check'",
                            problems)
    return glossary
