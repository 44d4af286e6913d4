"""Command line: ``pipeline COMMAND …`` (also ``python -m pipeline``).

Thin by design: parse arguments, call one stage, print. Stages are imported inside the handlers so
that ``pipeline --help`` stays fast. Exit 0 on success, 1 on a PipelineError (one ``error:`` line
on stderr, no traceback), 2 on bad usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import GlossaryError, PipelineError

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_parse(args: argparse.Namespace) -> int:
    """Read one release and print its outline (or the Document JSON)."""
    from pipeline.outline import outline
    from pipeline.readers import read_document

    doc = read_document(Path(args.file), lang=args.lang)
    if args.json:
        _print_json(doc.to_dict())
    else:
        sys.stdout.write(outline(doc))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="FR→DE press releases: parse, keep terms, translate, review, render briefings.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parse = sub.add_parser("parse", help=cmd_parse.__doc__, description=cmd_parse.__doc__)
    parse.add_argument("file", help="a release: .txt, .md, .html, .htm, .docx or .pdf")
    parse.add_argument("--json", action="store_true", help="print the Document JSON")
    parse.add_argument("--lang", choices=["fr"], help="treat the release as French whatever it looks like")
    parse.set_defaults(handler=cmd_parse)
    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Command groups defined next to the stage they drive (imported lazily by their handlers)."""
    from pipeline import commands

    return commands.REGISTRARS


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; work done so far is kept, run the command again to resume",
              file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
