"""Public grading cases of part 1 (questions 1a-1c): reading the data, k nearest neighbours, Parzen windows.

Shipped to students. Every expected value is worked out by hand: the first
rows and the class counts of data/train.csv, the neighbours of a few points
on tiny training sets, and Parzen scores written as sums of exponentials.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.checking import Result, Trial

from .shared import fitted

HEADER = ("La première ligne du fichier est l'en-tête x1,x2,label : sautez-la, et elle seule ; chaque ligne "
          "suivante est un point.")
INTEGERS = "Les étiquettes sont des entiers : convertissez la dernière colonne avec .astype(int)."
TIE = "En cas d'égalité des votes, la plus petite étiquette l'emporte (np.argmax de np.bincount le fait)."
NEAREST = "Ce sont les k plus proches voisins qui votent : triez les distances par ordre croissant."
EUCLID = "La distance est euclidienne : la racine de la somme des carrés des écarts, pas la somme des écarts absolus."
COUNT = "Exactement k voisins votent : prenez les k premiers indices du tri, ni plus ni moins."


# 1a

def load_dataset_public(t: Trial) -> None:
    """data/train.csv: 240 points, first two rows and last row as in the file, 80 points per class."""
    result = t.call("load_dataset", "data/train.csv")
    result.satisfies(lambda value: len(value) == 2, "un couple (X, y)")
    X, y = result.item(0, label="X"), result.item(1, label="y")
    X.satisfies(lambda v: np.shape(v)[0] == 240, "240 lignes, une par point de data/train.csv", hint=HEADER)
    X.array(shape=(240, 2))
    X.derived(np.asarray(X.value)[[0, 1, -1]]).array(shape=(3, 2)).close_to(
        [[1.6963, -0.2913], [2.9696, 0.1157], [3.0857, 1.2277]], rtol=0.0, atol=1e-12,
        what="les deux premiers points et le dernier", hint=HEADER)
    y.satisfies(lambda v: np.asarray(v).dtype.kind in "iu", "des étiquettes entières", hint=INTEGERS)
    y.array(shape=(240,))
    y.derived(tuple(int(n) for n in np.bincount(np.asarray(y.value)))).equals(
        (80, 80, 80), what="80 points de chaque classe 0, 1 et 2", hint=HEADER)


# 1b

SQUARE = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [5.0, 6.0]]  # two groups of three


def knn_public(t: Trial) -> None:
    """Two well-apart groups, k = 3: points near each group, and (4, 4), nearer to the second."""
    model = fitted(t, "KNN", SQUARE, [0, 0, 0, 1, 1, 1], k=3)
    model.get("k").integer().equals(3, what="l'attribut k", hint="Gardez k dans self.k.")
    model.call("predict", [[0.2, 0.2], [5.5, 5.5], [4.0, 4.0]]).array(shape=(3,)).equals(
        (0, 1, 1), what="les étiquettes prédites", mistakes=[((1, 0, 0), NEAREST)])


def knn_rules_public(t: Trial) -> None:
    """The rules of the statement, each on its own tiny set: Euclidean distance, ties, exactly k voters."""
    # (0, 0) is 3 from (3, 0) and 2.83 from (2, 2): nearer to (2, 2), unless distances are |dx| + |dy| (3 < 4)
    euclid = fitted(t, "KNN", [[3.0, 0.0], [2.0, 2.0]], [0, 1], k=1)
    euclid.call("predict", [[0.0, 0.0]]).array(shape=(1,)).equals((1,), what="l'étiquette du plus proche voisin",
                                                                   mistakes=[((0,), EUCLID)])
    # k = 2 and one vote each: label 0 wins the tie, although the nearest neighbour has label 1
    tie = fitted(t, "KNN", [[0.0, 0.0], [2.0, 0.0]], [1, 0], k=2)
    tie.call("predict", [[0.9, 0.0]]).array(shape=(1,)).equals((0,), what="l'étiquette après un vote à égalité",
                                                                mistakes=[((1,), TIE)])
    # k = 2 voters around (0.4, 0): labels 0 and 1, a tie won by 0; a third voter would make it 1
    count = fitted(t, "KNN", [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]], [0, 1, 1], k=2)
    count.call("predict", [[0.4, 0.0]]).array(shape=(1,)).equals((0,), what="le vote des 2 plus proches voisins",
                                                                  mistakes=[((1,), COUNT)])


# 1c

def _normalised(*scores: float) -> list[float]:
    """Scores divided by their sum, as the statement defines predict_proba."""
    return [score / sum(scores) for score in scores]


def parzen_public(t: Trial) -> None:
    """sigma = 0.5 (2 sigma^2 = 0.5) on three points of the line, two of class 0; squared distances by hand."""
    e = math.exp
    model = fitted(t, "Parzen", [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]], [0, 0, 1], sigma=0.5)
    # from (2, 0) the squared distances are 4, 1, 1; from (0.5, 0) they are 0.25, 0.25, 6.25
    result = model.call("predict_proba", [[2.0, 0.0], [0.5, 0.0]]).array(shape=(2, 2)).finite()
    _scores_are(result, [_normalised(e(-8) + e(-2), e(-2)), _normalised(2 * e(-0.5), e(-12.5))],
                [(_normalised(e(-16) + e(-4), e(-4)), _normalised(2 * e(-1), e(-25)), "2 sigma^2"),
                 (_normalised(e(-4) + e(-1), e(-1)), _normalised(2 * e(-0.25), e(-6.25)), "2 sigma^2"),
                 (_normalised((e(-8) + e(-2)) / 2, e(-2)), _normalised(e(-0.5), e(-12.5)), "somme"),
                 (_normalised(e(-4) + e(-2), e(-2)), _normalised(2 * e(-1), e(-5)), "carré")])
    model.call("predict", [[2.0, 0.0], [0.5, 0.0]]).array(shape=(2,)).equals(
        (0, 0), what="les classes de plus grand score",
        hint="La classe prédite est celle de plus grand score (np.argmax sur l'axe des classes).")


PARZEN_HINTS = {
    "2 sigma^2": "Le noyau est exp(-||x - x_i||^2 / (2 sigma^2)) : le carré de sigma, et le facteur 2.",
    "somme": "Le score d'une classe est la somme des noyaux de ses points, pas leur moyenne.",
    "carré": "Le noyau prend le carré de la distance ||x - x_i||^2, pas la distance elle-même.",
}


def _scores_are(result: Result, expected: list[list[float]], mistakes: list[tuple[list[float], list[float], str]]
                ) -> None:
    """The normalised scores: rows that sum to 1, then the values, a known mistake named by its hint."""
    result.satisfies(lambda v: np.allclose(np.sum(v, axis=1), 1.0), "des lignes de somme 1",
                     hint="predict_proba divise chaque score par la somme des scores de la ligne.")
    result.close_to(expected, rtol=1e-9, atol=1e-12, what="les scores normalisés",
                    mistakes=[([first, second], PARZEN_HINTS[key]) for first, second, key in mistakes])
