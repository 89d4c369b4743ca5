"""Hidden grading cases of part 1 (questions 1a-1m): derivatives and relations between usual functions.

Every case builds its inputs so that each regime the mathematics tells apart
(negative, zero and positive values, moderate and saturated ones, square and
rectangular matrices, every class as the label) is present in every draw; the
seed only varies the values around them. Numerical stability is checked only
in the ``*_stable_hidden`` cases of the questions that ask for it (1d, 1f, 1g,
1h); elsewhere inputs stay where the handout's own formulas are computable in
float64, with spreads wide enough that a shift that overflows where the plain
formula does not (by the minimum, or adding the maximum) is caught.

Tolerances follow docs/tolerances.md: a result may differ from the stable
oracle by ULPS ulps of the magnitude of the quantities it is computed from
(the inputs, or 1 for probabilities), never less. Failures name the input that
disagrees and what the difference looks like, never an expected value.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checking import Result, Trial, float32_allowance, matches, preview, ulps

ULPS = 16.0  # docs/tolerances.md: a few ulps per operation of the longest correct formula


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
    return e / np.sum(e, axis=-1, keepdims=True)


def _tolerance(scale: Any) -> Any:
    """ULPS ulps of ``scale`` (at least 1), the magnitude of the quantities a result is computed from."""
    return ulps(np.maximum(1.0, np.abs(scale)), ULPS)


def _logit_tolerance(result: Result, scale: float) -> Any:
    """``_tolerance(scale)``, and for a float32 answer as many of float32's own ulps of ``scale``.

    docs/tolerances.md: the error of a softmax of logits of magnitude ``scale`` comes from rounding the logits,
    at the precision the answer was computed in; the check's own widening only knows the output's magnitude.
    """
    return _tolerance(scale) + float32_allowance(result.value, scale)


_FLOAT32_RANGE = ("Votre calcul passe par float32, qui arrondit à 0 les |x| inférieurs à 1e-45 et déborde au-delà "
                  "de 3e38 : gardez les valeurs en float64 (dtype=float).")


def _in_float32(x: np.ndarray) -> np.ndarray:
    """``x`` as float32 holds it: tiny magnitudes become 0, huge ones infinite (a known mistake's input)."""
    with np.errstate(over="ignore"):
        return x.astype(np.float32).astype(float)


def _layout(t: Trial, values: np.ndarray) -> np.ndarray:
    """``values`` (all kept) with random moderate fillers, shuffled into a random rectangular (r, c), r != c."""
    rows = int(t.rng.integers(2, 4))
    cols = max(-(-values.size // rows), rows + 1)
    filled = np.concatenate([values, t.rng.normal(0.0, 3.0, size=rows * cols - values.size)])
    shape = (rows, cols) if t.rng.random() < 0.5 else (cols, rows)
    return t.rng.permutation(filled).reshape(shape)


def _bands(t: Trial, *decades: tuple[float, float]) -> np.ndarray:
    """One negative and one positive value with magnitude in each band of decades [10^low, 10^high]."""
    magnitudes = np.array([10.0 ** t.rng.uniform(low, high) for low, high in decades for _ in (0, 1)])
    return magnitudes * np.tile([-1.0, 1.0], len(decades))


def _regimes(t: Trial, saturated: tuple[float, float]) -> np.ndarray:
    """Zero, values in (-1, 0) and (0, 1), moderate values of both signs, saturated ones of both signs."""
    low, high = saturated
    return np.concatenate([
        [0.0],
        t.rng.uniform(0.05, 1.0, size=2) * [-1.0, 1.0],
        t.rng.uniform(1.0, 4.0, size=2) * [-1.0, 1.0],
        t.rng.uniform(low, high, size=2) * [-1.0, 1.0],
    ])


def _extremes(t: Trial) -> np.ndarray:
    """Four values with |x| between 700 and 10^6, two of each sign: exp(|x|) overflows."""
    return 10.0 ** t.rng.uniform(np.log10(700.0), 6.0, size=4) * [-1.0, -1.0, 1.0, 1.0]


def _shift(t: Trial) -> float:
    """A large translation, of random sign, between 800 and 10^4."""
    return float(t.rng.choice([-1.0, 1.0]) * 10.0 ** t.rng.uniform(np.log10(800.0), 4.0))


def _logits(t: Trial, n: int) -> np.ndarray:
    """n distinct moderate logits with a negative, a zero and a positive one (so S(|x|) differs from S(x))."""
    x = np.concatenate([[-t.rng.uniform(0.5, 2.5), 0.0, t.rng.uniform(0.5, 2.5)], t.rng.normal(0.0, 1.5, size=n - 3)])
    return t.rng.permutation(x)


def _spread(t: Trial, n: int) -> np.ndarray:
    """n logits where the plain exp(x_i) is finite (x_i < 610) but exp(x - min x) and exp(x + max x) overflow.

    The spread exceeds 745 and the maximum 360, while n exp(max x) stays far below the float64 limit.
    """
    top = t.rng.uniform(360.0, 600.0)
    x = top + t.rng.normal(0.0, 1.0, size=n)
    x[int(t.rng.integers(n))] = top - t.rng.uniform(750.0, 800.0)
    return x


def _deep(t: Trial, n: int) -> np.ndarray:
    """n moderate logits but one below -750: its exp(x_i) rounds to 0, harmless in the plain formula.

    Shifting by max |x| (or by the minimum) then turns every term into 0 / 0, or overflows.
    """
    x = _logits(t, n)
    x[int(t.rng.integers(n))] = -t.rng.uniform(750.0, 800.0)
    return x


_SHIFT_OVERFLOW = ("Un calcul déborde (ou donne 0/0) alors que la formule de l'énoncé ne déborde pas ici : "
                   "si vous décalez x, soustrayez le maximum de x (ni le minimum, ni max |x|, ni + max).")


_DELTA_VALUES = "Le delta de Kronecker porte sur les indices i et j, pas sur les valeurs x_i et x_j (qui peuvent être égales)."


def _one_hot(n: int, label: int) -> np.ndarray:
    """The one-hot vector of ``label`` among n classes."""
    c = np.zeros(n)
    c[label] = 1.0
    return c


# 1a

_SIGN_AT_ZERO = "En 0 le signe vaut 0 : n'utilisez que des inégalités strictes, 1_{x > 0} - 1_{x < 0}."


def sign_hidden(t: Trial) -> None:
    """sign on a rectangular array with both zeros and tiny, moderate and huge values of both signs."""
    x = _layout(t, np.concatenate([_bands(t, (-320.0, -300.0), (-3.0, 3.0), (300.0, 308.0)), [0.0, -0.0]]))
    t.call("sign", x).array(shape=x.shape).close_to(np.sign(x), precise=True, rtol=0.0, atol=0.0, inputs=x,
            what="le signe de chaque élément (exactement zéro pour un zéro)",
            mistakes=((np.where(x >= 0, 1.0, -1.0), _SIGN_AT_ZERO), (np.where(x > 0, 1.0, -1.0), _SIGN_AT_ZERO),
                      ((x != 0).astype(float), "Vous comparez |x| à 0 : pour x < 0, le signe vaut -1."),
                      (np.sign(_in_float32(x)), _FLOAT32_RANGE)),
            hint="Le signe vaut -1, 0 ou +1 : n'utilisez que les comparaisons x > 0 et x < 0.",
            overflow="x / |x| n'est pas défini en zéro : n'utilisez que des comparaisons.")


# 1b

def relu_derivative_hidden(t: Trial) -> None:
    """relu_derivative equals the Heaviside step on nonzero values of every magnitude and both signs."""
    x = _layout(t, _bands(t, (-300.0, -200.0), (-2.0, 2.0), (200.0, 300.0)))
    t.call("relu_derivative", x).array(shape=x.shape).close_to((x > 0).astype(float), precise=True, rtol=0.0,
            atol=0.0, inputs=x,
            what="la fonction de Heaviside H(x) pour chaque élément non nul",
            mistakes=((np.maximum(0.0, x), "C'est ReLU elle-même, pas sa dérivée."),
                      (np.sign(x), "C'est la fonction signe : H vaut 0, et non -1, pour x < 0."),
                      (np.ones_like(x), "Vous renvoyez 1 aussi pour x < 0 : H est nulle à gauche de zéro."),
                      (np.heaviside(_in_float32(x), 0.5), _FLOAT32_RANGE)),
            hint="La pente de ReLU vaut 0 pour x < 0 et 1 pour x > 0 : ce n'est ni ReLU ni le signe.")


# 1c

def _relu_case(t: Trial, name: str, what: str, hint: str, suspects: Any) -> None:
    """``name`` equals max(0, x) exactly on huge, moderate and tiny values of both signs, and both zeros.

    ``suspects(x)`` gives the plausible wrong answers for x with their hints.
    """
    x = _layout(t, np.concatenate([_bands(t, (-300.0, -200.0), (-2.0, 2.0), (200.0, 300.0)), [0.0, -0.0]]))
    with np.errstate(over="ignore"):
        named = (*suspects(x), (np.maximum(0.0, _in_float32(x)), _FLOAT32_RANGE))
    t.call(name, x).array(shape=x.shape).close_to(np.maximum(0.0, x), precise=True, rtol=0.0, atol=0.0, inputs=x,
            what=what, hint=hint,
            mistakes=named)


def relu_product_hidden(t: Trial) -> None:
    """relu_product(x) = x H(x) equals max(0, x) on values of both signs, zeros included."""
    _relu_case(t, "relu_product", "x H(x) pour chaque élément",
               "H(x) garde x quand x est positif et l'annule quand x est négatif.",
               lambda x: ((np.abs(x), "x sign(x) = |x| : c'est H(x), et non sign(x), qui multiplie x."),
                          (np.heaviside(x, 0.5), "Il manque le facteur x : ReLU(x) = x H(x).")))


def relu_integral_hidden(t: Trial) -> None:
    """relu_integral(x), the integral of H up to x, equals max(0, x) on values of both signs."""
    negative = "Pour x < 0, l'intégrale de H jusqu'à x est nulle : H est nulle à gauche de zéro."
    _relu_case(t, "relu_integral", "l'intégrale de H de moins l'infini à x, pour chaque élément",
               "H est nulle à gauche de zéro et vaut un à droite : l'aire vaut 0 ou x.",
               lambda x: ((x, negative), (np.abs(x), negative),
                          (np.maximum(x, 0.0) ** 2 / 2, "C'est l'intégrale de t H(t) : intégrez H(t) seulement.")))


# 1d

_ABS_SIGMOID = "Vous calculez sigma(k |x|) : pour x < 0, la branche stable est exp(k x) / (1 + exp(k x))."


def steep_sigmoid_hidden(t: Trial) -> None:
    """steep_sigmoid is sigma(k x) for a moderate k, and for a small k with |x| in the thousands (k x moderate)."""
    k = float(t.rng.uniform(0.5, 4.0))
    x = _layout(t, _regimes(t, (20.0, 35.0)) / k)
    t.call("steep_sigmoid", x, k).array(shape=x.shape).close_to(_sigmoid(k * x), rtol=0.0, atol=_tolerance(1.0),
            inputs=x,
            what="la sigmoïde de k x", mistakes=((_sigmoid(k * np.abs(x)), _ABS_SIGMOID),),
            hint="k multiplie x à l'intérieur de l'exponentielle : a(x) = sigma(k x).")
    k = float(10.0 ** t.rng.uniform(-4.0, -3.0))
    x = t.rng.permutation(np.concatenate([t.rng.uniform(1.0, 5.0, size=2) * [-1.0, 1.0], [0.0]])) / k
    t.call("steep_sigmoid", x, k).array(shape=(3,)).close_to(_sigmoid(k * x), rtol=0.0, atol=_tolerance(1.0), inputs=x,
            what=f"la sigmoïde de k x pour un petit k ({k:.3g}) et de grands |x|",
            hint="Seul le produit k x compte : ne bornez jamais x seul, et bornez k|x| sans changer sa valeur "
                 "là où sigma n'est pas encore saturée.")


def steep_sigmoid_stable_hidden(t: Trial) -> None:
    """For a huge k, steep_sigmoid is finite and exact: k x of order one, huge, +-inf and 0, of both signs."""
    k = float(10.0 ** t.rng.uniform(100.0, 300.0))
    x = np.concatenate([
        t.rng.uniform(0.2, 3.0, size=2) * [-1.0, 1.0] / k,     # k x of order one
        _bands(t, (-3.0, 3.0)),                                # k x huge: the step
        [1e10, -1e10, 0.0],                                    # k x = +-inf, and 0
    ])
    x = t.rng.permutation(x)
    with np.errstate(over="ignore"):
        expected = _sigmoid(k * x)
    t.call("steep_sigmoid", x, k).array(shape=(7,)).close_to(expected, precise=True, rtol=0.0, atol=_tolerance(1.0),
            inputs=x,
            what=f"des valeurs finies et exactes de la sigmoïde de k x, pour k = {k:.3g}",
            mistakes=((_sigmoid(np.abs(x)), _ABS_SIGMOID),),
            hint="Pour k immense, a(x) vaut presque H(x), et sigma(k x) reste exacte là où k x est d'ordre un.",
            overflow="k x peut valoir ±inf et exp(k x) déborder : n'évaluez l'exponentielle que d'un argument "
                     "négatif ou nul.")


# 1e

def sigmoid_derivative_hidden(t: Trial) -> None:
    """sigmoid_derivative is sigma(1 - sigma) on a rectangular array of moderate and saturated values of both signs."""
    x = _layout(t, _regimes(t, (15.0, 35.0)))
    s = _sigmoid(x)
    t.call("sigmoid_derivative", x).array(shape=x.shape).close_to(s * (1.0 - s), rtol=0.0, atol=_tolerance(1.0),
            inputs=x,
            what="la dérivée de la sigmoïde",
            mistakes=((s, "C'est sigma elle-même : il manque le facteur 1 - sigma(x)."),),
            hint="Dérivez 1 / (1 + exp(-x)) puis exprimez le résultat avec sigma seulement.")


def sigmoid_jacobian_hidden(t: Trial) -> None:
    """sigmoid_jacobian is diag(sigma'(x)) for a vector of moderate and saturated values of both signs."""
    x = _regimes(t, (15.0, 35.0))
    x = t.rng.permutation(np.append(x, x[int(t.rng.integers(1,
            5))]))   # a repeated moderate entry: delta_ij is on indices
    n = x.size
    s = _sigmoid(x)
    d = s * (1.0 - s)
    result = t.call("sigmoid_jacobian", x).array(shape=(n, n))
    result.close_to(np.diag(d), rtol=0.0, atol=_tolerance(1.0),
            what="la jacobienne J[i, j] = delta_ij sigma'(x_i), diagonale",
            mistakes=((np.diag(s), "Sur la diagonale se trouve sigma'(x_i), pas sigma(x_i)."),
                      (d[:, None] * (x[:, None] == x[None, :]), _DELTA_VALUES),
                      (np.outer(d, d), "Le produit extérieur sigma' sigma'^T remplit les termes hors diagonale : "
                                       "sigma(x_i) ne dépend pas de x_j pour j différent de i."),
                      (np.outer(s, 1.0 - s), "sigma (1 - sigma)^T est un produit extérieur : la jacobienne est "
                                             "diagonale (delta de Kronecker).")),
            hint="sigma(x_i) ne dépend que de x_i : hors diagonale, la dérivée est nulle.")


# 1f

def log_sigmoid_hidden(t: Trial) -> None:
    """log_sigmoid equals ln sigma(x) on moderate and saturated values of both signs (|x| up to 40)."""
    x = _layout(t, _regimes(t, (16.0, 40.0)))
    t.call("log_sigmoid", x).array(shape=x.shape).close_to(-_softplus(-x), rtol=0.0, atol=_tolerance(x), inputs=x,
            what="ln sigma(x)",
            mistakes=((-_softplus(x), "C'est -softplus(x) : l'identité porte sur softplus(-x)."),
                      (-_softplus(-np.abs(x)), "Vous utilisez |x| : pour x négatif, ln sigma(x) vaut environ x.")),
            hint="ln sigma(x) = -ln(1 + exp(-x)).")


def log_sigmoid_stable_hidden(t: Trial) -> None:
    """log_sigmoid is finite and exact where exp(|x|) overflows: ln sigma(x) ~ x for x << 0 and ~ 0 for x >> 0."""
    x = t.rng.permutation(np.concatenate([_extremes(t), t.rng.uniform(0.5, 30.0, size=2) * [-1.0, 1.0]]))
    t.call("log_sigmoid", x).array(shape=(6,)).close_to(-_softplus(-x), precise=True, rtol=0.0, atol=_tolerance(x),
            inputs=x,
            what="ln sigma(x), fini et exact même pour de très grands |x|",
            mistakes=((-_softplus(x), "C'est -softplus(x) : l'identité porte sur softplus(-x)."),),
            hint="Pour x très négatif, ln sigma(x) = x - ln(1 + exp(x)) vaut presque x.",
            overflow="sigma(x) s'arrondit à zéro (ou exp(-x) déborde) : passez par -softplus(-x) calculé "
                     "sans exponentielle d'un argument positif.")


# 1g

def _softplus_values(t: Trial, x: np.ndarray, what: str, overflow: str = "", precise: bool = False) -> None:
    """softplus(x) >= 0, close to the oracle, and softplus(x) - softplus(-x) = x within the ulps of x."""
    tolerance = _tolerance(x)
    plus = t.call("softplus", x).array(shape=x.shape)
    plus.close_to(_softplus(x), precise=precise, rtol=0.0, atol=tolerance, inputs=x, what=what, overflow=overflow,
            mistakes=((_softplus(-x), "C'est softplus(-x) : vérifiez le signe dans l'exponentielle."),
                      (_softplus(np.abs(x)), "Vous calculez softplus(|x|) : pour x < 0, ln(1 + exp(x)) est "
                                             "inférieur à ln 2.")),
            hint="softplus(x) = ln(1 + exp(x)) est positive et vaut environ x pour x grand.")
    minus = t.call("softplus", -x).array(shape=x.shape)
    identity = Result(plus.value - minus.value, f"softplus(x) - softplus(-x) pour x = {preview(x)}")
    identity.close_to(x, precise=precise, rtol=0.0, atol=2.0 * tolerance, inputs=x,
            what="x (l'identité de la question)",
            hint="Le quotient (1 + exp(x)) / (1 + exp(-x)) vaut exp(x).")


def softplus_hidden(t: Trial) -> None:
    """softplus is ln(1 + e^x) on moderate and saturated values of both signs and satisfies the identity."""
    _softplus_values(t, _layout(t, _regimes(t, (16.0, 40.0))), "le softplus de x")


def softplus_stable_hidden(t: Trial) -> None:
    """softplus is finite, >= 0 and exact where exp(|x|) overflows, and satisfies the identity there."""
    x = t.rng.permutation(np.concatenate([_extremes(t), t.rng.uniform(0.5, 30.0, size=2) * [-1.0, 1.0]]))
    _softplus_values(t, x, "le softplus de x, fini et exact même pour de très grands |x|",
                     overflow="exp(x) déborde pour x grand : écrivez softplus(x) = max(x, 0) + ln(1 + exp(-|x|)).",
                     precise=True)


def softplus_derivative_hidden(t: Trial) -> None:
    """softplus_derivative is sigma(x) on values in (-1, 1), moderate and saturated ones, of both signs."""
    x = _layout(t, _regimes(t, (16.0, 40.0)))
    t.call("softplus_derivative", x).array(shape=x.shape).close_to(_sigmoid(x), rtol=0.0, atol=_tolerance(1.0),
            inputs=x,
            what="la dérivée de softplus, sigma(x)",
            mistakes=((_sigmoid(-x), "C'est sigma(-x) : un signe s'est perdu en dérivant ln(1 + exp(x))."),
                      (_sigmoid(np.abs(x)), "C'est sigma(|x|) : pour x négatif, la dérivée est inférieure à 1/2."),
                      (np.where(x >= 0, _sigmoid(x), np.exp(-np.abs(x))),
                       "Pour x < 0, sigma(x) = exp(x) / (1 + exp(x)) : le dénominateur manque.")),
            hint="Dérivez l'identité softplus(x) - softplus(-x) = x, ou ln(1 + exp(x)) directement.")


def softplus_derivative_stable_hidden(t: Trial) -> None:
    """softplus_derivative is finite, in [0, 1] and exact where exp(|x|) overflows."""
    x = t.rng.permutation(np.concatenate([_extremes(t), t.rng.uniform(0.05, 3.0, size=2) * [-1.0, 1.0]]))
    t.call("softplus_derivative", x).array(shape=(6,)).close_to(_sigmoid(x), precise=True, rtol=0.0,
            atol=_tolerance(1.0), inputs=x,
            what="la dérivée de softplus, finie même pour de très grands |x|",
            mistakes=((_sigmoid(np.abs(x)), "C'est sigma(|x|) : pour x négatif, la dérivée est presque nulle."),),
            hint="Pour x très négatif la dérivée vaut presque 0, pour x très positif presque 1.",
            overflow="exp(x) / (1 + exp(x)) donne inf / inf : utilisez une forme qui n'exponentie que -|x|.")


# 1h

_ABS_SOFTMAX = "Vous prenez le softmax de |x| : un logit négatif garde son signe."


def softmax_hidden(t: Trial) -> None:
    """softmax on moderate logits, S(x + c) = S(x) for a moderate c, row-wise on a rectangular and a square batch."""
    n = int(t.rng.integers(3, 7))
    x = _logits(t, n)
    expected = _softmax(x)
    t.call("softmax", x).array(shape=(n,)).close_to(expected, rtol=0.0, atol=_tolerance(np.abs(x).max()),
            what="le softmax de x", mistakes=((_softmax(np.abs(x)), _ABS_SOFTMAX),),
            hint="Chaque exponentielle est divisée par la somme de toutes les exponentielles.")
    shifted = x + t.rng.choice([-1.0, 1.0]) * t.rng.uniform(1.0, 20.0)
    t.call("softmax", shifted).array(shape=(n,)).close_to(_softmax(shifted), rtol=0.0,
            atol=_tolerance(np.abs(shifted).max()),
            what="S(x + c) = S(x) pour une constante c (invariance par translation)",
            hint="Le facteur exp(c) se simplifie entre le numérateur et le dénominateur.")
    single = np.array([t.rng.normal(0.0, 3.0)])
    t.call("softmax", single).array(shape=(1,)).close_to([1.0], rtol=0.0, atol=_tolerance(1.0),
            what="le softmax d'un vecteur à une seule composante", hint="Une seule classe a toute la probabilité.")
    for rows in (n + 1, n, 1):
        batch = np.stack([_logits(t, n) for _ in range(rows)])
        t.call("softmax", batch).array(shape=batch.shape).close_to(_softmax(batch), rtol=0.0,
                atol=_tolerance(np.abs(batch).max()),
                what=f"le softmax de chaque ligne d'un lot de forme {batch.shape}",
                hint="Pour un lot, le softmax se calcule sur le dernier axe (axis=-1), ligne par ligne.")


def softmax_stable_hidden(t: Trial) -> None:
    """softmax is finite and exact after a large shift, for a spread beyond 745, on a square batch of far-apart rows."""
    n = int(t.rng.integers(3, 7))
    x = _logits(t, n)
    x[int(t.rng.integers(n))] = x.min() - t.rng.uniform(750.0, 1000.0)   # exp(x - min) overflows
    x = x + _shift(t)
    overflow = ("Une exponentielle déborde : soustrayez le maximum de chaque ligne (pas le minimum ni un maximum "
                "global) avant l'exponentielle.")
    t.call("softmax", x).array(shape=(n,)).close_to(_softmax(x), precise=True, rtol=0.0,
            atol=_tolerance(np.abs(x).max()), overflow=overflow,
            what="S(x) fini et exact pour des entrées très grandes et très écartées",
            hint="Le softmax est invariant par translation : S(x - max x) = S(x).")
    offsets = _shift(t) + 1000.0 * t.rng.permutation(n)                  # rows 1000 apart: one shift per row
    batch = np.stack([_logits(t, n) for _ in range(n)]) + offsets[:, None]
    t.call("softmax", batch).array(shape=(n, n)).close_to(_softmax(batch), precise=True, rtol=0.0,
            atol=_tolerance(np.abs(batch).max()),
            overflow=overflow, what="le softmax de chaque ligne d'un lot dont les lignes sont très éloignées",
            hint="Chaque ligne a sa propre constante : soustrayez le maximum de la ligne (keepdims=True).")


# 1i

_SCALING_HINTS = {
    "plus_piquee": "Pour alpha > 1, les écarts alpha x_i - alpha x_j grandissent : la distribution se concentre.",
    "plus_uniforme": "Pour alpha < 1, les écarts alpha x_i - alpha x_j rétrécissent : la distribution s'aplatit.",
    "inchangee": "Pour alpha = 1, S(alpha x) = S(x) : rien ne change.",
}


def scaling_distribution_hidden(t: Trial) -> None:
    """The distribution label for alpha just above 1, far above 1, just below 1, far below 1, and alpha = 1."""
    cases = [(1.0 + float(t.rng.uniform(1e-3, 0.1)), "plus_piquee"), (float(t.rng.uniform(2.0, 50.0)), "plus_piquee"),
             (1.0 - float(t.rng.uniform(1e-3, 0.1)), "plus_uniforme"),
             (float(t.rng.uniform(1e-3, 0.5)), "plus_uniforme"),
             (1.0, "inchangee")]
    for index in t.rng.permutation(len(cases)):
        alpha, distribution = cases[int(index)]
        t.call("scaling_effect", alpha).item("distribution").equals(
            distribution, what="l'effet de ce facteur alpha sur la distribution du softmax",
            hint=_SCALING_HINTS[distribution],
        )


def scaling_prediction_hidden(t: Trial) -> None:
    """prediction_changes is False for every alpha > 0: scaling keeps the order of the logits."""
    for alpha in t.rng.permutation([float(t.rng.uniform(1.001, 50.0)), float(t.rng.uniform(1e-3, 0.999)), 1.0]):
        t.call("scaling_effect", float(alpha)).item("prediction_changes").satisfies(
            lambda v: isinstance(v, (bool, np.bool_)), "un booléen (True ou False)",
            hint="prediction_changes vaut True ou False, pas un nombre ni une chaîne.").equals(
            False, what="si la classe prédite (l'argmax) peut changer",
            hint="Multiplier par un alpha positif préserve l'ordre des composantes, donc l'argmax.",
        )


# 1j

def _partial(s: np.ndarray, row: int, col: int) -> float:
    """S_row (delta_row,col - S_col) from the probabilities S."""
    return float(s[row] * (float(row == col) - s[col]))


def softmax_partial_hidden(t: Trial) -> None:
    """softmax_partial is S_i (delta_ij - S_j) off and on the diagonal: moderate, spread and deep logits."""
    n = int(t.rng.integers(3, 7))
    i, j, k = (int(v) for v in t.rng.choice(n, size=3, replace=False))
    tied = _logits(t, n)
    tied[j] = tied[i]   # x_i = x_j with i != j: the delta is on the indices, not on the values
    for x, pairs in ((_logits(t, n), ((i, j), (j, i), (k, k))), (tied, ((i, j), (i, i))),
                     (_spread(t, n), ((i, j), (j, j))), (_deep(t, n), ((i, j),))):
        s = _softmax(x)
        for row, col in pairs:
            expected = _partial(s, row, col)
            result = t.call("softmax_partial", x, row, col).number()
            result.close_to(expected, rtol=0.0, atol=_logit_tolerance(result, np.abs(x).max()),
                    what=f"la dérivée partielle dS_{row} / dx_{col}",
                    mistakes=((_partial(_softmax(np.abs(x)), row, col), _ABS_SOFTMAX),
                              (s[row] * (float(row == col) - s[row]),
                               "Vous utilisez S_i (delta_ij - S_i) : le second facteur porte sur S_j."),
                              (-s[row] * s[col],
                               "Le delta de Kronecker manque : sur la diagonale, dS_i/dx_i = S_i (1 - S_i)."),
                              (s[row] * (float(x[row] == x[col]) - s[col]), _DELTA_VALUES)),
                    hint="dS_i/dx_j = S_i (delta_ij - S_j) ; vérifiez quel indice va où.",
                    overflow=_SHIFT_OVERFLOW)


# 1k

def softmax_jacobian_hidden(t: Trial) -> None:
    """softmax_jacobian is diag(S) - S S^T for moderate logits, a spread beyond 745 and a logit below -750."""
    n = int(t.rng.integers(3, 7))
    tied = _logits(t, n)
    tied[int(t.rng.integers(1, n))] = tied[0]   # equal logits: the delta is on the indices, not on the values
    for x in (_logits(t, n), tied, _spread(t, n), _deep(t, n)):
        s = _softmax(x)
        result = t.call("softmax_jacobian", x).array(shape=(n, n))
        tolerance = _logit_tolerance(result, np.abs(x).max())
        hint = "Mettez S_i (delta_ij - S_j) sous forme matricielle : diag(S) et un produit extérieur."
        if matches(np.diag(result.value), s * (1.0 - s), 0.0, tolerance):
            hint = "La diagonale S_i (1 - S_i) est juste, mais pas les termes hors diagonale -S_i S_j."
        result.close_to(np.diag(s) - np.outer(s, s), rtol=0.0, atol=tolerance, what="la jacobienne du softmax",
                hint=hint,
                mistakes=((np.diag(s * (1.0 - s)), "Seule la diagonale est remplie : il manque les termes -S_i S_j."),
                          (s[:, None] * ((x[:, None] == x[None, :]) - s[None, :]), _DELTA_VALUES)),
                overflow=_SHIFT_OVERFLOW)


# 1l

def grad_log_softmax_hidden(t: Trial) -> None:
    """jac[i] - S^T jac for a square non-symmetric jac, (n, p) with p > n and p < n, spread and deep logits."""
    n = int(t.rng.integers(3, 6))
    square = t.rng.normal(0.0, 1.0, size=(n, n)) + np.triu(np.full((n, n), 1.5), 1)   # never symmetric
    wide = t.rng.normal(0.0, 1.0, size=(n, n + int(t.rng.integers(1, 3))))
    tall = t.rng.normal(0.0, 1.0, size=(n, n - 1))
    calls = ((_logits(t, n), square), (_logits(t, n), wide), (_logits(t, n), tall), (_spread(t, n), wide),
             (_deep(t, n), tall))
    for x, jac in calls:
        i = int(t.rng.integers(n))
        s = _softmax(x)
        suspects: list[tuple[Any, str]] = [
            (jac[i] - jac.mean(axis=0), "Vous soustrayez la moyenne uniforme des gradients : elle doit être "
                                        "pondérée par S(x)."),
            (s[i] * (jac[i] - s @ jac), "C'est le gradient de S_i, pas de ln S_i : le facteur S_i est de trop."),
            (jac[i] - _softmax(np.abs(x)) @ jac, "Vous pondérez par S(|x|) : un logit négatif garde son signe."),
        ]
        if jac.shape[0] == jac.shape[1]:
            column = "Vous lisez la colonne i de jac au lieu de la ligne i : jac[j] est le gradient de x_j."
            suspects += [(jac[:, i] - jac @ s, column), (jac[:, i] - jac.T @ s, column),
                         (jac[i] - jac @ s, "Vous calculez jac S au lieu de S^T jac : la somme porte sur les "
                                            "lignes j de jac (forme (n, p)).")]
        result = t.call("grad_log_softmax", x, jac, i).array(shape=(jac.shape[1],))
        result.close_to(jac[i] - s @ jac,
                rtol=0.0, atol=_logit_tolerance(result, np.abs(x).max() * np.abs(jac).max()), mistakes=tuple(suspects),
                what=f"le gradient de ln S(x(u))_{i} par rapport à u, pour jac de forme {jac.shape}",
                hint="grad_u x_i moins l'espérance des grad_u x_j sous la loi S(x) ; jac[j] est la ligne j.",
                overflow=_SHIFT_OVERFLOW)


# 1m

def cross_entropy_grad_hidden(t: Trial) -> None:
    """S(x) - c with every class as the label on moderate logits, and on spread and deep logits."""
    n = int(t.rng.integers(3, 6))
    x = _logits(t, n)
    far, deep = _spread(t, n), _deep(t, n)
    calls = [(x, label) for label in range(n)] + [(far, int(np.argmin(far))), (far, int(np.argmax(far))),
                                                  (deep, int(np.argmin(deep)))]
    for logits, label in calls:
        s = _softmax(logits)
        c = _one_hot(n, label)
        result = t.call("cross_entropy_grad", logits, c).array(shape=(n,))
        result.close_to(s - c, rtol=0.0, atol=_logit_tolerance(result, np.abs(logits).max()),
                what=f"le gradient de l'entropie croisée par rapport à x, pour la classe {label}",
                mistakes=((c - s, "Le signe est inversé : c - S(x) est le gradient de ln S_y, pas de la perte."),
                          (-c / np.where(s > 0, s, 1.0), "C'est le gradient par rapport à y = S(x), pas à x."),
                          ((s - 1.0) * c,
                           "Seule la composante de la vraie classe est remplie : les autres valent S_i."),
                          (_softmax(np.abs(logits)) - c, _ABS_SOFTMAX)),
                hint="Appliquez 1l avec x(u) = u (jacobienne identité), puis utilisez que les c_i somment à 1.",
                overflow=_SHIFT_OVERFLOW)
