"""The one small Protocol every translation engine implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pipeline.glossary import Glossary

SOURCE_LANG = "fr"
TARGET_LANG = "de"
MAX_GROWTH, GROWTH_MARGIN = 4, 200  # an answer longer than 4 × its source + 200 characters is no translation


class Engine(Protocol):
    """A FR→DE engine. Vendor exceptions never leave it: they become the EngineError family.

    ``online`` engines send text off the machine and are used only when the user names them.
    ``protection`` says how glossary names and kept terms survive translation: "glossary" (the
    engine's own glossary) or "placeholder" (opaque tokens put back afterwards). ``tags`` says whether
    the engine is sent a segment's inline tags (``<b1>…</b1>``, language/tags.py) and places them in its
    German: "xml" (DeepL's tag handling), "prompt" (the LLM told to keep them), "placeholder" (tags as
    ``⟦b1⟧…⟦/b1⟧`` tokens, read back when they survive, else projected) or "" (plain text; the tags
    are projected onto its German).
    """

    name: str
    online: bool
    batch_size: int
    max_workers: int
    max_chars: int
    protection: str
    tags: str

    def version(self) -> str:
        """Model or API version: part of every cache key."""
        ...

    def status(self) -> tuple[bool, str]:
        """(usable now, why not / what it is)."""
        ...

    def endpoint(self) -> str | None:
        """The server the text goes to (probed by ``pipeline engines --probe``); None when offline."""
        ...

    def prepare(self, glossary: Glossary) -> None:
        """Called once before a run (e.g. to sync the glossary with the service)."""
        ...

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Translate up to ``batch_size`` texts, in order."""
        ...
