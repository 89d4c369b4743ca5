"""Hidden grading cases of the warm-up (questions 1a-1e).

Each case draws its inputs from ``t.rng`` (seeded from the submission, so an
answer fitted to the public inputs fails here) but builds them so that every
regime the question tells apart is present in every draw: n < k and n > k for
the traces, a single element and several for log-sum-exp, large positive and
large negative inputs for the stability cases, a value of probability 0, a
rare and a common disease. Failures say what was called and what kind of value
was expected, never the expected value itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checking import Result, Trial, normalise, ulps

ULPS = 16.0  # a few units in the last place per operation of the longest correct formula

SHAPE_HINTS = (
    ("la forme de A @ B", "Un produit (n, k) @ (k, m) a les lignes de A et les colonnes de B."),
    ("la forme de B.T @ A.T", "B.T @ A.T est la transposée de A @ B : (AB)^T = B^T A^T."),
    ("la forme de np.outer(u, v)", "np.outer(u, v) a une ligne par élément de u et une colonne par élément de v."),
    ("la forme de u @ A @ B @ v", "Avec des vecteurs à une dimension, u @ A @ B @ v est un nombre : "
                                  "sa forme numpy est le tuple vide ()."),
)
CENTRED = ("E[X^2] et E[X]^2 sont deux très grands nombres presque égaux : leur différence perd tous ses chiffres. "
           "Utilisez la forme centrée E[(X - E[X])^2].")
SHIFT = "Soustrayez le maximum de x avant l'exponentielle, puis rajoutez-le après le logarithme."


def _tolerance(scale: Any) -> Any:
    """ULPS ulps of ``scale`` (at least 1): the rounding a correct formula may add."""
    return ulps(np.maximum(1.0, np.abs(scale)), ULPS)


def _lse(x: np.ndarray) -> float:
    """The stable log-sum-exp the result is compared with."""
    top = float(np.max(x))
    return top + float(np.log(np.sum(np.exp(x - top))))


def _pair(result: Result, what: str) -> Result:
    """A returned couple, refused early when it is not one."""
    return result.satisfies(lambda value: len(value) == 2, what)


# 1a

def product_shapes_hidden(t: Trial) -> None:
    """Three distinct sizes in random order (a swap of any two shows), then the same with m = 1."""
    n, k, m = (int(v) for v in t.rng.choice(np.arange(2, 10), size=3, replace=False))
    for n, k, m in ((n, k, m), (n, k, 1)):
        result = t.call("product_shapes", n, k, m)
        result.satisfies(lambda value: len(value) == 4, "un tuple de quatre formes")
        A, B, u, v = np.ones((n, k)), np.ones((k, m)), np.ones(n), np.ones(m)
        actual = ((A @ B).shape, (B.T @ A.T).shape, np.outer(u, v).shape, np.shape(u @ A @ B @ v))
        for index, ((what, hint), shape) in enumerate(zip(SHAPE_HINTS, actual)):
            got = result.item(index)
            if normalise(got.value) != shape:  # the question's own hint, not the generic "swapped dimensions"
                raise got.fail(what, hint=hint)


# 1b

def traces_hidden(t: Trial) -> None:
    """Random A (n, k) and B (k, n) with n != k, called both ways round: n < k and n > k in every draw."""
    n, k = (int(v) for v in t.rng.choice(np.arange(1, 7), size=2, replace=False))
    A, B = t.rng.normal(0.0, 2.0, size=(n, k)), t.rng.normal(0.0, 2.0, size=(k, n))
    for left, right in ((A, B), (B, A)):
        trace = float(np.einsum("ij,ji->", left, right))
        tolerance = _tolerance(np.einsum("ij,ji->", np.abs(left), np.abs(right)))
        result = _pair(t.call("traces", left, right), "un couple (tr(AB), tr(BA))")
        hint = ("La trace est la somme des éléments diagonaux du produit : ce n'est ni le produit des traces, "
                "ni la somme de tous les éléments, ni la somme des A_ii B_ii.")
        result.item(0).number().close_to(trace, rtol=0.0, atol=tolerance, what="tr(AB)", hint=hint)
        result.item(1).number().close_to(trace, rtol=0.0, atol=tolerance, what="tr(BA), égale à tr(AB)", hint=hint)


# 1c

def logsumexp_hidden(t: Trial) -> None:
    """Several moderate entries of both signs, then a single entry (whose log-sum-exp is itself)."""
    n = int(t.rng.integers(3, 8))
    x = np.concatenate([t.rng.uniform(-5.0, -0.5, size=1), t.rng.uniform(0.5, 5.0, size=1),
                        t.rng.uniform(-5.0, 5.0, size=n - 2)])
    for values in (t.rng.permutation(x), t.rng.uniform(-5.0, 5.0, size=1)):
        t.call("logsumexp", values).number().close_to(
            float(np.log(np.sum(np.exp(values)))), rtol=0.0, atol=_tolerance(np.max(np.abs(values))),
            what="ln(somme_i exp(x_i))")


def logsumexp_stable_hidden(t: Trial) -> None:
    """Moderate entries shifted by +c and by -c (|c| in [800, 10^4]), with one entry 750 to 2000 below the rest."""
    c = float(10.0 ** t.rng.uniform(np.log10(800.0), 4.0))
    base = t.rng.uniform(-3.0, 3.0, size=int(t.rng.integers(2, 6)))
    for shift in (c, -c):
        x = t.rng.permutation(np.append(base + shift, shift - t.rng.uniform(750.0, 2000.0)))
        t.call("logsumexp", x).number().satisfies(np.isfinite, "un nombre fini", hint=SHIFT).close_to(
            _lse(x), rtol=0.0, atol=_tolerance(np.max(np.abs(x))), what="ln(somme_i exp(x_i)), fini", hint=SHIFT)


# 1d

def _moments(result: Result, values: np.ndarray, probs: np.ndarray, offset: float, hint: str) -> None:
    """E[X] and Var[X] of values = offset + small deviations, computed from the exact deviations."""
    deviations = values - offset  # exact: both within a factor 2 of each other, or offset is 0
    centre = float(np.sum(probs * deviations))
    variance = float(np.sum(probs * (deviations - centre) ** 2))
    result = _pair(result, "un couple (E[X], Var[X])")
    result.item(0).number().finite().close_to(
        offset + centre, rtol=1e-12, atol=_tolerance(np.max(np.abs(values))),
        what="E[X] = somme_i probs[i] values[i]",
        hint="Chaque valeur compte avec sa probabilité : ce n'est pas la moyenne simple des valeurs.")
    result.item(1).number().finite().close_to(
        variance, rtol=1e-9, atol=1e-12, what="Var[X] = E[(X - E[X])^2]",
        hint=hint or "La variance pondère chaque écart au carré par sa probabilité ; ce n'est pas l'écart-type.")


def _distribution(t: Trial) -> tuple[np.ndarray, np.ndarray]:
    """Three to six distinct moderate deviations and unequal probabilities, one of them 0 (its value must not count)."""
    n = int(t.rng.integers(3, 7))
    deviations = t.rng.uniform(-4.0, 4.0, size=n)
    probs = t.rng.dirichlet(np.ones(n - 1))
    return deviations, np.insert(probs, int(t.rng.integers(n)), 0.0)


def mean_variance_hidden(t: Trial) -> None:
    """Moderate values with random unequal probabilities, one of which is 0."""
    values, probs = _distribution(t)
    _moments(t.call("mean_variance", values, probs), values, probs, 0.0, "")


def mean_variance_stable_hidden(t: Trial) -> None:
    """The same around an offset of +|c| and of -|c|, |c| in [10^7, 10^9]: the uncentred formula cancels."""
    c = float(10.0 ** t.rng.uniform(7.0, 9.0))
    deviations, probs = _distribution(t)
    for offset in (c, -c):
        values = offset + deviations
        _moments(t.call("mean_variance", values, probs), values, probs, offset, CENTRED)


# 1e

def posterior_hidden(t: Trial) -> None:
    """A rare disease (P(M) in [10^-4, 10^-2]) and a common one (P(M) in [0.2, 0.8]), random test qualities."""
    for prior in (10.0 ** t.rng.uniform(-4.0, -2.0), t.rng.uniform(0.2, 0.8)):
        sensitivity, specificity = (float(v) for v in t.rng.uniform(0.6, 0.99, size=2))
        positive = sensitivity * prior / (sensitivity * prior + (1 - specificity) * (1 - prior))
        negative = (1 - sensitivity) * prior / ((1 - sensitivity) * prior + specificity * (1 - prior))
        result = _pair(t.call("posterior", float(prior), sensitivity, specificity), "un couple (P(M | +), P(M | −))")
        result.item(0).number().close_to(
            positive, rtol=1e-9, atol=1e-15, what="P(M | +)",
            hint="P(M | +) = P(+ | M) P(M) / P(+), et P(+) = P(+ | M) P(M) + P(+ | non M) P(non M) avec "
                 "P(+ | non M) = 1 - specificity.")
        result.item(1).number().close_to(
            negative, rtol=1e-9, atol=1e-15, what="P(M | −)",
            hint="P(M | −) n'est pas 1 - P(M | +) : appliquez la règle de Bayes au résultat négatif, "
                 "avec P(− | M) = 1 - sensitivity et P(− | non M) = specificity.")
