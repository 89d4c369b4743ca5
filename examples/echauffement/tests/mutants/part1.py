"""Plausible wrong answers to the warm-up (questions 1a-1e): each must lose its own question's points only."""

from __future__ import annotations

from autograder.variants import Mutant

MUTANTS: list[Mutant] = [
    # 1a
    Mutant("1a", "product_shapes",
           "def product_shapes(n, k, m):\n    return (n, m), (n, m), (n, m), ()\n",
           "Forgets that transposing a product reverses it: B.T @ A.T given the shape of A @ B.",
           hint="transposée"),
    Mutant("1a", "product_shapes",
           "def product_shapes(n, k, m):\n    return (n, m), (m, n), (m, n), ()\n",
           "Gives the outer product u v^T the shape (m, n).",
           hint="une ligne par élément de u"),
    Mutant("1a", "product_shapes",
           "def product_shapes(n, k, m):\n    return (n, m), (m, n), (n, m), (1, 1)\n",
           "Thinks of u^T A B v as a 1x1 matrix, which numpy 1-D vectors never give.",
           hint="tuple vide"),
    Mutant("1a", "product_shapes",
           "def product_shapes(n, k, m):\n    return (n, k), (k, n), (n, m), ()\n",
           "Gives A @ B the shape of A.",
           hint="les lignes de A et les colonnes de B"),
    # 1b
    Mutant("1b", "traces",
           "def traces(A, B):\n"
           "    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)\n"
           "    return float(np.trace(A) * np.trace(B)), float(np.trace(B) * np.trace(A))\n",
           "Believes the trace of a product is the product of the traces.",
           hint="produit des traces"),
    Mutant("1b", "traces",
           "def traces(A, B):\n"
           "    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)\n"
           "    return float(np.sum(A @ B)), float(np.sum(B @ A))\n",
           "Sums every entry of the products instead of their diagonals.",
           hint="somme de tous les éléments"),
    Mutant("1b", "traces",
           "def traces(A, B):\n"
           "    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)\n"
           "    same = float(np.sum(np.diag(A) * np.diag(B)))\n"
           "    return same, same\n",
           "Multiplies the diagonals entrywise, sum_i A_ii B_ii, as if the matrices were diagonal.",
           hint="A_ii B_ii"),
    # 1c
    Mutant("1c", "logsumexp",
           "def logsumexp(x):\n    return float(np.log(np.sum(np.exp(np.asarray(x, dtype=float)))))\n",
           "The textbook formula: exp overflows at 1000 and rounds to 0 at -1000.",
           hint="maximum"),
    Mutant("1c", "logsumexp",
           "def logsumexp(x):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    low = np.min(x)\n"
           "    return float(low + np.log(np.sum(np.exp(x - low))))\n",
           "Shifts by the minimum: exp overflows as soon as the entries spread over more than ~709.",
           hint="maximum"),
    Mutant("1c", "logsumexp",
           "def logsumexp(x):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    return float(np.log(np.sum(np.exp(x - np.max(x)))))\n",
           "Subtracts the maximum but forgets to add it back after the logarithm."),
    Mutant("1c", "logsumexp",
           "def logsumexp(x):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    top = np.max(x)\n"
           "    return float(top + np.log(np.mean(np.exp(x - top))))\n",
           "Averages the exponentials instead of summing them (off by ln n)."),
    # 1d
    Mutant("1d", "mean_variance",
           "def mean_variance(values, probs):\n"
           "    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)\n"
           "    mean = float(np.sum(probs * values))\n"
           "    return mean, float(np.sum(probs * values ** 2) - mean ** 2)\n",
           "E[X^2] - E[X]^2: exact on paper, catastrophic cancellation for large, close values.",
           hint="forme centrée"),
    Mutant("1d", "mean_variance",
           "def mean_variance(values, probs):\n"
           "    values = np.asarray(values, dtype=float)\n"
           "    return float(np.mean(values)), float(np.var(values))\n",
           "Ignores the probabilities: the plain average and variance of the values.",
           hint="moyenne simple"),
    Mutant("1d", "mean_variance",
           "def mean_variance(values, probs):\n"
           "    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)\n"
           "    mean = float(np.sum(probs * values))\n"
           "    return mean, float(np.sqrt(np.sum(probs * (values - mean) ** 2)))\n",
           "Returns the standard deviation instead of the variance.",
           hint="écart-type"),
    # 1e
    Mutant("1e", "posterior",
           "def posterior(prior, sensitivity, specificity):\n"
           "    return float(sensitivity), float(1.0 - specificity)\n",
           "Confuses P(M | +) with P(+ | M) (the base-rate fallacy)."),
    Mutant("1e", "posterior",
           "def posterior(prior, sensitivity, specificity):\n"
           "    positive = sensitivity * prior / (sensitivity * prior + specificity * (1.0 - prior))\n"
           "    negative = (1.0 - sensitivity) * prior / ((1.0 - sensitivity) * prior + specificity * (1.0 - prior))\n"
           "    return float(positive), float(negative)\n",
           "Uses the specificity for P(+ | not M) instead of 1 - specificity.",
           hint="1 - specificity"),
    Mutant("1e", "posterior",
           "def posterior(prior, sensitivity, specificity):\n"
           "    positive = sensitivity * prior / (sensitivity * prior + (1.0 - specificity) * (1.0 - prior))\n"
           "    return float(positive), float(1.0 - positive)\n",
           "Takes P(M | -) as 1 - P(M | +), as if the two were complementary.",
           hint="n'est pas 1 - P(M | +)"),
]
