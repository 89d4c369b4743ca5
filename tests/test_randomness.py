"""Each call starts from a random state seeded from its case: a stochastic answer draws the same numbers in the
sandbox, in-process, in check.py and in otter's cells; a seed the student gives explicitly still wins."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from autograder import alarm, checking, inprocess, messages
from autograder.checking import Trial, call_seed, seed_student
from autograder.sandbox.host import Chunk, Sandbox

STUDENT = """
import random
import numpy as np
from numpy.random import default_rng

AT_LOAD = np.random.rand()

def draws():
    return [float(np.random.rand()), random.random(), float(np.random.default_rng().normal()),
            float(default_rng().normal()), float(np.random.default_rng().normal())]

def at_load():
    return AT_LOAD

def explicit():
    np.random.seed(7)
    return [float(np.random.rand()), float(np.random.default_rng(3).normal())]

class Model:
    def __init__(self):
        self.w = np.random.default_rng().normal(size=2)

    def step(self):
        self.w = self.w - np.random.rand(2)
        return self.w
"""

SEED = 123456789


def run(caller: Any) -> dict[str, Any]:
    """What one case sees from every random function of STUDENT, in a fixed order of calls."""
    t = Trial(caller, np.random.default_rng(0), seed=SEED)
    model = t.new("Model")
    return {"draws": t.call("draws").value, "again": t.call("draws").value, "explicit": t.call("explicit").value,
            "w": model.get("w").value, "step": model.call("step").value, "at_load": t.call("at_load").value}


@pytest.fixture(scope="module")
def sandboxed() -> dict[str, Any]:
    with Sandbox([Chunk(STUDENT, "devoir.py", "bloc")]) as box:
        return run(box)


def same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_the_sandbox_and_in_process_draw_the_same_numbers(sandboxed: dict[str, Any]) -> None:
    same(sandboxed, run(inprocess.Caller(inprocess.load_module(STUDENT))))


def test_two_calls_of_a_case_draw_different_numbers_and_every_source_is_seeded(sandboxed: dict[str, Any]) -> None:
    first = sandboxed["draws"]
    assert first != sandboxed["again"]
    np.random.seed(call_seed(SEED, 1))  # the second call of the case ("draws" after "Model")
    random.seed(call_seed(SEED, 1))
    assert first[:2] == [float(np.random.rand()), random.random()]
    assert first[2] != first[4]  # two unseeded generators in one call are not the same stream


def test_an_explicit_seed_of_the_student_wins(sandboxed: dict[str, Any]) -> None:
    np.random.seed(7)
    assert sandboxed["explicit"] == [float(np.random.rand()), float(np.random.default_rng(3).normal())]


def test_a_different_case_seed_gives_different_draws() -> None:
    caller = inprocess.Caller(inprocess.load_module(STUDENT))
    one = Trial(caller, np.random.default_rng(0), seed=1).call("draws").value
    other = Trial(caller, np.random.default_rng(0), seed=2).call("draws").value
    assert all(a != b for a, b in zip(one, other))


def test_without_a_case_seed_nothing_is_reseeded() -> None:
    caller = inprocess.Caller(inprocess.load_module(STUDENT))
    one = Trial(caller, np.random.default_rng(0)).call("draws").value
    other = Trial(caller, np.random.default_rng(0)).call("draws").value
    assert one[:2] != other[:2]


@pytest.fixture
def verification() -> Iterator[None]:
    """The modules check.py finds next to it in the student's bundle, taken from the package."""
    package = types.ModuleType("verification")
    package.__path__ = []  # type: ignore[attr-defined]
    saved = {name: sys.modules.get(name) for name in ("verification", "verification.alarm", "verification.messages")}
    sys.modules.update({"verification": package, "verification.alarm": alarm, "verification.messages": messages})
    yield
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


def test_check_py_draws_what_the_sandbox_draws(sandboxed: dict[str, Any], verification: None) -> None:
    from autograder.student import check

    say = check.Words({"student_file": "devoir.py", "language": "fr"})
    seed_student(0)  # as check.py does before loading the file
    namespace: dict[str, Any] = {}
    exec(compile(STUDENT, "devoir.py", "exec"), namespace)
    same(sandboxed, run(check.make_caller(namespace, [], say, checking)))
