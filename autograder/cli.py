"""``python -m autograder``: grade one submission, grade a class, build what is derived, run on Gradescope."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.scheme import ROOT, Scheme


def grade(args: argparse.Namespace) -> int:
    """Grade one devoir3.py or notebook and print the table (and results.json with --json)."""
    from autograder.feedback import table
    from autograder.results import to_results, write_atomically
    from autograder.runner import grade_path
    from autograder.sandbox.limits import hide_from_sandbox

    scheme = Scheme.load(args.root)
    hide_from_sandbox(scheme.root)
    report = grade_path(Path(args.path), scheme)
    print(table(report))
    for note in report.notes:
        print(f"Remarque : {note}", file=sys.stderr)
    if args.json:
        write_atomically(to_results(report), Path(args.json))
    return 0


def gradescope(args: argparse.Namespace) -> int:
    """What run_autograder calls."""
    from autograder.gradescope import run

    path = run(Path(args.root) if args.root else None)
    print(json.loads(path.read_text(encoding="utf-8")).get("score"))
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)

    one = commands.add_parser("grade", help="grade one devoir3.py or devoir3.ipynb")
    one.add_argument("path")
    one.add_argument("--json", metavar="OUT", help="also write the Gradescope results.json there")
    one.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    one.set_defaults(run=grade)

    on_gradescope = commands.add_parser("gradescope", help="grade as Gradescope does (run_autograder)")
    on_gradescope.add_argument("--root", help="the autograder folder (default $AUTOGRADER_ROOT or /autograder)")
    on_gradescope.set_defaults(run=gradescope)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))
