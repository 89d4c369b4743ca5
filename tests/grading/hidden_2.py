"""Hidden grading cases of part 2: gradients of a one-hidden-layer MLP.

Inputs are drawn from ``t.rng``, so they differ from the public ones. The
private oracles (``_``-prefixed) hold the answers; failure messages never
contain an expected value (``close_to``/``equals`` keep them in the
reference, which is not shown for hidden cases). The gradients are checked
against finite differences of the full loss, the student being fed the exact
upstream gradient.
"""

from __future__ import annotations

import numpy as np

from .checking import Result, Trial, normalise, numeric_gradient

TOL = dict(rtol=1e-5, atol=1e-7)  # for comparisons with finite differences
KEYS = ("W1", "b1", "W2", "b2")


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
    top = o_a.max()
    return float(top + np.log(np.exp(o_a - top).sum()) - o_a[y])


def _loss_from_hs(h_s, w2, b2, y) -> float:
    return _nll(w2 @ h_s + b2, y)


def _loss_from_ha(h_a, w2, b2, y) -> float:
    return _loss_from_hs(_softplus(h_a), w2, b2, y)


def _loss(x, y, w1, b1, w2, b2) -> float:
    return _loss_from_ha(w1 @ x + b1, w2, b2, y)


def _grad_oa(o_a, y) -> np.ndarray:
    g = _softmax(o_a)
    g[y] -= 1.0
    return g


def _sizes(rng: np.random.Generator) -> tuple[int, int, int]:
    """d, d_h, m, pairwise different so that a transposition shows."""
    d, d_h, m = (int(v) for v in rng.choice(np.arange(2, 8), size=3, replace=False))
    return d, d_h, m


def _network(rng: np.random.Generator) -> dict:
    d, d_h, m = _sizes(rng)
    net = {
        "x": rng.normal(size=d),
        "W1": rng.normal(scale=0.8, size=(d_h, d)),
        "b1": rng.normal(scale=0.5, size=d_h),
        "W2": rng.normal(scale=0.8, size=(m, d_h)),
        "b2": rng.normal(scale=0.5, size=m),
        "y": int(rng.integers(m)),
        "d": d, "d_h": d_h, "m": m,
    }
    net["h_a"] = net["W1"] @ net["x"] + net["b1"]
    net["h_s"] = _softplus(net["h_a"])
    net["o_a"] = net["W2"] @ net["h_s"] + net["b2"]
    net["g_oa"] = _grad_oa(net["o_a"], net["y"])
    net["g_hs"] = net["W2"].T @ net["g_oa"]
    return net


def _huge_scale(values: np.ndarray, size: float) -> float:
    """The factor that makes the entry of largest magnitude of ``values`` equal to +size."""
    top = values[np.argmax(np.abs(values))]
    return size / top


def _pair(rng: np.random.Generator, rows: int, cols: int) -> tuple[int, int]:
    """An index (k, j) with k != j, so that swapped indices show."""
    while True:
        k, j = int(rng.integers(rows)), int(rng.integers(cols))
        if k != j:
            return k, j


def _shape_is(*shapes):
    return lambda value: normalise(value) in shapes


def _binary(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Moderate logits a and labels y in {0, 1} with both labels present."""
    a = rng.uniform(-4.0, 4.0, size=n)
    y = np.zeros(n)
    y[rng.permutation(n)[: n // 2]] = 1.0
    return a, y


# --- 2a ----------------------------------------------------------------------------------------

def b1_shape_hidden(t: Trial) -> None:
    """b1_shape gives (d_h,) (or (d_h, 1)) for other sizes."""
    for _ in range(2):
        d, d_h = (int(v) for v in t.rng.choice(np.arange(2, 60), size=2, replace=False))
        t.call("b1_shape", d, d_h).satisfies(
            _shape_is((d_h,), (d_h, 1)), "la forme de b1 : une composante par unité cachée",
            hint="b1 s'ajoute à W1 x : quelle est la dimension de W1 x ?")


def hidden_layer_hidden(t: Trial) -> None:
    """hidden_layer returns W1 x + b1 and its softplus, for random shapes and for huge weights."""
    net = _network(t.rng)
    d_h = net["d_h"]
    for scale in (1.0, _huge_scale(net["W1"] @ net["x"], 1000.0)):
        w1 = scale * net["W1"]
        h_a = w1 @ net["x"] + net["b1"]
        result = t.call("hidden_layer", net["x"].copy(), w1.copy(), net["b1"].copy())
        result.item(0).array(shape=(d_h,)).close_to(h_a, what="h^a = W1 x + b1")
        result.item(1).array(shape=(d_h,)).finite().close_to(
            _softplus(h_a), what="h^s = softplus(h^a)",
            hint="softplus doit rester stable pour des pré-activations très grandes en valeur absolue.")


# --- 2b ----------------------------------------------------------------------------------------

def output_shapes_hidden(t: Trial) -> None:
    """output_shapes gives ((m, d_h), (m,)) for other sizes."""
    for _ in range(2):
        d_h, m = (int(v) for v in t.rng.choice(np.arange(2, 60), size=2, replace=False))
        t.call("output_shapes", d_h, m).satisfies(
            _shape_is(((m, d_h), (m,)), ((m, d_h), (m, 1))), "les formes de W2 et de b2",
            hint="W2 envoie h^s (d_h composantes) sur o^a (m composantes).")


def output_preactivation_hidden(t: Trial) -> None:
    """output_preactivation returns W2 h^s + b2 for random shapes."""
    net = _network(t.rng)
    t.call("output_preactivation", net["h_s"].copy(), net["W2"].copy(), net["b2"].copy()).array(
        shape=(net["m"],)).close_to(net["o_a"], what="o^a = W2 h^s + b2")


# --- 2c ----------------------------------------------------------------------------------------

def forward_hidden(t: Trial) -> None:
    """forward returns the softmax outputs for a random network, and stays finite with huge weights."""
    net = _network(t.rng)
    m = net["m"]
    w1_huge = _huge_scale(net["W1"] @ net["x"], 1000.0) * net["W1"]
    h_s_huge = _softplus(w1_huge @ net["x"] + net["b1"])
    w2_huge = _huge_scale(net["W2"] @ h_s_huge, 2000.0) * net["W2"]
    for w1, w2 in ((net["W1"], net["W2"]), (w1_huge, w2_huge)):
        h_s = _softplus(w1 @ net["x"] + net["b1"])
        expected = _softmax(w2 @ h_s + net["b2"])
        result = t.call("forward", net["x"].copy(), w1.copy(), net["b1"].copy(), w2.copy(), net["b2"].copy())
        result = result.array(shape=(m,)).finite()
        result.satisfies(lambda o: np.all(o >= 0) and abs(o.sum() - 1.0) < 1e-9,
                         "des probabilités positives de somme 1")
        result.close_to(expected, what="o^s = softmax(W2 softplus(W1 x + b1) + b2)",
                        hint="Softplus et softmax doivent rester stables pour de grands poids.")


# --- 2d ----------------------------------------------------------------------------------------

def binary_logit_hidden(t: Trial) -> None:
    """binary_logit(o_a) is o_a[1] - o_a[0] for random logits."""
    for _ in range(2):
        o_a = t.rng.normal(scale=3.0, size=2)
        t.call("binary_logit", o_a.copy()).number().close_to(
            o_a[1] - o_a[0], what="le z tel que sigma(z) = softmax(o^a)[1]")


# --- 2e ----------------------------------------------------------------------------------------

def mse_loss_hidden(t: Trial) -> None:
    """mse_loss is (sigma(a) - y)^2 elementwise for random a and labels."""
    a, y = _binary(t.rng, 6)
    t.call("mse_loss", a, y).array(shape=(6,)).close_to(
        (_sigmoid(a) - y) ** 2, what="l'erreur quadratique élément par élément")


def mse_grad_hidden(t: Trial) -> None:
    """mse_grad is the derivative of (sigma(a) - y)^2, checked by finite differences."""
    a, y = _binary(t.rng, 6)
    numeric = numeric_gradient(lambda v: float(np.sum((_sigmoid(v) - y) ** 2)), a)
    t.call("mse_grad", a, y).array(shape=(6,)).close_to(
        numeric, **TOL, what="la dérivée de l'erreur quadratique par rapport à a",
        hint="N'oubliez pas la dérivée de sigma dans la règle de la chaîne.")


# --- 2f ----------------------------------------------------------------------------------------

def bce_loss_hidden(t: Trial) -> None:
    """bce_loss is the binary cross-entropy, for moderate and for huge logits."""
    a, y = _binary(t.rng, 6)
    huge = t.rng.uniform(500.0, 1500.0, size=4) * np.array([1.0, -1.0, 1.0, -1.0])
    a = np.concatenate([a, huge])
    y = np.concatenate([y, [0.0, 1.0, 1.0, 0.0]])
    expected = _softplus(a) - y * a
    t.call("bce_loss", a.copy(), y.copy()).array(shape=(10,)).finite().close_to(
        expected, what="l'entropie croisée binaire élément par élément",
        hint="La perte doit rester finie pour des logits très grands en valeur absolue.")


def bce_grad_hidden(t: Trial) -> None:
    """bce_grad is the derivative of the binary cross-entropy, checked by finite differences."""
    a, y = _binary(t.rng, 6)
    numeric = numeric_gradient(lambda v: float(np.sum(_softplus(v) - y * v)), a)
    t.call("bce_grad", a, y).array(shape=(6,)).close_to(
        numeric, **TOL, what="la dérivée de l'entropie croisée par rapport à a")


# --- 2g ----------------------------------------------------------------------------------------

def gradient_ratio_hidden(t: Trial) -> None:
    """gradient_ratio is 2 sigma(a)(1 - sigma(a)) for random and saturated logits, always finite."""
    a = np.concatenate([t.rng.uniform(-5.0, 5.0, size=4),
                        t.rng.uniform(700.0, 1000.0, size=2) * np.array([1.0, -1.0])])
    s = _sigmoid(a)
    t.call("gradient_ratio", a).array(shape=(6,)).finite().close_to(
        2 * s * (1 - s), what="le rapport des gradients des deux pertes",
        hint="Simplifiez le rapport avant de le calculer : il doit rester fini quand sigma sature.")


# --- 2h ----------------------------------------------------------------------------------------

def nll_from_logits_hidden(t: Trial) -> None:
    """nll_from_logits is -log softmax(o_a)[y] for random logits, shifted by a huge constant too."""
    m = int(t.rng.integers(3, 8))
    o_a = t.rng.normal(scale=2.0, size=m)
    y = int(t.rng.integers(m))
    expected = _nll(o_a, y)
    t.call("nll_from_logits", o_a.copy(), y).number().close_to(expected, what="-log softmax(o^a)[y]")
    shift = float(t.rng.uniform(800.0, 1200.0)) * (1 if t.rng.random() < 0.5 else -1)
    t.call("nll_from_logits", o_a + shift, y).number().finite().close_to(
        expected, what="-log softmax(o^a)[y], invariant par translation de o^a",
        hint="Soustrayez max_k o^a_k avant de prendre l'exponentielle.")


# --- 2i ----------------------------------------------------------------------------------------

def n_parameters_hidden(t: Trial) -> None:
    """n_parameters counts the weights and biases for other sizes."""
    for _ in range(2):
        d, d_h, m = (int(v) for v in t.rng.integers(2, 200, size=3))
        t.call("n_parameters", d, d_h, m).integer().equals(
            d_h * d + d_h + m * d_h + m, what="le nombre de scalaires de W1, b1, W2 et b2")


def empirical_risk_hidden(t: Trial) -> None:
    """empirical_risk is the mean loss over a random data set."""
    net = _network(t.rng)
    n = int(t.rng.integers(3, 7))
    X = t.rng.normal(size=(n, net["d"]))
    Y = t.rng.integers(net["m"], size=n)
    params = (net["W1"], net["b1"], net["W2"], net["b2"])
    expected = float(np.mean([_loss(x, int(y), *params) for x, y in zip(X, Y)]))
    t.call("empirical_risk", X, Y, *(p.copy() for p in params)).number().close_to(
        expected, what="le risque empirique (moyenne des pertes)")


# --- 2j, 2k ------------------------------------------------------------------------------------

def _random_params(rng: np.random.Generator) -> tuple[dict, dict]:
    d, d_h, m = _sizes(rng)
    shapes = {"W1": (d_h, d), "b1": (d_h,), "W2": (m, d_h), "b2": (m,)}
    params = {k: rng.normal(size=s) for k, s in shapes.items()}
    grads = {k: rng.normal(size=s) for k, s in shapes.items()}
    return params, grads


def _check_params(result: Result, expected: dict, what: str) -> None:
    for key in KEYS:
        result.item(key).array(shape=expected[key].shape).close_to(expected[key], what=f"{key} {what}")


def gradient_step_hidden(t: Trial) -> None:
    """gradient_step applies theta - lr * grad to random parameters."""
    params, grads = _random_params(t.rng)
    lr = float(t.rng.uniform(0.01, 0.5))
    expected = {k: params[k] - lr * grads[k] for k in KEYS}
    result = t.call("gradient_step", {k: v.copy() for k, v in params.items()},
                    {k: v.copy() for k, v in grads.items()}, lr, label=f"gradient_step(params, grads, {lr:.6g})")
    _check_params(result, expected, "après un pas de descente de gradient")


def regularized_step_hidden(t: Trial) -> None:
    """regularized_step applies theta - lr (grad + 2 lam theta) to random parameters."""
    params, grads = _random_params(t.rng)
    lr = float(t.rng.uniform(0.01, 0.5))
    lam = float(t.rng.uniform(0.05, 1.0))
    expected = {k: params[k] - lr * (grads[k] + 2 * lam * params[k]) for k in KEYS}
    result = t.call("regularized_step", {k: v.copy() for k, v in params.items()},
                    {k: v.copy() for k, v in grads.items()}, lr, lam,
                    label=f"regularized_step(params, grads, {lr:.6g}, {lam:.6g})")
    _check_params(result, expected, "après un pas de descente du risque régularisé")


# --- 2l ----------------------------------------------------------------------------------------

def grad_output_preactivation_hidden(t: Trial) -> None:
    """grad_output_preactivation is dL/do^a of a random network, by finite differences of the loss."""
    for _ in range(2):
        net = _network(t.rng)
        numeric = numeric_gradient(lambda o: _nll(o, net["y"]), net["o_a"])
        t.call("grad_output_preactivation", net["o_a"].copy(), net["y"]).array(shape=(net["m"],)).close_to(
            numeric, **TOL, what="dL/do^a (différences finies de la perte)")


# --- 2m, 2n ------------------------------------------------------------------------------------

def _numeric_w2(net: dict) -> np.ndarray:
    return numeric_gradient(lambda w: _loss(net["x"], net["y"], net["W1"], net["b1"], w, net["b2"]), net["W2"])


def _numeric_b2(net: dict) -> np.ndarray:
    return numeric_gradient(lambda b: _loss(net["x"], net["y"], net["W1"], net["b1"], net["W2"], b), net["b2"])


def grad_W2_entry_hidden(t: Trial) -> None:
    """grad_W2_entry is dL/dW2[k, j] of a random network (finite differences of the full loss)."""
    net = _network(t.rng)
    d_w2 = _numeric_w2(net)
    for _ in range(2):
        k, j = _pair(t.rng, net["m"], net["d_h"])
        t.call("grad_W2_entry", net["g_oa"].copy(), net["h_s"].copy(), k, j).number().close_to(
            d_w2[k, j], **TOL, what="dL/dW2[k, j] (différences finies de la perte)")


def grad_b2_entry_hidden(t: Trial) -> None:
    """grad_b2_entry is dL/db2[k] of a random network (finite differences of the full loss)."""
    net = _network(t.rng)
    d_b2 = _numeric_b2(net)
    for k in t.rng.choice(net["m"], size=2, replace=False):
        t.call("grad_b2_entry", net["g_oa"].copy(), int(k)).number().close_to(
            d_b2[k], **TOL, what="dL/db2[k] (différences finies de la perte)")


def grad_W2_hidden(t: Trial) -> None:
    """grad_W2 is dL/dW2 of a random network, of the shape of W2 (finite differences of the full loss)."""
    net = _network(t.rng)
    t.call("grad_W2", net["g_oa"].copy(), net["h_s"].copy()).array(shape=(net["m"], net["d_h"])).close_to(
        _numeric_w2(net), **TOL, what="dL/dW2 (différences finies de la perte)")


def grad_b2_hidden(t: Trial) -> None:
    """grad_b2 is dL/db2 of a random network (finite differences of the full loss)."""
    net = _network(t.rng)
    t.call("grad_b2", net["g_oa"].copy()).array(shape=(net["m"],)).close_to(
        _numeric_b2(net), **TOL, what="dL/db2 (différences finies de la perte)")


# --- 2o, 2p ------------------------------------------------------------------------------------

def _numeric_hs(net: dict) -> np.ndarray:
    return numeric_gradient(lambda h: _loss_from_hs(h, net["W2"], net["b2"], net["y"]), net["h_s"])


def grad_hs_entry_hidden(t: Trial) -> None:
    """grad_hs_entry is dL/dh^s_j of a random network (finite differences of the loss)."""
    net = _network(t.rng)
    d_hs = _numeric_hs(net)
    for j in t.rng.choice(net["d_h"], size=2, replace=False):
        t.call("grad_hs_entry", net["g_oa"].copy(), net["W2"].copy(), int(j)).number().close_to(
            d_hs[j], **TOL, what="dL/dh^s_j (différences finies de la perte)")


def grad_hs_hidden(t: Trial) -> None:
    """grad_hs is dL/dh^s of a random network, of shape (d_h,) (finite differences of the loss)."""
    net = _network(t.rng)
    t.call("grad_hs", net["g_oa"].copy(), net["W2"].copy()).array(shape=(net["d_h"],)).close_to(
        _numeric_hs(net), **TOL, what="dL/dh^s (différences finies de la perte)")


# --- 2q, 2r ------------------------------------------------------------------------------------

def softplus_prime_hidden(t: Trial) -> None:
    """softplus_prime is the derivative of softplus (finite differences), finite at saturated inputs."""
    z = t.rng.uniform(-5.0, 5.0, size=5)
    numeric = numeric_gradient(lambda v: float(np.sum(_softplus(v))), z)
    t.call("softplus_prime", z).array(shape=(5,)).close_to(
        numeric, **TOL, what="la dérivée de softplus (différences finies)")
    huge = t.rng.uniform(700.0, 1000.0, size=2) * np.array([1.0, -1.0])
    t.call("softplus_prime", huge).array(shape=(2,)).finite().close_to(
        _sigmoid(huge), what="la dérivée de softplus pour des entrées saturées",
        hint="Calculez la dérivée de façon stable : pas de exp(z) / (1 + exp(z)) pour z grand.")


def _numeric_ha(net: dict) -> np.ndarray:
    return numeric_gradient(lambda h: _loss_from_ha(h, net["W2"], net["b2"], net["y"]), net["h_a"])


def grad_ha_entry_hidden(t: Trial) -> None:
    """grad_ha_entry is dL/dh^a_j of a random network (finite differences of the loss)."""
    net = _network(t.rng)
    d_ha = _numeric_ha(net)
    for j in t.rng.choice(net["d_h"], size=2, replace=False):
        t.call("grad_ha_entry", net["g_hs"].copy(), net["h_a"].copy(), int(j)).number().close_to(
            d_ha[j], **TOL, what="dL/dh^a_j (différences finies de la perte)")


def grad_ha_hidden(t: Trial) -> None:
    """grad_ha is dL/dh^a of a random network, of shape (d_h,) (finite differences of the loss)."""
    net = _network(t.rng)
    t.call("grad_ha", net["g_hs"].copy(), net["h_a"].copy()).array(shape=(net["d_h"],)).close_to(
        _numeric_ha(net), **TOL, what="dL/dh^a (différences finies de la perte)")
