"""Public grading cases of part 3: convolutional networks.

These cases are shipped to students. Their inputs are fixed and their expected
values are literals computed by hand: layer sizes and weight counts of other
networks than the handout's (its own answers, 3a at n = 128 and 3b's last
layer, are graded by hidden cases), from the smallest sizes the formulas allow
to a real network's (where counts overflow 32-bit integers), and the
convolutions of the handout's signal [1, 1, 4, 4, 4, 1, 1] by [1/4] * 4 and of
small non-symmetric examples. Answer-style functions (``describe_effect``,
``last_layer_weight_count``) are checked for form only, for 0 points.
"""

from __future__ import annotations

import numpy as np

from autograder.checking import Failure, Result, Trial

SIGNAL = [1.0, 1.0, 4.0, 4.0, 4.0, 1.0, 1.0]
KERNEL = [0.25, 0.25, 0.25, 0.25]
FLOAT32_ULPS = 64 * float(np.finfo(np.float32).eps)   # 3d grades no precision: float32's is enough
FLIP_HINT = "Une convolution retourne le noyau : (x * w)[i] = sum_t w[t] x[i - t] (ce n'est pas une corrélation)."


# --- 3a ----------------------------------------------------------------------------------------

def conv_output_size_public(t: Trial) -> None:
    """conv_output_size on the docstring's example, sizes that round down, the smallest input and a real network's."""
    hint = ("Comptez les positions du noyau sur l'entrée remplie (p zéros de chaque côté), "
            "en avançant de s à chaque pas ; arrondissez à l'entier inférieur.")
    for args, size in (((5, 3, 1, 0), 3), ((7, 4, 1, 0), 4), ((10, 3, 2, 0), 4), ((9, 4, 2, 2), 5),
                       ((1, 3, 1, 1), 1), ((3, 3, 1, 0), 1), ((224, 11, 4, 2), 55), ((100000, 5, 3, 2), 33334)):
        t.call("conv_output_size", *args).integer().equals(
            size, what=f"la taille de sortie pour n = {args[0]}, k = {args[1]}, s = {args[2]}, p = {args[3]}",
                    hint=hint)


def network_output_dim_public(t: Trial) -> None:
    """network_output_dim counts the scalars output by the handout's network for other image sizes than 128.

    The smallest image with a non-empty output (4x4), sizes where the layers round down, and one whose count
    (2^32) does not fit in 32-bit integers. The handout's own size is graded by the hidden case.
    """
    hint = ("Enchaînez : convolution (32 noyaux 8x8, pas 2, remplissage 3), max-pool 2x2, "
            "convolution (64 noyaux 3x3, pas 1, remplissage 1), puis multipliez hauteur, largeur et canaux.")
    what = "le nombre de scalaires en sortie pour une image {0}x{0}"
    for n, count in ((64, 16384), (70, 18496), (4, 64), (5, 64), (32768, 4294967296)):
        t.call("network_output_dim", n).integer().equals(
            count, what=what.format(n) + (" (les tailles s'arrondissent par défaut)" if n in (5, 70) else ""),
            hint=hint if count < 2 ** 31 else hint + " Calculez avec des entiers Python (int) : "
                                                     "ce compte dépasse la capacité d'un entier 32 bits.")


# --- 3b ----------------------------------------------------------------------------------------

def conv_weight_count_public(t: Trial) -> None:
    """conv_weight_count on the docstring's example, a first layer, a small layer and a count beyond 2^31."""
    hint = "Combien de poids compte un noyau, sachant qu'il s'applique à tous les canaux d'entrée ? Biais exclus."
    for args, count in (((1, 1, 3), 9), ((3, 32, 8), 6144), ((2, 5, 4), 160), ((1, 7, 1), 7),
                        ((8192, 8192, 7), 3288334336)):
        t.call("conv_weight_count", *args).integer().equals(
            count, what=f"le nombre de poids pour c_in = {args[0]}, c_out = {args[1]}, k = {args[2]}",
            hint=hint if count < 2 ** 31 else hint + " Calculez avec des entiers Python (int) : "
                                                     "ce compte dépasse la capacité d'un entier 32 bits.")


def last_layer_weight_count_public(t: Trial) -> None:
    """last_layer_weight_count returns a positive whole number (its value is graded by the hidden case, for 0 points here)."""
    t.call("last_layer_weight_count").integer().satisfies(
        lambda v: v > 0, "un nombre entier de poids strictement positif",
        hint="Le nombre de poids de la dernière couche du réseau décrit dans l'énoncé, biais exclus.")


# --- 3c ----------------------------------------------------------------------------------------

LENGTHS = {"full": "n + k - 1", "valid": "n - k + 1", "same": "n"}


def _convolved(t: Trial, x: list[float], w: list[float], mode: str) -> Result:
    """convolve1d(x, w, mode) as an array of the length ``mode`` implies; a wrong length says which."""
    n, k = len(x), len(w)
    length = {"full": n + k - 1, "valid": n - k + 1, "same": n}[mode]
    result = t.call("convolve1d", np.array(x), np.array(w), mode)
    got = np.shape(result.value)
    if len(got) == 1 and got[0] != length:
        raise result.fail(f"un vecteur de longueur {LENGTHS[mode]} = {length} (n = {n}, k = {k})",
                          hint="Vérifiez combien de zéros complètent le signal de chaque côté, et quelle fenêtre "
                               f"du résultat complet le mode « {mode} » garde.")
    return result.array(shape=(length,))


def _one_of(result: Result, full: list[float], starts: tuple[int, ...], what: str) -> None:
    """``result`` is the window of ``full`` starting at one of ``starts`` (the alignments "same" accepts).

    The hint names a cause only when the values prove it: the flipped kernel's result, or another window.
    """
    got = result.value
    n = len(got)
    if any(np.allclose(got, full[s:s + n], rtol=1e-6, atol=1e-9) for s in starts):
        return
    if any(np.allclose(got, full[s:s + n], rtol=1e-6, atol=1e-9) for s in range(len(full) - n + 1)):
        hint = "Ce sont n valeurs consécutives du résultat complet, mais la fenêtre est décalée : vérifiez son début."
    else:
        hint = "Calculez d'abord le résultat complet (noyau retourné), puis gardez n valeurs consécutives."
    raise Failure(
        f"{result.call} : attendu {what}, obtenu {np.array2string(got, precision=6, separator=', ')}.",
        hint=hint,
        reference="valeurs acceptées : " + " ou ".join(str(full[s:s + n]) for s in starts),
    )


def convolve_full_public(t: Trial) -> None:
    """convolve1d "full": the docstring's example, the handout's signal, a non-symmetric kernel, k = 1 and n = k = 1."""
    _convolved(t, [1.0, 2.0], [1.0, 1.0], "full").close_to(
        [1.0, 3.0, 2.0], what="la convolution complète de [1, 2] par [1, 1] (exemple de la docstring)",
        hint="En mode « full », on garde toutes les positions où le noyau touche au moins un élément du signal.")
    _convolved(t, SIGNAL, KERNEL, "full").close_to(
        [0.25, 0.5, 1.5, 2.5, 3.25, 3.25, 2.5, 1.5, 0.5, 0.25],
        what="la convolution complète (longueur n + k - 1 = 10)",
        hint="En mode « full », on garde toutes les positions où le noyau touche au moins un élément du signal.")
    _convolved(t, [1.0, 2.0, 3.0], [1.0, 10.0], "full").close_to(
        [1.0, 12.0, 23.0, 30.0], what="la convolution complète de [1, 2, 3] par [1, 10]", hint=FLIP_HINT,
        mistakes=(([10.0, 21.0, 32.0, 3.0], FLIP_HINT),))
    _convolved(t, [1.0, -2.0, 3.0], [2.0], "full").close_to(
        [2.0, -4.0, 6.0], what="la convolution complète par un noyau de longueur 1 (multiplication par 2)",
        hint="Un noyau [c] de longueur 1 multiplie le signal par c.")
    _convolved(t, [3.0], [-2.0], "full").close_to(
        [-6.0], what="la convolution complète de [3] par [-2]",
                hint="Un noyau [c] de longueur 1 multiplie le signal par c.")


def convolve_valid_public(t: Trial) -> None:
    """convolve1d "valid": the handout's signal, a non-symmetric kernel, k = n (one value) and k = 1."""
    _convolved(t, SIGNAL, KERNEL, "valid").close_to(
        [2.5, 3.25, 3.25, 2.5], what="la convolution valide (longueur n - k + 1 = 4)",
        hint="En mode « valid », le noyau reste entièrement dans le signal.")
    _convolved(t, [1.0, 2.0, 3.0], [1.0, 10.0], "valid").close_to(
        [12.0, 23.0], what="la partie valide de [1, 2, 3] * [1, 10]", hint=FLIP_HINT,
        mistakes=(([21.0, 32.0], FLIP_HINT),))
    _convolved(t, [1.0, 2.0, 3.0], [1.0, 0.0, 10.0], "valid").close_to(
        [13.0], what="la partie valide de [1, 2, 3] * [1, 0, 10] (k = n : une seule valeur)", hint=FLIP_HINT,
        mistakes=(([31.0], FLIP_HINT),))
    _convolved(t, [1.0, -2.0, 3.0], [2.0], "valid").close_to(
        [2.0, -4.0, 6.0], what="la convolution valide par un noyau de longueur 1",
        hint="Un noyau [c] de longueur 1 multiplie le signal par c.")


def convolve_same_public(t: Trial) -> None:
    """convolve1d "same" keeps n values of the full result, either alignment being accepted for an even kernel."""
    _one_of(_convolved(t, SIGNAL, KERNEL, "same"), [0.25, 0.5, 1.5, 2.5, 3.25, 3.25, 2.5, 1.5, 0.5, 0.25], (1, 2),
            "la convolution « same » (longueur n = 7), fenêtre du résultat complet commençant à (k - 1) // 2")
    _one_of(_convolved(t, [1.0, 2.0, 3.0], [1.0, 10.0], "same"), [1.0, 12.0, 23.0, 30.0], (0, 1),
            "la convolution « same » de [1, 2, 3] par [1, 10]")
    _one_of(_convolved(t, [1.0, 2.0, 3.0, 4.0], [1.0, 0.0, -1.0], "same"), [1.0, 2.0, 2.0, 2.0, -3.0, -4.0], (1,),
            "la convolution « same » de [1, 2, 3, 4] par [1, 0, -1]")
    _one_of(_convolved(t, [1.0, -2.0, 3.0], [2.0], "same"), [2.0, -4.0, 6.0], (0,),
            "la convolution « same » par un noyau de longueur 1")


# --- 3d ----------------------------------------------------------------------------------------

def frequency_response_public(t: Trial) -> None:
    """frequency_response is |sum_t w[t] exp(-i omega t)|: the docstring's example, the handout's kernel, [1, -1]."""
    hint = "H(ω) = sum_t w[t] exp(-i ω t) est complexe : renvoyez son module, élément par élément sur ω."
    real = "des valeurs réelles (le module |H(ω)|)"
    for w, omega, want, what in (
            ([1.0, 1.0], [0.0], [2.0], "|H(0)| du noyau [1, 1] (exemple de la docstring)"),
            (KERNEL, [0.0, np.pi / 4, np.pi / 2, np.pi], [1.0, float(1 / (4 * np.sin(np.pi / 8))), 0.0, 0.0],
             "|H(ω)| du noyau [1/4, 1/4, 1/4, 1/4]"),
            ([1.0, -1.0], [0.0, np.pi / 2, np.pi], [0.0, float(np.sqrt(2.0)), 2.0], "|H(ω)| du noyau [1, -1]")):
        t.call("frequency_response", np.array(w), np.array(omega)).satisfies(
            lambda v: not np.iscomplexobj(np.asarray(v)), real, hint=hint).array(shape=(len(omega),)).finite().close_to(
            want, rtol=1e-9, atol=FLOAT32_ULPS * float(np.abs(w).sum()), what=what, hint=hint)


DESCRIPTIONS = ("lissage", "derivation", "decalage", "amplification")


def describe_effect_public(t: Trial) -> None:
    """describe_effect returns one of the four words (its value is graded by the hidden case, for 0 points here)."""
    t.call("describe_effect").satisfies(
        lambda v: isinstance(v, str) and v in DESCRIPTIONS,
        "l'une des chaînes \"lissage\", \"derivation\", \"decalage\", \"amplification\" (sans accent)",
        hint="Renvoyez exactement l'une des quatre chaînes proposées, en minuscules et sans accent.")
