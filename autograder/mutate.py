"""``python -m autograder mutate``: single-point changes to the reference's answers, each graded across seeds.

A mutant that keeps every point of its question on some seed is a gap in the
cases (or a change no input can see: those are listed, with a reason, in
``tests/mutants/equivalent.yaml``). The report gives, per question, the kill
rate and, for each survivor, an input on which it differs from the reference,
so that a case author knows what input to add.

The reference is the instructor's own code: mutants run in worker processes
of this machine, not in the sandbox, with the question's timeout per call.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import itertools
import os
import random
import resource
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from autograder.inprocess import Call, Caller, invoke, load_module, lost, over_seeds, question_of, with_function
from autograder.layout import EQUIVALENT, marked_lines
from autograder.scheme import Question, Scheme

WORKER_MEMORY = 4 << 30  # bytes of address space per worker: a mutant that allocates without end fails alone
MUTANT_BUDGET = 60.0  # seconds for all the calls of one mutant: past it, every call fails (the mutant is killed)

# ---------------------------------------------------------------------------
# The changes
# ---------------------------------------------------------------------------

OPERATOR_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Add: (ast.Sub,), ast.Sub: (ast.Add,), ast.Mult: (ast.Div,), ast.Div: (ast.Mult,),
    ast.FloorDiv: (ast.Div,), ast.Pow: (ast.Mult,), ast.MatMult: (ast.Mult,), ast.Mod: (ast.FloorDiv,),
}
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow, ast.MatMult, ast.Mod)
COMPARISON_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.GtE), ast.Gt: (ast.GtE, ast.Lt), ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,), ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,), ast.NotIn: (ast.In,),
}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**",
           ast.MatMult: "@", ast.Mod: "%", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
           ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
FUNCTION_SWAPS = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "amax": "amin", "amin": "amax",
                  "argmax": "argmin", "argmin": "argmax", "maximum": "minimum", "minimum": "maximum",
                  "nanmax": "nanmin", "nanmin": "nanmax"}
AXIS_SWAPS = {0: (1,), 1: (0,), -1: (0,), -2: (-1,)}
COMMUTATIVE_CALLS = {"logaddexp", "maximum", "minimum", "add", "multiply", "hypot", "fmax", "fmin"}
DROPPED_CALLS = {"abs", "fabs"}  # f(x) -> x: |x| for x
METADATA = {"shape", "ndim", "size", "dtype"}  # |x| for x changes none of these


@dataclass(frozen=True)
class Mutation:
    """The reference with one function changed at one point."""

    function: str
    line: int  # in the reference
    change: str  # what changed, e.g. "max -> min"
    statement: str  # the changed statement (its header for a compound one), one line
    source: str  # the whole changed function

    @property
    def key(self) -> str:
        """How tests/mutants/equivalent.yaml names it: stable while the statement itself is unchanged."""
        return f"{self.function}: {self.statement}"


def solution_lines(source: str) -> set[int]:
    """Line numbers strictly between a ``# BEGIN SOLUTION`` and its ``# END SOLUTION``."""
    return {number for number, _, inside in marked_lines(source) if inside}


def walk(node: ast.AST) -> Iterator[tuple[ast.AST, str, int | None, ast.AST]]:
    """Every descendant as ``(parent, field, index in the field's list or None, node)``, in a fixed order."""
    for name, value in ast.iter_fields(node):
        if isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, ast.AST):
                    yield node, name, index, child
                    yield from walk(child)
        elif isinstance(value, ast.AST):
            yield node, name, None, value
            yield from walk(value)


def call_name(call: ast.Call) -> str:
    """``sum`` for ``np.sum(...)``, ``x.sum(...)`` and ``sum(...)``."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def text(node: ast.AST, limit: int = 60) -> str:
    """Short source text of a node."""
    rendered = ast.unparse(node)
    return rendered if len(rendered) <= limit else rendered[:limit - 3] + "..."


@dataclass(frozen=True)
class Context:
    """What the changes of one function may draw on: its words, and its parameters that take negative reals."""

    strings: list[str]
    signed: set[str]


def changes(node: ast.AST, parent: ast.AST, context: Context) -> Iterator[tuple[str, ast.AST]]:
    """The single-point changes of ``node`` (a child of ``parent``): ``(description, replacement)``."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in context.signed \
            and not (isinstance(parent, ast.Call) and call_name(parent) in DROPPED_CALLS) \
            and not (isinstance(parent, ast.Attribute) and parent.attr in METADATA):
        yield f"{node.id} -> |{node.id}|", ast.Call(ast.Attribute(ast.Name("np", ast.Load()), "abs", ast.Load()),
                                                     [node], [])
    elif isinstance(node, ast.BinOp):
        yield from binop_changes(node)
    elif isinstance(node, ast.AugAssign):
        for new in OPERATOR_SWAPS.get(type(node.op), ()):
            yield f"{SYMBOLS[type(node.op)]}= -> {SYMBOLS[new]}=", ast.AugAssign(node.target, new(), node.value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        yield f"{text(node)} -> {text(node.operand)}", node.operand
    elif isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            for new in COMPARISON_SWAPS.get(type(op), ()):
                ops = [*node.ops[:index], new(), *node.ops[index + 1:]]
                yield f"{SYMBOLS[type(op)]} -> {SYMBOLS[new]}", ast.Compare(node.left, ops, node.comparators)
    elif isinstance(node, ast.Constant):
        yield from constant_changes(node, context.strings)
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        yield f"{text(node)} -> {text(node.value)}", node.value
    elif isinstance(node, ast.Call):
        yield from call_changes(node)
    elif isinstance(node, ast.Return) and node.value is not None and not isinstance(
            node.value, (ast.Constant, ast.Dict, ast.Tuple, ast.DictComp)):
        yield "result negated", ast.Return(ast.UnaryOp(ast.USub(), node.value))


def binop_changes(node: ast.BinOp) -> Iterator[tuple[str, ast.AST]]:
    """Another operator, swapped operands, a dropped term or factor, an added transpose."""
    for new in OPERATOR_SWAPS.get(type(node.op), ()):
        yield f"{SYMBOLS[type(node.op)]} -> {SYMBOLS[new]}", ast.BinOp(node.left, new(), node.right)
    if isinstance(node.op, NON_COMMUTATIVE):
        yield f"operands of {SYMBOLS[type(node.op)]} swapped", ast.BinOp(node.right, node.op, node.left)
    if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        yield f"{text(node)} -> {text(node.left)}", node.left
    if isinstance(node.op, (ast.Add, ast.Mult)):
        yield f"{text(node)} -> {text(node.right)}", node.right
    if isinstance(node.op, ast.MatMult):
        if not (isinstance(node.left, ast.Attribute) and node.left.attr == "T"):
            yield f"{text(node.left)} -> {text(node.left)}.T", \
                ast.BinOp(ast.Attribute(node.left, "T", ast.Load()), node.op, node.right)
        if not (isinstance(node.right, ast.Attribute) and node.right.attr == "T"):
            yield f"{text(node.right)} -> {text(node.right)}.T", \
                ast.BinOp(node.left, node.op, ast.Attribute(node.right, "T", ast.Load()))


def constant_changes(node: ast.Constant, strings: list[str]) -> Iterator[tuple[str, ast.AST]]:
    """0 <-> 1, k -> k +- 1, k -> -k for small numbers; -k and 0 for large ones; True <-> False; another word."""
    value = node.value
    if isinstance(value, bool):
        yield f"{value} -> {not value}", ast.Constant(not value)
    elif isinstance(value, (int, float)):
        kind = type(value)
        candidates = [value + 1, value - 1, -value, 0, 1] if abs(value) <= 10 else [-value, 0]
        seen = {value}
        for new in candidates:
            new = kind(new)
            if new not in seen:
                seen.add(new)
                yield f"{value!r} -> {new!r}", ast.Constant(new)
    elif isinstance(value, str):
        for other in strings:
            if other != value:
                yield f"{value!r} -> {other!r}", ast.Constant(other)


def call_changes(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    """Reductions swapped, axes changed or dropped, arguments swapped, |x| for x."""
    name = call_name(node)
    if name in FUNCTION_SWAPS and isinstance(node.func, (ast.Attribute, ast.Name)):
        func = copy.copy(node.func)
        if isinstance(func, ast.Attribute):
            func.attr = FUNCTION_SWAPS[name]
        else:
            func.id = FUNCTION_SWAPS[name]
        yield f"{name} -> {FUNCTION_SWAPS[name]}", ast.Call(func, node.args, node.keywords)
    for index, keyword in enumerate(node.keywords):
        axis = literal(keyword.value)
        if keyword.arg == "axis" and isinstance(axis, int):
            others = [k for k in node.keywords if k is not keyword]
            for new in AXIS_SWAPS.get(axis, ()):
                keywords = [*node.keywords[:index], ast.keyword("axis", ast.Constant(new)), *node.keywords[index + 1:]]
                yield f"axis={axis} -> axis={new}", ast.Call(node.func, node.args, keywords)
            yield f"axis={axis} dropped", ast.Call(node.func, node.args, others)
    if name not in COMMUTATIVE_CALLS:
        for index in range(len(node.args) - 1):
            first, second = node.args[index], node.args[index + 1]
            if not any(isinstance(a, ast.Starred) for a in (first, second)):
                args = [*node.args[:index], second, first, *node.args[index + 2:]]
                yield f"arguments {text(first, 25)} and {text(second, 25)} of {name} swapped", \
                    ast.Call(node.func, args, node.keywords)
    if name in DROPPED_CALLS and len(node.args) == 1 and not node.keywords:
        yield f"{text(node)} -> {text(node.args[0])}", node.args[0]


def literal(node: ast.AST) -> Any:
    """The value of a literal node such as ``-1``, or None."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def parameter_kinds(calls: list[Call], parameters: list[str]) -> dict[str, frozenset[str]]:
    """What each parameter received in the recorded calls: parameters of the same kind may be confused."""
    kinds: dict[str, set[str]] = {name: set() for name in parameters}
    for call in calls:
        for name, value in arguments(call, parameters):
            if name in kinds:
                kinds[name].add(kind_of(value))
    return {name: frozenset(values) for name, values in kinds.items() if values}


def arguments(call: Call, parameters: list[str]) -> list[tuple[str, Any]]:
    """``(parameter, value)`` for each argument of a recorded call."""
    return [*zip(parameters, call.args), *call.kwargs.items()]


def signed(calls: list[Call], parameters: list[str]) -> set[str]:
    """The parameters given real numbers, negative ones among them: |x| for x is a mistake the cases can see."""
    def negative(value: Any) -> bool:
        return (isinstance(value, (float, np.floating)) or isinstance(value, np.ndarray) and value.dtype.kind == "f") \
            and bool(np.any(np.asarray(value) < 0))

    return {name for call in calls for name, value in arguments(call, parameters) if negative(value)}


def kind_of(value: Any) -> str:
    """``int``, ``float``, ``array2``... the sort of value an argument is."""
    if isinstance(value, np.ndarray):
        return f"array{value.ndim}{value.dtype.kind}"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "float"
    return type(value).__name__


def statement_line(statement: ast.stmt) -> str:
    """A statement on one line; the header alone for a compound statement."""
    if isinstance(statement, (ast.If, ast.For, ast.While, ast.With)):
        statement = copy.copy(statement)
        statement.body, statement.orelse = [ast.Pass()], []
        return ast.unparse(statement).splitlines()[0]
    return " ".join(ast.unparse(statement).split())


def mutations(reference: str, calls: dict[str, list[Call]] | None = None) -> list[Mutation]:
    """Every single-point change of the solution regions, each once (the first change that gives a source wins).

    ``calls``, the reference's recorded calls per function, tells which
    parameters are of the same kind (they may be swapped) and which take
    negative reals (``|x|`` for ``x`` is then a change the cases can see).
    """
    tree = ast.parse(reference)
    inside = solution_lines(reference)
    found: dict[str, Mutation] = {}
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef):
            continue
        original = ast.unparse(function)
        strings = sorted({n.value for n in ast.walk(function) if isinstance(n, ast.Constant)
                          and isinstance(n.value, str) and n.lineno in inside} - formatted_strings(function))
        recorded = (calls or {}).get(function.name, [])
        parameters = [a.arg for a in function.args.args]
        kinds = parameter_kinds(recorded, parameters)
        candidates = list(point_mutations(function, inside, Context(strings, signed(recorded, parameters))))
        candidates += swapped_parameters(function, inside, kinds)
        for line, change, statement, changed in candidates:
            source = ast.unparse(ast.fix_missing_locations(changed))
            if source != original and source not in found:
                found[source] = Mutation(function.name, line, change, statement, source)
    return list(found.values())


def formatted_strings(function: ast.FunctionDef) -> set[str]:
    """The literal parts of f-strings and error messages: changing them changes no answer."""
    words: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, (ast.JoinedStr, ast.Raise)):
            words |= {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return words


def point_mutations(function: ast.FunctionDef, inside: set[int],
                    context: Context) -> Iterator[tuple[int, str, str, ast.FunctionDef]]:
    """``(line, change, changed statement, changed function)`` for each change of a node of the solution region."""
    skipped = {id(n) for node in ast.walk(function) if isinstance(node, (ast.JoinedStr, ast.Raise))
               for n in ast.walk(node)}
    positions = [(i, parent, node) for i, (parent, _, _, node) in enumerate(walk(function))
                 if getattr(node, "lineno", None) in inside and id(node) not in skipped]
    for position, parent, node in positions:
        for change, replacement in changes(node, parent, context):
            changed = copy.deepcopy(function)
            statement = replace_at(changed, position, copy.deepcopy(replacement))
            yield node.lineno, change, statement_line(statement), changed


def replace_at(function: ast.FunctionDef, position: int, replacement: ast.AST) -> ast.stmt:
    """Put ``replacement`` at the ``position``-th node of :func:`walk`; return the statement that holds it."""
    statement: ast.stmt = function
    for i, (parent, name, index, node) in enumerate(walk(function)):
        if isinstance(node, ast.stmt):
            statement = node
        if i == position:
            if index is None:
                setattr(parent, name, replacement)
            else:
                getattr(parent, name)[index] = replacement
            if isinstance(replacement, ast.stmt):
                statement = replacement
            return statement
    raise IndexError(position)


def swapped_parameters(function: ast.FunctionDef, inside: set[int],
                       kinds: dict[str, frozenset[str]]) -> Iterator[tuple[int, str, str, ast.FunctionDef]]:
    """Two parameters of the same kind exchanged throughout the answer (``i`` for ``j`` and ``j`` for ``i``)."""
    parameters = [a.arg for a in function.args.args]
    used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and n.lineno in inside}
    for a_index, first in enumerate(parameters):
        for second in parameters[a_index + 1:]:
            if first in used and second in used and kinds.get(first) and kinds.get(first) == kinds.get(second):
                changed = copy.deepcopy(function)
                for node in ast.walk(changed):
                    if isinstance(node, ast.Name) and getattr(node, "lineno", 0) in inside \
                            and node.id in (first, second):
                        node.id = second if node.id == first else first
                yield function.lineno, f"parameters {first} and {second} swapped", \
                    f"{first} <-> {second} in {function.name}", changed


# ---------------------------------------------------------------------------
# Grading
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    """What the cases made of one mutant."""

    mutation: Mutation
    question: str
    survived: tuple[int, ...]  # the seeds on which every case of its question passed
    difference: str = ""  # for a survivor: an input on which it differs from the reference


@dataclass
class Grader:
    """What a worker needs, built once per process."""

    root: Path
    seeds: int
    scheme: Scheme = field(init=False)
    reference: types.ModuleType = field(init=False)
    questions: dict[str, Question] = field(init=False)

    def __post_init__(self) -> None:
        self.scheme = Scheme.load(self.root)
        self.reference = load_module(self.scheme.solution_path.read_text(encoding="utf-8"), "reference")
        self.questions = question_of(self.scheme)

    def digests(self) -> list[bytes]:
        return [b"mutate-%d" % seed for seed in range(self.seeds)]

    def record(self) -> dict[str, list[Call]]:
        """The reference's calls per function, over the public cases and every seed of the hidden ones."""
        calls: dict[str, list[Call]] = {}
        for question in self.scheme.questions:
            caller = Caller(self.reference, question.timeout)
            over_seeds(self.scheme, question, caller, self.digests())
            for call in caller.calls:
                calls.setdefault(call.name, []).append(call)
        return calls

    def grade(self, mutation: Mutation) -> Verdict:
        """Kill on every seed, or survive with the seeds it survives and an input that tells it apart."""
        question = self.questions[mutation.function]
        try:
            module = with_function(self.reference, mutation.source, "mutant")
        except Exception:  # the change breaks the definition itself: the function is missing, every case fails
            return Verdict(mutation, question.id, ())
        caller = Caller(module, question.timeout, budget=MUTANT_BUDGET)
        outcomes = over_seeds(self.scheme, question, caller, self.digests(), decided=lost)
        survived = tuple(seed for seed, digest in enumerate(self.digests()) if not lost(outcomes[digest]))
        if not survived:
            return Verdict(mutation, question.id, ())
        return Verdict(mutation, question.id, survived, self.difference(module, mutation.function, caller.calls))

    def difference(self, mutant: types.ModuleType, function: str, calls: list[Call]) -> str:
        """An input of ``function`` on which the mutant and the reference disagree, or why none was found."""
        timeout = self.questions[function].timeout
        with np.errstate(all="ignore"):
            return self.first_difference(mutant, function, itertools.chain(calls, variants(calls, function)), timeout)

    def first_difference(self, mutant: types.ModuleType, function: str, calls: Iterable[Call], timeout: float) -> str:
        """The first of ``calls`` on which the mutant and the reference disagree, written out."""
        for call in calls:
            if call.name != function:
                continue
            try:
                expected = invoke(self.reference, call.name, call.args, call.kwargs, timeout)
            except Exception:
                continue  # outside what the reference accepts
            if got := disagreement(mutant, call, expected, timeout):
                return f"{shown(call)}\n    reference: {rendered(expected)}\n    mutant:    {got}"
        return "no input found on which it differs (equivalent? then list it in tests/mutants/equivalent.yaml)"


def disagreement(mutant: types.ModuleType, call: Call, expected: Any, timeout: float) -> str:
    """What the mutant gives for ``call`` when that is not ``expected``; "" when they agree."""
    try:
        got = invoke(mutant, call.name, call.args, call.kwargs, timeout)
    except Exception as error:
        return f"raises {type(error).__name__}"
    return "" if same(got, expected) else rendered(got)


def variants(calls: list[Call], function: str, per_call: int = 24) -> Iterator[Call]:
    """The recorded calls of ``function`` with one argument pushed to a regime the cases may miss."""
    rng = np.random.default_rng(0)
    distinct = {shown(c): c for c in calls if c.name == function and (c.args or c.kwargs)}
    for call in list(distinct.values())[:8]:
        for index, value in enumerate(call.args):
            for new in list(pushed(value, rng))[:per_call]:
                yield Call(call.name, (*call.args[:index], new, *call.args[index + 1:]), call.kwargs)


def pushed(value: Any, rng: np.random.Generator) -> Iterator[Any]:
    """Neighbours of one argument: signs, scales, large shifts, a wide spread, zeros, fresh random draws."""
    if isinstance(value, (bool, np.bool_)):
        return
    if isinstance(value, (int, np.integer)):
        yield from (value + 1, value - 1, 0, 2 * value, value // 2)
    elif isinstance(value, (float, np.floating)):
        yield from (-value, value * 1000, value / 1000, 0.5, 0.0, 1e300)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        spread = np.linspace(0.0, 1000.0, value.size).reshape(value.shape)
        reversed_spread = np.linspace(1000.0, 0.0, value.size).reshape(value.shape)
        yield from (-value, np.abs(value), -np.abs(value), value * 1000, value / 1000, value + 1000,
                    value - 1000, spread, reversed_spread, np.zeros_like(value), value * 0.5)
        for scale in (1.0, 10.0, 800.0):
            yield rng.normal(0.0, scale, size=value.shape)


def same(a: Any, b: Any) -> bool:
    """Equal as the grader would see it, to 1e-9 relative (NaN where NaN)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b) \
            and any(isinstance(v, (tuple, list, dict, str, np.ndarray)) for v in (*a, *b)):
        return all(same(x, y) for x, y in zip(a, b))
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return bool(a == b)
    if x.shape != y.shape:
        return False
    with np.errstate(invalid="ignore"):
        return bool(np.all((x == y) | (np.isnan(x) & np.isnan(y)) | (np.abs(x - y) <= 1e-9 * np.abs(y))))


def shown(call: Call) -> str:
    """A call written out so that it can be pasted into a case."""
    arguments = [rendered(a) for a in call.args] + [f"{k}={rendered(v)}" for k, v in call.kwargs.items()]
    return f"{call.name}({', '.join(arguments)})"


def rendered(value: Any) -> str:
    """``repr`` on one line, with numpy's full precision."""
    with np.printoptions(precision=17, floatmode="maxprec", threshold=200, linewidth=10_000):
        return " ".join(repr(value).split())


# ---------------------------------------------------------------------------
# Running and reporting
# ---------------------------------------------------------------------------

_GRADER: Grader | None = None


def start_worker(root: Path, seeds: int) -> None:
    """Build the worker's :class:`Grader` once; cap its memory so that one mutant cannot take the machine."""
    global _GRADER
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (min(WORKER_MEMORY, hard) if hard != resource.RLIM_INFINITY
                                                else WORKER_MEMORY, hard))
    except (ValueError, OSError):
        pass  # a system that does not limit address space (macOS): no cap
    _GRADER = Grader(root, seeds)


def grade_in_worker(mutation: Mutation) -> Verdict:
    assert _GRADER is not None
    return _GRADER.grade(mutation)


def equivalents(path: Path) -> dict[str, str]:
    """``key -> reason`` from the file of equivalent mutants."""
    if not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {f"{e['function']}: {e['mutant']}": str(e["why"]) for e in entries}


def selected(all_mutations: list[Mutation], questions: dict[str, Question], wanted: list[str],
             sample: int) -> list[Mutation]:
    """The mutations of the wanted questions (an id, or a part number for all its questions), maybe a sample."""
    def matches(question: Question) -> bool:
        return not wanted or any(question.id == w or (w.isdigit() and question.part == int(w)) for w in wanted)

    chosen = [m for m in all_mutations if matches(questions[m.function])]
    if sample and sample < len(chosen):
        chosen = sorted(random.Random(0).sample(chosen, sample), key=all_mutations.index)
    return chosen


@dataclass
class Summary:
    """Every verdict of a run, with the equivalent mutants set apart."""

    verdicts: list[Verdict]
    equivalent: dict[str, str]
    seeds: int
    generated: int  # mutants generated before selection: a full run can tell stale equivalents

    def counted(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.mutation.key not in self.equivalent]

    def survivors(self) -> list[Verdict]:
        return [v for v in self.counted() if v.survived]

    def kill_rate(self, verdicts: list[Verdict]) -> float:
        return 1.0 if not verdicts else sum(not v.survived for v in verdicts) / len(verdicts)

    def report(self, scheme: Scheme) -> str:
        lines = [f"{len(self.verdicts)} mutants, {self.seeds} seeds each "
                 f"({len(self.verdicts) - len(self.counted())} equivalent, left out)", ""]
        lines.append(f"{'question':<9} {'mutants':>7} {'killed':>7} {'equiv.':>7} {'kill rate':>10}")
        for question in scheme.questions:
            mine = [v for v in self.verdicts if v.question == question.id]
            counted = [v for v in mine if v.mutation.key not in self.equivalent]
            if mine:
                lines.append(f"{question.id:<9} {len(mine):>7} {sum(not v.survived for v in counted):>7} "
                             f"{len(mine) - len(counted):>7} {100 * self.kill_rate(counted):>9.1f}%")
        for part in scheme.parts:
            ids = {q.id for q in scheme.questions if q.part == part.number}
            counted = [v for v in self.counted() if v.question in ids]
            if counted:
                survivors = sum(bool(v.survived) for v in counted)
                lines.append(f"part {part.number}: {len(counted)} mutants, "
                             f"kill rate {100 * self.kill_rate(counted):.1f}%, {survivors} survivors")
        lines.append(f"all: kill rate {100 * self.kill_rate(self.counted()):.1f}%, {len(self.survivors())} survivors")
        for verdict in self.survivors():
            lines += ["", survivor_block(verdict, self.seeds)]
        stale = sorted(set(self.equivalent) - {v.mutation.key for v in self.verdicts})
        if stale and len(self.verdicts) == self.generated:
            lines += ["", "equivalent.yaml names mutants that no longer exist:", *(f"  {key}" for key in stale)]
        return "\n".join(lines)


def survivor_block(verdict: Verdict, seeds: int) -> str:
    """One survivor: question, change, seeds it survives, an input that tells it apart."""
    mutation = verdict.mutation
    return "\n".join([
        f"--- {verdict.question} {mutation.function} (line {mutation.line}): {mutation.change}",
        f"  mutant:   {mutation.statement}",
        f"  survives: {len(verdict.survived)} of {seeds} seeds ({', '.join(map(str, verdict.survived[:10]))}"
        f"{', ...' if len(verdict.survived) > 10 else ''})",
        f"  differs:  {verdict.difference}",
        f"  if no valid input tells it apart, add to {EQUIVALENT}:",
        f"    - {{function: {mutation.function}, mutant: {yaml_string(mutation.statement)}, why: ...}}",
    ])


def yaml_string(value: str) -> str:
    """A single-quoted YAML scalar: safe inside a flow mapping, whatever the statement holds."""
    return "'" + value.replace("'", "''") + "'"


def run(root: Path, *, seeds: int = 5, jobs: int = 0, questions: list[str] | None = None, sample: int = 0,
        equivalent_file: Path | None = None,
        progress: Callable[[int, int], None] | None = None) -> tuple[Summary, Scheme]:
    """Generate, select and grade the mutants; ``jobs`` processes (0: every core; 1: this process).

    Student code runs from the assignment's folder, as in the sandbox: its data files at their relative paths.
    """
    root = root.resolve()
    equivalent_file = equivalent_file.resolve() if equivalent_file else None
    with contextlib.chdir(root):
        return mutated(root, seeds, jobs, questions, sample, equivalent_file, progress)


def mutated(root: Path, seeds: int, jobs: int, questions: list[str] | None, sample: int,
            equivalent_file: Path | None, progress: Callable[[int, int], None] | None) -> tuple[Summary, Scheme]:
    """:func:`run`, from the assignment's folder."""
    grader = Grader(root, seeds)
    reference = grader.scheme.solution_path.read_text(encoding="utf-8")
    every = mutations(reference, grader.record())
    chosen = selected(every, grader.questions, questions or [], sample)
    jobs = jobs or os.cpu_count() or 1
    verdicts: list[Verdict] = []
    if jobs == 1:
        for mutation in chosen:
            verdicts.append(grader.grade(mutation))
            if progress:
                progress(len(verdicts), len(chosen))
    else:
        with ProcessPoolExecutor(jobs, initializer=start_worker, initargs=(root, seeds)) as pool:
            try:
                for verdict in pool.map(grade_in_worker, chosen, chunksize=4):
                    verdicts.append(verdict)
                    if progress:
                        progress(len(verdicts), len(chosen))
            except BrokenProcessPool:
                raise RuntimeError("a worker died while grading mutants (out of memory?); "
                                   "rerun with --jobs 1 to see which mutant") from None
    equivalent = equivalents(equivalent_file or root / EQUIVALENT)
    return Summary(verdicts, equivalent, seeds, len(every)), grader.scheme


def main(root: Path, *, seeds: int, jobs: int, questions: list[str], sample: int, out: Path | None) -> int:
    """The ``mutate`` command: print (and write) the report; non-zero when a non-equivalent mutant survives."""
    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} mutants graded", end="" if done < total else "\n", file=sys.stderr)

    started = time.perf_counter()
    summary, scheme = run(root, seeds=seeds, jobs=jobs, questions=questions, sample=sample, progress=progress)
    report = summary.report(scheme)
    print(report)
    print(f"graded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if out:
        out.write_text(report + "\n", encoding="utf-8")
    return 1 if summary.survivors() else 0
