"""IFT 6390A — Devoir 3, partie théorique : le fichier à compléter.

Chaque question du devoir correspond ici à une ou plusieurs fonctions. Une
réponse écrite (preuve, explication) devient une fonction que l'on peut
vérifier automatiquement : une formule implémentée avec numpy, une propriété,
ou une réponse structurée (une chaîne ou un dictionnaire de valeurs fixées).

Comment remplir ce fichier :

* remplacez chaque ``raise NotImplementedError`` par votre réponse ;
* ne renommez aucune fonction et ne modifiez aucune signature (noms et ordre
  des arguments) : le correcteur appelle les fonctions par leur nom ;
* seul numpy est nécessaire (et permis) ; le code vectorisé est conseillé
  (les boucles ne sont pas pénalisées) ;
* la stabilité numérique (pas de ``nan`` ni de débordement pour de grandes
  entrées, comme ±1000) n'est notée que là où la docstring la demande ;
* les indices et les étiquettes de classe commencent à 0 (classes 0..m-1) ;
* les vecteurs sont des tableaux numpy à une dimension, de forme ``(n,)``.

Vérifiez votre travail avec ``python check.py`` (tests publics), puis
déposez ``devoir3.py`` sur Gradescope.

Notation : sigma(x) = 1 / (1 + exp(-x)) ; softplus(x) = ln(1 + exp(x)) ;
H est la fonction de Heaviside avec H(0) = 1/2 ; S(x) est le softmax,
S(x)_i = exp(x_i) / somme_j exp(x_j).
"""

import numpy as np


# ============================================================================
# Partie 1 — Dérivées et relations entre fonctions usuelles (20 points)
# ============================================================================


def sign(x):
    """Question 1a (1 point) — la fonction signe écrite avec des indicatrices.

    Calculez, élément par élément, sign(x) = 1_{x > 0} - 1_{x < 0}, qui vaut
    -1, 0 ou +1.

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``sign(np.array([-2.0, 0.0, 3.0]))`` → ``array([-1., 0., 1.])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return (x > 0).astype(float) - (x < 0).astype(float)
    # END SOLUTION


def relu_derivative(x):
    """Question 1b (1 point) — la dérivée de ReLU est la fonction de Heaviside.

    Calculez, élément par élément, ReLU'(x) = H(x). ReLU n'est pas dérivable
    en 0 : on y renvoie la convention H(0) = 1/2 (seuls les points x != 0
    sont notés).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_derivative(np.array([-1.0, 2.0]))`` → ``array([0., 1.])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))
    # END SOLUTION


def relu_product(x):
    """Question 1c (1 point sur 2) — première définition de ReLU avec H.

    Calculez, élément par élément, ReLU(x) = x · H(x).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_product(np.array([-2.0, 3.0]))`` → ``array([0., 3.])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    # x · H(x) vaut x si x > 0 et 0 sinon (en 0 : 0 · 1/2 = 0). np.where évite
    # le produit -inf · 0 = nan et le zéro négatif de (-2) · 0.
    return np.where(x > 0, x, 0.0)
    # END SOLUTION


def relu_integral(x):
    """Question 1c (1 point sur 2) — seconde définition de ReLU avec H.

    Calculez, élément par élément, ReLU(x) comme l'intégrale de H(t) pour t
    allant de -infini à x.

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_integral(np.array([-2.0, 3.0]))`` → ``array([0., 3.])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    # H vaut 0 sur ]-inf, 0[ et 1 sur ]0, +inf[ : l'intégrale est la longueur
    # de l'intervalle [0, x] lorsque x > 0, et 0 sinon.
    return np.maximum(x, 0.0)
    # END SOLUTION


def steep_sigmoid(x, k):
    """Question 1d (1 point) — approcher H par une sigmoïde raide.

    Calculez, élément par élément, a(x) = 1 / (1 + exp(-k x)), qui tend vers
    H(x) lorsque k grandit. Le réel k > 0 peut être immense (par exemple
    1e300) : le calcul doit rester stable (aucun ``nan``, aucun débordement).
    La moitié des points porte sur les valeurs (k modéré ou petit), l'autre
    moitié sur la stabilité (k immense).

    Arguments : ``x``, tableau de forme quelconque ; ``k``, réel positif.
    Retour : tableau de réels de même forme que ``x``, dans [0, 1].

    Exemple : ``steep_sigmoid(np.array([0.0]), 5.0)`` → ``array([0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    # exp(-k|x|) vaut 0 dès que k|x| dépasse ~750 : on plafonne |x| à 800 / k
    # pour que le produit k|x| ne déborde jamais.
    scaled = np.minimum(np.abs(x), 800.0 / k) * k
    small = np.exp(-scaled)
    return np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    # END SOLUTION


def sigmoid_derivative(x):
    """Question 1e (1 point sur 2) — la dérivée de la sigmoïde.

    Calculez, élément par élément, sigma'(x) = sigma(x) (1 - sigma(x)).
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent modérées (|x| <= 40).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``sigmoid_derivative(np.array([0.0]))`` → ``array([0.25])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    # sigma(x)(1 - sigma(x)) = e / (1 + e)^2 avec e = exp(-|x|) (fonction paire).
    small = np.exp(-np.abs(x))
    return small / (1.0 + small) ** 2
    # END SOLUTION


def sigmoid_jacobian(x):
    """Question 1e (1 point sur 2) — la jacobienne de la sigmoïde vectorielle.

    Pour x de forme (n,), la sigmoïde s'applique à chaque composante. Calculez
    la matrice J de forme (n, n) avec J[i, j] = d sigma(x_i) / d x_j, soit
    delta_ij sigma'(x_i) (delta de Kronecker). Entrées modérées (|x| <= 40),
    comme pour sigmoid_derivative.

    Argument : ``x``, vecteur de forme (n,).
    Retour : matrice de forme (n, n).

    Exemple : ``sigmoid_jacobian(np.array([0.0]))`` → ``array([[0.25]])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    small = np.exp(-np.abs(x))
    return np.diag(small / (1.0 + small) ** 2)
    # END SOLUTION


def log_sigmoid(x):
    """Question 1f (1 point) — ln sigma(x) = -softplus(-x).

    Calculez, élément par élément, ln sigma(x) de façon stable : par exemple,
    en x = -1000 le résultat doit valoir -1000 (et non ``-inf``). La moitié
    des points porte sur les valeurs (|x| <= 40), l'autre sur la stabilité.

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x`` (tous <= 0).

    Exemple : ``log_sigmoid(np.array([0.0]))`` → ``array([-0.69314718])``
    (c'est -ln 2)
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return -np.logaddexp(0.0, -x)
    # END SOLUTION


def softplus(x):
    """Question 1g (1 point sur 2) — la fonction softplus.

    Calculez, élément par élément, softplus(x) = ln(1 + exp(x)) de façon
    stable : softplus(1000) doit valoir 1000, et softplus(-1000) doit être
    positif ou nul (presque 0). On a softplus(x) - softplus(-x) = x. La
    moitié des points porte sur les valeurs (|x| <= 40), l'autre sur la
    stabilité.

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x`` (tous >= 0).

    Exemple : ``softplus(np.array([0.0]))`` → ``array([0.69314718])``
    (c'est ln 2)
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.logaddexp(0.0, x)
    # END SOLUTION


def softplus_derivative(x):
    """Question 1g (1 point sur 2) — la dérivée de softplus.

    Calculez, élément par élément, softplus'(x), exprimée à l'aide de sigma,
    de façon stable. La moitié des points porte sur les valeurs (|x| <= 40),
    l'autre sur la stabilité (|x| jusqu'à 1e6).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``softplus_derivative(np.array([0.0]))`` → ``array([0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    small = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    # END SOLUTION


def softmax(x):
    """Question 1h (1 point) — un softmax stable grâce à l'invariance par translation.

    Calculez S(x) le long du dernier axe. Puisque S(x + c) = S(x) pour tout
    scalaire c, on peut soustraire le maximum avant de prendre l'exponentielle :
    ``softmax(np.array([1000.0, 1001.0]))`` doit être fini. La moitié des
    points porte sur les valeurs (entrées modérées), l'autre sur la stabilité
    (grandes entrées, composantes ou lignes écartées de plusieurs centaines).

    Argument : ``x``, vecteur de forme (n,) ou lot de vecteurs de forme (b, n).
    Retour : tableau de même forme que ``x`` ; chaque ligne est positive et
    de somme 1.

    Exemple : ``softmax(np.array([0.0, 0.0]))`` → ``array([0.5, 0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)
    # END SOLUTION


def scaling_effect(alpha):
    """Question 1i (1 point) — l'effet d'une mise à l'échelle sur le softmax.

    On compare S(alpha x) à S(x) pour un réel alpha > 0 (et x non constant).
    Renvoyez un dictionnaire à deux clés :

    * ``"distribution"`` : ``"plus_piquee"``, ``"plus_uniforme"`` ou
      ``"inchangee"``, selon ce que devient la distribution S(alpha x) ;
    * ``"prediction_changes"`` : booléen, ``True`` si la classe prédite
      (l'argmax) peut changer, ``False`` sinon.

    Chaque clé rapporte la moitié des points.

    Argument : ``alpha``, réel strictement positif.
    Retour : ``dict`` de la forme ci-dessus.

    Exemple (format seulement) :
    ``{"distribution": "inchangee", "prediction_changes": True}``
    """
    # BEGIN SOLUTION
    if alpha > 1:
        distribution = "plus_piquee"
    elif alpha < 1:
        distribution = "plus_uniforme"
    else:
        distribution = "inchangee"
    return {"distribution": distribution, "prediction_changes": False}
    # END SOLUTION


def softmax_partial(x, i, j):
    """Question 1j (1 point) — une dérivée partielle du softmax.

    Calculez dS(x)_i / dx_j = S(x)_i (delta_ij - S(x)_j).
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent là où exp(x_i) ne déborde pas. Un décalage qui déborde là où la
    formule de l'énoncé ne déborde pas (soustraire le minimum) reste une erreur.

    Arguments : ``x``, vecteur de forme (n,) ; ``i`` et ``j``, indices
    entiers dans 0..n-1.
    Retour : un réel (``float``).

    Exemple : ``softmax_partial(np.array([0.0, 0.0]), 0, 0)`` → ``0.25``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    exps = np.exp(x - np.max(x))
    probs = exps / np.sum(exps)
    return float(probs[i] * (float(i == j) - probs[j]))
    # END SOLUTION


def softmax_jacobian(x):
    """Question 1k (1 point) — la jacobienne du softmax sous forme matricielle.

    Calculez la matrice J de forme (n, n) avec J[i, j] = dS(x)_i / dx_j,
    écrite à l'aide de diag(S(x)) et d'un produit extérieur.
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent là où exp(x_i) ne déborde pas. Un décalage qui déborde là où la
    formule de l'énoncé ne déborde pas (soustraire le minimum) reste une erreur.

    Argument : ``x``, vecteur de forme (n,).
    Retour : matrice de forme (n, n).

    Exemple : ``softmax_jacobian(np.array([0.0, 0.0]))`` →
    ``array([[ 0.25, -0.25], [-0.25,  0.25]])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    exps = np.exp(x - np.max(x))
    probs = exps / np.sum(exps)
    return np.diag(probs) - np.outer(probs, probs)
    # END SOLUTION


def grad_log_softmax(x, jac, i):
    """Question 1l (3 points) — le gradient du log-softmax composé.

    Le vecteur x = x(u) dépend d'un vecteur u de dimension p. On donne la
    valeur de x et la matrice ``jac`` dont la ligne j est le gradient de x_j
    par rapport à u. Calculez le gradient par rapport à u de ln S(x(u))_i,
    c'est-à-dire le gradient de x_i moins l'espérance des gradients des x_j
    lorsque j suit la loi catégorielle S(x).
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent là où exp(x_i) ne déborde pas. Un décalage qui déborde là où la
    formule de l'énoncé ne déborde pas (soustraire le minimum) reste une erreur.

    Arguments : ``x``, vecteur de forme (n,) ; ``jac``, matrice de forme
    (n, p) ; ``i``, indice entier dans 0..n-1.
    Retour : vecteur de forme (p,).

    Exemple : ``grad_log_softmax(np.array([0.0, 0.0]), np.eye(2), 0)`` →
    ``array([ 0.5, -0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    jac = np.asarray(jac, dtype=float)
    exps = np.exp(x - np.max(x))
    probs = exps / np.sum(exps)
    return jac[i] - probs @ jac
    # END SOLUTION


def cross_entropy_grad(x, c):
    """Question 1m (3 points) — le gradient de l'entropie croisée.

    Avec y = S(x) et c un vecteur one-hot, calculez le gradient de
    L(x, c) = -somme_i c_i ln y_i par rapport à x (l'entrée du softmax).
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent là où exp(x_i) ne déborde pas. Un décalage qui déborde là où la
    formule de l'énoncé ne déborde pas (soustraire le minimum) reste une erreur.

    Arguments : ``x``, vecteur de forme (n,) ; ``c``, vecteur one-hot de
    forme (n,).
    Retour : vecteur de forme (n,).

    Exemple : ``cross_entropy_grad(np.array([0.0, 0.0]), np.array([1.0, 0.0]))``
    → ``array([-0.5,  0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    c = np.asarray(c, dtype=float)
    exps = np.exp(x - np.max(x))
    probs = exps / np.sum(exps)
    return probs - c
    # END SOLUTION


# ============================================================================
# Partie 2 — Gradients d'un MLP à une couche cachée (35 points)
#
# Formes : x (d,), W1 (d_h, d), b1 (d_h,), W2 (m, d_h), b2 (m,) ; y est un
# entier dans 0..m-1 ; la non-linéarité cachée phi est softplus.
# ============================================================================


def b1_shape(d, d_h):
    """Question 2a (1 point sur 2) — la dimension du biais b1.

    Donnez la forme numpy du vecteur b1 de la couche cachée, pour une entrée
    de dimension ``d`` et ``d_h`` unités cachées.

    Arguments : ``d`` et ``d_h``, entiers positifs.
    Retour : un tuple d'entiers (une forme numpy).

    Exemple (format seulement) : une forme numpy s'écrit ``(5,)`` ou ``(2, 3)``.
    """
    # BEGIN SOLUTION
    return (int(d_h),)
    # END SOLUTION


def hidden_layer(x, W1, b1):
    """Question 2a (1 point sur 2) — le calcul de la couche cachée.

    Calculez les pré-activations h_a = W1 x + b1 puis les sorties
    h_s = softplus(h_a), de façon stable : un cas noté à part vérifie que
    h_s reste exact pour des h_a de ±1000.

    Arguments : ``x`` (d,), ``W1`` (d_h, d), ``b1`` (d_h,).
    Retour : le tuple ``(h_a, h_s)``, deux vecteurs de forme (d_h,).

    Exemple : ``hidden_layer(np.array([1.0]), np.array([[0.0]]), np.array([0.0]))``
    → ``(array([0.]), array([0.69314718]))``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    W1 = np.asarray(W1, dtype=float)
    b1 = np.asarray(b1, dtype=float)
    h_a = W1 @ x + b1
    h_s = np.logaddexp(0.0, h_a)
    return h_a, h_s
    # END SOLUTION


def output_shapes(d_h, m):
    """Question 2b (1 point sur 2) — les dimensions de W2 et b2.

    Donnez les formes numpy de W2 et de b2 pour ``d_h`` unités cachées et
    ``m`` classes.

    Arguments : ``d_h`` et ``m``, entiers positifs.
    Retour : le tuple ``(forme_de_W2, forme_de_b2)``, deux tuples d'entiers.

    Exemple (format seulement) : ``((7, 1), (2,))`` est une valeur de la bonne
    nature.
    """
    # BEGIN SOLUTION
    return ((int(m), int(d_h)), (int(m),))
    # END SOLUTION


def output_preactivation(h_s, W2, b2):
    """Question 2b (1 point sur 2) — la pré-activation de la couche de sortie.

    Calculez o_a = W2 h_s + b2.

    Arguments : ``h_s`` (d_h,), ``W2`` (m, d_h), ``b2`` (m,).
    Retour : vecteur de forme (m,).

    Exemple : ``output_preactivation(np.array([1.0, 2.0]), np.array([[1.0, 1.0]]),
    np.array([0.5]))`` → ``array([3.5])``
    """
    # BEGIN SOLUTION
    h_s = np.asarray(h_s, dtype=float)
    W2 = np.asarray(W2, dtype=float)
    b2 = np.asarray(b2, dtype=float)
    return W2 @ h_s + b2
    # END SOLUTION


def forward(x, W1, b1, W2, b2):
    """Question 2c (1 point) — la propagation avant complète.

    Calculez les sorties o_s = softmax(W2 softplus(W1 x + b1) + b2). Elles
    doivent être positives, de somme 1, et rester finies même pour de très
    grands poids (un cas noté à part : des o_a écartés de plusieurs milliers).

    Arguments : ``x`` (d,), ``W1`` (d_h, d), ``b1`` (d_h,), ``W2`` (m, d_h),
    ``b2`` (m,).
    Retour : vecteur de forme (m,).

    Exemple : avec ``W2`` et ``b2`` nuls et m = 2, le résultat est
    ``array([0.5, 0.5])`` quels que soient ``x``, ``W1`` et ``b1`` :
    ``forward(np.array([1.0]), np.array([[2.0]]), np.array([0.0]), np.zeros((2, 1)), np.zeros(2))``
    → ``array([0.5, 0.5])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    h_a = np.asarray(W1, dtype=float) @ x + np.asarray(b1, dtype=float)
    h_s = np.logaddexp(0.0, h_a)
    o_a = np.asarray(W2, dtype=float) @ h_s + np.asarray(b2, dtype=float)
    exps = np.exp(o_a - np.max(o_a))
    return exps / np.sum(exps)
    # END SOLUTION


def binary_logit(o_a):
    """Question 2d (1 point) — cas binaire : du softmax à la sigmoïde.

    Avec m = 2 classes, trouvez le réel z tel que sigma(z) soit égal à la
    probabilité softmax de la classe 1, softmax(o_a)[1].

    Argument : ``o_a``, vecteur de forme (2,).
    Retour : un réel (``float``).

    Exemple : ``binary_logit(np.array([3.0, 3.0]))`` → ``0.0``
    """
    # BEGIN SOLUTION
    o_a = np.asarray(o_a, dtype=float)
    return float(o_a[1] - o_a[0])
    # END SOLUTION


def mse_loss(a, y):
    """Question 2e (1 point sur 2) — l'erreur quadratique.

    Calculez, élément par élément, L_MSE = (sigma(a) - y)^2 (sans facteur 1/2,
    sans moyenne), où a est la pré-activation et y ∈ {0, 1} l'étiquette.

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``mse_loss(np.array([0.0]), np.array([1.0]))`` → ``array([0.25])``
    """
    # BEGIN SOLUTION
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    small = np.exp(-np.abs(a))
    sig = np.where(a >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    return (sig - y) ** 2
    # END SOLUTION


def mse_grad(a, y):
    """Question 2e (1 point sur 2) — le gradient de l'erreur quadratique.

    Calculez, élément par élément, la dérivée de (sigma(a) - y)^2 par rapport
    à a (les a sont modérés : la stabilité n'est pas notée ici).

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``mse_grad(np.array([0.0]), np.array([1.0]))`` → ``array([-0.25])``
    """
    # BEGIN SOLUTION
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    small = np.exp(-np.abs(a))
    sig = np.where(a >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    sig_prime = small / (1.0 + small) ** 2
    return 2.0 * (sig - y) * sig_prime
    # END SOLUTION


def bce_loss(a, y):
    """Question 2f (1 point sur 2) — l'entropie croisée binaire.

    Calculez, élément par élément,
    L_CE = -y ln sigma(a) - (1 - y) ln(1 - sigma(a)), de façon stable
    (aucun ``inf`` ni ``nan`` pour a = ±1000 ; un cas noté à part).

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a`` (tous >= 0).

    Exemple : ``bce_loss(np.array([0.0]), np.array([1.0]))`` →
    ``array([0.69314718])`` (c'est ln 2)
    """
    # BEGIN SOLUTION
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    # -ln sigma(a) = softplus(-a) et -ln(1 - sigma(a)) = softplus(a).
    return y * np.logaddexp(0.0, -a) + (1.0 - y) * np.logaddexp(0.0, a)
    # END SOLUTION


def bce_grad(a, y):
    """Question 2f (1 point sur 2) — le gradient de l'entropie croisée binaire.

    Calculez, élément par élément, la dérivée de L_CE par rapport à a (les
    a sont modérés : la stabilité n'est pas notée ici).

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``bce_grad(np.array([0.0]), np.array([1.0]))`` → ``array([-0.5])``
    """
    # BEGIN SOLUTION
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    small = np.exp(-np.abs(a))
    sig = np.where(a >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    return sig - y
    # END SOLUTION


def gradient_ratio(a):
    """Question 2g (1,5 point sur 2) — comparer les deux gradients.

    Calculez, élément par élément, le rapport |dL_MSE/da| / |dL_CE/da| (il ne
    dépend pas de y ∈ {0, 1}). Ce rapport doit être calculé de façon stable :
    il tend vers 0 lorsque sigma(a) sature, y compris pour a = ±1000 (un cas
    noté à part).

    Argument : ``a``, tableau de forme quelconque.
    Retour : tableau de même forme que ``a``.

    Exemple : ``gradient_ratio(np.array([0.0]))`` → ``array([0.5])``
    """
    # BEGIN SOLUTION
    a = np.asarray(a, dtype=float)
    small = np.exp(-np.abs(a))
    return 2.0 * small / (1.0 + small) ** 2
    # END SOLUTION


def preferred_loss():
    """Question 2g (0,5 point sur 2) — la perte à préférer.

    D'après les gradients des questions 2e et 2f, quelle perte faut-il
    préférer pour cette classification binaire ? Renvoyez
    ``"entropie_croisee"`` ou ``"erreur_quadratique"``.

    Retour : une de ces deux chaînes.

    Exemple (format seulement) : ``"erreur_quadratique"`` est une réponse
    bien formée.
    """
    # BEGIN SOLUTION
    return "entropie_croisee"
    # END SOLUTION


def nll_from_logits(o_a, y):
    """Question 2h (2 points) — la perte en fonction de o_a.

    Calculez L(x, y) = -ln o_s[y] directement à partir des pré-activations
    o_a (sans passer par o_s), de façon stable pour de grandes valeurs (un
    cas noté à part : des o_a de ±1000, ou écartés de 1000).

    Arguments : ``o_a``, vecteur de forme (m,) ; ``y``, entier dans 0..m-1.
    Retour : un réel (``float``), positif ou nul.

    Exemple : ``nll_from_logits(np.array([0.0, 0.0]), 1)`` → ``0.6931471805599453``
    (c'est ln 2)
    """
    # BEGIN SOLUTION
    o_a = np.asarray(o_a, dtype=float)
    top = np.max(o_a)
    return float((top - o_a[int(y)]) + np.log(np.sum(np.exp(o_a - top))))
    # END SOLUTION


def n_parameters(d, d_h, m):
    """Question 2i (1 point sur 2) — le nombre de paramètres du réseau.

    Donnez n_theta, le nombre total de réels dans theta = (W1, b1, W2, b2).

    Arguments : ``d``, ``d_h``, ``m``, entiers positifs.
    Retour : un entier (``int``).

    Exemple : ``n_parameters(1, 1, 1)`` → ``4``
    """
    # BEGIN SOLUTION
    d, d_h, m = int(d), int(d_h), int(m)
    return d_h * d + d_h + m * d_h + m
    # END SOLUTION


def empirical_risk(X, Y, W1, b1, W2, b2):
    """Question 2i (1 point sur 2) — le risque empirique.

    Calculez le risque empirique : la MOYENNE (et non la somme) de la perte
    L(x_i, y_i) = -ln o_s[y_i](x_i) sur les n exemples, de façon stable (un
    cas noté à part : des pré-activations et des o_a de l'ordre de 1000).

    Arguments : ``X`` (n, d), une ligne par exemple ; ``Y`` (n,), étiquettes
    entières dans 0..m-1 ; ``W1`` (d_h, d), ``b1`` (d_h,), ``W2`` (m, d_h),
    ``b2`` (m,).
    Retour : un réel (``float``).

    Exemple : avec ``W2`` et ``b2`` nuls et m = 2 classes, le risque vaut
    ln 2 ≈ 0.6931 quelles que soient les données (ici un seul exemple, n = 1) :
    ``empirical_risk(np.array([[1.0]]), np.array([0]), np.array([[2.0]]), np.array([0.0]), np.zeros((2, 1)), np.zeros(2))``
    → ``0.6931471805599453``
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y).astype(int)
    H_a = X @ np.asarray(W1, dtype=float).T + np.asarray(b1, dtype=float)
    H_s = np.logaddexp(0.0, H_a)
    O_a = H_s @ np.asarray(W2, dtype=float).T + np.asarray(b2, dtype=float)
    top = np.max(O_a, axis=1)
    log_norm = top + np.log(np.sum(np.exp(O_a - top[:, None]), axis=1))
    losses = log_norm - O_a[np.arange(O_a.shape[0]), Y]
    return float(np.mean(losses))
    # END SOLUTION


def gradient_step(params, grads, lr):
    """Question 2j (1 point) — un pas de descente de gradient (lot complet).

    Calculez les nouveaux paramètres après un pas de descente de gradient de
    taux ``lr``, pour chacun de W1, b1, W2 et b2.

    Arguments : ``params`` et ``grads``, dictionnaires de clés ``"W1"``,
    ``"b1"``, ``"W2"``, ``"b2"`` (valeurs : tableaux numpy ; ``grads`` donne
    le gradient du risque empirique) ; ``lr``, réel positif.
    Retour : un nouveau dictionnaire de mêmes clés et de mêmes formes
    (ne modifiez pas ``params`` en place).

    Exemple (d = d_h = m = 1) :
    ``gradient_step({"W1": np.array([[1.0]]), "b1": np.array([1.0]), "W2": np.array([[1.0]]), "b2": np.array([1.0])}, {"W1": np.array([[2.0]]), "b1": np.array([0.0]), "W2": np.array([[0.0]]), "b2": np.array([2.0])}, 0.5)``
    → ``{"W1": array([[0.]]), "b1": array([1.]), "W2": array([[1.]]), "b2": array([0.])}``
    """
    # BEGIN SOLUTION
    return {
        name: np.asarray(value, dtype=float) - lr * np.asarray(grads[name], dtype=float)
        for name, value in params.items()
    }
    # END SOLUTION


def regularized_step(params, grads, lr, lam):
    """Question 2k (1 point) — un pas de descente avec régularisation L2.

    Le risque régularisé est R(theta) + lam ||theta||^2, où ||theta||^2 est
    la somme des carrés de TOUS les paramètres (biais compris). ``grads``
    donne le gradient de R seul : calculez les nouveaux paramètres après un
    pas de descente de taux ``lr`` sur le risque régularisé.

    Arguments : ``params`` et ``grads``, dictionnaires de clés ``"W1"``,
    ``"b1"``, ``"W2"``, ``"b2"`` ; ``lr`` et ``lam``, réels positifs.
    Retour : un nouveau dictionnaire de mêmes clés et de mêmes formes
    (ne modifiez pas ``params`` en place).

    Exemple : avec ``lam = 0``, le résultat est celui de ``gradient_step`` :
    ``regularized_step({"W1": np.array([[1.0]]), "b1": np.array([1.0]), "W2": np.array([[1.0]]), "b2": np.array([1.0])}, {"W1": np.array([[2.0]]), "b1": np.array([0.0]), "W2": np.array([[0.0]]), "b2": np.array([2.0])}, 0.5, 0.0)``
    → ``{"W1": array([[0.]]), "b1": array([1.]), "W2": array([[1.]]), "b2": array([0.])}``
    """
    # BEGIN SOLUTION
    updated = {}
    for name, value in params.items():
        theta = np.asarray(value, dtype=float)
        grad = np.asarray(grads[name], dtype=float)
        updated[name] = theta - lr * (grad + 2.0 * lam * theta)
    return updated
    # END SOLUTION


def grad_output_preactivation(o_a, y):
    """Question 2l (3 points) — le gradient de la perte par rapport à o_a.

    Calculez dL/do_a pour L = -ln softmax(o_a)[y], de façon stable (un cas
    noté à part : des o_a de ±1000, ou écartés de 1000).

    Arguments : ``o_a``, vecteur de forme (m,) ; ``y``, entier dans 0..m-1.
    Retour : vecteur de forme (m,).

    Exemple : ``grad_output_preactivation(np.array([0.0, 0.0]), 0)`` →
    ``array([-0.5,  0.5])``
    """
    # BEGIN SOLUTION
    o_a = np.asarray(o_a, dtype=float)
    exps = np.exp(o_a - np.max(o_a))
    grad = exps / np.sum(exps)
    grad[int(y)] -= 1.0
    return grad
    # END SOLUTION


def grad_W2_entry(grad_oa, h_s, k, j):
    """Question 2m (1,5 point sur 3) — dL/dW2[k, j], un élément à la fois.

    Calculez la dérivée de la perte par rapport à l'élément W2[k, j], à
    partir du gradient ``grad_oa`` = dL/do_a déjà calculé (question 2l).

    Arguments : ``grad_oa`` (m,), ``h_s`` (d_h,) ; ``k`` dans 0..m-1 et
    ``j`` dans 0..d_h-1, entiers.
    Retour : un réel (``float``).

    Exemple : ``grad_W2_entry(np.array([2.0]), np.array([3.0]), 0, 0)`` → ``6.0``
    """
    # BEGIN SOLUTION
    return float(grad_oa[k] * h_s[j])
    # END SOLUTION


def grad_b2_entry(grad_oa, k):
    """Question 2m (1,5 point sur 3) — dL/db2[k], un élément à la fois.

    Calculez la dérivée de la perte par rapport à b2[k], à partir de
    ``grad_oa`` = dL/do_a.

    Arguments : ``grad_oa`` (m,) ; ``k``, entier dans 0..m-1.
    Retour : un réel (``float``).

    Exemple (format seulement) : un ``float`` comme ``-0.5``.
    """
    # BEGIN SOLUTION
    return float(grad_oa[k])
    # END SOLUTION


def grad_W2(grad_oa, h_s):
    """Question 2n (1 point sur 2) — dL/dW2 sous forme matricielle.

    Calculez la matrice des dérivées de la perte par rapport à W2 (même
    forme que W2).

    Arguments : ``grad_oa`` (m,), ``h_s`` (d_h,).
    Retour : matrice de forme (m, d_h).

    Exemple : ``grad_W2(np.array([2.0]), np.array([3.0]))`` → ``array([[6.]])``
    """
    # BEGIN SOLUTION
    return np.outer(np.asarray(grad_oa, dtype=float), np.asarray(h_s, dtype=float))
    # END SOLUTION


def grad_b2(grad_oa):
    """Question 2n (1 point sur 2) — dL/db2 sous forme vectorielle.

    Calculez le vecteur des dérivées de la perte par rapport à b2 (même forme
    que b2).

    Argument : ``grad_oa`` (m,).
    Retour : vecteur de forme (m,).

    Exemple (format seulement) : un vecteur de forme (m,).
    """
    # BEGIN SOLUTION
    return np.array(grad_oa, dtype=float)
    # END SOLUTION


def grad_hs_entry(grad_oa, W2, j):
    """Question 2o (2 points) — dL/dh_s[j], un élément à la fois.

    Calculez dL/dh_s[j] = somme_k dL/do_a[k] · do_a[k]/dh_s[j].

    Arguments : ``grad_oa`` (m,), ``W2`` (m, d_h) ; ``j``, entier dans
    0..d_h-1.
    Retour : un réel (``float``).

    Exemple : ``grad_hs_entry(np.array([1.0, 2.0]), np.array([[3.0], [4.0]]), 0)``
    → ``11.0``
    """
    # BEGIN SOLUTION
    grad_oa = np.asarray(grad_oa, dtype=float)
    W2 = np.asarray(W2, dtype=float)
    return float(grad_oa @ W2[:, j])
    # END SOLUTION


def grad_hs(grad_oa, W2):
    """Question 2p (2 points) — dL/dh_s sous forme matricielle.

    Calculez le vecteur dL/dh_s.

    Arguments : ``grad_oa`` (m,), ``W2`` (m, d_h).
    Retour : vecteur de forme (d_h,).

    Exemple : ``grad_hs(np.array([1.0, 2.0]), np.array([[3.0], [4.0]]))`` →
    ``array([11.])``
    """
    # BEGIN SOLUTION
    return np.asarray(W2, dtype=float).T @ np.asarray(grad_oa, dtype=float)
    # END SOLUTION


def softplus_prime(z):
    """Question 2q (1 point sur 3) — phi'(z) pour phi = softplus.

    Calculez, élément par élément, la dérivée de softplus, de façon stable
    (un cas noté à part : des z de ±710 à ±1000).

    Argument : ``z``, tableau de forme quelconque.
    Retour : tableau de même forme que ``z``.

    Exemple : ``softplus_prime(np.array([0.0]))`` → ``array([0.5])``
    """
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    # END SOLUTION


def grad_ha_entry(grad_hs, h_a, j):
    """Question 2q (2 points sur 3) — dL/dh_a[j], un élément à la fois.

    Calculez dL/dh_a[j] = dL/dh_s[j] · dh_s[j]/dh_a[j], avec h_s = softplus(h_a),
    de façon stable (un cas noté à part : des h_a de ±800 et ±1000).

    Arguments : ``grad_hs`` (d_h,) = dL/dh_s, ``h_a`` (d_h,) ; ``j``, entier
    dans 0..d_h-1.
    Retour : un réel (``float``).

    Exemple : ``grad_ha_entry(np.array([4.0]), np.array([0.0]), 0)`` → ``2.0``
    """
    # BEGIN SOLUTION
    value = float(h_a[j])
    if value >= 0:
        slope = 1.0 / (1.0 + np.exp(-value))
    else:
        slope = np.exp(value) / (1.0 + np.exp(value))
    return float(grad_hs[j] * slope)
    # END SOLUTION


def grad_ha(grad_hs, h_a):
    """Question 2r (2 points) — dL/dh_a sous forme matricielle.

    Calculez le vecteur dL/dh_a, de façon stable (un cas noté
    à part : des h_a de ±800 et ±1000).

    Arguments : ``grad_hs`` (d_h,) = dL/dh_s, ``h_a`` (d_h,).
    Retour : vecteur de forme (d_h,).

    Exemple : ``grad_ha(np.array([4.0]), np.array([0.0]))`` → ``array([2.])``
    """
    # BEGIN SOLUTION
    h_a = np.asarray(h_a, dtype=float)
    small = np.exp(-np.abs(h_a))
    slope = np.where(h_a >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    return np.asarray(grad_hs, dtype=float) * slope
    # END SOLUTION


# ============================================================================
# Partie 3 — Réseaux de neurones convolutifs (10 points)
#
# Le réseau : une image couleur (RVB) n x n ; couche 1 : 32 noyaux 8 x 8,
# pas 2, remplissage de zéros 3 ; couche 2 : max-pooling 2 x 2 sans
# chevauchement ; couche 3 : 64 noyaux 3 x 3, pas 1, remplissage 1.
# Les tailles s'arrondissent à l'entier inférieur (partie entière).
# ============================================================================


def conv_output_size(n, kernel, stride, padding):
    """Question 3a (1,5 point sur 3) — la taille de sortie d'une convolution.

    Calculez la taille (selon un axe) de la sortie d'une convolution d'une
    entrée de taille ``n`` par un noyau de taille ``kernel``, avec un pas
    ``stride`` et ``padding`` zéros ajoutés de chaque côté (arrondi à
    l'entier inférieur).

    Arguments : ``n``, ``kernel``, ``stride``, ``padding``, entiers.
    Retour : un entier (``int``).

    Exemple : ``conv_output_size(5, 3, 1, 0)`` → ``3``
    """
    # BEGIN SOLUTION
    return int((int(n) + 2 * int(padding) - int(kernel)) // int(stride) + 1)
    # END SOLUTION


def network_output_dim(n=128):
    """Question 3a (1,5 point sur 3) — la dimension de la sortie du réseau.

    Calculez le nombre total de réels produits par la dernière couche du
    réseau décrit ci-dessus, pour une image RVB de taille ``n`` x ``n``
    (l'énoncé prend n = 128).

    Argument : ``n``, entier (128 par défaut).
    Retour : un entier (``int``).

    Exemple (format seulement) : un ``int``, comme ``1000``.
    """
    # BEGIN SOLUTION
    side = (int(n) + 2 * 3 - 8) // 2 + 1   # couche 1 : 32 noyaux 8x8, pas 2, remplissage 3
    side = side // 2                        # couche 2 : max-pooling 2x2
    side = (side + 2 * 1 - 3) // 1 + 1      # couche 3 : 64 noyaux 3x3, pas 1, remplissage 1
    return int(side * side * 64)
    # END SOLUTION


def conv_weight_count(c_in, c_out, kernel):
    """Question 3b (1,5 point sur 2) — le nombre de poids d'une couche convolutive.

    Calculez le nombre de poids (biais exclus) d'une couche convolutive 2D à
    ``c_in`` canaux d'entrée et ``c_out`` noyaux carrés de côté ``kernel``.

    Arguments : ``c_in``, ``c_out``, ``kernel``, entiers positifs.
    Retour : un entier (``int``).

    Exemple : ``conv_weight_count(1, 1, 3)`` → ``9``
    """
    # BEGIN SOLUTION
    return int(c_in) * int(c_out) * int(kernel) ** 2
    # END SOLUTION


def last_layer_weight_count():
    """Question 3b (0,5 point sur 2) — les poids de la dernière couche du réseau.

    Calculez le nombre de paramètres (biais exclus) de la dernière couche du
    réseau décrit ci-dessus.

    Retour : un entier (``int``).

    Exemple (format seulement) : un ``int``, comme ``1000``.
    """
    # BEGIN SOLUTION
    return 32 * 64 * 3 * 3
    # END SOLUTION


def convolve1d(x, w, mode):
    """Question 3c (3 points) — les convolutions 1D complète, valide et même.

    Calculez la convolution (au sens strict : le noyau est retourné) du
    signal ``x`` par le noyau ``w``, y[t] = somme_s w[s] x[t - s], selon
    ``mode`` :

    * ``"full"`` : toutes les positions où le noyau touche le signal,
      longueur n + k - 1 ;
    * ``"valid"`` : seulement les positions où le noyau est entièrement dans
      le signal, longueur n - k + 1 ;
    * ``"same"`` : longueur n, la fenêtre du résultat ``"full"`` qui commence
      à l'indice (k - 1) // 2 (la convention de ``np.convolve`` ; pour un
      noyau de longueur paire, le début k // 2 est aussi accepté).

    Arguments : ``x``, vecteur de forme (n,) ; ``w``, vecteur de forme (k,)
    avec k <= n ; ``mode``, une des chaînes ``"full"``, ``"valid"``,
    ``"same"``.
    Retour : vecteur de la longueur indiquée.

    Exemple : ``convolve1d(np.array([1.0, 2.0]), np.array([1.0, 1.0]), "full")``
    → ``array([1., 3., 2.])``
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n, k = x.shape[0], w.shape[0]
    padded = np.concatenate([np.zeros(k - 1), x, np.zeros(k - 1)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, k)
    full = windows @ w[::-1]
    short, long = min(n, k), max(n, k)
    if mode == "full":
        return full
    if mode == "valid":
        return full[short - 1:long]
    if mode == "same":
        start = (short - 1) // 2
        return full[start:start + long]
    raise ValueError(f"mode inconnu : {mode!r} (attendu : 'full', 'valid' ou 'same')")
    # END SOLUTION


def frequency_response(w, omega):
    """Question 3d (1,5 point sur 2) — la réponse en fréquence d'un noyau.

    Pour comprendre l'effet d'une convolution par ``w`` sur un signal,
    calculez, élément par élément sur ``omega``, le gain
    |somme_t w[t] exp(-i omega t)| (module de la transformée de Fourier du
    noyau, t = 0..k-1).

    Arguments : ``w``, vecteur réel de forme (k,) ; ``omega``, tableau de
    fréquences (en radians par échantillon) de forme quelconque.
    Retour : tableau de réels positifs de même forme que ``omega``.

    Exemple : ``frequency_response(np.array([1.0, 1.0]), np.array([0.0]))`` →
    ``array([2.])``
    """
    # BEGIN SOLUTION
    w = np.asarray(w, dtype=float)
    omega = np.asarray(omega, dtype=float)
    taps = np.arange(w.shape[0])
    phases = np.exp(-1j * np.multiply.outer(omega, taps))
    return np.abs(phases @ w)
    # END SOLUTION


def describe_effect():
    """Question 3d (0,5 point sur 2) — l'effet de la convolution de la question 3c.

    Que fait la convolution par le noyau [1/4, 1/4, 1/4, 1/4] au signal ?
    Renvoyez une chaîne parmi ``"lissage"``, ``"derivation"``, ``"decalage"``
    et ``"amplification"``.

    Retour : une de ces quatre chaînes.

    Exemple (format seulement) : ``"decalage"`` est une réponse bien formée.
    """
    # BEGIN SOLUTION
    return "lissage"
    # END SOLUTION
