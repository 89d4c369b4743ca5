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
    raise NotImplementedError


def relu_derivative(x):
    """Question 1b (1 point) — la dérivée de ReLU est la fonction de Heaviside.

    Calculez, élément par élément, ReLU'(x) = H(x). ReLU n'est pas dérivable
    en 0 : on y renvoie la convention H(0) = 1/2 (seuls les points x != 0
    sont notés).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_derivative(np.array([-1.0, 2.0]))`` → ``array([0., 1.])``
    """
    raise NotImplementedError


def relu_product(x):
    """Question 1c (1 point sur 2) — première définition de ReLU avec H.

    Calculez, élément par élément, ReLU(x) = x · H(x).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_product(np.array([-2.0, 3.0]))`` → ``array([0., 3.])``
    """
    raise NotImplementedError


def relu_integral(x):
    """Question 1c (1 point sur 2) — seconde définition de ReLU avec H.

    Calculez, élément par élément, ReLU(x) comme l'intégrale de H(t) pour t
    allant de -infini à x.

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``relu_integral(np.array([-2.0, 3.0]))`` → ``array([0., 3.])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


def sigmoid_derivative(x):
    """Question 1e (1 point sur 2) — la dérivée de la sigmoïde.

    Calculez, élément par élément, sigma'(x) = sigma(x) (1 - sigma(x)).
    La stabilité numérique n'est pas notée dans cette question : les entrées
    restent modérées (|x| <= 40).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``sigmoid_derivative(np.array([0.0]))`` → ``array([0.25])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def softplus_derivative(x):
    """Question 1g (1 point sur 2) — la dérivée de softplus.

    Calculez, élément par élément, softplus'(x), exprimée à l'aide de sigma,
    de façon stable. La moitié des points porte sur les valeurs (|x| <= 40),
    l'autre sur la stabilité (|x| jusqu'à 1e6).

    Argument : ``x``, tableau de forme quelconque.
    Retour : tableau de réels de même forme que ``x``.

    Exemple : ``softplus_derivative(np.array([0.0]))`` → ``array([0.5])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def output_shapes(d_h, m):
    """Question 2b (1 point sur 2) — les dimensions de W2 et b2.

    Donnez les formes numpy de W2 et de b2 pour ``d_h`` unités cachées et
    ``m`` classes.

    Arguments : ``d_h`` et ``m``, entiers positifs.
    Retour : le tuple ``(forme_de_W2, forme_de_b2)``, deux tuples d'entiers.

    Exemple (format seulement) : ``((7, 1), (2,))`` est une valeur de la bonne
    nature.
    """
    raise NotImplementedError


def output_preactivation(h_s, W2, b2):
    """Question 2b (1 point sur 2) — la pré-activation de la couche de sortie.

    Calculez o_a = W2 h_s + b2.

    Arguments : ``h_s`` (d_h,), ``W2`` (m, d_h), ``b2`` (m,).
    Retour : vecteur de forme (m,).

    Exemple : ``output_preactivation(np.array([1.0, 2.0]), np.array([[1.0, 1.0]]),
    np.array([0.5]))`` → ``array([3.5])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


def binary_logit(o_a):
    """Question 2d (1 point) — cas binaire : du softmax à la sigmoïde.

    Avec m = 2 classes, trouvez le réel z tel que sigma(z) soit égal à la
    probabilité softmax de la classe 1, softmax(o_a)[1].

    Argument : ``o_a``, vecteur de forme (2,).
    Retour : un réel (``float``).

    Exemple : ``binary_logit(np.array([3.0, 3.0]))`` → ``0.0``
    """
    raise NotImplementedError


def mse_loss(a, y):
    """Question 2e (1 point sur 2) — l'erreur quadratique.

    Calculez, élément par élément, L_MSE = (sigma(a) - y)^2 (sans facteur 1/2,
    sans moyenne), où a est la pré-activation et y ∈ {0, 1} l'étiquette.

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``mse_loss(np.array([0.0]), np.array([1.0]))`` → ``array([0.25])``
    """
    raise NotImplementedError


def mse_grad(a, y):
    """Question 2e (1 point sur 2) — le gradient de l'erreur quadratique.

    Calculez, élément par élément, la dérivée de (sigma(a) - y)^2 par rapport
    à a (les a sont modérés : la stabilité n'est pas notée ici).

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``mse_grad(np.array([0.0]), np.array([1.0]))`` → ``array([-0.25])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


def bce_grad(a, y):
    """Question 2f (1 point sur 2) — le gradient de l'entropie croisée binaire.

    Calculez, élément par élément, la dérivée de L_CE par rapport à a (les
    a sont modérés : la stabilité n'est pas notée ici).

    Arguments : ``a``, tableau de forme quelconque ; ``y``, tableau de même
    forme (ou scalaire) à valeurs dans {0, 1}.
    Retour : tableau de même forme que ``a``.

    Exemple : ``bce_grad(np.array([0.0]), np.array([1.0]))`` → ``array([-0.5])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


def preferred_loss():
    """Question 2g (0,5 point sur 2) — la perte à préférer.

    D'après les gradients des questions 2e et 2f, quelle perte faut-il
    préférer pour cette classification binaire ? Renvoyez
    ``"entropie_croisee"`` ou ``"erreur_quadratique"``.

    Retour : une de ces deux chaînes.

    Exemple (format seulement) : ``"erreur_quadratique"`` est une réponse
    bien formée.
    """
    raise NotImplementedError


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
    raise NotImplementedError


def n_parameters(d, d_h, m):
    """Question 2i (1 point sur 2) — le nombre de paramètres du réseau.

    Donnez n_theta, le nombre total de réels dans theta = (W1, b1, W2, b2).

    Arguments : ``d``, ``d_h``, ``m``, entiers positifs.
    Retour : un entier (``int``).

    Exemple : ``n_parameters(1, 1, 1)`` → ``4``
    """
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def grad_output_preactivation(o_a, y):
    """Question 2l (3 points) — le gradient de la perte par rapport à o_a.

    Calculez dL/do_a pour L = -ln softmax(o_a)[y], de façon stable (un cas
    noté à part : des o_a de ±1000, ou écartés de 1000).

    Arguments : ``o_a``, vecteur de forme (m,) ; ``y``, entier dans 0..m-1.
    Retour : vecteur de forme (m,).

    Exemple : ``grad_output_preactivation(np.array([0.0, 0.0]), 0)`` →
    ``array([-0.5,  0.5])``
    """
    raise NotImplementedError


def grad_W2_entry(grad_oa, h_s, k, j):
    """Question 2m (1,5 point sur 3) — dL/dW2[k, j], un élément à la fois.

    Calculez la dérivée de la perte par rapport à l'élément W2[k, j], à
    partir du gradient ``grad_oa`` = dL/do_a déjà calculé (question 2l).

    Arguments : ``grad_oa`` (m,), ``h_s`` (d_h,) ; ``k`` dans 0..m-1 et
    ``j`` dans 0..d_h-1, entiers.
    Retour : un réel (``float``).

    Exemple : ``grad_W2_entry(np.array([2.0]), np.array([3.0]), 0, 0)`` → ``6.0``
    """
    raise NotImplementedError


def grad_b2_entry(grad_oa, k):
    """Question 2m (1,5 point sur 3) — dL/db2[k], un élément à la fois.

    Calculez la dérivée de la perte par rapport à b2[k], à partir de
    ``grad_oa`` = dL/do_a.

    Arguments : ``grad_oa`` (m,) ; ``k``, entier dans 0..m-1.
    Retour : un réel (``float``).

    Exemple (format seulement) : un ``float`` comme ``-0.5``.
    """
    raise NotImplementedError


def grad_W2(grad_oa, h_s):
    """Question 2n (1 point sur 2) — dL/dW2 sous forme matricielle.

    Calculez la matrice des dérivées de la perte par rapport à W2 (même
    forme que W2).

    Arguments : ``grad_oa`` (m,), ``h_s`` (d_h,).
    Retour : matrice de forme (m, d_h).

    Exemple : ``grad_W2(np.array([2.0]), np.array([3.0]))`` → ``array([[6.]])``
    """
    raise NotImplementedError


def grad_b2(grad_oa):
    """Question 2n (1 point sur 2) — dL/db2 sous forme vectorielle.

    Calculez le vecteur des dérivées de la perte par rapport à b2 (même forme
    que b2).

    Argument : ``grad_oa`` (m,).
    Retour : vecteur de forme (m,).

    Exemple (format seulement) : un vecteur de forme (m,).
    """
    raise NotImplementedError


def grad_hs_entry(grad_oa, W2, j):
    """Question 2o (2 points) — dL/dh_s[j], un élément à la fois.

    Calculez dL/dh_s[j] = somme_k dL/do_a[k] · do_a[k]/dh_s[j].

    Arguments : ``grad_oa`` (m,), ``W2`` (m, d_h) ; ``j``, entier dans
    0..d_h-1.
    Retour : un réel (``float``).

    Exemple : ``grad_hs_entry(np.array([1.0, 2.0]), np.array([[3.0], [4.0]]), 0)``
    → ``11.0``
    """
    raise NotImplementedError


def grad_hs(grad_oa, W2):
    """Question 2p (2 points) — dL/dh_s sous forme matricielle.

    Calculez le vecteur dL/dh_s.

    Arguments : ``grad_oa`` (m,), ``W2`` (m, d_h).
    Retour : vecteur de forme (d_h,).

    Exemple : ``grad_hs(np.array([1.0, 2.0]), np.array([[3.0], [4.0]]))`` →
    ``array([11.])``
    """
    raise NotImplementedError


def softplus_prime(z):
    """Question 2q (1 point sur 3) — phi'(z) pour phi = softplus.

    Calculez, élément par élément, la dérivée de softplus, de façon stable
    (un cas noté à part : des z de ±710 à ±1000).

    Argument : ``z``, tableau de forme quelconque.
    Retour : tableau de même forme que ``z``.

    Exemple : ``softplus_prime(np.array([0.0]))`` → ``array([0.5])``
    """
    raise NotImplementedError


def grad_ha_entry(grad_hs, h_a, j):
    """Question 2q (2 points sur 3) — dL/dh_a[j], un élément à la fois.

    Calculez dL/dh_a[j] = dL/dh_s[j] · dh_s[j]/dh_a[j], avec h_s = softplus(h_a),
    de façon stable (un cas noté à part : des h_a de ±800 et ±1000).

    Arguments : ``grad_hs`` (d_h,) = dL/dh_s, ``h_a`` (d_h,) ; ``j``, entier
    dans 0..d_h-1.
    Retour : un réel (``float``).

    Exemple : ``grad_ha_entry(np.array([4.0]), np.array([0.0]), 0)`` → ``2.0``
    """
    raise NotImplementedError


def grad_ha(grad_hs, h_a):
    """Question 2r (2 points) — dL/dh_a sous forme matricielle.

    Calculez le vecteur dL/dh_a, de façon stable (un cas noté
    à part : des h_a de ±800 et ±1000).

    Arguments : ``grad_hs`` (d_h,) = dL/dh_s, ``h_a`` (d_h,).
    Retour : vecteur de forme (d_h,).

    Exemple : ``grad_ha(np.array([4.0]), np.array([0.0]))`` → ``array([2.])``
    """
    raise NotImplementedError


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
    raise NotImplementedError


def network_output_dim(n=128):
    """Question 3a (1,5 point sur 3) — la dimension de la sortie du réseau.

    Calculez le nombre total de réels produits par la dernière couche du
    réseau décrit ci-dessus, pour une image RVB de taille ``n`` x ``n``
    (l'énoncé prend n = 128).

    Argument : ``n``, entier (128 par défaut).
    Retour : un entier (``int``).

    Exemple (format seulement) : un ``int``, comme ``1000``.
    """
    raise NotImplementedError


def conv_weight_count(c_in, c_out, kernel):
    """Question 3b (1,5 point sur 2) — le nombre de poids d'une couche convolutive.

    Calculez le nombre de poids (biais exclus) d'une couche convolutive 2D à
    ``c_in`` canaux d'entrée et ``c_out`` noyaux carrés de côté ``kernel``.

    Arguments : ``c_in``, ``c_out``, ``kernel``, entiers positifs.
    Retour : un entier (``int``).

    Exemple : ``conv_weight_count(1, 1, 3)`` → ``9``
    """
    raise NotImplementedError


def last_layer_weight_count():
    """Question 3b (0,5 point sur 2) — les poids de la dernière couche du réseau.

    Calculez le nombre de paramètres (biais exclus) de la dernière couche du
    réseau décrit ci-dessus.

    Retour : un entier (``int``).

    Exemple (format seulement) : un ``int``, comme ``1000``.
    """
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def describe_effect():
    """Question 3d (0,5 point sur 2) — l'effet de la convolution de la question 3c.

    Que fait la convolution par le noyau [1/4, 1/4, 1/4, 1/4] au signal ?
    Renvoyez une chaîne parmi ``"lissage"``, ``"derivation"``, ``"decalage"``
    et ``"amplification"``.

    Retour : une de ces quatre chaînes.

    Exemple (format seulement) : ``"decalage"`` est une réponse bien formée.
    """
    raise NotImplementedError
