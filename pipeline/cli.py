"""Command line: ``pipeline COMMAND …`` (also ``python -m pipeline``).

Thin by design: parse arguments, call one stage, print. Stages are imported inside the handlers so
that ``pipeline --help`` stays fast. Exit 0 on success, 1 on a PipelineError (one ``error:`` line
on stderr, no traceback), 2 on bad usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import GlossaryError, InputError, PipelineError
from pipeline.progress import wanted as _progress_wanted
from pipeline.redact import redact

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_parse(args: argparse.Namespace) -> int:
    """Read one release and print its outline (or the Document JSON)."""
    from pipeline.readers import read_document
    from pipeline.readers.outline import outline

    doc = read_document(Path(args.file), lang=args.lang)
    if args.json:
        _print_json(doc.to_dict())
    else:
        sys.stdout.write(outline(doc))
    return 0


def _glossary_arg(args: argparse.Namespace) -> Path | None:
    return Path(args.glossary) if getattr(args, "glossary", None) else None


def _glossary(args: argparse.Namespace, near: Sequence[Path] = (), required: bool = False) -> Any:
    """The glossary named by --glossary, else the project's (found upward from here, then from the
    releases' folders); without one, every command that uses terms says so."""
    from pipeline.glossary import load_glossary
    from pipeline.glossary.glossary import NO_GLOSSARY

    glossary = load_glossary(_glossary_arg(args), required=required, near=near)
    if glossary.source == NO_GLOSSARY:
        print("warning: no glossary: terms are not checked (put glossary.csv in the project folder, or pass "
              "--glossary FILE or set PIPELINE_GLOSSARY)", file=sys.stderr)
    return glossary


def cmd_glossary_check(args: argparse.Namespace) -> int:
    """Validate glossary.csv and print every problem with its line number."""
    from pipeline.glossary import load_glossary

    glossary = load_glossary(Path(args.path), required=True)
    kinds = {k: sum(t.kind == k for t in glossary.terms) for k in ("term", "name", "keep")}
    print(f"{args.path}: {len(glossary)} entries ({kinds['term']} terms, {kinds['name']} names, "
          f"{kinds['keep']} kept as is), no problems")
    return 0


def cmd_glossary_match(args: argparse.Namespace) -> int:
    """List the glossary terms found in a French text, with their spans."""
    from pipeline.glossary.termmatch import FrenchMatcher
    from pipeline.readers.decode import decode_text
    from pipeline.readers.files import read_bytes

    if args.file:
        text = decode_text(read_bytes(Path(args.file)), Path(args.file))
    elif args.text:
        text = args.text
    else:
        raise InputError("give a French TEXT or --file F")
    hits = FrenchMatcher(_glossary(args)).match(text)
    if args.json:
        _print_json([h.to_dict() for h in hits])
    else:
        for hit in hits:
            print(f"{hit.start:>6}-{hit.end:<6} {hit.text}  →  {hit.term.de}  [{hit.term.kind}, {hit.via}]")
        print(f"{len(hits)} hit(s)")
    return 0


def cmd_glossary_export(args: argparse.Namespace) -> int:
    """Export the glossary for DeepL (TSV), CAT tools (TBX-Basic) or OmegaT."""
    from pipeline.atomic import write_text
    from pipeline.glossary.export import export

    text = export(_glossary(args, required=True), args.format)
    if args.out:
        write_text(Path(args.out), text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_glossary_import(args: argparse.Namespace) -> int:
    """Bring a TBX glossary (v2 or v3, from any tool) into glossary.csv: new entries added, conflicts
    listed and kept as the glossary has them unless --replace; validated, written atomically."""
    from pipeline.glossary import Glossary, load_glossary
    from pipeline.glossary.glossary import glossary_file
    from pipeline.glossary.imports import import_terms
    from pipeline.glossary.tbx import read_tbx

    incoming = read_tbx(Path(args.file))
    given = _glossary_arg(args)
    glossary = Glossary((), str(given)) if given and not given.exists() else load_glossary(given)
    target = glossary_file(glossary, given)
    report = import_terms(glossary, target, incoming, args.replace, args.dry_run)
    print(f"{args.file}: {report.summary()}")
    for ours, theirs in report.conflicts:
        print(f"  conflict: {ours.fr}: glossary '{ours.de}' ({ours.kind}), file '{theirs.de}' ({theirs.kind})")
    for term in report.added:
        print(f"  new: {term.fr} → {term.de} ({term.kind})")
    changed = report.added or (args.replace and report.conflicts)
    print(f"{'would write' if args.dry_run else 'wrote'} {target}" if changed else f"{target} unchanged")
    return 0


def cmd_glossary_suggest(args: argparse.Namespace) -> int:
    """Candidate terms in the releases that the glossary does not have yet, most frequent first."""
    from pipeline.glossary.suggest import suggest_terms
    from pipeline.readers import read_document

    paths = _source_paths(args.sources)
    texts = [seg.text for p in paths for seg in read_document(p).segments()]
    candidates = suggest_terms(texts, _glossary(args), limit=args.limit)
    if args.json:
        _print_json([c.to_dict() for c in candidates])
    else:
        for c in candidates:
            print(f"{c.count:>4}  {c.text}  [{c.kind}]")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a German translation line by line against its French source (glossary and QA)."""
    from pipeline.readers.decode import decode_text
    from pipeline.readers.files import read_bytes
    from pipeline.review.qa import check_pairs

    glossary = _glossary(args)
    source, target = Path(args.source), Path(args.target)
    sources = decode_text(read_bytes(source), source).splitlines()
    targets = decode_text(read_bytes(target), target).splitlines()
    if len(sources) != len(targets):
        raise InputError(f"{target}: {len(targets)} lines but {source} has {len(sources)}; "
                         "the files must be line-aligned (one segment a line)")
    report = check_pairs(sources, targets, glossary, progress=_progress_wanted())
    if args.json:
        _print_json(report.lines)
    else:
        for line in report.lines:
            for issue in line["issues"]:
                print(f"{line['line']:>5}  {issue['kind']:<16} {issue['message']}")
        flagged = sum(1 for line in report.lines if line["issues"])
        print(f"{flagged} of {len(report.lines)} lines flagged")
    print(f"term success (WMT 2023, strict): {report.terms.rate()}; lenient (any inflected or compound form): "
          f"{report.terms.rate(strict=False)}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _source_paths(given: list[str]) -> list[Path]:
    """The files named (a folder named stands for every release in it), or every release in sources/."""
    if not given and not Path("sources").is_dir():
        raise InputError("sources/: no such folder; name the release files or create sources/")
    paths: list[Path] = []
    for name in given or ["sources"]:
        path = Path(name)
        paths += _releases_in(path) if path.is_dir() else [path]
    return paths


def _releases_in(folder: Path) -> list[Path]:
    from pipeline.readers import READERS

    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS and not p.name.startswith("."))
    if not found:
        raise InputError(f"{folder}/: no release found (.txt, .md, .html, .docx, .pdf); add one")
    return found


def _hint_office_once(office: str) -> None:
    """Without [office] name the briefings carry a neutral header; the first run says how to set it."""
    from pipeline.config import state_dir

    marker = state_dir() / "office-hint-shown"
    if office or marker.exists():
        return
    print("note: briefings carry no office name; set it in pipeline.toml:\n  [office]\n  name = \"Service "
          "presse — …\"", file=sys.stderr)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def _add_ignore_embargo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ignore-embargo", action="store_true",
                        help="send a release under embargo to an online engine anyway (recorded in the store)")


def cmd_translate(args: argparse.Namespace) -> int:
    """Translate one release FR→DE (memory first, then the chosen engine; offline by default) and
    store it for review; reviewed, approved and human targets are never overwritten."""
    from pipeline.readers import read_document
    from pipeline.run import process
    from pipeline.translate import engines_for

    doc = read_document(Path(args.file), lang=args.lang)
    engines = engines_for(args.engine)
    done = process(doc, _glossary(args, [Path(args.file)]), engines, progress=_progress_wanted(),
                   ignore_embargo=args.ignore_embargo)
    fresh = {r.id: r for r in done.run.results}
    rows = done.store.segments(done.release)
    if args.json:
        segments = []
        for row in rows:
            entry = {"id": row["id"], "source": row["source"], "target": row["target"], "origin": row["origin"],
                     "status": row["status"], "findings": json.loads(row["findings"]),
                     "repairs": json.loads(row["repairs"])}
            entry["suggestions"] = json.loads(row["suggestions"]) if row["status"] != "approved" else []
            if row["id"] in fresh:
                entry["terms"] = [h.to_dict() for h in fresh[row["id"]].hits]
            segments.append(entry)
        _print_json({"source": doc.source, "release": done.release, "engines": engines,
                     "calls": done.run.calls, "cached": done.run.cached, "segments": segments})
    else:
        for row in rows:
            kinds = sorted({f["kind"] for f in json.loads(row["findings"])})
            flag = f"  [{', '.join(kinds)}]" if kinds else ""
            print(f"{row['id']:>8}  {row['status']:<10} {row['origin'] or '—':<11} "
                  f"{row['target'] or '(not translated)'}{flag}")
        print(f"{sum(1 for r in rows if r['target'])}/{len(rows)} segments translated; "
              f"{done.run.calls} engine call(s), {done.run.cached} from cache", file=sys.stderr)
    for name, outcome in done.run.tried:
        if "tokens:" in outcome:  # what a model cost, on every run
            print(f"{name}: {outcome}", file=sys.stderr)
    problem = done.run.problem()
    if problem:
        raise PipelineError(problem)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Every release in sources/ (or those named) → bilingual FR | DE briefings in outputs/."""
    from pipeline.config import load_config
    from pipeline.run import FORMATS, engine_causes, run_releases, summary_lines
    from pipeline.translate import engines_for

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"--format {args.format}: use docx, pdf or docx,pdf")
    config = load_config()
    paths = _source_paths(args.sources)
    outcomes = run_releases(paths, _glossary(args, paths),
                            engines_for(args.engine), Path(args.out), formats, args.digest,
                            config.office_name, progress=_progress_wanted(), ignore_embargo=args.ignore_embargo)
    for line in summary_lines(outcomes):
        print(line)
    _hint_office_once(config.office_name)
    for outcome in outcomes:
        for name, said in outcome.engines_tried:
            if "tokens:" in said:  # what a model cost, on every run
                print(f"{Path(outcome.source).name} — {name}: {said}", file=sys.stderr)
    incomplete = [o for o in outcomes if not o.complete]
    if incomplete:
        unreadable = sum(1 for o in incomplete if o.error and not o.segments and o.stage == "read")
        embargoed = sum(1 for o in incomplete if o.error and not o.segments and o.stage == "embargo")
        refused = sum(1 for o in incomplete if o.error and not o.segments and o.stage == "engine")
        failed = sum(1 for o in incomplete if o.error and o.segments)
        untranslated = sum(1 for o in incomplete if not o.error)
        causes = [f"{n} {what}" for n, what in ((unreadable, "could not be read"),
                                                (embargoed, "held back by their embargo (--ignore-embargo)"),
                                                (refused, "refused by the engine (see the table)"),
                                                (failed, "could not be written"),
                                                (untranslated, f"not fully translated ({engine_causes(outcomes)})"))
                  if n]
        raise PipelineError(f"{len(incomplete)} of {len(outcomes)} release(s) not complete: {', '.join(causes)}; "
                            "the table above has the details")
    return 0


def _stored_release(path: str) -> tuple[Any, str]:
    from pipeline.review.store import ReviewStore, release_id

    store = ReviewStore()
    release = release_id(path)
    store.document(release)  # refuses a release that was never processed
    return store, release


def cmd_qa(args: argparse.Namespace) -> int:
    """QA findings for a release in the review store (run again on its current targets)."""
    from pipeline.review.qa import check_release

    store, release = _stored_release(args.file)
    findings = check_release(release, _glossary(args), store, _progress_wanted())
    rows = {row["id"]: row for row in store.segments(release)}
    if args.json:
        _print_json([{"id": sid, "status": rows[sid]["status"], "issues": [f.to_dict() for f in found]}
                     for sid, found in findings.items()])
    else:
        for sid, found in findings.items():
            for finding in found:
                print(f"{sid:>8}  {finding.severity:<8} {finding.kind:<24} {finding.message}")
        print(f"{sum(len(f) for f in findings.values())} finding(s) in {len(findings)} segments")
    return 0


def cmd_review_status(args: argparse.Namespace) -> int:
    """Segments per status and the open QA findings of a release."""
    store, release = _stored_release(args.file)
    counts = store.status_counts(release)
    open_findings = store.open_findings(release)
    by_kind: dict[str, int] = {}
    for _, finding in open_findings:
        by_kind[finding["kind"]] = by_kind.get(finding["kind"], 0) + 1
    if args.json:
        _print_json({"release": release, "statuses": counts, "open_findings": by_kind})
    else:
        print(f"{release}: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
        for kind, n in sorted(by_kind.items()):
            print(f"  {n:>4}  {kind}")
        print(f"{len(open_findings)} open QA finding(s)")
    return 0


def cmd_review_export(args: argparse.Namespace) -> int:
    """Export a release for review: a bilingual Word table, an XLIFF 1.2 file or an OmegaT project."""
    from pipeline.review.exchange import export_review

    store, release = _stored_release(args.file)
    out = Path(args.out)
    export_review(store, release, _glossary(args), args.format, out)
    print(f"wrote {out}")
    return 0


def cmd_review_import(args: argparse.Namespace) -> int:
    """Import a reviewed Word table, XLIFF file or OmegaT project: rows changed since the export are
    applied, rows changed in both the file and the store are conflicts (refused unless --resolve); then
    QA again."""
    from pipeline.config import reviewer_name
    from pipeline.readers.files import require_file
    from pipeline.review.exchange import import_review
    from pipeline.review.omegat import is_omegat_project
    from pipeline.review.store import ReviewStore, release_id

    path = Path(args.file)
    if not is_omegat_project(path):
        require_file(path)
    author = reviewer_name(args.by)
    expected = release_id(args.release) if args.release else None
    report = import_review(ReviewStore(), path, author, _glossary(args), expected, args.resolve)
    print(report.summary())
    for note in report.notes:
        print(f"  {note}")
    print(f"recorded as: {author} (another name: --by NAME)")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """The German version of a release in the format it came in (Word and HTML written into the
    original, formatting kept), from its approved segments; --draft also takes unapproved ones,
    highlighted, with ENTWURF across the pages."""
    from pipeline.publish.publish import publish_stored
    from pipeline.readers.files import require_file

    path = Path(args.file)
    require_file(path)
    store, _ = _stored_release(args.file)
    done = publish_stored(path, store, Path(args.out), args.format, args.draft, _glossary(args, [path]))
    report = done.report
    if args.json:
        _print_json({"path": str(done.path), "format": done.format, "title": report.title,
                     "segments": done.segments, "drafts": done.drafts, "missing": report.missing,
                     "inline": {"codes": report.codes, "carried": report.carried,
                                "to_format_by_hand": [{"segment": s, "french": w} for s, w in report.lost()]},
                     "left_french": report.left_french})
        return 0
    print(f"wrote {done.path}  ({report.title})")
    print(f"{done.segments} segment(s) in German" + (f", {len(done.drafts)} not approved (highlighted, draft)"
                                                 if done.drafts else ""))
    if report.codes:
        print(f"inline formatting: {report.carried} of {report.codes} carried into the German")
    for segment, words in report.lost():
        print(f"  {segment}: format by hand the German for «{words}»")
    for segment in report.missing:
        print(f"warning: {segment} was not found in {path.name} and stays French there; check the file")
    if report.left_french:
        print(f"{len(report.left_french)} text(s) of the original kept as they are (set aside when reading: site "
              f"furniture, headers and footers, dates), e.g. «{report.left_french[0][:60]}»")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score engines or ready translations on reference translations: chrF, chrF++, BLEU with paired
    bootstrap, term success, QA findings per 100 segments; writes eval.md, eval.html and charts."""
    from pipeline.evaluate.evaluate import evaluate, translate_lines, write_report
    from pipeline.readers.decode import decode_text
    from pipeline.readers.files import read_bytes

    def lines(path: Path) -> list[str]:
        return decode_text(read_bytes(path), path).splitlines()

    sources, references = lines(Path(args.source)), lines(Path(args.reference))
    _same_length(Path(args.reference), references, Path(args.source), sources)
    glossary = _glossary(args)
    systems: dict[str, list[str]] = {}
    order = [(given.partition("=")[0], given) for given in args.hypothesis] + [(e, None) for e in args.engine]
    repeated = sorted({name for name, _ in order if [n for n, _ in order].count(name) > 1})
    if repeated:
        raise InputError(f"system name(s) {', '.join(repeated)} given twice; name each --hypothesis NAME=FILE "
                         "and --engine once")
    for given in args.hypothesis:
        name, sep, path = given.partition("=")
        if not sep or not name or not path:
            raise InputError(f"--hypothesis {given}: write NAME=FILE (one German line per source line)")
        systems[name] = lines(Path(path))
        _same_length(Path(path), systems[name], Path(args.source), sources)
    for engine in args.engine:
        systems[engine] = translate_lines(engine, sources, glossary, _progress_wanted())
    if not systems:
        raise InputError("name at least one --engine or --hypothesis NAME=FILE to score")
    baseline = args.baseline or next(iter(systems))
    if baseline not in systems:
        raise InputError(f"--baseline {baseline}: not one of the systems ({', '.join(systems)})")
    systems = {baseline: systems[baseline]} | {k: v for k, v in systems.items() if k != baseline}
    for name, hypotheses in systems.items():
        empty = sum(1 for line in hypotheses if not line.strip())
        if empty:
            print(f"warning: {name} left {empty} of {len(hypotheses)} line(s) untranslated; they score as missing",
                  file=sys.stderr)
    evaluation = evaluate(sources, references, systems, glossary, args.bootstrap)
    evaluation.command = shlex.join(["pipeline", *(_relative(arg) for arg in args.argv)])
    evaluation.test_set = f"{Path(args.source).name} → {Path(args.reference).name} ({len(sources)} lines)"
    evaluation.glossary = Path(glossary.source).name if glossary.terms else ""
    written = write_report(evaluation, Path(args.out))
    if args.json:
        _print_json(evaluation.to_dict())
    else:
        for score in evaluation.systems:
            print(f"{score.name:<16} chrF {score.chrf:6.2f}  chrF++ {score.chrf_pp:6.2f}  BLEU {score.bleu:6.2f}  "
                  f"terms {score.terms.rate()} (lenient {score.terms.rate(strict=False)})  "
                  f"forbidden {score.forbidden_used}")
        print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


def _refuse_busy_port(host: str, port: int) -> None:
    """One error line when another program listens there, before any address is printed."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(f"{host}:{port} is not free ({exc.strerror}); choose another with --port") from exc


def _relative(argument: str) -> str:
    """A path given on the command line as the report shows it: relative to here, else its file name
    (a report never carries a machine's absolute paths)."""
    head, sep, tail = argument.rpartition("=") if "=" in argument else ("", "", argument)
    path = Path(tail)
    if not path.is_absolute():
        return argument
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = path.name
    return f"{head}{sep}{shown}"


def _same_length(path: Path, lines: list[str], source: Path, sources: list[str]) -> None:
    if len(lines) != len(sources):
        raise InputError(f"{path}: {len(lines)} lines but {source} has {len(sources)}; "
                         "the files must be line-aligned (one segment a line)")


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the review workspace in the browser (on 127.0.0.1 unless --host says otherwise; any other
    address needs the token printed here or set in PIPELINE_TOKEN)."""
    import uvicorn

    from pipeline.web.app import MIN_TOKEN, Settings, create_app, needs_token

    token = os.environ.get("PIPELINE_TOKEN") or (secrets.token_urlsafe(24) if needs_token(args.host) else None)
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(f"PIPELINE_TOKEN has {len(token)} characters; use at least {MIN_TOKEN} "
                         "(for example: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    app = create_app(Settings(args.host, token, _glossary_arg(args)))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{shown}:{args.port}/" + (f"?token={token}" if token else "")
    _refuse_busy_port(args.host, args.port)
    print(f"review workspace: {address}  (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_engines(args: argparse.Namespace) -> int:
    """List the translation engines, whether each is usable now, and why not."""
    from pipeline.translate.engines import ENGINES, OFFLINE, engine_class
    from pipeline.translate.engines.probe import probe

    unknown = [name for name in args.names if name not in ENGINES]
    if unknown:
        raise InputError(f"unknown engine(s) {', '.join(unknown)}; choose among {', '.join(ENGINES)}")
    rows = []
    for name in args.names or ENGINES:
        endpoint = None
        try:
            engine = engine_class(name)()
            usable, why = engine.status()
            online = engine.online
            endpoint = engine.endpoint()
        except PipelineError as exc:
            usable, why, online = False, str(exc), name not in OFFLINE
        row = {"engine": name, "usable": usable, "online": online, "detail": redact(why)}
        if online or endpoint:
            row["reachable"] = None  # unknown until probed
        if args.probe and endpoint:  # online engines, and a server of ours on this machine (llm)
            row["reachable"], seen = probe(endpoint, args.timeout)
            row["usable"] = usable and bool(row["reachable"])  # no route: not usable, whatever its settings
            row["detail"] = redact(f"{why}; probe: {seen}")
        rows.append(row)
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            unprobed = bool(row["usable"] and row["online"] and row.get("reachable") is None)
            mark = "yes?" if unprobed else ("yes " if row["usable"] else "no  ")
            where = "online " if row["online"] else "offline"
            print(f"{row['engine']:<10} {mark} {where}  {row['detail']}")
        print("Online engines are used only when named with --engine or in pipeline.toml.")
        if any(row["online"] and row.get("reachable") is None for row in rows):
            print("yes? = set up, but whether its server can be reached is unknown: check with --probe.")
    return 0


def cmd_memory_import(args: argparse.Namespace) -> int:
    """Import a TMX 1.4b file into the translation memory (all or nothing)."""
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory()
    count = memory.import_tmx(Path(args.file))
    drafts = f", {memory.drafts} unreviewed (offered as fuzzy matches only)" if memory.drafts else ""
    skipped = f"; skipped {memory.skipped} unit(s) without French or German" if memory.skipped else ""
    print(f"imported {count} translation unit(s) from {args.file}{drafts}{skipped}")
    return 0


def cmd_memory_export(args: argparse.Namespace) -> int:
    """Export the translation memory as TMX 1.4b."""
    from pipeline.atomic import write_bytes
    from pipeline.config import load_config
    from pipeline.translate.memory import TranslationMemory

    config = load_config()
    write_bytes(Path(args.file), TranslationMemory().export_tmx(config.source_lang, config.target_lang))
    print(f"wrote {args.file}")
    return 0


def cmd_memory_search(args: argparse.Namespace) -> int:
    """Concordance: memory entries holding the words (or "a phrase") in French, German or either."""
    from pipeline.translate.memory import TranslationMemory

    found = TranslationMemory().search(args.query, args.lang, args.limit)
    if args.json:
        _print_json([entry.to_dict() for entry in found])
        return 0
    for entry in found:
        print(f"{entry.source}\n  → {entry.target}\n  [{entry.origin}{', ' + entry.author if entry.author else ''}, "
              f"{entry.updated[:10]}]")
    print(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'} found", file=sys.stderr)
    return 0


def cmd_memory_stats(args: argparse.Namespace) -> int:
    """Entries in the translation memory, by origin, and the TMX files imported."""
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory()
    memory.sync_folder()
    stats = memory.stats()
    if args.json:
        _print_json(stats)
    else:
        print(f"{stats['entries']} entries")
        for origin, count in sorted(stats["by_origin"].items()):
            print(f"  {count:>6}  {origin}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    """Download and verify the Argos fr→en and en→de packages into the models folder."""
    from pipeline.config import load_config
    from pipeline.translate.models import download_models

    for path in download_models(load_config().models_dir):
        print(f"installed {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="FR→DE press releases: parse, keep terms, translate, review, render briefings.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parse = _command(sub, "parse", cmd_parse)
    parse.add_argument("file", help="a release: .txt, .md, .html, .htm, .docx or .pdf")
    parse.add_argument("--json", action="store_true", help="print the Document JSON")
    parse.add_argument("--lang", choices=["fr"], help="treat the release as French whatever it looks like")

    glossary = sub.add_parser("glossary", help="check, search and export glossary.csv")
    gsub = glossary.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    gcheck = _command(gsub, "check", cmd_glossary_check)
    gcheck.add_argument("path", nargs="?", default="glossary.csv", help="default: glossary.csv")
    gmatch = _command(gsub, "match", cmd_glossary_match)
    gmatch.add_argument("text", nargs="?", help="French text")
    gmatch.add_argument("--file", help="read the French text from a file")
    _add_glossary_and_json(gmatch)
    gexport = _command(gsub, "export", cmd_glossary_export)
    gexport.add_argument("--format", choices=["deepl", "tbx", "tbx-v2", "omegat"], required=True,
                         help="tbx: TBX-Basic v3; tbx-v2: TBX-Basic 2008 <martif>, which OmegaT, translate-toolkit "
                              "and MultiTerm import")
    gexport.add_argument("--out", help="write to this file (default: standard output)")
    gexport.add_argument("--glossary", help="glossary CSV (default: glossary.csv)")
    gimport = _command(gsub, "import", cmd_glossary_import)
    gimport.add_argument("file", help="a TBX file (v2 <martif> or v3 <tbx>)")
    gimport.add_argument("--replace", action="store_true", help="take the file's entry where it conflicts")
    gimport.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    gimport.add_argument("--glossary", help="glossary CSV to merge into (default: glossary.csv)")
    gsuggest = _command(gsub, "suggest", cmd_glossary_suggest)
    gsuggest.add_argument("sources", nargs="*", help="release files (default: everything in sources/)")
    gsuggest.add_argument("--limit", type=int, default=40)
    _add_glossary_and_json(gsuggest)

    run = _command(sub, "run", cmd_run)
    run.add_argument("sources", nargs="*", help="release files (default: everything in sources/)")
    run.add_argument("--engine", help="engine after the memory (default: local; see 'pipeline engines')")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument("--format", default="docx,pdf", help="docx, pdf or docx,pdf (default)")
    run.add_argument("--digest", action="store_true", help="one briefing for all releases, newest first")
    run.add_argument("--glossary", help="glossary CSV (default: glossary.csv)")
    _add_ignore_embargo(run)

    translate = _command(sub, "translate", cmd_translate)
    translate.add_argument("file", help="a release file")
    translate.add_argument("--engine", help="engine after the memory (default: local; see 'pipeline engines')")
    translate.add_argument("--lang", choices=["fr"], help="treat the release as French")
    _add_ignore_embargo(translate)
    _add_glossary_and_json(translate)
    engines = _command(sub, "engines", cmd_engines)
    engines.add_argument("names", nargs="*", metavar="NAME", help="only these engines (default: all)")
    engines.add_argument("--probe", action="store_true",
                         help="check that each online engine's server answers (a TCP connection, no text sent)")
    engines.add_argument("--timeout", type=float, default=3.0, help="seconds to wait per probe (default: 3)")
    engines.add_argument("--json", action="store_true")

    memory = sub.add_parser("memory", help="translation memory: import, export, stats")
    msub = memory.add_subparsers(dest="memory_command", metavar="ACTION", required=True)
    _command(msub, "import", cmd_memory_import).add_argument("file", help="a .tmx file")
    _command(msub, "export", cmd_memory_export).add_argument("file", help="the .tmx file to write")
    _command(msub, "stats", cmd_memory_stats).add_argument("--json", action="store_true")
    msearch = _command(msub, "search", cmd_memory_search)
    msearch.add_argument("query", help='words (all of them) or "a phrase" in quotes')
    msearch.add_argument("--lang", choices=["fr", "de", "both"], default="both")
    msearch.add_argument("--limit", type=int, default=50)
    msearch.add_argument("--json", action="store_true")

    models = sub.add_parser("models", help="offline translation models")
    modsub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    _command(modsub, "download", cmd_models_download)

    qa = _command(sub, "qa", cmd_qa)
    qa.add_argument("file", help="a release already translated (its file in sources/)")
    _add_glossary_and_json(qa)

    review = sub.add_parser("review", help="review round trips: export, import, status")
    rsub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    rexport = _command(rsub, "export", cmd_review_export)
    rexport.add_argument("file", help="the release file")
    rexport.add_argument("--format", choices=["docx", "xliff", "omegat"], default="docx")
    rexport.add_argument("--out", required=True, help="the .docx or .xlf file to write, or the OmegaT project's "
                                                      "new folder")
    rexport.add_argument("--glossary", help="glossary CSV (default: glossary.csv)")
    rimport = _command(rsub, "import", cmd_review_import)
    rimport.add_argument("file", help="a reviewed .docx or .xlf file, or an OmegaT project folder (or its "
                                      "omegat/project_save.tmx)")
    rimport.add_argument("--by", help="who reviewed (default: $PIPELINE_USER, else [review] name in pipeline.toml; "
                                      "never the machine's login or git identity)")
    rimport.add_argument("--release", help="refuse the file unless it belongs to this release file")
    rimport.add_argument("--resolve", choices=["file", "store"],
                         help="decide every conflict for the file's rows or for the store's")
    rimport.add_argument("--glossary", help="glossary CSV for the QA run after the import")
    rstatus = _command(rsub, "status", cmd_review_status)
    rstatus.add_argument("file", help="the release file")
    rstatus.add_argument("--json", action="store_true")

    publish = _command(sub, "publish", cmd_publish)
    publish.add_argument("file", help="the release file (as it was translated)")
    publish.add_argument("--format", choices=["docx", "html", "pdf", "txt"],
                         help="default: the release's own format (a text copy: txt; a PDF: pdf)")
    publish.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    publish.add_argument("--draft", action="store_true",
                         help="publish unapproved segments too, highlighted, with ENTWURF across the pages")
    _add_glossary_and_json(publish)

    evaluation = _command(sub, "eval", cmd_eval)
    evaluation.add_argument("--source", required=True, help="French, one segment a line")
    evaluation.add_argument("--reference", required=True, help="reference German, line-aligned")
    evaluation.add_argument("--engine", action="append", default=[], help="an engine to run (repeatable)")
    evaluation.add_argument("--hypothesis", action="append", default=[], metavar="NAME=FILE",
                            help="a ready translation to score (repeatable)")
    evaluation.add_argument("--baseline", help="the system the others are compared with (default: the first named)")
    evaluation.add_argument("--out", default="eval", help="folder for eval.md, eval.html and charts (default: eval)")
    evaluation.add_argument("--bootstrap", type=int, default=1000, help="paired bootstrap samples (0: none)")
    _add_glossary_and_json(evaluation)

    serve = _command(sub, "serve", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    serve.add_argument("--glossary", help="glossary CSV (default: glossary.csv)")

    check = _command(sub, "check", cmd_check)
    check.add_argument("--source", required=True, help="French, one segment a line")
    check.add_argument("--target", required=True, help="German, line-aligned with --source")
    _add_glossary_and_json(check)
    return parser


def _command(sub: Any, name: str, handler: Handler) -> argparse.ArgumentParser:
    """A sub-command whose help is its handler's docstring."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=handler.__doc__, description=handler.__doc__)
    parser.set_defaults(handler=handler)
    return parser


def _add_glossary_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--glossary", help="glossary CSV (default: glossary.csv in this folder)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]
    handler: Handler = args.handler
    try:
        return handler(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            print(f"error: {redact(problem)}", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"error: {redact(str(exc))}", file=sys.stderr)  # a server may echo a key in its error text
        for detail in getattr(exc, "details", []):
            print(f"  {redact(detail)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; work done so far is kept, run the command again to resume",
              file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
