"""Plausible wrong answers to part 1 (questions 1a-1m): each must lose its own question's points only."""

from __future__ import annotations

from autograder.variants import Mutant

MUTANTS: list[Mutant] = [
    # 1a
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return np.where(x >= 0, 1.0, -1.0)\n",
        why="Uses 1_{x>=0} - 1_{x<0}, so sign(0) is 1 instead of 0.",
        hint='inégalités strictes',
    ),
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(invalid='ignore'):\n"
               "        return x / np.abs(x)\n",
        why="Computes x / |x|, which is NaN at 0.",
        hint="n'est pas défini",
    ),
    # 1b
    Mutant(
        question="1b", function="relu_derivative",
        source="def relu_derivative(x):\n"
               "    return np.maximum(0.0, np.asarray(x, dtype=float))\n",
        why="Returns ReLU itself instead of its derivative.",
        hint='ReLU elle-même',
    ),
    Mutant(
        question="1b", function="relu_derivative",
        source="def relu_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return (x > 0).astype(float) - (x < 0).astype(float)\n",
        why="Confuses the Heaviside step with the sign function (-1 for x < 0).",
        hint='fonction signe',
    ),
    # 1c
    Mutant(
        question="1c", function="relu_product",
        source="def relu_product(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return x * np.sign(x)\n",
        why="Multiplies x by sign(x) instead of H(x), which gives |x|.",
        hint='x sign(x) = |x|',
    ),
    Mutant(
        question="1c", function="relu_product",
        source="def relu_product(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))\n",
        why="Returns H(x) alone, forgetting the factor x.",
        hint='Il manque le facteur x',
    ),
    Mutant(
        question="1c", function="relu_integral",
        source="def relu_integral(x):\n"
               "    return np.asarray(x, dtype=float).copy()\n",
        why="Integrates 1 from 0 to x instead of H from -inf to x, which gives x.",
        hint="l'intégrale de H jusqu'à x est nulle",
    ),
    Mutant(
        question="1c", function="relu_integral",
        source="def relu_integral(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.where(x > 0, x, 0.0) ** 2 / 2\n",
        why="Integrates t H(t) instead of H(t), which gives max(0, x)^2 / 2.",
        hint='t H(t)',
    ),
    # 1d
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(k * np.asarray(x, dtype=float))\n"
               "        return e / (1.0 + e)\n",
        why="Writes exp(kx) / (1 + exp(kx)), which is inf / inf = NaN when kx is large.",
        hint="n'évaluez l'exponentielle que d'un argument négatif",
    ),
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    with np.errstate(over='ignore'):\n"
               "        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float) / k))\n",
        why="Divides x by k instead of multiplying, so the sigmoid flattens instead of steepening.",
        hint='k multiplie x',
    ),
    # 1e
    Mutant(
        question="1e", function="sigmoid_derivative",
        source="def sigmoid_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
        why="Returns sigma(x) itself, forgetting the factor 1 - sigma(x).",
        hint='il manque le facteur 1 - sigma(x)',
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
        hint="produit extérieur sigma' sigma'^T",
    ),
    Mutant(
        question="1e", function="sigmoid_jacobian",
        source="def sigmoid_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n"
               "    return np.outer(s, 1.0 - s)\n",
        why="Writes sigma (1 - sigma)^T as an outer product, filling the off-diagonal terms.",
        hint='sigma (1 - sigma)^T est un produit extérieur',
    ),
    # 1f
    Mutant(
        question="1f", function="log_sigmoid",
        source="def log_sigmoid(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore', divide='ignore'):\n"
               "        return np.log(1.0 / (1.0 + np.exp(-x)))\n",
        why="Takes the log of the naive sigmoid, which gives -inf at -1000.",
        hint='passez par -softplus(-x)',
    ),
    Mutant(
        question="1f", function="log_sigmoid",
        source="def log_sigmoid(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return -(np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x))))\n",
        why="Writes -softplus(x) instead of -softplus(-x).",
        hint="C'est -softplus(x)",
    ),
    # 1g
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.log(1.0 + np.exp(np.asarray(x, dtype=float)))\n",
        why="Uses the naive ln(1 + exp(x)), which overflows to inf at 1000.",
        hint='déborde',
    ),
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(over='ignore'):\n"
               "        return np.maximum(x, 0.0) + np.log1p(np.exp(-x))\n",
        why="Factors out max(x, 0) but keeps exp(-x) instead of exp(-|x|), which overflows at -1000.",
        hint='exp(1000) déborde',
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    x = -np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
        why="Returns sigma(-x) instead of sigma(x), a sign slip in the chain rule.",
        hint="C'est sigma(-x)",
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        return e / (1.0 + e)\n",
        why="Writes exp(x) / (1 + exp(x)), which is inf / inf = NaN at 1000.",
        hint='inf / inf',
    ),
    # 1h
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    with np.errstate(over='ignore', invalid='ignore'):\n"
               "        e = np.exp(np.asarray(x, dtype=float))\n"
               "        return e / e.sum(axis=-1, keepdims=True)\n",
        why="The naive softmax, which overflows at 1000 and divides 0 by 0 at -1000.",
        hint='Une exponentielle déborde',
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=0, keepdims=True)\n",
        why="Normalises along axis 0 instead of the last axis, wrong on a batch.",
        hint='dernier axe',
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    with np.errstate(invalid='ignore'):\n"
               "        e = np.exp(x - x.max())\n"
               "        return e / e.sum(axis=-1, keepdims=True)\n",
        why="Subtracts the global maximum of a batch instead of each row's, so rows far below it underflow to 0 / 0.",
        hint='maximum global',
    ),
    # 1i
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_uniforme' if alpha > 1 else 'plus_piquee' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': False}\n",
        why="Swaps the effects: alpha > 1 does not flatten the distribution, it sharpens it.",
        hint='les écarts alpha x_i',
    ),
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha > 1 else 'plus_uniforme' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': alpha != 1}\n",
        why="Believes the predicted class changes whenever the distribution does.",
        hint="préserve l'ordre",
    ),
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha >= 1 else 'plus_uniforme'\n"
               "    return {'distribution': d, 'prediction_changes': False}\n",
        why="Forgets that alpha = 1 leaves the distribution unchanged.",
        hint='Pour alpha = 1',
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
        hint='S_i (delta_ij - S_i)',
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(-s[i] * s[j])\n",
        why="Forgets the Kronecker delta, so the diagonal is -S_i^2 instead of S_i (1 - S_i).",
        hint='delta de Kronecker manque',
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
        hint='Seule la diagonale',
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return np.outer(s, s) - np.diag(s)\n",
        why="Flips the sign: S S^T - diag(S).",
        hint='erreur de signe',
    ),
    # 1l
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    return jac[i] - jac.mean(axis=0)\n",
        why="Subtracts the uniform mean of the grad x_j instead of their expectation under S(x).",
        hint='moyenne uniforme',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return s[i] * (jac[i] - s @ jac)\n",
        why="Returns the gradient of S_i instead of ln S_i (an extra factor S_i).",
        hint='le facteur S_i est de trop',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return jac[:, i] - jac.T @ s\n",
        why="Reads grad_u x_i as column i of jac instead of row i (a transposition).",
        hint='colonne i',
    ),
    # 1m
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    return np.asarray(c, dtype=float) - e / e.sum()\n",
        why="Flips the sign: c - S(x) is the gradient of the log-likelihood, not of the loss.",
        hint='erreur de signe',
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    with np.errstate(divide='ignore', invalid='ignore'):\n"
               "        return -np.asarray(c, dtype=float) / (e / e.sum())\n",
        why="Returns the gradient -c / y with respect to y = S(x) instead of x.",
        hint='par rapport à y = S(x)',
    ),
    # Mistakes that only some inputs reveal: a regime of the sign, |x| for x, a shift by the minimum,
    # a transpose that the shapes allow, a factor that vanishes at one size. Each case builds those inputs.
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    return (x > 0).astype(float) - (x <= 0).astype(float)\n",
        why="Uses 1_{x>0} - 1_{x<=0}, so sign(0) is -1 instead of 0.",
        hint='inégalités strictes',
    ),
    Mutant(
        question="1a", function="sign",
        source="def sign(x):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    return (x > 0).astype(float) - (x < 0).astype(float)\n",
        why="Compares |x| with 0 instead of x, so every negative value gets +1.",
        hint='Vous comparez |x|',
    ),
    Mutant(
        question="1b", function="relu_derivative",
        source="def relu_derivative(x):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))\n",
        why="Takes H(|x|), which is 1 for negative x.",
        hint='Vous renvoyez 1 aussi pour x < 0',
    ),
    Mutant(
        question="1c", function="relu_integral",
        source="def relu_integral(x):\n"
               "    return np.abs(np.asarray(x, dtype=float))\n",
        why="Integrates |H| over [0, x] without its orientation, which gives |x|.",
        hint="l'intégrale de H jusqu'à x est nulle",
    ),
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    scaled = np.minimum(np.abs(x), 800.0 * k) * k\n"
               "    small = np.exp(-scaled)\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))\n",
        why="Caps |x| at 800 k instead of 800 / k, which flattens the sigmoid for a small k.",
        hint='ne bornez jamais x seul',
    ),
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    scaled = np.minimum(np.abs(x), 800.0) * k\n"
               "    small = np.exp(-scaled)\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))\n",
        why="Caps x itself at 800 instead of k x, wrong for a small k and |x| in the thousands.",
        hint='ne bornez jamais x seul',
    ),
    Mutant(
        question="1d", function="steep_sigmoid",
        source="def steep_sigmoid(x, k):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    small = np.exp(-np.minimum(np.abs(x), 800.0 / k) * k)\n"
               "    return 1.0 / (1.0 + small)\n",
        why="Keeps only the x >= 0 branch of the stable form, which computes sigma(k |x|).",
        hint='sigma(k |x|)',
    ),
    Mutant(
        question="1e", function="sigmoid_derivative",
        source="def sigmoid_derivative(x):\n"
               "    s = 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))\n"
               "    return s * (s - 1.0)\n",
        why="Flips the sign: sigma (sigma - 1).",
        hint='erreur de signe',
    ),
    Mutant(
        question="1e", function="sigmoid_jacobian",
        source="def sigmoid_jacobian(x):\n"
               "    return np.diag(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))))\n",
        why="Puts sigma(x_i) on the diagonal instead of sigma'(x_i).",
        hint='pas sigma(x_i)',
    ),
    Mutant(
        question="1f", function="log_sigmoid",
        source="def log_sigmoid(x):\n"
               "    return -np.logaddexp(0.0, -np.abs(np.asarray(x, dtype=float)))\n",
        why="Uses -softplus(-|x|), which drops the x term for negative x.",
        hint='Vous utilisez |x|',
    ),
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    return np.logaddexp(0.0, np.abs(np.asarray(x, dtype=float)))\n",
        why="Computes softplus(|x|), wrong for every negative x.",
        hint='softplus(|x|)',
    ),
    Mutant(
        question="1g", function="softplus",
        source="def softplus(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    tail = np.log1p(np.exp(-np.abs(x)))\n"
               "    return np.where(x > 0, x + tail, -x + tail)\n",
        why="Writes the negative branch as -x + ln(1 + e^x) instead of ln(1 + e^x).",
        hint='softplus(|x|)',
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    small = np.exp(-np.abs(np.asarray(x, dtype=float)))\n"
               "    return 1.0 / (1.0 + small)\n",
        why="Keeps only the x >= 0 branch of the stable sigmoid, which computes sigma(|x|).",
        hint='sigma(|x|)',
    ),
    Mutant(
        question="1g", function="softplus_derivative",
        source="def softplus_derivative(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    small = np.exp(-np.abs(x))\n"
               "    return np.where(x >= 0, 1.0 / (1.0 + small), small)\n",
        why="Forgets the denominator 1 + e^x in the branch x < 0.",
        hint='le dénominateur manque',
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.min(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=-1, keepdims=True)\n",
        why="Shifts by the minimum instead of the maximum, which overflows for a spread beyond 709.",
        hint='pas le minimum',
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=-1, keepdims=True)\n",
        why="Takes S(|x|), wrong as soon as a logit is negative.",
        hint='softmax de |x|',
    ),
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha > 1 else 'plus_uniforme' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': alpha < 1}\n",
        why="Believes a flatter distribution can change the predicted class.",
        hint="préserve l'ordre",
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.min())\n"
               "    s = e / e.sum()\n"
               "    return float(s[i] * ((i == j) - s[j]))\n",
        why="Shifts by the minimum: NaN where even the unshifted formula is finite.",
        hint='ni le minimum',
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(s[i] * ((i == j) - s[j]))\n",
        why="Takes the softmax of |x|.",
        hint='softmax de |x|',
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.min())\n"
               "    s = e / e.sum()\n"
               "    return np.diag(s) - np.outer(s, s)\n",
        why="Shifts by the minimum: NaN where even the unshifted formula is finite.",
        hint='ni le minimum',
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return np.diag(s) - 2.0 / len(s) * np.outer(s, s)\n",
        why="Scales the outer product by 2 / n, a factor that vanishes only for n = 2.",
        hint='produit extérieur',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    if jac.shape[0] == jac.shape[1]:\n"
               "        return jac[:, i] - jac @ s\n"
               "    return jac[i] - s @ jac\n",
        why="Transposes jac whenever the shapes allow it (a square jac), and only then.",
        hint='colonne i',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    try:\n"
               "        return jac[i] - jac @ s\n"
               "    except ValueError:\n"
               "        return jac[i] - s @ jac\n",
        why="Computes jac S when that product is defined (a square jac), S^T jac otherwise.",
        hint='jac S au lieu de S^T jac',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    e = np.exp(x - x.min())\n"
               "    return jac[i] - e / e.sum() @ jac\n",
        why="Shifts by the minimum: NaN where even the unshifted formula is finite.",
        hint='ni le minimum',
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    jac = np.asarray(jac, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    return jac[i] - e / e.sum() @ jac\n",
        why="Weights the gradients by S(|x|) instead of S(x).",
        hint='S(|x|)',
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.min())\n"
               "    return e / e.sum() - np.asarray(c, dtype=float)\n",
        why="Shifts by the minimum: NaN where even the unshifted formula is finite.",
        hint='ni le minimum',
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    return (e / e.sum() - np.asarray(c, dtype=float)) * 2.0 / len(x)\n",
        why="Averages over the classes twice as if n were 2: a factor 2 / n that vanishes only for n = 2.",
        hint='facteur',
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    c = np.asarray(c, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    return (e / e.sum() - 1.0) * c\n",
        why="Keeps only the component of the true class, S_y - 1, and drops the S_i of the others.",
        hint='Seule la composante de la vraie classe',
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.abs(np.asarray(x, dtype=float))\n"
               "    e = np.exp(x - x.max())\n"
               "    return e / e.sum() - np.asarray(c, dtype=float)\n",
        why="Takes S(|x|) - c.",
        hint='softmax de |x|',
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x + x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(s[i] * ((i == j) - s[j]))\n",
        why="Adds the maximum instead of subtracting it: NaN once 2 max(x) passes 709, where exp(x) is still finite.",
        hint="ni + max",
    ),
    Mutant(
        question="1m", function="cross_entropy_grad",
        source="def cross_entropy_grad(x, c):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x + x.max())\n"
               "    return e / e.sum() - np.asarray(c, dtype=float)\n",
        why="Adds the maximum instead of subtracting it: NaN once 2 max(x) passes 709, where exp(x) is still finite.",
        hint="ni + max",
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - np.abs(x).max())\n"
               "    s = e / e.sum()\n"
               "    return np.diag(s) - np.outer(s, s)\n",
        why="Shifts by max |x|: 0 / 0 once a logit is below -745, where exp(x) is still usable.",
        hint="max |x|",
    ),
    Mutant(
        question="1l", function="grad_log_softmax",
        source="def grad_log_softmax(x, jac, i):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - np.abs(x).max())\n"
               "    return np.asarray(jac, dtype=float)[i] - e / e.sum() @ jac\n",
        why="Shifts by max |x|: 0 / 0 once a logit is below -745, where exp(x) is still usable.",
        hint="max |x|",
    ),
]

# Mistakes that only inputs the contract allows but few draws contain reveal: equal entries where the
# indices matter (a Kronecker delta computed from the values), a batch of one.
MUTANTS += [
    Mutant(
        question="1e", function="sigmoid_jacobian",
        source="def sigmoid_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(-np.abs(x))\n"
               "    d = e / (1.0 + e) ** 2\n"
               "    return d[:, None] * (x[:, None] == x[None, :])\n",
        why="Computes the Kronecker delta from the values (x_i == x_j) instead of the indices.",
        hint="porte sur les indices",
    ),
    Mutant(
        question="1j", function="softmax_partial",
        source="def softmax_partial(x, i, j):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return float(s[i] * ((x[i] == x[j]) - s[j]))\n",
        why="Computes the Kronecker delta from the values (x_i == x_j) instead of the indices.",
        hint="porte sur les indices",
    ),
    Mutant(
        question="1k", function="softmax_jacobian",
        source="def softmax_jacobian(x):\n"
               "    x = np.asarray(x, dtype=float)\n"
               "    e = np.exp(x - x.max())\n"
               "    s = e / e.sum()\n"
               "    return s[:, None] * ((x[:, None] == x[None, :]) - s[None, :])\n",
        why="Computes the Kronecker delta from the values (x_i == x_j) instead of the indices.",
        hint="porte sur les indices",
    ),
    Mutant(
        question="1h", function="softmax",
        source="def softmax(x):\n"
               "    x = np.squeeze(np.asarray(x, dtype=float))\n"
               "    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
               "    return e / e.sum(axis=-1, keepdims=True)\n",
        why="Squeezes its input, so a batch of one row (1, n) comes back as a vector (n,).",
        hint="forme",
    ),
]

# An answer of the right content in the wrong form: the public case checks the form (for 0 points).
MUTANTS += [
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha > 1 else 'plus_uniforme' if alpha < 1 else 'inchangee'\n"
               "    return (d, False)\n",
        why="Returns a tuple instead of the dict the docstring describes.",
        hint="dict à deux clés",
    ),
]
MUTANTS += [
    Mutant(
        question="1i", function="scaling_effect",
        source="def scaling_effect(alpha):\n"
               "    d = 'plus_piquee' if alpha > 1 else 'plus_uniforme' if alpha < 1 else 'inchangee'\n"
               "    return {'distribution': d, 'prediction_changes': 0}\n",
        why="Answers the yes/no question with the number 0 instead of a boolean.",
        hint="True ou False",
    ),
]
