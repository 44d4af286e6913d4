"""Every fixture release in tests/data/releases/ is read exactly as expected.json says: title, dates,
dateline, embargo, block kinds (with list numbers), segment count, furniture set aside, nothing lost."""

from pathlib import Path

import pytest

from tests.readers.releases import RELEASES, expected, problems

EXPECTED = expected()


def test_the_corpus_covers_every_format() -> None:
    assert {Path(name).suffix for name in EXPECTED} == {".txt", ".html", ".docx", ".pdf"} and len(EXPECTED) >= 20
    assert sorted(EXPECTED) == sorted(p.name for p in RELEASES.iterdir() if p.is_file() and p.name != "expected.json")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_release_is_read_as_expected(name: str) -> None:
    assert problems(name, EXPECTED[name]) == []
