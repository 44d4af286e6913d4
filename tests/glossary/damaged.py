"""glossary.csv damaged the ways files get damaged — a quote left open, a separator too many, a BOM,
Windows line ends, tabs, other encodings — and what the loader makes of each: refused (one error
naming the file and the line) or read right (the same entries as the undamaged file). Read wrong is
the one outcome never allowed. Used by tests/glossary/test_glossary_damage.py and ``make bench``
(section ``glossary-damage``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import GlossaryError, PipelineError
from pipeline.glossary import load_glossary

GlossaryDamage = Callable[[str, random.Random], bytes]
DAMAGES: dict[str, GlossaryDamage] = {}


def damage(name: str) -> Callable[[GlossaryDamage], GlossaryDamage]:
    def register(fn: GlossaryDamage) -> GlossaryDamage:
        DAMAGES[name] = fn
        return fn

    return register


def _a_line(text: str, rng: random.Random) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, rng.randrange(1, len([line for line in lines if line.strip()]))


@damage("unclosed quote")
def unclosed_quote(text: str, rng: random.Random) -> bytes:
    lines, i = _a_line(text, rng)
    fields = lines[i].split(",")
    position = rng.randrange(0, min(3, len(fields)))
    fields[position] = '"' + fields[position].lstrip('"')
    lines[i] = ",".join(fields)
    return "\n".join(lines).encode("utf-8")


@damage("separator too many")
def extra_separator(text: str, rng: random.Random) -> bytes:
    lines, i = _a_line(text, rng)
    cut = lines[i].find(",")
    lines[i] = lines[i][:cut] + "," + lines[i][cut:]
    return "\n".join(lines).encode("utf-8")


@damage("separator missing")
def missing_separator(text: str, rng: random.Random) -> bytes:
    lines, i = _a_line(text, rng)
    lines[i] = lines[i].replace(",", " ", 1)
    return "\n".join(lines).encode("utf-8")


@damage("byte-order mark")
def bom(text: str, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


@damage("Windows line ends")
def crlf(text: str, rng: random.Random) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


@damage("tab-separated")
def tabs(text: str, rng: random.Random) -> bytes:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    return "\n".join("\t".join(row) for row in rows).encode("utf-8")


@damage("semicolons (Excel)")
def semicolons(text: str, rng: random.Random) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue().encode("utf-8")


@damage("cp1252")
def cp1252(text: str, rng: random.Random) -> bytes:
    return text.encode("cp1252", errors="replace")


@damage("UTF-16")
def utf16(text: str, rng: random.Random) -> bytes:
    return text.encode("utf-16")


@damage("cut short")
def truncated(text: str, rng: random.Random) -> bytes:
    data = text.encode("utf-8")
    return data[: rng.randrange(len(data) // 2, len(data) - 1)]


def outcome(path: Path, original: list[tuple[str, str, str]]) -> str:
    """"refused", "read right" or "read wrong" for one damaged file."""
    try:
        glossary = load_glossary(path, required=True)
    except GlossaryError:
        return "refused"
    except PipelineError:
        return "refused"
    entries = [(t.fr, t.de, t.kind) for t in glossary.terms]
    if entries == original[: len(entries)]:
        return "read right"  # all of it, or a file cut short whose entries are each right
    return "read wrong"


def run_damages(glossary: Path, folder: Path, tries: int = 10, seed: int = 7) -> dict[str, dict[str, int]]:
    """Per damage kind, how many damaged files were refused, read right or read wrong."""
    text = glossary.read_text(encoding="utf-8-sig")
    original = [(t.fr, t.de, t.kind) for t in load_glossary(glossary, required=True).terms]
    rng = random.Random(seed)
    counts: dict[str, dict[str, int]] = {}
    for name, fn in DAMAGES.items():
        counts[name] = {"refused": 0, "read right": 0, "read wrong": 0}
        for attempt in range(tries):
            path = folder / f"{name.split()[0]}-{attempt}.csv"
            path.write_bytes(fn(text, rng))
            counts[name][outcome(path, original)] += 1
    return counts
