"""Public grading cases of part 1 (questions 1a-1m): derivatives and relations between usual functions.

These cases are shipped to students. They hold no answer: expected values are
literals derived by hand, properties the handout asks to prove, or finite
differences of the handout's own definitions on moderate inputs (translated
by a constant where the handout's invariance S(x + c) = S(x) allows it).
Numerical stability is checked only in the ``*_stable_public`` cases of the
questions that ask for it (1d, 1f, 1g, 1h). A failure names the first input
that disagrees.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checking import (
    Result,
    Trial,
    numeric_gradient,
    numeric_jacobian,
    preview,
    ulps,
)

from .shared import handout_sigmoid, handout_softmax, handout_softplus

ULPS = 16.0  # docs/tolerances.md: a few ulps per operation of the longest correct formula

# Against central finite differences (eps = 1e-6): truncation and rounding stay far below these.
FD_RTOL = 1e-5
FD_ATOL = 1e-8

# Literals, computed once with 40-digit arithmetic.
SIGMA_1 = 0.7310585786300049          # sigma(1) = 1 / (1 + e^-1)
SIGMA_M1 = 0.2689414213699951         # sigma(-1)
SIGMA_2 = 0.8807970779778824          # sigma(2)
SIGMA_30 = 0.9999999999999064         # sigma(30)
SIGMA_M30 = 9.357622968839299e-14     # sigma(-30)
DSIGMA_30 = 9.357622968838423e-14     # sigma'(30) = sigma'(-30) = e^-30 / (1 + e^-30)^2
LN2 = 0.6931471805599453              # ln 2 = softplus(0) = -ln sigma(0)
E_M40 = 4.248354255291589e-18         # e^-40, i.e. -ln sigma(40) to 17 digits
SOFTMAX_123 = [0.09003057317038046, 0.24472847105479765, 0.6652409557748219]  # S([1, 2, 3])

# Moderate logits with distinct entries of both signs: S_i differ, which tells S_i S_j from S_i^2.
X4 = np.array([0.5, -1.0, 2.0, 0.0])
# Logits where exp(x_i) is finite, but exp(x - min x) and exp(x + max x) overflow (spread 721, max 501).
# S(XW) = S(XW - 501) (1h), and XW - 501 is moderate: finite differences of the handout's S apply.
XW = np.array([500.0, 501.0, 499.5, -220.0])
# Moderate logits and one whose exp rounds to 0, harmless in the plain formula, but exp(x - max |x|) is 0 / 0.
XD = np.array([0.5, -1.0, 2.0, -780.0])
OVERFLOW = ("Un calcul déborde (ou donne 0/0) ici alors que la formule de l'énoncé ne déborde pas : "
            "si vous décalez x, soustrayez le maximum de x (ni le minimum, ni max |x|, ni + max).")


FLOAT32_RANGE = ("Votre calcul passe par float32, qui arrondit à 0 les |x| inférieurs à 1e-45 et déborde au-delà "
                 "de 3e38 : gardez les valeurs en float64 (dtype=float).")


def _in_float32(x: np.ndarray) -> np.ndarray:
    """``x`` as float32 holds it: tiny magnitudes become 0, huge ones infinite (a known mistake's input)."""
    with np.errstate(over="ignore"):
        return x.astype(np.float32).astype(float)


def _ulps(scale: Any) -> Any:
    """ULPS ulps of ``scale`` (at least 1), the magnitude of the quantities a result is computed from."""
    return ulps(np.maximum(1.0, np.abs(scale)), ULPS)


def _fd(expected: Any) -> Any:
    """What finite differences can tell apart."""
    return FD_ATOL + FD_RTOL * np.abs(np.asarray(expected, dtype=float))


def _example(t: Trial, name: str, args: tuple, want: Any, hint: str = "") -> None:
    """The example of ``name``'s docstring, which the student can read: its exact value, up to a few ulps."""
    result = t.call(name, *args)
    result = result.number() if np.ndim(want) == 0 else result.array(shape=np.shape(want))
    result.close_to(want, rtol=1e-12, atol=1e-15, what="la valeur de l'exemple de la docstring", hint=hint)


# 1a

def sign_public(t: Trial) -> None:
    """sign gives -1, 0, +1 elementwise, with 0 at 0 and -0.0, even for extreme magnitudes, keeping the shape."""
    _example(t, "sign", (np.array([-2.0, 0.0, 3.0]),), [-1.0, 0.0, 1.0])
    x = np.array([[-3.5, -1e-300, 0.0, 1e308], [2e-300, 7.0, -0.0, -5e-324], [-1e308, 0.25, 5e-324, -0.5]])
    t.call("sign", x).array(shape=(3, 4)).close_to(np.sign(x), precise=True, rtol=0.0, atol=0.0, inputs=x,
            what="le signe de chaque élément (-1, 0 ou +1, et 0 exactement en 0)",
            hint="Le signe vaut 0 en 0 : quelles indicatrices s'annulent toutes les deux en 0 ?",
            mistakes=((np.sign(_in_float32(x)), FLOAT32_RANGE),),
            overflow="x / |x| n'est pas défini en 0 : n'utilisez que des comparaisons de x avec 0.")


# 1b

def relu_derivative_public(t: Trial) -> None:
    """relu_derivative is the Heaviside step away from 0 and matches finite differences of ReLU."""
    _example(t, "relu_derivative", (np.array([-1.0, 2.0]),), [0.0, 1.0])
    x = np.array([[-2.0, -1e-8, 3.0], [1e-8, 5.0, -0.5]])
    t.call("relu_derivative", x).array(shape=(2, 3)).close_to([[0.0, 0.0, 1.0], [1.0, 1.0, 0.0]], rtol=0.0, atol=0.0,
            inputs=x,
            what="H(x) : 1 là où x > 0 et 0 là où x < 0",
            hint="La pente de max(0, x) vaut 0 à gauche de 0 et 1 à droite : ce n'est ni ReLU ni le signe.")
    x = np.array([-1.5, -0.25, 0.75, 2.0])
    relu_slope = numeric_gradient(lambda z: float(np.maximum(0.0, z).sum()), x)
    t.call("relu_derivative", x).array(shape=(4,)).close_to(relu_slope, rtol=0.0, atol=_fd(relu_slope), inputs=x,
            what="la dérivée de max(0, x) estimée par différences finies")


# 1c

def relu_product_public(t: Trial) -> None:
    """relu_product(x) = x H(x) equals max(0, x) elementwise, keeping the shape."""
    _example(t, "relu_product", (np.array([-2.0, 3.0]),), [0.0, 3.0])
    x = np.array([[-2.5, 0.0, 1.5], [3.0, -0.1, 1e300]])
    t.call("relu_product", x).array(shape=(2, 3)).close_to([[0.0, 0.0, 1.5], [3.0, 0.0, 1e300]], precise=True,
            rtol=0.0, atol=0.0, inputs=x,
            what="x H(x), c'est-à-dire max(0, x) pour chaque élément",
            hint="H(x) vaut 1 si x > 0 et 0 si x < 0 : le produit garde x ou l'annule (en 0, x H(x) = 0).",
            mistakes=((np.maximum(0.0, _in_float32(x)), FLOAT32_RANGE),))


def relu_integral_public(t: Trial) -> None:
    """relu_integral(x), the integral of H from -inf to x, equals max(0, x)."""
    _example(t, "relu_integral", (np.array([-2.0, 3.0]),), [0.0, 3.0])
    x = np.array([[-4.0, -1e-9, 0.0], [1e-9, 2.5, 1e300]])
    t.call("relu_integral", x).array(shape=(2, 3)).close_to([[0.0, 0.0, 0.0], [1e-9, 2.5, 1e300]], precise=True,
            rtol=0.0, atol=0.0, inputs=x,
            what="l'intégrale de H(t) pour t allant de -infini à x",
            hint="H est nulle sur ]-infini, 0[ et vaut 1 sur ]0, +infini[ : l'aire sous H jusqu'à x est 0 ou x.",
            mistakes=((np.maximum(0.0, _in_float32(x)), FLOAT32_RANGE),))


# 1d

def steep_sigmoid_public(t: Trial) -> None:
    """steep_sigmoid(x, k) = sigma(k x) for k = 1 and 3 (saturated values included), and k = 1e-3 with |x| ~ 1000s."""
    _example(t, "steep_sigmoid", (np.array([0.0]), 5.0), [0.5])
    x = np.array([[-10.0, -2.0, -0.5], [0.0, 0.5, 10.0]])
    for k in (1.0, 3.0):
        t.call("steep_sigmoid", x, k).array(shape=(2, 3)).close_to(handout_sigmoid(k * x), rtol=0.0, atol=_ulps(1.0),
                inputs=x,
                what=f"1 / (1 + exp(-k x)) avec k = {k:g}", hint="k multiplie x à l'intérieur de l'exponentielle.")
    x = np.array([-3000.0, -500.0, 0.0, 1500.0, 4000.0])
    t.call("steep_sigmoid", x, 1e-3).array(shape=(5,)).close_to(handout_sigmoid(1e-3 * x), rtol=0.0, atol=_ulps(1.0),
            inputs=x,
            what="1 / (1 + exp(-k x)) avec k = 0.001 : k x vaut -3, -0.5, 0, 1.5 et 4",
            hint="Seul le produit k x compte : ne bornez jamais x seul.")


def steep_sigmoid_stable_public(t: Trial) -> None:
    """For k = 1e300, steep_sigmoid is finite and close to H (1/2 at 0), and exactly sigma(2) where k x = 2."""
    x = np.array([-1000.0, -1e-3, -2e-300, 0.0, 2e-300, 1e-3, 1000.0])
    t.call("steep_sigmoid", x, 1e300).array(shape=(7,)).close_to([0.0, 0.0, 1.0 - SIGMA_2, 0.5, SIGMA_2, 1.0, 1.0],
            precise=True,
            rtol=0.0, atol=_ulps(1.0), inputs=x,
            what="des valeurs finies proches de H(x) (0, 1/2 en 0, 1), et sigma(±2) là où k x = ±2",
            overflow="Avec k = 1e300, k x peut valoir ±inf et exp(k x) déborder : "
                     "n'évaluez l'exponentielle que d'un argument négatif ou nul.")


# 1e

def sigmoid_derivative_public(t: Trial) -> None:
    """sigmoid_derivative matches finite differences of sigma, and sigma'(+-30) = e^-30 / (1 + e^-30)^2."""
    _example(t, "sigmoid_derivative", (np.array([0.0]),), [0.25])
    x = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, 6.0]])
    expected = numeric_gradient(lambda z: float(handout_sigmoid(z).sum()), x)
    t.call("sigmoid_derivative", x).array(shape=(2, 3)).close_to(expected, rtol=0.0, atol=_fd(expected), inputs=x,
            what="sigma'(x) estimée par différences finies de sigma",
            hint="Dérivez 1 / (1 + exp(-x)) puis exprimez le résultat avec sigma seulement.")
    x = np.array([-30.0, 0.0, 30.0])
    t.call("sigmoid_derivative", x).array(shape=(3,)).close_to([DSIGMA_30, 0.25, DSIGMA_30], rtol=0.0,
            atol=_ulps(1.0), inputs=x,
            what="sigma'(0) = 1/4 et sigma'(±30) presque nulle",
            hint="sigma' est paire et tend vers 0 des deux côtés : vérifiez votre formule en 0 et pour |x| grand.")


def _jacobian_hint(got: Any, expected: np.ndarray, tolerance: Any) -> str:
    """Which part of a wrong Jacobian is wrong: its off-diagonal terms, or only its diagonal."""
    got = np.asarray(got, dtype=float)
    off = ~np.eye(len(expected), dtype=bool)
    if got.shape == expected.shape and np.all(np.abs(got[off]) <= np.broadcast_to(tolerance, got.shape)[off]):
        return "Les termes hors diagonale sont bien nuls : vérifiez les termes diagonaux, d sigma(x_i) / d x_i."
    return "sigma(x_i) ne dépend que de x_i : que vaut d sigma(x_i) / d x_j quand j est différent de i ?"


def sigmoid_jacobian_public(t: Trial) -> None:
    """sigmoid_jacobian matches the finite-difference Jacobian of elementwise sigma (equal entries, n = 1 included)."""
    for x in (np.array([-1.5, 0.0, 0.5, 2.0]), np.array([0.5, -1.0, 0.5, 0.5]), np.array([0.0])):
        expected = numeric_jacobian(handout_sigmoid, x)
        result = t.call("sigmoid_jacobian", x).array(shape=(x.size, x.size))
        by_value = np.diag(expected)[:, None] * (x[:, None] == x[None, :])   # a delta of values, not indices
        result.close_to(expected, rtol=0.0, atol=_fd(expected),
                mistakes=((by_value, "Le delta de Kronecker porte sur les indices i et j, pas sur les valeurs x_i et "
                                     "x_j (qui peuvent être égales)."),) if len(set(x.tolist())) < x.size else (),
                                             what="la jacobienne J[i, j] = d sigma(x_i) / d x_j estimée par différences finies"
                     + (" (des composantes égales ne rendent pas J[i, j] non nul pour i différent de j)"
                        if len(set(x.tolist())) < x.size else ""),
                hint=_jacobian_hint(result.value, expected, _fd(expected)))
    x = np.array([-30.0, 0.0, 30.0])
    expected = np.diag([DSIGMA_30, 0.25, DSIGMA_30])
    result = t.call("sigmoid_jacobian", x).array(shape=(3, 3))
    result.close_to(expected, rtol=0.0, atol=_ulps(1.0),what="une jacobienne diagonale, presque nulle en ±30",
                  hint=_jacobian_hint(result.value, expected, _ulps(1.0)))


# 1f

def log_sigmoid_public(t: Trial) -> None:
    """log_sigmoid equals ln sigma on moderate and saturated inputs (|x| up to 40)."""
    _example(t, "log_sigmoid", (np.array([0.0]),), [-LN2])
    x = np.array([[-40.0, -3.0, -0.5, 0.0], [0.5, 2.0, 20.0, 37.0]])
    t.call("log_sigmoid", x).array(shape=(2, 4)).close_to(np.log(handout_sigmoid(x)), rtol=0.0, atol=_ulps(x), inputs=x,
            what="ln sigma(x)", hint="ln sigma(x) = -ln(1 + exp(-x)) : vérifiez le signe de l'argument de softplus.")


def log_sigmoid_stable_public(t: Trial) -> None:
    """log_sigmoid is finite and exact at +-1000: ln sigma(-1000) = -1000, ln sigma(1000) = 0."""
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    t.call("log_sigmoid", x).array(shape=(5,)).close_to([-1000.0, -40.0, -LN2, -E_M40, 0.0], precise=True, rtol=0.0,
            atol=_ulps(x), inputs=x,
            what="ln sigma(x) exact même aux extrêmes : environ x pour x très négatif, "
                 "environ 0 pour x très positif",
            hint="ln sigma(-1000) = -1000 - ln(1 + e^-1000) : passez par -softplus(-x).",
            overflow="sigma(-1000) s'arrondit à 0 (ou exp(1000) déborde) : passez par -softplus(-x) calculé "
                     "sans exponentielle d'un argument positif.")


# 1g

def _softplus_identity(t: Trial, x: np.ndarray, plus: Result, precise: bool = False) -> None:
    """softplus(x) - softplus(-x) = x, the identity of 1g, within the ulps of x (``precise``: at extreme x)."""
    minus = t.call("softplus", -x).array(shape=x.shape)
    Result(plus.value - minus.value, f"softplus(x) - softplus(-x) pour x = {preview(x)}").close_to(x, precise=precise,
            rtol=0.0, atol=2.0 * _ulps(x), inputs=x, what="x, l'identité à démontrer en 1g",
            hint="softplus(x) et softplus(-x) viennent de la même fonction : vérifiez-la pour x négatif comme "
                 "pour x positif.")


def softplus_public(t: Trial) -> None:
    """softplus is ln(1 + e^x) on moderate and saturated inputs and satisfies softplus(x) - softplus(-x) = x."""
    _example(t, "softplus", (np.array([0.0]),), [LN2])
    x = np.array([[-37.0, -3.0, -0.5, 0.0], [0.5, 2.0, 10.0, 30.0]])
    plus = t.call("softplus", x).array(shape=(2, 4))
    plus.close_to(handout_softplus(x), rtol=0.0, atol=_ulps(x), inputs=x, what="ln(1 + exp(x))",
            hint="softplus(x) = ln(1 + exp(x)), positive, environ x pour x grand.")
    _softplus_identity(t, x, plus)


def softplus_stable_public(t: Trial) -> None:
    """softplus is finite and exact at +-1000 (softplus(1000) = 1000, softplus(-1000) >= 0) and keeps the identity."""
    x = np.array([-1000.0, 0.0, 1000.0])
    plus = t.call("softplus", x).array(shape=(3,))
    plus.close_to([0.0, LN2, 1000.0], precise=True, rtol=0.0, atol=_ulps(x), inputs=x,
            what="softplus(-1000) presque nul (et positif), softplus(0) = ln 2 et softplus(1000) = 1000",
            hint="Pour x grand, ln(1 + e^x) = x + ln(1 + e^-x).",
            overflow="exp(1000) déborde : pour x grand, ln(1 + e^x) = x + ln(1 + e^-x).")
    plus.satisfies(lambda v: bool(np.all(v >= 0)), "des valeurs positives ou nulles (ln(1 + e^x) > 0)",
                   hint="softplus(-1000) est minuscule mais jamais négatif.")
    _softplus_identity(t, x, plus, precise=True)


def softplus_derivative_public(t: Trial) -> None:
    """softplus_derivative matches finite differences of softplus (values in (-1, 1) included) and sigma(+-30)."""
    _example(t, "softplus_derivative", (np.array([0.0]),), [0.5])
    x = np.array([[-3.0, -0.5, -0.25, 0.0], [0.25, 0.75, 2.0, 6.0]])
    expected = numeric_gradient(lambda z: float(handout_softplus(z).sum()), x)
    t.call("softplus_derivative", x).array(shape=(2, 4)).close_to(expected, rtol=0.0, atol=_fd(expected), inputs=x,
            what="la dérivée de softplus estimée par différences finies",
            hint="Dérivez l'identité softplus(x) - softplus(-x) = x, ou dérivez ln(1 + e^x) directement.")
    x = np.array([-30.0, 30.0])
    t.call("softplus_derivative", x).array(shape=(2,)).close_to([SIGMA_M30, SIGMA_30], rtol=0.0, atol=_ulps(1.0),
            inputs=x,
            what="softplus'(±30) : presque 0 à gauche, presque 1 à droite",
            hint="La pente de softplus tend vers 0 à gauche et vers 1 à droite : vérifiez le signe dans "
                 "l'exponentielle.")


def softplus_derivative_stable_public(t: Trial) -> None:
    """softplus_derivative is finite at +-1000: 0 towards -inf, 1/2 at 0, 1 towards +inf."""
    x = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])
    t.call("softplus_derivative", x).array(shape=(5,)).close_to([0.0, SIGMA_M1, 0.5, SIGMA_1, 1.0], precise=True,
            rtol=0.0, atol=_ulps(1.0),
            inputs=x, what="des valeurs finies : 0 vers -infini, 1/2 en 0, 1 vers +infini",
            overflow="exp(1000) / (1 + exp(1000)) donne inf / inf : utilisez une forme qui n'exponentie que -|x|.")


# 1h

def softmax_public(t: Trial) -> None:
    """softmax matches literals, S(x + c) = S(x) for moderate c, one logit, and works row-wise on (2, 3), (3, 3) and (1, 3)."""
    _example(t, "softmax", (np.array([0.0, 0.0]),), [0.5, 0.5])
    x = np.array([1.0, 2.0, 3.0])
    for shift in (0.0, -4.0, 7.5):
        t.call("softmax", x + shift).array(shape=(3,)).close_to(SOFTMAX_123, rtol=0.0,
                atol=_ulps(np.abs(x + shift).max()),
                what=f"S(x + c) = S([1, 2, 3]) pour c = {shift:g}",
                hint="exp(x_i) / somme_j exp(x_j) ; le facteur exp(c) se simplifie.")
    t.call("softmax", np.array([7.0])).array(shape=(1,)).close_to([1.0], rtol=0.0, atol=_ulps(1.0),
            what="le softmax d'un vecteur à une seule composante", hint="Une seule classe a toute la probabilité.")
    for batch in (np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]]),
                  np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0], [0.5, -2.0, 1.0]]), np.array([[-1.0, 0.0, 4.0]])):
        t.call("softmax", batch).array(shape=batch.shape).close_to(handout_softmax(batch), rtol=0.0, atol=_ulps(4.0),
                what=f"le softmax de chaque ligne d'un lot de forme {batch.shape}",
                hint="Pour un lot de forme (b, n), le softmax se calcule sur le dernier axe (axis=-1).")


def softmax_stable_public(t: Trial) -> None:
    """softmax is finite and exact at 1000, after shifts of +-1000, for a spread of 1000, and per row of a batch."""
    overflow = ("Une exponentielle déborde : soustrayez le maximum de chaque ligne (pas le minimum) "
                "avant l'exponentielle.")
    x = np.array([1.0, 2.0, 3.0])
    for logits, expected in ((np.array([1000.0, 1001.0]), [SIGMA_M1, SIGMA_1]), (x + 1000.0, SOFTMAX_123),
                             (x - 1000.0, SOFTMAX_123), (np.array([0.0, 1000.0]), [0.0, 1.0]),
                             (np.array([-1000.0, 0.0, 1000.0]), [0.0, 0.0, 1.0])):
        t.call("softmax", logits).array(shape=logits.shape).close_to(expected, precise=True, rtol=0.0,
                atol=_ulps(np.abs(logits).max()),
                overflow=overflow,
                what="des probabilités finies et exactes (S(x + c) = S(x))",
                hint="Utilisez l'invariance par translation : S(x - max x) = S(x).")
    batch = np.stack([x + 1000.0, x - 1000.0, x])
    t.call("softmax", batch).array(shape=(3, 3)).close_to([SOFTMAX_123] * 3, precise=True, rtol=0.0,
            atol=_ulps(1003.0), overflow=overflow,
            what="S([1, 2, 3]) sur chaque ligne d'un lot dont les lignes sont décalées de ±1000",
            hint="Chaque ligne a sa propre constante : soustrayez le maximum de la ligne (keepdims=True).")


# 1i

DISTRIBUTIONS = ("plus_piquee", "plus_uniforme", "inchangee")


def scaling_form_public(t: Trial) -> None:
    """scaling_effect returns the dict the docstring describes, for alpha = 2, 1/2 and 1 (form only, 0 points).

    Its values are the answer of 1i: the hidden cases grade them.
    """
    for alpha in (2.0, 0.5, 1.0):
        result = t.call("scaling_effect", alpha)
        result.satisfies(lambda v: isinstance(v, dict), "un dictionnaire",
                         hint="Renvoyez un dict à deux clés, \"distribution\" et \"prediction_changes\".")
        result.item("distribution").satisfies(
            lambda v: isinstance(v, str) and v in DISTRIBUTIONS,
            "l'une des chaînes \"plus_piquee\", \"plus_uniforme\", \"inchangee\" (sans accent)",
            hint="Renvoyez exactement l'une des trois chaînes proposées, en minuscules et sans accent.")
        result.item("prediction_changes").satisfies(
            lambda v: isinstance(v, (bool, np.bool_)), "un booléen (True ou False)",
            hint="prediction_changes vaut True ou False, pas une chaîne ni un nombre.")


# 1j

def softmax_partial_public(t: Trial) -> None:
    """softmax_partial(x, i, j) matches finite differences of S, on and off the diagonal, for moderate, spread and deep x."""
    for i, j, want in ((0, 0, 0.25), (0, 1, -0.25), (1, 0, -0.25), (1, 1, 0.25)):
        _example(t, "softmax_partial", (np.array([0.0, 0.0]), i, j), want,
                 hint="Le delta de Kronecker porte sur les indices i et j, pas sur les valeurs x_i et x_j."
                 if i != j else "")
    for x, pairs in ((X4, ((1, 1), (0, 2), (2, 0), (3, 1))), (XW, ((0, 2), (1, 1))), (XD, ((0, 2),))):
        expected = numeric_jacobian(handout_softmax, x - x.max())
        for i, j in pairs:
            t.call("softmax_partial", x, i, j).number().close_to(expected[i, j], rtol=0.0, atol=_fd(expected[i, j]),
                    what=f"dS(x)_{i} / dx_{j} estimée par différences finies", overflow=OVERFLOW,
                    hint="dS_i/dx_j = S_i (delta_ij - S_j) : sur la diagonale S_i (1 - S_i), ailleurs -S_i S_j.")


# 1k

def softmax_jacobian_public(t: Trial) -> None:
    """softmax_jacobian matches the finite-difference Jacobian for moderate, spread (XW) and deep (XD) logits."""
    _example(t, "softmax_jacobian", (np.array([0.0, 0.0]),), [[0.25, -0.25], [-0.25, 0.25]],
             hint="Le delta de Kronecker porte sur les indices i et j, pas sur les valeurs x_i et x_j.")
    for x in (X4, XW, XD):
        expected = numeric_jacobian(handout_softmax, x - x.max())
        t.call("softmax_jacobian", x).array(shape=(4, 4)).close_to(expected, rtol=0.0, atol=_fd(expected),
                overflow=OVERFLOW,
                what="la jacobienne du softmax estimée par différences finies",
                hint="Réécrivez 1j sous forme matricielle : le terme en delta_ij donne une matrice diagonale, "
                     "l'autre un produit extérieur ; n'oubliez pas les termes hors diagonale.")


# 1l

# grad_log_softmax is checked at u = 0 for x(u) = x + jac u, whose Jacobian is jac: a square non-symmetric one,
# a (4, 3) and a (3, 5) one, so that reading jac by columns, or transposing it, never goes unnoticed.
JAC_SQUARE = np.array([[1.0, -0.5, 0.25, 2.0], [0.0, 2.0, -1.0, 0.5], [-1.5, 0.5, 1.0, 0.0], [0.5, 3.0, -2.0, 1.0]])
JAC_TALL = np.array([[1.0, -0.5, 0.25], [0.0, 2.0, -1.0], [-1.5, 0.5, 1.0], [0.5, 0.0, -2.0]])
JAC_WIDE = np.array([[1.0, 0.0, -1.0, 2.0, 0.5], [-0.5, 1.5, 0.0, 1.0, -2.0], [2.0, -1.0, 0.5, 0.0, 1.0]])
X3 = np.array([-1.0, 0.5, 2.0])


def grad_log_softmax_public(t: Trial) -> None:
    """grad_log_softmax matches finite differences of u -> ln S(x + jac u)_i: square, tall and wide jac, spread and deep x."""
    _example(t, "grad_log_softmax", (np.array([0.0, 0.0]), np.eye(2), 0), [0.5, -0.5])
    calls = ((X4, JAC_SQUARE, 3), (X4, JAC_TALL, 0), (X3, JAC_WIDE, 2), (XW, JAC_TALL, 1), (XD, JAC_TALL, 2),
             (X4, JAC_SQUARE, 1))
    for x, jac, i in calls:
        moderate = x - x.max()
        expected = numeric_gradient(lambda u: float(np.log(handout_softmax(moderate + jac @ u))[i]),
                                    np.zeros(jac.shape[1]))
        t.call("grad_log_softmax", x, jac, i).array(shape=(jac.shape[1],)).close_to(expected, rtol=0.0,
                atol=_fd(expected),
                what=f"le gradient de ln S(x(u))_{i} par rapport à u, jac de forme {jac.shape}, "
                     "estimé par différences finies", overflow=OVERFLOW,
                hint="grad_u ln S_i = grad_u x_i - somme_j S_j grad_u x_j : la moyenne est pondérée par S, "
                     "et jac[j] est la ligne j (forme (n, p)).")


# 1m

def cross_entropy_grad_public(t: Trial) -> None:
    """cross_entropy_grad matches finite differences of -sum c_i ln S(x)_i: every class of X4, X3, spread and deep x."""
    _example(t, "cross_entropy_grad", (np.array([0.0, 0.0]), np.array([1.0, 0.0])), [-0.5, 0.5])
    calls = [(X4, label) for label in range(4)] + [(X3, 0), (XW, 0), (XW, 1), (XD, 2)]
    for x, label in calls:
        c = np.eye(x.size)[label]
        moderate = x - x.max()
        expected = numeric_gradient(lambda z: -float(np.log(handout_softmax(moderate + z))[label]), np.zeros(x.size))
        t.call("cross_entropy_grad", x, c).array(shape=x.shape).close_to(expected, rtol=0.0, atol=_fd(expected),
                overflow=OVERFLOW,
                what=f"le gradient de l'entropie croisée par rapport à x pour la classe {label}, "
                     "estimé par différences finies",
                hint="Appliquez 1l avec x(u) = u (jacobienne identité), puis utilisez que les c_i somment à 1.")
