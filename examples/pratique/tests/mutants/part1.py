"""Plausible wrong answers to part 1 (questions 1a-1c): each must lose its own question's points only.

A mutant of a class replaces the whole class (``function`` is the class's name).
"""

from __future__ import annotations

from autograder.variants import Mutant

KNN_FIT = '''
    def __init__(self, k):
        self.k = int(k)

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        return self
'''

PARZEN_FIT = '''
    def __init__(self, sigma):
        self.sigma = float(sigma)

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        return self

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
'''


def knn(predict_body: str) -> str:
    """A KNN class with the reference's constructor and fit, and this body of predict."""
    return "class KNN:" + KNN_FIT + "\n    def predict(self, X):\n        X = np.asarray(X, dtype=float)\n" + predict_body


def parzen(kernel: str, combine: str = "weights @ np.eye(int(self.y.max()) + 1)[self.y]") -> str:
    """A Parzen class with the reference's constructor, fit and predict, and this kernel of the squared distances."""
    return ("class Parzen:" + PARZEN_FIT + "\n    def predict_proba(self, X):\n"
            "        X = np.asarray(X, dtype=float)\n"
            "        squared = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2)\n"
            f"        weights = {kernel}\n"
            f"        scores = {combine}\n"
            "        return scores / scores.sum(axis=1, keepdims=True)\n")


MUTANTS: list[Mutant] = [
    # 1a
    Mutant("1a", "load_dataset",
           "def load_dataset(path):\n"
           "    table = np.loadtxt(path, delimiter=',', skiprows=1)\n"
           "    return table[:, :2], table[:, 2]\n",
           "Keeps the labels as floats, as np.loadtxt reads them.",
           hint="astype(int)"),
    Mutant("1a", "load_dataset",
           "def load_dataset(path):\n"
           "    table = np.loadtxt(path, delimiter=',', skiprows=2)\n"
           "    return table[:, :2], table[:, 2].astype(int)\n",
           "Skips two lines: the header and the first point.",
           hint="en-tête"),
    Mutant("1a", "load_dataset",
           "def load_dataset(path):\n"
           "    table = np.loadtxt(path, delimiter=',')\n"
           "    return table[:, :2], table[:, 2].astype(int)\n",
           "Does not skip the header: np.loadtxt fails on 'x1'."),
    Mutant("1a", "load_dataset",
           "def load_dataset(path):\n"
           "    table = np.loadtxt(path, delimiter=',', skiprows=1)\n"
           "    return table, table[:, 2].astype(int)\n",
           "Leaves the label column in X."),
    # 1b
    Mutant("1b", "KNN", knn(
        "        d = np.sqrt(((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2))\n"
        "        nearest = np.argsort(-d, axis=1)[:, :self.k]\n"
        "        return np.array([np.argmax(np.bincount(self.y[row])) for row in nearest])\n"),
        "Sorts the distances in decreasing order: the k farthest points vote.",
        hint="plus proches voisins"),
    Mutant("1b", "KNN", knn(
        "        d = np.abs(X[:, None, :] - self.X[None, :, :]).sum(axis=2)\n"
        "        nearest = np.argsort(d, axis=1)[:, :self.k]\n"
        "        return np.array([np.argmax(np.bincount(self.y[row])) for row in nearest])\n"),
        "Uses the Manhattan distance instead of the Euclidean one.",
        hint="euclidienne"),
    Mutant("1b", "KNN", knn(
        "        d = np.sqrt(((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2))\n"
        "        nearest = np.argsort(d, axis=1)[:, :self.k + 1]\n"
        "        return np.array([np.argmax(np.bincount(self.y[row])) for row in nearest])\n"),
        "Lets k + 1 neighbours vote (an off-by-one in the slice).",
        hint="Exactement k voisins"),
    Mutant("1b", "KNN", knn(
        "        d = np.sqrt(((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2))\n"
        "        labels = []\n"
        "        for row in np.argsort(d, axis=1)[:, :self.k]:\n"
        "            voters = self.y[row]\n"
        "            counts = np.bincount(voters)\n"
        "            labels.append(next(v for v in voters if counts[v] == counts.max()))\n"
        "        return np.array(labels)\n"),
        "Breaks a tie in favour of the nearest tied voter, not the smallest label.",
        hint="plus petite étiquette"),
    Mutant("1b", "KNN",
           "class KNN:\n"
           "    def __init__(self, k):\n"
           "        self.k = int(k)\n"
           "\n"
           "    def fit(self, X, y):\n"
           "        self.X = np.asarray(X, dtype=float)\n"
           "        self.y = np.asarray(y).astype(int)\n"
           "\n"
           "    def predict(self, X):\n"
           "        X = np.asarray(X, dtype=float)\n"
           "        d = np.sqrt(((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2))\n"
           "        nearest = np.argsort(d, axis=1)[:, :self.k]\n"
           "        return np.array([np.argmax(np.bincount(self.y[row])) for row in nearest])\n",
           "fit returns None instead of self.",
           hint="return self"),
    # 1c
    Mutant("1c", "Parzen", parzen("np.exp(-squared / self.sigma ** 2)"),
           "Forgets the factor 2 of the Gaussian kernel.", hint="2 sigma^2"),
    Mutant("1c", "Parzen", parzen("np.exp(-squared / (2.0 * self.sigma))"),
           "Divides by 2 sigma instead of 2 sigma^2.", hint="2 sigma^2"),
    Mutant("1c", "Parzen", parzen("np.exp(-np.sqrt(squared) / (2.0 * self.sigma ** 2))"),
           "Uses the distance instead of its square in the kernel.", hint="carré"),
    Mutant("1c", "Parzen", parzen("np.exp(-squared / (2.0 * self.sigma ** 2))",
                                  "(weights @ np.eye(int(self.y.max()) + 1)[self.y]) / np.bincount(self.y)"),
           "Averages the kernels of a class instead of summing them (a class's size stops counting).",
           hint="pas leur moyenne"),
    Mutant("1c", "Parzen",
           "class Parzen:" + PARZEN_FIT.replace("        return np.argmax(self.predict_proba(X), axis=1)",
                                                "        return np.argmin(self.predict_proba(X), axis=1)")
           + "\n    def predict_proba(self, X):\n"
             "        X = np.asarray(X, dtype=float)\n"
             "        squared = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2)\n"
             "        scores = np.exp(-squared / (2.0 * self.sigma ** 2)) @ np.eye(int(self.y.max()) + 1)[self.y]\n"
             "        return scores / scores.sum(axis=1, keepdims=True)\n",
           "predict returns the class of smallest score.",
           hint="plus grand score"),
]
