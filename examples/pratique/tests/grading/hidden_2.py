"""Hidden grading case of part 2 (question 2a).

Two clouds drawn from ``t.rng``, 3.5 to 4.5 apart, around a centre 3 to 6 away
from the origin (a boundary through the origin cannot separate them: the
bias must be learnt), with a seed drawn too; then the model trained on
classes 0 and 1 of data/train.csv must keep its accuracy on those classes of
data/hidden_test.csv, which only the grader reads.
"""

from __future__ import annotations

import io

import numpy as np

from autograder.checking import Trial

from .shared import EPOCHS, LR, clouds, guarantees, trained


def _pair(t: Trial, path: str) -> tuple[np.ndarray, np.ndarray]:
    """Classes 0 and 1 of one CSV file of the assignment, read by the judge."""
    table = np.loadtxt(io.BytesIO(t.data(path)), delimiter=",", skiprows=1, ndmin=2)
    table = table[table[:, 2] < 2]
    return table[:, :2], table[:, 2].astype(int)


def logistic_hidden(t: Trial) -> None:
    """The guarantee on random clouds and a random seed, then on the hidden split after training on train.csv."""
    angle = t.rng.uniform(0.0, 2 * np.pi)
    centre = t.rng.uniform(3.0, 6.0) * np.array([np.cos(angle), np.sin(angle)])
    X, y = clouds(t.rng, centre, float(t.rng.uniform(3.5, 4.5)), int(t.rng.integers(40, 70)))
    seed = int(t.rng.integers(10_000))
    result, w, b = trained(t.call("train_logistic", X, y, LR, EPOCHS, seed,
                                  label=f"train_logistic(X, y, 0.05, 30, {seed})"), 2)
    guarantees(result, w, b, X, y, "d'entraînement")
    train_X, train_y = _pair(t, "data/train.csv")
    result, w, b = trained(t.call("train_logistic", train_X, train_y, LR, EPOCHS, seed,
                                  label=f"train_logistic(X_train, y_train, 0.05, 30, {seed})"), 2)
    test_X, test_y = _pair(t, "data/hidden_test.csv")
    guarantees(result, w, b, test_X, test_y, "sur les données de test cachées")
