"""Releases under embargo never leave the machine before their time.

A release whose Document carries ``embargo`` (read from "Sous embargo jusqu'au …") is refused to every
online engine until that moment has passed: one ``error:`` line naming the release and the date. With
``--ignore-embargo`` the user overrides it; ``guard_embargo`` then returns what was overridden and the
caller that owns the review store records it (who, when, which engines), so the question "who sent
this before the embargo?" has an answer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.errors import EmbargoError, PipelineError
from pipeline.language.dates import french_long, german_long
from pipeline.model import Document
from pipeline.readers.embargo import UNDATED
from pipeline.translate.engines import engine_class, make_engine


def under_embargo(doc: Document, now: datetime | None = None) -> bool:
    """True while the release's embargo has not ended (always, for an embargo with no end date)."""
    if not doc.embargo:
        return False
    if doc.embargo == UNDATED:
        return True
    return (now or datetime.now(UTC)) < datetime.fromisoformat(doc.embargo)


def embargo_words(embargo: str) -> tuple[str, str]:
    """("12 mars 2025 à 10 h 00", "12. März 2025, 10:00 Uhr"): the moment as a reader writes it."""
    if embargo == UNDATED:
        return "sans date de fin", "ohne Enddatum"
    moment = datetime.fromisoformat(embargo)
    day = moment.date()
    return (f"{french_long(day)} à {moment.hour} h {moment.minute:02d}",
            f"{german_long(day)}, {moment.hour}:{moment.minute:02d} Uhr")


def online_engines(names: list[str]) -> list[str]:
    """The engines among ``names`` that send text off this machine (an unconfigured one counts)."""
    found = []
    for name in names:
        declared = getattr(engine_class(name), "online", True)
        if not isinstance(declared, bool):  # a property: depends on the configuration (llm on loopback)
            try:
                declared = bool(make_engine(name).online)
            except PipelineError:
                declared = True
        if declared:
            found.append(name)
    return found


def guard_embargo(doc: Document, release: str, engines: list[str], ignore: bool,
                  now: datetime | None = None) -> str | None:
    """Refuse online engines for a release under embargo; with ``ignore``, the override to record
    ("<embargo> sent to <engines>"); None when nothing was overridden."""
    if not under_embargo(doc, now):
        return None
    online = online_engines(engines)
    if not online:
        return None
    french, _ = embargo_words(doc.embargo or "")
    if not ignore:
        until = "with no end date it gives (an embargo line without a readable date)" if doc.embargo == UNDATED \
            else f"until {french} ({doc.embargo})"
        raise EmbargoError(f"{release} is under embargo {until}; {', '.join(online)} would "
                           "send its text off this machine: translate it offline (--engine local or memory), "
                           "wait until then, or pass --ignore-embargo to send it anyway (the override is recorded)")
    return f"{doc.embargo} sent to {', '.join(online)}"
