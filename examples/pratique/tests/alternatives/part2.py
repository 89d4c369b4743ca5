"""Correct answers to part 2 (question 2a) written another way: each must keep every point on every seed.

Stochastic training is graded on what the statement guarantees, so these
differ from the reference in their draws and still keep every point.
"""

from __future__ import annotations

from autograder.variants import Alternative

ALTERNATIVES: list[Alternative] = [
    Alternative("2a", '''
def train_logistic(X, y, lr, epochs, seed):
    rng = np.random.default_rng(seed)
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    order = np.arange(len(y))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            p = np.exp(-np.logaddexp(0.0, -(X[i] @ w + b)))
            g = p - y[i]
            w -= lr * g * X[i]
            b -= lr * g
    return w, b
''', "Zeros for w, rng.shuffle of an index array, the sigmoid through logaddexp, a numpy float b."),
    Alternative("2a", '''
def train_logistic(X, y, lr, epochs, seed):
    import math
    import random
    draw = random.Random(seed)
    points = [(list(map(float, x)), float(t)) for x, t in zip(X, y)]
    w = [draw.gauss(0.0, 0.01) for _ in points[0][0]]
    b = 0.0
    for _ in range(epochs):
        draw.shuffle(points)
        for x, t in points:
            z = sum(wi * xi for wi, xi in zip(w, x)) + b
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            w = [wi - lr * (p - t) * xi for wi, xi in zip(w, x)]
            b -= lr * (p - t)
    return np.array(w), b
''', "Plain Python with random.Random(seed): another generator, honoured as seeded."),
]
