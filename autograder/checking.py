"""The check API: what every grading case of every assignment is written with.

A case author imports it as ``from autograder.checking import Trial, ...``.

A case is a function ``case(t: Trial) -> None``: it calls the student's
functions through ``t.call`` and states what the result must be with the
fluent methods of :class:`Result`. The first unmet expectation raises a
:class:`Failure` that carries a rationale and hint for the student; the
generic ones of this module come from autograder.messages, in the language of
the :class:`Trial` (the otter notebook embeds them with this module's code).

This module is shipped to students with the public cases: it holds no
answer. It needs only numpy, and never imports the student's module: the
``caller`` given to :class:`Trial` decides where the student code runs (a
sandboxed child process for grading, the student's own process for the
self-check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .messages import DEFAULT_LANGUAGE, message

Caller = Callable[..., Any]
"""``caller(name, *args, **kwargs)`` runs the student's function ``name``."""

PREVIEW_ITEMS = 8
EPS = float(np.finfo(float).eps)


@dataclass
class Failure(Exception):
    """An unmet expectation, told to the student.

    ``reference`` holds expected values: it is shown for public cases only.
    """

    rationale: str
    hint: str = ""
    reference: str = ""

    def __str__(self) -> str:
        return self.rationale


class Unanswered(Failure):
    """The student's function raised, is missing, timed out or crashed."""


def preview(value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A short, readable rendering of a value for feedback."""
    if isinstance(value, np.ndarray):
        if value.size > PREVIEW_ITEMS:
            return message("check.array_shape", language, shape=value.shape)
        return message("check.array", language, values=np.array2string(value, precision=6, separator=", "))
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass
class Trial:
    """What a case needs: the way to call the student, its random inputs, its visibility."""

    caller: Caller
    rng: np.random.Generator
    public: bool = True
    language: str = DEFAULT_LANGUAGE  # of the generic feedback: the assignment's
    calls: list[str] = field(default_factory=list)  # names called, in order

    def call(self, name: str, *args: Any, label: str | None = None, **kwargs: Any) -> Result:
        """Call the student's function ``name``; any error becomes an :class:`Unanswered`."""
        shown = Shown(name, args, label, self.language)
        self.calls.append(name)
        try:
            value = self.caller(name, *args, **kwargs)
        except NotImplementedError:
            raise Unanswered(message("check.unimplemented", self.language, name=name),
                             hint=message("check.unimplemented_hint", self.language, name=name)) from None
        except Exception as error:  # the student's error, whatever its type
            raise Unanswered(message("check.call_failed", self.language, call=shown, error=describe_error(error)),
                             hint=message("check.call_failed_hint", self.language)) from None
        return Result(value, shown, self.language)


@dataclass(frozen=True)
class Shown:
    """How a call reads in feedback; formatted only when a failure needs it."""

    name: str
    args: tuple[Any, ...]
    label: str | None = None
    language: str = DEFAULT_LANGUAGE

    def __str__(self) -> str:
        return self.label or f"{self.name}({', '.join(preview(a, self.language) for a in self.args)})"


@dataclass(frozen=True)
class Element:
    """How one element of a call's result reads in feedback; formatted only when a failure needs it."""

    of: object  # a Shown, an Element or a label (not named: otter cells define this class in a function)
    key: Any

    def __str__(self) -> str:
        return f"{self.of}[{self.key!r}]"


def describe_error(error: BaseException) -> str:
    """``Type: message`` of an error, kept short (an error that carries the student's own type says it itself)."""
    if getattr(error, "self_described", False):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


@dataclass
class Result:
    """A value returned by the student, with fluent expectations on it.

    A case that builds one itself passes ``t.language`` on, so that its feedback speaks the assignment's language.
    """

    value: Any
    call: Shown | Element | str
    language: str = DEFAULT_LANGUAGE

    def say(self, key: str, **fields: Any) -> str:
        """A generic text of the check API, in this result's language."""
        return message(key, self.language, **fields)

    def derived(self, value: Any, call: Shown | Element | str | None = None) -> Result:
        """Another value of the same call (or of ``call``), in the same language."""
        return Result(value, self.call if call is None else call, self.language)

    def fail(self, expected: str, *, hint: str = "", reference: Any = None) -> Failure:
        """The failure "for this call, ``expected`` was expected, this came back"."""
        return Failure(
            self.say("check.expected", call=self.call, expected=expected, got=preview(self.value, self.language)),
            hint=hint,
            reference="" if reference is None else self.say("check.reference",
                                                            value=preview(reference, self.language)),
        )

    def number(self) -> Result:
        """A real number (Python or numpy scalar, or a one-element array)."""
        value = self.value
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
            value = value.reshape(()).item()
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise self.fail(self.say("check.real"))
        return self.derived(float(value))

    def integer(self) -> Result:
        """A whole number, given as an int (or an integral float)."""
        value = self.value
        if isinstance(value, np.integer):
            value = int(value)
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(self.say("check.integer"))
        return self.derived(value)

    def array(self, shape: tuple[int, ...] | None = None) -> Result:
        """A numeric numpy array (lists are accepted), of the given shape if one is named."""
        try:
            array = np.asarray(self.value, dtype=float)
        except (TypeError, ValueError):
            raise self.fail(self.say("check.numbers")) from None
        if shape is not None and array.shape != tuple(shape):
            raise self.wrong_shape(array.shape, tuple(shape))
        return self.derived(array)

    def wrong_shape(self, got: tuple[int, ...], want: tuple[int, ...]) -> Failure:
        """The failure "this shape instead of that one", with the likely cause."""
        expected = self.say("check.shaped", shape=want) if want else self.say("check.scalar")
        return Failure(self.say("check.expected", call=self.call, expected=expected,
                                got=self.say("check.shaped", shape=got)),
                       hint=shape_hint(got, want, self.language))

    def finite(self) -> Result:
        """No NaN nor infinity: what a numerically stable formula gives."""
        got = np.asarray(self.value, dtype=float)
        if not np.all(np.isfinite(got)):
            raise self.fail(self.say("check.finite"), hint=non_finite_hint(got, self.language))
        return self

    def close_to(self, expected: Any, *, rtol: float = 1e-6, atol: Any = 1e-9, what: str | None = None,
                 hint: str = "", factors: Mapping[str, float] | None = None,
                 mistakes: Iterable[tuple[Any, str]] = ()) -> Result:
        """Equal to ``expected`` up to rounding; ``what`` says what the values are.

        The hint of a failure is chosen from what differs: first a known
        mistake of ``mistakes`` (pairs of the value a mistake gives and its
        hint), then what the observation shows (:func:`diagnosis`: a sign, a
        factor 2 or one of ``factors`` such as ``{"n": n}``, a transposition,
        a shape, NaN or overflow), and only then the case's own ``hint``.
        ``atol`` may be an array (one tolerance per element, see :func:`ulps`).
        ``what`` defaults to "the expected values".
        """
        got = np.asarray(self.value, dtype=float)
        want = np.asarray(expected, dtype=float)
        if got.shape != want.shape:
            raise self.wrong_shape(got.shape, want.shape)
        if close(got, want, rtol, atol):
            return self
        known = next((text for value, text in mistakes if matches(got, np.asarray(value, dtype=float), rtol, atol)), "")
        failure = self.fail(what or self.say("check.expected_values"),
                            hint=known or diagnosis(got, want, rtol, atol, factors or {}, self.language) or hint,
                            reference=expected)
        failure.rationale += differing_count(got, want, rtol, atol, self.language)
        raise failure

    def agrees(self, expected: Any, tolerance: Any, *, what: str, hint: str = "", inputs: np.ndarray | None = None,
               mistakes: Iterable[tuple[Any, str]] = (), overflow: str = "") -> Result:
        """Within ``tolerance`` of ``expected`` elementwise; a failure names the first input that disagrees.

        For elementwise functions, where the input at fault teaches more than a count. The hint is the one
        of a known mistake of ``mistakes`` (pairs of the value it gives and its hint), else ``overflow`` for
        a NaN or an infinity where a finite value was expected, else what the difference shows, else ``hint``.
        """
        got = np.asarray(self.value, dtype=float)
        want = np.asarray(expected, dtype=float)
        if got.shape != want.shape:
            raise self.wrong_shape(got.shape, want.shape)
        bad = ~agreeing(got, want, 0.0, tolerance)
        if not bad.any():
            return self
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        if inputs is not None and inputs.shape == got.shape:
            where = self.say("check.at_input", input=preview(float(inputs[index]), self.language))
        elif index:
            where = self.say("check.at_index", index=index[0] if len(index) == 1 else index)
        else:
            where = ","
        known = next((text for value, text in mistakes
                      if matches(got, np.asarray(value, dtype=float), 0.0, tolerance)), "")
        advice = known or (overflow if not np.isfinite(got[index]) else "")
        raise Failure(self.say("check.expected_at", call=self.call, expected=what, where=where,
                               got=preview(float(got[index]), self.language)),
                      hint=advice or diagnosis(got, want, 0.0, tolerance, {}, self.language) or hint,
                      reference=self.say("check.reference_at", value=preview(float(want[index]), self.language)))

    def equals(self, expected: Any, *, what: str | None = None, hint: str = "",
               mistakes: Iterable[tuple[Any, str]] = ()) -> Result:
        """Exactly ``expected`` (integers, tuples of integers, strings, booleans).

        The hint is that of a known mistake of ``mistakes`` (pairs of the value it gives and its hint), else
        what differs (an order, a sign, a factor), else ``hint``: as for :meth:`close_to`.
        """
        got, want = normalise(self.value), normalise(expected)
        if got != want:
            known = next((text for value, text in mistakes if normalise(value) == got), "")
            raise self.fail(what or self.say("check.other_value"),
                            hint=known or exact_diagnosis(got, want, self.language) or hint, reference=expected)
        return self

    def satisfies(self, predicate: Callable[[Any], bool], expected: str, *, hint: str = "") -> Result:
        """``predicate(value)`` holds; ``expected`` describes the property in the assignment's language."""
        try:
            holds = bool(predicate(self.value))
        except (TypeError, ValueError, IndexError, ArithmeticError):
            holds = False
        if not holds:
            raise self.fail(expected, hint=hint)
        return self

    def item(self, key: Any, label: str | None = None) -> Result:
        """One element of a returned tuple, list or dict, to check on its own."""
        try:
            value = self.value[key]
        except (TypeError, KeyError, IndexError):
            raise self.fail(self.say("check.element", element=repr(key))) from None
        return self.derived(value, label or Element(self.call, key))


def close(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any) -> bool:
    """``np.allclose`` without NaN equality, at a fraction of its cost (it runs hundreds of times per grading)."""
    return bool(np.all(agreeing(got, want, rtol, atol)))


def agreeing(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any) -> np.ndarray:
    """Elementwise: equal, or both finite and within ``atol + rtol |want|``."""
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(got) & np.isfinite(want)
        return (got == want) | (finite & (np.abs(got - want) <= atol + rtol * np.abs(want)))


def matches(got: np.ndarray, value: np.ndarray, rtol: float, atol: Any) -> bool:
    """``got`` is ``value`` (same shape, close): how a known mistake is recognised."""
    return got.shape == value.shape and close(got, value, rtol, atol)


def ulps(scale: Any, count: float = 16.0) -> Any:
    """An absolute tolerance of ``count`` units in the last place of ``scale`` (elementwise).

    ``scale`` is the magnitude of the largest input or intermediate a correct
    formula goes through, e.g. ``np.abs(x)`` for ``x - logaddexp(0, x)`` or
    ``np.abs(W) @ np.abs(x) + np.abs(b)`` for ``W @ x + b``; ``count`` covers
    the operations on the way (docs/tolerances.md).
    """
    return count * EPS * np.abs(np.asarray(scale, dtype=float))


# Hints are chosen from what differs (messages "check.hint.*"): they name the kind of mistake, never an expected value.


def diagnosis(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any, factors: Mapping[str, float],
              language: str = DEFAULT_LANGUAGE) -> str:
    """The kind of mistake that turns ``want`` into ``got`` (same shapes), or "" when none clearly shows."""
    bad = ~np.isfinite(got) & np.isfinite(want)
    if bad.any():
        return non_finite_hint(got[bad], language)
    if got.ndim == 2 and got.shape[0] == got.shape[1] and not matches(want, want.T, rtol, atol) \
            and matches(got, want.T, rtol, atol):
        return message("check.hint.transposed", language)
    if not np.any(np.abs(want) > 2 * np.max(np.broadcast_to(atol, want.shape), initial=0.0)):
        return ""  # want is all but zero: any factor fits
    candidates = {-1.0: message("check.hint.sign", language)}
    for name, value in {"2": 2.0, **factors}.items():
        for k in (float(value), 1.0 / float(value)) if value else ():
            candidates.setdefault(k, factor_hint(name, k, language))
            candidates.setdefault(-k, factor_hint(name, -k, language))
    for k, text in candidates.items():
        if k != 1.0 and matches(got, k * want, rtol, np.abs(k) * np.asarray(atol)):
            return text
    if matches(np.abs(got), np.abs(want), rtol, atol):
        return message("check.hint.some_signs", language)
    if proportional(got, want, atol):
        return message("check.hint.proportional", language)
    return ""


def factor_hint(name: str, k: float, language: str = DEFAULT_LANGUAGE) -> str:
    """"Your result is ``name`` times the expected one", for ``k`` = ±``name`` or ±1/``name``."""
    fields = {"minus": "-" if k < 0 else "", "name": name,
              "and_sign": message("check.hint.and_sign", language) if k < 0 else ""}
    if abs(k) >= 1:
        return message("check.hint.factor_extra", language, **fields)
    return message("check.hint.factor_missing", language, **fields)


def proportional(got: np.ndarray, want: np.ndarray, atol: Any) -> bool:
    """At least two elements, and ``got / want`` one constant other than 0 and 1 wherever ``want`` is not negligible.

    A ratio of 0 (an all-zero result) is no missing factor: it would mislead the student.
    """
    atol = np.broadcast_to(np.asarray(atol, dtype=float), want.shape)
    significant = np.abs(want) > 1e3 * np.maximum(atol, 1e-300)
    if significant.sum() < 2 or np.any(np.abs(got[~significant]) > 1e3 * np.maximum(atol[~significant], 1e-300)):
        return False
    ratios = got[significant] / want[significant]
    return bool(ratios[0] != 0.0 and np.ptp(ratios) <= 1e-9 * np.abs(ratios).max()
                and np.abs(ratios[0] - 1.0) > 1e-6)


def where_wrong(got: Any, want: np.ndarray, inputs: np.ndarray, default: str, *, rtol: float = 1e-6,
                atol: float = 1e-9, language: str = DEFAULT_LANGUAGE) -> str:
    """A hint from where an elementwise result is wrong: only at negative inputs (a branch or an absolute
    value), or only in (-1, 1) (the condition choosing the branch); else ``default``."""
    got = np.asarray(got, dtype=float)
    if got.shape != want.shape:
        return default
    wrong = ~agreeing(got, want, rtol, atol)
    if wrong.any() and np.all(inputs[wrong] < 0):
        return message("check.hint.wrong_negative", language)
    if wrong.any() and np.all((np.abs(inputs[wrong]) < 1) & (inputs[wrong] != 0)):
        return message("check.hint.wrong_inside_one", language)
    return default


def non_finite_hint(got: np.ndarray, language: str = DEFAULT_LANGUAGE) -> str:
    """Which non-finite value came back says which accident happened: overflow, log of zero or 0/0."""
    if np.any(got == np.inf):
        return message("check.hint.overflow", language)
    if np.any(got == -np.inf):
        return message("check.hint.log_of_zero", language)
    return message("check.hint.nan", language)


def shape_hint(got: tuple[int, ...], want: tuple[int, ...], language: str = DEFAULT_LANGUAGE) -> str:
    """The likely cause of a wrong shape."""
    if not want:
        return message("check.hint.shape_scalar", language)
    if len(got) == len(want) == 2 and got == want[::-1]:
        return message("check.hint.shape_transposed", language)
    if int(np.prod(got)) == int(np.prod(want)):
        return message("check.hint.shape_reshaped", language)
    if int(np.prod(got)) > int(np.prod(want)):
        return message("check.hint.shape_too_many", language)
    return message("check.hint.shape_too_few", language)


def differing_count(got: np.ndarray, want: np.ndarray, rtol: float, atol: Any,
                    language: str = DEFAULT_LANGUAGE) -> str:
    """`` (k of n elements differ)`` for an array of which only some elements are wrong."""
    wrong = int(np.size(got) - np.count_nonzero(agreeing(got, want, rtol, atol)))
    if np.size(got) < 2 or wrong == np.size(got):
        return ""
    return message("check.differ_many" if wrong > 1 else "check.differ_one", language, count=wrong,
                   size=np.size(got))


def exact_diagnosis(got: Any, want: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """The kind of mistake for an exact answer: the right values in another order, a sign, a factor."""
    if isinstance(got, tuple) and isinstance(want, tuple) and got != want and len(got) == len(want) \
            and sorted(map(repr, got)) == sorted(map(repr, want)):
        return message("check.hint.order", language)
    numbers = (int, float)
    if isinstance(got, numbers) and isinstance(want, numbers) and not isinstance(got, bool) \
            and not isinstance(want, bool) and want:
        return diagnosis(np.asarray(float(got)), np.asarray(float(want)), 0.0, 0.0, {}, language)
    return ""


def normalise(value: Any) -> Any:
    """Plain Python values, so that (3,) == [3] and np.int64(3) == 3 compare as a student expects."""
    if isinstance(value, np.ndarray):
        return normalise(value.tolist())
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return value


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of a scalar function, the shape of ``x``."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def numeric_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of a vector function: ``J[i, j] = d f_i / d x_j``."""
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step.flat[j] = eps
        columns.append((np.asarray(f(x + step)) - np.asarray(f(x - step))).ravel() / (2 * eps))
    return np.stack(columns, axis=1)


def handout_sigmoid(x: Any) -> Any:
    """The logistic function 1 / (1 + exp(-x)), by its textbook formula (for moderate x only)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def handout_softplus(x: Any) -> Any:
    """ln(1 + exp(x)), by its textbook formula (for moderate x only)."""
    return np.log1p(np.exp(np.asarray(x, dtype=float)))


def handout_softmax(x: Any) -> np.ndarray:
    """exp(x_i) / sum_j exp(x_j) over the last axis, by its textbook formula (for moderate x only)."""
    e = np.exp(np.asarray(x, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
