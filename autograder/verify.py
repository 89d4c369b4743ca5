"""``python -m autograder verify``: is an assignment ready to hand out?

One command runs every check a case author needs before students see the
assignment, on any assignment, and prints a table (one row per check) with
the problems found below it; it exits 1 when any check fails:

* ``reference`` — the reference earns every point on every seed;
* ``stubs`` — the stubs earn none;
* ``mutants`` — every hand-written mutant (tests/mutants/part*.py) loses its
  own question's points on every seed, keeps every other question's, and its
  feedback says its hint words;
* ``alternatives`` — every correct rewrite (tests/alternatives/part*.py) keeps
  every point on every seed;
* ``mutation`` — single-point changes of the reference (autograder.mutate):
  a survivor not listed in tests/mutants/equivalent.yaml, with an input that
  tells it apart;
* ``hidden-feedback`` — the feedback of a failed hidden case shows no expected
  value: neither the catalogue's "expected value" line nor a number the
  reference returns for the calls that case made;
* ``bundle`` — the student bundle holds no answer line of the reference, no
  hidden case module and no hidden case name;
* ``notebook`` — the otter master notebook and the student notebook build and
  every code cell of them compiles.

Everything runs in this process (autograder.inprocess): the reference and its
variants are the instructor's own code, so no sandbox is needed, and the
seeds cost calls, not processes.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import json
import math
import re
import sys
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.inprocess import Call, Caller, invoke, load_module, with_function
from autograder.layout import ALTERNATIVES, MUTANTS, marked_lines
from autograder.messages import CATALOGUE
from autograder.runner import Outcome, run_case
from autograder.scheme import Question, Scheme
from autograder.variants import DEFINITIONS
from autograder.variants import Alternative, Mutant

CHECKS = ("reference", "stubs", "mutants", "alternatives", "mutation", "hidden-feedback", "bundle", "notebook")
VARIANT_BUDGET = 60.0  # seconds for all the calls of one variant on one question: a hang ends it
SHOWN_PROBLEMS = 40  # problems listed per check; the rest are counted


@dataclass
class Check:
    """One row of the table."""

    name: str
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else ("FAIL" if self.problems else "ok")


def digests(seeds: int) -> list[bytes]:
    """The submission digests standing for ``seeds`` different submissions (each seeds the hidden cases)."""
    return [b"verify-%d" % seed for seed in range(seeds)]


def bank(root: Path, folder: Path, name: str) -> list[Any]:
    """The list ``name`` of every ``folder/part*.py`` of the assignment (its mutants or alternatives)."""
    found = []
    for path in sorted((root / folder).glob("part*.py")):
        spec = importlib.util.spec_from_file_location(f"verify_{folder.name}_{path.stem}_{abs(hash(root))}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found += list(getattr(module, name, []))
    return found


# ---------------------------------------------------------------------------
# Grading a module in process, case by case (each case's calls kept for the leak check)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Graded:
    """One case on one seed: its outcome and the calls it made."""

    outcome: Outcome
    calls: tuple[Call, ...]
    module: types.ModuleType  # what was graded: its own results may well show in its feedback


def grade(scheme: Scheme, module: types.ModuleType, question: Question, seeds: list[bytes]) -> dict[bytes, list[Graded]]:
    """Every case of ``question`` on every seed; public cases run once (their inputs never change)."""
    def one(case: Any, digest: bytes) -> Graded:
        caller = Caller(module, question.timeout, budget=VARIANT_BUDGET)
        return Graded(run_case(scheme, case, caller, digest), tuple(caller.calls), module)

    public = [one(case, b"") for case in question.cases if case.public]
    return {digest: public + [one(case, digest) for case in question.cases if not case.public] for digest in seeds}


def earned(graded: list[Graded]) -> float:
    return sum(g.outcome.score for g in graded)


def reaching(scheme: Scheme, module: types.ModuleType, names: set[str], own: Question) -> list[Question]:
    """The other questions with a function (or a class's method) whose code looks up one of ``names``: the only
    ones a change reaches."""
    def mentions(code: types.CodeType) -> bool:
        return bool(names & set(code.co_names)) or any(
            mentions(const) for const in code.co_consts if isinstance(const, types.CodeType))

    def codes(graded: Any) -> list[types.CodeType]:
        if isinstance(graded, type):
            return [member.__code__ for member in vars(graded).values() if isinstance(member, types.FunctionType)]
        return [graded.__code__] if isinstance(graded, types.FunctionType) else []

    return [q for q in scheme.questions if q is not own and any(
        mentions(code) for f in q.functions for code in codes(getattr(module, f, None)))]


def defined(source: str) -> set[str]:
    """The functions and classes a variant's source defines (and so replaces in the reference)."""
    return {node.name for node in ast.parse(source).body if isinstance(node, DEFINITIONS)}


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


class Verifier:
    """The checks of one assignment, sharing the reference and the graded outcomes."""

    def __init__(self, scheme: Scheme, seeds: int, jobs: int) -> None:
        self.scheme = scheme
        self.seeds = digests(seeds)
        self.jobs = jobs
        self.source = scheme.solution_path.read_text(encoding="utf-8")
        self.reference = load_module(self.source, "reference")
        self.failed_hidden: list[tuple[str, Graded]] = []  # (variant, a failed hidden case) for the leak check

    def keep_failures(self, label: str, graded: Iterable[Graded]) -> None:
        self.failed_hidden += [(label, g) for g in graded if not g.outcome.passed and not g.outcome.case.public]

    def check_reference(self) -> Check:
        check = Check("reference")
        total = 0.0
        for question in self.scheme.questions:
            for digest, graded in grade(self.scheme, self.reference, question, self.seeds).items():
                total += earned(graded)
                check.problems += [f"{question.id} {g.outcome.case.name} fails on seed {digest.decode()}: "
                                   f"{first_line(g)}" for g in graded if not g.outcome.passed]
        check.summary = f"{points(total / len(self.seeds))} / {points(self.scheme.total)} on {len(self.seeds)} seeds"
        return check

    def check_stubs(self) -> Check:
        from autograder.stubs import render_stub

        check = Check("stubs")
        stubs = load_module(render_stub(self.source), "stubs")
        total = 0.0
        for question in self.scheme.questions:
            for digest, graded in grade(self.scheme, stubs, question, self.seeds).items():
                total += earned(graded)
                check.problems += [f"{question.id} {g.outcome.case.name} passes on the stubs (seed "
                                   f"{digest.decode()}): it checks nothing the student writes"
                                   for g in graded if g.outcome.passed]
                self.keep_failures("stubs", graded)
        check.summary = f"{points(total / len(self.seeds))} / {points(self.scheme.total)} on {len(self.seeds)} seeds"
        return check

    def check_mutants(self) -> Check:
        check = Check("mutants")
        found: list[Mutant] = bank(self.scheme.root, MUTANTS, "MUTANTS")
        functions = {f: q for q in self.scheme.questions for f in q.functions}
        for mutant in found:
            label = f"{mutant.question} {mutant.function} ({mutant.why})"
            if functions.get(mutant.function) is None or functions[mutant.function].id != mutant.question:
                check.problems.append(f"{label}: {mutant.function} is not a function of question {mutant.question}")
                continue
            try:
                module = with_function(self.reference, mutant.source, "mutant")
            except Exception as error:
                check.problems.append(f"{label}: its source does not run ({type(error).__name__}: {error})")
                continue
            own = self.scheme.question(mutant.question)
            for digest, graded in grade(self.scheme, module, own, self.seeds).items():
                self.keep_failures(label, graded)
                if earned(graded) >= own.points:
                    check.problems.append(f"{label}: keeps every point of {own.id} on seed {digest.decode()}")
                elif mutant.hint and not any(mutant.hint.lower() in g.outcome.feedback.lower()
                                             for g in graded if not g.outcome.passed):
                    check.problems.append(f"{label}: its feedback does not say {mutant.hint!r} on seed "
                                          f"{digest.decode()}")
            for other in reaching(self.scheme, module, defined(mutant.source), own):
                for digest, graded in grade(self.scheme, module, other, self.seeds).items():
                    if earned(graded) < other.points:
                        lost = ", ".join(g.outcome.case.name for g in graded if not g.outcome.passed)
                        check.problems.append(f"{label}: costs points to {other.id} ({lost}) on seed "
                                              f"{digest.decode()}")
                        break
        missing = [q.id for q in self.scheme.questions if q.id not in {m.question for m in found}]
        check.summary = f"{len(found)} mutants x {len(self.seeds)} seeds" + (
            f"; no mutant for {', '.join(missing)}" if missing else "")
        return check

    def check_alternatives(self) -> Check:
        check = Check("alternatives")
        found: list[Alternative] = bank(self.scheme.root, ALTERNATIVES, "ALTERNATIVES")
        for alternative in found:
            label = f"{alternative.question} ({alternative.why})"
            try:
                names = defined(alternative.source)
                module = with_function(self.reference, alternative.source, "alternative")
            except Exception as error:
                check.problems.append(f"{label}: its source does not run ({type(error).__name__}: {error})")
                continue
            own = self.scheme.question(alternative.question)
            touched = [q for q in self.scheme.questions if q is own or names & set(q.functions)]
            touched += [q for q in reaching(self.scheme, module, names, own) if q not in touched]
            for question in touched:
                for digest, graded in grade(self.scheme, module, question, self.seeds).items():
                    check.problems += [f"{label}: {g.outcome.case.name} fails on seed {digest.decode()}: "
                                       f"{first_line(g)}" for g in graded if not g.outcome.passed]
        check.summary = f"{len(found)} alternatives x {len(self.seeds)} seeds"
        return check

    def check_mutation(self) -> Check:
        from autograder.mutate import run, survivor_block

        check = Check("mutation")
        summary, _ = run(self.scheme.root, seeds=len(self.seeds), jobs=self.jobs)
        check.problems = [survivor_block(v, len(self.seeds)) for v in summary.survivors()]
        counted = summary.counted()
        check.summary = (f"{len(summary.verdicts)} single-point mutants, kill rate "
                         f"{100 * summary.kill_rate(counted):.1f}%, {len(summary.survivors())} survivors")
        return check

    def check_hidden_feedback(self) -> Check:
        check = Check("hidden-feedback")
        for label, graded in self.failed_hidden:
            if leak := leaked(graded, self.reference, self.scheme.question(graded.outcome.case.question).timeout):
                check.problems.append(f"{graded.outcome.case.name} (failed by {label}) shows {leak}")
        check.problems = list(dict.fromkeys(check.problems))
        check.summary = f"{len(self.failed_hidden)} failed hidden cases read"
        return check

    def check_bundle(self) -> Check:
        from autograder.bundle import contents

        check = Check("bundle")
        files = contents(self.scheme.root)
        engine = {path.read_bytes() for path in Path(__file__).parent.rglob("*.py")}  # the engine's own code
        answers = answer_lines(self.source)
        hidden_names = {c.name for c in self.scheme.cases if not c.public}
        hidden_modules = {f"{c.module}.py" for c in self.scheme.cases if not c.public}
        for name, data in files.items():
            if Path(name).name in hidden_modules:
                check.problems.append(f"{name}: a hidden case module is handed out")
            if data in engine:
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            lines = {line.strip() for line in text.splitlines()}
            for answer in sorted(answers & lines):
                check.problems.append(f"{name}: holds a line of the reference's answers: {answer}")
            for case in sorted(hidden_names):
                if re.search(rf"\b{re.escape(case)}\b", text):
                    check.problems.append(f"{name}: names the hidden case {case}")
        check.summary = f"{len(files)} files read"
        return check

    def check_notebook(self) -> Check:
        from autograder.notebook import generate, student_notebook

        check = Check("notebook")
        notebooks = {path.name: json.loads(text) for path, text in generate(self.scheme.root).items()
                     if path.suffix == ".ipynb"}  # not the data files copied beside the master notebook
        notebooks["student notebook"] = student_notebook(self.scheme.root)
        cells = 0
        for name, notebook in notebooks.items():
            for index, cell in enumerate(notebook["cells"], start=1):
                if cell["cell_type"] != "code":
                    continue
                cells += 1
                try:
                    compile("".join(cell["source"]), f"{name} cell {index}", "exec")
                except SyntaxError as error:
                    check.problems.append(f"{name}, cell {index} ({cell.get('id')}), line {error.lineno}: "
                                          f"{error.msg}")
        check.summary = f"{len(notebooks)} notebooks, {cells} code cells compiled"
        return check


def first_line(graded: Graded) -> str:
    text = graded.outcome.internal.strip().splitlines()[-1:] if graded.outcome.internal else []
    return (text or graded.outcome.feedback.splitlines() or [""])[0]


def points(value: float) -> str:
    return f"{value:g}"


def answer_lines(source: str) -> set[str]:
    """The reference's lines between markers that are answers: not blank, not also outside the markers."""
    inside, outside = set(), set()
    for _, text, answer in marked_lines(source):
        (inside if answer else outside).add(text)
    return {text for text in inside - outside if len(text) >= 8 and text not in {"return x", "return None"}}


# The catalogue lines that introduce an expected value, in every language (what comes before "{value}").
EXPECTED_LINES = tuple(text.split("{value}")[0].strip() for key in ("check.reference", "check.reference_at")
                       for text in CATALOGUE[key])


def leaked(graded: Graded, reference: types.ModuleType, timeout: float) -> str:
    """What a failed hidden case's feedback gives away, or "": an expected-value line, or a number the reference
    returns for one of the calls that case made (three significant digits or more)."""
    feedback = graded.outcome.feedback
    for line in EXPECTED_LINES:
        if line in feedback:
            return f"an expected value ({line!r})"
    shown = set(re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", feedback))
    for call in graded.calls:  # inputs and the student's own results are shown on purpose
        for number in telling_numbers([call.args, call.kwargs, returned(graded.module, call, timeout)]):
            shown -= renderings(number)
    for call in graded.calls:
        for number in telling_numbers(returned(reference, call, timeout)):
            if renderings(number) & shown:
                return f"the number {number!r}, which the reference returns for {call.name}(...)"
    return ""


def returned(module: types.ModuleType, call: Call, timeout: float) -> Any:
    """What ``module`` returns for ``call`` (None when it raises)."""
    try:
        with np.errstate(all="ignore"):
            return invoke(module, call.name, call.args, call.kwargs, timeout)
    except Exception:
        return None


def telling_numbers(value: Any, limit: int = 200) -> list[float]:
    """The numbers of a result precise enough that seeing one in feedback cannot be a coincidence."""
    flat: list[float] = []
    try:
        array = np.asarray(value).ravel()
        if array.dtype.kind == "c":  # a complex answer shows its real parts
            array = np.concatenate([array.real, array.imag])
        if array.dtype.kind not in "iuf":
            raise TypeError(array.dtype)
        array = array.astype(float)
    except (TypeError, ValueError):
        if isinstance(value, (tuple, list, dict)):
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                flat += telling_numbers(item, limit - len(flat))
        return flat[:limit]
    for number in array[:limit]:
        if math.isfinite(number) and abs(number) < 1e300 and number != round(number, 2):
            flat.append(float(number))
    return flat


def renderings(number: float) -> set[str]:
    """How feedback may print ``number``: at four to seventeen significant digits, as numpy and repr do."""
    texts = {f"{number:.{digits}g}" for digits in range(4, 18)} | {repr(number), str(np.float64(number))}
    return {text for text in texts if "." in text and sum(c.isdigit() for c in text.split("e")[0]) >= 4}


RUNS: dict[str, Callable[[Verifier], Check]] = {
    "reference": Verifier.check_reference,
    "stubs": Verifier.check_stubs,
    "mutants": Verifier.check_mutants,
    "alternatives": Verifier.check_alternatives,
    "mutation": Verifier.check_mutation,
    "hidden-feedback": Verifier.check_hidden_feedback,
    "bundle": Verifier.check_bundle,
    "notebook": Verifier.check_notebook,
}


def built(scheme: Scheme) -> None:
    """The derived files are those of the sources: what verify checks is what build hands out."""
    from autograder.notebook import generate
    from autograder.layout import shown
    from autograder.preflight import AuthoringError
    from autograder.stubs import render_stub

    derived = {scheme.stub_path: render_stub(scheme.solution_path.read_text(encoding="utf-8")), **generate(scheme.root)}
    stale = [path for path, content in derived.items()
             if not path.is_file() or path.read_bytes() != (content if isinstance(content, bytes) else content.encode())]
    if stale:
        raise AuthoringError([f"{shown(path)}: missing or older than its sources: run build first" for path in stale])


def verify(scheme: Scheme, *, seeds: int = 5, jobs: int = 0, skip: Iterable[str] = ()) -> list[Check]:
    """Every check of :data:`CHECKS` but the skipped ones, in order (hidden-feedback reads what the variants
    before it failed), on an assignment whose sources autograder.preflight checked."""
    built(scheme)
    with contextlib.chdir(scheme.root):  # student code reads its data files relative to the assignment, as in the sandbox
        return verified(scheme, seeds, jobs, skip)


def verified(scheme: Scheme, seeds: int, jobs: int, skip: Iterable[str]) -> list[Check]:
    """:func:`verify`'s checks, run from the assignment's folder."""
    verifier = Verifier(scheme, seeds, jobs)
    results = []
    for name in CHECKS:
        if name in skip:
            results.append(Check(name, "left out (--skip)", skipped=True))
            continue
        started = time.perf_counter()
        check = RUNS[name](verifier)
        check.summary += f" ({time.perf_counter() - started:.1f} s)"
        results.append(check)
    return results


def table(checks: list[Check]) -> str:
    """The table, then the problems of each failed check."""
    width = max(len(c.name) for c in checks)
    lines = [f"{'check':<{width}}  {'result':<7}  detail"]
    lines += [f"{c.name:<{width}}  {c.status:<7}  {c.summary}" for c in checks]
    for check in checks:
        if check.problems:
            lines += ["", f"{check.name}: {len(check.problems)} problem(s)"]
            lines += [f"  {problem}" for problem in check.problems[:SHOWN_PROBLEMS]]
            if len(check.problems) > SHOWN_PROBLEMS:
                lines.append(f"  ... and {len(check.problems) - SHOWN_PROBLEMS} more")
    failed = [c.name for c in checks if c.problems]
    lines += ["", f"NOT READY: {', '.join(failed)} failed" if failed else "ready to hand out"]
    return "\n".join(lines)


def main(scheme: Scheme, *, seeds: int, jobs: int, skip: list[str]) -> int:
    """The ``verify`` command: print the table; 1 when a check failed."""
    checks = verify(scheme, seeds=seeds, jobs=jobs, skip=skip)
    print(table(checks))
    sys.stdout.flush()
    return 1 if any(c.problems for c in checks) else 0
