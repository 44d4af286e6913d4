"""Every registered reader, engine, QA check, renderer and command is documented."""

import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser
from pipeline.readers import READERS, reader_for
from pipeline.render import RENDERERS, renderer
from pipeline.review.qa import registered_checks
from pipeline.translate.engines import ENGINES, engine_class

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_reader_is_documented(suffix: str, tmp_path) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_text("x", encoding="utf-8")
    reader = reader_for(path)
    assert type(reader).__doc__ or __import__(type(reader).__module__).__doc__
    assert suffix in README


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_engine_is_documented(name: str) -> None:
    cls = engine_class(name)
    module = __import__(cls.__module__, fromlist=["_"])
    assert module.__doc__ and len(module.__doc__.split()) >= 5
    assert f"`{name}`" in README
    for attribute in ("name", "online", "batch_size", "max_workers", "max_chars", "protection", "tags"):
        assert hasattr(cls, attribute), (name, attribute)


@pytest.mark.parametrize("name", sorted(registered_checks()))
def test_check_is_documented(name: str) -> None:
    assert registered_checks()[name].__doc__


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_renderer_is_documented(fmt: str) -> None:
    fn = renderer(fmt)
    assert __import__(fn.__module__, fromlist=["_"]).__doc__


def _commands(parser, prefix=()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(_commands(sub, (*prefix, name)))
    return found


@pytest.mark.parametrize("command", _commands(build_parser()))
def test_command_has_help_and_is_in_the_readme(command: tuple[str, ...]) -> None:
    assert re.search(rf"pipeline {re.escape(' '.join(command))}\b", README), command
