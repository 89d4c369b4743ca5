"""``python -m autograder mutate``: the changes it makes, the file of equivalent mutants, and a sample in CI.

CI runs the full mutation (about a thousand mutants, 50 seeds each, a few
seconds) through the command line, worker pool included; bench/mutate.py
adds the seed sweep and writes the figures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from autograder.cli import main
from autograder.inprocess import Call, Caller, CallTimeout, load_module, with_function
from autograder.mutate import EQUIVALENT, Grader, equivalents, mutations, same
from autograder.scheme import ROOT

TOY = '''\
import numpy as np


def f(x, W, i, j):
    """Outside the answer: never changed."""
    y = x + 1
    # BEGIN SOLUTION
    s = np.max(x, axis=0)
    if i < j:
        return -W.T @ x + 2 * s
    return np.abs(x) / 3
    # END SOLUTION
'''
TOY_CALLS = {"f": [Call("f", (np.array([1.0, -2.0]), np.eye(2), 0, 1), {})]}


@pytest.fixture(scope="module")
def toy() -> dict[str, set[str]]:
    """The changed statements of the toy answer, by description of the change."""
    found: dict[str, set[str]] = {}
    for mutation in mutations(TOY, TOY_CALLS):
        found.setdefault(mutation.change, set()).add(mutation.statement)
    return found


@pytest.mark.parametrize("change, statement", [
    ("+ -> -", "return -W.T @ x - 2 * s"),
    ("/ -> *", "return np.abs(x) * 3"),
    ("operands of / swapped", "return 3 / np.abs(x)"),
    ("2 -> 3", "return -W.T @ x + 3 * s"),
    ("< -> <=", "if i <= j:"),
    ("< -> >", "if i > j:"),
    ("-W.T -> W.T", "return W.T @ x + 2 * s"),
    ("W.T -> W", "return -W @ x + 2 * s"),
    ("x -> x.T", "return -W.T @ x.T + 2 * s"),
    ("max -> min", "s = np.min(x, axis=0)"),
    ("axis=0 -> axis=1", "s = np.max(x, axis=1)"),
    ("axis=0 dropped", "s = np.max(x)"),
    ("np.abs(x) -> x", "return x / 3"),
    ("result negated", "return -(np.abs(x) / 3)"),
    ("parameters i and j swapped", "i <-> j in f"),
    ("x -> |x|", "s = np.max(np.abs(x), axis=0)"),
])
def test_each_kind_of_change_is_made(toy: dict[str, set[str]], change: str, statement: str) -> None:
    assert statement in toy.get(change, set())


def test_only_the_solution_region_changes(toy: dict[str, set[str]]) -> None:
    assert all("y = x" not in statement for statements in toy.values() for statement in statements)
    assert "parameters x and W swapped" not in toy  # a vector and a matrix are never confused
    assert "np.abs(np.abs(x))" not in str(toy) and "i -> |i|" not in toy  # no |x| of |x|, no |i| of an index


def test_values_compare_as_the_grader_sees_them() -> None:
    assert same(np.array([1.0, np.nan]), np.array([1.0 + 1e-12, np.nan]))
    assert not same(np.array([1.0, 2.0]), np.array([[1.0, 2.0]]))
    assert same({"a": (3, 2)}, {"a": (3, 2)}) and not same({"a": (3, 2)}, {"a": (2, 3)})
    assert not same("lissage", "decalage") and not same(4.0, 3.5)


def test_a_survivor_is_shown_with_an_input_that_tells_it_apart() -> None:
    grader = Grader(ROOT, seeds=1)
    calls = grader.record()["softmax"]
    source = ("def softmax(x):\n    e = np.exp(x - np.min(x, axis=-1, keepdims=True))\n"
              "    return e / e.sum(axis=-1, keepdims=True)\n")
    difference = grader.difference(with_function(grader.reference, source), "softmax", calls)
    assert difference.startswith("softmax(") and "nan" in difference


def test_a_hanging_mutant_is_cut_off_by_its_timeout_and_its_budget() -> None:
    module = load_module("def spin(x):\n    while True:\n        x += 1\n")
    with pytest.raises(CallTimeout):
        Caller(module, timeout=0.05)("spin", 0)
    spent = Caller(module, timeout=10.0, budget=0.05)
    with pytest.raises(CallTimeout):
        spent("spin", 0)
    with pytest.raises(CallTimeout):  # the budget is spent: the next call fails at once
        spent("spin", 0)


def test_every_equivalent_mutant_is_explained_and_still_generated() -> None:
    entries = yaml.safe_load((ROOT / EQUIVALENT).read_text(encoding="utf-8"))
    assert all(set(e) == {"function", "mutant", "why"} and str(e["why"]).strip() for e in entries)
    generated = {m.key for m in mutations((ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8"),
                                          Grader(ROOT, seeds=1).record())}
    assert sorted(set(equivalents(ROOT / EQUIVALENT)) - generated) == []


def test_every_mutant_of_the_reference_dies_on_every_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The full run, about a thousand mutants x 50 seeds, through the command line and its worker pool."""
    out = tmp_path / "mutate.txt"
    code = main(["mutate", "--seeds", "50", "--jobs", "2", "--out", str(out)])
    report = out.read_text(encoding="utf-8")
    assert code == 0, report
    assert "all: kill rate 100.0%, 0 survivors" in report and "kill rate 100.0%" in capsys.readouterr().out
