"""The check API: one comparison, types as part of the answer, float32 at its own precision, hints that name a
cause only when the observation proves it, failures that show what differs, arguments left unchanged."""

from __future__ import annotations

import copy
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder import checking
from autograder import cli
from autograder.checking import Failure, Result, Shown, Trial, log_route, ulps
from autograder.inprocess import Caller, load_module
from autograder.notebook import master_notebook
from autograder.runner import grade_path
from autograder.sandbox import codec
from autograder.scheme import Scheme

WANT = np.array([1.0, -2.0, 3.0])
SQUARE = np.array([[1.0, 2.0], [3.0, 4.0]])
X = np.array([-3.0, -0.5, 0.0, 0.5, 2.0, 6.0])


def failure_of(check: Any, *args: Any, **options: Any) -> Failure:
    with pytest.raises(Failure) as failure:
        check(*args, **options)
    return failure.value


def hint_of(got: Any, want: Any, **options: Any) -> str:
    return failure_of(Result(got, "f(x)").close_to, want, **options).hint


def sigmoid(x: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


# --- one way of comparing ----------------------------------------------------------------------------------------


def test_there_is_one_comparison() -> None:
    assert not hasattr(Result, "agrees")


def test_with_inputs_a_failure_names_the_first_input_that_disagrees() -> None:
    x = np.array([-1.0, 0.0, 2.0])
    failure = failure_of(Result(np.array([0.0, 0.0, 3.0]), "f(x)").close_to, np.maximum(x, 0.0), rtol=0.0, atol=0.0,
                         inputs=x, what="max(0, x)", hint="la piste du cas")
    assert "pour l'entrée 2, obtenu 3" in failure.rationale
    assert failure.hint == "la piste du cas"
    assert failure.reference == "valeur attendue en ce point : 2"


def test_a_long_result_names_its_first_wrong_element() -> None:
    want = np.arange(12.0)
    got = want.copy()
    got[5] = 50.0
    failure = failure_of(Result(got, "f(x)").close_to, want)
    assert "à l'indice 5, obtenu 50" in failure.rationale
    assert "(1 élément sur 12 diffère)" in failure.rationale


def test_only_some_elements_wrong_is_said() -> None:
    failure = failure_of(Result(np.array([1.0, -2.0, 4.0]), "f(x)").close_to, WANT)
    assert "(1 élément sur 3 diffère)" in failure.rationale


# --- types are part of the answer --------------------------------------------------------------------------------


class Half:
    """An object that converts to a number and is none."""

    def __float__(self) -> float:
        return 0.5


@pytest.mark.parametrize("value, words", [
    ("0.5", "texte (str)"),
    (np.str_("0.5"), "texte (str)"),
    (0.5 + 1e-3j, "complexes"),
    (np.complex128(0.5 + 1j), "complexes"),
    (complex(0.5, 0.0), "complexes"),  # a zero imaginary part is rounding luck, not a real type
    (None, "renvoie None"),
    (True, "booléen"),
    (np.bool_(True), "booléen"),
    (Fraction(1, 2), "type Fraction"),
    (Decimal("0.5"), "type Decimal"),
    (Half(), "type Half"),
    ([0.5], "Un seul nombre"),
    (np.array([0.5, 1.0]), "Un seul nombre"),
])
def test_a_number_of_the_wrong_type_fails_naming_it(value: Any, words: str) -> None:
    failure = failure_of(Result(value, "f(x)").number)
    assert "attendu un nombre réel" in failure.rationale
    assert words in failure.hint


@pytest.mark.parametrize("value", [0.5, 1, np.float64(0.5), np.float32(0.5), np.int64(1), np.array(0.5),
                                   np.array([[0.5]])])
def test_numbers_in_every_real_form_are_accepted(value: Any) -> None:
    assert Result(value, "f(x)").number().close_to(np.real(np.asarray(value)).item(), rtol=0.0, atol=0.0)


@pytest.mark.parametrize("value, words", [
    (["0.5", "1.5"], "texte (str)"),
    (np.array(["0.5", "1.5"]), "texte (str)"),
    ([0.5 + 1e-9j, 1.0], "complexes"),
    (np.fft.ifft(np.fft.fft([0.5, 1.0])), "complexes"),
    (np.array([0.5, 1.0], dtype=np.complex64) + 1j, "complexes"),
    ([[0.5, 1.0], [2.0]], "longueurs différentes"),
    ([None, 1.0], "renvoie None"),
    ([Fraction(1, 2), 1.0], "type Fraction"),
    (np.array([0.5, 1.0], dtype=object), "ndarray (object)"),
    ({"a": 1.0}, "type dict"),
])
def test_an_array_of_the_wrong_type_fails_naming_it(value: Any, words: str) -> None:
    for check in (lambda r: r.array(), lambda r: r.close_to([0.5, 1.0]), lambda r: r.finite()):
        failure = failure_of(check, Result(value, "f(x)"))
        assert words in failure.hint, (value, failure.hint)


@pytest.mark.parametrize("value", [[0.5, 1], (0.5, 1.0), [np.float64(0.5), np.int32(1)], np.array([0.5, 1.0]),
                                   np.array([1, 2]) / np.array([2, 2]), [np.float64(0.5), True]])
def test_arrays_lists_and_ints_for_floats_are_accepted(value: Any) -> None:
    result = Result(value, "f(x)").array(shape=(2,))
    assert result.value.dtype == np.float64
    result.close_to([0.5, 1.0], rtol=0.0, atol=0.0)


@pytest.mark.parametrize("value, words", [
    ("35", "texte (str)"), (35.5, "partie fractionnaire"), (True, "booléen"), (35 + 1j, "complexes"),
    (None, "renvoie None"), ([35], "Un seul nombre"), (float("inf"), "inf"), (Fraction(35, 1), "type Fraction"),
])
def test_an_integer_of_the_wrong_type_fails_naming_it(value: Any, words: str) -> None:
    failure = failure_of(Result(value, "n()").integer)
    assert "attendu un nombre entier" in failure.rationale
    assert words in failure.hint


@pytest.mark.parametrize("value", [35, np.int64(35), np.uint8(35), 35.0, np.float32(35.0), np.array(35),
                                   np.array([35])])
def test_integers_in_every_whole_form_are_accepted(value: Any) -> None:
    assert Result(value, "n()").integer().equals(35).value == 35


@pytest.mark.parametrize("got, want, words", [
    (1, True, "type bool"), (0, False, "type bool"), (True, 1, "type int"), ("True", True, "type bool"),
    (("3",), (3,), "type str"), ("1", 1, "type str"), (1, "la même", "type str"), ((3, True), (3, 1), "type bool"),
])
def test_an_exact_answer_of_another_kind_fails_naming_it(got: Any, want: Any, words: str) -> None:
    assert words in failure_of(Result(got, "f()").equals, want).hint


@pytest.mark.parametrize("got, want", [(np.True_, True), (np.int64(3), 3), ([3], (3,)), (3.0, 3), ("oui", "oui"),
                                       (np.array([2, 3]), (2, 3)), ({"a": np.int64(1)}, {"a": 1})])
def test_exact_answers_in_their_own_kind_pass(got: Any, want: Any) -> None:
    Result(got, "f()").equals(want)


# --- float32 is a precision choice -------------------------------------------------------------------------------


def test_a_float32_answer_keeps_a_check_at_moderate_inputs() -> None:
    got = sigmoid(X).astype(np.float32)
    assert not checking.close(got.astype(float), sigmoid(X), 0.0, ulps(1.0))  # float64's tolerance rejects it
    Result(got, "sigma(x)").array(shape=X.shape).close_to(sigmoid(X), rtol=0.0, atol=ulps(1.0), inputs=X)
    result = Result(np.float32(sigmoid(0.5)), "sigma(0.5)").number()
    assert result.value.dtype == np.float32
    result.close_to(sigmoid(0.5), rtol=1e-12, atol=ulps(1.0))


def test_a_float32_answer_loses_a_precise_check_with_a_hint_that_names_it() -> None:
    failure = failure_of(Result(sigmoid(X).astype(np.float32), "sigma(x)").close_to, sigmoid(X), rtol=0.0,
                         atol=ulps(1.0), inputs=X, precise=True)
    assert "float32" in failure.hint and "float64" in failure.hint
    assert "signe" not in failure.hint


def test_a_float32_overflow_in_a_precise_check_names_float32() -> None:
    got = np.array([np.inf, 1.0], dtype=np.float32)
    failure = failure_of(Result(got, "f(x)").close_to, [1e39, 1.0], rtol=1e-12, precise=True)
    assert "déborde" in failure.hint and "float32" in failure.hint


def test_a_wrong_answer_gains_nothing_from_float32() -> None:
    for wrong, words in ((2 * sigmoid(X), "2 fois"), (sigmoid(-X), ""), (sigmoid(X) * (1 + 1e-4), "")):
        for dtype in (np.float64, np.float32):
            failure = failure_of(Result(wrong.astype(dtype), "sigma(x)").close_to, sigmoid(X), rtol=1e-9,
                                 atol=ulps(1.0), inputs=X)
            assert words in failure.hint
            assert ("float32" in failure.hint) == (dtype == np.float32)


def test_large_inputs_widen_a_float32_tolerance_no_more_than_the_case_allows() -> None:
    x = np.array([-3000.0, 0.0, 4000.0])  # k = 1e-3: the intermediates k x are moderate, x is not
    want = sigmoid(1e-3 * x)
    Result(want.astype(np.float32), "s(x)").close_to(want, rtol=0.0, atol=ulps(1.0), inputs=x)
    clipped = sigmoid(np.clip(1e-3 * x, -3.0, 3.0)) + np.array([0.0, 0.0, 0.02])  # off by 0.01 at x = 4000
    failure_of(Result(clipped.astype(np.float32), "s(x)").close_to, want, rtol=0.0, atol=ulps(1.0), inputs=x)
    x = np.array([15.0])  # x - logaddexp(0, x): the intermediates are x itself, and the case's atol says so
    want = -np.logaddexp(0.0, -x)
    single = x.astype(np.float32) - np.logaddexp(np.float32(0.0), x.astype(np.float32))
    Result(single, "log_sigmoid(x)").close_to(want, rtol=1e-12, atol=ulps(x), inputs=x)


def test_float16_is_too_coarse_for_any_check() -> None:
    failure = failure_of(Result(sigmoid(X).astype(np.float16), "sigma(x)").close_to, sigmoid(X), rtol=1e-9,
                         atol=ulps(1.0))
    assert "float16" in failure.hint


def test_float32_values_in_float64_are_graded_as_float32() -> None:
    """``float()`` of a float32 computation: float32's precision at moderate inputs, told apart from a mistake
    where the check grades precision; a float64 answer off by as much is still wrong."""
    got = sigmoid(X).astype(np.float32).astype(float)
    Result(got, "sigma(x)").close_to(sigmoid(X), rtol=0.0, atol=ulps(1.0), inputs=X)
    failure = failure_of(Result(got, "sigma(x)").close_to, sigmoid(X), rtol=0.0, atol=ulps(1.0), inputs=X,
                         hint="vérifiez le signe de l'argument", precise=True)
    assert "précision d'un float32" in failure.hint
    off = sigmoid(X) * (1 + 1e-7)  # as far off, but not float32 values: a float64 mistake
    assert not checking.float32_values(off)
    failure_of(Result(off, "sigma(x)").close_to, sigmoid(X), rtol=0.0, atol=ulps(1.0), inputs=X)


def test_float32_scalars_cross_the_sandbox_boundary_as_float32() -> None:
    back = codec.decode(codec.loads(codec.dumps({"v": codec.encode([np.float32(0.1), np.float16(0.5), 0.1])})[4:])["v"])
    assert [type(v) for v in back] == [np.float32, np.float16, float]
    assert back[0] == np.float32(0.1)
    Result(back[0], "f()").number().close_to(0.1, rtol=1e-12, atol=0.0)  # what in-process grading gives
    with pytest.raises(codec.CodecError):
        codec.decode({"__float__": ["<f8", 1.0]})  # only the narrow types travel tagged


# --- tolerances hold for every correct route ---------------------------------------------------------------------


def test_a_tolerance_follows_the_magnitude() -> None:
    x = np.array([30.0, 1e-3])
    atol = ulps(x)
    assert atol[0] > 1e-14 > atol[1]
    got = x - np.logaddexp(0.0, x)  # exact formula, rounded at the scale of x
    Result(got, "log_sigmoid(x)").close_to(-np.logaddexp(0.0, -x), rtol=1e-12, atol=atol)


def exact_sigmoid(x: np.ndarray, k: float) -> np.ndarray:
    """sigma(k x) to 17 digits, through 60-digit decimals."""
    getcontext().prec = 60
    values = []
    for v in x:
        z = Decimal(k) * Decimal(float(v))
        values.append(0.0 if z < -2000 else 1.0 if z > 2000 else float(1 / (1 + (-z).exp())))
    return np.array(values)


def log_space_steep_sigmoid(x: np.ndarray, k: float) -> np.ndarray:
    """A careful route: k x through logs (it never overflows), then sigma through logaddexp."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        z = np.sign(k) * np.sign(x) * np.exp(np.log(abs(k)) + np.log(np.abs(x)))
    return np.exp(-np.logaddexp(0.0, -z))


@pytest.mark.parametrize("k", [1e300, 1e-300, 1e150, 7.3])
def test_a_log_space_route_passes_and_mutants_still_fail(k: float) -> None:
    x = np.concatenate([[-2 / k, 2 / k, 0.0, -1e-3, 1e3], np.random.default_rng(0).uniform(-5, 5, 20) / k])
    want = exact_sigmoid(x, k)
    with np.errstate(all="ignore"):
        z = k * x
        slope = np.where(np.isfinite(z), want * (1.0 - want) * np.abs(z), 0.0)
    tolerance = ulps(1.0) + ulps(slope * log_route(k, x))  # docs/tolerances.md, "a function of a product"
    Result(log_space_steep_sigmoid(x, k), "steep_sigmoid(x, k)").close_to(want, rtol=0.0, atol=tolerance, inputs=x)
    if abs(np.log(k)) > 300:  # the old rule (ulps of the result's scale) rejected it
        assert not checking.close(log_space_steep_sigmoid(x, k), want, 0.0, ulps(1.0))
    with np.errstate(over="ignore"):
        for wrong in (sigmoid(x), exact_sigmoid(x, 2 * k), np.where(x > 0, 1.0, 0.0), exact_sigmoid(x, k) + 1e-12):
            failure_of(Result(wrong, "steep_sigmoid(x, k)").close_to, want, rtol=0.0, atol=tolerance, inputs=x)


def test_log_route_counts_zeros_and_infinities_as_exact() -> None:
    assert log_route(np.array([0.0, np.inf, 1.0, np.e])).tolist() == [1.0, 1.0, 1.0, 2.0]


# --- a hint names a cause only when the observation proves it ----------------------------------------------------


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
    (np.ones(()), WANT, {}, "mauvais axe"),
    (np.array([1.0, -2.0, 4.0]), WANT, {"hint": "la piste du cas"}, "la piste du cas"),
    (3 * WANT, WANT, {"hint": "la piste du cas", "mistakes": [(3 * WANT, "erreur connue")]}, "erreur connue"),
    (-WANT, WANT, {"hint": "la moyenne, pas la somme"}, "erreur de signe"),
    (np.array([np.nan, 1.0, 1.0]), WANT, {"overflow": "piste de débordement"}, "piste de débordement"),
])
def test_the_hint_names_what_differs(got: Any, want: Any, options: dict, words: str) -> None:
    assert words in hint_of(got, want, **options)


def test_no_hint_gives_a_value() -> None:
    want = np.array([0.123456, -7.654321])
    for got in (-want, 2 * want, want * 1.37, want / 3):
        text = hint_of(got, want, factors={"n": 3})
        assert not any(f"{v:.3g}"[:4] in text.replace(",", ".") for v in (*want, *got))


def test_a_known_mistake_that_a_factor_also_explains_gets_the_factor() -> None:
    losses = np.array([0.25, 1.5])  # n = 2: the sum is twice the mean, and so is a division by n - 1
    hint = hint_of(np.array(losses.sum()), np.array(losses.mean()), mistakes=[(losses.sum(), "c'est la somme")])
    assert "2 fois" in hint and "somme" not in hint
    losses = np.array([0.25, 1.5, 2.0])  # n = 3: only the sum gives three times the mean
    hint = hint_of(np.array(losses.sum()), np.array(losses.mean()), mistakes=[(losses.sum(), "c'est la somme")])
    assert hint == "c'est la somme"


def test_a_factor_two_names_give_is_named_by_its_value() -> None:
    assert "facteur n" not in hint_of(2 * WANT, WANT, factors={"n": 2})
    hint = hint_of(3 * WANT, WANT, factors={"n": 3, "d": 3})
    assert "facteur 3 en trop" in hint and "facteur n" not in hint and "facteur d" not in hint


def test_two_causes_that_fit_are_both_given() -> None:
    hint = hint_of(-WANT * 4, WANT, mistakes=[(-WANT * 4, "première"), (-4 * WANT, "seconde")])
    assert "première" in hint and "seconde" in hint and "départager" in hint
    antisymmetric = np.array([[0.0, 2.0], [-2.0, 0.0]])  # its transpose is its opposite
    hint = hint_of(antisymmetric.T, antisymmetric)
    assert "transposée" in hint and "signe" in hint and "départager" in hint


@pytest.mark.parametrize("got, want, arguments, words, not_words", [
    ((7,), (5,), (), "taille du résultat", "diffusion"),  # a convolution padded once too often
    ((3, 3), (3,), (), "diffusion", ""),
    ((2, 3), (3,), (), "diffusion", ""),
    ((3,), (2,), ((2, 3),), "mauvais axe", ""),  # a sum over the other axis of a (2, 3) input
    ((), (2,), ((2, 3),), "tous les axes", ""),
    ((4,), (2,), ((2, 3),), "taille du résultat", "mauvais axe"),  # no axis of the input gives 4
    ((1,), (2,), ((2, 3),), "taille du résultat", "mauvais axe"),
    ((6,), (2, 3), (), "ordre des axes", "colonne"),
])
def test_a_shape_names_broadcasting_or_a_reduction_only_when_the_shapes_show_it(
        got: tuple, want: tuple, arguments: tuple, words: str, not_words: str) -> None:
    call = Shown("f", tuple(np.zeros(shape) for shape in arguments))
    failure = failure_of(Result(np.zeros(got), call).array, shape=want)
    assert words in failure.hint and (not not_words or not_words not in failure.hint)


def test_where_wrong_tells_the_inputs_at_fault_only_when_the_others_are_right() -> None:
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    assert "entrées négatives" in checking.where_wrong(np.abs(z), z, z, "défaut")
    assert "entre -1 et 1" in checking.where_wrong(np.array([-2.0, 0.0, 0.0, 2.0]), z, z, "défaut")
    assert checking.where_wrong(z, z, z, "défaut") == "défaut"
    negative = np.array([-2.0, -0.5])  # every input is negative: nothing singles the negatives out
    assert checking.where_wrong(-negative, negative, negative, "défaut") == "défaut"
    inside = np.array([-0.5, 0.5])
    assert checking.where_wrong(np.zeros(2), inside, inside, "défaut") == "défaut"


def test_finite_tells_overflow_from_zero_over_zero() -> None:
    for value, words in ((np.array([np.inf]), "déborde"), (np.array([np.nan]), "0/0")):
        assert words in failure_of(Result(value, "f(x)").finite).hint


def test_exact_answers_get_a_hint_too() -> None:
    for got, want, words in (((3, 2), (2, 3), "autre ordre"), (-4, 4, "signe"), (8, 4, "2 fois")):
        assert words in failure_of(Result(got, "f()").equals, want).hint


def test_a_known_exact_mistake_wins_over_what_differs() -> None:
    assert failure_of(Result(8, "f()").equals, 4, mistakes=[(8, "erreur connue")]).hint == "erreur connue"


def test_an_all_zero_result_is_not_proportional() -> None:
    assert not checking.proportional(np.zeros(3), WANT, 1e-9)
    assert "proportionnel" not in hint_of(np.zeros(3), WANT)


@pytest.mark.parametrize("check", [
    lambda: Result(np.array([1.0, 5.0, 3.0]), "f(x)").close_to(WANT),
    lambda: Result(7, "f()").equals(5),
    lambda: Result(3.0, "f()").satisfies(lambda v: v < 0, "un nombre négatif"),
    lambda: Result((1.0,), "f()").item(2),
    lambda: Result(np.zeros(7), "f()").array(shape=(5,)),
    lambda: Result(np.array([1.0, 2.0]), "f()").close_to([2.0, 3.0], rtol=0.0, atol=0.0),
])
def test_every_failing_check_says_what_to_check(check: Any) -> None:
    with pytest.raises(Failure) as failure:
        check()
    assert len(failure.value.hint) > 20


# --- never two equal numbers for a failure -----------------------------------------------------------------------


def test_values_equal_at_the_printed_precision_are_shown_with_every_digit() -> None:
    want = 0.11920292202211755
    got = want * (1 + 1e-13)
    failure = failure_of(Result(got, "s(x)").number().close_to, want, rtol=0.0, atol=1e-16,
                         hint="vérifiez le signe de l'argument")
    assert repr(got) in failure.rationale and repr(want) in failure.reference
    assert "écart relatif 1.0e-13" in failure.rationale
    assert "signe" not in failure.hint and "6e chiffre" in failure.hint
    x = np.array([-2.0, 1.0])
    failure = failure_of(Result(sigmoid(x) * (1 + 1e-13), "s(x)").close_to, sigmoid(x), rtol=0.0, atol=1e-16,
                         inputs=x)
    assert repr(float(sigmoid(x)[0] * (1 + 1e-13))) in failure.rationale
    assert repr(float(sigmoid(x)[0])) in failure.reference


def test_values_that_differ_visibly_keep_six_digits() -> None:
    failure = failure_of(Result(0.25, "f()").number().close_to, 0.5)
    assert "obtenu 0.25." in failure.rationale and failure.reference == "valeur attendue : 0.5"
    assert "écart relatif" not in failure.rationale


# --- arguments left unchanged ------------------------------------------------------------------------------------


SOURCE = '''
def step(params, grads, lr=0.1):
    for key in params:
        params[key] -= lr * grads[key]
    return params

def careful_step(params, grads, lr=0.1):
    return {key: value - lr * grads[key] for key, value in params.items()}

def scale(x, *, factor):
    factor *= 2
    x *= factor
    return x

def rebinds(x):
    x = x * 2
    return x
'''


def in_process() -> Trial:
    """A trial as the sweeps run it (autograder.inprocess): no ``changes``, the trial compares copies itself."""
    return Trial(Caller(load_module(SOURCE)), np.random.default_rng(0))


def test_a_call_that_changes_an_argument_in_place_fails_naming_it() -> None:
    params, grads = {"W": np.ones(2)}, {"W": np.ones(2)}
    trial = in_process()
    failure = failure_of(trial.call, "step", params, grads, unchanged=True)
    assert "a modifié en place son argument n° 1" in failure.rationale
    assert "copie" in failure.hint
    assert np.array_equal(params["W"], np.ones(2))  # the case's own inputs are intact
    failure = failure_of(trial.call, "scale", np.ones(2), factor=np.ones(1), unchanged=True)
    assert "son argument n° 1, son argument `factor`" in failure.rationale


def test_a_call_that_leaves_its_arguments_passes() -> None:
    trial = in_process()
    params = {"W": np.array([1.0, np.nan])}
    result = trial.call("careful_step", params, {"W": np.ones(2)}, unchanged=True)
    result.item("W").array(shape=(2,))
    trial.call("rebinds", np.ones(2), unchanged=True).array().close_to([2.0, 2.0])
    trial.call("step", {"W": np.ones(2)}, {"W": np.ones(2)})  # not asked: a change is no failure


def test_the_sandbox_reports_changes_and_the_trial_passes_arguments_as_they_are() -> None:
    received = []

    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        received.extend(args)
        return 1.0

    x = np.ones(2)
    trial = Trial(caller, np.random.default_rng(0), changes=lambda: (1, "lr"))
    failure = failure_of(trial.call, "f", x, x, lr=0.1, unchanged=True)
    assert "son argument n° 2, son argument `lr`" in failure.rationale
    assert received[0] is x  # no copy: the sandbox serialises them anyway
    assert Trial(caller, np.random.default_rng(0), changes=lambda: ()).call("f", x, unchanged=True).value == 1.0


def test_same_data_compares_as_plain_data() -> None:
    same = checking.same_data
    assert same({"a": [1.0, np.array([np.nan])]}, copy.deepcopy({"a": [1.0, np.array([np.nan])]}))
    assert not same(np.ones(2), np.ones(2, dtype=np.float32))
    assert not same([1.0, 2.0], (1.0, 2.0))
    assert not same({"a": 1}, {"a": 1, "b": 2})
    assert not same([np.ones(2)], [np.ones(3)])


# --- languages and the notebook ----------------------------------------------------------------------------------


def test_an_english_trial_gets_english_check_texts() -> None:
    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "missing":
            raise NotImplementedError
        if name == "inplace":
            args[0][0] = 5.0
        return (np.array([2.0, -4.0, 6.0]), 3)

    trial = Trial(caller, np.random.default_rng(0), language="en")
    failure = failure_of(lambda: trial.call("f", WANT).item(0).array(shape=(3,)).close_to(WANT))
    assert failure.rationale == ("f(array [ 1., -2.,  3.])[0]: expected the expected values, "
                                 "got array [ 2., -4.,  6.].")
    assert failure.hint.startswith("Your result is 2 times the expected one")
    assert failure.reference.startswith("expected value: ")
    failure = failure_of(lambda: trial.call("f", WANT).item(1).equals(4, what="a count"))
    assert failure.rationale.endswith("expected a count, got 3.")
    failure = failure_of(trial.call, "missing")
    assert failure.rationale == "missing is not implemented yet (NotImplementedError)."
    failure = failure_of(trial.call, "inplace", np.ones(2), unchanged=True)
    assert "changed its argument #1 in place" in failure.rationale
    failure = failure_of(lambda: trial.call("f").item(1).number().close_to(3 + 1e-13, rtol=0.0, atol=0.0))
    assert "relative difference" in failure.rationale
    assert "returns text" in failure_of(Result("3", "f()", "en").number).hint


def test_an_english_assignment_gets_english_check_texts(tmp_path: Path) -> None:
    folder = tmp_path / "homework"
    assert cli.main(["new", str(folder), "--title", "Homework", "--language", "en"]) == 0
    scheme = Scheme.load(folder)
    feedback = "\n".join(outcome.feedback for outcome in grade_path(scheme.stub_path, scheme).outcomes)
    assert "is not implemented yet (NotImplementedError)" in feedback
    assert "n'est pas encore implémentée" not in feedback
    cells = "\n".join("".join(cell["source"]) for cell in master_notebook(scheme)["cells"])
    assert "is not implemented yet" in cells and "implémentée" not in cells


def test_the_check_api_embedded_in_a_notebook_cell_runs_alone(tmp_path: Path) -> None:
    """An otter test cell carries the check API it needs in its own source: the type checks run there."""
    folder = tmp_path / "homework"
    assert cli.main(["new", str(folder), "--title", "Homework"]) == 0
    cell = next("".join(c["source"]) for c in master_notebook(Scheme.load(folder))["cells"]
                if "def test_mean_public" in "".join(c["source"]))
    assert "from autograder" not in cell
    namespace: dict[str, Any] = {}
    exec(compile(cell, "cell", "exec"), namespace)
    namespace["test_mean_public"]({"mean": lambda x: sum(x) / len(x)})
    with pytest.raises(AssertionError) as failure:
        namespace["test_mean_public"]({"mean": lambda x: str(sum(x) / len(x))})
    assert "texte (str)" in str(failure.value)


def test_in_process_grading_sees_what_the_sandbox_delivers() -> None:
    module = load_module("import numpy as np\nfrom fractions import Fraction\n"
                         "def single():\n    return np.float32(0.1)\n"
                         "def exact():\n    return Fraction(1, 10)\n"
                         "def wide():\n    return np.float64(0.1), np.int64(3)\n")
    trial = Trial(Caller(module), np.random.default_rng(0))
    assert type(trial.call("single").value) is np.float32
    trial.call("single").number().close_to(0.1, rtol=1e-12, atol=0.0)
    assert [type(v) for v in trial.call("wide").value] == [float, int]
    failure = failure_of(trial.call, "exact")
    assert "réponse de exact refusée" in failure.rationale and "Fraction" in failure.rationale
