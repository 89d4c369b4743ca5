"""IFT 6390A — Devoir pratique : classifieurs et descente de gradient, le fichier à compléter.

Chaque question du devoir correspond ici à une fonction ou à une classe.
Le jeu de données est fourni avec l'énoncé : ``data/train.csv`` et
``data/test.csv`` (une ligne d'en-tête ``x1,x2,label``, puis un point par
ligne : deux coordonnées réelles et une étiquette entière 0, 1 ou 2).

Comment remplir ce fichier :

* remplacez chaque ``raise NotImplementedError`` par votre réponse ;
* ne renommez ni fonction, ni classe, ni méthode, et ne modifiez aucune
  signature : le correcteur construit vos classes et appelle leurs méthodes
  par leur nom ;
* seul numpy est nécessaire (et permis) ; ``X`` est toujours un tableau de
  forme ``(n, d)`` (un point par ligne) et ``y`` un tableau d'entiers de
  forme ``(n,)`` ;
* le hasard passe par ``np.random.default_rng(seed)`` avec le ``seed`` reçu :
  deux appels avec le même ``seed`` doivent donner exactement le même
  résultat.

Vérifiez votre travail avec ``python check.py`` (tests publics, depuis le
dossier qui contient ``data/``), puis déposez ``pratique.py`` sur Gradescope.
"""

import numpy as np


# ============================================================================
# Partie 1 — Données et classifieurs non paramétriques (14 points)
# ============================================================================


def load_dataset(path):
    """Question 1a (3 points) — lire le jeu de données.

    Lisez le fichier CSV ``path`` (par exemple ``"data/train.csv"``, un chemin
    relatif au dossier de travail) : une ligne d'en-tête ``x1,x2,label``, puis
    un point par ligne.

    Argument : ``path``, le chemin du fichier (une chaîne).
    Retour : le couple ``(X, y)`` : ``X`` de forme (n, 2), réels (les deux
    premières colonnes) ; ``y`` de forme (n,), entiers (la dernière colonne).

    Exemple : pour ``data/train.csv``, ``X.shape == (240, 2)``.
    """
    # BEGIN SOLUTION
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return table[:, :2], table[:, 2].astype(int)
    # END SOLUTION


class KNN:
    """Question 1b (6 points) — les k plus proches voisins.

    ``KNN(k)`` garde ``k`` dans l'attribut ``self.k``. ``fit(X, y)`` mémorise
    les points d'entraînement et renvoie l'objet lui-même (``return self``).
    ``predict(X)`` renvoie, pour chaque ligne de ``X``, l'étiquette la plus
    fréquente parmi ses ``k`` plus proches voisins d'entraînement au sens de la
    distance euclidienne. En cas d'égalité des votes, la plus petite étiquette
    l'emporte.

    Exemple : ``KNN(1).fit(np.array([[0.0, 0.0], [4.0, 0.0]]), np.array([0, 1]))
    .predict(np.array([[3.0, 0.0]]))`` → ``array([1])``
    """

    def __init__(self, k):
        """``k`` : le nombre de voisins, un entier >= 1."""
        # BEGIN SOLUTION
        self.k = int(k)
        # END SOLUTION

    def fit(self, X, y):
        """``X`` de forme (n, d), ``y`` d'entiers de forme (n,) ; renvoie ``self``."""
        # BEGIN SOLUTION
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        return self
        # END SOLUTION

    def predict(self, X):
        """``X`` de forme (m, d) ; renvoie les m étiquettes prédites, entiers de forme (m,)."""
        # BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        distances = np.sqrt(((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2))
        nearest = np.argsort(distances, axis=1, kind="stable")[:, :self.k]
        # np.argmax renvoie le premier maximum : la plus petite étiquette en cas d'égalité
        return np.array([np.argmax(np.bincount(self.y[row])) for row in nearest], dtype=int)
        # END SOLUTION


class Parzen:
    """Question 1c (5 points) — le classifieur à fenêtres de Parzen (noyau gaussien).

    ``Parzen(sigma)`` garde la largeur de fenêtre ``sigma > 0``. ``fit(X, y)``
    mémorise les points d'entraînement (les classes sont 0, 1, ..., C - 1 avec
    C = max(y) + 1) et renvoie ``self``. Pour un point x, le score de la classe
    c est

        s_c(x) = somme sur les i tels que y_i = c de exp(-||x - x_i||^2 / (2 sigma^2)).

    ``predict_proba(X)`` renvoie les scores normalisés s_c(x) / somme_c' s_c'(x),
    de forme (m, C) ; ``predict(X)`` renvoie la classe de plus grand score
    (la plus petite en cas d'égalité), entiers de forme (m,).
    """

    def __init__(self, sigma):
        """``sigma`` : la largeur de la fenêtre, un réel > 0."""
        # BEGIN SOLUTION
        self.sigma = float(sigma)
        # END SOLUTION

    def fit(self, X, y):
        """``X`` de forme (n, d), ``y`` d'entiers de forme (n,) ; renvoie ``self``."""
        # BEGIN SOLUTION
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        return self
        # END SOLUTION

    def predict_proba(self, X):
        """``X`` de forme (m, d) ; renvoie les scores normalisés, de forme (m, C)."""
        # BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        squared = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2)
        # soustraire la plus petite distance de chaque ligne ne change pas les scores normalisés
        # et évite que toutes les exponentielles s'arrondissent à 0
        weights = np.exp(-(squared - squared.min(axis=1, keepdims=True)) / (2.0 * self.sigma ** 2))
        scores = weights @ np.eye(int(self.y.max()) + 1)[self.y]
        return scores / scores.sum(axis=1, keepdims=True)
        # END SOLUTION

    def predict(self, X):
        """``X`` de forme (m, d) ; renvoie les m classes prédites, entiers de forme (m,)."""
        # BEGIN SOLUTION
        return np.argmax(self.predict_proba(X), axis=1)
        # END SOLUTION


# ============================================================================
# Partie 2 — Régression logistique par descente de gradient (6 points)
# ============================================================================


def train_logistic(X, y, lr, epochs, seed):
    """Question 2a (6 points) — la régression logistique par descente de gradient stochastique.

    Le modèle prédit P(y = 1 | x) = sigmoid(w · x + b). Entraînez-le en
    minimisant l'entropie croisée moyenne par descente de gradient
    stochastique : ``rng = np.random.default_rng(seed)`` ; w initialisé à zéro
    ou par de petites valeurs tirées de N(0, 0.01^2) avec ``rng``, b = 0 ; puis, à chacune des
    ``epochs`` époques, parcourez les exemples un par un dans un ordre mélangé
    par ``rng`` et faites pour chacun le pas w <- w - lr * grad_w, b <- b - lr *
    grad_b du gradient de sa perte.

    Arguments : ``X`` de forme (n, d) ; ``y`` de forme (n,), valeurs 0 ou 1 ;
    ``lr`` le pas (réel > 0) ; ``epochs`` le nombre d'époques ; ``seed`` un entier.
    Retour : le couple ``(w, b)``, ``w`` de forme (d,) et ``b`` un réel.

    Garanties vérifiées : avec ``lr = 0.05`` et ``epochs = 30`` sur deux nuages
    bien séparés (comme les classes 0 et 1 de ``data/train.csv``), la perte
    moyenne d'entraînement est inférieure à 0.25 et la précision (seuil 0.5)
    d'au moins 90 % ; deux appels avec le même ``seed`` donnent le même résultat.
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.01, size=X.shape[1])
    b = 0.0
    for _ in range(int(epochs)):
        for i in rng.permutation(len(y)):
            z = X[i] @ w + b
            p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid(z), sans débordement de exp
            w = w - lr * (p - y[i]) * X[i]
            b = b - lr * (p - y[i])
    return w, float(b)
    # END SOLUTION
