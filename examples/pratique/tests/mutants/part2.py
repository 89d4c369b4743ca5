"""Plausible wrong answers to part 2 (question 2a): each must lose its own question's points only."""

from __future__ import annotations

from autograder.variants import Mutant


def trainer(init: str = "rng.normal(0.0, 0.01, size=X.shape[1])", step_w: str = "w - lr * (p - y[i]) * X[i]",
            step_b: str = "b - lr * (p - y[i])", rng: str = "np.random.default_rng(seed)",
            order: str = "rng.permutation(len(y))") -> str:
    """The reference's train_logistic with one of its pieces replaced."""
    return ("def train_logistic(X, y, lr, epochs, seed):\n"
            "    X = np.asarray(X, dtype=float)\n"
            "    y = np.asarray(y, dtype=float)\n"
            f"    rng = {rng}\n"
            f"    w = {init}\n"
            "    b = 0.0\n"
            "    for _ in range(int(epochs)):\n"
            f"        for i in {order}:\n"
            "            p = 1.0 / (1.0 + np.exp(-(X[i] @ w + b)))\n"
            f"            w = {step_w}\n"
            f"            b = {step_b}\n"
            "    return w, float(b)\n")


MUTANTS: list[Mutant] = [
    Mutant("2a", "train_logistic", trainer(step_w="w + lr * (p - y[i]) * X[i]", step_b="b + lr * (p - y[i])"),
           "Steps up the gradient (ascent), a sign error.", hint="signe du pas"),
    Mutant("2a", "train_logistic", trainer(step_b="b"),
           "Never updates the bias: the boundary stays through the origin.", hint="biais"),
    Mutant("2a", "train_logistic", trainer(rng="np.random.default_rng()"),
           "Ignores the seed: two calls with the same seed differ.", hint="même seed"),
    Mutant("2a", "train_logistic", trainer(order="rng.permutation(len(y))[:1]"),
           "Takes one step per epoch instead of one per example.", hint="tous les exemples"),
]
