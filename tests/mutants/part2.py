"""Plausible wrong answers to part 2: each must lose its own question's points and no others."""

from __future__ import annotations

from autograder.variants import Mutant

MUTANTS: list[Mutant] = [
    # 2a
    Mutant("2a", "b1_shape", "def b1_shape(d, d_h):\n    return (d,)\n",
           "The bias takes the input dimension d instead of the number of hidden units.",
           hint="W1 x"),
    Mutant("2a", "b1_shape", "def b1_shape(d, d_h):\n    return (d_h, d)\n",
           "The bias is given the shape of W1.",
           hint="W1 x"),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x + b1\n    return h_a, np.log(1 + np.exp(h_a))\n",
           "Naive softplus that overflows to inf for large pre-activations.",
           hint="déborde"),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x\n    return h_a, np.logaddexp(0.0, h_a)\n",
           "The hidden bias b1 is forgotten.",
           hint="b1 manque"),
    # 2b
    Mutant("2b", "output_shapes", "def output_shapes(d_h, m):\n    return ((d_h, m), (m,))\n",
           "W2's shape is transposed.",
           hint="d_h"),
    Mutant("2b", "output_shapes", "def output_shapes(d_h, m):\n    return ((m, d_h), (d_h,))\n",
           "b2 gets the hidden dimension instead of the number of classes.",
           hint="composante par classe"),
    Mutant("2b", "output_preactivation", "def output_preactivation(h_s, W2, b2):\n    return W2 @ h_s\n",
           "The output bias b2 is forgotten.",
           hint="b2 manque"),
    Mutant("2b", "output_preactivation",
           "def output_preactivation(h_s, W2, b2):\n    return W2 @ np.log1p(np.exp(h_s)) + b2\n",
           "Softplus applied a second time to h^s.",
           hint="deux fois"),
    # 2c
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.log(1 + np.exp(W1 @ x + b1))\n"
           "    o_a = W2 @ h_s + b2\n"
           "    e = np.exp(o_a)\n"
           "    return e / e.sum()\n",
           "Naive softplus and softmax that give NaN for large weights.",
           hint="contient nan"),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, W1 @ x + b1)\n"
           "    o_a = W2 @ h_s + b2\n"
           "    return 1 / (1 + np.exp(-o_a))\n",
           "Elementwise sigmoid outputs instead of a softmax: they do not sum to 1.",
           hint="somme 1"),
    # 2d
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(o_a[0] - o_a[1])\n",
           "The logit of class 0 instead of class 1 (sign error).",
           hint="classe 0"),
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(o_a[1])\n",
           "Takes o_a[1] alone, forgetting that the softmax depends on the difference.",
           hint="différence"),
    # 2e
    Mutant("2e", "mse_loss", "def mse_loss(a, y):\n    return (np.asarray(a, dtype=float) - y) ** 2\n",
           "The squared error on the logit a instead of sigma(a).",
           hint="porte sur sigma(a)"),
    Mutant("2e", "mse_loss",
           "def mse_loss(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 0.5 * (s - y) ** 2\n",
           "A 1/2 factor that the stated convention does not have.",
           hint="1/2"),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 2 * (s - y)\n",
           "The MSE gradient without the sigma'(a) factor of the chain rule.",
           hint="sigma'(a)"),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return (s - y) * s * (1 - s)\n",
           "The factor 2 of the square's derivative is dropped.",
           hint="facteur 2"),
    # 2f
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return -y * np.log(s) - (1 - y) * np.log(1 - s)\n",
           "Naive cross-entropy through sigma, infinite or NaN for saturated logits.",
           hint="déborde"),
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n    a = np.asarray(a, dtype=float)\n    return np.logaddexp(0.0, a) + y * a\n",
           "Sign error in the softplus form: softplus(a) + y a.",
           hint="signe"),
    Mutant("2f", "bce_grad",
           "def bce_grad(a, y):\n    return y - 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n",
           "Sign error: y - sigma(a).",
           hint="signe"),
    Mutant("2f", "bce_grad",
           "def bce_grad(a, y):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return (s - y) * s * (1 - s)\n",
           "A spurious sigma'(a) factor, as if the loss were on the logit.",
           hint="sigma'(a)"),
    # 2g
    Mutant("2g", "gradient_ratio",
           "def gradient_ratio(a):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return np.abs(2 * (s - 1) * s * (1 - s)) / np.abs(s - 1)\n",
           "The ratio computed as a quotient of the two gradients (y = 1), 0/0 = NaN when sigma saturates.",
           hint="0/0"),
    Mutant("2g", "gradient_ratio",
           "def gradient_ratio(a):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return s * (1 - s)\n",
           "The factor 2 of the MSE gradient is dropped.",
           hint="facteur 2"),
    Mutant("2g", "preferred_loss", "def preferred_loss():\n    return \"erreur_quadratique\"\n",
           "Picks the squared error, whose gradient vanishes when sigma saturates.",
           hint="reste grand"),
    # 2h
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n    o_a = np.asarray(o_a, dtype=float)\n    return float(-o_a[y] + np.log(np.sum(np.exp(o_a))))\n",
           "Naive log-sum-exp that overflows for large logits.",
           hint="déborde"),
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n    o_a = np.asarray(o_a, dtype=float)\n    return float(o_a[y] - np.logaddexp.reduce(o_a))\n",
           "Returns log softmax(o_a)[y], forgetting the minus sign of the loss.",
           hint="signe"),
    # 2i
    Mutant("2i", "n_parameters", "def n_parameters(d, d_h, m):\n    return d_h * d + m * d_h\n",
           "Forgets the biases in the parameter count.",
           hint="biais"),
    Mutant("2i", "n_parameters", "def n_parameters(d, d_h, m):\n    return d * d_h + d + d_h * m + d_h\n",
           "Gives the biases the input sizes of their layers instead of the output sizes.",
           hint="biais"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    total = 0.0\n"
           "    for x, y in zip(X, Y):\n"
           "        o_a = W2 @ np.logaddexp(0.0, W1 @ x + b1) + b2\n"
           "        total += np.logaddexp.reduce(o_a) - o_a[int(y)]\n"
           "    return float(total)\n",
           "Sum of the losses instead of their mean.",
           hint="somme des pertes"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    losses = []\n"
           "    for x, y in zip(X, Y):\n"
           "        o_a = W2 @ np.maximum(W1 @ x + b1, 0.0) + b2\n"
           "        losses.append(np.logaddexp.reduce(o_a) - o_a[int(y)])\n"
           "    return float(np.mean(losses))\n",
           "Uses ReLU instead of softplus as the hidden activation.",
           hint="ReLU"),
    # 2j
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n    return {k: params[k] + lr * grads[k] for k in params}\n",
           "Gradient ascent: the update adds the gradient.",
           hint="montée"),
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n"
           "    return {k: (params[k] - lr * grads[k]) if k.startswith('W') else params[k] for k in params}\n",
           "Only the weights are updated, the biases are left as they are.",
           hint="pas été mis à jour"),
    # 2k
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * (grads[k] + lam * params[k]) for k in params}\n",
           "The gradient of lam ||theta||^2 taken as lam theta instead of 2 lam theta.",
           hint="2 lam theta"),
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * (grads[k] + (2 * lam * params[k] if k.startswith('W') else 0))\n"
           "            for k in params}\n",
           "Regularises only the weights although the stated risk penalises the biases too.",
           hint="biais sont régularisés"),
    # 2l
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    g = -e / e.sum()\n"
           "    g[y] += 1.0\n"
           "    return g\n",
           "Sign error: onehot(y) - softmax(o_a).",
           hint="signe"),
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    return e / e.sum()\n",
           "Forgets the one-hot term: returns softmax(o_a).",
           hint="onehot"),
    # 2m
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(grad_oa[j] * h_s[k])\n",
           "Swaps the indices k and j.",
           hint="indices k et j"),
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(grad_oa[k])\n",
           "Forgets the h^s_j factor.",
           hint="facteur h^s_j"),
    Mutant("2m", "grad_b2_entry",
           "def grad_b2_entry(grad_oa, k):\n    return float(-grad_oa[k])\n",
           "Sign error on the bias gradient.",
           hint="signe"),
    Mutant("2m", "grad_b2_entry",
           "def grad_b2_entry(grad_oa, k):\n    return float(np.sum(grad_oa))\n",
           "Sums over all outputs instead of taking the k-th one.",
           hint="somme"),
    # 2n
    Mutant("2n", "grad_W2", "def grad_W2(grad_oa, h_s):\n    return np.outer(h_s, grad_oa)\n",
           "Transposed outer product, of shape (d_h, m).",
           hint="transposée"),
    Mutant("2n", "grad_W2", "def grad_W2(grad_oa, h_s):\n    return np.outer(grad_oa, np.ones_like(h_s))\n",
           "Forgets to multiply by h^s.",
           hint="facteur h^s_j"),
    Mutant("2n", "grad_b2", "def grad_b2(grad_oa):\n    return -np.asarray(grad_oa, dtype=float)\n",
           "Sign error on the bias gradient.",
           hint="signe"),
    Mutant("2n", "grad_b2", "def grad_b2(grad_oa):\n    return np.full(len(grad_oa), np.sum(grad_oa))\n",
           "Sums the upstream gradient instead of copying it.",
           hint="somme"),
    # 2o
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(np.dot(W2[j], grad_oa[:W2.shape[1]]))\n",
           "Uses row j of W2 instead of column j.",
           hint="ligne j"),
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(np.sum(W2[:, j]) * np.sum(grad_oa))\n",
           "Product of sums instead of a sum of products.",
           hint="produit de sommes"),
    # 2p
    Mutant("2p", "grad_hs", "def grad_hs(grad_oa, W2):\n    return W2 @ grad_oa\n",
           "W2 where its transpose is needed.",
           hint="transposée"),
    Mutant("2p", "grad_hs", "def grad_hs(grad_oa, W2):\n    return (W2 * grad_oa[:, None]).sum(axis=1)\n",
           "Sums over the wrong axis, giving one value per class.",
           hint="mauvais axe"),
    # 2q
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n    return np.logaddexp(0.0, np.asarray(z, dtype=float))\n",
           "Returns softplus itself instead of its derivative.",
           hint="softplus elle-même"),
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n    e = np.exp(np.asarray(z, dtype=float))\n    return e / (1 + e)\n",
           "Unstable exp(z)/(1+exp(z)), NaN for large z.",
           hint="contient nan"),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n"
           "    s = 1 / (1 + np.exp(-h_a[j]))\n"
           "    return float(grad_hs[j] * s * (1 - s))\n",
           "Uses the derivative of the sigmoid instead of that of softplus.",
           hint="facteur 2"),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n    return float(grad_hs[j] * np.log1p(np.exp(h_a[j])))\n",
           "Multiplies by softplus instead of its derivative.",
           hint="softplus elle-même"),
    # 2r
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    return grad_hs * np.logaddexp(0.0, h_a)\n",
           "Multiplies by softplus(h^a) instead of softplus'(h^a).",
           hint="softplus elle-même"),
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    return grad_hs @ (1 / (1 + np.exp(-h_a)))\n",
           "A dot product instead of an elementwise product.",
           hint="mauvais axe"),
]

# Mistakes that only adversarial inputs reveal: transposes that fit only square matrices, sign
# regimes (|x| for x, wrong negative branches), labels off by one, min instead of max as the shift,
# unshifted exponentials where stability is asked, wrong factors.
MUTANTS += [
    # 2a
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n"
           "    h_a = (W1.T @ x if W1.shape[0] == x.shape[0] else W1 @ x) + b1\n"
           "    return h_a, np.logaddexp(0.0, h_a)\n",
           "Shape-adaptive transpose: W1^T x whenever it is defined.",
           hint="transposée"),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x + b1\n    return h_a, np.logaddexp(0.0, np.abs(h_a))\n",
           "softplus(|h_a|) instead of softplus(h_a).",
           hint="valeur absolue"),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x + b1\n    return h_a, np.maximum(h_a, 0.0)\n",
           "ReLU instead of softplus.",
           hint="ReLU"),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n"
           "    h_a = W1 @ x + b1\n"
           "    return h_a, np.maximum(h_a, 0.0) + np.log1p(np.exp(-h_a))\n",
           "Stable softplus with a wrong negative branch: exp(-h_a) instead of exp(-|h_a|).",
           hint="entrées négatives"),
    # 2b
    Mutant("2b", "output_preactivation",
           "def output_preactivation(h_s, W2, b2):\n    return (W2.T @ h_s if W2.shape[0] == h_s.shape[0] else W2 @ h_s) + b2\n",
           "Shape-adaptive transpose: W2^T h_s whenever it is defined.",
           hint="transposée"),
    Mutant("2b", "output_preactivation",
           "def output_preactivation(h_s, W2, b2):\n"
           "    return (h_s @ W2 if W2.shape[0] == W2.shape[1] else W2 @ h_s) + b2\n",
           "h_s^T W2 (a row vector times W2) when the shapes allow it.",
           hint="transposée"),
    # 2c
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, (W1.T @ x if W1.shape[0] == x.shape[0] else W1 @ x) + b1)\n"
           "    o_a = W2 @ h_s + b2\n"
           "    e = np.exp(o_a - o_a.max())\n"
           "    return e / e.sum()\n",
           "Shape-adaptive transpose of W1 in the forward pass.",
           hint="W1 est utilisée transposée"),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, W1 @ x + b1)\n"
           "    o_a = (W2.T @ h_s if W2.shape[0] == h_s.shape[0] else W2 @ h_s) + b2\n"
           "    e = np.exp(o_a - o_a.max())\n"
           "    return e / e.sum()\n",
           "Shape-adaptive transpose of W2 in the forward pass.",
           hint="W2 est utilisée transposée"),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, W1 @ x + b1)\n"
           "    o_a = W2 @ h_s + b2\n"
           "    e = np.exp(o_a - o_a.min())\n"
           "    return e / e.sum()\n",
           "Softmax shifted by the min instead of the max: overflows for a wide spread.",
           hint="contient nan"),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, W1 @ x + b1)\n"
           "    e = np.exp(W2 @ h_s + b2)\n"
           "    return e / e.sum()\n",
           "Unshifted softmax although the docstring asks for stability.",
           hint="contient nan"),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.maximum(W1 @ x + b1, 0.0)\n"
           "    o_a = W2 @ h_s + b2\n"
           "    e = np.exp(o_a - o_a.max())\n"
           "    return e / e.sum()\n",
           "ReLU instead of softplus in the forward pass.",
           hint="ReLU"),
    # 2d
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(o_a[1] - abs(o_a[0]))\n",
           "|o_a[0]| instead of o_a[0]: right only for a positive logit.",
           hint="Divisez numérateur"),
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(abs(o_a[1] - o_a[0]))\n",
           "|o_a[1] - o_a[0]|: right only when class 1 has the larger logit.",
           hint="classe 0"),
    # 2e
    Mutant("2e", "mse_loss",
           "def mse_loss(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return (s - (1 - y)) ** 2\n",
           "The label is flipped: (sigma(a) - (1 - y))^2.",
           hint="inversée"),
    Mutant("2e", "mse_loss",
           "def mse_loss(a, y):\n"
           "    small = np.exp(-np.abs(a))\n"
           "    return (np.where(a >= 1, 1.0 / (1.0 + small), small / (1.0 + small)) - y) ** 2\n",
           "Stable sigma branching on a >= 1 instead of a >= 0: wrong for a in (0, 1).",
           hint="entre -1 et 1"),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 2 * (y - s) * s * (1 - s)\n",
           "Sign error: 2 (y - sigma(a)) sigma'(a).",
           hint="signe"),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n"
           "    s = 1 / (1 + np.exp(-np.abs(np.asarray(a, dtype=float))))\n"
           "    return 2 * (s - y) * s * (1 - s)\n",
           "sigma(|a|) instead of sigma(a).",
           hint="valeur absolue"),
    # 2f
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n    a = np.asarray(a, dtype=float)\n    return np.logaddexp(0.0, -a)\n",
           "Keeps only the y = 1 term, -ln sigma(a), for both labels.",
           hint="étiquette 0"),
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n"
           "    a = np.asarray(a, dtype=float)\n"
           "    return y * np.log1p(np.exp(-a)) + (1 - y) * np.log1p(np.exp(a))\n",
           "Right formula with an unstable softplus: inf at a = +-1000 although stability is asked.",
           hint="stable"),
    Mutant("2f", "bce_grad",
           "def bce_grad(a, y):\n    return 1 / (1 + np.exp(-np.abs(np.asarray(a, dtype=float)))) - y\n",
           "sigma(|a|) - y instead of sigma(a) - y.",
           hint="valeur absolue"),
    # 2g
    Mutant("2g", "gradient_ratio",
           "def gradient_ratio(a):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 1 / (2 * s * (1 - s))\n",
           "The inverse ratio |dL_CE/da| / |dL_MSE/da|.",
           hint="rapport inverse"),
    # 2h
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n"
           "    o_a = np.asarray(o_a, dtype=float)\n"
           "    low = o_a.min()\n"
           "    return float(low - o_a[y] + np.log(np.sum(np.exp(o_a - low))))\n",
           "Log-sum-exp shifted by the min instead of the max.",
           hint="déborde"),
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n"
           "    o_a = np.asarray(o_a, dtype=float)\n"
           "    return float(np.logaddexp.reduce(o_a) - o_a[y - 1])\n",
           "Labels read as 1-based: o_a[y - 1].",
           hint="décalé"),
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n"
           "    o_a = np.asarray(o_a, dtype=float)\n"
           "    top = np.max(np.abs(o_a))\n"
           "    return float(top - o_a[y] + np.log(np.sum(np.exp(o_a - top))))\n",
           "Shift by max |o_a|: exp underflows to 0 (log 0) when every logit is hugely negative.",
           hint="logarithme"),
    # 2i
    Mutant("2i", "n_parameters", "def n_parameters(d, d_h, m):\n    return d_h * d + d_h + m * d_h + d_h\n",
           "b2 counted with d_h entries instead of m.",
           hint="une par classe"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    O = np.logaddexp(0.0, X @ W1.T + b1) @ W2.T + b2\n"
           "    return float(-np.mean(np.logaddexp.reduce(O, axis=1) - O[np.arange(len(Y)), Y]))\n",
           "Sign error: the mean of log o^s_y instead of -log o^s_y.",
           hint="signe"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    A = W1 if W1.shape[0] == X.shape[1] else W1.T\n"
           "    O = np.logaddexp(0.0, X @ A + b1) @ W2.T + b2\n"
           "    return float(np.mean(np.logaddexp.reduce(O, axis=1) - O[np.arange(len(Y)), Y]))\n",
           "Shape-adaptive transpose: X W1 whenever it is defined.",
           hint="W1 est utilisée transposée"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    O = np.logaddexp(0.0, X @ W1.T + b1) @ W2.T + b2\n"
           "    low = O.min(axis=1, keepdims=True)\n"
           "    lse = low[:, 0] + np.log(np.exp(O - low).sum(axis=1))\n"
           "    return float(np.mean(lse - O[np.arange(len(Y)), Y]))\n",
           "Log-sum-exp shifted by the min of each row instead of the max.",
           hint="déborde"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    O = np.log1p(np.exp(X @ W1.T + b1)) @ W2.T + b2\n"
           "    return float(np.mean(np.log(np.exp(O).sum(axis=1)) - O[np.arange(len(Y)), Y]))\n",
           "Naive softplus and log-sum-exp although stability is asked.",
           hint="stable"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    O = np.logaddexp(0.0, X @ W1.T + b1) @ W2.T + b2\n"
           "    return float(np.mean(np.logaddexp.reduce(O, axis=1) - O[np.arange(len(Y)), Y - 1]))\n",
           "Labels read as 1-based.",
           hint="décalé"),
    # 2j
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n"
           "    return {k: params[k] - lr * (grads[k].T if grads[k].ndim == 2 and grads[k].shape[0] == grads[k].shape[1]\n"
           "                                 else grads[k]) for k in params}\n",
           "Transposes the weight gradients when the shapes allow it.",
           hint="gradient est transposé"),
    # 2k
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * grads[k] - 2 * lam * params[k] for k in params}\n",
           "The learning rate does not multiply the penalty's gradient.",
           hint="lr doit"),
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * ((grads[k].T if grads[k].ndim == 2 and grads[k].shape[0] == grads[k].shape[1]\n"
           "                                  else grads[k]) + 2 * lam * params[k]) for k in params}\n",
           "Transposes the weight gradients when the shapes allow it.",
           hint="gradient est transposé"),
    # 2l
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(np.asarray(o_a, dtype=float))\n"
           "    g = e / e.sum()\n"
           "    g[y] -= 1.0\n"
           "    return g\n",
           "Unshifted exp(o_a) although the docstring asks for stability.",
           hint="contient nan"),
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.min(o_a))\n"
           "    g = e / e.sum()\n"
           "    g[y] -= 1.0\n"
           "    return g\n",
           "Softmax shifted by the min instead of the max.",
           hint="contient nan"),
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    g = e / e.sum()\n"
           "    g[y - 1] -= 1.0\n"
           "    return g\n",
           "Labels read as 1-based.",
           hint="décalé"),
    # 2m
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(grad_oa[k] * h_s[k])\n",
           "Indexes h^s with k instead of j.",
           hint="indice j"),
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(abs(grad_oa[k]) * h_s[j])\n",
           "|dL/do^a_k| instead of dL/do^a_k: right only for a positive upstream gradient.",
           hint="signe"),
    Mutant("2m", "grad_b2_entry",
           "def grad_b2_entry(grad_oa, k):\n    return float(np.abs(grad_oa)[k])\n",
           "|dL/do^a_k|: right only for a positive upstream gradient.",
           hint="signe"),
    # 2n
    Mutant("2n", "grad_W2",
           "def grad_W2(grad_oa, h_s):\n"
           "    G = np.outer(h_s, grad_oa)\n"
           "    return G if G.shape[0] == G.shape[1] else G.T\n",
           "Shape-adaptive transpose: h^s g^T, transposed only when its shape is wrong.",
           hint="transposée"),
    # 2o
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n"
           "    return float((W2 @ grad_oa if W2.shape[1] == grad_oa.shape[0] else W2.T @ grad_oa)[j])\n",
           "Shape-adaptive transpose: (W2 g)[j] whenever it is defined.",
           hint="ligne j"),
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(-(grad_oa @ W2[:, j]))\n",
           "Sign error.",
           hint="signe"),
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(np.abs(grad_oa) @ W2[:, j])\n",
           "|dL/do^a| instead of dL/do^a.",
           hint="sommez"),
    # 2p
    Mutant("2p", "grad_hs",
           "def grad_hs(grad_oa, W2):\n    return W2 @ grad_oa if W2.shape[1] == grad_oa.shape[0] else W2.T @ grad_oa\n",
           "Shape-adaptive transpose: W2 g whenever it is defined.",
           hint="transposée"),
    Mutant("2p", "grad_hs",
           "def grad_hs(grad_oa, W2):\n    return -(W2.T @ grad_oa)\n",
           "Sign error.",
           hint="signe"),
    # 2q
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n    return 1 / (1 + np.exp(-np.abs(np.asarray(z, dtype=float))))\n",
           "sigma(|z|) instead of sigma(z).",
           hint="valeur absolue"),
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n"
           "    z = np.asarray(z, dtype=float)\n"
           "    small = np.exp(-np.abs(z))\n"
           "    return np.where(z >= 1, 1.0 / (1.0 + small), small / (1.0 + small))\n",
           "Branch on z >= 1 instead of z >= 0: wrong for z in (0, 1).",
           hint="entre -1 et 1"),
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n"
           "    z = np.asarray(z, dtype=float)\n"
           "    small = np.exp(-np.abs(z))\n"
           "    return np.where(z >= -1, 1.0 / (1.0 + small), small / (1.0 + small))\n",
           "Branch on z >= -1 instead of z >= 0: wrong for z in (-1, 0).",
           hint="branche"),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n    return float(grad_hs[j] / (1 + np.exp(-abs(h_a[j]))))\n",
           "sigma(|h_a|) instead of sigma(h_a).",
           hint="valeur absolue"),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n"
           "    v = float(h_a[j])\n"
           "    slope = 1.0 / (1.0 + np.exp(-v)) if v >= 0 else 1.0 / (1.0 + np.exp(v))\n"
           "    return float(grad_hs[j] * slope)\n",
           "Wrong negative branch: sigma(-h) for h < 0.",
           hint="entrées négatives"),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n"
           "    v = float(h_a[j])\n"
           "    return float(grad_hs[j] * np.exp(v) / (1.0 + np.exp(v)))\n",
           "exp(h)/(1 + exp(h)): NaN for h > 709 although stability is asked.",
           hint="contient nan"),
    # 2r
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    return grad_hs / (1 + np.exp(-np.abs(h_a)))\n",
           "sigma(|h_a|) instead of sigma(h_a).",
           hint="valeur absolue"),
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n"
           "    small = np.exp(-np.abs(h_a))\n"
           "    return grad_hs * np.where(h_a >= 0, 1.0 / (1.0 + small), small)\n",
           "Wrong negative branch: exp(h) alone, only the asymptote of sigma(h) for h < 0.",
           hint="entrées négatives"),
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    e = np.exp(h_a)\n    return grad_hs * e / (1 + e)\n",
           "exp(h)/(1 + exp(h)): NaN for h > 709 although stability is asked.",
           hint="contient nan"),
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n"
           "    small = np.exp(-np.abs(h_a))\n"
           "    return grad_hs * np.where(h_a > 1, 1.0 / (1.0 + small), small / (1.0 + small))\n",
           "Branch on h > 1 instead of h >= 0: wrong for h in (0, 1].",
           hint="entre -1 et 1"),
]

# Mistakes that only inputs the contract allows but few draws contain reveal (a single example, a tie
# between logits, a real network's sizes), and mistakes whose hint used to name another cause.
MUTANTS += [
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    X = np.asarray(X, dtype=float)\n"
           "    Y = np.asarray(Y).astype(int)\n"
           "    H_s = np.logaddexp(0.0, X @ np.asarray(W1, dtype=float).T + b1)\n"
           "    O_a = H_s @ np.asarray(W2, dtype=float).T + b2\n"
           "    top = np.max(O_a, axis=1)\n"
           "    losses = top + np.log(np.sum(np.exp(O_a - top[:, None]), axis=1)) - O_a[np.arange(len(Y)), Y]\n"
           "    return float(np.sum(losses) / (len(Y) - 1))\n",
           "Divides the sum of the losses by n - 1 instead of n (an unbiased variance's habit).",
           hint="n - 1"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    X = np.squeeze(np.asarray(X, dtype=float))\n"
           "    Y = np.asarray(Y).astype(int)\n"
           "    H_s = np.logaddexp(0.0, X @ np.asarray(W1, dtype=float).T + b1)\n"
           "    O_a = H_s @ np.asarray(W2, dtype=float).T + b2\n"
           "    top = np.max(O_a, axis=1)\n"
           "    losses = top + np.log(np.sum(np.exp(O_a - top[:, None]), axis=1)) - O_a[np.arange(len(Y)), Y]\n"
           "    return float(np.mean(losses))\n",
           "Squeezes X, which breaks a data set of a single example (n = 1).",
           hint="erreur"),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    X = np.asarray(X, dtype=float)\n"
           "    Y = np.asarray(Y).astype(int)\n"
           "    H_s = np.logaddexp(0.0, X @ np.asarray(W1, dtype=float).T + b1)\n"
           "    O_a = H_s @ np.asarray(W2, dtype=float).T + b2\n"
           "    top = np.max(O_a, axis=1)\n"
           "    losses = np.log(np.sum(np.exp(O_a - top[:, None]), axis=1)) - O_a[np.arange(len(Y)), Y]\n"
           "    return float(np.mean(losses))\n",
           "Subtracts the maximum inside the log-sum-exp but forgets to add it back.",
           hint="doit être rajouté"),
    Mutant("2i", "n_parameters",
           "def n_parameters(d, d_h, m):\n"
           "    d, d_h, m = np.int32(d), np.int32(d_h), np.int32(m)\n"
           "    with np.errstate(over='ignore'):\n"
           "        return int(d_h * d + d_h + m * d_h + m)\n",
           "Counts in 32-bit integers (numpy's default int on Windows), which wrap at a real network's size.",
           hint="32 bits"),
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n"
           "    o_a = np.asarray(o_a, dtype=float)\n"
           "    return float(np.log(np.sum(np.exp(o_a - np.max(o_a)))) - o_a[int(y)])\n",
           "Subtracts the maximum inside the log-sum-exp but forgets to add it back.",
           hint="doit être rajouté"),
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    o_a = np.asarray(o_a, dtype=float)\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    return e / np.sum(e) - (o_a == o_a[int(y)])\n",
           "Builds onehot(y) from the values (o_a == o_a[y]) instead of the index y.",
           hint="indice y seulement"),
]

# Answers of the right content in the wrong form: the public case checks the form (for 0 points).
MUTANTS += [
    Mutant("2g", "preferred_loss", "def preferred_loss():\n    return \"entropie croisée\"\n",
           "Writes the answer with a space and an accent: not one of the two strings.",
           hint="sans accent"),
]

# A stated contract: 2j's and 2k's docstrings say not to modify ``params`` in place.
MUTANTS += [
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n"
           "    for name in params:\n"
           "        params[name] -= lr * np.asarray(grads[name], dtype=float)\n"
           "    return params\n",
           "Updates params in place and returns it, which the docstring forbids.",
           hint="en place"),
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    for name in params:\n"
           "        params[name] *= 1.0 - 2.0 * lr * lam\n"
           "        params[name] -= lr * np.asarray(grads[name], dtype=float)\n"
           "    return params\n",
           "Updates params in place and returns it, which the docstring forbids.",
           hint="en place"),
]

# Answers of the wrong type: where the contract asks for a number, text is no number.
MUTANTS += [
    Mutant("2i", "n_parameters",
           "def n_parameters(d, d_h, m):\n"
           "    return str(d_h * d + d_h + m * d_h + m)\n",
           "Returns the count as a string of digits.",
           hint="texte"),
]
