"""Correct answers to part 1 (questions 1a-1m) written another way: each must keep every point on every seed.

They cover what students actually hand in: loops over plain Python numbers,
numpy's logaddexp and hand-written logsumexp, einsum and loops for Jacobians,
numpy scalars for floats, boolean arrays for 0/1 values, in-place edits of the
inputs, the handout's formulas typed literally (a team's answers translated
into the stubs), and the handout's softmax without max-subtraction in the
questions that do not ask for numerical stability (1j-1m). The sweep checks
every question whose function an alternative redefines, so that softmax is
written inside each function here rather than as a shared ``softmax`` (which
would rightly lose 1h's stability cases).
"""

from __future__ import annotations

from autograder.variants import Alternative

ALTERNATIVES: list[Alternative] = [
    # 1a
    Alternative("1a", '''
def sign(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        value = float(x[index])
        out[index] = 1.0 if value > 0 else (-1.0 if value < 0 else 0.0)
    return out
''', "A loop over plain Python floats, one comparison at a time."),
    Alternative("1a", '''
def sign(x):
    return np.heaviside(x, 0.0) - np.heaviside(-np.asarray(x, dtype=float), 0.0)
''', "H(x) - H(-x) with numpy's heaviside and the value 0 at 0."),
    # 1b
    Alternative("1b", '''
def relu_derivative(x):
    return np.heaviside(x, 0.5)
''', "numpy's heaviside with the handout's H(0) = 1/2."),
    Alternative("1b", '''
def relu_derivative(x):
    return np.asarray(x) > 0
''', "A boolean array: True and False are the values 1 and 0 of H away from 0."),
    # 1c
    Alternative("1c", '''
def relu_product(x):
    x = np.asarray(x, dtype=float)
    return x * np.heaviside(x, 0.5)
''', "x H(x) literally, with numpy's heaviside (a negative zero where x < 0 equals 0)."),
    Alternative("1c", '''
def relu_product(x):
    x = np.asarray(x, dtype=float)
    values = [v * (1.0 if v > 0 else 0.5 if v == 0 else 0.0) for v in x.ravel().tolist()]
    return np.array(values).reshape(x.shape)

def relu_integral(x):
    return (np.asarray(x, dtype=float) + np.abs(x)) / 2
''', "x H(x) over a Python list, H(0) = 1/2 included; (x + |x|) / 2 for the integral."),
    Alternative("1c", '''
def relu_integral(x):
    x = np.array(x, dtype=float)
    x[x < 0] = 0.0
    return x
''', "Clears the negative entries in place in a copy."),
    # 1d
    Alternative("1d", '''
def steep_sigmoid(x, k):
    return 1 / (1 + np.exp(-k * np.asarray(x, dtype=float)))
''', "The handout's formula typed literally: exp overflows to inf, but 1 / inf = 0 is exact."),
    Alternative("1d", '''
def steep_sigmoid(x, k):
    return np.exp(-np.logaddexp(0.0, -k * np.asarray(x, dtype=float)))
''', "exp(-softplus(-k x)) with logaddexp."),
    Alternative("1d", '''
def steep_sigmoid(x, k):
    return 0.5 * (1.0 + np.tanh(k * np.asarray(x, dtype=float) / 2))
''', "The tanh form (1 + tanh(k x / 2)) / 2."),
    Alternative("1d", '''
def steep_sigmoid(x, k):
    import math
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for index in np.ndindex(x.shape):
        z = k * float(x[index])
        out[index] = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return out
''', "A loop over Python floats with math.exp, one stable branch per sign of k x (k x = ±inf included)."),
    # 1e
    Alternative("1e", '''
def sigmoid_derivative(x):
    sig = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
    return sig * (1 - sig)

def sigmoid_jacobian(x):
    sig = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
    return np.diag(sig * (1 - sig))
''', "sigma (1 - sigma) with the handout's sigma typed literally (stability is not asked in 1e)."),
    Alternative("1e", '''
def sigmoid_derivative(x):
    e = np.exp(-np.asarray(x, dtype=float))
    return e / (1 + e) ** 2

def sigmoid_jacobian(x):
    x = np.asarray(x, dtype=float)
    s = 1 / (1 + np.exp(-x))
    return np.einsum("i,ij->ij", s - s ** 2, np.eye(x.size))
''', "e^-x / (1 + e^-x)^2, and the Jacobian as an einsum with the identity."),
    Alternative("1e", '''
def sigmoid_jacobian(x):
    import math
    n = len(x)
    rows = []
    for i in range(n):
        s = 1.0 / (1.0 + math.exp(-float(x[i])))
        rows.append([s * (1.0 - s) if i == j else 0.0 for j in range(n)])
    return rows
''', "Loops over Python floats with math.exp, returning a list of lists."),
    # 1f
    Alternative("1f", '''
def log_sigmoid(x):
    x = np.asarray(x, dtype=float)
    return x - np.logaddexp(0.0, x)
''', "x - softplus(x): exact and stable, with a cancellation of a few ulps of x for x of a few tens."),
    Alternative("1f", '''
def log_sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))
''', "min(x, 0) - ln(1 + e^-|x|)."),
    Alternative("1f", '''
def log_sigmoid(x):
    import math
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for index in np.ndindex(x.shape):
        v = float(x[index])
        out[index] = v - math.log1p(math.exp(v)) if v < 0 else -math.log1p(math.exp(-v))
    return out
''', "A loop with math.log1p, one branch per sign."),
    # 1g
    Alternative("1g", '''
def softplus(x):
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))

def softplus_derivative(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
''', "max(x, 0) + ln(1 + e^-|x|); sigma typed literally (1 / inf = 0 at -1e6 is exact)."),
    Alternative("1g", '''
def softplus(x):
    return -log_sigmoid(-np.asarray(x, dtype=float))

def softplus_derivative(x):
    return np.exp(log_sigmoid(x))
''', "Through 1f: softplus(x) = -ln sigma(-x) and sigma = exp(ln sigma)."),
    Alternative("1g", '''
def softplus(x):
    x = np.array(x, dtype=float)
    big = x > 30
    x[~big] = np.log1p(np.exp(x[~big]))
    return x

def softplus_derivative(x):
    return 0.5 * (1.0 + np.tanh(np.asarray(x, dtype=float) / 2))
''', "In-place edit: softplus(x) = x above 30 (exact to the last bit), ln(1 + e^x) below; tanh form of sigma."),
    # 1h
    Alternative("1h", '''
def softmax(x):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
    return np.exp(x - lse)
''', "exp(x - logsumexp(x)) with a hand-written logsumexp."),
    Alternative("1h", '''
def softmax(x):
    x = np.array(x, dtype=float)
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x
''', "Every step in place on one copy."),
    Alternative("1h", '''
def softmax(x):
    import math
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        return np.array([softmax(row) for row in x])
    values = [float(v) for v in x]
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]
''', "Plain Python lists and math.exp, a recursive call per row of a batch."),
    Alternative("1h", '''
def softmax(x):
    x = np.asarray(x, dtype=float)
    x -= np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)
''', "Subtracts the maximum in place in the argument itself (the grader hands over a copy)."),
    # 1i
    Alternative("1i", '''
def scaling_effect(alpha):
    if alpha == 1:
        return {"distribution": "inchangee", "prediction_changes": np.False_}
    return {"prediction_changes": np.bool_(False), "distribution": ("plus_piquee", "plus_uniforme")[int(alpha < 1)]}
''', "numpy booleans, keys in another order, a tuple lookup."),
    # 1j
    Alternative("1j", '''
def softmax_partial(x, i, j):
    e = np.exp(x)
    s = e / np.sum(e)
    return s[i] * ((i == j) - s[j])
''', "The handout's softmax without max-subtraction (1j does not ask for stability); a numpy scalar."),
    Alternative("1j", '''
def softmax_partial(x, i, j):
    x = np.asarray(x, dtype=float)
    lse = np.logaddexp.reduce(x)
    delta = 1.0 if i == j else 0.0
    return float(np.exp(x[i] - lse) * (delta - np.exp(x[j] - lse)))
''', "Probabilities in log space, with logaddexp.reduce."),
    Alternative("1j", '''
def softmax_partial(x, i, j):
    return float(softmax_jacobian(x)[i][j])
''', "An entry of the 1k Jacobian."),
    # 1k
    Alternative("1k", '''
def softmax_jacobian(x):
    e = np.exp(x)
    s = e / np.sum(e)
    return np.diag(s) - np.outer(s, s)
''', "The handout's softmax without max-subtraction (1k does not ask for stability)."),
    Alternative("1k", '''
def softmax_jacobian(x):
    s = softmax(x)
    n = len(s)
    return np.einsum("i,ij->ij", s, np.eye(n)) - np.einsum("i,j->ij", s, s)
''', "einsum for both terms."),
    Alternative("1k", '''
def softmax_jacobian(x):
    n = len(x)
    return [[softmax_partial(x, i, j) for j in range(n)] for i in range(n)]
''', "A list of lists of 1j partial derivatives."),
    Alternative("1k", '''
def softmax_jacobian(x):
    s = softmax(x)[:, None]
    return s * (np.eye(len(s)) - s.T)
''', "An (n, 1) column times (I - S^T), broadcasting."),
    # 1l
    Alternative("1l", '''
def grad_log_softmax(x, jac, i):
    e = np.exp(x)
    s = e / np.sum(e)
    jac = np.asarray(jac, dtype=float)
    return jac[i] - jac.T @ s
''', "The handout's softmax without max-subtraction, and jac^T S for S^T jac."),
    Alternative("1l", '''
def grad_log_softmax(x, jac, i):
    s = softmax(x)
    n, p = len(jac), len(jac[0])
    expectation = [sum(s[j] * jac[j][k] for j in range(n)) for k in range(p)]
    return [jac[i][k] - expectation[k] for k in range(p)]
''', "Loops over Python numbers, returning a list."),
    Alternative("1l", '''
def grad_log_softmax(x, jac, i):
    s = softmax(x)
    jac = np.asarray(jac, dtype=float)
    return jac[i] - np.einsum("j,jk->k", s, jac)
''', "einsum for the expectation."),
    Alternative("1l", '''
def grad_log_softmax(x, jac, i):
    jac = np.asarray(jac, dtype=float)
    weights = softmax(x)[:, None]
    return jac[i] - (weights * jac).sum(axis=0)
''', "An (n, 1) column of weights broadcast over the rows of jac."),
    Alternative("1l", '''
def grad_log_softmax(x, jac, i):
    x = np.asarray(x, dtype=float)
    jac = np.asarray(jac, dtype=float)
    e = np.exp(x - x.max())
    jac -= (e / e.sum()) @ jac
    return jac[i]
''', "Centres the rows of jac in place in the argument itself, then reads row i."),
    # 1m
    Alternative("1m", '''
def cross_entropy_grad(x, c):
    e = np.exp(x)
    return e / np.sum(e) - c
''', "The handout's softmax without max-subtraction (1m does not ask for stability)."),
    Alternative("1m", '''
def cross_entropy_grad(x, c):
    n = len(x)
    return -sum(c[i] * grad_log_softmax(x, np.eye(n), i) for i in range(n))
''', "1l applied literally: -sum_i c_i grad ln S_i with an identity Jacobian."),
    Alternative("1m", '''
def cross_entropy_grad(x, c):
    x = np.asarray(x, dtype=float)
    log_s = x - np.logaddexp.reduce(x)
    return np.exp(log_s) * np.sum(c) - c
''', "S sum(c) - c with S from log-probabilities."),
]

# Careful rewrites through log space: each goes through an intermediate of the size of its input, which the
# tolerances must allow for (docs/tolerances.md).
ALTERNATIVES += [
    Alternative("1d", '''
def steep_sigmoid(x, k):
    z = k * np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isposinf(z), 1.0, np.exp(z - np.logaddexp(0.0, z)))
''', "sigma(k x) = exp(k x - softplus(k x)) through log space (k x = +inf handled apart)."),
    Alternative("1d", '''
def steep_sigmoid(x, k):
    z = k * np.asarray(x, dtype=float)
    log_sigma = np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))
    return np.exp(log_sigma)
''', "sigma(k x) as the exponential of a careful ln sigma(k x) = min(k x, 0) - ln(1 + exp(-|k x|))."),
    Alternative("1f", '''
def log_sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))
''', "min(x, 0) - ln(1 + exp(-|x|)), the careful form without logaddexp."),
    Alternative("1h", '''
def softmax(x):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=-1, keepdims=True)
    log_norm = top + np.log(np.sum(np.exp(x - top), axis=-1, keepdims=True))
    return np.exp(x - log_norm)
''', "exp(x - logsumexp(x)): the softmax through its log-probabilities."),
    Alternative("1e", '''
def sigmoid_jacobian(x):
    x = np.asarray(x, dtype=float)
    log_s = -np.logaddexp(0.0, -x)
    log_1ms = -np.logaddexp(0.0, x)
    return np.diag(np.exp(log_s + log_1ms))
''', "sigma'(x) = exp(ln sigma(x) + ln(1 - sigma(x))) on the diagonal, in log space."),
]
