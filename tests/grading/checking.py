"""The checking API that every grading case is written with.

A case is a function ``case(t: Trial) -> None``: it calls the student's
functions through ``t.call`` and states what the result must be with the
fluent methods of :class:`Result`. The first unmet expectation raises a
:class:`Failure` that carries a French rationale and hint for the student.

This module is shipped to students with the public cases: it holds no
answer. It needs only numpy, and never imports the student's module: the
``caller`` given to :class:`Trial` decides where the student code runs (a
sandboxed child process for grading, the student's own process for the
self-check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

Caller = Callable[..., Any]
"""``caller(name, *args, **kwargs)`` runs the student's function ``name``."""

PREVIEW_ITEMS = 8


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


def preview(value: Any) -> str:
    """A short, readable rendering of a value for feedback."""
    if isinstance(value, np.ndarray):
        if value.size > PREVIEW_ITEMS:
            return f"tableau de forme {value.shape}"
        return "tableau " + np.array2string(value, precision=6, separator=", ")
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
    calls: list[str] = field(default_factory=list)  # names called, in order

    def call(self, name: str, *args: Any, label: str | None = None, **kwargs: Any) -> Result:
        """Call the student's function ``name``; any error becomes an :class:`Unanswered`."""
        shown = Shown(name, args, label)
        self.calls.append(name)
        try:
            value = self.caller(name, *args, **kwargs)
        except NotImplementedError:
            raise Unanswered(
                f"{name} n'est pas encore implémentée (NotImplementedError).",
                hint=f"Remplacez le `raise NotImplementedError` de {name} par votre réponse.",
            ) from None
        except Exception as error:  # the student's error, whatever its type
            raise Unanswered(
                f"L'appel {shown} a échoué : {describe_error(error)}",
                hint="Exécutez cet appel vous-même pour voir l'erreur complète.",
            ) from None
        return Result(value, shown)


@dataclass(frozen=True)
class Shown:
    """How a call reads in feedback; formatted only when a failure needs it."""

    name: str
    args: tuple[Any, ...]
    label: str | None = None

    def __str__(self) -> str:
        return self.label or f"{self.name}({', '.join(preview(a) for a in self.args)})"


def describe_error(error: BaseException) -> str:
    """``Type: message`` of an error, kept short (an error that carries the student's own type says it itself)."""
    if getattr(error, "self_described", False):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


@dataclass
class Result:
    """A value returned by the student, with fluent expectations on it."""

    value: Any
    call: Shown | str

    def fail(self, expected: str, *, hint: str = "", reference: Any = None) -> Failure:
        """The failure "for this call, ``expected`` was expected, this came back"."""
        return Failure(
            f"{self.call} : attendu {expected}, obtenu {preview(self.value)}.",
            hint=hint,
            reference="" if reference is None else f"valeur attendue : {preview(reference)}",
        )

    def number(self) -> Result:
        """A real number (Python or numpy scalar, or a one-element array)."""
        value = self.value
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
            value = value.reshape(()).item()
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise self.fail("un nombre réel")
        return Result(float(value), self.call)

    def integer(self) -> Result:
        """A whole number, given as an int (or an integral float)."""
        value = self.value
        if isinstance(value, np.integer):
            value = int(value)
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail("un nombre entier")
        return Result(value, self.call)

    def array(self, shape: tuple[int, ...] | None = None) -> Result:
        """A numeric numpy array (lists are accepted), of the given shape if one is named."""
        try:
            array = np.asarray(self.value, dtype=float)
        except (TypeError, ValueError):
            raise self.fail("un tableau numpy de nombres") from None
        if shape is not None and array.shape != tuple(shape):
            raise Failure(
                f"{self.call} : attendu un tableau de forme {tuple(shape)}, "
                f"obtenu un tableau de forme {array.shape}.",
                hint="Vérifiez les dimensions (transposée, vecteur ligne ou colonne, somme sur le mauvais axe).",
            )
        return Result(array, self.call)

    def finite(self) -> Result:
        """No NaN nor infinity: what a numerically stable formula gives."""
        if not np.all(np.isfinite(np.asarray(self.value, dtype=float))):
            raise self.fail(
                "des valeurs finies",
                hint="Une exponentielle déborde sans doute : réécrivez la formule pour qu'elle reste stable.",
            )
        return self

    def close_to(self, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-9,
                 what: str = "les valeurs attendues", hint: str = "") -> Result:
        """Equal to ``expected`` up to rounding; ``what`` says what the values are."""
        got = np.asarray(self.value, dtype=float)
        want = np.asarray(expected, dtype=float)
        if got.shape != want.shape or not close(got, want, rtol, atol):
            raise self.fail(what, hint=hint, reference=expected)
        return self

    def equals(self, expected: Any, *, what: str | None = None, hint: str = "") -> Result:
        """Exactly ``expected`` (integers, tuples of integers, strings, booleans)."""
        if normalise(self.value) != normalise(expected):
            raise self.fail(what or "une autre valeur", hint=hint, reference=expected)
        return self

    def satisfies(self, predicate: Callable[[Any], bool], expected: str, *, hint: str = "") -> Result:
        """``predicate(value)`` holds; ``expected`` describes the property in French."""
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
            raise self.fail(f"une valeur avec l'élément {key!r}") from None
        return Result(value, label or f"{self.call}[{key!r}]")


def close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    """``np.allclose`` without NaN equality, at a fraction of its cost (it runs hundreds of times per grading)."""
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(got) & np.isfinite(want)
        return bool(np.all((got == want) | (finite & (np.abs(got - want) <= atol + rtol * np.abs(want)))))


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
    """sigma(x) = 1 / (1 + exp(-x)) as the handout defines it (for moderate x only)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def handout_softplus(x: Any) -> Any:
    """softplus(x) = ln(1 + exp(x)) as the handout defines it (for moderate x only)."""
    return np.log1p(np.exp(np.asarray(x, dtype=float)))


def handout_softmax(x: Any) -> np.ndarray:
    """S(x)_i = exp(x_i) / sum_j exp(x_j) as the handout defines it (for moderate x only)."""
    e = np.exp(np.asarray(x, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
