"""Public grading cases of part 2 (question 2a): logistic regression trained by stochastic gradient descent.

Shipped to students. Training is stochastic, so no weight is expected: the
cases check what the statement guarantees (a mean loss below 0.25 and an
accuracy of at least 90 % on two well-apart clouds, with lr = 0.05 and 30
epochs) and that the student's seed makes training reproducible.
"""

from __future__ import annotations

import numpy as np

from autograder.checking import Trial

from .shared import EPOCHS, LR, clouds, guarantees, trained

SEEDED = ("Deux appels avec le même seed doivent donner le même résultat : tirez tout le hasard (initialisation, "
          "ordre des exemples) de rng = np.random.default_rng(seed), jamais de np.random.default_rng() sans seed.")


def logistic_public(t: Trial) -> None:
    """Two clouds of 60 points, 3 apart, around (1.5, 0.25), like classes 0 and 1 of data/train.csv."""
    X, y = clouds(t.rng, np.array([1.5, 0.25]), 3.0, 60)
    result, w, b = trained(t.call("train_logistic", X, y, LR, EPOCHS, 1, label="train_logistic(X, y, 0.05, 30, 1)"),
                           2)
    guarantees(result, w, b, X, y, "d'entraînement")


STEPS_B = -0.8858979605206168  # v <- v + (1 - sigmoid(v)) six times from v = 0 gives v = 1.7718, and b = -v / 2
STEP = ("Chaque pas calcule p = sigmoid(w · x + b), puis w <- w - lr * (p - y) * x et b <- b - lr * (p - y), "
        "avec sigmoid(z) = 1 / (1 + exp(-z)) et le pas multiplié par lr.")


def logistic_steps_public(t: Trial) -> None:
    """One example x = -1, y = 0, lr = 0.5, 6 epochs: each step moves b down and w up by sigmoid(b - w) / 2.

    From w = w0 and b = 0, v = w - b follows v <- v + sigmoid(-v) = v + (1 - sigmoid(v)) and b = -(v - w0) / 2:
    with w0 = 0, b = -0.8859 after six steps, and w + b = w0; a small random w0 (|w0| <= 0.05) moves b by less
    than 0.05. A negative x tells x from |x|.
    """
    result, w, b = trained(t.call("train_logistic", [[-1.0]], [0], 0.5, 6, 0), 1)
    result.item(1, label="b").number().close_to(STEPS_B, rtol=0.0, atol=0.05, what="b après six pas", hint=STEP)
    result.item(0, label="w").derived(float(w[0] + b)).number().satisfies(
        lambda v: abs(v) <= 0.05, "w + b, la valeur initiale de w, petite (|w0| <= 0.05)",
        hint="Initialisez w à zéro ou par de petites valeurs tirées de N(0, 0.01^2), et b à 0 ; " + STEP)


def logistic_seed_public(t: Trial) -> None:
    """The same seed twice gives the same (w, b), exactly."""
    X, y = clouds(t.rng, np.array([1.5, 0.25]), 3.0, 30)
    label = "train_logistic(X, y, 0.05, 5, 7)"
    _, first, first_b = trained(t.call("train_logistic", X, y, LR, 5, 7, label=label), 2)
    again, second, second_b = trained(t.call("train_logistic", X, y, LR, 5, 7, label=label + ", une seconde fois"),
                                      2)
    again.derived((*second, second_b)).close_to((*first, first_b), rtol=0.0, atol=0.0,
                                                what="le même (w, b) qu'au premier appel", hint=SEEDED)
