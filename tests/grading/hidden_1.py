"""Hidden grading cases of part 1 (questions 1a-1m): derivatives and relations between usual functions.

Inputs come from ``t.rng`` (seeded from the submission), with extreme values.
The private oracles below are numerically stable; failure messages name what
was expected without ever giving an expected value.
"""

from __future__ import annotations

import numpy as np

from .checking import Failure, Trial

RTOL = 1e-7
ATOL = 1e-10


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Stable logistic function."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x: np.ndarray) -> np.ndarray:
    """Stable ln(1 + e^x)."""
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _softmax(x: np.ndarray) -> np.ndarray:
    """Stable softmax along the last axis."""
    x = np.asarray(x, dtype=float)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _shape(t: Trial) -> tuple[int, int]:
    """A random non-square 2-D shape."""
    rows = int(t.rng.integers(2, 4))
    return rows, rows + int(t.rng.integers(1, 3))


def _wide(t: Trial, shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
    """Random signs times magnitudes spread log-uniformly over [10^low, 10^high]."""
    signs = t.rng.choice([-1.0, 1.0], size=shape)
    return signs * 10.0 ** t.rng.uniform(low, high, size=shape)


def _extremes(t: Trial, count: int) -> np.ndarray:
    """Values of both signs with |x| between 700 and 1e6: exp(|x|) overflows."""
    values = 10.0 ** t.rng.uniform(np.log10(700.0), 6.0, size=count)
    values[: count // 2] *= -1.0
    return t.rng.permutation(values)


def _shift(t: Trial) -> float:
    """A large translation, of random sign, between 800 and 10^4."""
    return float(t.rng.choice([-1.0, 1.0]) * 10.0 ** t.rng.uniform(np.log10(800.0), 4.0))


# 1a

def sign_hidden(t: Trial) -> None:
    """sign gives -1, 0, +1 on random values of every magnitude, exact zeros included."""
    shape = _shape(t)
    x = _wide(t, shape, -320.0, 307.0)
    flat = x.reshape(-1)
    zeros = t.rng.choice(flat.size, size=2, replace=False)
    flat[zeros[0]], flat[zeros[1]] = 0.0, -0.0
    t.call("sign", x).array(shape=shape).satisfies(
        lambda v: bool(np.all(np.isfinite(v))), "des valeurs finies, même pour un zéro",
        hint="Une division par |x| n'est pas définie en zéro : n'utilisez que des comparaisons.",
    ).close_to(
        np.sign(x), atol=0.0,
        what="le signe de chaque élément (exactement zéro pour un zéro)",
        hint="Le signe de zéro est zéro ; vérifiez aussi les valeurs minuscules et immenses.",
    )


# 1b

def relu_derivative_hidden(t: Trial) -> None:
    """relu_derivative equals the Heaviside step on random nonzero values of every magnitude."""
    shape = _shape(t)
    x = _wide(t, shape, -8.0, 300.0)
    t.call("relu_derivative", x).array(shape=shape).close_to(
        (x > 0).astype(float), atol=0.0,
        what="la fonction de Heaviside H(x) pour chaque élément non nul",
        hint="La pente de ReLU est constante de chaque côté de zéro : ce n'est pas ReLU elle-même.",
    )


# 1c

def relu_product_hidden(t: Trial) -> None:
    """relu_product(x) = x H(x) equals max(0, x) on random values, zeros included."""
    shape = _shape(t)
    x = _wide(t, shape, -300.0, 300.0)
    x.reshape(-1)[int(t.rng.integers(x.size))] = 0.0
    t.call("relu_product", x).array(shape=shape).close_to(
        np.maximum(0.0, x), rtol=1e-12, atol=0.0,
        what="x H(x) pour chaque élément",
        hint="H(x) garde x quand x est positif et l'annule sinon.",
    )


def relu_integral_hidden(t: Trial) -> None:
    """relu_integral(x), the integral of H up to x, equals max(0, x) on random values."""
    shape = _shape(t)
    x = _wide(t, shape, -300.0, 300.0)
    x.reshape(-1)[int(t.rng.integers(x.size))] = 0.0
    t.call("relu_integral", x).array(shape=shape).close_to(
        np.maximum(0.0, x), rtol=1e-9, atol=0.0,
        what="l'intégrale de H de moins l'infini à x, pour chaque élément",
        hint="H est nulle à gauche de zéro et vaut un à droite.",
    )


# 1d

def steep_sigmoid_hidden(t: Trial) -> None:
    """steep_sigmoid is sigma(k x) for a random moderate k, and finite and accurate for a huge random k."""
    x = t.rng.normal(0.0, 2.0, size=5)
    k = float(t.rng.uniform(0.5, 4.0))
    t.call("steep_sigmoid", x, k).array(shape=(5,)).finite().close_to(
        _sigmoid(k * x), rtol=RTOL, atol=ATOL,
        what="la sigmoïde de k x",
        hint="k multiplie x à l'intérieur de l'exponentielle.",
    )
    k = float(10.0 ** t.rng.uniform(100.0, 300.0))
    x = np.concatenate([
        t.rng.normal(0.0, 3.0, size=2) / k,     # k x of order one
        _wide(t, (3,), -3.0, 3.0),              # k x huge: the step
        [1e10, -1e10, 0.0],                     # k x = +-inf and 0
    ])
    x = t.rng.permutation(x)
    with np.errstate(over="ignore"):
        expected = _sigmoid(k * x)
    t.call("steep_sigmoid", x, k).array(shape=(8,)).finite().close_to(
        expected, rtol=RTOL, atol=ATOL,
        what="des valeurs finies et exactes de la sigmoïde de k x, pour un k immense",
        hint="k x peut déborder vers l'infini : n'évaluez l'exponentielle que d'un argument négatif ou nul.",
    )


# 1e

def sigmoid_derivative_hidden(t: Trial) -> None:
    """sigmoid_derivative is sigma(1 - sigma) on random inputs, is even, and stays finite at large |x|."""
    shape = _shape(t)
    x = t.rng.normal(0.0, 4.0, size=shape)
    s = _sigmoid(x)
    t.call("sigmoid_derivative", x).array(shape=shape).finite().close_to(
        s * (1.0 - s), rtol=RTOL, atol=ATOL,
        what="la dérivée de la sigmoïde",
        hint="Dérivez la sigmoïde puis exprimez le résultat avec sigma seulement.",
    )
    x = np.concatenate([_extremes(t, 4), t.rng.normal(0.0, 2.0, size=2)])
    s = _sigmoid(x)
    plus = t.call("sigmoid_derivative", x).array(shape=(6,)).finite().close_to(
        s * (1.0 - s), rtol=RTOL, atol=1e-15,
        what="des valeurs finies et exactes de la dérivée, y compris pour de très grands |x|",
        hint="L'exponentielle déborde : exprimez la dérivée avec une sigmoïde calculée de façon stable.",
    )
    minus = t.call("sigmoid_derivative", -x).array(shape=(6,)).finite()
    if not np.allclose(plus.value, minus.value, rtol=1e-9, atol=1e-15):
        raise Failure(
            "sigmoid_derivative(x) et sigmoid_derivative(-x) diffèrent, alors que sigma' est paire "
            "(sigma(-x) et sigma(x) ont pour somme un).",
            hint="Vérifiez votre formule des deux côtés de zéro.",
        )


def sigmoid_jacobian_hidden(t: Trial) -> None:
    """sigmoid_jacobian is diag(sigma'(x)) for a random vector with an extreme entry."""
    n = int(t.rng.integers(3, 7))
    x = t.rng.normal(0.0, 3.0, size=n)
    x[t.rng.choice(n, size=2, replace=False)] = _extremes(t, 2)   # one very negative, one very positive
    s = _sigmoid(x)
    t.call("sigmoid_jacobian", x).array(shape=(n, n)).finite().satisfies(
        lambda v: bool(np.all(v[~np.eye(n, dtype=bool)] == 0.0)),
        "une matrice diagonale : sigma(x_i) ne dépend pas de x_j pour j différent de i",
        hint="sigma(x_i) ne dépend que de x_i.",
    ).close_to(
        np.diag(s * (1.0 - s)), rtol=RTOL, atol=1e-15,
        what="la jacobienne de la sigmoïde appliquée élément par élément",
        hint="Sur la diagonale se trouve la dérivée de la sigmoïde en chaque x_i.",
    )


# 1f

def log_sigmoid_hidden(t: Trial) -> None:
    """log_sigmoid equals -softplus(-x) on random and extreme inputs, finite and accurate."""
    shape = _shape(t)
    x = t.rng.normal(0.0, 5.0, size=shape)
    t.call("log_sigmoid", x).array(shape=shape).finite().close_to(
        -_softplus(-x), rtol=RTOL, atol=ATOL,
        what="ln sigma(x)",
        hint="Vérifiez le signe de l'argument de softplus dans l'identité de cette question.",
    )
    x = np.concatenate([_extremes(t, 6), t.rng.normal(0.0, 30.0, size=2)])
    t.call("log_sigmoid", x).array(shape=(8,)).finite().satisfies(
        lambda v: bool(np.all(v <= 0.0)), "des valeurs négatives ou nulles (sigma est inférieure à un)",
    ).close_to(
        -_softplus(-x), rtol=1e-12, atol=1e-15,
        what="ln sigma(x) exact pour de très grands |x|",
        hint="Pour x très négatif, sigma(x) s'arrondit à zéro : "
             "passez par -softplus(-x) calculé de façon stable.",
    )


# 1g

def softplus_hidden(t: Trial) -> None:
    """softplus is ln(1 + e^x) on random and extreme inputs and satisfies softplus(x) - softplus(-x) = x."""
    x = np.concatenate([_extremes(t, 4), t.rng.normal(0.0, 5.0, size=4)])
    x = t.rng.permutation(x)
    plus = t.call("softplus", x).array(shape=(8,)).finite().satisfies(
        lambda v: bool(np.all(v >= 0.0)), "des valeurs positives ou nulles",
    ).close_to(
        _softplus(x), rtol=1e-12, atol=1e-15,
        what="le softplus de x, exact même pour de très grands |x|",
        hint="exp(x) déborde pour x grand : mettez la plus grande exponentielle en facteur avant le logarithme.",
    )
    minus = t.call("softplus", -x).array(shape=(8,)).finite()
    if not np.allclose(plus.value - minus.value, x, rtol=1e-9, atol=1e-12):
        raise Failure(
            "softplus(x) - softplus(-x) ne redonne pas x, "
            "alors que c'est l'identité à démontrer dans cette question.",
            hint="Le quotient des deux arguments du logarithme se simplifie en exp(x).",
        )


def softplus_derivative_hidden(t: Trial) -> None:
    """softplus_derivative is sigma(x) on random and extreme inputs, finite, between 0 and 1."""
    shape = _shape(t)
    x = t.rng.normal(0.0, 4.0, size=shape)
    t.call("softplus_derivative", x).array(shape=shape).finite().close_to(
        _sigmoid(x), rtol=RTOL, atol=ATOL,
        what="la dérivée de softplus",
        hint="Dérivez l'identité softplus(x) - softplus(-x) = x, ou dérivez softplus directement.",
    )
    x = t.rng.permutation(np.concatenate([_extremes(t, 4), t.rng.normal(0.0, 2.0, size=2)]))
    t.call("softplus_derivative", x).array(shape=(6,)).finite().satisfies(
        lambda v: bool(np.all((v >= 0.0) & (v <= 1.0))), "des valeurs entre zéro et un",
    ).close_to(
        _sigmoid(x), rtol=RTOL, atol=ATOL,
        what="la dérivée de softplus, finie même pour de très grands |x|",
        hint="Le quotient de deux exponentielles devient inf / inf : utilisez une forme stable.",
    )


# 1h

def softmax_hidden(t: Trial) -> None:
    """softmax is correct on a random vector, invariant to a large random shift, and row-wise on a batch."""
    n = int(t.rng.integers(3, 7))
    x = t.rng.normal(0.0, 3.0, size=n)
    expected = _softmax(x)
    t.call("softmax", x).array(shape=(n,)).finite().close_to(
        expected, rtol=RTOL, atol=ATOL,
        what="le softmax de x",
        hint="Chaque exponentielle est divisée par la somme de toutes les exponentielles.",
    )
    t.call("softmax", x + _shift(t)).array(shape=(n,)).finite().close_to(
        expected, rtol=1e-6, atol=1e-9,
        what="S(x + c) = S(x) pour une grande constante c (invariance par translation)",
        hint="Soustrayez le maximum de x avant l'exponentielle.",
    )
    b = n + 1
    batch = t.rng.normal(0.0, 3.0, size=(b, n)) + np.array([_shift(t) for _ in range(b)])[:, None]
    t.call("softmax", batch).array(shape=(b, n)).finite().satisfies(
        lambda v: np.allclose(v.sum(axis=-1), 1.0), "des lignes dont la somme vaut un",
        hint="Pour un lot, le softmax se calcule sur le dernier axe, chaque ligne avec sa propre constante.",
    ).close_to(
        _softmax(batch), rtol=1e-6, atol=1e-9,
        what="le softmax de chaque ligne du lot",
    )


# 1i

def scaling_effect_hidden(t: Trial) -> None:
    """scaling_effect labels a random alpha > 1, a random alpha < 1 and alpha = 1, with an unchanged argmax."""
    cases = [
        (1.0 + float(t.rng.uniform(1e-3, 10.0)), "plus_piquee"),
        (float(t.rng.uniform(1e-3, 0.999)), "plus_uniforme"),
        (1.0, "inchangee"),
    ]
    for index in t.rng.permutation(len(cases)):
        alpha, distribution = cases[int(index)]
        answer = t.call("scaling_effect", alpha)
        answer.item("distribution").equals(
            distribution, what="l'effet de ce facteur alpha sur la distribution du softmax",
            hint="Les écarts entre les alpha x_i grandissent-ils, rétrécissent-ils ou restent-ils les mêmes ?",
        )
        answer.item("prediction_changes").equals(
            False, what="si la classe prédite (l'argmax) change",
            hint="Multiplier par un alpha positif préserve l'ordre des composantes.",
        )


# 1j

def softmax_partial_hidden(t: Trial) -> None:
    """softmax_partial is S_i (delta_ij - S_j) for random x, i, j, on and off the diagonal, after a large shift."""
    n = int(t.rng.integers(3, 7))
    x = t.rng.normal(0.0, 2.0, size=n)
    s = _softmax(x)
    jac = np.diag(s) - np.outer(s, s)
    i, j = (int(v) for v in t.rng.choice(n, size=2, replace=False))
    k = int(t.rng.integers(n))
    shift = _shift(t)
    for row, col, offset in ((i, j, 0.0), (k, k, 0.0), (j, i, shift)):
        t.call("softmax_partial", x + offset, row, col).number().close_to(
            jac[row, col], rtol=1e-6, atol=1e-10,
            what="la dérivée partielle dS_i / dx_j (calculée de façon stable)",
            hint="dS_i/dx_j = S_i (delta_ij - S_j) ; le softmax est invariant par translation.",
        )


# 1k

def softmax_jacobian_hidden(t: Trial) -> None:
    """softmax_jacobian is diag(S) - S S^T for a random vector and after a large shift, rows summing to 0."""
    n = int(t.rng.integers(3, 7))
    x = t.rng.normal(0.0, 2.0, size=n)
    s = _softmax(x)
    expected = np.diag(s) - np.outer(s, s)
    for offset in (0.0, _shift(t)):
        t.call("softmax_jacobian", x + offset).array(shape=(n, n)).finite().satisfies(
            lambda v: np.allclose(v.sum(axis=1), 0.0, atol=1e-9), "des lignes de somme nulle",
            hint="Vérifiez les termes hors diagonale de la jacobienne.",
        ).close_to(
            expected, rtol=1e-6, atol=1e-10,
            what="la jacobienne du softmax",
            hint="Mettez la dérivée partielle de la question précédente sous forme matricielle, "
                 "avec S calculé de façon stable.",
        )


# 1l

def grad_log_softmax_hidden(t: Trial) -> None:
    """grad_log_softmax is jac[i] - S^T jac for a random (n, p) Jacobian, random i, and after a large shift."""
    n = int(t.rng.integers(3, 7))
    p = int(t.rng.integers(2, 6))
    if p == n:
        p += 1
    x = t.rng.normal(0.0, 2.0, size=n)
    jac = t.rng.normal(0.0, 1.0, size=(n, p))
    s = _softmax(x)
    for offset in (0.0, _shift(t)):
        i = int(t.rng.integers(n))
        t.call("grad_log_softmax", x + offset, jac, i).array(shape=(p,)).finite().close_to(
            jac[i] - s @ jac, rtol=1e-6, atol=1e-10,
            what="le gradient de ln S(x(u))_i par rapport à u",
            hint="grad_u x_i moins l'espérance des grad_u x_j sous la loi S(x) ; jac[j] est la ligne j.",
        )
    i = int(t.rng.integers(n))
    t.call("grad_log_softmax", x, np.eye(n), i).array(shape=(n,)).finite().close_to(
        np.eye(n)[i] - s, rtol=1e-6, atol=1e-10,
        what="le gradient de ln S(x)_i par rapport à x lui-même (jacobienne identité)",
        hint="Avec x(u) = u, grad_u x_j est le j-ième vecteur de la base canonique.",
    )


# 1m

def cross_entropy_grad_hidden(t: Trial) -> None:
    """cross_entropy_grad is S(x) - c for a random x and class, after a large shift, and for very spread-out logits."""
    n = int(t.rng.integers(3, 7))
    for scale, offset in ((2.0, 0.0), (2.0, _shift(t)), (500.0, 0.0)):
        x = t.rng.normal(0.0, scale, size=n) + offset
        c = np.zeros(n)
        c[int(t.rng.integers(n))] = 1.0
        t.call("cross_entropy_grad", x, c).array(shape=(n,)).finite().satisfies(
            lambda v: abs(float(np.sum(v))) < 1e-9, "un gradient de somme nulle",
            hint="Les S_i ont pour somme un, et les c_i aussi.",
        ).close_to(
            _softmax(x) - c, rtol=1e-6, atol=1e-10,
            what="le gradient de l'entropie croisée par rapport à x",
            hint="Appliquez la question précédente avec x(u) = u, et calculez S de façon stable.",
        )
