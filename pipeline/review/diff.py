"""Word-level differences between two texts: the French of a suggestion against today's, the engine's
German against the post-edit, one version against the next (review DOCX and the browser workspace)."""

from __future__ import annotations

import difflib
import re

TOKENS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str, context: int | None = None) -> list[tuple[str, str]]:
    """(text, kind) pieces from ``old`` to ``new`` by words: "-" deleted, "+" inserted, "" unchanged.
    With ``context``, unchanged stretches keep that many words on each side of a change, "…" between."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    pieces: list[tuple[str, str]] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = a[i1:i2]
            text = "".join(same) if context is None else _context(same, 2 * context, number > 0,
                                                                   number < len(opcodes) - 1)
            pieces.append((text, ""))
            continue
        if i2 > i1:
            pieces.append(("".join(a[i1:i2]), "-"))
        if i2 > i1 and j2 > j1:
            pieces.append((" ", ""))
        if j2 > j1:
            pieces.append(("".join(b[j1:j2]), "+"))
    return [p for p in pieces if p[0]]


def _context(tokens: list[str], keep: int, after_change: bool, before_change: bool) -> str:
    """An unchanged stretch cut to ``keep`` tokens (words and spaces) next to each change."""
    if len(tokens) <= keep * (after_change + before_change):
        return "".join(tokens)
    head = "".join(tokens[:keep]) + "…" if after_change else ""
    tail = "…" + "".join(tokens[-keep:]) if before_change else ""
    return head + (" " if head and tail else "") + tail
