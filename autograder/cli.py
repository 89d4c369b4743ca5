"""The command line: grade one submission, grade a class, build what is derived, check an assignment is ready
(verify), run on Gradescope, mutate the reference, start a new assignment.

Every command works on one assignment: a folder holding its grading.yaml,
the current folder's or the nearest one above it (as git finds its root),
unless ``--assignment DIR`` names one; the first line of its output names
the assignment it used. grading.yaml is checked against its schema first
(autograder.preflight). Its audience is the instructor, so it speaks English.
A bad input is refused before anything starts, as one line on stderr and
exit code 2 (a mistake in the assignment's own files, one line each naming
file and line); an unexpected failure is one line and exit code 1, with the
traceback only under --debug.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from autograder.layout import GRADING_YAML
from autograder.scheme import AuthoringError, Scheme

PROG = "python -m autograder"
DESCRIPTION = ("Grade submissions of an assignment (one file or a whole class), build what is handed out, "
               "check that it is ready to hand out, or start a new assignment.")


class UsageError(Exception):
    """A bad command line or input, worded for the instructor in one line."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as a UsageError (one line) instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def submission_file(raw: str, student_file: str, language: str) -> tuple[Path, list[str]]:
    """The file ``grade`` should grade: the path itself, or the file Gradescope would grade in a folder (a
    misnamed or nested one, with a note saying so); refused if unusable."""
    from autograder.pieces import notebook_code_cells
    from autograder.submission import SubmissionError, find, size_limit

    path = Path(raw)
    if not path.exists():
        raise UsageError(f"{raw}: no such file or folder")
    path = path.resolve()  # the instructor's own link is followed; the grader then reads no link
    notes: list[str] = []
    if path.is_dir():
        try:
            path, notes = find(path, student_file, language)
        except SubmissionError as error:
            names = (student_file, f"{Path(student_file).stem}.ipynb")
            raise UsageError(f"{raw} is a folder where neither {names[0]} nor {names[1]} can be graded: "
                             f"{error}") from None
    if path.suffix not in (".py", ".ipynb"):
        raise UsageError(f"{path}: not a .py file or a .ipynb notebook")
    if not path.is_file():
        raise UsageError(f"{path}: not a regular file")
    try:
        raw_bytes = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(raw_bytes) > size_limit(path):
        raise UsageError(f"{path}: larger than {size_limit(path) // 1024 // 1024} MB, not a homework")
    if not raw_bytes.strip():
        raise UsageError(f"{path}: empty, nothing to grade")
    if b"\0" in raw_bytes:
        raise UsageError(f"{path}: a binary file, not Python source or a notebook")
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    if path.suffix == ".ipynb":
        try:
            cells = notebook_code_cells(text)
        except (ValueError, RecursionError):
            raise UsageError(f"{path}: not a readable Jupyter notebook") from None
        if not cells:
            raise UsageError(f"{path}: a notebook without code cells, nothing to grade")
    return path, notes


def output_file(raw: str) -> Path:
    """A file the command may write: refused when it is a folder or its parent is not one."""
    path = Path(raw)
    if path.is_dir():
        raise UsageError(f"{raw}: is a folder, expected a file name")
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"{raw}: {parent} is a file, not a folder")
    return path


def grade(args: argparse.Namespace) -> int:
    """Grade one student file or notebook and print the table (and results.json with --json)."""
    from autograder.feedback import table
    from autograder.messages import message
    from autograder.results import to_results, write_atomically
    from autograder.runner import grade_path
    from autograder.sandbox.limits import hide_from_sandbox
    from autograder.sandbox.zygote import Zygote

    scheme = args.scheme
    path, found = submission_file(args.path, scheme.student_file, scheme.language)
    json_path = output_file(args.json) if args.json else None
    Zygote.shared()  # starts now, warms up while the sandbox is prepared
    hide_from_sandbox(scheme.root)
    report = grade_path(path, scheme)
    report.notes[:0] = found
    print(table(report))
    for note in report.notes + report.hidden_notes:  # the instructor's tool: the hidden run's notes too
        print(message("cli.note", scheme.language, note=note), file=sys.stderr)
    if json_path is not None:
        write_atomically(to_results(report), json_path)
    return 0


def find_assignment(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds a grading.yaml."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if (folder / GRADING_YAML).is_file()), None)


def assignment_scheme(folder: Path | None) -> Scheme:
    """The scheme of the assignment in ``folder`` (found from the current folder by default), checked against
    its schema; UsageError if there is none, AuthoringError naming the line of a mistake."""
    from autograder.preflight import load_scheme

    if folder is None:
        found = find_assignment(Path.cwd())
        if found is None:
            raise UsageError(f"no {GRADING_YAML} in {Path.cwd()} or any folder above it: run from inside an "
                             f"assignment or give --assignment DIR (see {PROG} new --help to start one)")
        folder = found
    elif not (folder / GRADING_YAML).is_file():
        raise UsageError(f"--assignment {folder}: no {GRADING_YAML} in it (see {PROG} new --help to start one)")
    return load_scheme(folder.resolve())


def heading(scheme: Scheme) -> str:
    """The first line of every command's output: which assignment it works on."""
    from autograder.layout import shown as relative

    return f"Assignment: {scheme.assignment} ({relative(scheme.root)})"


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it lies inside it."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def build(args: argparse.Namespace) -> int:
    """Regenerate the committed derived files, then the artefacts in dist/."""
    return build_assignment(args.scheme, args.dist)


def build_assignment(scheme: Scheme, dist: Path | None) -> int:
    """``build`` of ``scheme``'s assignment (its sources checked already): derived files in place, artefacts in
    ``dist`` (root/dist by default)."""
    from autograder import bundle, notebook, package, stubs

    root = scheme.root
    dist = root / "dist" if dist is None else output_folder(dist)
    try:
        derived = {**stubs.generate(root), **notebook.generate(root)}
    except ValueError as error:  # what only the notebooks need of the sources (each names its file and line)
        raise AuthoringError([str(error)]) from None
    for path, text in derived.items():
        data = text.encode("utf-8") if isinstance(text, str) else text  # a data file copied beside the notebook
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"regenerated {shown(path, root)}")
    for artefact in [*package.build(root, dist), *bundle.build(root, dist)]:
        print(f"wrote {shown(artefact, root)}")
    return 0


def output_folder(path: Path) -> Path:
    """A folder the command may write into: refused when it is a file or lies under one (as a file in it would be)."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path}: is a file, expected a folder")
    return output_file(str(path / "x")).parent


def grade_all(args: argparse.Namespace) -> int:
    """Grade every submission of a folder or of a Gradescope export (exit 130 when interrupted, outputs written)."""
    from autograder.classroom import BadInput, grade_all as run

    root = args.scheme.root
    try:
        return run(Path(args.path), Path(args.out), workers=args.workers, root=root, resume=args.resume,
                   compare=args.compare)
    except BadInput as error:
        raise UsageError(str(error)) from None


def gradescope(args: argparse.Namespace) -> int:
    """What run_autograder calls: the assignment is the zip's source/ folder, unless --assignment says otherwise."""
    from autograder.gradescope import run

    root = Path(args.root) if args.root else None
    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    source = None if args.assignment is None else assignment_scheme(args.assignment).root
    folder = source or (root or Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))) / "source"
    try:
        scheme = Scheme.load(folder)
    except Exception:  # noqa: BLE001 (a broken scheme is run()'s to report, in results.json)
        scheme = None
    else:
        print(heading(scheme), flush=True)
    path = run(root, source, scheme)
    print(json.loads(path.read_text(encoding="utf-8")).get("score"))
    return 0


def workers(text: str) -> int:
    """--workers: a whole number, 0 meaning every core."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (every core) or more, got {value}")
    return value


def language(text: str) -> str:
    """--language: one of the catalogue's languages."""
    from autograder.messages import LANGUAGES

    if text not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(LANGUAGES)}, got {text!r}")
    return text


def new(args: argparse.Namespace) -> int:
    """Write the skeleton of a new assignment, then build it."""
    from autograder.preflight import check_sources
    from autograder.skeleton import create

    try:
        written = create(args.folder, args.title, args.language)
    except (FileExistsError, ValueError) as error:
        raise UsageError(str(error)) from None
    root = args.folder.resolve()
    scheme = assignment_scheme(root)
    print(heading(scheme))
    for path in written:
        print(f"created {shown(path.resolve(), root)}")
    check_sources(scheme)
    build_assignment(scheme, None)
    print(f"next: edit {root}, then: {PROG} --assignment {args.folder} build")
    return 0


def parser() -> argparse.ArgumentParser:
    """Every subcommand, with help on every argument."""
    assignment_help = ("the assignment's folder, holding its grading.yaml (default: the current folder or the "
                       "nearest one above it that holds one)")
    debug = Parser(add_help=False)
    debug.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected error")
    common = Parser(add_help=False, parents=[debug])
    # after the command too; SUPPRESS keeps a value given before it
    common.add_argument("--assignment", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=assignment_help)

    main_parser = Parser(prog=PROG, description=DESCRIPTION)
    main_parser.add_argument("--assignment", type=Path, metavar="DIR", help=assignment_help)
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    one = commands.add_parser("grade", parents=[common], help="grade one student file or notebook",
                              description="Grade one submission and print points and feedback per question.")
    one.add_argument("path", help="the student file (student_file of grading.yaml), its notebook, "
                                  "or a folder holding one of them")
    one.add_argument("--json", metavar="OUT", help="also write the Gradescope results.json to this file")
    one.set_defaults(run=grade)

    many = commands.add_parser("grade-all", parents=[common],
                               help="grade a class: a folder of submissions or a Gradescope export zip",
                               description="Grade every submission and write grades.csv, report.html "
                                           "and one results file per submission.")
    many.add_argument("path", help="a folder with one subfolder per submission, or Gradescope's export zip")
    many.add_argument("--out", required=True, metavar="DIR", help="folder for grades.csv, report.html and results/")
    many.add_argument("--workers", type=workers, default=0, metavar="N",
                      help="parallel workers (default 0: one per core)")
    many.add_argument("--resume", action="store_true",
                      help="continue an interrupted run in --out: grade only the submissions missing there or "
                           "changed since (rerunning into the same --out does this too; --resume refuses an "
                           "--out without an earlier run)")
    many.add_argument("--compare", type=Path, metavar="PREVIOUS_OUT",
                      help="an earlier --out folder: list the students whose total changes, by how much and "
                           "through which cases, in report.html and changes.csv")
    many.set_defaults(run=grade_all)

    make = commands.add_parser("build", parents=[common],
                               help="regenerate stubs and master notebook, write dist/ (zips, student bundle)",
                               description="Regenerate the stubs (student_template/<student_file>) and the otter "
                                           "master notebook (assignment/<module>.ipynb) from the reference, then "
                                           "write dist/autograder.zip, dist/student/ and dist/student.zip.")
    make.add_argument("--dist", type=Path, metavar="DIR",
                      help="where to write the artefacts (default: dist/ in the assignment's folder)")
    make.set_defaults(run=build)

    start = commands.add_parser("new", parents=[debug], help="start a new assignment that builds and grades at once",
                                description="Write a working skeleton into DIR (grading.yaml with one question, "
                                            "a reference, a public and a hidden case, a mutant, the statement), "
                                            "then build it.")
    start.add_argument("folder", type=Path, metavar="DIR", help="the new assignment's folder (absent or empty)")
    start.add_argument("--title", required=True, help="the assignment's title, as students see it")
    start.add_argument("--language", type=language, default="fr",
                       help="language of the texts for students: fr or en (default fr)")
    start.set_defaults(run=new)

    on_gradescope = commands.add_parser("gradescope", parents=[common],
                                        help="grade as Gradescope does (what run_autograder calls)",
                                        description="Grade ROOT/submission into ROOT/results/results.json.")
    on_gradescope.add_argument("--root", help="the autograder folder (default $AUTOGRADER_ROOT or /autograder)")
    on_gradescope.set_defaults(run=gradescope)

    mutants = commands.add_parser("mutate", parents=[common],
                                  help="grade single-point changes of the reference; list the survivors",
                                  description="Apply single-point changes to the solution regions of the reference, "
                                              "grade each across seeds and report per question the kill rate and "
                                              "every survivor with an input that tells it apart. Exit 1 when a "
                                              "mutant not listed in tests/mutants/equivalent.yaml survives.")
    mutants.add_argument("--seeds", type=workers, default=5, metavar="N", help="hidden seeds per mutant (default 5)")
    mutants.add_argument("--jobs", type=workers, default=0, metavar="N", help="worker processes (default 0: one per core)")
    mutants.add_argument("--question", action="append", default=[], metavar="ID",
                         help="only this question id (or a part number: all its questions); repeatable")
    mutants.add_argument("--sample", type=workers, default=0, metavar="N",
                         help="grade a deterministic random sample of N mutants (default 0: all)")
    mutants.add_argument("--out", type=Path, metavar="FILE", help="also write the report to this file")
    mutants.set_defaults(run=mutate)

    ready = commands.add_parser("verify", parents=[common], help="check that an assignment is ready to hand out",
                                description="Check an assignment before students see it: the reference at full "
                                            "marks and the stubs at zero on every seed; every hand-written mutant "
                                            "loses its own question's points and no other, with its hint words; "
                                            "every correct alternative keeps full marks; single-point mutants "
                                            "of the reference; no hidden expected value in any feedback; nothing "
                                            "hidden in the student bundle; the otter notebook builds. Prints a "
                                            "table; exit 1 when anything fails.")
    ready.add_argument("--seeds", type=workers, default=5, metavar="N",
                       help="hidden seeds per variant (default 5)")
    ready.add_argument("--jobs", type=workers, default=0, metavar="N",
                       help="worker processes for the single-point mutants (default 0: one per core)")
    ready.add_argument("--skip", action="append", default=[], metavar="CHECK",
                       help="leave out one check by its name in the table (e.g. mutation); repeatable")
    ready.set_defaults(run=verify)
    return main_parser


def mutate(args: argparse.Namespace) -> int:
    """Systematic mutation of the reference (exit 1 when a non-equivalent mutant survives)."""
    from autograder.mutate import main as run

    if args.seeds < 1:
        raise UsageError("--seeds takes a whole number from 1 (see python -m autograder mutate --help)")
    scheme = args.scheme
    known = {q.id for q in scheme.questions} | {str(p.number) for p in scheme.parts}
    if unknown := sorted(set(args.question) - known):
        raise UsageError(f"no question or part {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return run(scheme.root, seeds=args.seeds, jobs=args.jobs, questions=args.question, sample=args.sample, out=args.out)


def verify(args: argparse.Namespace) -> int:
    """Whether the assignment is ready to hand out (exit 1 when a check fails)."""
    from autograder.verify import CHECKS, main as run

    if args.seeds < 1:
        raise UsageError(f"--seeds takes a whole number from 1 (see {PROG} verify --help)")
    if unknown := sorted(set(args.skip) - set(CHECKS)):
        raise UsageError(f"--skip {', '.join(unknown)}: no such check (known: {', '.join(CHECKS)})")
    return run(args.scheme, seeds=args.seeds, jobs=args.jobs, skip=args.skip)


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr unless --debug asks for the traceback."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parser().parse_args(argv)
        if args.command not in ("new", "gradescope"):  # new makes its assignment; gradescope uses the zip's
            from autograder.preflight import check_sources

            args.scheme = assignment_scheme(args.assignment)
            print(heading(args.scheme), flush=True)
            check_sources(args.scheme)
        return int(args.run(args))
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except AuthoringError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if "--debug" in argv:
            raise
        print(f"{PROG}: unexpected error: {type(error).__name__}: {error} (run again with --debug to see "
              "the traceback)", file=sys.stderr)
        return 1
