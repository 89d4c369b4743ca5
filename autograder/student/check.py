#!/usr/bin/env python3
"""The self-check handed to students: the public cases of the assignment, run on the student's code.

Shipped as ``check.py`` next to ``verification/`` (the public cases, the check
API, the engine's file reader and messages, and ``cases.json``), from which it
takes every name (the student file, the questions) and the language of what it
prints. It needs only numpy. ``python check.py --help`` explains its use.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import json
import os
import re
import sys
import time
import traceback
import types
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

HERE = Path(__file__).resolve().parent
STUDENT_FILES: set[str] = set()  # file names the student's code is compiled under: its frames name its lines
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


class MissingFunction(LookupError):
    """The file defines no function of that name (as the grader's sandbox says it: ``kind`` "missing")."""

    kind = "missing"
    self_described = True


class StudentCallError(Exception):
    """An error the student's function raised, described with its line (``self_described``: the check API shows
    ``str()`` as it is, as it does for the grader's sandbox errors)."""

    self_described = True


class _Timeout(BaseException):
    """Raised by the alarm in the student's code; a BaseException so that `except Exception` lets it through."""


# ---------------------------------------------------------------------------
# Running the student's code in this process, with a time limit per call
# ---------------------------------------------------------------------------


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


def describe(error: BaseException, say: Words) -> str:
    """``Type: message``, short, the message quoted (it is the student's: it could mimic this program's lines),
    with the line of the student's file where it was raised, as the grader's sandbox says it."""
    from verification.quoting import quote_inline

    text = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
    text = text if len(text) <= 300 else text[:297] + "..."
    described = f"{type(error).__name__}: {quote_inline(text)}" if text else type(error).__name__
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename in STUDENT_FILES]
    if isinstance(error, SyntaxError) and error.lineno:
        lines = [error.lineno]
    return say("error.line", error=described, line=lines[-1]) if lines else described


def display(*objects: Any, **options: Any) -> None:
    """IPython's ``display``, which notebooks call: nothing to show here (as in the grader's sandbox)."""


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


class Reading:
    """The student's file read exactly as the grader reads it (the same functions of pieces.py): the pieces to
    execute, the problems found, the functions a syntax error hides, the modules imported."""

    def __init__(self, path: Path, text: str, say: Words) -> None:
        from verification import pieces

        self.pieces: list[tuple[str, str, int, str]] = []  # (label, file name for tracebacks, first line, code)
        if path.suffix == ".ipynb":
            try:
                cut = pieces.cut_notebook(text)
            except ValueError:
                raise Misuse(say("submission.bad_notebook", name=path.name)) from None
            if cut["size"] > pieces.MAX_CODE:
                raise Misuse(say("submission.code_too_large", name=path.name, megabytes=pieces.MAX_CODE >> 20))
            cells, self.problems = pieces.notebook_pieces(cut, say.language)
            if not cells and not cut["errors"]:
                raise Misuse(say("submission.no_code", name=path.name))
            self.pieces = [(say("chunk.cell", number=number), say("chunk.cell_file", notebook=path.name, number=number),
                            1, code) for number, code in cells]
            self.hidden = {name: (say("chunk.cell_file", notebook=path.name, number=cell), line,
                                  reason or say("syntax.too_nested"))
                           for name, (cell, line, reason) in pieces.hidden_in_notebook(cut).items()}
        else:
            if pieces.code_size(text) > pieces.MAX_CODE:
                raise Misuse(say("submission.too_large", name=path.name, megabytes=pieces.MAX_CODE >> 20))
            cut = pieces.cut_module(text)
            statements, self.problems = pieces.module_pieces(text, cut, say.language)
            self.pieces = [(say("chunk.statement", line=start), str(path), start, code) for start, code in statements]
            self.hidden = {name: (path.name, line, reason or say("syntax.too_nested"))
                           for name, (line, reason) in pieces.hidden_in_module(text, cut).items()}
        self.imports: list[str] = list(cut["imports"])


def code_blocks(reading: Reading, say: Words) -> tuple[list[tuple[str, Any]], list[str]]:
    """The pieces compiled, as (label, code object); one the compiler gives up on (nested too deeply) is run
    statement by statement, as the grader's sandbox does, so that it costs only its own statement."""
    from verification.pieces import Unreadable, compile_piece, python_lines, top_level_spans

    blocks: list[tuple[str, Any]] = []
    problems: list[str] = []
    for label, filename, line, code in reading.pieces:
        STUDENT_FILES.add(filename)
        try:
            blocks.append((label, compile_piece(code, filename, line)))
            continue
        except SyntaxError as error:  # the cut compiled every piece: only a notebook cell of an odd kind
            problems.append(f"{label} : {describe(error, say)}")
            continue
        except (RecursionError, MemoryError, ValueError, OverflowError):
            pass
        lines = python_lines(code)
        try:
            spans = top_level_spans(lines)
        except Unreadable as error:  # as the grader's child does: the piece is told, not a traceback
            problems.append(f"{label} : " + say("error.line", error=error.reason or say("syntax.too_nested"),
                                                line=line + error.line - 1))
            continue
        for start, end in spans:
            try:
                blocks.append((label, compile_piece("\n".join(lines[start - 1:end]) + "\n", filename,
                                                    line + start - 1)))
            except BaseException as error:
                text = describe(error, say)
                problems.append(f"{label} : " + (text if isinstance(error, SyntaxError) else
                                                 say("error.line", error=text, line=line + start - 1)))
    return blocks, problems


def load_student(blocks: list[tuple[str, Any]], path: Path, printed: list[str],
                 say: Words) -> tuple[dict[str, Any], list[str]]:
    """Execute the compiled pieces in order, as the grader does: a failing piece is skipped and reported."""
    import builtins

    from verification.alarm import alarm

    problems: list[str] = []
    name = Path(say.student_file).stem
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    if not hasattr(builtins, "display"):  # as in the grader's sandbox: notebooks call it
        builtins.display = display  # type: ignore[attr-defined]
    for label, code in blocks:
        label = label[0].upper() + label[1:]
        try:
            with quiet(printed), alarm(LOAD_TIMEOUT, _Timeout, REPEAT):
                exec(code, module.__dict__)
        except _Timeout:
            problems.append(say("skipped.timeout.one", label=label, seconds=f"{LOAD_TIMEOUT:g}"))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the student's error, whatever it is (SystemExit included)
            problems.append(say("checkpy.load_failed", label=label, error=describe(error, say)))
    return module.__dict__, problems


def why_missing(name: str, reading: Reading, path: Path, say: Words) -> str:
    """Why the function ``name`` is not defined: the syntax error that hides it (file or cell, line, message),
    its statement that failed, or its absence."""
    if name in reading.hidden:
        place, line, reason = reading.hidden[name]
        return say("call.hidden", name=name, place=place, line=line, error=reason)
    for _label, filename, first, code in reading.pieces:
        for index, line in enumerate(code.split("\n")):
            if (found := DEF.match(line)) and found.group(1) == name:
                place = path.name if filename == str(path) else filename
                return say("checkpy.function_failed", name=name, place=place, line=first + index)
    return say("checkpy.function_missing", name=name, file=path.name)


def make_caller(namespace: dict[str, Any], printed: list[str], say: Words, checking: Any) -> Callable[..., Any]:
    """The ``caller`` of a Trial: the student's function or class by name, an object's method or attribute,
    time-limited (the Trial hands it copies of the inputs and compares them afterwards: an argument changed in
    place is the student's to see). An object comes back behind a ref, as the grader's sandbox gives it."""
    from verification.alarm import alarm

    limit = {"seconds": 3.0}
    missing: set[str] = set()
    unimplemented: set[tuple[str, str]] = set()  # (function, class, method or attribute; its name)

    def bounded(name: str, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                objects: bool = True, kind: str = "function") -> Any:
        args = tuple(checking.as_object(a) for a in args)
        kwargs = {k: checking.as_object(v) for k, v in kwargs.items()}
        try:
            with quiet(printed), alarm(limit["seconds"], _Timeout, REPEAT):
                answer = function(*args, **kwargs)
            return checking.as_answer(answer) if objects else answer  # a function's answer is data, as ever
        except NotImplementedError:
            unimplemented.add((kind, name))
            raise
        except _Timeout:
            raise TimeoutError(say("call.timeout", name=name, seconds=f"{limit['seconds']:g}")) from None
        except (SystemExit, GeneratorExit) as error:
            raise RuntimeError(say("checkpy.exit", name=name, type=type(error).__name__)) from None
        except Exception as error:  # told as the grader tells it: type, message, line of the student's file
            raise StudentCallError(describe(error, say)) from None

    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        function = namespace.get(name)
        if not callable(function):
            missing.add(name)
            raise MissingFunction(say("checkpy.not_defined", name=name))
        is_class = isinstance(function, type)
        return bounded(name, function, args, kwargs, is_class, "class" if is_class else "function")

    def method(ref: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        return bounded(f"{type(ref.key).__name__}.{name}", lambda *a, **k: getattr(ref.key, name)(*a, **k), args,
                       kwargs, kind="method")

    def attribute(ref: Any, name: str) -> Any:
        return bounded(f"{type(ref.key).__name__}.{name}", lambda: getattr(ref.key, name), (), {}, kind="attribute")

    caller.seed = checking.seed_student  # type: ignore[attr-defined]
    caller.method = method  # type: ignore[attr-defined]
    caller.attribute = attribute  # type: ignore[attr-defined]
    caller.limit = limit  # type: ignore[attr-defined]
    caller.missing = missing  # type: ignore[attr-defined]
    caller.unimplemented = unimplemented  # type: ignore[attr-defined]
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
    """Rationale, expected values and hint of a failed public case; what the student's code put in them (an
    exception's text) made visible, so that no control character can rewrite what is printed."""
    from verification.quoting import neutralise

    lines = [str(failure.rationale)]
    if failure.reference:
        lines.append(str(failure.reference))
    if failure.hint:
        lines.append(say("feedback.hint", hint=failure.hint))
    return [neutralise(line) for line in lines]


def run_case(checking: Any, function: Callable[..., None], caller: Callable[..., Any], seed: int,
             say: Words) -> list[str]:
    """Run one public case: [] when it passes, else the lines of feedback."""
    import numpy as np

    trial = checking.Trial(caller, np.random.default_rng(seed), public=True, language=say.language, seed=seed)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            function(trial)
    except checking.Failure as failure:
        return feedback(failure, say)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        return [say("checkpy.uncheckable", error=describe(error, say))]
    return []


def indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line for text in lines for line in str(text).splitlines() or [""]]


def show_printed(printed: list[str], title: str, margin: str, say: Words) -> None:
    """What the student's code printed, under a title, then forgotten."""
    text = "".join(printed).rstrip("\n")
    printed.clear()
    if text:
        from verification.quoting import quote_block

        print(margin + say("checkpy.titled", title=title))
        print("\n".join(indent([quote_block(text)], margin)))


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


def check_question(question: dict[str, Any], checking: Any, caller: Any, path: Path, reading: Reading,
                   say: Words) -> tuple[float, float, list[str]]:
    """Run a question's public cases: (points earned, points at stake, lines to print under it).

    A function that is not defined, or not yet implemented, is told once, where its cases would each repeat it.
    """
    earned = public = 0.0
    failures: list[str] = []
    missing: list[str] = []
    unimplemented: list[tuple[str, str]] = []
    for case in question["cases"]:
        module = importlib.import_module(f"verification.{case['module']}")
        caller.missing.clear()
        caller.unimplemented.clear()
        lines = run_case(checking, getattr(module, case["name"]), caller, int(case["seed"]), say)
        public += case["points"]
        if not lines:
            earned += case["points"]
        elif caller.missing:
            missing += [name for name in sorted(caller.missing) if name not in missing]
        elif caller.unimplemented:
            unimplemented += [name for name in sorted(caller.unimplemented) if name not in unimplemented]
        else:
            failures.append(say("checkpy.case", name=case["name"], points=say.points(case["points"])))
            failures += indent(lines, "  ")
    return earned, public, [f"- {why_missing(name, reading, path, say)}" for name in missing] + \
        [f"- {say('checkpy.unimplemented.' + kind, name=name)}" for kind, name in unimplemented] + failures


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
    from verification.pieces import third_party
    from verification.quoting import one_line
    printed: list[str] = []
    started = time.monotonic()
    try:
        text = read_text(path, say)
        reading = Reading(path, text, say)
        blocks, problems = code_blocks(reading, say)
        problems = [one_line(problem) for problem in reading.problems + problems]
    except Misuse as error:
        print(error, file=sys.stderr)
        return 2
    print(say("checkpy.title", assignment=spec["assignment"]))
    print(say("checkpy.file", name=path.name) + (f" ({why})" if why else ""))
    print(say("checkpy.public_only") + "\n")
    unavailable = third_party(reading.imports, tuple(spec.get("imports", ())))
    if unavailable:
        print(say("checkpy.imports", modules=", ".join(unavailable)) + "\n")

    checking.seed_student(0)  # what the file draws as it loads is the same as on Gradescope
    if spec.get("data"):
        os.chdir(HERE)  # the data files are read at the same relative path as on Gradescope: from this folder
    namespace, failures = load_student(blocks, path, printed, say)
    problems += failures
    for problem in problems:
        print(say("checkpy.warning", problem=problem))
    if outputs:
        show_printed(printed, say("checkpy.printed_at_load"), "", say)
    if problems or (outputs and printed):
        print()
    caller = make_caller(namespace, printed, say, checking)

    secured = at_stake = 0.0
    for question in questions:
        caller.limit["seconds"] = float(question.get("timeout", 3))  # type: ignore[attr-defined]
        earned, public, lines = check_question(question, checking, caller, path, reading, say)
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
