#!/usr/bin/env python3
"""The self-check handed to students: the public cases of the assignment, run on the student's code.

Shipped as ``check.py`` next to ``verification/`` (the public cases, the check
API, the engine's file reader and messages, and ``cases.json``), from which it
takes every name (the student file, the questions) and the language of what it
prints. It needs only numpy. ``python check.py --help`` explains its use.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import io
import json
import os
import re
import signal
import sys
import threading
import time
import types
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "verification" / "cases.json"
LOAD_TIMEOUT = 10.0  # seconds per top-level statement (or notebook cell) of the student's file
REPEAT = 0.25  # seconds between two alarms once the time limit is reached
DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)\s*\(")
HELP_OPTIONS = ("-h", "--help", "--aide")
FILE_OPTIONS = ("--fichier", "--file")
OUTPUTS_OPTIONS = ("--sorties", "--outputs")
# Said before the language is known, so in both.
NO_VERIFICATION = ("Le dossier verification/ est absent ou abîmé : retéléchargez le dossier du devoir "
                   "(gardez check.py et verification/ à côté de votre fichier).\n"
                   "The folder verification/ is missing or damaged: download the homework's folder again "
                   "(keep check.py and verification/ next to your file).")


class Misuse(Exception):
    """A wrong command line, or a file that cannot be checked at all: one line, exit code 2."""


class Words:
    """What check.py says, in the assignment's language, with its file names filled in."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from verification import messages

        self.messages = messages
        self.language = spec.get("language", messages.DEFAULT_LANGUAGE)
        self.student_file = spec["student_file"]
        self.notebook = f"{Path(self.student_file).stem}.ipynb"

    def __call__(self, key: str, **fields: Any) -> str:
        return self.messages.message(key, self.language, **fields)

    def number(self, value: float) -> str:
        return self.messages.number(value, self.language)

    def points(self, value: float) -> str:
        return self.messages.points(value, self.language)

    def usage(self) -> str:
        return self("checkpy.usage", student_file=self.student_file, notebook=self.notebook)


class _Timeout(BaseException):
    """Raised by the alarm in the student's code; a BaseException so that `except Exception` lets it through."""


# ---------------------------------------------------------------------------
# Running the student's code in this process, with a time limit per call
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise _Timeout in the block after ``seconds`` (POSIX main thread only; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Re-armed every REPEAT seconds: code that swallows the first alarm (a bare `except:`) gets the next one.
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def quiet(printed: list[str]) -> Iterator[None]:
    """Capture what the student's code prints (kept in ``printed``) and silence warnings."""
    buffer = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            if buffer.getvalue():
                printed.append(buffer.getvalue())


def describe(error: BaseException) -> str:
    """``Type: message``, short."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def read_text(path: Path, say: Words) -> str:
    """The student's file as text; Misuse, in one line, when there is nothing to check."""
    name = path.name
    if not path.is_file():
        if path.exists():
            raise Misuse(say("checkpy.not_a_file", name=name))
        raise Misuse(say("checkpy.not_found", name=name) if path.parent == Path.cwd() else
                     say("checkpy.not_found_in", name=name, folder=path.parent))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise Misuse(say("checkpy.unreadable", name=name, error=error.strerror or error)) from None
    if b"\0" in raw:
        raise Misuse(say("checkpy.binary", name=name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Misuse(say("submission.not_utf8", name=name)) from None
    if not text.strip():
        raise Misuse(say("checkpy.empty", name=name))
    return text


def code_blocks(path: Path, text: str, say: Words) -> tuple[list[tuple[str, Any]], list[str]]:
    """The pieces of the file to execute in order, as (label, code object), cut exactly as the grader cuts them."""
    from verification.pieces import compile_piece, module_statements, notebook_cells

    if path.suffix == ".ipynb":
        try:
            cells = notebook_cells(text)
        except ValueError:
            raise Misuse(say("submission.bad_notebook", name=path.name)) from None
        if not cells:
            raise Misuse(say("submission.no_code", name=path.name))
        pieces = [(say("chunk.cell", number=number), say("chunk.cell_file", notebook=path.name, number=number), 1,
                   code) for number, code in cells]
        problems: list[str] = []
    else:
        statements, problems = module_statements(text, language=say.language)
        pieces = [(say("chunk.statement", line=start), str(path), start, code) for start, code in statements]
    blocks: list[tuple[str, Any]] = []
    for label, filename, line, code in pieces:
        try:
            blocks.append((label, compile_piece(code, filename, line)))
        except SyntaxError as error:
            problems.append(say("checkpy.syntax", label=label, line=error.lineno, error=error.msg))
    return blocks, problems


def load_student(blocks: list[tuple[str, Any]], path: Path, printed: list[str],
                 say: Words) -> tuple[dict[str, Any], list[str]]:
    """Execute the compiled pieces in order, as the grader does: a failing piece is skipped and reported."""
    problems: list[str] = []
    name = Path(say.student_file).stem
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    for label, code in blocks:
        label = label[0].upper() + label[1:]
        try:
            with quiet(printed), time_limit(LOAD_TIMEOUT):
                exec(code, module.__dict__)
        except _Timeout:
            problems.append(say("skipped.timeout.one", label=label, seconds=f"{LOAD_TIMEOUT:g}"))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the student's error, whatever it is (SystemExit included)
            problems.append(say("checkpy.load_failed", label=label, error=describe(error)))
    return module.__dict__, problems


def sources(path: Path, text: str, say: Words) -> list[tuple[str, str]]:
    """Where code lives, as (place for a message, code): the file, or each code cell."""
    from verification.pieces import notebook_cells, python_lines

    if path.suffix == ".ipynb":
        return [(say("chunk.cell", number=number), code) for number, code in notebook_cells(text)]
    return [(path.name, "\n".join(python_lines(text)))]


def syntax_error(code: str, place: str, line: int) -> SyntaxError | None:
    """The syntax error of ``code`` (numbered from ``line``), if it has one."""
    from verification.pieces import compile_piece

    try:
        compile_piece(code, place, line)
    except SyntaxError as error:
        return error
    return None


def why_missing(name: str, path: Path, text: str, say: Words) -> str:
    """Why the function ``name`` is not defined: the syntax error that hides it, where it is, if there is one."""
    for place, code in sources(path, text, say):
        lines = code.split("\n")
        for index, line in enumerate(lines):
            if not ((found := DEF.match(line)) and found.group(1) == name):
                continue
            end = next((k for k in range(index + 1, len(lines))
                        if lines[k][:1].strip() and not lines[k].startswith(("#", ")", "]", "}"))), len(lines))
            error = syntax_error("\n".join(lines[index:end]) + "\n", place, index + 1)
            if error is None:  # an unclosed bracket above the function swallows it
                above = syntax_error(code, place, 1)
                error = above if above is not None and (above.lineno or 0) <= index + 1 else None
            if error is not None:
                return say("checkpy.function_unreadable", name=name, place=place, line=error.lineno, error=error.msg)
            return say("checkpy.function_failed", name=name, place=place, line=index + 1)
    return say("checkpy.function_missing", name=name, file=path.name)


def make_caller(namespace: dict[str, Any], printed: list[str], say: Words) -> Callable[..., Any]:
    """The ``caller`` of a Trial: the student's function by name, on copies of the inputs, time-limited."""
    limit = {"seconds": 3.0}
    missing: set[str] = set()

    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        function = namespace.get(name)
        if not callable(function):
            missing.add(name)
            raise LookupError(say("checkpy.not_defined", name=name))
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            with quiet(printed), time_limit(limit["seconds"]):
                return function(*args, **kwargs)
        except _Timeout:
            raise TimeoutError(say("call.timeout", name=name, seconds=f"{limit['seconds']:g}")) from None
        except (SystemExit, GeneratorExit) as error:
            raise RuntimeError(say("checkpy.exit", name=name, type=type(error).__name__)) from None

    caller.limit = limit  # type: ignore[attr-defined]
    caller.missing = missing  # type: ignore[attr-defined]
    return caller


# ---------------------------------------------------------------------------
# Choosing the file, running the cases, printing the report
# ---------------------------------------------------------------------------


def code_fingerprint(path: Path) -> str | None:
    """A hash of the code only (for a notebook, its code cells), to tell a file apart from the one handed out."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                             for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")
        except (ValueError, KeyError, TypeError):
            return "unreadable"
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()


def choose_file(spec: dict[str, Any], say: Words) -> tuple[Path, str]:
    """The student file, unless only the notebook was changed (or it was changed last); and why."""
    script, notebook = HERE / say.student_file, HERE / say.notebook
    handed_out = spec.get("handed_out", {})
    changed = [p for p in (script, notebook) if p.exists() and code_fingerprint(p) != handed_out.get(p.name)]
    if notebook in changed and (script not in changed or notebook.stat().st_mtime > script.stat().st_mtime):
        return notebook, say("checkpy.notebook_changed")
    if not script.exists() and notebook.exists():
        return notebook, say("checkpy.script_absent", name=script.name)
    return script, ""


def feedback(failure: Any, say: Words) -> list[str]:
    """Rationale, expected values and hint of a failed public case."""
    lines = [str(failure.rationale)]
    if failure.reference:
        lines.append(str(failure.reference))
    if failure.hint:
        lines.append(say("feedback.hint", hint=failure.hint))
    return lines


def run_case(checking: Any, function: Callable[..., None], caller: Callable[..., Any], seed: int,
             say: Words) -> list[str]:
    """Run one public case: [] when it passes, else the lines of feedback."""
    import numpy as np

    trial = checking.Trial(caller, np.random.default_rng(seed), public=True, language=say.language)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            function(trial)
    except checking.Failure as failure:
        return feedback(failure, say)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        return [say("checkpy.uncheckable", error=describe(error))]
    return []


def indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line for text in lines for line in str(text).splitlines() or [""]]


def show_printed(printed: list[str], title: str, margin: str, say: Words) -> None:
    """What the student's code printed, under a title, then forgotten."""
    text = "".join(printed).rstrip("\n")
    printed.clear()
    if text:
        print(margin + say("checkpy.titled", title=title))
        print("\n".join(indent([text], f"{margin}| ")))


def parse_arguments(argv: list[str], say: Words) -> tuple[list[str], Path | None, bool, bool]:
    """(question ids, file to check or None, show the student's prints, help wanted).

    The options of both languages are understood; the help shows those of the assignment's.
    """
    questions: list[str] = []
    chosen: Path | None = None
    outputs = False
    items = list(argv)
    while items:
        item = items.pop(0)
        option = item.split("=", 1)[0]
        if item in HELP_OPTIONS:
            return [], None, False, True
        if option in FILE_OPTIONS:
            value = item.split("=", 1)[1] if "=" in item else (items.pop(0) if items else "")
            if not value:
                raise Misuse(say("checkpy.file_needed", student_file=say.student_file, notebook=say.notebook))
            chosen = Path(value)
        elif item in OUTPUTS_OPTIONS:
            outputs = True
        elif item.startswith("-"):
            raise Misuse(say("checkpy.unknown_option", option=item))
        else:
            questions.append(item.strip().lower())
    return questions, chosen, outputs, False


def check_question(question: dict[str, Any], checking: Any, caller: Any, path: Path, text: str,
                   say: Words) -> tuple[float, float, list[str]]:
    """Run a question's public cases: (points earned, points at stake, lines to print under it).

    A function that is not defined is explained once, where its cases would each repeat it.
    """
    earned = public = 0.0
    failures: list[str] = []
    missing: list[str] = []
    for case in question["cases"]:
        module = importlib.import_module(f"verification.{case['module']}")
        caller.missing.clear()
        lines = run_case(checking, getattr(module, case["name"]), caller, int(case["seed"]), say)
        public += case["points"]
        if not lines:
            earned += case["points"]
        elif caller.missing:
            missing += [name for name in sorted(caller.missing) if name not in missing]
        else:
            failures.append(say("checkpy.case", name=case["name"], points=say.points(case["points"])))
            failures += indent(lines, "  ")
    return earned, public, [f"- {why_missing(name, path, text, say)}" for name in missing] + failures


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
    try:
        spec = json.loads(CASES_FILE.read_text(encoding="utf-8"))
        sys.path.insert(0, str(HERE))
        say = Words(spec)
    except (OSError, ValueError, KeyError, ImportError):
        print(NO_VERIFICATION, file=sys.stderr)
        return 2
    try:
        wanted, chosen, outputs, wants_help = parse_arguments(argv, say)
    except Misuse as error:
        print(f"{error}\n{say.usage()}", file=sys.stderr)
        return 2
    known = [q["id"] for q in spec["questions"]]
    if wants_help:
        print(say("checkpy.help", student_file=say.student_file, notebook=say.notebook, question=known[0],
                  other=known[-1]))
        return 0
    try:
        import numpy  # noqa: F401
    except ImportError:
        print(say("checkpy.no_numpy"), file=sys.stderr)
        return 2
    unknown = [q for q in wanted if q not in known]
    if unknown:
        print(say("checkpy.unknown_question", unknown=", ".join(unknown), known=", ".join(known)) + "\n"
              + say.usage(), file=sys.stderr)
        return 2
    questions = [q for q in spec["questions"] if not wanted or q["id"] in wanted]

    if chosen is not None:
        path = chosen if chosen.is_absolute() else Path.cwd() / chosen
        why = say("checkpy.chosen", option=say("checkpy.file_option"))
        if path.suffix not in (".py", ".ipynb"):
            print(say("checkpy.not_code", name=chosen) + "\n" + say.usage(), file=sys.stderr)
            return 2
    else:
        path, why = choose_file(spec, say)

    checking = importlib.import_module("verification.checking")
    printed: list[str] = []
    started = time.monotonic()
    try:
        text = read_text(path, say)
        blocks, problems = code_blocks(path, text, say)
    except Misuse as error:
        print(error, file=sys.stderr)
        return 2
    print(say("checkpy.title", assignment=spec["assignment"]))
    print(say("checkpy.file", name=path.name) + (f" ({why})" if why else ""))
    print(say("checkpy.public_only") + "\n")

    namespace, failures = load_student(blocks, path, printed, say)
    problems += failures
    for problem in problems:
        print(say("checkpy.warning", problem=problem))
    if outputs:
        show_printed(printed, say("checkpy.printed_at_load"), "", say)
    if problems or (outputs and printed):
        print()
    caller = make_caller(namespace, printed, say)

    secured = at_stake = 0.0
    for question in questions:
        caller.limit["seconds"] = float(question.get("timeout", 3))  # type: ignore[attr-defined]
        earned, public, lines = check_question(question, checking, caller, path, text, say)
        secured += earned
        at_stake += public
        status = say("status.passed" if not lines else ("status.partial" if earned > 0 else "status.failed"))
        print(f"{question['id']:<3} {status:<8} " + say("checkpy.question", earned=say.number(earned),
                                                         public=say.points(public),
                                                         points=say.points(question["points"]),
                                                         title=question["title"]))
        for line in indent(lines, "      "):
            print(line)
        if outputs:
            show_printed(printed, say("checkpy.printed_by_code"), "      ", say)

    if printed:  # kept only without the outputs option
        print("\n" + say("checkpy.printed_hidden", option=say("checkpy.outputs_option")))
    scope = "" if not wanted else say("checkpy.scope.many" if len(questions) > 1 else "checkpy.scope.one",
                                      ids=", ".join(wanted))
    print("\n" + say("checkpy.total", scope=scope, earned=say.number(secured), public=say.number(at_stake),
                     total=say.points(spec["total"])))
    print(say("checkpy.hidden", hidden=say.points(spec["total"] - spec["public_total"]),
              total=say.number(spec["total"])))
    print(say("checkpy.upload", student_file=say.student_file, notebook=say.notebook,
              seconds=say.number(round(time.monotonic() - started, 1))))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # `python check.py | head`: the reader left, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
