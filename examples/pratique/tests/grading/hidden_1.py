"""Hidden grading cases of part 1 (questions 1a-1c).

1a reads data/test.csv (handed out) and compares it with the file's own
text; 1b draws training and query points from ``t.rng`` (real coordinates:
no two distances tie), with an even k in every draw so that tied votes
occur; 1c trains on an unbalanced sample of data/train.csv and is evaluated
on data/hidden_test.csv, which only the grader reads. Failures never show an
expected value.
"""

from __future__ import annotations

import io
from typing import Callable

import numpy as np

from autograder.checking import Trial

from .shared import fitted

HEADER = ("La première ligne du fichier est l'en-tête x1,x2,label : sautez-la, et elle seule ; chaque ligne "
          "suivante est un point.")
TIE = "En cas d'égalité des votes, la plus petite étiquette l'emporte (np.argmax de np.bincount le fait)."
NEAREST = "Ce sont les k plus proches voisins qui votent : triez les distances par ordre croissant."
EUCLID = "La distance est euclidienne : la racine de la somme des carrés des écarts, pas la somme des écarts absolus."
COUNT = "Exactement k voisins votent : prenez les k premiers indices du tri, ni plus ni moins."
KERNEL = "Le noyau est exp(-||x - x_i||^2 / (2 sigma^2)) : le carré de la distance, le carré de sigma, le facteur 2."
SUM = "Le score d'une classe est la somme des noyaux de ses points, pas leur moyenne."


def _table(t: Trial, path: str) -> tuple[np.ndarray, np.ndarray]:
    """The points and labels of one CSV file of the assignment, read by the judge."""
    table = np.loadtxt(io.BytesIO(t.data(path)), delimiter=",", skiprows=1, ndmin=2)
    return table[:, :2], table[:, 2].astype(int)


# 1a

def load_dataset_hidden(t: Trial) -> None:
    """data/test.csv, every value."""
    X, y = _table(t, "data/test.csv")
    result = t.call("load_dataset", "data/test.csv")
    result.satisfies(lambda value: len(value) == 2, "un couple (X, y)")
    got_X, got_y = result.item(0, label="X"), result.item(1, label="y")
    got_X.satisfies(lambda v: np.shape(v)[0] == len(y), "une ligne par point du fichier", hint=HEADER)
    got_X.array(shape=X.shape).close_to(X, rtol=0.0, atol=1e-12, what="les points du fichier", hint=HEADER)
    got_y.satisfies(lambda v: np.asarray(v).dtype.kind in "iu", "des étiquettes entières",
                    hint="Les étiquettes sont des entiers : convertissez-les avec .astype(int).")
    got_y.array(shape=y.shape)
    got_y.equals(y, what="les étiquettes du fichier", hint=HEADER)


# 1b

def _votes(train_y: np.ndarray, order: np.ndarray, k: int) -> np.ndarray:
    """The label of each query from its ``order`` of training points: the k first vote, the smallest label wins."""
    return np.array([np.argmax(np.bincount(train_y[row[:k]], minlength=3)) for row in order])


def _nearest_wins(train_y: np.ndarray, order: np.ndarray, k: int) -> np.ndarray:
    """The votes of the k first, a tie won by the label of the nearest tied voter (not the smallest label)."""
    labels = []
    for row in order:
        voters = train_y[row[:k]]
        counts = np.bincount(voters, minlength=3)
        labels.append(next(int(v) for v in voters if counts[v] == counts.max()))
    return np.array(labels)


def knn_hidden(t: Trial) -> None:
    """A random training set of 3 classes and random queries, for an odd k and an even k."""
    n = int(t.rng.integers(25, 40))
    train_X, train_y = t.rng.uniform(0.0, 5.0, size=(n, 2)), t.rng.permutation(np.arange(n) % 3)
    queries = t.rng.uniform(0.0, 5.0, size=(int(t.rng.integers(15, 25)), 2))
    gaps = queries[:, None, :] - train_X[None, :, :]
    euclid = np.argsort(np.sqrt((gaps ** 2).sum(axis=2)), axis=1)
    manhattan = np.argsort(np.abs(gaps).sum(axis=2), axis=1)
    for k in (int(t.rng.choice([3, 5, 7])), int(t.rng.choice([2, 4, 6]))):
        model = fitted(t, "KNN", train_X, train_y, k=k)
        expected = _votes(train_y, euclid, k)
        model.call("predict", queries).array(shape=(len(queries),)).equals(
            expected, what="les étiquettes prédites",
            mistakes=[(_votes(train_y, euclid[:, ::-1], k), NEAREST), (_votes(train_y, manhattan, k), EUCLID),
                      (_votes(train_y, euclid, k + 1), COUNT), (_votes(train_y, euclid, k - 1), COUNT),
                      (_nearest_wins(train_y, euclid, k), TIE)])


# 1c

def _proba(train_X: np.ndarray, train_y: np.ndarray, X: np.ndarray,
           kernel: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Normalised class scores with the kernel ``kernel`` of the squared distances (a mistake's, or the statement's)."""
    squared = ((X[:, None, :] - train_X[None, :, :]) ** 2).sum(axis=2)
    scores = kernel(squared) @ np.eye(3)[train_y]
    return scores / scores.sum(axis=1, keepdims=True)


def parzen_hidden(t: Trial) -> None:
    """Trained on data/train.csv with one class thinned out, evaluated on the hidden split, sigma in [0.4, 1.2]."""
    X, y = _table(t, "data/train.csv")
    thin = int(t.rng.integers(3))
    keep = (y != thin) | (t.rng.uniform(size=len(y)) < 0.3)
    X, y = X[keep], y[keep]
    test_X, _ = _table(t, "data/hidden_test.csv")
    sigma = float(t.rng.uniform(0.4, 1.2))
    model = fitted(t, "Parzen", X, y, sigma=sigma)
    expected = _proba(X, y, test_X, lambda d2: np.exp(-d2 / (2 * sigma ** 2)))
    counts = np.bincount(y, minlength=3)
    mistakes = [(_proba(X, y, test_X, lambda d2: np.exp(-d2 / sigma ** 2)), KERNEL),
                (_proba(X, y, test_X, lambda d2: np.exp(-d2 / (2 * sigma))), KERNEL),
                (_proba(X, y, test_X, lambda d2: np.exp(-np.sqrt(d2) / (2 * sigma ** 2))), KERNEL),
                (expected / counts / (expected / counts).sum(axis=1, keepdims=True), SUM)]
    result = model.call("predict_proba", test_X, label="predict_proba(X_test_caché)").array(
        shape=expected.shape).finite()
    result.satisfies(lambda v: np.allclose(np.sum(v, axis=1), 1.0), "des lignes de somme 1",
                     hint="predict_proba divise chaque score par la somme des scores de la ligne.")
    result.close_to(expected, rtol=1e-7, atol=1e-12, what="les scores normalisés", mistakes=mistakes)
    model.call("predict", test_X, label="predict(X_test_caché)").array(shape=(len(test_X),)).equals(
        np.argmax(expected, axis=1), what="les classes de plus grand score",
        hint="La classe prédite est celle de plus grand score (np.argmax sur l'axe des classes).")
