"""`pipeline eval`: engines measured on the office's own reference translations.

Each system (an engine run through the Translator, so memory and cache apply, or a ready hypothesis
file) is scored on the same lines: sacrebleu chrF, chrF++ and BLEU with their signatures, paired
bootstrap resampling against the first system (sacrebleu's implementation: mean, 95 % interval,
p-value), the term success rate of WMT 2023's terminology task (required German terms present in some
inflected form / terms found in the source) with the forbidden forms used, and QA findings per check
per 100 segments. The report is written as eval.md and eval.html with PNG charts (matplotlib).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.atomic import write_text, write_with
from pipeline.glossary import Glossary
from pipeline.model import Segment
from pipeline.review.qa import ReleaseContext, build_pairs, registered_checks, run_checks
from pipeline.translate import Translator, engines_for

BOOTSTRAP = 1000


@dataclass
class SystemScore:
    name: str
    chrf: float
    chrf_pp: float
    bleu: float
    bootstrap: dict[str, dict[str, float | None]] = field(default_factory=dict)  # metric → mean, ci, p
    term_required: int = 0
    term_present: int = 0
    forbidden_used: int = 0
    untranslated: int = 0
    qa_per_100: dict[str, float] = field(default_factory=dict)
    sentence_chrf: list[float] = field(default_factory=list)

    @property
    def term_success(self) -> float:
        return self.term_present / self.term_required if self.term_required else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.name, "chrF": round(self.chrf, 2), "chrF++": round(self.chrf_pp, 2),
                "BLEU": round(self.bleu, 2), "bootstrap": self.bootstrap,
                "term_success": round(self.term_success, 4), "terms": [self.term_present, self.term_required],
                "forbidden_used": self.forbidden_used, "untranslated": self.untranslated,
                "qa_per_100": {k: round(v, 2) for k, v in self.qa_per_100.items()},
                "median_sentence_chrF": round(statistics.median(self.sentence_chrf), 2) if self.sentence_chrf else None}


@dataclass
class Evaluation:
    lines: int
    systems: list[SystemScore]
    signatures: dict[str, str]
    command: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "command": self.command, "signatures": self.signatures,
                "systems": [s.to_dict() for s in self.systems]}


def translate_lines(engine: str, sources: list[str], glossary: Glossary, progress: bool = False) -> list[str]:
    """The engine's German for every line (memory first, cache used); untranslated lines are empty."""
    segments = [Segment(f"l{number}", text) for number, text in enumerate(sources, 1)]
    run = Translator(glossary, engines_for(engine), progress=progress).run(segments)
    return [result.target for result in run.results]


def evaluate(sources: list[str], references: list[str], systems: dict[str, list[str]], glossary: Glossary,
             bootstrap: int = BOOTSTRAP) -> Evaluation:
    # deferred: sacrebleu loads only when this runs, not at start-up
    from sacrebleu.metrics import BLEU, CHRF

    metrics = {"chrF": CHRF(), "chrF++": CHRF(word_order=2), "BLEU": BLEU()}
    scores = []
    for name, hypotheses in systems.items():
        corpus = {key: metric.corpus_score(hypotheses, [references]).score for key, metric in metrics.items()}
        sentence = CHRF()
        scores.append(SystemScore(name, corpus["chrF"], corpus["chrF++"], corpus["BLEU"], untranslated=sum(
            1 for h in hypotheses if not h.strip()), sentence_chrf=[
            sentence.sentence_score(h, [r]).score for h, r in zip(hypotheses, references, strict=True)]))
    signatures = {key: str(metric.get_signature()) for key, metric in metrics.items()}
    if len(systems) > 1 and bootstrap:
        signatures.update(_paired_bootstrap(scores, systems, references, bootstrap))
    _terms_and_qa(scores, sources, references, systems, glossary)
    return Evaluation(len(sources), scores, signatures)


def _paired_bootstrap(scores: list[SystemScore], systems: dict[str, list[str]], references: list[str],
                      samples: int) -> dict[str, str]:
    """sacrebleu's paired bootstrap: every system against the first one; returns its signatures."""
    # deferred: sacrebleu loads only when this runs, not at start-up
    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import PairedTest

    metrics = {"chrF": CHRF(), "BLEU": BLEU()}
    test = PairedTest(list(systems.items()), metrics, [references], test_type="bs", n_samples=samples)
    signatures, results = test()
    for key in ("chrF2", "BLEU"):
        found: list[Any] = list(results.get(key, []))
        for score, result in zip(scores, found, strict=False):
            label = "chrF" if key.startswith("chrF") else "BLEU"
            score.bootstrap[label] = {"mean": round(float(result.mean), 2), "ci95": round(float(result.ci), 2),
                                      "p": None if result.p_value is None else round(float(result.p_value), 4)}
    return {f"{key} paired bootstrap": str(signature) for key, signature in signatures.items()}


def _terms_and_qa(scores: list[SystemScore], sources: list[str], references: list[str],
                  systems: dict[str, list[str]], glossary: Glossary) -> None:
    """Term success and QA findings per check, analysing the French once for every system."""
    base = build_pairs(sources, references, glossary, [str(n) for n in range(1, len(sources) + 1)])
    checks = list(registered_checks())
    for score, hypotheses in zip(scores, systems.values(), strict=True):
        context = ReleaseContext.build([(p.index, p.source, h) for p, h in zip(base, hypotheses, strict=True)])
        counts = dict.fromkeys(checks, 0)
        for pair, hypothesis in zip(base, hypotheses, strict=True):
            mine = replace(pair, target=hypothesis, context=context)
            terms = mine.terms  # an empty line misses every term of its source
            score.term_required += terms.required if hypothesis.strip() else len({h.term.fr for h in pair.hits})
            score.term_present += terms.present if hypothesis.strip() else 0
            score.forbidden_used += sum(1 for f in terms.findings if f.kind == "term-forbidden")
            for check in checks:
                counts[check] += len(run_checks(mine, [check]))
        score.qa_per_100 = {check: 100 * n / max(len(sources), 1) for check, n in counts.items()}


def write_report(evaluation: Evaluation, out: Path) -> list[Path]:
    """eval.md, eval.html and the charts in ``out``; returns what was written."""
    out.mkdir(parents=True, exist_ok=True)
    charts = _charts(evaluation, out)
    write_text(out / "eval.md", _markdown(evaluation, charts))
    write_text(out / "eval.html", _html(evaluation, charts))
    return [out / "eval.md", out / "eval.html", *charts]


def _charts(evaluation: Evaluation, out: Path) -> list[Path]:
    # deferred: matplotlib loads only when this runs, not at start-up
    import matplotlib

    matplotlib.use("Agg")
    # deferred: matplotlib loads only when this runs, not at start-up
    import matplotlib.pyplot as plt

    names = [s.name for s in evaluation.systems]
    figure, axes = plt.subplots(figsize=(7, 3.6), dpi=110)
    axes.boxplot([s.sentence_chrf for s in evaluation.systems], orientation="horizontal")
    axes.set_yticks(range(1, len(names) + 1), names)
    axes.invert_yaxis()  # the first system on top, as in the table
    axes.set_xlabel("chrF per segment")
    axes.set_title(f"chrF per segment ({evaluation.lines} segments)")
    figure.tight_layout()
    distribution = out / "chrf-per-segment.png"
    write_with(distribution, lambda tmp: figure.savefig(tmp, format="png"))
    plt.close(figure)
    figure, axes = plt.subplots(figsize=(7, 3.0), dpi=110)
    axes.barh(names, [100 * s.term_success for s in evaluation.systems], color="#3d85c6")
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("term success rate (%)")
    for row, score in enumerate(evaluation.systems):
        axes.text(1, row, f"{score.term_present}/{score.term_required}", va="center", color="white")
    figure.tight_layout()
    terms = out / "term-success.png"
    write_with(terms, lambda tmp: figure.savefig(tmp, format="png"))
    plt.close(figure)
    return [distribution, terms]


def _rows(evaluation: Evaluation) -> list[list[str]]:
    rows = []
    for s in evaluation.systems:
        boot = s.bootstrap.get("chrF", {})
        significance = "baseline" if s is evaluation.systems[0] or not boot else \
            f"{boot['mean']} ± {boot['ci95']} (p = {boot['p']})"
        rows.append([s.name, f"{s.chrf:.2f}", f"{s.chrf_pp:.2f}", f"{s.bleu:.2f}", significance,
                     f"{100 * s.term_success:.1f} % ({s.term_present}/{s.term_required})", str(s.forbidden_used),
                     str(s.untranslated)])
    return rows


HEADER = ["system", "chrF", "chrF++", "BLEU", "chrF bootstrap vs first", "term success", "forbidden used",
          "untranslated"]


def _markdown(evaluation: Evaluation, charts: list[Path]) -> str:
    lines = [f"# Engine evaluation ({evaluation.lines} segments)", "", f"Command: `{evaluation.command}`", "",
             "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(evaluation)]
    lines += ["", "QA findings per 100 segments:", "",
              "| system | " + " | ".join(evaluation.systems[0].qa_per_100) + " |",
              "|" + "---|" * (1 + len(evaluation.systems[0].qa_per_100))]
    lines += ["| " + s.name + " | " + " | ".join(f"{v:.1f}" for v in s.qa_per_100.values()) + " |"
              for s in evaluation.systems]
    lines += ["", "Signatures:", ""] + [f"- {k}: `{v}`" for k, v in evaluation.signatures.items()]
    lines += [""] + [f"![{c.stem}]({c.name})" for c in charts]
    return "\n".join(lines) + "\n"


def _html(evaluation: Evaluation, charts: list[Path]) -> str:
    # deferred: Jinja2 loads only when this runs, not at start-up
    import jinja2

    text = (Path(__file__).parents[1] / "data" / "eval.html.j2").read_text(encoding="utf-8")
    template = jinja2.Environment(autoescape=True).from_string(text)
    return template.render(e=evaluation, header=HEADER, rows=_rows(evaluation), charts=[c.name for c in charts])
