"""IFT 6390A — Échauffement : algèbre linéaire et probabilités, le fichier à compléter.

Chaque question de l'échauffement correspond ici à une fonction. Une réponse
écrite (une preuve, un calcul de formes) devient une fonction que l'on peut
vérifier automatiquement : une formule programmée avec numpy ou une réponse
structurée (un tuple de formes).

Comment remplir ce fichier :

* remplacez chaque ``raise NotImplementedError`` par votre réponse ;
* ne renommez aucune fonction et ne modifiez aucune signature (noms et ordre
  des arguments) : le correcteur appelle les fonctions par leur nom ;
* seul numpy est nécessaire (et permis) ; les calculs doivent rester stables
  pour de grandes entrées (±1000 pour log-sum-exp, des valeurs de l'ordre de
  1e9 pour la variance) : ni ``nan`` ni débordement ;
* les vecteurs sont des tableaux numpy à une dimension, de forme ``(n,)``.

Vérifiez votre travail avec ``python check.py`` (tests publics), puis
déposez ``echauffement.py`` sur Gradescope.

Notation : tr(M) est la trace d'une matrice carrée M ; M^T est la transposée
de M ; E[X] et Var[X] sont l'espérance et la variance d'une variable
aléatoire X.
"""

import numpy as np


# ============================================================================
# Partie 1 — Algèbre linéaire et probabilités (10 points)
# ============================================================================


def product_shapes(n, k, m):
    """Question 1a (2 points) — les formes de quelques produits.

    Soient A de forme (n, k), B de forme (k, m) et deux vecteurs numpy u de
    forme (n,) et v de forme (m,). Donnez, sans rien calculer d'autre que des
    formes, la forme numpy de :

    1. ``A @ B`` ;
    2. ``B.T @ A.T`` ;
    3. ``np.outer(u, v)``, le produit extérieur u v^T ;
    4. ``u @ A @ B @ v``, le produit u^T A B v.

    Arguments : ``n``, ``k``, ``m``, entiers strictement positifs.
    Retour : un tuple de quatre formes, chacune un tuple d'entiers (la forme
    d'un nombre est le tuple vide ``()``).

    Exemple : ``product_shapes(1, 1, 1)`` → ``((1, 1), (1, 1), (1, 1), ())``
    """
    raise NotImplementedError


def traces(A, B):
    """Question 1b (2 points) — tr(AB) = tr(BA), même pour des matrices non carrées.

    Montrez que tr(AB) = tr(BA) lorsque A est de forme (n, k) et B de forme
    (k, n), même si n != k (AB est alors n × n et BA est k × k). La preuve
    écrit chaque trace comme une double somme sur i et j des produits
    A_ij B_ji. Renvoyez les deux traces, chacune calculée à partir de sa
    propre définition.

    Arguments : ``A``, tableau de forme (n, k) ; ``B``, tableau de forme (k, n).
    Retour : le couple de réels ``(tr(AB), tr(BA))``.

    Exemple : ``traces(np.ones((2, 3)), np.ones((3, 2)))`` → ``(6.0, 6.0)``
    """
    raise NotImplementedError


def logsumexp(x):
    """Question 1c (2 points) — log-sum-exp stable.

    Calculez ln(somme_i exp(x_i)) sans débordement : le résultat doit rester
    exact et fini pour des entrées de l'ordre de ±1000 (où exp déborde vers
    l'infini ou s'arrondit à 0). La moitié des points porte sur les valeurs
    (entrées modérées), l'autre moitié sur la stabilité.

    Argument : ``x``, tableau de forme (n,) avec n >= 1, de valeurs finies.
    Retour : un réel.

    Exemple : ``logsumexp(np.array([0.0, 0.0]))`` → ``0.6931...`` (ln 2)
    """
    raise NotImplementedError


def mean_variance(values, probs):
    """Question 1d (2 points) — espérance et variance d'une loi discrète.

    X prend la valeur ``values[i]`` avec la probabilité ``probs[i]``.
    Calculez E[X] et Var[X] = E[(X - E[X])^2]. La formule doit rester exacte
    lorsque les valeurs sont grandes et proches les unes des autres (par
    exemple autour de 1e9 avec un écart de l'ordre de 1) : la formule
    E[X^2] - E[X]^2 y perd tous ses chiffres. La moitié des points porte sur
    les valeurs (entrées modérées), l'autre moitié sur la stabilité.

    Arguments : ``values``, tableau de forme (n,) ; ``probs``, tableau de
    forme (n,), positif, de somme 1.
    Retour : le couple de réels ``(E[X], Var[X])``.

    Exemple : ``mean_variance(np.array([0.0, 2.0]), np.array([0.5, 0.5]))`` →
    ``(1.0, 1.0)``
    """
    raise NotImplementedError


def posterior(prior, sensitivity, specificity):
    """Question 1e (2 points) — la règle de Bayes pour un test de dépistage.

    Une maladie M touche une proportion ``prior`` = P(M) de la population. Un
    test est positif (+) chez un malade avec la probabilité ``sensitivity`` =
    P(+ | M), et négatif (−) chez une personne saine avec la probabilité
    ``specificity`` = P(− | non M). Calculez, avec la règle de Bayes et la
    formule des probabilités totales, P(M | +) et P(M | −).

    Arguments : ``prior``, ``sensitivity``, ``specificity``, réels dans ]0, 1[.
    Retour : le couple de réels ``(P(M | +), P(M | −))``.

    Exemple : ``posterior(0.5, 0.8, 0.6)`` → ``(0.666..., 0.25)``
    """
    raise NotImplementedError
