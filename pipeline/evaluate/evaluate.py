"""`pipeline eval`: engines measured on the office's own reference translations.

Each system (an engine run through the Translator, so memory and cache apply, or a ready hypothesis
file) is scored on the same lines: sacrebleu chrF, chrF++ and BLEU with their signatures, paired
bootstrap resampling against the baseline (``--baseline``, else the first system; sacrebleu's
implementation: mean, 95 % interval, p-value), a 95 % bootstrap interval for each corpus score, the
term success rate as WMT 2023's terminology task scored it (strict: the required German term's words
or lemmas in the hypothesis) beside a lenient one (any inflected, compound or equivalent form), the
forbidden forms used, and QA findings per check per 100 segments. The report is written as eval.md
and eval.html with PNG charts (matplotlib); the test set is named by file name and line count.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.atomic import write_text, write_with
from pipeline.glossary import Glossary
from pipeline.model import Segment
from pipeline.review.qa import ReleaseContext, TermFigures, build_pairs, registered_checks, run_checks
from pipeline.translate import Translator, engines_for

BOOTSTRAP = 1000


@dataclass
class SystemScore:
    name: str
    chrf: float
    chrf_pp: float
    bleu: float
    bootstrap: dict[str, dict[str, float | None]] = field(default_factory=dict)  # metric → mean, ci, p
    intervals: dict[str, float] = field(default_factory=dict)  # metric → half-width of its 95 % interval
    terms: TermFigures = field(default_factory=TermFigures)
    forbidden_used: int = 0
    untranslated: int = 0
    qa_per_100: dict[str, float] = field(default_factory=dict)
    sentence_chrf: list[float] = field(default_factory=list)

    @property
    def term_success(self) -> float | None:
        """Strict term success (WMT 2023); None when no term was required."""
        return self.terms.strict / self.terms.required if self.terms.required else None

    def to_dict(self) -> dict[str, Any]:
        lenient = self.terms.present / self.terms.required if self.terms.required else None
        return {"system": self.name, "chrF": round(self.chrf, 2), "chrF++": round(self.chrf_pp, 2),
                "BLEU": round(self.bleu, 2), "ci95": self.intervals, "bootstrap": self.bootstrap,
                "term_success": None if self.term_success is None else round(self.term_success, 4),
                "term_success_lenient": None if lenient is None else round(lenient, 4),
                "terms": {"strict": self.terms.strict, "lenient": self.terms.present, "required": self.terms.required},
                "forbidden_used": self.forbidden_used, "untranslated": self.untranslated,
                "qa_per_100": {k: round(v, 2) for k, v in self.qa_per_100.items()},
                "median_sentence_chrF": round(statistics.median(self.sentence_chrf), 2) if self.sentence_chrf else None}


@dataclass
class Evaluation:
    lines: int
    systems: list[SystemScore]
    signatures: dict[str, str]
    command: str = ""
    test_set: str = ""  # "newstest2020.fr-de.fr (1619 lines)": file names, never a machine's paths
    glossary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "test_set": self.test_set, "glossary": self.glossary, "command": self.command,
                "signatures": self.signatures, "baseline": self.systems[0].name if self.systems else None,
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
        scores.append(SystemScore(name, corpus["chrF"], corpus["chrF++"], corpus["BLEU"],
                                  intervals=_intervals(hypotheses, references, bootstrap) if bootstrap else {},
                                  untranslated=sum(1 for h in hypotheses if not h.strip()), sentence_chrf=[
            sentence.sentence_score(h, [r]).score for h, r in zip(hypotheses, references, strict=True)]))
    signatures = {key: str(metric.get_signature()) for key, metric in metrics.items()}
    if len(systems) > 1 and bootstrap:
        signatures.update(_paired_bootstrap(scores, systems, references, bootstrap))
    _terms_and_qa(scores, sources, references, systems, glossary)
    return Evaluation(len(sources), scores, signatures)


def _intervals(hypotheses: list[str], references: list[str], samples: int) -> dict[str, float]:
    """Half-width of each corpus score's 95 % bootstrap interval, by sacrebleu's resampling and its 1/40
    rule. (Its own ``corpus_score(n_bootstrap=…)`` fails to average when some resamples score a plain 0.0
    and others a numpy float32 — a system with many empty lines — so the scores are read here as floats.)"""
    # deferred: sacrebleu loads only when this runs, not at start-up
    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import _bootstrap_resample

    found = {}
    for key, metric in {"chrF": CHRF(), "chrF++": CHRF(word_order=2), "BLEU": BLEU()}.items():
        stats = metric._extract_corpus_statistics(hypotheses, [references])
        _, resampled = _bootstrap_resample(stats, metric, samples)
        ordered = sorted(float(score.score) for score in resampled)
        cut = len(ordered) // 40
        found[key] = round(0.5 * (ordered[len(ordered) - cut - 1] - ordered[cut]), 2)
    return found


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
            score.terms.add(mine)  # the same figures as 'pipeline check' gives on the same files
            score.forbidden_used += sum(1 for f in mine.terms.findings if f.kind == "term-forbidden")
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
    strict = [100 * (s.term_success or 0.0) for s in evaluation.systems]
    axes.barh(names, strict, color="#3d85c6")
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("term success, WMT 2023 strict (%)")
    axes.set_title(f"Term success ({evaluation.glossary or 'no glossary'})")
    for row, (score, value) in enumerate(zip(evaluation.systems, strict, strict=True)):
        label = score.terms.rate() if score.terms.required else "n/a (no term required)"
        axes.text(value + 1 if value < 60 else value - 1, row, label, va="center",
                  ha="left" if value < 60 else "right", color="#222222" if value < 60 else "white")
    figure.tight_layout()
    terms = out / "term-success.png"
    write_with(terms, lambda tmp: figure.savefig(tmp, format="png"))
    plt.close(figure)
    return [distribution, terms, _scores_chart(evaluation, out, plt)]


def _scores_chart(evaluation: Evaluation, out: Path, plt: Any) -> Path:
    """chrF, chrF++ and BLEU per system with their 95 % bootstrap intervals as error bars."""
    figure, axes = plt.subplots(figsize=(8, 3.4), dpi=110)
    metrics = ("chrF", "chrF++", "BLEU")
    width = 0.8 / max(len(evaluation.systems), 1)
    for index, score in enumerate(evaluation.systems):
        values = [score.chrf, score.chrf_pp, score.bleu]
        errors = [score.intervals.get(metric, 0.0) for metric in metrics]
        axes.bar([m + index * width for m in range(len(metrics))], values, width, yerr=errors, capsize=3,
                 label=score.name)
    axes.set_xticks([m + width * (len(evaluation.systems) - 1) / 2 for m in range(len(metrics))], metrics)
    axes.set_ylim(0, 100)
    axes.set_ylabel("score")
    axes.set_title(f"Corpus scores with 95 % bootstrap intervals ({evaluation.test_set or evaluation.lines})")
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars, never on them
    figure.tight_layout()
    path = out / "corpus-scores.png"
    write_with(path, lambda tmp: figure.savefig(tmp, format="png"))
    plt.close(figure)
    return path


def _rows(evaluation: Evaluation) -> list[list[str]]:
    rows = []
    for s in evaluation.systems:
        boot = s.bootstrap.get("chrF", {})
        significance = "baseline" if s is evaluation.systems[0] or not boot else \
            f"{boot['mean']} ± {boot['ci95']} (p = {boot['p']})"
        scores = [f"{value:.2f}" + (f" ± {s.intervals[key]:.2f}" if key in s.intervals else "")
                  for key, value in (("chrF", s.chrf), ("chrF++", s.chrf_pp), ("BLEU", s.bleu))]
        rows.append([s.name, *scores, significance, s.terms.rate(), s.terms.rate(strict=False),
                     str(s.forbidden_used), str(s.untranslated)])
    return rows


HEADER = ["system", "chrF (95 % CI)", "chrF++ (95 % CI)", "BLEU (95 % CI)", "chrF bootstrap vs baseline",
          "term success (WMT 2023, strict)", "term success (lenient)", "forbidden used", "untranslated"]
TERMS_DEFINED = ("Term success as WMT 2023's terminology task scored it: a required glossary term counts when its "
                 "German words (or their lemmas) appear in the hypothesis, in order; no credit for an element of a "
                 "compound, an abbreviation or an equivalent the glossary does not list, nor for a French word that "
                 "looks alike. Lenient: in any inflected, compound or equivalent form (what the QA accepts). "
                 "n/a: no glossary term occurs in the source.")


def _markdown(evaluation: Evaluation, charts: list[Path]) -> str:
    lines = [f"# Engine evaluation ({evaluation.lines} segments)", "", f"Test set: {evaluation.test_set}",
             f"Glossary: {evaluation.glossary or 'none'}", f"Baseline: {evaluation.systems[0].name}", "",
             f"Command: `{evaluation.command}`", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(evaluation)]
    lines += ["", "QA findings per 100 segments:", "",
              "| system | " + " | ".join(evaluation.systems[0].qa_per_100) + " |",
              "|" + "---|" * (1 + len(evaluation.systems[0].qa_per_100))]
    lines += ["| " + s.name + " | " + " | ".join(f"{v:.1f}" for v in s.qa_per_100.values()) + " |"
              for s in evaluation.systems]
    lines += ["", TERMS_DEFINED]
    lines += ["", "Signatures:", ""] + [f"- {k}: `{v}`" for k, v in evaluation.signatures.items()]
    lines += [""] + [f"![{c.stem}]({c.name})" for c in charts]
    return "\n".join(lines) + "\n"


def _html(evaluation: Evaluation, charts: list[Path]) -> str:
    # deferred: Jinja2 loads only when this runs, not at start-up
    import jinja2

    text = (Path(__file__).parents[1] / "data" / "eval.html.j2").read_text(encoding="utf-8")
    template = jinja2.Environment(autoescape=True).from_string(text)
    return template.render(e=evaluation, header=HEADER, rows=_rows(evaluation), charts=[c.name for c in charts],
                           terms_defined=TERMS_DEFINED)
