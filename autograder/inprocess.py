"""Grading a variant of the reference inside this process: for the instructor's own code only, never a student's.

Mutants and alternatives are the reference with a few functions changed; the
sandbox would cost a process per variant and a round trip per call, while the
seed sweeps and ``python -m autograder mutate`` make tens of thousands of
calls. Here a variant is executed once into a module and each case calls into
it directly, with the same per-call timeout as the sandbox gives. The
:class:`~autograder.checking.Trial` hands every call fresh copies of its
arguments and compares them afterwards (``unchanged=True``), as the sandbox's
serialisation and its child's comparison do; the returned value goes through
the sandbox's codec, so that a case sees the very types it would see from the
sandbox (a float32 scalar stays one, a ``Fraction`` is refused), and the
checks on it are the same code on both paths.
"""

from __future__ import annotations

import copy
import math
import time
import types
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from autograder.alarm import alarm
from autograder.checking import ObjectRef, as_object, is_plain, seed_student
from autograder.messages import message
from autograder.runner import Outcome, run_case
from autograder.sandbox import codec
from autograder.scheme import Case, Question, Scheme


class Refused(Exception):
    """A returned value that cannot cross the sandbox boundary: the call fails as it would on Gradescope."""

    self_described = True  # checking.describe_error shows the sentence alone, as for the sandbox's errors


class CallTimeout(Exception):
    """A call into the variant ran past its question's timeout (what the sandbox reports as a hang)."""


def load_module(source: str, name: str = "variant") -> types.ModuleType:
    """Execute ``source`` once into a fresh module."""
    module = types.ModuleType(name)
    seed_student(0)  # as the sandbox's child loads a file
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def with_function(base: types.ModuleType, source: str, name: str = "variant") -> types.ModuleType:
    """A copy of ``base`` where the definitions in ``source`` replace its own, without recompiling the rest.

    Every other function is rebound to the copy's globals, so that a function
    calling a replaced one calls the new definition, as in a recompiled module.
    """
    module = types.ModuleType(name)
    namespace = module.__dict__
    for key, value in base.__dict__.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is base.__dict__:
            rebound = types.FunctionType(value.__code__, namespace, value.__name__, value.__defaults__,
                                         value.__closure__)
            rebound.__kwdefaults__ = value.__kwdefaults__
            rebound.__doc__ = value.__doc__
            value = rebound
        namespace[key] = value
    exec(compile(source, name, "exec"), namespace)
    return module


def deadline(seconds: float) -> AbstractContextManager[None]:
    """Raise :class:`CallTimeout` after ``seconds`` of wall clock (main thread only; elsewhere no limit)."""
    return alarm(seconds, lambda: CallTimeout(f"no answer within {seconds:g} s"))


@dataclass(frozen=True)
class Call:
    """One call a case made: enough to replay it on another module."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass
class Caller:
    """The ``caller`` of a :class:`Trial`: calls into ``module``, records every call.

    It passes on the arguments it receives, which the Trial has copied: a
    second copy here would hide a change in place from the Trial.

    Each call gets ``timeout`` seconds; with ``budget``, all calls together
    get that many, so that a variant slow on every call still ends.
    """

    module: types.ModuleType
    timeout: float = 3.0
    budget: float = math.inf
    calls: list[Call] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not any(type(a) is ObjectRef for a in (*args, *kwargs.values())):  # replayable on another module
            self.calls.append(Call(name, copy.deepcopy(args), copy.deepcopy(kwargs)))
        function = getattr(self.module, name, None)
        if not callable(function):
            raise NameError(f"la fonction {name} n'est pas définie")
        return self.bounded(name, function, args, kwargs, objects=isinstance(function, type))

    def seed(self, value: int) -> None:
        """Seed the variant's random state for the next call, as the sandbox's child does."""
        seed_student(value)

    def method(self, ref: ObjectRef, method: str, *args: Any, **kwargs: Any) -> Any:
        """A method of an object the variant returned, bounded as a function call."""
        return self.bounded(method, lambda *a, **k: getattr(ref.key, method)(*a, **k), args, kwargs)

    def attribute(self, ref: ObjectRef, name: str) -> Any:
        """An attribute of an object the variant returned (a property runs under the same deadline)."""
        return self.bounded(name, lambda: getattr(ref.key, name), (), {})

    def bounded(self, name: str, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], *,
                objects: bool = True) -> Any:
        """``function`` on the objects behind refs, under the call's deadline and the budget; its answer as the
        sandbox would give it (an object behind a ref unless ``objects`` is False: a function answers data)."""
        left = self.budget - (time.monotonic() - self.started)
        if left <= 0:
            raise CallTimeout(f"out of its {self.budget:g} s")
        args = tuple(as_object(a) for a in args)
        kwargs = {k: as_object(v) for k, v in kwargs.items()}
        with deadline(min(self.timeout, left)):
            return across_the_boundary(name, function(*args, **kwargs), objects)


def across_the_boundary(name: str, value: Any, objects: bool = False) -> Any:
    """``value`` as the sandbox would deliver it (plain data, or with ``objects`` a ref to an object), or the error
    it would report instead."""
    if objects and not is_plain(value):
        return ObjectRef(value)
    try:
        return codec.decode(codec.encode(value))
    except codec.CodecError as refused:
        raise Refused(message("call.refused", name=name, reason=str(refused))) from None


def invoke(module: types.ModuleType, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
           timeout: float) -> Any:
    """``module.name(*args, **kwargs)`` on deep copies (a recorded call replayed), under a deadline."""
    return run(module, name, copy.deepcopy(args), copy.deepcopy(kwargs), timeout)


def run(module: types.ModuleType, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], timeout: float) -> Any:
    """``module.name(*args, **kwargs)`` on these very arguments, under a deadline."""
    function = getattr(module, name, None)
    if not callable(function):
        raise NameError(f"la fonction {name} n'est pas définie")
    with deadline(timeout):
        return function(*args, **kwargs)


def run_cases(scheme: Scheme, cases: list[Case], caller: Caller, digest: bytes, *, before: list[Outcome] | None = None,
              decided: Callable[[list[Outcome]], bool] | None = None) -> list[Outcome]:
    """``before`` followed by the outcomes of ``cases`` in order, stopping as soon as ``decided`` holds of them all."""
    outcomes = list(before or [])
    for case in cases:
        if decided is not None and decided(outcomes):
            break
        outcomes.append(run_case(scheme, case, caller, digest))
    return outcomes


def over_seeds(scheme: Scheme, question: Question, caller: Caller, digests: list[bytes], *,
               decided: Callable[[list[Outcome]], bool] | None = None) -> dict[bytes, list[Outcome]]:
    """The outcomes of ``question``'s cases for each digest.

    Public cases run once (their inputs never change) and count for every
    digest; hidden ones run per digest. With ``decided``, a digest stops as
    soon as its outcomes decide, and a decision on the public ones alone holds
    for every digest.
    """
    public = run_cases(scheme, [c for c in question.cases if c.public], caller, b"", decided=decided)
    if decided is not None and decided(public):
        return {digest: public for digest in digests}
    hidden = [c for c in question.cases if not c.public]
    return {digest: run_cases(scheme, hidden, caller, digest, before=public, decided=decided) for digest in digests}


def lost(outcomes: list[Outcome]) -> bool:
    """Some case failed: the variant loses points."""
    return any(not outcome.passed for outcome in outcomes)


def question_of(scheme: Scheme) -> dict[str, Question]:
    """The question that grades each function."""
    return {function: question for question in scheme.questions for function in question.functions}
