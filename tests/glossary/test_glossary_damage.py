from pathlib import Path

from tests.glossary.damaged import DAMAGES, run_damages
from tests.glossary.test_glossary import ROOT_GLOSSARY


def test_every_damaged_glossary_is_refused_or_read_right(tmp_path: Path) -> None:
    counts = run_damages(ROOT_GLOSSARY, tmp_path, tries=4)
    assert set(counts) == set(DAMAGES)
    wrong = {name: c["read wrong"] for name, c in counts.items() if c["read wrong"]}
    assert not wrong, counts
    for name in ("unclosed quote", "separator too many", "separator missing", "tab-separated"):
        assert counts[name]["refused"] == 4, (name, counts[name])
    for name in ("byte-order mark", "Windows line ends", "semicolons (Excel)", "cp1252", "UTF-16"):
        assert counts[name]["read right"] == 4, (name, counts[name])
