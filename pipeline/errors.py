"""The project's one exception tree.

    PipelineError                  anything the CLI reports as one ``error:`` line, exit 1
    ├── InputError                 a file the user gave cannot be read or is not what it claims
    │   ├── LanguageError          the release is not French (``--lang fr`` overrides)
    │   └── ConfigError            pipeline.toml breaks its schema (``details``: every problem, with its key)
    ├── GlossaryError              glossary.csv is invalid (carries every problem with its line)
    ├── EmbargoError               a release under embargo would leave the machine (``--ignore-embargo``)
    ├── EngineError                a translation engine failed (vendor errors mapped at the boundary)
    │   ├── EngineUnavailable      not installed / not configured / no model
    │   ├── EngineAuthError        bad or missing key, quota exhausted: retrying will not help
    │   ├── EngineUnsupported      language pair or request the engine refuses
    │   └── EngineTransientError   429, 5xx, timeouts, dropped connections, malformed replies
    ├── StoreError                 the review store or memory refused a change
    │   └── ImportRefused          an exchange file (DOCX, XLIFF, TMX) refused whole: nothing changed
    │       └── ImportConflict     rows changed both in the file and in the store (``details`` lists them)
    ├── RenderError                a briefing could not be written
    └── PublishRefused             the German release cannot be published yet (``segments``: their ids)

Findings (QA issues, glossary hits) are data, never exceptions.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the CLI turns into ``error: …`` and exit 1."""


class InputError(PipelineError):
    """A user-supplied file is missing, unreadable, empty, binary or malformed."""


class EmbargoError(PipelineError):
    """An online engine was chosen for a release whose embargo has not ended."""


class LanguageError(InputError):
    """The document is not in the expected language."""


class ConfigError(InputError):
    """pipeline.toml does not follow its schema; ``details`` has one line per problem."""

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class GlossaryError(PipelineError):
    """The glossary is invalid; ``problems`` holds one message per problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class EngineError(PipelineError):
    """A translation engine could not translate."""


class EngineUnavailable(EngineError):
    """The engine is not installed, configured, or has no model."""


class EngineAuthError(EngineError):
    """Authentication or quota failure: do not retry."""


class EngineUnsupported(EngineError):
    """The engine refuses the language pair or request."""


class EngineTransientError(EngineError):
    """A failure worth retrying; ``retry_after`` is the server's hint in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreError(PipelineError):
    """The store or translation memory refused a change."""


class ImportRefused(StoreError):
    """An exchange file was refused as a whole; the store is unchanged."""


class ImportConflict(ImportRefused):
    """A review file and the store both changed the same segments; ``details`` has one line each."""

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class RenderError(PipelineError):
    """A briefing could not be rendered or written."""


class PublishRefused(PipelineError):
    """Segments are untranslated (always refused) or not approved (refused unless it is a draft)."""

    def __init__(self, message: str, segments: list[str] | None = None) -> None:
        super().__init__(message)
        self.segments = segments or []
