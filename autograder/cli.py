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
    from autograder.sandbox.host import Zygote
    from autograder.sandbox.limits import hide_from_sandbox

    Zygote.shared()  # starts now, warms up while the scheme loads
    scheme = Scheme.load(args.root)
    hide_from_sandbox(scheme.root)
    report = grade_path(Path(args.path), scheme)
    print(table(report))
    for note in report.notes:
        print(f"Remarque : {note}", file=sys.stderr)
    if args.json:
        write_atomically(to_results(report), Path(args.json))
    return 0


def build(args: argparse.Namespace) -> int:
    """Regenerate the committed derived files, then the artefacts in dist/."""
    from autograder import bundle, notebook, package, stubs

    root: Path = args.root
    for path, text in {**stubs.generate(root), **notebook.generate(root)}.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"regenerated {path.relative_to(root)}")
    dist = root / "dist"
    for artefact in [*package.build(root, dist), *bundle.build(root, dist)]:
        print(f"wrote {artefact.relative_to(root)}")
    return 0


def grade_all(args: argparse.Namespace) -> int:
    """Grade every submission of a folder or of a Gradescope export."""
    from autograder.classroom import grade_all as run

    return run(Path(args.path), Path(args.out), workers=args.workers, root=args.root)


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

    many = commands.add_parser("grade-all", help="grade a class: a folder of submissions or a Gradescope export zip")
    many.add_argument("path")
    many.add_argument("--out", required=True, metavar="DIR", help="where grades.csv, report.html and results go")
    many.add_argument("--workers", type=int, default=0, help="parallel workers (default: every core)")
    many.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    many.set_defaults(run=grade_all)

    make = commands.add_parser("build", help="regenerate stubs and master notebook, write dist/ (zips, student bundle)")
    make.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    make.set_defaults(run=build)

    on_gradescope = commands.add_parser("gradescope", help="grade as Gradescope does (run_autograder)")
    on_gradescope.add_argument("--root", help="the autograder folder (default $AUTOGRADER_ROOT or /autograder)")
    on_gradescope.set_defaults(run=gradescope)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))
