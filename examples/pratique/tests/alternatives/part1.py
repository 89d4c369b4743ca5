"""Correct answers to part 1 (questions 1a-1c) written another way: each must keep every point on every seed.

They cover what students hand in: the csv module instead of np.loadtxt,
plain loops and sorted() instead of broadcasting, squared distances (the
same order as distances), collections.Counter for the vote, argpartition,
the Gaussian's normalising constant (it cancels), a Python dict of classes.
"""

from __future__ import annotations

from autograder.variants import Alternative

ALTERNATIVES: list[Alternative] = [
    # 1a
    Alternative("1a", '''
def load_dataset(path):
    import csv
    with open(path, newline="") as stream:
        rows = list(csv.reader(stream))[1:]
    X = np.array([[float(row[0]), float(row[1])] for row in rows])
    y = np.array([int(row[2]) for row in rows])
    return X, y
''', "The csv module, one row at a time."),
    Alternative("1a", '''
def load_dataset(path):
    table = np.genfromtxt(path, delimiter=",", names=True)
    return np.column_stack([table["x1"], table["x2"]]), table["label"].astype(np.int32)
''', "np.genfromtxt with the header as field names, labels as int32."),
    # 1b
    Alternative("1b", '''
class KNN:
    def __init__(self, k):
        self.k = k

    def fit(self, X, y):
        self.points = [tuple(map(float, x)) for x in X]
        self.labels = [int(label) for label in y]
        return self

    def predict(self, X):
        from collections import Counter
        out = []
        for x in X:
            order = sorted(range(len(self.points)),
                           key=lambda i: sum((a - b) ** 2 for a, b in zip(x, self.points[i])))
            votes = Counter(self.labels[i] for i in order[:self.k])
            best = max(votes.values())
            out.append(min(label for label, count in votes.items() if count == best))
        return np.array(out)
''', "Plain Python: sorted() on squared distances, a Counter, ties by min()."),
    Alternative("1b", '''
class KNN:
    def __init__(self, k):
        self.k = int(k)

    def fit(self, X, y):
        self.X, self.y = np.array(X, dtype=float), np.array(y, dtype=int)
        return self

    def predict(self, X):
        d2 = (np.sum(np.asarray(X, dtype=float) ** 2, axis=1)[:, None] - 2 * np.asarray(X, dtype=float) @ self.X.T
              + np.sum(self.X ** 2, axis=1)[None, :])
        if self.k < len(self.y):
            nearest = np.argpartition(d2, self.k - 1, axis=1)[:, :self.k]
        else:
            nearest = np.tile(np.arange(len(self.y)), (len(d2), 1))
        counts = np.stack([np.sum(self.y[nearest] == c, axis=1) for c in range(self.y.max() + 1)], axis=1)
        return counts.argmax(axis=1)
''', "Expanded squared distances, argpartition (unordered k nearest), counts per class."),
    # 1c
    Alternative("1c", '''
class Parzen:
    def __init__(self, sigma):
        self.sigma = sigma

    def fit(self, X, y):
        self.X, self.y = np.asarray(X, dtype=float), np.asarray(y)
        self.classes = int(np.max(y)) + 1
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        d = X.shape[1]
        constant = 1.0 / (2 * np.pi * self.sigma ** 2) ** (d / 2)
        out = np.zeros((len(X), self.classes))
        for c in range(self.classes):
            members = self.X[self.y == c]
            for j, x in enumerate(X):
                out[j, c] = constant * np.sum(np.exp(-np.sum((members - x) ** 2, axis=1) / (2 * self.sigma ** 2)))
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
''', "A loop per class with the Gaussian density's constant, which cancels when normalised."),
]
