"""Correct answers to part 2 written another way: each must keep every point of its question on every seed."""

from __future__ import annotations

from autograder.variants import Alternative

ALTERNATIVES: list[Alternative] = [
    Alternative("2a", '''
def b1_shape(d, d_h):
    return [d_h, 1]


def hidden_layer(x, W1, b1):
    import math
    h_a = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(W1.tolist(), b1)]
    h_s = [max(h, 0.0) + math.log1p(math.exp(-abs(h))) for h in h_a]
    return h_a, h_s
''', "A column shape (d_h, 1), accepted by the contract; pure-Python loops and lists."),
    Alternative("2a", '''
def hidden_layer(x, W1, b1):
    h_a = np.einsum("jd,d->j", W1, x)
    h_a += b1
    return h_a, np.where(h_a > 30, h_a, np.log1p(np.exp(np.minimum(h_a, 30))))
''', "einsum with an in-place bias; softplus cut at 30, where log1p(exp(h)) = h to double precision."),
    Alternative("2b", '''
def output_shapes(d_h, m):
    return [np.zeros((m, d_h)).shape, (m, 1)]


def output_preactivation(h_s, W2, b2):
    return h_s @ W2.T + b2
''', "Shapes read off arrays, b2 as a column; h_s^T W2^T."),
    Alternative("2c", '''
def forward(x, W1, b1, W2, b2):
    h_s = np.logaddexp(0.0, W1 @ x + b1)
    o_a = W2 @ h_s + b2
    return np.exp(o_a - np.logaddexp.reduce(o_a))
''', "The log-sum-exp form of the softmax."),
    Alternative("2c", '''
def forward(x, W1, b1, W2, b2):
    import math
    h_s = [max(h, 0.0) + math.log1p(math.exp(-abs(h))) for h in (W1 @ x + b1).tolist()]
    o_a = [sum(w * h for w, h in zip(row, h_s)) + b for row, b in zip(W2.tolist(), b2.tolist())]
    top = max(o_a)
    e = [math.exp(o - top) for o in o_a]
    return [v / sum(e) for v in e]
''', "Pure-Python lists and loops returning a list."),
    Alternative("2d", '''
def binary_logit(o_a):
    return o_a[1] - o_a[0]
''', "A numpy scalar instead of a float."),
    Alternative("2d", '''
def binary_logit(o_a):
    return float(np.diff(o_a)[0])
''', "np.diff."),
    Alternative("2e", '''
def mse_loss(a, y):
    return (1 / (1 + np.exp(-a)) - y) ** 2


def mse_grad(a, y):
    s = 1 / (1 + np.exp(-a))
    return 2 * (s - y) * s * (1 - s)
''', "Naive sigmoid: stability is not graded in 2e."),
    Alternative("2e", '''
def mse_loss(a, y):
    return (0.5 * (1 + np.tanh(np.asarray(a) / 2)) - y) ** 2


def mse_grad(a, y):
    s = 0.5 * (1 + np.tanh(np.asarray(a) / 2))
    return (s - y) * (1 - np.tanh(np.asarray(a) / 2) ** 2) / 2
''', "sigma through tanh; sigma' = (1 - tanh^2(a/2)) / 4."),
    Alternative("2f", '''
def bce_loss(a, y):
    return np.logaddexp(0.0, a) - y * a


def bce_grad(a, y):
    return 1 / (1 + np.exp(-a)) - y
''', "softplus(a) - y a; naive sigmoid in the gradient (stability is not graded there)."),
    Alternative("2f", '''
def bce_loss(a, y):
    a = np.asarray(a, dtype=float)
    return np.where(y == 1, np.logaddexp(0.0, -a), np.logaddexp(0.0, a))
''', "np.where on the label."),
    Alternative("2g", '''
def gradient_ratio(a):
    s = 1 / (1 + np.exp(-a))
    return 2 * s * (1 - s)
''', "Naive 2 sigma (1 - sigma): exp overflows to inf, but the ratio is still 0 at +-1000."),
    Alternative("2g", '''
def gradient_ratio(a):
    return 0.5 / np.cosh(np.asarray(a, dtype=float) / 2) ** 2
''', "2 sigma (1 - sigma) = 1 / (2 cosh^2(a / 2))."),
    Alternative("2h", '''
def nll_from_logits(o_a, y):
    return np.logaddexp.reduce(o_a) - o_a[y]
''', "np.logaddexp.reduce, returning a numpy scalar."),
    Alternative("2h", '''
def nll_from_logits(o_a, y):
    import math
    values = [float(v) for v in o_a]
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values)) - values[y]
''', "Pure Python."),
    Alternative("2i", '''
def n_parameters(d, d_h, m):
    return (d + 1) * d_h + (d_h + 1) * m


def empirical_risk(X, Y, W1, b1, W2, b2):
    total = 0.0
    for x, y in zip(X, Y):
        o_a = W2 @ np.logaddexp(0.0, W1 @ x + b1) + b2
        total += np.logaddexp.reduce(o_a) - o_a[y]
    return total / len(Y)
''', "Factored count; a loop over the examples with logaddexp.reduce."),
    Alternative("2i", '''
def empirical_risk(X, Y, W1, b1, W2, b2):
    H = np.einsum("nd,hd->nh", X, W1) + b1
    O = np.einsum("nh,mh->nm", np.logaddexp(0.0, H), W2) + b2
    top = O.max(axis=1, keepdims=True)
    log_probs = O - top - np.log(np.exp(O - top).sum(axis=1, keepdims=True))
    return -np.take_along_axis(log_probs, Y[:, None], axis=1).mean()
''', "einsum and take_along_axis on log-probabilities."),
    Alternative("2j", '''
def gradient_step(params, grads, lr):
    new = {name: np.array(value, dtype=float) for name, value in params.items()}
    for name in new:
        new[name] -= lr * grads[name]
    return new
''', "In-place update of fresh copies."),
    Alternative("2k", '''
def regularized_step(params, grads, lr, lam):
    return {k: (1 - 2 * lr * lam) * np.asarray(params[k]) - lr * np.asarray(grads[k]) for k in params}
''', "Weight decay form (1 - 2 lr lam) theta - lr grad."),
    Alternative("2l", '''
def grad_output_preactivation(o_a, y):
    return np.exp(o_a - np.logaddexp.reduce(o_a)) - np.eye(len(o_a))[y]
''', "log-sum-exp softmax minus a row of the identity."),
    Alternative("2l", '''
def grad_output_preactivation(o_a, y):
    import math
    top = max(o_a)
    e = [math.exp(v - top) for v in o_a]
    total = sum(e)
    return [v / total - (1.0 if k == y else 0.0) for k, v in enumerate(e)]
''', "Pure Python, returning a list."),
    Alternative("2m", '''
def grad_W2_entry(grad_oa, h_s, k, j):
    return grad_oa[k] * h_s[j]


def grad_b2_entry(grad_oa, k):
    return grad_oa[k]
''', "numpy scalars instead of floats."),
    Alternative("2n", '''
def grad_W2(grad_oa, h_s):
    return grad_oa[:, None] * h_s[None, :]


def grad_b2(grad_oa):
    return grad_oa.copy()
''', "Broadcasting instead of np.outer."),
    Alternative("2n", '''
def grad_W2(grad_oa, h_s):
    return np.einsum("k,j->kj", grad_oa, h_s)


def grad_b2(grad_oa):
    return [float(v) for v in grad_oa]
''', "einsum; a list for dL/db2."),
    Alternative("2o", '''
def grad_hs_entry(grad_oa, W2, j):
    return sum(grad_oa[k] * W2[k][j] for k in range(len(grad_oa)))
''', "A loop over k, numpy scalar result."),
    Alternative("2o", '''
def grad_hs_entry(grad_oa, W2, j):
    return float((grad_oa @ W2)[j])
''', "Row vector times W2, then component j."),
    Alternative("2p", '''
def grad_hs(grad_oa, W2):
    return grad_oa @ W2
''', "g^T W2 instead of W2^T g."),
    Alternative("2p", '''
def grad_hs(grad_oa, W2):
    return np.einsum("k,kj->j", grad_oa, W2)
''', "einsum."),
    Alternative("2q", '''
def softplus_prime(z):
    return 0.5 * (1 + np.tanh(np.asarray(z, dtype=float) / 2))


def grad_ha_entry(grad_hs, h_a, j):
    return grad_hs[j] / (1 + np.exp(-h_a[j]))
''', "tanh form; naive 1/(1 + exp(-h)), which overflows to inf and still gives 0 at h = -1000."),
    Alternative("2q", '''
def softplus_prime(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def grad_ha_entry(grad_hs, h_a, j):
    import math
    h = float(h_a[j])
    return grad_hs[j] * (1 / (1 + math.exp(-h)) if h >= 0 else math.exp(h) / (1 + math.exp(h)))
''', "exp(-softplus(-z)); math with a branch per sign."),
    Alternative("2r", '''
def grad_ha(grad_hs, h_a):
    return grad_hs / (1 + np.exp(-h_a))
''', "Naive sigmoid: exp(-h) overflows to inf for h = -1000, the quotient is still 0."),
    Alternative("2r", '''
def grad_ha(grad_hs, h_a):
    out = np.array(grad_hs, dtype=float)
    out *= 0.5 * (1 + np.tanh(np.asarray(h_a) / 2))
    return out
''', "In-place product with the tanh form."),
]

# Careful rewrites through log space.
ALTERNATIVES += [
    Alternative("2g", '''
def gradient_ratio(a):
    a = np.asarray(a, dtype=float)
    return 2.0 * np.exp(-np.logaddexp(0.0, a) - np.logaddexp(0.0, -a))
''', "2 sigma(a) (1 - sigma(a)) as the exponential of -softplus(a) - softplus(-a)."),
    Alternative("2h", '''
def nll_from_logits(o_a, y):
    o_a = np.asarray(o_a, dtype=float)
    log_probs = o_a - np.logaddexp.reduce(o_a)
    return float(-log_probs[int(y)])
''', "-log_softmax(o_a)[y] with np.logaddexp.reduce."),
    Alternative("2i", '''
def empirical_risk(X, Y, W1, b1, W2, b2):
    total = 0.0
    for x, y in zip(np.asarray(X, dtype=float), np.asarray(Y)):
        o_a = np.asarray(W2, dtype=float) @ np.logaddexp(0.0, np.asarray(W1, dtype=float) @ x + b1) + b2
        total += np.logaddexp.reduce(o_a) - o_a[int(y)]
    return float(total / len(Y))
''', "A loop over the examples (n = 1 included), each loss through logaddexp.reduce."),
]
