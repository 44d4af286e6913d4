"""Review files exported from the translated sample (the ``translated`` fixture is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLE

REPO = Path(__file__).resolve().parents[2]
RELEASE = "sample.txt"
ID, STATUS, ORIGIN, FR, DE, QA, COMMENT = range(7)  # columns of the review table


def export(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "review", fmt: str = "docx") -> Path:
    """``pipeline review export`` of the sample into ``tmp_path``."""
    out = tmp_path / f"{name}.{'docx' if fmt == 'docx' else 'xlf'}"
    assert main(["review", "export", str(SAMPLE), "--format", fmt, "--out", str(out)]) == 0
    capsys.readouterr()
    return out
