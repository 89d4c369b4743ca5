"""Plausible wrong answers to part 2: each must lose its own question's points and no others."""

from __future__ import annotations

from tests.mutants import Mutant

MUTANTS: list[Mutant] = [
    # 2a
    Mutant("2a", "b1_shape", "def b1_shape(d, d_h):\n    return (d,)\n",
           "The bias takes the input dimension d instead of the number of hidden units."),
    Mutant("2a", "b1_shape", "def b1_shape(d, d_h):\n    return (d_h, d)\n",
           "The bias is given the shape of W1."),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x + b1\n    return h_a, np.log(1 + np.exp(h_a))\n",
           "Naive softplus that overflows to inf for large pre-activations."),
    Mutant("2a", "hidden_layer",
           "def hidden_layer(x, W1, b1):\n    h_a = W1 @ x\n    return h_a, np.logaddexp(0.0, h_a)\n",
           "The hidden bias b1 is forgotten."),
    # 2b
    Mutant("2b", "output_shapes", "def output_shapes(d_h, m):\n    return ((d_h, m), (m,))\n",
           "W2's shape is transposed."),
    Mutant("2b", "output_shapes", "def output_shapes(d_h, m):\n    return ((m, d_h), (d_h,))\n",
           "b2 gets the hidden dimension instead of the number of classes."),
    Mutant("2b", "output_preactivation", "def output_preactivation(h_s, W2, b2):\n    return W2 @ h_s\n",
           "The output bias b2 is forgotten."),
    Mutant("2b", "output_preactivation",
           "def output_preactivation(h_s, W2, b2):\n    return W2 @ np.log1p(np.exp(h_s)) + b2\n",
           "Softplus applied a second time to h^s."),
    # 2c
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.log(1 + np.exp(W1 @ x + b1))\n"
           "    o_a = W2 @ h_s + b2\n"
           "    e = np.exp(o_a)\n"
           "    return e / e.sum()\n",
           "Naive softplus and softmax that give NaN for large weights."),
    Mutant("2c", "forward",
           "def forward(x, W1, b1, W2, b2):\n"
           "    h_s = np.logaddexp(0.0, W1 @ x + b1)\n"
           "    o_a = W2 @ h_s + b2\n"
           "    return 1 / (1 + np.exp(-o_a))\n",
           "Elementwise sigmoid outputs instead of a softmax: they do not sum to 1."),
    # 2d
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(o_a[0] - o_a[1])\n",
           "The logit of class 0 instead of class 1 (sign error)."),
    Mutant("2d", "binary_logit", "def binary_logit(o_a):\n    return float(o_a[1])\n",
           "Takes o_a[1] alone, forgetting that the softmax depends on the difference."),
    # 2e
    Mutant("2e", "mse_loss", "def mse_loss(a, y):\n    return (np.asarray(a, dtype=float) - y) ** 2\n",
           "The squared error on the logit a instead of sigma(a)."),
    Mutant("2e", "mse_loss",
           "def mse_loss(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 0.5 * (s - y) ** 2\n",
           "A 1/2 factor that the stated convention does not have."),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return 2 * (s - y)\n",
           "The MSE gradient without the sigma'(a) factor of the chain rule."),
    Mutant("2e", "mse_grad",
           "def mse_grad(a, y):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return (s - y) * s * (1 - s)\n",
           "The factor 2 of the square's derivative is dropped."),
    # 2f
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return -y * np.log(s) - (1 - y) * np.log(1 - s)\n",
           "Naive cross-entropy through sigma, infinite or NaN for saturated logits."),
    Mutant("2f", "bce_loss",
           "def bce_loss(a, y):\n    a = np.asarray(a, dtype=float)\n    return np.logaddexp(0.0, a) + y * a\n",
           "Sign error in the softplus form: softplus(a) + y a."),
    Mutant("2f", "bce_grad",
           "def bce_grad(a, y):\n    return y - 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n",
           "Sign error: y - sigma(a)."),
    Mutant("2f", "bce_grad",
           "def bce_grad(a, y):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return (s - y) * s * (1 - s)\n",
           "A spurious sigma'(a) factor, as if the loss were on the logit."),
    # 2g
    Mutant("2g", "gradient_ratio",
           "def gradient_ratio(a):\n"
           "    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n"
           "    return np.abs(2 * (s - 1) * s * (1 - s)) / np.abs(s - 1)\n",
           "The ratio computed as a quotient of the two gradients (y = 1), 0/0 = NaN when sigma saturates."),
    Mutant("2g", "gradient_ratio",
           "def gradient_ratio(a):\n    s = 1 / (1 + np.exp(-np.asarray(a, dtype=float)))\n    return s * (1 - s)\n",
           "The factor 2 of the MSE gradient is dropped."),
    Mutant("2g", "preferred_loss", "def preferred_loss():\n    return \"erreur_quadratique\"\n",
           "Picks the squared error, whose gradient vanishes when sigma saturates."),
    # 2h
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n    o_a = np.asarray(o_a, dtype=float)\n    return float(-o_a[y] + np.log(np.sum(np.exp(o_a))))\n",
           "Naive log-sum-exp that overflows for large logits."),
    Mutant("2h", "nll_from_logits",
           "def nll_from_logits(o_a, y):\n    o_a = np.asarray(o_a, dtype=float)\n    return float(o_a[y] - np.logaddexp.reduce(o_a))\n",
           "Returns log softmax(o_a)[y], forgetting the minus sign of the loss."),
    # 2i
    Mutant("2i", "n_parameters", "def n_parameters(d, d_h, m):\n    return d_h * d + m * d_h\n",
           "Forgets the biases in the parameter count."),
    Mutant("2i", "n_parameters", "def n_parameters(d, d_h, m):\n    return d * d_h + d + d_h * m + d_h\n",
           "Gives the biases the input sizes of their layers instead of the output sizes."),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    total = 0.0\n"
           "    for x, y in zip(X, Y):\n"
           "        o_a = W2 @ np.logaddexp(0.0, W1 @ x + b1) + b2\n"
           "        total += np.logaddexp.reduce(o_a) - o_a[int(y)]\n"
           "    return float(total)\n",
           "Sum of the losses instead of their mean."),
    Mutant("2i", "empirical_risk",
           "def empirical_risk(X, Y, W1, b1, W2, b2):\n"
           "    losses = []\n"
           "    for x, y in zip(X, Y):\n"
           "        o_a = W2 @ np.maximum(W1 @ x + b1, 0.0) + b2\n"
           "        losses.append(np.logaddexp.reduce(o_a) - o_a[int(y)])\n"
           "    return float(np.mean(losses))\n",
           "Uses ReLU instead of softplus as the hidden activation."),
    # 2j
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n    return {k: params[k] + lr * grads[k] for k in params}\n",
           "Gradient ascent: the update adds the gradient."),
    Mutant("2j", "gradient_step",
           "def gradient_step(params, grads, lr):\n"
           "    return {k: (params[k] - lr * grads[k]) if k.startswith('W') else params[k] for k in params}\n",
           "Only the weights are updated, the biases are left as they are."),
    # 2k
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * (grads[k] + lam * params[k]) for k in params}\n",
           "The gradient of lam ||theta||^2 taken as lam theta instead of 2 lam theta."),
    Mutant("2k", "regularized_step",
           "def regularized_step(params, grads, lr, lam):\n"
           "    return {k: params[k] - lr * (grads[k] + (2 * lam * params[k] if k.startswith('W') else 0))\n"
           "            for k in params}\n",
           "Regularises only the weights although the stated risk penalises the biases too."),
    # 2l
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    g = -e / e.sum()\n"
           "    g[y] += 1.0\n"
           "    return g\n",
           "Sign error: onehot(y) - softmax(o_a)."),
    Mutant("2l", "grad_output_preactivation",
           "def grad_output_preactivation(o_a, y):\n"
           "    e = np.exp(o_a - np.max(o_a))\n"
           "    return e / e.sum()\n",
           "Forgets the one-hot term: returns softmax(o_a)."),
    # 2m
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(grad_oa[j] * h_s[k])\n",
           "Swaps the indices k and j."),
    Mutant("2m", "grad_W2_entry",
           "def grad_W2_entry(grad_oa, h_s, k, j):\n    return float(grad_oa[k])\n",
           "Forgets the h^s_j factor."),
    Mutant("2m", "grad_b2_entry",
           "def grad_b2_entry(grad_oa, k):\n    return float(-grad_oa[k])\n",
           "Sign error on the bias gradient."),
    Mutant("2m", "grad_b2_entry",
           "def grad_b2_entry(grad_oa, k):\n    return float(np.sum(grad_oa))\n",
           "Sums over all outputs instead of taking the k-th one."),
    # 2n
    Mutant("2n", "grad_W2", "def grad_W2(grad_oa, h_s):\n    return np.outer(h_s, grad_oa)\n",
           "Transposed outer product, of shape (d_h, m)."),
    Mutant("2n", "grad_W2", "def grad_W2(grad_oa, h_s):\n    return np.outer(grad_oa, np.ones_like(h_s))\n",
           "Forgets to multiply by h^s."),
    Mutant("2n", "grad_b2", "def grad_b2(grad_oa):\n    return -np.asarray(grad_oa, dtype=float)\n",
           "Sign error on the bias gradient."),
    Mutant("2n", "grad_b2", "def grad_b2(grad_oa):\n    return np.full(len(grad_oa), np.sum(grad_oa))\n",
           "Sums the upstream gradient instead of copying it."),
    # 2o
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(np.dot(W2[j], grad_oa[:W2.shape[1]]))\n",
           "Uses row j of W2 instead of column j."),
    Mutant("2o", "grad_hs_entry",
           "def grad_hs_entry(grad_oa, W2, j):\n    return float(np.sum(W2[:, j]) * np.sum(grad_oa))\n",
           "Product of sums instead of a sum of products."),
    # 2p
    Mutant("2p", "grad_hs", "def grad_hs(grad_oa, W2):\n    return W2 @ grad_oa\n",
           "W2 where its transpose is needed."),
    Mutant("2p", "grad_hs", "def grad_hs(grad_oa, W2):\n    return (W2 * grad_oa[:, None]).sum(axis=1)\n",
           "Sums over the wrong axis, giving one value per class."),
    # 2q
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n    return np.logaddexp(0.0, np.asarray(z, dtype=float))\n",
           "Returns softplus itself instead of its derivative."),
    Mutant("2q", "softplus_prime",
           "def softplus_prime(z):\n    e = np.exp(np.asarray(z, dtype=float))\n    return e / (1 + e)\n",
           "Unstable exp(z)/(1+exp(z)), NaN for large z."),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n"
           "    s = 1 / (1 + np.exp(-h_a[j]))\n"
           "    return float(grad_hs[j] * s * (1 - s))\n",
           "Uses the derivative of the sigmoid instead of that of softplus."),
    Mutant("2q", "grad_ha_entry",
           "def grad_ha_entry(grad_hs, h_a, j):\n    return float(grad_hs[j] * np.log1p(np.exp(h_a[j])))\n",
           "Multiplies by softplus instead of its derivative."),
    # 2r
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    return grad_hs * np.logaddexp(0.0, h_a)\n",
           "Multiplies by softplus(h^a) instead of softplus'(h^a)."),
    Mutant("2r", "grad_ha",
           "def grad_ha(grad_hs, h_a):\n    return grad_hs @ (1 / (1 + np.exp(-h_a)))\n",
           "A dot product instead of an elementwise product."),
]
