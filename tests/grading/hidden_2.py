"""Hidden grading cases of part 2: gradients of a one-hidden-layer MLP.

Inputs are drawn from ``t.rng`` but every draw covers, by construction, each
regime the mathematics distinguishes: a rectangular and a square
non-symmetric matrix (so that any transposition shows), negative, zero and
positive pre-activations, every class as the label. Where a plausible mistake
could agree with the right answer by chance, the draw is redone until it
cannot. The oracles (``_``-prefixed) are exact closed forms; failure messages
never contain an expected value, and their hint names the mistake the value
matches when it matches a known one. Stability is graded in the public
``*_stable`` cases only: the inputs here are moderate.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checking import Result, Trial, float32_allowance, normalise, ulps, where_wrong

# Tolerances (docs/tolerances.md): `count` ulps of the magnitude `scale` of the intermediates
# (16, or 4 x the inner dimension of a product), plus RTOL for formulas taking another route than
# the oracle. Every mistake below differs by more than SEPARATION, which the draws enforce.
RTOL = 1e-9
SEPARATION = 1e-3
KEYS = ("W1", "b1", "W2", "b2")

TRANSPOSE = "Vous utilisez la transposée de la matrice (ou de son rôle) : vérifiez quel indice parcourt les lignes."
SIGN = "Le résultat a le mauvais signe."
ABSOLUTE = "Vous avez pris la valeur absolue de l'entrée : le résultat est faux pour les entrées négatives."


# --- private oracles ---------------------------------------------------------------------------

def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def _softplus(z):
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _nll(o_a, y) -> float:
    o_a = np.asarray(o_a, dtype=float)
    return float(np.logaddexp.reduce(o_a) - o_a[y])


def _grad_oa(o_a, y) -> np.ndarray:
    g = _softmax(o_a)
    g[y] -= 1.0
    return g


# --- adversarial draws -------------------------------------------------------------------------

def _apart(truth: Any, *wrongs: Any) -> bool:
    """No mistake's value is within SEPARATION of the truth (values of another shape are apart)."""
    truth = np.asarray(truth, dtype=float)
    for wrong in wrongs:
        wrong = np.asarray(wrong, dtype=float)
        if wrong.shape == truth.shape and np.max(np.abs(wrong - truth), initial=0.0) < SEPARATION:
            return False
    return True


def _sizes(rng: np.random.Generator, square: bool) -> tuple[int, int, int]:
    """d, d_h, m: all equal (square matrices) or pairwise different; d_h >= 3 for three regimes."""
    if square:
        n = int(rng.integers(3, 6))
        return n, n, n
    d, m = (int(v) for v in rng.choice([2, 4, 6, 7], size=2, replace=False))
    d_h = int(rng.choice([v for v in (3, 5) if v not in (d, m)]))
    return d, d_h, m


def _regimes(rng: np.random.Generator, n: int, scale: float = 3.0) -> np.ndarray:
    """n values: one negative, one zero, one positive (moderate), the rest random, shuffled."""
    fixed = [-rng.uniform(0.5, scale), 0.0, rng.uniform(0.5, scale)]
    return rng.permutation(np.concatenate([fixed, rng.uniform(-scale, scale, size=n - 3)]))


def _signed(rng: np.random.Generator, n: int) -> np.ndarray:
    """n >= 2 values with magnitudes in [0.5, 2] (none close to zero), at least one of each sign."""
    signs = rng.permutation(np.concatenate([[-1.0, 1.0], rng.choice([-1.0, 1.0], size=n - 2)]))
    return signs * rng.uniform(0.5, 2.0, size=n)


def _network(rng: np.random.Generator, square: bool) -> dict:
    """A moderate network whose h^a has the three regimes; when square, W1 and W2 are far from symmetric."""
    while True:
        d, d_h, m = _sizes(rng, square)
        x = rng.normal(size=d)
        w1 = rng.normal(scale=0.8, size=(d_h, d))
        h_a = _regimes(rng, d_h)
        b1 = h_a - w1 @ x
        w2 = rng.normal(scale=0.8, size=(m, d_h))
        b2 = rng.normal(scale=0.5, size=m)
        h_s = _softplus(h_a)
        net = {"x": x, "W1": w1, "b1": b1, "W2": w2, "b2": b2, "d": d, "d_h": d_h, "m": m,
               "h_a": h_a, "h_s": h_s, "o_a": w2 @ h_s + b2}
        if not square or _apart(w1 @ x, w1.T @ x) and _apart(w2 @ h_s, w2.T @ h_s):
            return net


def _square_nonsymmetric(rng: np.random.Generator, n: int, *vectors: np.ndarray) -> np.ndarray:
    """A random n x n matrix A, apart from A^T, with A v and A^T v apart for every given v."""
    while True:
        a = rng.normal(size=(n, n))
        if _apart(a, a.T) and all(_apart(a @ v, a.T @ v) for v in vectors):
            return a


def _shape_is(*shapes):
    return lambda value: normalise(value) in shapes


# --- checks that name the mistake --------------------------------------------------------------

def _expect(result: Result, want: Any, *, what: str, hint: str = "", scale: Any = 1.0, count: int = 16,
            mistakes: tuple[tuple[Any, str], ...] = (), factors: dict[str, float] | None = None) -> Result:
    """``result`` equals ``want`` within the tolerance policy; a known mistake's value gets that mistake's hint.

    A float32 answer may also be off by 64 of its own ulps of ``scale``, the magnitude of the intermediates
    (docs/tolerances.md; the check's own widening only knows the magnitude of the result).
    """
    atol = ulps(scale, max(count, 16)) + float32_allowance(result.value, scale)
    return result.close_to(want, rtol=RTOL, atol=atol, what=what, hint=hint, mistakes=mistakes, factors=factors)


# --- 2a ----------------------------------------------------------------------------------------

def b1_shape_hidden(t: Trial) -> None:
    """b1_shape gives (d_h,) (or (d_h, 1)) for other sizes, d != d_h."""
    for _ in range(2):
        d, d_h = (int(v) for v in t.rng.choice(np.arange(2, 60), size=2, replace=False))
        t.call("b1_shape", d, d_h).satisfies(
            _shape_is((d_h,), (d_h, 1)), "la forme de b1 : une composante par unité cachée",
            hint="b1 s'ajoute à W1 x : quelle est la dimension de W1 x ?")


def hidden_layer_hidden(t: Trial) -> None:
    """hidden_layer returns W1 x + b1 and its softplus, for a rectangular and a square W1, h^a of both signs."""
    for square in (True, False):
        net = _network(t.rng, square)
        x, w1, b1, h_a = net["x"], net["W1"], net["b1"], net["h_a"]
        scale = np.abs(w1) @ np.abs(x) + np.abs(b1)
        result = t.call("hidden_layer", x.copy(), w1.copy(), b1.copy())
        wrong_a = ((w1 @ x, "Le biais b1 manque dans h^a."),)
        if square:
            wrong_a += ((w1.T @ x + b1, TRANSPOSE),)
        _expect(result.item(0).array(shape=(net["d_h"],)), h_a, what="h^a = W1 x + b1", scale=scale, count=4 * net["d"],
                mistakes=wrong_a)
        _expect(result.item(1).array(shape=(net["d_h"],)), _softplus(h_a), what="h^s = softplus(h^a)",
                scale=scale, count=4 * net["d"],
                hint="h^s_j = ln(1 + exp(h^a_j)).",
                mistakes=((np.maximum(h_a, 0.0), "C'est ReLU(h^a) : la non-linéarité demandée est softplus."),
                          (_softplus(np.abs(h_a)), ABSOLUTE),
                          (_softplus(-h_a), "C'est softplus(-h^a) : erreur de signe dans la forme stable.")))


# --- 2b ----------------------------------------------------------------------------------------

def w2_shape_hidden(t: Trial) -> None:
    """output_shapes(d_h, m)[0] is (m, d_h) for other sizes, d_h != m."""
    for _ in range(2):
        d_h, m = (int(v) for v in t.rng.choice(np.arange(2, 60), size=2, replace=False))
        t.call("output_shapes", d_h, m).item(0, f"output_shapes({d_h}, {m})[0]").satisfies(
            _shape_is((m, d_h)), "la forme de W2", hint="W2 envoie h^s (d_h composantes) sur o^a (m composantes).")


def b2_shape_hidden(t: Trial) -> None:
    """output_shapes(d_h, m)[1] is (m,) (or (m, 1)) for other sizes, d_h != m."""
    for _ in range(2):
        d_h, m = (int(v) for v in t.rng.choice(np.arange(2, 60), size=2, replace=False))
        t.call("output_shapes", d_h, m).item(1, f"output_shapes({d_h}, {m})[1]").satisfies(
            _shape_is((m,), (m, 1)), "la forme de b2", hint="b2 a une composante par classe.")


def output_preactivation_hidden(t: Trial) -> None:
    """output_preactivation returns W2 h^s + b2, for a rectangular and a square W2."""
    for square in (True, False):
        net = _network(t.rng, square)
        h_s, w2, b2 = net["h_s"], net["W2"], net["b2"]
        mistakes = ((w2 @ h_s, "Le biais b2 manque."),
                    (w2 @ _softplus(h_s) + b2, "softplus est appliquée deux fois : h^s en est déjà la sortie."))
        if square:
            mistakes += ((w2.T @ h_s + b2, TRANSPOSE),)
        _expect(t.call("output_preactivation", h_s.copy(), w2.copy(), b2.copy()).array(shape=(net["m"],)),
                net["o_a"], what="o^a = W2 h^s + b2", scale=np.abs(w2) @ h_s + np.abs(b2), count=4 * net["d_h"],
                hint="o^a_k = sum_j W2[k, j] h^s_j + b2_k : h^s est déjà la sortie de softplus.", mistakes=mistakes)


# --- 2c ----------------------------------------------------------------------------------------

def forward_hidden(t: Trial) -> None:
    """forward returns the softmax outputs of a moderate network, rectangular and square."""
    for square in (True, False):
        net = _network(t.rng, square)
        x, w1, b1, w2, b2 = (net[k] for k in ("x", "W1", "b1", "W2", "b2"))
        mistakes = ((_sigmoid(net["o_a"]), "Ce sont des sigmoïdes élément par élément, pas un softmax."),
                    (_softmax(w2 @ np.maximum(net["h_a"], 0.0) + b2),
                            "La couche cachée utilise ReLU au lieu de softplus."))
        if square:
            mistakes += ((_softmax(w2 @ _softplus(w1.T @ x + b1) + b2), "W1 est utilisée transposée."),
                         (_softmax(w2.T @ net["h_s"] + b2), "W2 est utilisée transposée."))
        result = t.call("forward", x.copy(), w1.copy(), b1.copy(), w2.copy(), b2.copy()).array(shape=(net["m"],))
        result.satisfies(lambda o: np.all(o >= 0), "des probabilités positives",
                         hint="Le softmax divise chaque exp(o^a_k), positive, par la somme de toutes les exponentielles.")
        result.derived(np.sum(result.value)).close_to(
            1.0, rtol=0.0, atol=1e-9, what="des probabilités de somme 1",
            hint="Le softmax divise chaque exp(o^a_k) par la somme de toutes les exponentielles.")
        _expect(result, _softmax(net["o_a"]), what="o^s = softmax(W2 softplus(W1 x + b1) + b2)", mistakes=mistakes)


# --- 2d ----------------------------------------------------------------------------------------

def binary_logit_hidden(t: Trial) -> None:
    """binary_logit(o_a) is o_a[1] - o_a[0], once with o_a[0] < 0 and o_a[1] > o_a[0], once the other way round."""
    for low, high in t.rng.permutation([[0, 1], [1, 0]]):
        o_a = np.empty(2)
        o_a[low] = -t.rng.uniform(0.5, 3.0)
        o_a[high] = o_a[low] + t.rng.uniform(0.5, 4.0)
        z = o_a[1] - o_a[0]
        _expect(t.call("binary_logit", o_a.copy()).number(), z, what="le z tel que sigma(z) = softmax(o^a)[1]",
                scale=float(np.max(np.abs(o_a))),
                hint="Divisez numérateur et dénominateur de softmax(o^a)[1] par exp(o^a_1).",
                mistakes=((-z, "C'est le logit de la classe 0 : inversez la différence."),
                          (o_a[1], "o^a_1 seul ne suffit pas : seule la différence des deux logits compte."),
                          (abs(z), "Une valeur absolue fausse le signe de z.")))


# --- 2e ----------------------------------------------------------------------------------------

def _binary(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Moderate logits: for each label, values below -1, in (-1, 0), 0, in (0, 1) and above 1; then two random."""
    a = np.concatenate([[-rng.uniform(1.0, 4.0), -rng.uniform(0.1, 0.9), 0.0, rng.uniform(0.1, 0.9),
                         rng.uniform(1.0, 4.0)] for _ in range(2)] + [rng.uniform(-4.0, 4.0, size=2)])
    y = np.array([0.0] * 5 + [1.0] * 5 + [*rng.integers(2, size=2)])
    order = rng.permutation(12)
    return a[order], y[order]


def mse_loss_hidden(t: Trial) -> None:
    """mse_loss is (sigma(a) - y)^2 elementwise, every sign of a with every label."""
    a, y = _binary(t.rng)
    s = _sigmoid(a)
    result = t.call("mse_loss", a.copy(), y.copy()).array(shape=(12,))
    _expect(result, (s - y) ** 2, what="l'erreur quadratique élément par élément",
            hint=where_wrong(result.value, (s - y) ** 2, a, "(sigma(a) - y)^2, élément par élément."),
            mistakes=(((a - y) ** 2, "La perte porte sur sigma(a), pas sur a."),
                      (0.5 * (s - y) ** 2, "Pas de facteur 1/2 dans cette convention."),
                      ((s - (1 - y)) ** 2, "L'étiquette est inversée (1 - y au lieu de y).")))


def mse_grad_hidden(t: Trial) -> None:
    """mse_grad is 2 (sigma(a) - y) sigma'(a) elementwise, every sign of a with every label."""
    a, y = _binary(t.rng)
    s = _sigmoid(a)
    want = 2 * (s - y) * s * (1 - s)
    _expect(t.call("mse_grad", a.copy(), y.copy()).array(shape=(12,)), want,
            what="la dérivée de l'erreur quadratique par rapport à a",
            hint="Règle de la chaîne : dérivée du carré, puis de sigma.",
            mistakes=((2 * (s - y), "Il manque le facteur sigma'(a) de la règle de la chaîne."),
                      (want / 2, "Il manque le facteur 2 de la dérivée du carré."),
                      (-want, SIGN),
                      (2 * (_sigmoid(np.abs(a)) - y) * s * (1 - s), ABSOLUTE)))


# --- 2f ----------------------------------------------------------------------------------------

def bce_loss_hidden(t: Trial) -> None:
    """bce_loss is the binary cross-entropy of moderate logits, every sign with every label."""
    a, y = _binary(t.rng)
    want = _softplus(a) - y * a
    _expect(t.call("bce_loss", a.copy(), y.copy()).array(shape=(12,)), want,
            what="l'entropie croisée binaire élément par élément",
            mistakes=((_softplus(a) + y * a, "Erreur de signe : -ln sigma(a) = softplus(-a) = softplus(a) - a."),
                      (_softplus(-a), "Le terme de l'étiquette 0 manque : -(1 - y) ln(1 - sigma(a))."),
                      (_softplus(a) - (1 - y) * a, "L'étiquette est inversée (1 - y au lieu de y).")))


def bce_grad_hidden(t: Trial) -> None:
    """bce_grad is sigma(a) - y elementwise, every sign of a with every label."""
    a, y = _binary(t.rng)
    s = _sigmoid(a)
    _expect(t.call("bce_grad", a.copy(), y.copy()).array(shape=(12,)), s - y,
            what="la dérivée de l'entropie croisée par rapport à a",
            mistakes=((y - s, SIGN), (_sigmoid(np.abs(a)) - y, ABSOLUTE),
                      ((s - y) * s * (1 - s), "Un facteur sigma'(a) de trop : ln sigma se dérive en 1 - sigma.")))


# --- 2g ----------------------------------------------------------------------------------------

def gradient_ratio_hidden(t: Trial) -> None:
    """gradient_ratio is 2 sigma(a)(1 - sigma(a)) for moderate logits of both signs and zero."""
    a = _regimes(t.rng, 6, scale=5.0)
    s = _sigmoid(a)
    want = 2 * s * (1 - s)
    _expect(t.call("gradient_ratio", a.copy()).array(shape=(6,)), want,
            what="le rapport des gradients des deux pertes",
            hint="Simplifiez |dL_MSE/da| / |dL_CE/da| : le rapport ne dépend plus de y.",
            mistakes=((want / 2, "Il manque le facteur 2 du gradient de l'erreur quadratique."),
                      (1 / want, "C'est le rapport inverse : |dL_CE/da| / |dL_MSE/da|.")))


def preferred_loss_hidden(t: Trial) -> None:
    """preferred_loss names the cross-entropy, whose gradient does not vanish when sigma saturates."""
    t.call("preferred_loss").equals(
        "entropie_croisee", what="la perte à préférer (\"entropie_croisee\" ou \"erreur_quadratique\")",
        hint="Quand sigma(a) sature du mauvais côté, lequel des deux gradients reste grand ?")


# --- 2h ----------------------------------------------------------------------------------------

def nll_from_logits_hidden(t: Trial) -> None:
    """nll_from_logits is -log softmax(o_a)[y] for moderate logits, every class as the label."""
    m = int(t.rng.integers(3, 7))
    o_a = t.rng.normal(scale=2.0, size=m)
    o_a += t.rng.choice([-1.0, 1.0]) * t.rng.uniform(1.0, 4.0) - o_a.max()   # a maximum of 1 to 4 in magnitude
    for y in range(m):
        want = _nll(o_a, y)
        _expect(t.call("nll_from_logits", o_a.copy(), y).number(), want, what="-log softmax(o^a)[y]",
                scale=float(np.max(np.abs(o_a))),
                mistakes=((-want, "C'est ln o^s_y : la perte est son opposé."),
                          (want - o_a.max(), "Le maximum soustrait avant l'exponentielle doit être rajouté : "
                                             "ln somme_k exp(o_k) = max + ln somme_k exp(o_k - max)."),
                          (_nll(o_a, (y - 1) % m),
                                  "L'indice de la classe est décalé : les classes vont de 0 à m - 1.")))


# --- 2i ----------------------------------------------------------------------------------------

def n_parameters_hidden(t: Trial) -> None:
    """n_parameters counts the weights and biases for pairwise different sizes, and at a real network's scale.

    The last draw has an image input (side 160 to 256, three channels) and thousands of hidden units: its
    count exceeds 2^31, so a count in 32-bit integers wraps.
    """
    draws = [tuple(int(v) for v in t.rng.choice(np.arange(2, 200), size=3, replace=False)) for _ in range(2)]
    side = int(t.rng.integers(160, 257))
    draws.append((3 * side * side, int(t.rng.integers(2 ** 31 // (3 * side * side) + 1, 30000)),
                  int(t.rng.integers(10, 1001))))
    for d, d_h, m in draws:
        count = d_h * d + d_h + m * d_h + m
        wrapped = (count + 2 ** 31) % 2 ** 32 - 2 ** 31
        result = t.call("n_parameters", d, d_h, m).integer()
        mistakes = ((d_h * d + m * d_h, "Les biais b1 et b2 manquent dans le compte."),
                    (d_h * d + d + m * d_h + d_h,
                     "Chaque biais a autant de composantes que la sortie de sa couche (d_h, puis m)."),
                    (d_h * d + d_h + m * d_h + d_h, "b2 a m composantes, une par classe."))
        if wrapped != count:
            mistakes += ((wrapped, "Ce compte dépasse la capacité d'un entier 32 bits : calculez avec des entiers "
                                   "Python (int), pas avec np.int32."),)
        result.equals(count, what="le nombre de scalaires de W1, b1, W2 et b2",
                      hint="W1 a d_h x d éléments, b1 en a d_h, W2 en a m x d_h et b2 en a m.", mistakes=mistakes)


def _magnitude(X, w1, b1, w2, b2) -> float:
    """The largest intermediate of the risk's computation: a |o^a| bound over the examples."""
    h = np.abs(w1) @ np.abs(X).T + np.abs(b1)[:, None]
    return float(np.max(np.abs(w2) @ (h + 1.0) + np.abs(b2)[:, None]))


def _risk(X, Y, w1, b1, w2, b2, activation=_softplus) -> float:
    return float(np.mean([_nll(w2 @ activation(w1 @ x + b1) + b2, int(y)) for x, y in zip(X, Y)]))


def empirical_risk_hidden(t: Trial) -> None:
    """empirical_risk is the mean loss over a data set with every class, for a rectangular and a square network,
    and over a single example (n = 1)."""
    for square, single in ((True, False), (False, False), (False, True)):
        net = _network(t.rng, square)
        m, d = net["m"], net["d"]
        n = 1 if single else m + int(t.rng.integers(1, 3))
        X = t.rng.normal(size=(n, d))
        Y = t.rng.integers(m, size=1) if single else \
            t.rng.permutation(np.concatenate([np.arange(m), t.rng.integers(m, size=n - m)]))
        params = (net["W1"], net["b1"], net["W2"], net["b2"])
        want = _risk(X, Y, *params)
        mistakes = ((n * want, "C'est la somme des pertes : le risque empirique en est la moyenne."),
                    (-want, "Le signe est faux : la perte est -ln o^s_y, positive."),
                    (_risk(X, Y, *params, activation=lambda h: np.maximum(h, 0.0)),
                     "La couche cachée utilise ReLU au lieu de softplus."),
                    (_risk(X, (Y - 1) % m, *params), "Les étiquettes sont décalées : les classes vont de 0 à m - 1."))
        if n > 1:
            mistakes += ((n / (n - 1) * want, "Vous divisez par n - 1 : le risque empirique est la moyenne des n "
                                              "pertes, divisez par n."),)
        if square:
            w1, b1, w2, b2 = params
            mistakes += ((_risk(X, Y, w1.T, b1, w2, b2), "W1 est utilisée transposée : h^a = W1 x + b1."),
                         (_risk(X, Y, w1, b1, w2.T, b2), "W2 est utilisée transposée : o^a = W2 h^s + b2."))
        _expect(t.call("empirical_risk", X.copy(), Y.copy(), *(p.copy() for p in params)).number(), want,
                what="le risque empirique (moyenne des pertes)", mistakes=mistakes, factors={"n": n},
                scale=_magnitude(X, *params), count=4 * max(n, d, net["d_h"], m))


# --- 2j, 2k ------------------------------------------------------------------------------------

def _random_params(rng: np.random.Generator, square: bool) -> tuple[dict, dict]:
    d, d_h, m = _sizes(rng, square)
    shapes = {"W1": (d_h, d), "b1": (d_h,), "W2": (m, d_h), "b2": (m,)}
    params = {k: rng.normal(size=s) for k, s in shapes.items()}
    grads = {k: _square_nonsymmetric(rng, d) if square and k[0] == "W" else rng.normal(size=s)
             for k, s in shapes.items()}
    return params, grads


def _check_params(result: Result, expected: dict, scales: dict, what: str, mistakes: dict[str, tuple]) -> None:
    for key in KEYS:
        _expect(result.item(key).array(shape=expected[key].shape), expected[key], what=f"{key} {what}",
                scale=np.abs(expected[key]) + scales[key], mistakes=mistakes[key])


def gradient_step_hidden(t: Trial) -> None:
    """gradient_step applies theta - lr * grad to random parameters, rectangular and square."""
    for square in (True, False):
        params, grads = _random_params(t.rng, square)
        lr = float(t.rng.uniform(0.05, 0.5))
        expected = {k: params[k] - lr * grads[k] for k in KEYS}
        mistakes = {k: ((params[k] + lr * grads[k], "C'est une montée de gradient : il faut soustraire lr · gradient."),
                        (params[k], "Ce paramètre n'a pas été mis à jour."),
                        *(((params[k] - lr * grads[k].T,
                                "Le gradient est transposé."),) if square and k[0] == "W" else ()))
                    for k in KEYS}
        result = t.call("gradient_step", {k: v.copy() for k, v in params.items()},
                        {k: v.copy() for k, v in grads.items()}, lr, label=f"gradient_step(params, grads, {lr:.6g})",
                        unchanged=True)
        _check_params(result, expected, {k: np.abs(params[k]) for k in KEYS}, "après un pas de descente de gradient",
                      mistakes)


def regularized_step_hidden(t: Trial) -> None:
    """regularized_step applies theta - lr (grad + 2 lam theta) to random parameters, rectangular and square."""
    for square in (True, False):
        params, grads = _random_params(t.rng, square)
        lr = float(t.rng.uniform(0.05, 0.5))
        lam = float(t.rng.uniform(0.05, 1.0))
        expected = {k: params[k] - lr * (grads[k] + 2 * lam * params[k]) for k in KEYS}
        mistakes = {k: ((params[k] - lr * (grads[k] + lam * params[k]),
                         "La dérivée de lam ||theta||^2 est 2 lam theta, pas lam theta."),
                        (params[k] - lr * grads[k],
                                "La pénalité manque pour ce paramètre (les biais sont régularisés aussi)."),
                        (params[k] - lr * grads[k] - 2 * lam * params[k],
                                "Le taux lr doit multiplier aussi le terme de la pénalité."),
                        *(((params[k] - lr * (grads[k].T + 2 * lam * params[k]), "Le gradient est transposé."),)
                          if square and k[0] == "W" else ()))
                    for k in KEYS}
        result = t.call("regularized_step", {k: v.copy() for k, v in params.items()},
                        {k: v.copy() for k, v in grads.items()}, lr, lam,
                        label=f"regularized_step(params, grads, {lr:.6g}, {lam:.6g})", unchanged=True)
        _check_params(result, expected, {k: np.abs(params[k]) + lr * np.abs(grads[k]) for k in KEYS},
                      "après un pas de descente du risque régularisé", mistakes)


# --- 2l ----------------------------------------------------------------------------------------

def grad_output_preactivation_hidden(t: Trial) -> None:
    """grad_output_preactivation is softmax(o^a) - onehot(y) for moderate logits, every class as the label."""
    m = int(t.rng.integers(3, 7))
    o_a = t.rng.normal(scale=2.0, size=m)
    o_a[int(t.rng.integers(1, m))] = o_a[0]   # a tie: onehot(y) marks the index y, not every equal logit
    for y in range(m):
        want = _grad_oa(o_a, y)
        _expect(t.call("grad_output_preactivation", o_a.copy(), y).array(shape=(m,)), want, what="dL/do^a",
                hint="Dérivez la perte écrite en fonction de o^a (question 2h).",
                mistakes=((-want, SIGN), (_softmax(o_a), "Il manque le terme -onehot(y)."),
                          (_grad_oa(o_a, (y - 1) % m),
                                  "L'indice de la classe est décalé : les classes vont de 0 à m - 1."),
                          (_softmax(o_a) - (o_a == o_a[y]), "onehot(y) vaut 1 à l'indice y seulement : comparez les "
                                                             "indices, pas les valeurs des o^a_k.")))


# --- 2m, 2n ------------------------------------------------------------------------------------

def _upstream(rng: np.random.Generator, square: bool) -> tuple[np.ndarray, np.ndarray]:
    """An upstream gradient dL/do^a (m,) and hidden outputs h^s (d_h,), sizes equal when ``square``."""
    _, d_h, m = _sizes(rng, square)
    return _signed(rng, m), rng.uniform(0.1, 3.0, size=d_h)


def grad_W2_entry_hidden(t: Trial) -> None:
    """grad_W2_entry is g[k] h^s[j], k != j, with m = d_h (swapped indices then fit) and g[k] < 0, then m != d_h."""
    for square in (True, False):
        while True:
            g, h_s = _upstream(t.rng, square)
            k, j = (int(v) for v in t.rng.choice(min(len(g), len(h_s)), size=2, replace=False))
            g[k] = -abs(g[k]) if square else abs(g[k])
            want = g[k] * h_s[j]
            mistakes = ((g[j] * h_s[k], "Les indices k et j sont échangés."),
                        (g[k], "Il manque le facteur h^s_j."),
                        (g[k] * h_s[k], "h^s doit être pris à l'indice j."),
                        (-want, SIGN))
            if _apart(want, *(w for w, _ in mistakes)):
                break
        _expect(t.call("grad_W2_entry", g.copy(), h_s.copy(), k, j).number(), want, what="dL/dW2[k, j]",
                hint="W2[k, j] n'intervient que dans o^a_k, avec le coefficient h^s_j.", mistakes=mistakes)


def grad_b2_entry_hidden(t: Trial) -> None:
    """grad_b2_entry is g[k], every k."""
    while True:
        g, _ = _upstream(t.rng, False)
        if _apart(g, np.full_like(g, g.sum())):
            break
    for k in range(len(g)):
        _expect(t.call("grad_b2_entry", g.copy(), k).number(), g[k], what="dL/db2[k]",
                hint="b2_k n'intervient que dans o^a_k, avec le coefficient 1.",
                mistakes=((-g[k], SIGN), (g.sum(), "C'est la somme de tout dL/do^a, pas sa composante k.")))


def grad_W2_hidden(t: Trial) -> None:
    """grad_W2 is the outer product g h^s^T, of shape (m, d_h), with m != d_h and with m = d_h."""
    for square in (True, False):
        while True:
            g, h_s = _upstream(t.rng, square)
            want = np.outer(g, h_s)
            if not square or _apart(want, want.T):
                break
        mistakes = ((np.outer(h_s, g), TRANSPOSE), (-want, SIGN),
                    (np.outer(g, np.ones_like(h_s)), "Il manque le facteur h^s_j."))
        _expect(t.call("grad_W2", g.copy(), h_s.copy()).array(shape=want.shape), want, what="dL/dW2",
                hint="dL/dW2[k, j] = dL/do^a_k · h^s_j (question 2m), pour tous les k et j.", mistakes=mistakes)


def grad_b2_hidden(t: Trial) -> None:
    """grad_b2 is g itself."""
    g, _ = _upstream(t.rng, False)
    _expect(t.call("grad_b2", g.copy()).array(shape=g.shape), g, what="dL/db2",
            mistakes=((-g, SIGN), (np.full_like(g, g.sum()), "C'est la somme de dL/do^a, pas le vecteur lui-même.")))


# --- 2o, 2p ------------------------------------------------------------------------------------

def _backward(rng: np.random.Generator, square: bool) -> tuple[np.ndarray, np.ndarray]:
    """An upstream gradient g (m,) and W2 (m, d_h); when square, W2 g and W2^T g are apart."""
    _, d_h, m = _sizes(rng, square)
    g = _signed(rng, m)
    return g, (_square_nonsymmetric(rng, m, g) if square else rng.normal(size=(m, d_h)))


def grad_hs_entry_hidden(t: Trial) -> None:
    """grad_hs_entry is sum_k g[k] W2[k, j], every j, with m != d_h and with a square W2."""
    for square in (True, False):
        g, w2 = _backward(t.rng, square)
        want = w2.T @ g
        scale = np.abs(w2.T) @ np.abs(g)
        for j in range(w2.shape[1]):
            mistakes = ((w2[j] @ g, "C'est la ligne j de W2 : h^s_j est multiplié par la colonne j, W2[:, j]."),) \
                if square else ()
            mistakes += ((-want[j], SIGN), (w2[:, j].sum() * g.sum(),
                    "C'est un produit de sommes, pas une somme de produits."))
            _expect(t.call("grad_hs_entry", g.copy(), w2.copy(), j).number(), want[j], what="dL/dh^s_j",
                    hint="h^s_j intervient dans chaque o^a_k avec le coefficient W2[k, j] : sommez sur k.",
                    scale=scale[j], count=4 * len(g), mistakes=mistakes)


def grad_hs_hidden(t: Trial) -> None:
    """grad_hs is W2^T g, of shape (d_h,), with m != d_h and with a square W2."""
    for square in (True, False):
        g, w2 = _backward(t.rng, square)
        want = w2.T @ g
        mistakes = ((w2 @ g, TRANSPOSE),) if square else ()
        mistakes += ((-want, SIGN),)
        _expect(t.call("grad_hs", g.copy(), w2.copy()).array(shape=(w2.shape[1],)), want, what="dL/dh^s",
                hint="W2 est de forme (m, d_h) et dL/do^a de forme (m,) : le résultat a d_h composantes.",
                scale=np.abs(w2.T) @ np.abs(g), count=4 * len(g), mistakes=mistakes)


# --- 2q, 2r ------------------------------------------------------------------------------------

def _moderate(rng: np.random.Generator) -> np.ndarray:
    """Moderate values with every sign, zero, and values in (-1, 0) and (0, 1)."""
    return rng.permutation(np.concatenate([[-rng.uniform(1.0, 5.0), -rng.uniform(0.1, 0.9), 0.0,
                                            rng.uniform(0.1, 0.9), rng.uniform(1.0, 5.0)],
                                           rng.uniform(-5.0, 5.0, size=2)]))


def _slope_mistakes(h: np.ndarray) -> tuple[tuple[np.ndarray, str], ...]:
    """What softplus'(h) becomes under the usual mistakes."""
    s = _sigmoid(h)
    return ((_sigmoid(np.abs(h)), ABSOLUTE),
            (_sigmoid(-h), "C'est sigma(-z) : softplus'(z) = sigma(z) = 1 / (1 + exp(-z))."),
            (s * (1 - s), "C'est la dérivée de la sigmoïde : softplus' est la sigmoïde elle-même."),
            (_softplus(h), "C'est softplus elle-même, pas sa dérivée."))


def softplus_prime_hidden(t: Trial) -> None:
    """softplus_prime is sigma(z) for moderate z of every sign, zero and in (-1, 1)."""
    z = _moderate(t.rng)
    result = t.call("softplus_prime", z.copy()).array(shape=z.shape)
    _expect(result, _sigmoid(z), what="la dérivée de softplus", mistakes=_slope_mistakes(z),
            hint=where_wrong(result.value, _sigmoid(z), z,
                              "Dérivez ln(1 + exp(z)) ; le résultat est une fonction de la partie 1."))


def grad_ha_entry_hidden(t: Trial) -> None:
    """grad_ha_entry is dL/dh^s_j sigma(h^a_j), for every j: h^a negative, zero, positive, in (-1, 1)."""
    h_a = _moderate(t.rng)
    g = _signed(t.rng, h_a.size)
    want = g * _sigmoid(h_a)
    results = [t.call("grad_ha_entry", g.copy(), h_a.copy(), j).number() for j in range(h_a.size)]
    hint = where_wrong([r.value for r in results], want, h_a,
                       "h^a_j n'agit sur la perte que par h^s_j = softplus(h^a_j).")
    for j, result in enumerate(results):
        _expect(result, want[j], what="dL/dh^a_j", hint=hint,
                mistakes=tuple((g[j] * wrong[j], text) for wrong, text in _slope_mistakes(h_a)))


def grad_ha_hidden(t: Trial) -> None:
    """grad_ha is dL/dh^s * sigma(h^a) elementwise, h^a of every sign, zero and in (-1, 1)."""
    h_a = _moderate(t.rng)
    g = _signed(t.rng, h_a.size)
    want = g * _sigmoid(h_a)
    result = t.call("grad_ha", g.copy(), h_a.copy()).array(shape=h_a.shape)
    _expect(result, want, what="dL/dh^a", mistakes=tuple((g * wrong, text) for wrong, text in _slope_mistakes(h_a)),
            hint=where_wrong(result.value, want, h_a,
                    "Un produit élément par élément de dL/dh^s et de softplus'(h^a)."))
