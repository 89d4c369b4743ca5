"""Helpers every case module of the practical homework imports: the handout's formulas, no answer.

Handed out with the public cases: it holds the loss and the accuracy the
statement of question 2a defines, and the two clouds of points its guarantee
speaks of, nothing that trains or classifies.
"""

from __future__ import annotations

import numpy as np

from autograder.checking import Handle, Result, Trial

LR, EPOCHS = 0.05, 30  # the step and the number of epochs the statement's guarantee of 2a is for
MAX_LOSS, MIN_ACCURACY = 0.25, 0.9  # what the statement guarantees for them
RETURN_SELF = "fit doit se terminer par « return self », pour que KNN(k).fit(X, y).predict(Z) fonctionne."


def clouds(rng: np.random.Generator, centre: np.ndarray, gap: float, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds (spread 0.8), ``size`` points each, labels 0 and 1, ``gap`` apart around ``centre``
    on the line from the origin through it: both on one side of any line through the origin."""
    direction = centre / np.linalg.norm(centre)
    labels = np.repeat([0, 1], size)
    means = centre + (labels[:, None] - 0.5) * gap * direction
    return means + rng.normal(0.0, 0.8, size=(2 * size, 2)), labels


def log_loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    """The mean cross-entropy of sigmoid(w · x + b), computed without overflow."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def accuracy(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    """The share of points on the right side of the 0.5 threshold."""
    return float(np.mean((X @ w + b > 0) == (y == 1)))


def trained(result: Result, d: int) -> tuple[Result, np.ndarray, float]:
    """The couple (w, b) returned by train_logistic, refused early when it is not one of the right shapes."""
    result.satisfies(lambda value: len(value) == 2, "un couple (w, b)")
    w = result.item(0, label="w").array(shape=(d,)).finite().value
    b = result.item(1, label="b").number().finite().value
    return result, np.asarray(w, dtype=float), float(b)


def guarantees(result: Result, w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, what: str) -> None:
    """The loss below MAX_LOSS and the accuracy above MIN_ACCURACY on (X, y), with the hint the symptom points at."""
    loss, share = log_loss(w, b, X, y), accuracy(w, b, X, y)
    if loss > np.log(2.0):  # worse than w = 0, b = 0: the steps go uphill
        hint = ("La perte a augmenté pendant l'entraînement : vérifiez le signe du pas, w <- w - lr * grad, avec "
                "grad_w = (sigmoid(w · x + b) - y) x et grad_b = sigmoid(w · x + b) - y (descente, pas montée).")
    elif b == 0.0:
        hint = ("b vaut encore 0 : le biais s'apprend comme w, avec b <- b - lr * (sigmoid(w · x + b) - y) ; "
                "sans lui, la frontière passe par l'origine.")
    else:
        hint = "Parcourez tous les exemples à chaque époque, un par un, et faites un pas pour chacun."
    if loss >= MAX_LOSS:
        raise result.derived(loss).fail(f"une perte moyenne {what} inférieure à {MAX_LOSS}", hint=hint)
    if share < MIN_ACCURACY:
        raise result.derived(share).fail(f"une précision {what} d'au moins {MIN_ACCURACY * 100:.0f} %", hint=hint)


def fitted(t: Trial, name: str, X: np.ndarray, y: np.ndarray, **kwargs: float) -> Handle:
    """``name(**kwargs).fit(X, y)``, which must return the object itself."""
    model = t.new(name, **kwargs)
    model.call("fit", X, y).satisfies(lambda value: isinstance(value, Handle), "l'objet lui-même (self)",
                                      hint=RETURN_SELF.replace("KNN(k)", f"{name}(...)"))
    return model
