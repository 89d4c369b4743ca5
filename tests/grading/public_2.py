"""Public grading cases of part 2: gradients of a one-hidden-layer MLP.

These cases are shipped to students. Their inputs are fixed; their expected
values are literals derived by hand, properties, or finite differences of the
handout's definitions (the forward pass and the loss are given by the handout).
Two fixed networks: a rectangular one (d = 4, d_h = 3, m = 5) and a square one
(d = d_h = m = 3, non-symmetric weights), so that no transposition passes
unseen; both have a negative, a zero and a positive pre-activation. Inputs are
moderate, except in the ``*_stable`` cases, which grade numerical stability
alone, only where the docstring asks for it.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from autograder.checking import (
    Failure,
    Result,
    Trial,
    non_finite_hint,
    normalise,
    numeric_gradient,
    where_wrong,
)

from .shared import handout_sigmoid, handout_softmax, handout_softplus

LN2 = float(np.log(2.0))
LN3 = float(np.log(3.0))
LN4 = float(np.log(4.0))
LN5 = float(np.log(5.0))

# The fixed rectangular network: d = 4, d_h = 3, m = 5, label y = 2.
X = np.array([1.0, -0.5, 2.0, 0.25])
W1 = np.array([[0.5, -1.0, 0.25, 2.0],
               [-0.5, 0.5, 1.0, -1.0],
               [1.0, 0.0, -0.5, 0.5]])
B1 = np.array([-3.0, -1.0, 0.375])
W2 = np.array([[1.0, 0.0, -1.0],
               [0.5, 1.0, 0.0],
               [-1.0, 1.0, 2.0],
               [0.0, -0.5, 1.0],
               [2.0, 0.0, 0.0]])
B2 = np.array([0.0, 0.5, -1.0, 0.25, -2.0])
Y = 2
H_A = np.array([-1.0, 0.0, 0.5])  # W1 x + b1 = (2, 1, 0.125) + b1, computed by hand

# The fixed square network: d = d_h = m = 3, W1 and W2 far from symmetric.
X_SQ = np.array([1.0, 2.0, -1.0])
W1_SQ = np.array([[1.0, 2.0, 0.0],
                  [0.0, 1.0, 3.0],
                  [-1.0, 0.0, 1.0]])
B1_SQ = np.array([-6.0, 1.0, 3.0])
H_A_SQ = np.array([-1.0, 0.0, 1.0])  # W1 x + b1 = (5, -1, -2) + b1; with W1^T it would be (-4, 5, 8)
W2_SQ = np.array([[1.0, -1.0, 0.0],
                  [2.0, 0.0, 1.0],
                  [0.0, 1.0, -1.0]])
B2_SQ = np.array([0.0, -1.0, 0.5])

# Huge weights: h^a = (1000, -1000, 0), so h^s = (1000, ~0, ln 2) and o^a[4] dominates by ~1000.
X_BIG = np.array([1.0, 0.0, 0.0, 0.0])
W1_BIG = np.array([[1000.0, 0.0, 0.0, 0.0],
                   [-1000.0, 0.0, 0.0, 0.0],
                   [0.0, 0.0, 0.0, 0.0]])
B1_ZERO = np.zeros(3)

# Tolerances: central differences with a step of 1e-6 are within ~1e-10 of the derivative here, so
# TOL leaves a margin of 1000; hand-derived literals are exact up to a few ulps, so EXACT leaves 10^4.
# Every plausible mistake differs by more than 1e-3.
TOL = dict(rtol=1e-5, atol=1e-7)
EXACT = dict(rtol=1e-10, atol=1e-12)
TRANSPOSE = "Vous utilisez la transposée de la matrice (ou de son rôle) : vérifiez quel indice parcourt les lignes."
SIGN = "Le résultat a le mauvais signe."
ABSOLUTE = "Vous avez pris la valeur absolue de l'entrée : le résultat est faux pour les entrées négatives."
SUM = "C'est la somme des pertes : le risque empirique en est la moyenne."
N_MINUS_1 = "Vous divisez par n - 1 : le risque empirique est la moyenne des n pertes, divisez par n."
LSE_MAX = ("Le maximum soustrait avant l'exponentielle doit être rajouté : "
           "ln somme_k exp(o_k) = max + ln somme_k exp(o_k - max).")
STABLE = "Le calcul doit rester stable pour de très grandes entrées : aucune exponentielle d'un grand nombre positif."


def _net() -> tuple[np.ndarray, ...]:
    """Fresh copies of the fixed network, so that a student who edits in place harms nothing."""
    return X.copy(), W1.copy(), B1.copy(), W2.copy(), B2.copy()


def _net_sq() -> tuple[np.ndarray, ...]:
    """Fresh copies of the fixed square network."""
    return X_SQ.copy(), W1_SQ.copy(), B1_SQ.copy(), W2_SQ.copy(), B2_SQ.copy()


def _expect(result: Result, want, *, what: str, hint: str = "", tol: dict = EXACT, mistakes: tuple = (),
            factors: dict[str, float] | None = None, precise: bool = False) -> Result:
    """``result`` equals ``want``; a known mistake's value gets that mistake's hint (``precise``: see close_to)."""
    return result.close_to(want, what=what, hint=hint, mistakes=mistakes, factors=factors, precise=precise, **tol)


def _finite(result: Result, hint: str) -> Result:
    """No NaN nor infinity; the hint says which one appeared, then how this question avoids it."""
    values = np.asarray(result.value, dtype=float)
    if np.all(np.isfinite(values)):
        return result
    raise Failure(f"{result.call} : attendu des valeurs finies, obtenu {np.array2string(values, precision=6)}.",
                  hint=f"{non_finite_hint(values)} {hint}")


def _computed_once(function):
    """Compute a fixed quantity once; hand out fresh copies (a student may edit its inputs in place)."""
    cached = functools.cache(function)

    @functools.wraps(function)
    def copies():
        value = cached()
        return tuple(v.copy() for v in value) if isinstance(value, tuple) else value.copy()
    return copies


# The handout's forward pass and loss, written naively (moderate inputs only).
def _loss_from_output(o_a: np.ndarray, y: int) -> float:
    return float(-np.log(handout_softmax(o_a)[y]))


def _loss_from_hs(h_s: np.ndarray, w2: np.ndarray, b2: np.ndarray, y: int) -> float:
    return _loss_from_output(w2 @ h_s + b2, y)


def _loss_from_ha(h_a: np.ndarray, w2: np.ndarray, b2: np.ndarray, y: int) -> float:
    return _loss_from_hs(handout_softplus(h_a), w2, b2, y)


def _loss(x, y, w1, b1, w2, b2) -> float:
    return _loss_from_ha(w1 @ x + b1, w2, b2, y)


@_computed_once
def _layers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """h^a, h^s and o^a of the fixed network, by the handout's definitions."""
    h_a = W1 @ X + B1
    h_s = handout_softplus(h_a)
    return h_a, h_s, W2 @ h_s + B2


@_computed_once
def _upstream_oa() -> tuple[np.ndarray, np.ndarray]:
    """(h^s, dL/do^a) of the fixed network, dL/do^a by finite differences of the loss."""
    _, h_s, o_a = _layers()
    return h_s, numeric_gradient(lambda o: _loss_from_output(o, Y), o_a)


@_computed_once
def _upstream_hs() -> tuple[np.ndarray, np.ndarray]:
    """(h^a, dL/dh^s) of the fixed network, dL/dh^s by finite differences of the loss."""
    h_a, h_s, _ = _layers()
    return h_a, numeric_gradient(lambda h: _loss_from_hs(h, W2, B2, Y), h_s)


def _shape_is(*shapes: tuple[int, ...]):
    return lambda value: normalise(value) in shapes


def _example(t: Trial, name: str, args: tuple, want: Any, hint: str = "") -> None:
    """The example of ``name``'s docstring, which the student can read: its exact value, up to a few ulps."""
    result = t.call(name, *args)
    result = result.number() if np.ndim(want) == 0 else result.array(shape=np.shape(want))
    result.close_to(want, rtol=1e-12, atol=1e-15, what="la valeur de l'exemple de la docstring", hint=hint)


# --- 2a ----------------------------------------------------------------------------------------

def b1_shape_public(t: Trial) -> None:
    """b1_shape gives (d_h,) (a column (d_h, 1) is accepted) for d != d_h."""
    t.call("b1_shape", 4, 3).satisfies(
        _shape_is((3,), (3, 1)), "la forme (3,) : b1 a une composante par unité cachée",
        hint="b1 s'ajoute à W1 x, qui a d_h composantes ; d est la dimension de l'entrée.")
    t.call("b1_shape", 2, 7).satisfies(
        _shape_is((7,), (7, 1)), "la forme (7,) : b1 a une composante par unité cachée",
        hint="b1 s'ajoute à W1 x, qui a d_h composantes ; d est la dimension de l'entrée.")


def hidden_layer_public(t: Trial) -> None:
    """hidden_layer returns h^a = W1 x + b1 and h^s = softplus(h^a), for W1 of shape (3, 4) and a square W1."""
    result = t.call("hidden_layer", np.array([1.0]), np.array([[0.0]]), np.array([0.0]))
    for index, want in ((0, [0.0]), (1, [LN2])):
        result.item(index).array(shape=(1,)).close_to(want, rtol=1e-12, atol=1e-15,
                                                      what="la valeur de l'exemple de la docstring")
    for net, h_a, transposed in ((_net(), H_A, ()), (_net_sq(), H_A_SQ, (([-4.0, 5.0, 8.0], TRANSPOSE),))):
        x, w1, b1 = net[:3]
        result = t.call("hidden_layer", x, w1, b1)
        _expect(result.item(0).array(shape=(3,)), h_a, what="h^a = W1 x + b1",
                hint="h^a_j = sum_i W1[j, i] x_i + b1_j.",
                mistakes=((h_a - b1, "Le biais b1 manque dans h^a."), *transposed))
        _expect(result.item(1).array(shape=(3,)), handout_softplus(h_a), what="h^s = softplus(h^a)",
                hint="h^s_j = ln(1 + exp(h^a_j)).",
                mistakes=((np.maximum(h_a, 0.0), "C'est ReLU(h^a) : la non-linéarité demandée est softplus."),
                          (handout_softplus(np.abs(h_a)), ABSOLUTE)))


def hidden_layer_stable(t: Trial) -> None:
    """hidden_layer stays exact for h^a = (1000, -1000, 0): softplus(1000) = 1000, softplus(-1000) ~ 0 (stability only)."""
    big = t.call("hidden_layer", X_BIG.copy(), W1_BIG.copy(), B1_ZERO.copy())
    big.item(0).array(shape=(3,)).close_to([1000.0, -1000.0, 0.0], what="h^a = W1 x + b1", **EXACT, precise=True)
    _finite(big.item(1).array(shape=(3,)), "Voir la forme stable de softplus (question 1g).").close_to(
        [1000.0, 0.0, LN2], what="h^s = softplus(h^a), avec softplus(1000) = 1000 et softplus(-1000) ≈ 0",
        hint=STABLE + " softplus(z) = max(z, 0) + ln(1 + exp(-|z|)).", **EXACT, precise=True)


# --- 2b ----------------------------------------------------------------------------------------

def w2_shape_public(t: Trial) -> None:
    """output_shapes(d_h, m)[0], the shape of W2, is (m, d_h) for d_h != m."""
    t.call("output_shapes", 3, 5).item(0, "output_shapes(3, 5)[0]").satisfies(
        _shape_is((5, 3)), "la forme (5, 3) de W2",
        hint="o^a = W2 h^s a m composantes et h^s en a d_h : W2 a m lignes et d_h colonnes.")


def b2_shape_public(t: Trial) -> None:
    """output_shapes(d_h, m)[1], the shape of b2, is (m,) (a column (m, 1) is accepted) for d_h != m."""
    t.call("output_shapes", 3, 5).item(1, "output_shapes(3, 5)[1]").satisfies(
        _shape_is((5,), (5, 1)), "la forme (5,) de b2",
        hint="b2 s'ajoute à W2 h^s, qui a une composante par classe.")


def output_preactivation_public(t: Trial) -> None:
    """output_preactivation returns o^a = W2 h^s + b2, with W2 of shape (5, 3) and with a square W2 (by hand)."""
    _example(t, "output_preactivation", (np.array([1.0, 2.0]), np.array([[1.0, 1.0]]), np.array([0.5])), [3.5])
    h_s = np.array([1.0, 2.0, 0.5])
    hint = "o^a_k = sum_j W2[k, j] h^s_j + b2_k, sans oublier le biais."
    _, _, _, w2, b2 = _net()
    _expect(t.call("output_preactivation", h_s.copy(), w2, b2).array(shape=(5,)),
            [0.5, 3.0, 1.0, -0.25, 0.0], what="o^a = W2 h^s + b2", hint=hint,
            mistakes=(([0.5, 2.5, 2.0, -0.5, 2.0], "Le biais b2 manque."),))
    _, _, _, w2, b2 = _net_sq()
    _expect(t.call("output_preactivation", h_s.copy(), w2, b2).array(shape=(3,)),
            [-1.0, 1.5, 2.0], what="o^a = W2 h^s + b2 (W2 carrée)", hint=hint,
            mistakes=(([5.0, -1.5, 2.0], TRANSPOSE), ([-1.0, 2.5, 1.5], "Le biais b2 manque.")))


# --- 2c ----------------------------------------------------------------------------------------

def forward_public(t: Trial) -> None:
    """forward returns the softmax outputs, positive, summing to 1, equal to the handout's formula (both networks)."""
    _example(t, "forward", (np.array([1.0]), np.array([[2.0]]), np.array([0.0]), np.zeros((2, 1)), np.zeros(2)),
             [0.5, 0.5])
    for net, (h_a, w2_fixed, b2_fixed) in ((_net(), (H_A, W2, B2)), (_net_sq(), (H_A_SQ, W2_SQ, B2_SQ))):
        m = w2_fixed.shape[0]
        o_a = w2_fixed @ handout_softplus(h_a) + b2_fixed
        result = t.call("forward", *net).array(shape=(m,))
        result.satisfies(lambda o: np.all(o > 0), "des probabilités strictement positives",
                         hint="o^s_k = exp(o^a_k) / sum_l exp(o^a_l) : une exponentielle est positive.")
        result.derived(np.sum(result.value)).close_to(
            1.0, rtol=0.0, atol=1e-9, what="des probabilités de somme 1",
            hint="Le softmax divise chaque exp(o^a_k) par la somme de toutes les exponentielles.")
        result.close_to(handout_softmax(o_a), what="o^s = softmax(W2 softplus(W1 x + b1) + b2)",
                        hint="Enchaînez h^a = W1 x + b1, h^s = softplus(h^a), o^a = W2 h^s + b2, puis le softmax.",
                                **EXACT)


def forward_stable(t: Trial) -> None:
    """forward stays finite and one-hot when o^a spreads over thousands (stability only: the docstring asks for it)."""
    _, _, _, w2, b2 = _net()
    big = t.call("forward", X_BIG.copy(), W1_BIG.copy(), B1_ZERO.copy(), w2, b2).array(shape=(5,))
    _finite(big, "Softplus et softmax doivent être stables : pensez à l'invariance du softmax par translation "
                 "(question 1h), en soustrayant le maximum.").close_to(
        [0.0, 0.0, 0.0, 0.0, 1.0], what="une sortie presque one-hot (o^a_4 dépasse les autres d'au moins ~1000)",
        hint=STABLE, **EXACT, precise=True)


# --- 2d ----------------------------------------------------------------------------------------

def binary_logit_public(t: Trial) -> None:
    """binary_logit(o_a) is the z with sigma(z) = softmax(o_a)[1], at two fixed logit pairs."""
    _example(t, "binary_logit", (np.array([3.0, 3.0]),), 0.0)
    for o_a, z in (([1.0, 3.0], 2.0), ([2.0, -1.0], -3.0)):
        result = t.call("binary_logit", np.array(o_a)).number()
        result.satisfies(lambda v, o=o_a: abs(handout_sigmoid(v) - handout_softmax(np.array(o))[1]) < 1e-9,
                         "un z tel que sigma(z) = softmax(o^a)[1]",
                         hint=("C'est le logit de la classe 0 : inversez la différence." if result.value == -z else
                               "Une valeur absolue fausse le signe de z." if result.value == abs(z) else
                               "Divisez numérateur et dénominateur de softmax(o^a)[1] par exp(o^a_1)."))
        result.close_to(z, what="le z tel que sigma(z) = softmax(o^a)[1]", **EXACT)


# --- 2e ----------------------------------------------------------------------------------------

A4 = np.array([0.0, LN3, -LN3, 0.0])  # sigma = 1/2, 3/4, 1/4, 1/2
Y4 = np.array([1.0, 0.0, 1.0, 0.0])


def mse_loss_public(t: Trial) -> None:
    """mse_loss is (sigma(a) - y)^2 elementwise, at points where sigma is 1/2, 3/4, 1/4."""
    _example(t, "mse_loss", (np.array([0.0]), np.array([1.0])), [0.25])
    _expect(t.call("mse_loss", A4.copy(), Y4.copy()).array(shape=(4,)),
            [0.25, 0.5625, 0.5625, 0.25], what="(sigma(a) - y)^2 élément par élément",
            hint="La perte porte sur sigma(a), pas sur a, et n'a pas de facteur 1/2.",
            mistakes=(([0.125, 0.28125, 0.28125, 0.125], "Pas de facteur 1/2 dans cette convention."),))


def mse_grad_public(t: Trial) -> None:
    """mse_grad is d/da (sigma(a) - y)^2, by hand and by finite differences."""
    _example(t, "mse_grad", (np.array([0.0]), np.array([1.0])), [-0.25])
    hint = "Règle de la chaîne : n'oubliez pas la dérivée de sigma, que l'on exprime avec sigma (question 1e)."
    _expect(t.call("mse_grad", A4.copy(), Y4.copy()).array(shape=(4,)), [-0.25, 0.28125, -0.28125, 0.25],
            what="la dérivée de (sigma(a) - y)^2 par rapport à a", hint=hint,
            mistakes=(([-1.0, 1.5, -1.5, 1.0], "Il manque le facteur sigma'(a) de la règle de la chaîne."),
                      ([-0.125, 0.140625, -0.140625, 0.125], "Il manque le facteur 2 de la dérivée du carré."),
                      ([0.25, -0.28125, 0.28125, -0.25], SIGN)))
    a = np.array([-2.0, -0.5, 0.3, 1.7])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    numeric = numeric_gradient(lambda v: float(np.sum((handout_sigmoid(v) - y) ** 2)), a)
    t.call("mse_grad", a, y.copy()).array(shape=(4,)).close_to(
        numeric, **TOL, what="la dérivée de (sigma(a) - y)^2 (différences finies)", hint=hint)


# --- 2f ----------------------------------------------------------------------------------------

def bce_loss_public(t: Trial) -> None:
    """bce_loss is -y ln sigma(a) - (1-y) ln(1 - sigma(a)) at moderate logits of both signs, both labels."""
    _example(t, "bce_loss", (np.array([0.0]), np.array([1.0])), [LN2])
    hint = "-ln sigma(a) = softplus(-a) et -ln(1 - sigma(a)) = softplus(a) (question 1f)."
    a = np.array([0.0, LN3, -LN3, LN3, -LN3, 0.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    _expect(t.call("bce_loss", a, y).array(shape=(6,)), [LN2, LN4, LN4, LN4 - LN3, LN4 - LN3, LN2],
            what="l'entropie croisée binaire élément par élément", hint=hint,
            mistakes=(([LN2, LN4, LN4 - 2 * LN3, LN4 + LN3, LN4 - LN3, LN2],
                       "Erreur de signe : -ln sigma(a) = softplus(-a) = softplus(a) - a."),))


def bce_loss_stable(t: Trial) -> None:
    """bce_loss stays exact at a = +-1000 (stability only: the docstring asks for it)."""
    hint = STABLE + " Exprimez ln sigma(a) et ln(1 - sigma(a)) avec softplus (question 1f)."
    a = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    _finite(t.call("bce_loss", a, y).array(shape=(4,)), hint).close_to(
        [1000.0, 1000.0, 0.0, 0.0], what="l'entropie croisée binaire pour des logits saturés", hint=hint, **EXACT,
                precise=True)
    _finite(t.call("bce_loss", 1000.0, 0).number(), hint).close_to(
        1000.0, what="bce_loss(1000, 0) = 1000", hint=hint, **EXACT, precise=True)


def bce_grad_public(t: Trial) -> None:
    """bce_grad is the derivative of the binary cross-entropy, by hand and by finite differences."""
    _example(t, "bce_grad", (np.array([0.0]), np.array([1.0])), [-0.5])
    hint = "Dérivez la forme softplus de la perte ; la dérivée de softplus s'exprime avec sigma (question 1g)."
    _expect(t.call("bce_grad", A4.copy(), Y4.copy()).array(shape=(4,)), [-0.5, 0.75, -0.75, 0.5],
            what="la dérivée de l'entropie croisée par rapport à a", hint=hint,
            mistakes=(([0.5, -0.75, 0.75, -0.5], SIGN),))
    a = np.array([-2.0, -0.5, 0.3, 1.7])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    s = handout_sigmoid
    numeric = numeric_gradient(lambda v: float(np.sum(-y * np.log(s(v)) - (1 - y) * np.log(1 - s(v)))), a)
    t.call("bce_grad", a, y.copy()).array(shape=(4,)).close_to(
        numeric, **TOL, what="la dérivée de l'entropie croisée (différences finies)", hint=hint)


# --- 2g ----------------------------------------------------------------------------------------

def gradient_ratio_public(t: Trial) -> None:
    """gradient_ratio is |dMSE/da| / |dCE/da| (finite differences for both labels; hand values)."""
    _example(t, "gradient_ratio", (np.array([0.0]),), [0.5])
    a = np.array([-1.5, 0.0, 0.7])
    s = handout_sigmoid

    def ratio(y: float) -> np.ndarray:
        mse = numeric_gradient(lambda v: float(np.sum((s(v) - y) ** 2)), a)
        ce = numeric_gradient(lambda v: float(np.sum(-y * np.log(s(v)) - (1 - y) * np.log(1 - s(v)))), a)
        return np.abs(mse) / np.abs(ce)

    hint = "Simplifiez le rapport des gradients des questions 2e et 2f : il ne dépend plus de y."
    result = t.call("gradient_ratio", a).array(shape=(3,))
    result.close_to(ratio(1.0), **TOL, what="le rapport des gradients pour y = 1 (différences finies)", hint=hint)
    result.close_to(ratio(0.0), **TOL, what="le rapport des gradients pour y = 0 (différences finies)", hint=hint)
    _expect(t.call("gradient_ratio", np.array([0.0, LN3, -LN3])).array(shape=(3,)), [0.5, 0.375, 0.375],
            what="le rapport des gradients en sigma = 1/2, 3/4, 1/4", hint=hint,
            mistakes=(([0.25, 0.1875, 0.1875], "Il manque le facteur 2 du gradient de l'erreur quadratique."),
                      ([2.0, 8 / 3, 8 / 3], "C'est le rapport inverse : |dL_CE/da| / |dL_MSE/da|.")))


def gradient_ratio_stable(t: Trial) -> None:
    """gradient_ratio is finite and ~0 where sigma saturates, up to a = +-1000 (the docstring asks for it)."""
    result = t.call("gradient_ratio", np.array([800.0, -800.0, 1000.0, -1000.0])).array(shape=(4,))
    _finite(result, "Quand sigma sature, les deux gradients s'arrondissent à 0 et leur quotient à 0/0 : "
                    "simplifiez le rapport à la main avant de le programmer, puis vérifiez que chaque "
                    "exponentielle n'a qu'un argument négatif ou nul.").close_to(
        [0.0, 0.0, 0.0, 0.0], what="un rapport nul quand sigma sature", **EXACT, precise=True)


LOSSES = ("entropie_croisee", "erreur_quadratique")


def preferred_loss_public(t: Trial) -> None:
    """preferred_loss returns one of the two names (form only, 0 points: its value is graded by the hidden case)."""
    t.call("preferred_loss").satisfies(
        lambda v: isinstance(v, str) and v in LOSSES,
        "\"entropie_croisee\" ou \"erreur_quadratique\" (sans accent)",
        hint="Renvoyez exactement l'une des deux chaînes proposées, en minuscules et sans accent.")


# --- 2h ----------------------------------------------------------------------------------------

def nll_from_logits_public(t: Trial) -> None:
    """nll_from_logits is -log softmax(o_a)[y]: hand values and the handout's formula, moderate logits."""
    _example(t, "nll_from_logits", (np.array([0.0, 0.0]), 1), LN2)
    hint = "Écrivez ln o^s_y avec la définition du softmax."
    t.call("nll_from_logits", np.zeros(4), 2).number().close_to(LN4, what="ln 4 (quatre classes équiprobables)",
                                                                hint=hint, **EXACT)
    _expect(t.call("nll_from_logits", np.array([0.0, LN2, LN5]), 1).number(), LN4,
            what="-ln softmax(o^a)[1] pour o^a = (0, ln 2, ln 5)", hint=hint,
            mistakes=((-LN4, "C'est ln o^s_y : la perte est son opposé."),
                      (3 * LN2, "L'indice de la classe est décalé : les classes vont de 0 à m - 1.")))
    _, _, o_a = _layers()
    t.call("nll_from_logits", o_a.copy(), Y).number().close_to(
        _loss_from_output(o_a, Y), what="-log softmax(o^a)[y]", hint=hint, **EXACT)


def nll_from_logits_stable(t: Trial) -> None:
    """nll_from_logits at logits far apart or all huge (stability only: the docstring asks for it)."""
    hint = STABLE + " Soustrayez max_k o^a_k avant de prendre les exponentielles (question 1h)."
    for o_a, y, want, what in (([1000.0, 0.0], 1, 1000.0, "1000"), ([0.0, 1000.0], 0, 1000.0, "1000"),
                               ([-1000.0, -1000.0, -1000.0], 2, LN3, "ln 3"),
                               ([1000.0, 1000.0, 1000.0, 1000.0], 0, LN4, "ln 4")):
        _finite(t.call("nll_from_logits", np.array(o_a), y).number(), hint).close_to(
            want, what=f"nll_from_logits({o_a}, {y}) = {what}", hint=hint,
            mistakes=((want - max(o_a), LSE_MAX),), **EXACT, precise=True)


# --- 2i ----------------------------------------------------------------------------------------

def n_parameters_public(t: Trial) -> None:
    """n_parameters counts the weights and the biases of both layers."""
    t.call("n_parameters", 1, 1, 1).integer().equals(4, what="la valeur de l'exemple de la docstring")
    hint = "Comptez les éléments de W1, b1, W2 et b2."
    t.call("n_parameters", 4, 3, 5).integer().equals(35, what="le nombre de paramètres pour d = 4, d_h = 3, m = 5",
            hint=hint)
    t.call("n_parameters", 10, 20, 3).integer().equals(283,
            what="le nombre de paramètres pour d = 10, d_h = 20, m = 3", hint=hint)
    t.call("n_parameters", 150528, 16384, 1000).integer().equals(
        2482652136, what="le nombre de paramètres pour une image 224 x 224 x 3 (d = 150528), d_h = 16384, m = 1000",
        hint=hint + " Calculez avec des entiers Python (int) : ce compte dépasse la capacité d'un entier 32 bits.")


def empirical_risk_public(t: Trial) -> None:
    """empirical_risk is the mean loss: ln m with null output weights, then the handout's formula on both networks."""
    _example(t, "empirical_risk", (np.array([[1.0]]), np.array([0]), np.array([[2.0]]), np.array([0.0]),
                                 np.zeros((2, 1)), np.zeros(2)), LN2)
    X3 = np.array([[1.0, -0.5, 2.0, 0.25], [0.0, 1.0, -1.0, 0.5], [-1.0, 0.5, 0.0, 1.0]])
    Y3 = np.array([2, 0, 4])
    _, w1, b1, w2, b2 = _net()
    _expect(t.call("empirical_risk", X3.copy(), Y3.copy(), w1, b1, np.zeros((5, 3)), np.zeros(5)).number(), LN5,
            what="ln 5 : avec W2 = 0 et b2 = 0, les 5 classes sont équiprobables",
            hint="Avec W2 = 0 et b2 = 0, o^a = 0 pour chaque exemple : chaque perte vaut ln 5.",
            mistakes=((3 * LN5, SUM), (1.5 * LN5, N_MINUS_1),
                      (-LN5, "Le signe est faux : la perte est -ln o^s_y, positive.")))
    X_sq = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 0.0], [-1.0, 0.0, 2.0]])
    for X_, Y_, net in ((X3, Y3, (W1, B1, W2, B2)), (X_sq, np.array([1, 2, 0]), (W1_SQ, B1_SQ, W2_SQ, B2_SQ))):
        want = float(np.mean([_loss(x, y, *net) for x, y in zip(X_, Y_)]))
        _expect(t.call("empirical_risk", X_.copy(), Y_.copy(), *(p.copy() for p in net)).number(), want,
                what="la moyenne des pertes -log o^s_y(x_i)",
                        hint="Calculez la perte de chaque exemple, puis leur moyenne.",
                mistakes=((len(Y_) * want, SUM), (len(Y_) / (len(Y_) - 1) * want, N_MINUS_1),
                          (-want, "Le signe est faux : la perte est -ln o^s_y, positive.")))


def empirical_risk_stable(t: Trial) -> None:
    """empirical_risk with pre-activations and logits in the thousands (stability only: the docstring asks for it).

    Three examples (n = 3), so that the sum, a division by n - 1 and the mean all differ.
    """
    hint = STABLE + " Softplus stable, et log-sum-exp décalé par le maximum de chaque ligne."
    _, _, _, w2, b2 = _net()
    X3 = np.array([[1.0, 0.0, 0.0, 0.0]] * 3)
    # h^a = (1000, -1000, 0), o^a_4 = 1998 - 0 dominates o^a_0 by 998 + ln 2: losses 0, 998 + ln 2, 0.
    big = 998.0 + LN2
    _expect(_finite(t.call("empirical_risk", X3, np.array([4, 0, 4]), W1_BIG.copy(), B1_ZERO.copy(), w2, b2).number(),
                    hint), big / 3, what="(0 + 998 + ln 2 + 0) / 3 pour des poids énormes", hint=hint,
            mistakes=((big, SUM), (big / 2, N_MINUS_1), (big / 3 - 1998.0, LSE_MAX)), precise=True)
    # W2 = 0 and b2 = (0, 1000, -1000, 500, 0): o^a = b2 for every example, losses 1000 - b2[y].
    b2_wide = np.array([0.0, 1000.0, -1000.0, 500.0, 0.0])
    _finite(t.call("empirical_risk", X3.copy(), np.array([1, 3, 3]), W1.copy(), B1.copy(), np.zeros((5, 3)),
                   b2_wide).number(), hint).close_to(
        1000.0 / 3, what="(0 + 500 + 500) / 3 pour des logits allant de -1000 à 1000", hint=hint,
        mistakes=((1000.0, SUM), (500.0, N_MINUS_1), (1000.0 / 3 - 1000.0, LSE_MAX)), **EXACT, precise=True)


# --- 2j, 2k ------------------------------------------------------------------------------------

PARAMS = {"W1": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "b1": [1.0, 0.0, -1.0],
          "W2": [[1.0, 0.0, 2.0], [0.0, -1.0, 1.0]], "b2": [0.5, -0.5]}
GRADS = {"W1": [[10.0, 0.0], [-10.0, 20.0], [0.0, 5.0]], "b1": [2.0, -4.0, 0.0],
         "W2": [[1.0, 1.0, -1.0], [0.0, 10.0, 0.0]], "b2": [5.0, -5.0]}
# Square weights (d = d_h = m = 2), with non-symmetric gradients: a transposed gradient shows.
PARAMS_SQ = {"W1": [[1.0, 2.0], [3.0, 4.0]], "b1": [1.0, -1.0], "W2": [[0.0, 1.0], [2.0, 0.0]], "b2": [0.5, -0.5]}
GRADS_SQ = {"W1": [[10.0, 0.0], [20.0, 0.0]], "b1": [1.0, 1.0], "W2": [[0.0, 10.0], [0.0, 0.0]], "b2": [1.0, 0.0]}


# The docstring's example: d = d_h = m = 1.
ONE = {"W1": [[1.0]], "b1": [1.0], "W2": [[1.0]], "b2": [1.0]}
ONE_GRADS = {"W1": [[2.0]], "b1": [0.0], "W2": [[0.0]], "b2": [2.0]}
ONE_STEP = {"W1": [[0.0]], "b1": [1.0], "W2": [[1.0]], "b2": [0.0]}


def _arrays(values: dict) -> dict:
    return {key: np.array(value, dtype=float) for key, value in values.items()}


def _check_params(result: Result, expected: dict, what: str, hint: str, mistakes: dict | None = None) -> None:
    for key, value in expected.items():
        value = np.array(value, dtype=float)
        _expect(result.item(key).array(shape=value.shape), value, what=f"{key} {what}", hint=hint,
                mistakes=(mistakes or {}).get(key, ()))


def gradient_step_public(t: Trial) -> None:
    """gradient_step takes one gradient-descent step on every parameter (lr = 0.1, hand-computed), rectangular and square."""
    _check_params(t.call("gradient_step", _arrays(ONE), _arrays(ONE_GRADS), 0.5,
            label="gradient_step(ONE, ONE_GRADS, 0.5)"),
                  ONE_STEP, "dans l'exemple de la docstring (d = d_h = m = 1, lr = 0.5)", "")
    _check_params(t.call("gradient_step", _arrays(ONE), _arrays(ONE_GRADS), 0.0,
            label="gradient_step(ONE, ONE_GRADS, 0.0)",
                         unchanged=True),
                  ONE, "pour un taux lr = 0 (aucun pas : les paramètres restent les mêmes)", "")
    hint = "On descend le long du gradient, pour les poids comme pour les biais."
    expected = {"W1": [[0.0, 2.0], [4.0, 2.0], [5.0, 5.5]], "b1": [0.8, 0.4, -1.0],
                "W2": [[0.9, -0.1, 2.1], [0.0, -2.0, 1.0]], "b2": [0.0, 0.0]}
    result = t.call("gradient_step", _arrays(PARAMS), _arrays(GRADS), 0.1, label="gradient_step(PARAMS, GRADS, 0.1)",
                    unchanged=True)
    _check_params(result, expected, "après un pas de descente de gradient de taux 0.1", hint,
                  {"b2": (([1.0, -1.0], "C'est une montée de gradient : il faut soustraire lr · gradient."),
                          ([0.5, -0.5], "Les biais doivent être mis à jour aussi."))})
    expected_sq = {"W1": [[0.0, 2.0], [1.0, 4.0]], "b1": [0.9, -1.1], "W2": [[0.0, 0.0], [2.0, 0.0]], "b2": [0.4, -0.5]}
    result = t.call("gradient_step", _arrays(PARAMS_SQ), _arrays(GRADS_SQ), 0.1,
                    label="gradient_step(PARAMS_SQ, GRADS_SQ, 0.1)", unchanged=True)
    _check_params(result, expected_sq, "après un pas de descente de gradient de taux 0.1 (poids carrés)", hint,
                  {"W1": (([[0.0, 0.0], [3.0, 4.0]], "Le gradient est transposé."),)})


def regularized_step_public(t: Trial) -> None:
    """regularized_step takes one descent step on the L2-regularised risk (lr = 0.1, lam = 0.25, hand-computed)."""
    _check_params(t.call("regularized_step", _arrays(ONE), _arrays(ONE_GRADS), 0.5, 0.0,
                         label="regularized_step(ONE, ONE_GRADS, 0.5, 0.0)"),
                  ONE_STEP, "dans l'exemple de la docstring (lam = 0 : le pas de gradient_step)", "")
    hint = "Dérivez aussi le terme lam ||theta||^2 ; ici tous les paramètres, biais compris, sont régularisés."
    expected = {"W1": [[-0.05, 1.9], [3.85, 1.8], [4.75, 5.2]], "b1": [0.75, 0.4, -0.95],
                "W2": [[0.85, -0.1, 2.0], [0.0, -1.95, 0.95]], "b2": [-0.025, 0.025]}
    result = t.call("regularized_step", _arrays(PARAMS), _arrays(GRADS), 0.1, 0.25,
                    label="regularized_step(PARAMS, GRADS, 0.1, 0.25)", unchanged=True)
    _check_params(result, expected, "après un pas sur le risque régularisé (lr = 0.1, lam = 0.25)", hint,
                  {"b2": (([-0.0125, 0.0125], "La dérivée de lam ||theta||^2 est 2 lam theta, pas lam theta."),
                          ([0.0, 0.0], "Les biais sont régularisés aussi."))})
    expected_sq = {"W1": [[-0.05, 1.9], [0.85, 3.8]], "b1": [0.85, -1.05], "W2": [[0.0, -0.05], [1.9, 0.0]],
                   "b2": [0.375, -0.475]}
    result = t.call("regularized_step", _arrays(PARAMS_SQ), _arrays(GRADS_SQ), 0.1, 0.25,
                    label="regularized_step(PARAMS_SQ, GRADS_SQ, 0.1, 0.25)", unchanged=True)
    _check_params(result, expected_sq, "après un pas sur le risque régularisé (poids carrés)", hint,
                  {"W1": (([[-0.05, -0.1], [2.85, 3.8]], "Le gradient est transposé."),)})


# --- 2l ----------------------------------------------------------------------------------------

def grad_output_preactivation_public(t: Trial) -> None:
    """grad_output_preactivation is dL/do^a: by hand at o^a = 0, and by finite differences of the loss."""
    _example(t, "grad_output_preactivation", (np.array([0.0, 0.0]), 0), [-0.5, 0.5],
             hint="onehot(y) vaut 1 à l'indice y seulement, même quand d'autres o^a_k ont la même valeur.")
    hint = "Partez de la perte écrite en fonction de o^a (question 2h) et dérivez-la par rapport à chaque o^a_k."
    _expect(t.call("grad_output_preactivation", np.zeros(4), 1).array(shape=(4,)), [0.25, -0.75, 0.25, 0.25],
            what="dL/do^a pour quatre classes équiprobables et y = 1", hint=hint,
            mistakes=(([-0.25, 0.75, -0.25, -0.25], SIGN), ([0.25] * 4, "Il manque le terme -onehot(y)."),
                      ([-0.75, 0.25, 0.25, 0.25], "L'indice de la classe est décalé : les classes vont de 0 à m - 1.")))
    _, _, o_a = _layers()
    numeric = numeric_gradient(lambda o: _loss_from_output(o, Y), o_a)
    t.call("grad_output_preactivation", o_a.copy(), Y).array(shape=(5,)).close_to(
        numeric, **TOL, what="dL/do^a (différences finies de la perte)", hint=hint)


def grad_output_preactivation_stable(t: Trial) -> None:
    """grad_output_preactivation at logits far apart or all huge (stability only: the docstring asks for it)."""
    hint = STABLE + " Soustrayez max_k o^a_k avant de prendre les exponentielles (question 1h)."
    for o_a, y, want in (([0.0, 1000.0], 0, [-1.0, 1.0]), ([-1000.0, -1000.0], 1, [0.5, -0.5]),
                         ([1000.0, 1001.0, 999.0], 2, handout_softmax(np.array([1.0, 2.0, 0.0])) - [0.0, 0.0, 1.0])):
        shifted = np.array(want, dtype=float)
        shifted[y] += 1.0
        shifted[y - 1] -= 1.0
        _expect(_finite(t.call("grad_output_preactivation", np.array(o_a), y).array(shape=(len(o_a),)), hint), want,
                what="softmax(o^a) - onehot(y), qui ne dépend que des écarts entre les o^a_k", hint=hint,
                mistakes=((shifted, "L'indice de la classe est décalé : les classes vont de 0 à m - 1."),),
                        precise=True)


# --- 2m, 2n ------------------------------------------------------------------------------------

# A square case by hand (m = d_h = 3): dL/do^a = G_SQ and h^s = HS_SQ, so dL/dW2 = G_SQ HS_SQ^T.
G_SQ = np.array([1.0, -2.0, 3.0])
HS_SQ = np.array([0.5, 1.0, 2.0])


@_computed_once
def _numeric_w2_b2() -> tuple[np.ndarray, np.ndarray]:
    d_w2 = numeric_gradient(lambda w: _loss(X, Y, W1, B1, w, B2), W2)
    d_b2 = numeric_gradient(lambda b: _loss(X, Y, W1, B1, W2, b), B2)
    return d_w2, d_b2


def grad_W2_entry_public(t: Trial) -> None:
    """grad_W2_entry(grad_oa, h_s, k, j) is dL/dW2[k, j] (finite differences of the loss; a square case by hand)."""
    _example(t, "grad_W2_entry", (np.array([2.0]), np.array([3.0]), 0, 0), 6.0)
    hint = "Quelles composantes de o^a dépendent de W2[k, j], et avec quel coefficient ?"
    h_s, g = _upstream_oa()
    d_w2, _ = _numeric_w2_b2()
    for k, j in ((4, 0), (1, 2)):
        t.call("grad_W2_entry", g.copy(), h_s.copy(), k, j).number().close_to(
            d_w2[k, j], **TOL, what=f"dL/dW2[{k}, {j}] (différences finies de la perte)", hint=hint)
    for k, j, want, swapped in ((0, 2, 2.0, 1.5), (2, 1, 3.0, -4.0)):
        _expect(t.call("grad_W2_entry", G_SQ.copy(), HS_SQ.copy(), k, j).number(), want,
                what=f"dL/dW2[{k}, {j}] = {want:g} pour dL/do^a = (1, -2, 3) et h^s = (0.5, 1, 2)", hint=hint,
                mistakes=((swapped, "Les indices k et j sont échangés."), (G_SQ[k], "Il manque le facteur h^s_j.")))


def grad_b2_entry_public(t: Trial) -> None:
    """grad_b2_entry(grad_oa, k) is dL/db2[k] (finite differences of the loss)."""
    _, g = _upstream_oa()
    _, d_b2 = _numeric_w2_b2()
    for k in (0, 3):
        t.call("grad_b2_entry", g.copy(), k).number().close_to(
            d_b2[k], **TOL, what=f"dL/db2[{k}] (différences finies de la perte)",
            hint="Quelles composantes de o^a dépendent de b2_k, et avec quel coefficient ?")


def grad_W2_public(t: Trial) -> None:
    """grad_W2(grad_oa, h_s) is dL/dW2 of shape (m, d_h) (finite differences), and a square case by hand."""
    _example(t, "grad_W2", (np.array([2.0]), np.array([3.0])), [[6.0]])
    hint = "Le gradient a la forme de W2, (m, d_h) : rassemblez les éléments de la question 2m."
    h_s, g = _upstream_oa()
    d_w2, _ = _numeric_w2_b2()
    t.call("grad_W2", g, h_s).array(shape=(5, 3)).close_to(
        d_w2, **TOL, what="dL/dW2 (différences finies de la perte)", hint=hint)
    want = [[0.5, 1.0, 2.0], [-1.0, -2.0, -4.0], [1.5, 3.0, 6.0]]
    _expect(t.call("grad_W2", G_SQ.copy(), HS_SQ.copy()).array(shape=(3, 3)), want,
            what="dL/dW2 pour dL/do^a = (1, -2, 3) et h^s = (0.5, 1, 2)", hint=hint,
            mistakes=((np.transpose(want), TRANSPOSE),))


def grad_b2_public(t: Trial) -> None:
    """grad_b2(grad_oa) is dL/db2, of shape (m,) (finite differences of the loss)."""
    _, g = _upstream_oa()
    _, d_b2 = _numeric_w2_b2()
    t.call("grad_b2", g).array(shape=(5,)).close_to(
        d_b2, **TOL, what="dL/db2 (différences finies de la perte)",
        hint="Le gradient a la forme de b2 (m,).")


# --- 2o, 2p ------------------------------------------------------------------------------------

# A square case by hand: dL/do^a = (1, 2, 3) and W2 = W2_SQ, so dL/dh^s = (5, 2, -1) (W2 g would be (-1, 5, -1)).
G_HS = np.array([1.0, 2.0, 3.0])


@_computed_once
def _numeric_hs() -> np.ndarray:
    _, h_s, _ = _layers()
    return numeric_gradient(lambda h: _loss_from_hs(h, W2, B2, Y), h_s)


def grad_hs_entry_public(t: Trial) -> None:
    """grad_hs_entry(grad_oa, W2, j) is dL/dh^s_j (finite differences of the loss; a square W2 by hand)."""
    _example(t, "grad_hs_entry", (np.array([1.0, 2.0]), np.array([[3.0], [4.0]]), 0), 11.0)
    hint = "h^s_j intervient dans toutes les sorties o^a_k : sommez leurs contributions."
    _, g = _upstream_oa()
    d_hs = _numeric_hs()
    for j in (0, 2):
        t.call("grad_hs_entry", g.copy(), W2.copy(), j).number().close_to(
            d_hs[j], **TOL, what=f"dL/dh^s_{j} (différences finies de la perte)", hint=hint)
    for j, want, row in ((0, 5.0, -1.0), (1, 2.0, 5.0)):
        _expect(t.call("grad_hs_entry", G_HS.copy(), W2_SQ.copy(), j).number(), want,
                what=f"dL/dh^s_{j} pour dL/do^a = (1, 2, 3) et W2 = {W2_SQ.tolist()}", hint=hint,
                mistakes=((row, "C'est la ligne j de W2 : h^s_j est multiplié par la colonne j, W2[:, j]."),))


def grad_hs_public(t: Trial) -> None:
    """grad_hs(grad_oa, W2) is dL/dh^s, of shape (d_h,) (finite differences of the loss; a square W2 by hand)."""
    _example(t, "grad_hs", (np.array([1.0, 2.0]), np.array([[3.0], [4.0]])), [11.0])
    hint = "W2 est de forme (m, d_h) et dL/do^a de forme (m,) : lequel des deux faut-il transposer ?"
    _, g = _upstream_oa()
    t.call("grad_hs", g, W2.copy()).array(shape=(3,)).close_to(
        _numeric_hs(), **TOL, what="dL/dh^s (différences finies de la perte)", hint=hint)
    _expect(t.call("grad_hs", G_HS.copy(), W2_SQ.copy()).array(shape=(3,)), [5.0, 2.0, -1.0],
            what=f"dL/dh^s pour dL/do^a = (1, 2, 3) et W2 = {W2_SQ.tolist()}", hint=hint,
            mistakes=(([-1.0, 5.0, -1.0], TRANSPOSE),))


# --- 2q, 2r ------------------------------------------------------------------------------------

def softplus_prime_public(t: Trial) -> None:
    """softplus_prime is the derivative of softplus: finite differences (every sign, (-1, 1) too) and hand values."""
    _example(t, "softplus_prime", (np.array([0.0]),), [0.5])
    z = np.array([-3.0, -0.4, 0.0, 0.3, 0.7, 1.2, 2.5])
    numeric = numeric_gradient(lambda v: float(np.sum(handout_softplus(v))), z)
    hint = "Dérivez ln(1 + exp(z)) et reconnaissez une fonction de la partie 1."
    result = t.call("softplus_prime", z).array(shape=(7,))
    result.close_to(numeric, **TOL, what="la dérivée de softplus (différences finies)",
                    hint=where_wrong(result.value, numeric, z, hint, **TOL))
    _expect(t.call("softplus_prime", np.array([0.0, LN3, -LN3])).array(shape=(3,)), [0.5, 0.75, 0.25],
            what="softplus'(z) en z = 0, ln 3, -ln 3", hint=hint,
            mistakes=(([0.5, 0.75, 0.75], ABSOLUTE), ([0.5, 0.25, 0.75],
                    "C'est sigma(-z) : un signe s'est perdu en dérivant ln(1 + exp(z)).")))


def softplus_prime_stable(t: Trial) -> None:
    """softplus_prime is 1 at +710..+1000 and 0 at -710..-1000 (stability only: the docstring asks for it)."""
    hint = STABLE + " Par exemple exp(-|z|), avec une branche pour chaque signe de z."
    z = np.array([710.0, -710.0, 800.0, -800.0, 1000.0, -1000.0])
    want = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    result = _finite(t.call("softplus_prime", z.copy()).array(shape=(6,)), hint)
    result.close_to(want, what="softplus'(z) pour des z saturés", hint=where_wrong(result.value, want, z, hint, **TOL),
                    **EXACT, precise=True)


@_computed_once
def _numeric_ha() -> np.ndarray:
    return numeric_gradient(lambda h: _loss_from_ha(h, W2, B2, Y), H_A)


def grad_ha_entry_public(t: Trial) -> None:
    """grad_ha_entry(grad_hs, h_a, j) is dL/dh^a_j (finite differences of the loss) at h^a = -1, 0, 0.5."""
    _example(t, "grad_ha_entry", (np.array([4.0]), np.array([0.0]), 0), 2.0)
    h_a, g = _upstream_hs()
    d_ha = _numeric_ha()
    results = [t.call("grad_ha_entry", g.copy(), h_a.copy(), j).number() for j in range(3)]
    hint = where_wrong([r.value for r in results], d_ha, h_a,
                       "h^a_j n'agit sur la perte que par h^s_j = softplus(h^a_j).", **TOL)
    for j, result in enumerate(results):
        result.close_to(d_ha[j], **TOL, what=f"dL/dh^a_{j} en h^a_{j} = {h_a[j]:g} (différences finies de la perte)",
                        hint=hint)


def grad_ha_entry_stable(t: Trial) -> None:
    """grad_ha_entry at h^a = +-800, +-1000: the slope is 1 or 0 (stability only: the docstring asks for it)."""
    hint = STABLE + " Calculez la dérivée de softplus avec une forme qui n'exponentie que -|z| (voir 1g)."
    g = np.array([2.0, -3.0, 4.0, 1.5])
    h_a = np.array([800.0, -800.0, 1000.0, -1000.0])
    want = np.array([2.0, 0.0, 4.0, 0.0])
    results = [_finite(t.call("grad_ha_entry", g.copy(), h_a.copy(), j).number(), hint) for j in range(4)]
    hint = where_wrong([r.value for r in results], want, h_a, hint, **TOL)
    for j, result in enumerate(results):
        result.close_to(want[j], what=f"dL/dh^a_{j} pour h^a_{j} = {h_a[j]:g}", hint=hint, **EXACT, precise=True)


def grad_ha_public(t: Trial) -> None:
    """grad_ha(grad_hs, h_a) is dL/dh^a, of shape (d_h,) (finite differences of the loss) at h^a = -1, 0, 0.5."""
    _example(t, "grad_ha", (np.array([4.0]), np.array([0.0])), [2.0])
    h_a, g = _upstream_hs()
    result = t.call("grad_ha", g, h_a).array(shape=(3,))
    result.close_to(_numeric_ha(), **TOL, what="dL/dh^a (différences finies de la perte)",
                    hint=where_wrong(result.value, _numeric_ha(), h_a,
                                     "Écrivez la question 2q pour tout le vecteur.", **TOL))


def grad_ha_stable(t: Trial) -> None:
    """grad_ha at h^a = +-800, +-1000 (stability only: the docstring asks for it)."""
    hint = STABLE + " Calculez la dérivée de softplus avec une forme qui n'exponentie que -|z| (voir 1g)."
    h_a = np.array([800.0, -800.0, 1000.0, -1000.0])
    want = np.array([2.0, 0.0, 4.0, 0.0])
    result = _finite(t.call("grad_ha", np.array([2.0, -3.0, 4.0, 1.5]), h_a.copy()).array(shape=(4,)), hint)
    result.close_to(want, what="dL/dh^a pour des h^a saturés", hint=where_wrong(result.value, want, h_a, hint, **TOL),
                    **EXACT, precise=True)
