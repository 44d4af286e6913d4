"""Every Word and HTML release of the corpus published in place: structure kept, the French round trip
exact, every segment placed (reads ../shared/corpus/formats; skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.publish.measure import measure

FORMATS = SHARED / "corpus" / "formats"
FILES = sorted(FORMATS.glob("*.docx")) + sorted(FORMATS.glob("*.html")) if FORMATS.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/corpus/formats is not present")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_release_published_in_place(path: Path, tmp_path: Path) -> None:
    measured = measure(path, tmp_path)
    assert measured.structure_kept, measured.structure
    assert measured.round_trip
    assert measured.missing == 0
