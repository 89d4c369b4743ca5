"""Plausible wrong answers to part 1 (questions 1a-1m): each must lose its own question's points only."""

from __future__ import annotations

from tests.mutants import Mutant

MUTANTS: list[Mutant] = [
    # 1a
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return np.where(x >= 0, 1.0, -1.0)\n",
        why="Uses 1_{x>=0} - 1_{x<0}, so sign(0) is 1 instead of 0.",
    ),
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(invalid='ignore'):\n"
               "        return x / np.abs(x)\n",
        why="Computes x / |x|, which is NaN at 0.",
    ),
    # 1b
    Mutant(
        question="1b", function="relu_derivative",
        source="def relu_derivative(x):\n"
               "    return np.maximum(0.0, np.asarray(x, dtype=float))\n",
        why="Returns ReLU itself instead of its derivative.",
    ),
    Mutant(
        question="1b", function="relu_derivative",
        source="def relu_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return (x > 0).astype(float) - (x < 0).astype(float)\n",
        why="Confuses the Heaviside step with the sign function (-1 for x < 0).",
    ),
    # 1c
    Mutant(
        question="1c", function="relu_product",
        source="def relu_product(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return x * np.sign(x)\n",
        why="Multiplies x by sign(x) instead of H(x), which gives |x|.",
    ),
    Mutant(
        question="1c", function="relu_product",
        source="def relu_product(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))\n",
        why="Returns H(x) alone, forgetting the factor x.",
    ),
    Mutant(
        question="1c", function="relu_integral",
        source="def relu_integral(x):\n"
               "    return np.asarray(x, dtype=float).copy()\n",
        why="Integrates 1 from 0 to x instead of H from -inf to x, which gives x.",
    ),
    Mutant(
        question="1c", function="relu_integral",
        source="def relu_integral(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.where(x > 0, x, 0.0) ** 2 / 2\n",
        why="Integrates t H(t) instead of H(t), which gives max(0, x)^2 / 2.",
    ),
    # 1d
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(k * np.asarray(x, dtype=float))\n"
               "        return e / (1.0 + e)\n",
        why="Writes exp(kx) / (1 + exp(kx)), which is inf / inf = NaN when kx is large.",
    ),
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    with np.errstate(over='ignore'):\n"
               "        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float) / k))\n",
        why="Divides x by k instead of multiplying, so the sigmoid flattens instead of steepening.",
    ),
    # 1e
    Mutant(
        question="1e", function="sigmoid_derivative",
        source="def sigmoid_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(-x)\n"
               "        return e / (1.0 + e) ** 2\n",
        why="Uses exp(-x) / (1 + exp(-x))^2, which is inf / inf = NaN at -800.",
    ),
    Mutant(
        question="1e", function="sigmoid_derivative",
        source="def sigmoid_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
        why="Returns sigma(x) itself, forgetting the factor 1 - sigma(x).",
    ),
    Mutant(
        question="1e", function="sigmoid_jacobian",
        source="def sigmoid_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n"
               "    d = s * (1.0 - s)\n"
               "    return np.outer(d, d)\n",
        why="Builds the outer product sigma' sigma'^T instead of the diagonal matrix delta_ij sigma'(x_i).",
    ),
    Mutant(
        question="1e", function="sigmoid_jacobian",
        source="def sigmoid_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n"
               "    return np.outer(s, 1.0 - s)\n",
        why="Writes sigma (1 - sigma)^T as an outer product, filling the off-diagonal terms.",
    ),
    # 1f
    Mutant(
        question="1f", function="log_sigmoid",
        source="def log_sigmoid(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore', divide='ignore'):\n"
               "        return np.log(1.0 / (1.0 + np.exp(-x)))\n",
        why="Takes the log of the naive sigmoid, which gives -inf at -1000.",
    ),
    Mutant(
        question="1f", function="log_sigmoid",
        source="def log_sigmoid(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return -(np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x))))\n",
        why="Writes -softplus(x) instead of -softplus(-x).",
    ),
    # 1g
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.log(1.0 + np.exp(np.asarray(x, dtype=float)))\n",
        why="Uses the naive ln(1 + exp(x)), which overflows to inf at 1000.",
    ),
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.maximum(x, 0.0) + np.log1p(np.exp(-x))\n",
        why="Factors out max(x, 0) but keeps exp(-x) instead of exp(-|x|), which overflows at -1000.",
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    x = -np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
        why="Returns sigma(-x) instead of sigma(x), a sign slip in the chain rule.",
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        return e / (1.0 + e)\n",
        why="Writes exp(x) / (1 + exp(x)), which is inf / inf = NaN at 1000.",
    ),
    # 1h
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        return e / e.sum(axis=-1, keepdims=True)\n",
        why="The naive softmax, which overflows at 1000 and divides 0 by 0 at -1000.",
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=0, keepdims=True)\n",
        why="Normalises along axis 0 instead of the last axis, wrong on a batch.",
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(invalid='ignore'):\n"
               "        e = np.exp(x - x.max())\n"
               "        return e / e.sum(axis=-1, keepdims=True)\n",
        why="Subtracts the global maximum of a batch instead of each row's, so rows far below it underflow to 0 / 0.",
    ),
    # 1i
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_uniforme' if alpha > 1 else 'plus_piquee' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': False}\n",
        why="Swaps the effects: alpha > 1 does not flatten the distribution, it sharpens it.",
    ),
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha > 1 else 'plus_uniforme' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': alpha != 1}\n",
        why="Believes the predicted class changes whenever the distribution does.",
    ),
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha >= 1 else 'plus_uniforme'\n"
               "    return {'distribution': d, 'prediction_changes': False}\n",
        why="Forgets that alpha = 1 leaves the distribution unchanged.",
    ),
    # 1j
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(s[i] * ((i == j) - s[i]))\n",
        why="Writes S_i (delta_ij - S_i) instead of S_i (delta_ij - S_j), wrong off the diagonal.",
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(-s[i] * s[j])\n",
        why="Forgets the Kronecker delta, so the diagonal is -S_i^2 instead of S_i (1 - S_i).",
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        s = e / e.sum()\n"
               "    return float(s[i] * ((i == j) - s[j]))\n",
        why="Right formula on the naive softmax, NaN after a large shift.",
    ),
    # 1k
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return np.diag(s * (1.0 - s))\n",
        why="Keeps only the diagonal S_i (1 - S_i), missing the off-diagonal terms -S_i S_j.",
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return np.outer(s, s) - np.diag(s)\n",
        why="Flips the sign: S S^T - diag(S).",
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        s = e / e.sum()\n"
               "    return np.diag(s) - np.outer(s, s)\n",
        why="Right formula on the naive softmax, NaN after a large shift.",
    ),
    # 1l
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    return jac[i] - jac.mean(axis=0)\n",
        why="Subtracts the uniform mean of the grad x_j instead of their expectation under S(x).",
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return s[i] * (jac[i] - s @ jac)\n",
        why="Returns the gradient of S_i instead of ln S_i (an extra factor S_i).",
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return jac[:, i] - jac.T @ s\n",
        why="Reads grad_u x_i as column i of jac instead of row i (a transposition).",
    ),
    # 1m
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    return np.asarray(c, dtype=float) - e / e.sum()\n",
        why="Flips the sign: c - S(x) is the gradient of the log-likelihood, not of the loss.",
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        return e / e.sum() - np.asarray(c, dtype=float)\n",
        why="S(x) - c with the naive softmax, NaN at 1000.",
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    with np.errstate(divide='ignore', invalid='ignore'):\n"
               "        return -np.asarray(c, dtype=float) / (e / e.sum())\n",
        why="Returns the gradient -c / y with respect to y = S(x) instead of x.",
    ),
]
