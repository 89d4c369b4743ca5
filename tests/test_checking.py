"""Hints follow what differs: a sign, a factor, a transposition, a shape, NaN or overflow; never a value."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder import checking as checking_api
from autograder import cli
from autograder.notebook import master_notebook
from autograder.runner import grade_path
from autograder.scheme import Scheme

WANT = np.array([1.0, -2.0, 3.0])
SQUARE = np.array([[1.0, 2.0], [3.0, 4.0]])


@pytest.fixture(scope="module")
def checking() -> ModuleType:
    return checking_api


def hint_of(checking: ModuleType, got: Any, want: Any, **options: Any) -> str:
    with pytest.raises(checking.Failure) as failure:
        checking.Result(got, "f(x)").close_to(want, **options)
    return failure.value.hint


@pytest.mark.parametrize("got, want, options, words", [
    (-WANT, WANT, {}, "erreur de signe"),
    (2 * WANT, WANT, {}, "2 fois"),
    (WANT / 2, WANT, {}, "1/2 fois"),
    (-2 * WANT, WANT, {}, "erreur de signe"),
    (WANT * 5, WANT, {"factors": {"n": 5}}, "facteur n en trop"),
    (WANT / 5, WANT, {"factors": {"n": 5}}, "facteur n oublié"),
    (WANT * 1.37, WANT, {}, "proportionnel"),
    (np.abs(WANT), WANT, {}, "certains éléments"),
    (SQUARE.T, SQUARE, {}, "transposée"),
    (np.array([np.nan, -2.0, 3.0]), WANT, {}, "0/0"),
    (np.array([np.inf, -2.0, 3.0]), WANT, {}, "déborde"),
    (np.array([1.0, -np.inf, 3.0]), WANT, {}, "logarithme"),
    (np.ones((2, 3)), np.ones((3, 2)), {}, "transposée"),
    (np.ones((3, 1)), WANT, {}, "(n, 1)"),
    (np.ones((3, 3)), WANT, {}, "diffusion"),
    (np.ones(2), np.ones(6), {}, "mauvais axe"),
    (np.array([1.0, -2.0, 4.0]), WANT, {"hint": "la piste du cas"}, "la piste du cas"),
    (-WANT, WANT, {"hint": "la piste du cas", "mistakes": [(-WANT, "erreur connue")]}, "erreur connue"),
    (-WANT, WANT, {"hint": "la moyenne, pas la somme"}, "erreur de signe"),
])
def test_the_hint_names_what_differs(checking: ModuleType, got: Any, want: Any, options: dict, words: str) -> None:
    assert words in hint_of(checking, got, want, **options)


def test_no_hint_gives_a_value(checking: ModuleType) -> None:
    want = np.array([0.123456, -7.654321])
    for got in (-want, 2 * want, want * 1.37, want / 3):
        text = hint_of(checking, got, want, factors={"n": 3})
        assert not any(f"{v:.3g}"[:4] in text.replace(",", ".") for v in (*want, *got))


def test_finite_tells_overflow_from_zero_over_zero(checking: ModuleType) -> None:
    for value, words in ((np.array([np.inf]), "déborde"), (np.array([np.nan]), "0/0")):
        with pytest.raises(checking.Failure) as failure:
            checking.Result(value, "f(x)").finite()
        assert words in failure.value.hint


def test_exact_answers_get_a_hint_too(checking: ModuleType) -> None:
    for got, want, words in (((3, 2), (2, 3), "autre ordre"), (-4, 4, "signe"), (8, 4, "2 fois")):
        with pytest.raises(checking.Failure) as failure:
            checking.Result(got, "f()").equals(want)
        assert words in failure.value.hint


def test_a_tolerance_follows_the_magnitude(checking: ModuleType) -> None:
    x = np.array([30.0, 1e-3])
    atol = checking.ulps(x)
    assert atol[0] > 1e-14 > atol[1]
    got = x - np.logaddexp(0.0, x)  # exact formula, rounded at the scale of x
    checking.Result(got, "log_sigmoid(x)").close_to(-np.logaddexp(0.0, -x), rtol=1e-12, atol=atol)


def test_only_some_elements_wrong_is_said(checking: ModuleType) -> None:
    with pytest.raises(checking.Failure) as failure:
        checking.Result(np.array([1.0, -2.0, 4.0]), "f(x)").close_to(WANT)
    assert "(1 élément sur 3 diffère)" in failure.value.rationale


def test_an_all_zero_result_is_not_proportional(checking: ModuleType) -> None:
    assert not checking.proportional(np.zeros(3), WANT, 1e-9)
    assert "proportionnel" not in hint_of(checking, np.zeros(3), WANT)


def test_an_element_is_named_only_when_a_failure_needs_it(checking: ModuleType) -> None:
    formatted = []

    class Loud:
        def __repr__(self) -> str:
            formatted.append(1)
            return "loud"

    result = checking.Result((1.0, 2.0), checking.Shown("f", (Loud(),)))
    result.item(0).number().close_to(1.0)
    assert not formatted
    with pytest.raises(checking.Failure) as failure:
        result.item(1).item("k")
    assert failure.value.rationale.startswith("f(loud)[1] : attendu une valeur avec l'élément 'k'")


def test_agrees_names_the_first_input_that_disagrees(checking: ModuleType) -> None:
    x = np.array([-1.0, 0.0, 2.0])
    with pytest.raises(checking.Failure) as failure:
        checking.Result(np.array([0.0, 0.0, 3.0]), "f(x)").agrees(np.maximum(x, 0.0), 0.0, inputs=x,
                                                                  what="max(0, x)", hint="la piste du cas")
    assert "pour l'entrée 2, obtenu 3" in failure.value.rationale
    assert failure.value.hint == "la piste du cas"
    with pytest.raises(checking.Failure) as failure:
        checking.Result(-WANT, "f(x)").agrees(WANT, 0.0, what="f", mistakes=[(-WANT, "erreur connue")])
    assert failure.value.hint == "erreur connue"


def test_a_known_exact_mistake_wins_over_what_differs(checking: ModuleType) -> None:
    with pytest.raises(checking.Failure) as failure:
        checking.Result(8, "f()").equals(4, mistakes=[(8, "erreur connue")])
    assert failure.value.hint == "erreur connue"


def test_where_wrong_tells_the_inputs_at_fault(checking: ModuleType) -> None:
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    assert "entrées négatives" in checking.where_wrong(np.abs(z), z, z, "défaut")
    assert "entre -1 et 1" in checking.where_wrong(np.array([-2.0, 0.0, 0.0, 2.0]), z, z, "défaut")
    assert checking.where_wrong(z, z, z, "défaut") == "défaut"


def test_an_english_trial_gets_english_check_texts(checking: ModuleType) -> None:
    def caller(name: str, *args: Any) -> Any:
        if name == "missing":
            raise NotImplementedError
        return (np.array([2.0, -4.0, 6.0]), 3)

    trial = checking.Trial(caller, np.random.default_rng(0), language="en")
    with pytest.raises(checking.Failure) as failure:
        trial.call("f", WANT).item(0).array(shape=(3,)).close_to(WANT)
    assert failure.value.rationale == ("f(array [ 1., -2.,  3.])[0]: expected the expected values, "
                                       "got array [ 2., -4.,  6.].")
    assert failure.value.hint.startswith("Your result is 2 times the expected one")
    assert failure.value.reference.startswith("expected value: ")
    with pytest.raises(checking.Failure) as failure:
        trial.call("f", WANT).item(1).equals(4, what="a count")
    assert failure.value.rationale.endswith("expected a count, got 3.")
    with pytest.raises(checking.Unanswered) as failure:
        trial.call("missing")
    assert failure.value.rationale == "missing is not implemented yet (NotImplementedError)."


def test_an_english_assignment_gets_english_check_texts(tmp_path: Path) -> None:
    folder = tmp_path / "homework"
    assert cli.main(["new", str(folder), "--title", "Homework", "--language", "en"]) == 0
    scheme = Scheme.load(folder)
    feedback = "\n".join(outcome.feedback for outcome in grade_path(scheme.stub_path, scheme).outcomes)
    assert "is not implemented yet (NotImplementedError)" in feedback
    assert "n'est pas encore implémentée" not in feedback
    cells = "\n".join("".join(cell["source"]) for cell in master_notebook(scheme)["cells"])
    assert "is not implemented yet" in cells and "implémentée" not in cells
