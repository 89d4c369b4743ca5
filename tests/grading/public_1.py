"""Public grading cases of part 1 (questions 1a-1m): derivatives and relations between usual functions.

These cases are shipped to students. They hold no answer: expected values are
literals derived by hand, properties the handout asks to prove, or finite
differences of the handout's own definitions on moderate inputs.
"""

from __future__ import annotations

import numpy as np

from .checking import (
    Failure,
    Trial,
    handout_sigmoid,
    handout_softmax,
    handout_softplus,
    numeric_gradient,
    numeric_jacobian,
)

# Tolerances against central finite differences (eps = 1e-6).
FD_RTOL = 1e-5
FD_ATOL = 1e-8

# Literals, computed once with 30-digit arithmetic.
SIGMA_1 = 0.7310585786300049          # sigma(1) = 1 / (1 + e^-1)
SIGMA_M1 = 0.2689414213699951         # sigma(-1)
SIGMA_2 = 0.8807970779778824          # sigma(2)
LN2 = 0.6931471805599453              # ln 2 = softplus(0) = -ln sigma(0)
E_M40 = 4.248354255291589e-18         # e^-40, i.e. sigma'(40) and -ln sigma(40) to 17 digits
SOFTMAX_123 = [0.09003057317038046, 0.24472847105479765, 0.6652409557748219]  # S([1, 2, 3])

# A small vector with distinct entries: S_i differ, which tells S_i S_j from S_i^2.
X4 = np.array([0.5, -1.0, 2.0, 0.0])


def _log_softmax_entry(i: int):
    """u -> ln S(u)_i with the handout's softmax (moderate inputs only)."""
    return lambda u: float(np.log(handout_softmax(u))[i])


# 1a

def sign_public(t: Trial) -> None:
    """sign gives -1, 0, +1 elementwise, with 0 at 0 (and -0.0), keeping the shape."""
    x = np.array([[-3.5, -1e-300, 0.0], [2e-300, 7.0, -0.0]])
    t.call("sign", x).array(shape=(2, 3)).satisfies(
        lambda v: bool(np.all(np.isfinite(v))), "des valeurs finies, même en 0",
        hint="x / |x| n'est pas défini en 0 : n'utilisez que des comparaisons de x avec 0.",
    ).close_to(
        [[-1.0, -1.0, 0.0], [1.0, 1.0, 0.0]], atol=0.0,
        what="le signe de chaque élément (-1, 0 ou +1, et 0 exactement en 0)",
        hint="En x = 0 le signe vaut 0 : quelles indicatrices s'annulent toutes les deux en 0 ?",
    )
    x = np.array([-1e308, -5e-324, 5e-324, 1e308, 0.0])
    t.call("sign", x).array(shape=(5,)).close_to(
        [-1.0, -1.0, 1.0, 1.0, 0.0], atol=0.0,
        what="le signe de chaque élément, même pour des valeurs extrêmes",
        hint="Ne divisez pas x par |x| : seules les comparaisons x > 0 et x < 0 sont nécessaires.",
    )


# 1b

def relu_derivative_public(t: Trial) -> None:
    """relu_derivative is the Heaviside step away from 0 and matches finite differences of ReLU."""
    x = np.array([[-2.0, -1e-8, 3.0], [1e-8, 5.0, -0.5]])
    t.call("relu_derivative", x).array(shape=(2, 3)).close_to(
        [[0.0, 0.0, 1.0], [1.0, 1.0, 0.0]],
        what="H(x) : 1 là où x > 0 et 0 là où x < 0",
        hint="La pente de max(0, x) vaut 0 à gauche de 0 et 1 à droite : ce n'est pas ReLU elle-même.",
    )
    x = np.array([-1.5, -0.25, 0.75, 2.0])
    relu_slope = numeric_gradient(lambda z: float(np.maximum(0.0, z).sum()), x)
    t.call("relu_derivative", x).array(shape=(4,)).close_to(
        relu_slope, rtol=FD_RTOL, atol=FD_ATOL,
        what="la dérivée de max(0, x) estimée par différences finies",
    )


# 1c

def relu_product_public(t: Trial) -> None:
    """relu_product(x) = x H(x) equals max(0, x) elementwise, keeping the shape."""
    x = np.array([[-2.5, 0.0, 1.5], [3.0, -0.1, 1e300]])
    t.call("relu_product", x).array(shape=(2, 3)).close_to(
        [[0.0, 0.0, 1.5], [3.0, 0.0, 1e300]], atol=0.0,
        what="x H(x), c'est-à-dire max(0, x) pour chaque élément",
        hint="H(x) vaut 1 si x > 0 et 0 si x < 0 : le produit garde x ou l'annule (en 0, x H(x) = 0).",
    )


def relu_integral_public(t: Trial) -> None:
    """relu_integral(x), the integral of H from -inf to x, equals max(0, x)."""
    x = np.array([-4.0, -1e-9, 0.0, 1e-9, 2.5, 1e300])
    t.call("relu_integral", x).array(shape=(6,)).close_to(
        [0.0, 0.0, 0.0, 1e-9, 2.5, 1e300], rtol=1e-9, atol=0.0,
        what="l'intégrale de H(t) pour t allant de -infini à x",
        hint="H est nulle sur ]-infini, 0[ et vaut 1 sur ]0, +infini[ : l'aire sous H jusqu'à x est 0 ou x.",
    )


# 1d

def steep_sigmoid_public(t: Trial) -> None:
    """steep_sigmoid(x, k) = sigma(k x): the logistic for moderate k, the step H for k = 1e300, always finite."""
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    t.call("steep_sigmoid", x, 1.0).array(shape=(5,)).finite().close_to(
        handout_sigmoid(x), rtol=1e-9,
        what="1 / (1 + exp(-k x)) avec k = 1, soit la sigmoïde",
    )
    t.call("steep_sigmoid", x, 3.0).array(shape=(5,)).finite().close_to(
        handout_sigmoid(3.0 * x), rtol=1e-9,
        what="1 / (1 + exp(-k x)) avec k = 3",
        hint="k multiplie x à l'intérieur de l'exponentielle.",
    )
    x = np.array([-1000.0, -1e-3, 0.0, 2e-300, 1e-3, 1000.0])
    t.call("steep_sigmoid", x, 1e300).array(shape=(6,)).finite().close_to(
        [0.0, 0.0, 0.5, SIGMA_2, 1.0, 1.0], rtol=1e-9, atol=1e-12,
        what="des valeurs finies proches de H(x) (0, 1/2 en 0, 1), et sigma(2) pour k x = 2",
        hint="Avec k = 1e300, k x peut valoir ±inf et exp(k x) déborder : "
             "n'évaluez l'exponentielle que d'un argument négatif ou nul.",
    )


# 1e

def sigmoid_derivative_public(t: Trial) -> None:
    """sigmoid_derivative matches finite differences of sigma and stays finite and accurate at +-800."""
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 6.0]])
    t.call("sigmoid_derivative", x).array(shape=(2, 3)).finite().close_to(
        numeric_gradient(lambda z: float(handout_sigmoid(z).sum()), x), rtol=FD_RTOL, atol=FD_ATOL,
        what="sigma'(x) estimée par différences finies de sigma",
        hint="Dérivez 1 / (1 + exp(-x)) puis exprimez le résultat avec sigma seulement.",
    )
    x = np.array([-800.0, -40.0, 0.0, 40.0, 800.0])
    t.call("sigmoid_derivative", x).array(shape=(5,)).finite().close_to(
        [0.0, E_M40, 0.25, E_M40, 0.0], rtol=1e-6, atol=1e-15,
        what="des valeurs finies, sigma'(0) = 1/4 et sigma'(x) presque nulle pour |x| grand",
        hint="exp(800) déborde : exprimez sigma' avec une sigmoïde calculée de façon stable.",
    )


def sigmoid_jacobian_public(t: Trial) -> None:
    """sigmoid_jacobian matches the finite-difference Jacobian of elementwise sigma and is finite at +-800."""
    x = np.array([-1.5, 0.0, 0.5, 2.0])
    t.call("sigmoid_jacobian", x).array(shape=(4, 4)).finite().close_to(
        numeric_jacobian(handout_sigmoid, x), rtol=FD_RTOL, atol=FD_ATOL,
        what="la jacobienne J[i, j] = d sigma(x_i) / d x_j estimée par différences finies",
        hint="sigma(x_i) ne dépend que de x_i : que vaut d sigma(x_i) / d x_j quand j est différent de i ?",
    )
    x = np.array([-800.0, 0.0, 800.0])
    t.call("sigmoid_jacobian", x).array(shape=(3, 3)).finite().close_to(
        np.diag([0.0, 0.25, 0.0]), atol=1e-15,
        what="une jacobienne finie, diagonale, avec 1/4 au centre",
        hint="Utilisez une sigmoïde stable : exp(800) déborde.",
    )


# 1f

def log_sigmoid_public(t: Trial) -> None:
    """log_sigmoid equals ln sigma on moderate inputs and is finite and accurate at +-1000 (ln sigma(-1000) = -1000)."""
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 10.0]])
    t.call("log_sigmoid", x).array(shape=(2, 3)).finite().close_to(
        np.log(handout_sigmoid(x)), rtol=1e-9,
        what="ln sigma(x)",
    )
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    t.call("log_sigmoid", x).array(shape=(5,)).finite().close_to(
        [-1000.0, -40.0, -LN2, -E_M40, 0.0], rtol=1e-12, atol=1e-15,
        what="ln sigma(x) exact même aux extrêmes : environ x pour x très négatif, environ 0 pour x très positif",
        hint="ln sigma(-1000) = -1000 - ln(1 + e^-1000) : passez par -softplus(-x) calculé sans débordement.",
    )


# 1g

def softplus_public(t: Trial) -> None:
    """softplus is ln(1 + e^x), satisfies softplus(x) - softplus(-x) = x, and is exact at +-1000."""
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 10.0]])
    plus = t.call("softplus", x).array(shape=(2, 3)).finite().close_to(
        handout_softplus(x), rtol=1e-9,
        what="ln(1 + exp(x))",
    )
    minus = t.call("softplus", -x).array(shape=(2, 3)).finite()
    if not np.allclose(plus.value - minus.value, x, rtol=1e-9, atol=1e-12):
        raise Failure(
            "softplus(x) - softplus(-x) ne redonne pas x, alors que c'est l'identité à démontrer en 1g.",
            hint="ln(1 + e^x) - ln(1 + e^-x) = ln(e^x) = x.",
            reference=f"x = {x.tolist()}",
        )
    x = np.array([-1000.0, 0.0, 1000.0])
    t.call("softplus", x).array(shape=(3,)).finite().satisfies(
        lambda v: bool(np.all(v >= 0)), "des valeurs positives ou nulles (softplus > 0)",
        hint="ln(1 + e^x) n'est jamais négatif.",
    ).close_to(
        [0.0, LN2, 1000.0], rtol=1e-12, atol=1e-15,
        what="softplus(-1000) presque nul, softplus(0) = ln 2 et softplus(1000) = 1000",
        hint="exp(1000) déborde : pour x grand, ln(1 + e^x) = x + ln(1 + e^-x).",
    )


def softplus_derivative_public(t: Trial) -> None:
    """softplus_derivative matches finite differences of softplus and is finite at +-1000."""
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 6.0]])
    t.call("softplus_derivative", x).array(shape=(2, 3)).finite().close_to(
        numeric_gradient(lambda z: float(handout_softplus(z).sum()), x), rtol=FD_RTOL, atol=FD_ATOL,
        what="la dérivée de softplus estimée par différences finies",
        hint="Dérivez l'identité softplus(x) - softplus(-x) = x, ou dérivez ln(1 + e^x) directement.",
    )
    x = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])
    t.call("softplus_derivative", x).array(shape=(5,)).finite().close_to(
        [0.0, SIGMA_M1, 0.5, SIGMA_1, 1.0], rtol=1e-9, atol=1e-15,
        what="des valeurs finies : 0 vers -infini, 1/2 en 0, 1 vers +infini",
        hint="exp(1000) / (1 + exp(1000)) donne inf / inf : utilisez une forme stable.",
    )


# 1h

def softmax_public(t: Trial) -> None:
    """softmax matches literal values, is invariant to a shift of +-1000, works on a batch along the last axis."""
    x = np.array([1.0, 2.0, 3.0])
    t.call("softmax", x).array(shape=(3,)).finite().close_to(
        SOFTMAX_123, rtol=1e-9,
        what="exp(x_i) / somme_j exp(x_j)",
    )
    t.call("softmax", np.array([1000.0, 1001.0])).array(shape=(2,)).finite().close_to(
        [SIGMA_M1, SIGMA_1], rtol=1e-9,
        what="des probabilités finies : S([1000, 1001]) = S([0, 1])",
        hint="exp(1000) déborde : utilisez l'invariance par translation S(x + c) = S(x).",
    )
    for shift in (1000.0, -1000.0):
        t.call("softmax", x + shift).array(shape=(3,)).finite().close_to(
            SOFTMAX_123, rtol=1e-9,
            what=f"S(x + c) = S(x) pour c = {shift:g} (invariance par translation)",
            hint="Soustrayez une même constante bien choisie à toutes les composantes avant l'exponentielle.",
        )
    batch = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]])
    t.call("softmax", batch).array(shape=(2, 3)).finite().satisfies(
        lambda v: np.allclose(v.sum(axis=-1), 1.0), "des lignes de somme 1",
        hint="Pour un lot de forme (b, n), le softmax se calcule sur le dernier axe (axis=-1).",
    ).close_to(
        handout_softmax(batch), rtol=1e-9,
        what="le softmax de chaque ligne",
    )


# 1i

def scaling_effect_public(t: Trial) -> None:
    """scaling_effect names the effect of multiplying x by alpha > 1, < 1 or = 1, and says the argmax is kept."""
    expected = {2.0: "plus_piquee", 0.5: "plus_uniforme", 1.0: "inchangee"}
    for alpha, distribution in expected.items():
        answer = t.call("scaling_effect", alpha)
        answer.item("distribution").equals(
            distribution,
            what="l'effet de alpha sur la distribution (\"plus_piquee\", \"plus_uniforme\" ou \"inchangee\")",
            hint="Comparez S(alpha x) à S(x) sur un exemple : les écarts entre les alpha x_i grandissent-ils ?",
        )
        answer.item("prediction_changes").equals(
            False, what="si la classe prédite (l'argmax) change",
            hint="Multiplier par alpha > 0 préserve l'ordre des x_i, donc celui des S(alpha x)_i.",
        )


# 1j

def softmax_partial_public(t: Trial) -> None:
    """softmax_partial(x, i, j) matches finite differences of the softmax, on and off the diagonal, and at x + 1000."""
    expected = numeric_jacobian(handout_softmax, X4)
    for i, j in ((1, 1), (0, 2), (3, 1), (2, 2)):
        t.call("softmax_partial", X4, i, j).number().close_to(
            expected[i, j], rtol=FD_RTOL, atol=FD_ATOL,
            what=f"dS(x)_{i} / dx_{j} estimée par différences finies",
            hint="dS_i/dx_j = S_i (delta_ij - S_j) : sur la diagonale S_i (1 - S_i), ailleurs -S_i S_j.",
        )
    t.call("softmax_partial", X4 + 1000.0, 0, 2).number().close_to(
        expected[0, 2], rtol=FD_RTOL, atol=FD_ATOL,
        what="la même dérivée qu'en x (le softmax est invariant par translation), sans débordement",
        hint="Calculez S de façon stable.",
    )


# 1k

def softmax_jacobian_public(t: Trial) -> None:
    """softmax_jacobian matches the finite-difference Jacobian, has rows summing to 0, and is finite at x + 1000."""
    expected = numeric_jacobian(handout_softmax, X4)
    for shift in (0.0, 1000.0):
        t.call("softmax_jacobian", X4 + shift).array(shape=(4, 4)).finite().satisfies(
            lambda v: np.allclose(v.sum(axis=1), 0.0, atol=1e-9),
            "des lignes de somme 0 (les S_i somment à 1, donc leurs variations à 0)",
            hint="Vérifiez les termes hors diagonale de la jacobienne.",
        ).close_to(
            expected, rtol=FD_RTOL, atol=FD_ATOL,
            what="la jacobienne du softmax estimée par différences finies",
            hint="Réécrivez 1j sous forme matricielle : le terme en delta_ij donne une matrice diagonale, "
                 "l'autre un produit extérieur ; n'oubliez pas les termes hors diagonale.",
        )


# 1l

# x(u) = A u + B, so that grad_u x_j is row j of A: a (4, 3) Jacobian.
A_L = np.array([[1.0, -0.5, 0.25], [0.0, 2.0, -1.0], [-1.5, 0.5, 1.0], [0.5, 0.0, -2.0]])
B_L = np.array([0.2, -0.3, 0.1, 0.0])
U_L = np.array([0.3, -0.7, 0.5])


def grad_log_softmax_public(t: Trial) -> None:
    """grad_log_softmax matches finite differences of u -> ln S(A u + b)_i for two i, and at x + 1000."""
    x = A_L @ U_L + B_L
    for i, shift in ((1, 0.0), (3, 0.0), (3, 1000.0)):
        expected = numeric_gradient(lambda u: _log_softmax_entry(i)(A_L @ u + B_L), U_L)
        t.call("grad_log_softmax", x + shift, A_L, i).array(shape=(3,)).finite().close_to(
            expected, rtol=FD_RTOL, atol=FD_ATOL,
            what=f"le gradient de ln S(x(u))_{i} par rapport à u, estimé par différences finies",
            hint="grad_u ln S_i = grad_u x_i - somme_j S_j grad_u x_j : la moyenne est pondérée par S, "
                 "et jac[j] est la ligne j (forme (n, p)).",
        )


# 1m

def cross_entropy_grad_public(t: Trial) -> None:
    """cross_entropy_grad matches finite differences of -sum c_i ln S(x)_i and is exact at +-1000."""
    c = np.array([0.0, 1.0, 0.0, 0.0])
    expected = numeric_gradient(lambda z: -float(c @ np.log(handout_softmax(z))), X4)
    t.call("cross_entropy_grad", X4, c).array(shape=(4,)).finite().satisfies(
        lambda v: abs(float(np.sum(v))) < 1e-9, "un gradient de somme nulle",
        hint="Les S_i somment à 1 et c aussi.",
    ).close_to(
        expected, rtol=FD_RTOL, atol=FD_ATOL,
        what="le gradient de l'entropie croisée par rapport à x, estimé par différences finies",
        hint="Appliquez 1l avec x(u) = u (jacobienne identité), puis utilisez que les c_i somment à 1.",
    )
    t.call("cross_entropy_grad", np.array([1000.0, 1001.0]), np.array([1.0, 0.0])).array(shape=(2,)).finite().close_to(
        [-SIGMA_1, SIGMA_1], rtol=1e-9,
        what="S([1000, 1001]) - c, fini",
        hint="Calculez S de façon stable.",
    )
    t.call("cross_entropy_grad", np.array([-1000.0, 0.0, 1000.0]), np.array([1.0, 0.0, 0.0])).array(
        shape=(3,)).finite().close_to(
        [-1.0, 0.0, 1.0], atol=1e-12,
        what="S(x) - c, fini : S([-1000, 0, 1000]) vaut presque (0, 0, 1)",
        hint="Calculez S de façon stable.",
    )
