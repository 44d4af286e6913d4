"""Rebuild docs/eval-example/: `pipeline eval` on the first 200 lines of newstest2020 with the human
reference, a copy damaged one way per line (tests/damage.py) and the memory engine, with the EU
glossary. Run from the repository root: .venv/bin/python tools/make_eval_example.py"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LINES = 200


def main() -> None:
    from pipeline.cli import main as pipeline
    from pipeline.glossary import load_glossary
    from pipeline.review.qa import build_pairs
    from tests.damage import DAMAGES

    shared = ROOT.parent / "shared" / "eval"
    glossary = ROOT / "tests" / "data" / "glossary_eu.csv"
    sources = (shared / "newstest2020.fr-de.fr").read_text(encoding="utf-8").splitlines()[:LINES]
    references = (shared / "newstest2020.fr-de.de").read_text(encoding="utf-8").splitlines()[:LINES]
    pairs = build_pairs(sources, references, load_glossary(glossary), [str(i) for i in range(LINES)])
    kinds = list(DAMAGES)
    damaged = [DAMAGES[kinds[n % len(kinds)]][0](pair, random.Random(n)) or pair.target for n, pair in enumerate(pairs)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, lines in (("fr.txt", sources), ("de.txt", references), ("damaged.txt", damaged)):
            (work / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = work / "report"
        pipeline(["eval", "--source", str(work / "fr.txt"), "--reference", str(work / "de.txt"),
                  "--hypothesis", f"human={work / 'de.txt'}", "--hypothesis", f"damaged={work / 'damaged.txt'}",
                  "--engine", "memory", "--glossary", str(glossary), "--out", str(out)])
        target = ROOT / "docs" / "eval-example"
        target.mkdir(parents=True, exist_ok=True)
        for chart in out.glob("*.png"):
            shutil.copy(chart, target / chart.name)
        print((out / "eval.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
