"""Public grading cases of the warm-up (questions 1a-1e).

These cases are shipped to students. They hold no answer: every expected
value is a literal worked out by hand (shapes, traces of small integer
matrices, ln 2, Bayes' rule on round numbers). The ``*_stable_public`` cases
of 1c and 1d feed inputs where the textbook formula overflows or cancels.
"""

from __future__ import annotations

import math

from autograder.checking import Result, Trial, normalise

LN2 = 0.6931471805599453                # ln 2 = logsumexp([0, 0])
LSE_123 = 3.4076059644443806            # ln(e + e^2 + e^3) = 3 + ln(1 + e^-1 + e^-2)
TIGHT = {"rtol": 1e-12, "atol": 1e-12}  # literals computed to 17 digits, formulas of a few operations
SHIFT = "Soustrayez le maximum de x avant l'exponentielle, puis rajoutez-le après le logarithme."

SHAPE_HINTS = (
    ("la forme de A @ B", "Un produit (n, k) @ (k, m) a les lignes de A et les colonnes de B."),
    ("la forme de B.T @ A.T", "B.T @ A.T est la transposée de A @ B : (AB)^T = B^T A^T."),
    ("la forme de np.outer(u, v)", "np.outer(u, v) a une ligne par élément de u et une colonne par élément de v."),
    ("la forme de u @ A @ B @ v", "Avec des vecteurs à une dimension, u @ A @ B @ v est un nombre : "
                                  "sa forme numpy est le tuple vide (), pas (1, 1)."),
)


def _shapes_are(result: Result, expected: tuple[tuple[int, ...], ...]) -> None:
    """Four shapes, each checked on its own so that the feedback names the product that is wrong."""
    result.satisfies(lambda value: len(value) == 4, "un tuple de quatre formes")
    for index, ((what, hint), shape) in enumerate(zip(SHAPE_HINTS, expected)):
        got = result.item(index)
        if normalise(got.value) != shape:  # the question's own hint, not the generic "swapped dimensions"
            raise got.fail(what, hint=hint, reference=shape)


# 1a

def product_shapes_public(t: Trial) -> None:
    """Shapes for n, k, m all different (any swap shows), then for m = 1 (a column, not a vector)."""
    _shapes_are(t.call("product_shapes", 2, 3, 4), ((2, 4), (4, 2), (2, 4), ()))
    _shapes_are(t.call("product_shapes", 3, 7, 1), ((3, 1), (1, 3), (3, 1), ()))


# 1b

def traces_public(t: Trial) -> None:
    """Both traces of a 2x3 by 3x2 product (AB is 2x2, BA is 3x3), then of a 1x3 by 3x1 one."""
    A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    B = [[2.0, 0.0], [0.0, 1.0], [1.0, -1.0]]
    result = t.call("traces", A, B, label="traces(A, B) avec A = [[1, 2, 3], [4, 5, 6]], B = [[2, 0], [0, 1], [1, -1]]")
    _both_traces(result, 4.0)
    result = t.call("traces", [[1.0, 2.0, 3.0]], [[4.0], [5.0], [6.0]])
    _both_traces(result, 32.0)


def _both_traces(result: Result, expected: float) -> None:
    """tr(AB) then tr(BA), each a number equal to ``expected``."""
    result.satisfies(lambda value: len(value) == 2, "un couple (tr(AB), tr(BA))")
    hint = ("La trace est la somme des éléments diagonaux du produit : ce n'est ni le produit des traces, "
            "ni la somme de tous les éléments, ni la somme des A_ii B_ii.")
    result.item(0).number().close_to(expected, **TIGHT, what="tr(AB)", hint=hint)
    result.item(1).number().close_to(expected, **TIGHT, what="tr(BA)", hint=hint)


# 1c

def logsumexp_public(t: Trial) -> None:
    """ln 2 for two zeros, ln(e + e^2 + e^3), and x itself for a single element."""
    t.call("logsumexp", [0.0, 0.0]).number().close_to(LN2, **TIGHT, what="ln(e^0 + e^0) = ln 2")
    t.call("logsumexp", [1.0, 2.0, 3.0]).number().close_to(LSE_123, **TIGHT, what="ln(e^1 + e^2 + e^3)")
    t.call("logsumexp", [-2.5]).number().close_to(-2.5, **TIGHT, what="ln(e^-2.5) = -2.5")


def logsumexp_stable_public(t: Trial) -> None:
    """Entries of ±1000, where exp overflows or rounds to 0, and a spread of 2000 (a shift by the minimum overflows)."""
    for x, expected, what in (([1000.0, 1000.0], 1000.0 + LN2, "1000 + ln 2"),
                              ([-1000.0, -1000.0], -1000.0 + LN2, "-1000 + ln 2"),
                              ([1000.0, 0.0, -1000.0], 1000.0, "1000 (à l'arrondi près)")):
        t.call("logsumexp", x).number().satisfies(math.isfinite, "un nombre fini", hint=SHIFT).close_to(
            expected, **TIGHT, what=what, hint=SHIFT)


# 1d

def mean_variance_public(t: Trial) -> None:
    """Unequal probabilities (the plain average of the values is wrong), then a mean of 0."""
    _moments_are(t.call("mean_variance", [1.0, 2.0, 4.0], [0.5, 0.25, 0.25]), 2.0, 1.5)
    _moments_are(t.call("mean_variance", [-1.0, 3.0], [0.75, 0.25]), 0.0, 3.0)


def mean_variance_stable_public(t: Trial) -> None:
    """Values near 1e8 and -1e9 a few units apart: E[X^2] - E[X]^2 loses every digit there."""
    hint = ("E[X^2] et E[X]^2 sont deux très grands nombres presque égaux : leur différence perd tous ses chiffres. "
            "Utilisez la forme centrée E[(X - E[X])^2].")
    _moments_are(t.call("mean_variance", [1e8 - 1.0, 1e8 + 1.0], [0.5, 0.5]), 1e8, 1.0, hint)
    _moments_are(t.call("mean_variance", [-1e9, -1e9 + 2.0, -1e9 + 4.0], [0.25, 0.5, 0.25]), -1e9 + 2.0, 2.0, hint)


def _moments_are(result: Result, mean: float, variance: float, hint: str = "") -> None:
    """E[X] then Var[X]: finite numbers equal to the literals."""
    result.satisfies(lambda value: len(value) == 2, "un couple (E[X], Var[X])")
    result.item(0).number().finite().close_to(
        mean, rtol=1e-12, atol=1e-12, what="E[X] = somme_i probs[i] values[i]",
        hint="Chaque valeur compte avec sa probabilité : ce n'est pas la moyenne simple des valeurs.")
    result.item(1).number().finite().close_to(
        variance, rtol=1e-9, atol=1e-12, what="Var[X] = E[(X - E[X])^2]",
        hint=hint or "La variance pondère chaque écart au carré par sa probabilité ; ce n'est pas l'écart-type.")


# 1e

def posterior_public(t: Trial) -> None:
    """Bayes' rule with round numbers, then for a rare disease (a positive test is still mostly a false alarm)."""
    _posteriors_are(t.call("posterior", 0.5, 0.8, 0.6), 2.0 / 3.0, 0.25)
    _posteriors_are(t.call("posterior", 0.01, 0.9, 0.95), 2.0 / 13.0, 2.0 / 1883.0)


def _posteriors_are(result: Result, positive: float, negative: float) -> None:
    """P(M | +) then P(M | -), each equal to its literal."""
    result.satisfies(lambda value: len(value) == 2, "un couple (P(M | +), P(M | −))")
    hint = ("P(M | +) = P(+ | M) P(M) / P(+), et P(+) = P(+ | M) P(M) + P(+ | non M) P(non M) avec "
            "P(+ | non M) = 1 - specificity.")
    result.item(0).number().close_to(positive, rtol=1e-12, atol=1e-15, what="P(M | +)",
                                                           hint=hint)
    result.item(1).number().close_to(
        negative, rtol=1e-12, atol=1e-15, what="P(M | −)",
        hint="P(M | −) n'est pas 1 - P(M | +) : appliquez la règle de Bayes au résultat négatif, "
             "avec P(− | M) = 1 - sensitivity et P(− | non M) = specificity.")
