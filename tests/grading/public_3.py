"""Public grading cases of part 3: convolutional networks.

These cases are shipped to students. Their inputs are fixed and their expected
values are literals computed by hand: layer sizes and weight counts of the
handout's network (sizes round down), and the convolutions of the handout's
signal [1, 1, 4, 4, 4, 1, 1] by [1/4] * 4 and of small non-symmetric examples.
"""

from __future__ import annotations

import numpy as np

from autograder.checking import Failure, Result, Trial

SIGNAL = [1.0, 1.0, 4.0, 4.0, 4.0, 1.0, 1.0]
KERNEL = [0.25, 0.25, 0.25, 0.25]
FLIP_HINT = "Une convolution retourne le noyau : (x * w)[i] = sum_t w[t] x[i - t] (ce n'est pas une corrélation)."


def _one_of(result: Result, candidates: list[list[float]], what: str, hint: str) -> None:
    """The array is close to one of the candidates (the two alignments of "same")."""
    got = result.array(shape=(len(candidates[0]),)).value
    if not any(np.allclose(got, c, rtol=1e-6, atol=1e-9) for c in candidates):
        raise Failure(
            f"{result.call} : attendu {what}, obtenu {np.array2string(got, precision=6, separator=', ')}.",
            hint=hint,
            reference="valeurs acceptées : " + " ou ".join(str(c) for c in candidates),
        )


# --- 3a ----------------------------------------------------------------------------------------

def conv_output_size_public(t: Trial) -> None:
    """conv_output_size on the handout's two convolutions and on cases where the size rounds down."""
    hint = ("Comptez les positions du noyau sur l'entrée remplie (p zéros de chaque côté), "
            "en avançant de s à chaque pas ; arrondissez à l'entier inférieur.")
    for args, size in (((128, 8, 2, 3), 64), ((64, 3, 1, 1), 64), ((7, 4, 1, 0), 4),
                       ((10, 3, 2, 0), 4), ((9, 4, 2, 2), 5)):
        t.call("conv_output_size", *args).integer().equals(
            size, what=f"la taille de sortie pour n = {args[0]}, k = {args[1]}, s = {args[2]}, p = {args[3]}", hint=hint)


def network_output_dim_public(t: Trial) -> None:
    """network_output_dim counts the scalars output by the handout's network, for 128x128 and other sizes."""
    hint = ("Enchaînez : convolution (32 noyaux 8x8, pas 2, remplissage 3), max-pool 2x2, "
            "convolution (64 noyaux 3x3, pas 1, remplissage 1), puis multipliez hauteur, largeur et canaux.")
    what = "le nombre de scalaires en sortie pour une image {0}x{0}"
    t.call("network_output_dim").integer().equals(65536, what=what.format(128), hint=hint)
    t.call("network_output_dim", 128).integer().equals(65536, what=what.format(128), hint=hint)
    t.call("network_output_dim", 64).integer().equals(16384, what=what.format(64), hint=hint)
    t.call("network_output_dim", 70).integer().equals(
        18496, what="le nombre de scalaires en sortie pour une image 70x70 (les tailles s'arrondissent par défaut)", hint=hint)


# --- 3b ----------------------------------------------------------------------------------------

def conv_weight_count_public(t: Trial) -> None:
    """conv_weight_count counts a convolutional layer's weights (biases excluded) for three layers."""
    hint = "Combien de poids compte un noyau, sachant qu'il s'applique à tous les canaux d'entrée ? Biais exclus."
    for args, count in (((32, 64, 3), 18432), ((3, 32, 8), 6144), ((2, 5, 4), 160)):
        t.call("conv_weight_count", *args).integer().equals(
            count, what=f"le nombre de poids pour c_in = {args[0]}, c_out = {args[1]}, k = {args[2]}", hint=hint)


def last_layer_weight_count_public(t: Trial) -> None:
    """last_layer_weight_count is the number of weights of the handout's last layer."""
    result = t.call("last_layer_weight_count").integer()
    known = [(3 * 64 * 9, "Les 3 canaux RVB n'entrent que dans la première couche : la dernière en reçoit 32."),
             (64 * 9, "Chaque noyau de la dernière couche couvre les 32 canaux qu'elle reçoit."),
             (18432 + 64, "Les biais sont exclus du compte.")]
    result.equals(18432, what="le nombre de poids de la dernière couche, biais exclus", mistakes=known,
                  hint="La dernière couche reçoit les 32 canaux du max-pool et applique 64 noyaux 3x3.")


# --- 3c ----------------------------------------------------------------------------------------

def convolve_full_public(t: Trial) -> None:
    """convolve1d "full" of the handout's signal, and of [1, 2, 3] by the non-symmetric kernel [1, 10]."""
    t.call("convolve1d", np.array(SIGNAL), np.array(KERNEL), "full").array(shape=(10,)).close_to(
        [0.25, 0.5, 1.5, 2.5, 3.25, 3.25, 2.5, 1.5, 0.5, 0.25],
        what="la convolution complète (longueur n + k - 1 = 10)",
        hint="En mode « full », on garde toutes les positions où le noyau touche au moins un élément du signal.")
    t.call("convolve1d", np.array([1.0, 2.0, 3.0]), np.array([1.0, 10.0]), "full").array(shape=(4,)).close_to(
        [1.0, 12.0, 23.0, 30.0], what="la convolution complète de [1, 2, 3] par [1, 10]", hint=FLIP_HINT)


def convolve_valid_public(t: Trial) -> None:
    """convolve1d "valid" of the handout's signal, and of [1, 2, 3] by the non-symmetric kernel [1, 10]."""
    t.call("convolve1d", np.array(SIGNAL), np.array(KERNEL), "valid").array(shape=(4,)).close_to(
        [2.5, 3.25, 3.25, 2.5], what="la convolution valide (longueur n - k + 1 = 4)",
        hint="En mode « valid », le noyau reste entièrement dans le signal.")
    t.call("convolve1d", np.array([1.0, 2.0, 3.0]), np.array([1.0, 10.0]), "valid").array(shape=(2,)).close_to(
        [12.0, 23.0], what="la partie valide de [1, 2, 3] * [1, 10]", hint=FLIP_HINT)


def convolve_same_public(t: Trial) -> None:
    """convolve1d "same" keeps n values of the full result, either alignment being accepted for an even kernel."""
    hint = ("En mode « same », gardez n valeurs du résultat complet, à partir de l'indice (k - 1) // 2 "
            "(convention de numpy ; k // 2 est aussi accepté).")
    _one_of(t.call("convolve1d", np.array(SIGNAL), np.array(KERNEL), "same"),
            [[0.5, 1.5, 2.5, 3.25, 3.25, 2.5, 1.5], [1.5, 2.5, 3.25, 3.25, 2.5, 1.5, 0.5]],
            "la convolution « same » (longueur n = 7)", hint)
    _one_of(t.call("convolve1d", np.array([1.0, 2.0, 3.0]), np.array([1.0, 10.0]), "same"),
            [[1.0, 12.0, 23.0], [12.0, 23.0, 30.0]], "la convolution « same » de [1, 2, 3] par [1, 10]", FLIP_HINT)
    _one_of(t.call("convolve1d", np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, -1.0]), "same"),
            [[2.0, 2.0, -2.0]], "la convolution « same » de [1, 2, 3] par [1, 0, -1]", FLIP_HINT)


# --- 3d ----------------------------------------------------------------------------------------

def frequency_response_public(t: Trial) -> None:
    """frequency_response is |sum_t w[t] exp(-i omega t)|: the handout's kernel and the difference kernel [1, -1]."""
    hint = "H(ω) = sum_t w[t] exp(-i ω t) est complexe : renvoyez son module, élément par élément sur ω."
    real = "des valeurs réelles (le module |H(ω)|)"
    omega = np.array([0.0, np.pi / 4, np.pi / 2, np.pi])
    t.call("frequency_response", np.array(KERNEL), omega).satisfies(
        lambda v: not np.iscomplexobj(np.asarray(v)), real, hint=hint).array(shape=(4,)).finite().close_to(
        [1.0, float(1 / (4 * np.sin(np.pi / 8))), 0.0, 0.0],
        what="|H(ω)| du noyau [1/4, 1/4, 1/4, 1/4]", hint=hint)
    t.call("frequency_response", np.array([1.0, -1.0]), np.array([0.0, np.pi / 2, np.pi])).satisfies(
        lambda v: not np.iscomplexobj(np.asarray(v)), real, hint=hint).array(shape=(3,)).finite().close_to(
        [0.0, float(np.sqrt(2.0)), 2.0], what="|H(ω)| du noyau [1, -1]", hint=hint)


def describe_effect_public(t: Trial) -> None:
    """describe_effect names what the handout's kernel does to the signal: it smooths it."""
    t.call("describe_effect").equals(
        "lissage", what="l'un de \"lissage\", \"derivation\", \"decalage\", \"amplification\"",
        hint="Comparez la réponse en fréquence du noyau aux basses et aux hautes fréquences.")
