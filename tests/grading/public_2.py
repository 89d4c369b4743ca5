"""Public grading cases of part 2: gradients of a one-hidden-layer MLP.

These cases are shipped to students. Their inputs are fixed; their expected
values are literals derived by hand, properties, or finite differences of the
handout's definitions (the forward pass and the loss are given by the handout).
Shapes are chosen so that a transposition mistake shows: d = 4, d_h = 3, m = 5.
"""

from __future__ import annotations

import functools

import numpy as np

from .checking import (
    Result,
    Trial,
    handout_sigmoid,
    handout_softmax,
    handout_softplus,
    normalise,
    numeric_gradient,
)

LN2 = float(np.log(2.0))
LN3 = float(np.log(3.0))
LN4 = float(np.log(4.0))
LN5 = float(np.log(5.0))

# The fixed network of the public cases: d = 4, d_h = 3, m = 5, label y = 2.
X = np.array([1.0, -0.5, 2.0, 0.25])
W1 = np.array([[0.5, -1.0, 0.25, 2.0],
               [-0.5, 0.5, 1.0, -1.0],
               [1.0, 0.0, -0.5, 0.5]])
B1 = np.array([0.1, -0.2, 0.3])
W2 = np.array([[1.0, 0.0, -1.0],
               [0.5, 1.0, 0.0],
               [-1.0, 1.0, 2.0],
               [0.0, -0.5, 1.0],
               [2.0, 0.0, 0.0]])
B2 = np.array([0.0, 0.5, -1.0, 0.25, -2.0])
Y = 2
H_A = np.array([2.1, 0.8, 0.425])  # W1 x + b1, computed by hand

# Huge weights: h^a = (1000, -1000, 0), so h^s = (1000, ~0, ln 2) and o^a[4] dominates by ~1000.
X_BIG = np.array([1.0, 0.0, 0.0, 0.0])
W1_BIG = np.array([[1000.0, 0.0, 0.0, 0.0],
                   [-1000.0, 0.0, 0.0, 0.0],
                   [0.0, 0.0, 0.0, 0.0]])
B1_ZERO = np.zeros(3)

TOL = dict(rtol=1e-5, atol=1e-7)  # for comparisons with finite differences


def _net() -> tuple[np.ndarray, ...]:
    """Fresh copies of the fixed network, so that a student who edits in place harms nothing."""
    return X.copy(), W1.copy(), B1.copy(), W2.copy(), B2.copy()


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
    """hidden_layer returns h^a = W1 x + b1 and h^s = softplus(h^a), stable for huge pre-activations."""
    x, w1, b1, _, _ = _net()
    result = t.call("hidden_layer", x, w1, b1)
    result.item(0).array(shape=(3,)).close_to(
        H_A, what="h^a = W1 x + b1", hint="h^a_j = sum_i W1[j, i] x_i + b1_j.")
    result.item(1).array(shape=(3,)).close_to(
        handout_softplus(H_A), what="h^s = softplus(h^a)", hint="h^s_j = ln(1 + exp(h^a_j)).")
    big = t.call("hidden_layer", X_BIG.copy(), W1_BIG.copy(), B1_ZERO.copy())
    big.item(0).array(shape=(3,)).close_to([1000.0, -1000.0, 0.0], what="h^a = W1 x + b1")
    big.item(1).array(shape=(3,)).finite().close_to(
        [1000.0, 0.0, LN2], what="h^s = softplus(h^a), avec softplus(1000) = 1000 et softplus(-1000) ≈ 0",
        hint="softplus doit rester stable pour de grandes valeurs : voir la question 1g.")


# --- 2b ----------------------------------------------------------------------------------------

def output_shapes_public(t: Trial) -> None:
    """output_shapes gives ((m, d_h), (m,)) for d_h != m."""
    t.call("output_shapes", 3, 5).satisfies(
        _shape_is(((5, 3), (5,)), ((5, 3), (5, 1))),
        "les formes ((5, 3), (5,)) de W2 et b2",
        hint="o^a = W2 h^s + b2 a m composantes et h^s en a d_h : W2 a m lignes et d_h colonnes.")


def output_preactivation_public(t: Trial) -> None:
    """output_preactivation returns o^a = W2 h^s + b2 with W2 of shape (5, 3)."""
    _, _, _, w2, b2 = _net()
    t.call("output_preactivation", np.array([1.0, 2.0, 0.5]), w2, b2).array(shape=(5,)).close_to(
        [0.5, 3.0, 1.0, -0.25, 0.0], what="o^a = W2 h^s + b2",
        hint="o^a_k = sum_j W2[k, j] h^s_j + b2_k, sans oublier le biais.")


# --- 2c ----------------------------------------------------------------------------------------

def forward_public(t: Trial) -> None:
    """forward returns the softmax outputs: positive, summing to 1, equal to the handout's formula, stable for huge weights."""
    result = t.call("forward", *_net()).array(shape=(5,)).finite()
    result.satisfies(lambda o: np.all(o > 0), "des probabilités strictement positives")
    result.satisfies(lambda o: abs(o.sum() - 1.0) < 1e-9, "des probabilités de somme 1")
    _, _, o_a = _layers()
    result.close_to(handout_softmax(o_a), what="o^s = softmax(W2 softplus(W1 x + b1) + b2)")
    _, _, _, w2, b2 = _net()
    big = t.call("forward", X_BIG.copy(), W1_BIG.copy(), B1_ZERO.copy(), w2, b2).array(shape=(5,)).finite()
    big.satisfies(lambda o: abs(o.sum() - 1.0) < 1e-9, "des probabilités de somme 1")
    big.close_to([0.0, 0.0, 0.0, 0.0, 1.0], what="une sortie presque one-hot (o^a_4 dépasse les autres de ~1000)",
                 hint="Softplus et softmax doivent être stables : pensez à l'invariance du softmax par translation (question 1h).")


# --- 2d ----------------------------------------------------------------------------------------

def binary_logit_public(t: Trial) -> None:
    """binary_logit(o_a) is the z with sigma(z) = softmax(o_a)[1], at two fixed logit pairs."""
    for o_a, z in (([1.0, 3.0], 2.0), ([2.0, -1.0], -3.0)):
        result = t.call("binary_logit", np.array(o_a)).number()
        result.satisfies(lambda v, o=o_a: abs(handout_sigmoid(v) - handout_softmax(np.array(o))[1]) < 1e-9,
                         "un z tel que sigma(z) = softmax(o^a)[1]",
                         hint="Divisez numérateur et dénominateur de softmax(o^a)[1] par exp(o^a_1).")
        result.close_to(z, what="le z tel que sigma(z) = softmax(o^a)[1]")


# --- 2e ----------------------------------------------------------------------------------------

A4 = np.array([0.0, LN3, -LN3, 0.0])  # sigma = 1/2, 3/4, 1/4, 1/2
Y4 = np.array([1.0, 0.0, 1.0, 0.0])


def mse_loss_public(t: Trial) -> None:
    """mse_loss is (sigma(a) - y)^2 elementwise, at points where sigma is 1/2, 3/4, 1/4."""
    t.call("mse_loss", A4.copy(), Y4.copy()).array(shape=(4,)).close_to(
        [0.25, 0.5625, 0.5625, 0.25], what="(sigma(a) - y)^2 élément par élément",
        hint="La perte porte sur sigma(a), pas sur a, et n'a pas de facteur 1/2.")


def mse_grad_public(t: Trial) -> None:
    """mse_grad is d/da (sigma(a) - y)^2, by hand and by finite differences."""
    result = t.call("mse_grad", A4.copy(), Y4.copy()).array(shape=(4,))
    hint = "Règle de la chaîne : n'oubliez pas la dérivée de sigma, que l'on exprime avec sigma (question 1e)."
    result.close_to([-0.25, 0.28125, -0.28125, 0.25], what="la dérivée de (sigma(a) - y)^2 par rapport à a", hint=hint)
    a = np.array([-2.0, -0.5, 0.3, 1.7])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    numeric = numeric_gradient(lambda v: float(np.sum((handout_sigmoid(v) - y) ** 2)), a)
    t.call("mse_grad", a, y.copy()).array(shape=(4,)).close_to(
        numeric, **TOL, what="la dérivée de (sigma(a) - y)^2 (différences finies)", hint=hint)


# --- 2f ----------------------------------------------------------------------------------------

def bce_loss_public(t: Trial) -> None:
    """bce_loss is -y ln sigma(a) - (1-y) ln(1 - sigma(a)), stable: bce_loss(1000, 0) = 1000."""
    hint = "Exprimez ln sigma(a) et ln(1 - sigma(a)) avec softplus (question 1f) : plus rien ne déborde."
    a = np.array([0.0, LN3, -LN3, 1000.0, -1000.0, 1000.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    t.call("bce_loss", a, y).array(shape=(6,)).finite().close_to(
        [LN2, LN4, LN4, 1000.0, 1000.0, 0.0], what="l'entropie croisée binaire élément par élément", hint=hint)
    t.call("bce_loss", 1000.0, 0).number().finite().close_to(1000.0, what="bce_loss(1000, 0) = 1000", hint=hint)


def bce_grad_public(t: Trial) -> None:
    """bce_grad is the derivative of the binary cross-entropy, by hand and by finite differences."""
    hint = "Dérivez la forme softplus de la perte ; la dérivée de softplus s'exprime avec sigma (question 1g)."
    t.call("bce_grad", A4.copy(), Y4.copy()).array(shape=(4,)).close_to(
        [-0.5, 0.75, -0.75, 0.5], what="la dérivée de l'entropie croisée par rapport à a", hint=hint)
    a = np.array([-2.0, -0.5, 0.3, 1.7])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    s = handout_sigmoid
    numeric = numeric_gradient(lambda v: float(np.sum(-y * np.log(s(v)) - (1 - y) * np.log(1 - s(v)))), a)
    t.call("bce_grad", a, y.copy()).array(shape=(4,)).close_to(
        numeric, **TOL, what="la dérivée de l'entropie croisée (différences finies)", hint=hint)


# --- 2g ----------------------------------------------------------------------------------------

def gradient_ratio_public(t: Trial) -> None:
    """gradient_ratio is |dMSE/da| / |dCE/da| (finite differences), finite and tending to 0 at +-800."""
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
    t.call("gradient_ratio", np.array([0.0, LN3, -LN3, 800.0, -800.0])).array(shape=(5,)).finite().close_to(
        [0.5, 0.375, 0.375, 0.0, 0.0], what="le rapport des gradients, fini et nul quand sigma sature",
        hint="Ne divisez pas deux gradients nuls : simplifiez d'abord le rapport.")


def preferred_loss_public(t: Trial) -> None:
    """preferred_loss names the cross-entropy, whose gradient does not vanish when sigma saturates."""
    t.call("preferred_loss").equals(
        "entropie_croisee", what="\"entropie_croisee\" ou \"erreur_quadratique\" : la perte à préférer",
        hint="Quand sigma(a) sature du mauvais côté, quel gradient reste grand ?")


# --- 2h ----------------------------------------------------------------------------------------

def nll_from_logits_public(t: Trial) -> None:
    """nll_from_logits is -log softmax(o_a)[y]: hand values, the handout's formula, and stability at [1000, 0]."""
    hint = "Écrivez ln o^s_y avec la définition du softmax, puis rendez le calcul stable (question 1h)."
    t.call("nll_from_logits", np.zeros(4), 2).number().close_to(LN4, what="ln 4 (quatre classes équiprobables)", hint=hint)
    t.call("nll_from_logits", np.array([0.0, LN2, LN5]), 1).number().close_to(LN4, what="-ln softmax(o^a)[1] pour o^a = (0, ln 2, ln 5)", hint=hint)
    _, _, o_a = _layers()
    t.call("nll_from_logits", o_a.copy(), Y).number().close_to(
        _loss_from_output(o_a, Y), what="-log softmax(o^a)[y]", hint=hint)
    t.call("nll_from_logits", np.array([1000.0, 0.0]), 1).number().finite().close_to(
        1000.0, what="nll_from_logits([1000, 0], 1) = 1000", hint=hint)


# --- 2i ----------------------------------------------------------------------------------------

def n_parameters_public(t: Trial) -> None:
    """n_parameters counts the weights and the biases of both layers."""
    hint = "Comptez les éléments de W1, b1, W2 et b2."
    t.call("n_parameters", 4, 3, 5).integer().equals(35, what="le nombre de paramètres pour d = 4, d_h = 3, m = 5", hint=hint)
    t.call("n_parameters", 10, 20, 3).integer().equals(283, what="le nombre de paramètres pour d = 10, d_h = 20, m = 3", hint=hint)


def empirical_risk_public(t: Trial) -> None:
    """empirical_risk is the mean loss over the examples: ln m with null output weights, then the handout's formula."""
    X3 = np.array([[1.0, -0.5, 2.0, 0.25], [0.0, 1.0, -1.0, 0.5], [-1.0, 0.5, 0.0, 1.0]])
    Y3 = np.array([2, 0, 4])
    _, w1, b1, w2, b2 = _net()
    hint = "R = (1/n) sum_i L(x_i, y_i) : la moyenne, pas la somme."
    t.call("empirical_risk", X3.copy(), Y3.copy(), w1, b1, np.zeros((5, 3)), np.zeros(5)).number().close_to(
        LN5, what="ln 5 : avec W2 = 0 et b2 = 0, les 5 classes sont équiprobables", hint=hint)
    expected = np.mean([_loss(x, y, W1, B1, W2, B2) for x, y in zip(X3, Y3)])
    t.call("empirical_risk", X3.copy(), Y3.copy(), w1.copy(), b1.copy(), w2, b2).number().close_to(
        expected, what="la moyenne des pertes -log o^s_y(x_i)", hint=hint)


# --- 2j, 2k ------------------------------------------------------------------------------------

PARAMS = {"W1": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "b1": [1.0, 0.0, -1.0],
          "W2": [[1.0, 0.0, 2.0], [0.0, -1.0, 1.0]], "b2": [0.5, -0.5]}
GRADS = {"W1": [[10.0, 0.0], [-10.0, 20.0], [0.0, 5.0]], "b1": [2.0, -4.0, 0.0],
         "W2": [[1.0, 1.0, -1.0], [0.0, 10.0, 0.0]], "b2": [5.0, -5.0]}


def _arrays(values: dict) -> dict:
    return {key: np.array(value, dtype=float) for key, value in values.items()}


def _check_params(result: Result, expected: dict, what: str, hint: str) -> None:
    for key, value in expected.items():
        value = np.array(value, dtype=float)
        result.item(key).array(shape=value.shape).close_to(value, what=f"{key} {what}", hint=hint)


def gradient_step_public(t: Trial) -> None:
    """gradient_step takes one gradient-descent step on every parameter (lr = 0.1, hand-computed)."""
    expected = {"W1": [[0.0, 2.0], [4.0, 2.0], [5.0, 5.5]], "b1": [0.8, 0.4, -1.0],
                "W2": [[0.9, -0.1, 2.1], [0.0, -2.0, 1.0]], "b2": [0.0, 0.0]}
    result = t.call("gradient_step", _arrays(PARAMS), _arrays(GRADS), 0.1, label="gradient_step(PARAMS, GRADS, 0.1)")
    _check_params(result, expected, "après un pas de descente de gradient de taux 0.1",
                  "On descend le long du gradient, pour les poids comme pour les biais.")


def regularized_step_public(t: Trial) -> None:
    """regularized_step takes one descent step on the L2-regularised risk (lr = 0.1, lam = 0.25, hand-computed)."""
    expected = {"W1": [[-0.05, 1.9], [3.85, 1.8], [4.75, 5.2]], "b1": [0.75, 0.4, -0.95],
                "W2": [[0.85, -0.1, 2.0], [0.0, -1.95, 0.95]], "b2": [-0.025, 0.025]}
    result = t.call("regularized_step", _arrays(PARAMS), _arrays(GRADS), 0.1, 0.25,
                    label="regularized_step(PARAMS, GRADS, 0.1, 0.25)")
    _check_params(result, expected, "après un pas sur le risque régularisé (lr = 0.1, lam = 0.25)",
                  "Dérivez aussi le terme lam ||theta||^2 ; ici tous les paramètres, biais compris, sont régularisés.")


# --- 2l ----------------------------------------------------------------------------------------

def grad_output_preactivation_public(t: Trial) -> None:
    """grad_output_preactivation is dL/do^a: by hand at o^a = 0, and by finite differences of the loss."""
    hint = "Partez de la perte écrite en fonction de o^a (question 2h) et dérivez-la par rapport à chaque o^a_k."
    t.call("grad_output_preactivation", np.zeros(4), 1).array(shape=(4,)).close_to(
        [0.25, -0.75, 0.25, 0.25], what="dL/do^a pour quatre classes équiprobables et y = 1", hint=hint)
    _, _, o_a = _layers()
    numeric = numeric_gradient(lambda o: _loss_from_output(o, Y), o_a)
    t.call("grad_output_preactivation", o_a.copy(), Y).array(shape=(5,)).close_to(
        numeric, **TOL, what="dL/do^a (différences finies de la perte)", hint=hint)


# --- 2m, 2n ------------------------------------------------------------------------------------

@_computed_once
def _numeric_w2_b2() -> tuple[np.ndarray, np.ndarray]:
    d_w2 = numeric_gradient(lambda w: _loss(X, Y, W1, B1, w, B2), W2)
    d_b2 = numeric_gradient(lambda b: _loss(X, Y, W1, B1, W2, b), B2)
    return d_w2, d_b2


def grad_W2_entry_public(t: Trial) -> None:
    """grad_W2_entry(grad_oa, h_s, k, j) is dL/dW2[k, j] (finite differences of the loss)."""
    h_s, g = _upstream_oa()
    d_w2, _ = _numeric_w2_b2()
    for k, j in ((4, 0), (1, 2)):
        t.call("grad_W2_entry", g.copy(), h_s.copy(), k, j).number().close_to(
            d_w2[k, j], **TOL, what=f"dL/dW2[{k}, {j}] (différences finies de la perte)",
            hint="Quelles composantes de o^a dépendent de W2[k, j], et avec quel coefficient ?")


def grad_b2_entry_public(t: Trial) -> None:
    """grad_b2_entry(grad_oa, k) is dL/db2[k] (finite differences of the loss)."""
    _, g = _upstream_oa()
    _, d_b2 = _numeric_w2_b2()
    for k in (0, 3):
        t.call("grad_b2_entry", g.copy(), k).number().close_to(
            d_b2[k], **TOL, what=f"dL/db2[{k}] (différences finies de la perte)",
            hint="Quelles composantes de o^a dépendent de b2_k, et avec quel coefficient ?")


def grad_W2_public(t: Trial) -> None:
    """grad_W2(grad_oa, h_s) is dL/dW2, of the shape (m, d_h) of W2 (finite differences of the loss)."""
    h_s, g = _upstream_oa()
    d_w2, _ = _numeric_w2_b2()
    t.call("grad_W2", g, h_s).array(shape=(5, 3)).close_to(
        d_w2, **TOL, what="dL/dW2 (différences finies de la perte)",
        hint="Le gradient a la forme de W2, (m, d_h) : rassemblez sans boucle les éléments de la question 2m.")


def grad_b2_public(t: Trial) -> None:
    """grad_b2(grad_oa) is dL/db2, of shape (m,) (finite differences of the loss)."""
    _, g = _upstream_oa()
    _, d_b2 = _numeric_w2_b2()
    t.call("grad_b2", g).array(shape=(5,)).close_to(
        d_b2, **TOL, what="dL/db2 (différences finies de la perte)",
        hint="Le gradient a la forme de b2 (m,).")


# --- 2o, 2p ------------------------------------------------------------------------------------

@_computed_once
def _numeric_hs() -> np.ndarray:
    _, h_s, _ = _layers()
    return numeric_gradient(lambda h: _loss_from_hs(h, W2, B2, Y), h_s)


def grad_hs_entry_public(t: Trial) -> None:
    """grad_hs_entry(grad_oa, W2, j) is dL/dh^s_j (finite differences of the loss)."""
    _, g = _upstream_oa()
    d_hs = _numeric_hs()
    for j in (0, 2):
        t.call("grad_hs_entry", g.copy(), W2.copy(), j).number().close_to(
            d_hs[j], **TOL, what=f"dL/dh^s_{j} (différences finies de la perte)",
            hint="h^s_j intervient dans toutes les sorties o^a_k : sommez leurs contributions.")


def grad_hs_public(t: Trial) -> None:
    """grad_hs(grad_oa, W2) is dL/dh^s, of shape (d_h,) (finite differences of the loss)."""
    _, g = _upstream_oa()
    t.call("grad_hs", g, W2.copy()).array(shape=(3,)).close_to(
        _numeric_hs(), **TOL, what="dL/dh^s (différences finies de la perte)",
        hint="W2 est de forme (m, d_h) et dL/do^a de forme (m,) : lequel des deux faut-il transposer ?")


# --- 2q, 2r ------------------------------------------------------------------------------------

def softplus_prime_public(t: Trial) -> None:
    """softplus_prime is the derivative of softplus: finite differences, hand values, and stability at +-800."""
    z = np.array([-3.0, -0.4, 0.0, 1.2, 2.5])
    numeric = numeric_gradient(lambda v: float(np.sum(handout_softplus(v))), z)
    hint = "Dérivez ln(1 + exp(z)), reconnaissez une fonction de la partie 1 et calculez-la de façon stable."
    t.call("softplus_prime", z).array(shape=(5,)).close_to(
        numeric, **TOL, what="la dérivée de softplus (différences finies)", hint=hint)
    t.call("softplus_prime", np.array([0.0, LN3, -LN3, 800.0, -800.0])).array(shape=(5,)).finite().close_to(
        [0.5, 0.75, 0.25, 1.0, 0.0], what="softplus'(z), qui vaut 1 en +800 et 0 en -800", hint=hint)


@_computed_once
def _numeric_ha() -> np.ndarray:
    return numeric_gradient(lambda h: _loss_from_ha(h, W2, B2, Y), H_A)


def grad_ha_entry_public(t: Trial) -> None:
    """grad_ha_entry(grad_hs, h_a, j) is dL/dh^a_j (finite differences of the loss)."""
    h_a, g = _upstream_hs()
    d_ha = _numeric_ha()
    for j in (0, 2):
        t.call("grad_ha_entry", g.copy(), h_a.copy(), j).number().close_to(
            d_ha[j], **TOL, what=f"dL/dh^a_{j} (différences finies de la perte)",
            hint="h^a_j n'agit sur la perte que par h^s_j = softplus(h^a_j).")


def grad_ha_public(t: Trial) -> None:
    """grad_ha(grad_hs, h_a) is dL/dh^a, of shape (d_h,) (finite differences of the loss)."""
    h_a, g = _upstream_hs()
    t.call("grad_ha", g, h_a).array(shape=(3,)).close_to(
        _numeric_ha(), **TOL, what="dL/dh^a (différences finies de la perte)",
        hint="Écrivez la question 2q pour tout le vecteur à la fois, sans boucle.")

