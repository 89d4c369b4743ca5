"""Hidden grading cases of part 3: convolutional networks.

Inputs are drawn from ``t.rng``, but every draw covers by construction the
regimes the formulas distinguish: remainders 0, 1, stride - 2 and stride - 1
for a stride of 5 to 7, with paddings 3, 1, 3, 1 (floor, round, ceil, p or p^2
for 2p and an off-by-one each give a different pattern of errors), image sizes
where the max-pool rounds down, random non-symmetric kernels (so that a kernel
that is not flipped fails), frequencies given as a 2-D array. The private
oracles hold the answers; failure messages never contain an expected value,
and their hint names the mistake that explains every observed value when one
does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checking import Result, Trial, ulps

FLIP_HINT = "Une convolution retourne le noyau ; ce n'est pas une corrélation."


# --- private oracles ---------------------------------------------------------------------------

def _size(n: int, kernel: int, stride: int, padding: int) -> int:
    return (n + 2 * padding - kernel) // stride + 1


def _network_dim(n: int) -> int:
    side = _size(_size(n, 8, 2, 3) // 2, 3, 1, 1)
    return 64 * side * side


SIZE_MISTAKES = (
    (lambda n, k, s, p: -(-(n + 2 * p - k) // s) + 1, "Vous arrondissez vers le haut : la taille s'arrondit à l'entier inférieur."),
    (lambda n, k, s, p: int(np.floor((n + 2 * p - k) / s + 0.5)) + 1,
     "Vous arrondissez au plus proche : la taille s'arrondit à l'entier inférieur."),
    (lambda n, k, s, p: (n + p ** 2 - k) // s + 1, "Le remplissage compte des deux côtés : n + 2p."),
    (lambda n, k, s, p: (n + p - k) // s + 1, "Le remplissage compte des deux côtés : n + 2p."),
    (lambda n, k, s, p: (n - k) // s + 1, "Le remplissage manque : p zéros de chaque côté."),
    (lambda n, k, s, p: (n + 2 * p - k + 1) // s + 1, "Un + 1 de trop avant la division par le pas."),
    (lambda n, k, s, p: (n + 2 * p - k) // s, "Il manque le + 1 : la première position du noyau compte aussi."),
)


def _explained(observations: list[tuple[Any, tuple]], mistakes: tuple, default: str) -> str:
    """The hint of the first mistake that gives every observed value (got, arguments), else ``default``."""
    for formula, text in mistakes:
        if all(got == formula(*args) for got, args in observations):
            return text
    return default


NETWORK_MISTAKES = (
    (lambda n: 64 * _size(_size(n, 8, 2, 3), 3, 1, 1) ** 2, "La couche de max-pooling 2 x 2 manque."),
    (lambda n: 64 * _size(-(-_size(n, 8, 2, 3) // 2), 3, 1, 1) ** 2,
     "Le max-pooling arrondit à l'entier inférieur : une ligne ou colonne incomplète est perdue."),
    (lambda n: (_size(n, 8, 2, 3) // 2) ** 2, "Il manque les 64 canaux de la dernière couche."),
    (lambda n: _size(_size(n, 8, 2, 3) // 2, 3, 1, 1) ** 2, "Il manque les 64 canaux de la dernière couche."),
    (lambda n: 32 * _size(_size(n, 8, 2, 3) // 2, 3, 1, 1) ** 2, "La dernière couche a 64 noyaux, donc 64 canaux."),
    (lambda n: 64 * _size(_size(n, 8, 2, 3) // 2, 3, 1, 0) ** 2, "Le remplissage de 1 de la dernière couche manque."),
)

WEIGHT_MISTAKES = (
    (lambda c_in, c_out, k: c_out * k ** 2, "Chaque noyau couvre tous les canaux d'entrée : multipliez par c_in."),
    (lambda c_in, c_out, k: c_in * c_out * k ** 2 + c_out, "Les biais sont exclus du compte."),
    (lambda c_in, c_out, k: c_in * c_out * k, "Un noyau carré de côté k a k² poids par canal."),
    (lambda c_in, c_out, k: c_in * k ** 2, "Il y a c_out noyaux : multipliez par c_out."),
)


def _full(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    n, k = len(x), len(w)
    out = np.zeros(n + k - 1)
    for t in range(k):
        out[t:t + n] += w[t] * x
    return out


def _response(w: np.ndarray, omega: np.ndarray) -> np.ndarray:
    steps = np.arange(len(w))
    return np.abs((w[None, :] * np.exp(-1j * omega[:, None] * steps[None, :])).sum(axis=1))


def _signal(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    """A random signal and a random kernel of length k that is not symmetric."""
    x = rng.normal(size=int(rng.integers(6, 11)))
    while True:
        w = rng.normal(size=k)
        if not np.allclose(w, w[::-1], atol=0.1):
            return x, w


# --- 3a ----------------------------------------------------------------------------------------

def conv_output_size_hidden(t: Trial) -> None:
    """conv_output_size with remainders 0, 1, stride - 2, stride - 1 of a stride of 5 to 7, paddings 3, 1, 3, 1.

    With these remainders and paddings every size mistake of SIZE_MISTAKES gives a different pattern of
    errors over the four calls, and none gives the right four sizes.
    """
    rng = t.rng
    hint = "Vérifiez le remplissage (des deux côtés), l'arrondi (par défaut) et le + 1."
    calls = []
    for regime in rng.permutation(4):
        kernel, stride = int(rng.integers(2, 8)), int(rng.integers(5, 8))
        rest, padding = ((0, 3), (1, 1), (stride - 2, 3), (stride - 1, 1))[regime]
        args = (kernel - 2 * padding + stride * int(rng.integers(2, 60)) + rest, kernel, stride, padding)
        calls.append((t.call("conv_output_size", *args).integer(), args))
    hint = _explained([(result.value, args) for result, args in calls], SIZE_MISTAKES, hint)
    for result, args in calls:
        result.equals(_size(*args), what="la taille de sortie de la convolution", hint=hint)


def network_output_dim_hidden(t: Trial) -> None:
    """network_output_dim for other image sizes, odd ones and ones where the max-pool rounds down."""
    rng = t.rng
    hint = "Reprenez la chaîne convolution, max-pool, convolution pour cette taille d'image ; arrondissez par défaut."
    sizes = [2 * (2 * int(rng.integers(10, 150)) + 1),   # odd size after the first convolution
             4 * int(rng.integers(10, 150)) + 3,         # odd image size, odd after the first convolution too
             4 * int(rng.integers(8, 100))]              # a multiple of 4, other than 128
    results = [(t.call("network_output_dim", n).integer(), (n,)) for n in sizes]
    hint = _explained([(result.value, args) for result, args in results], NETWORK_MISTAKES, hint)
    for result, (n,) in results:
        result.equals(_network_dim(n), what="le nombre de scalaires en sortie de la dernière couche", hint=hint)


# --- 3b ----------------------------------------------------------------------------------------

def conv_weight_count_hidden(t: Trial) -> None:
    """conv_weight_count for random channel counts and kernel sizes, all three different."""
    for _ in range(2):
        c_in, c_out = (int(v) for v in t.rng.choice(np.arange(2, 200), size=2, replace=False))
        kernel = int(t.rng.choice([k for k in range(3, 12) if k not in (c_in, c_out)]))
        result = t.call("conv_weight_count", c_in, c_out, kernel).integer()
        result.equals(c_in * c_out * kernel ** 2, what="le nombre de poids de la couche, biais exclus",
                      hint=_explained([(result.value, (c_in, c_out, kernel))], WEIGHT_MISTAKES,
                                      "Chaque noyau couvre tous les canaux d'entrée ; biais exclus."))


# --- 3c ----------------------------------------------------------------------------------------

def _tolerance(x: np.ndarray, w: np.ndarray) -> dict:
    """4k ulps of the largest sum |w[s] x[t - s]| (docs/tolerances.md), rtol for another summation order."""
    return dict(rtol=1e-9, atol=ulps(np.abs(w).sum() * np.abs(x).max(), max(4 * len(w), 16)))


def convolve_full_hidden(t: Trial) -> None:
    """convolve1d "full" with random signals and non-symmetric kernels."""
    for k in (int(t.rng.integers(2, 4)), int(t.rng.integers(4, 6))):
        x, w = _signal(t.rng, k)
        t.call("convolve1d", x.copy(), w.copy(), "full").array(shape=(len(x) + k - 1,)).close_to(
            _full(x, w), what="la convolution complète", hint="Gardez toutes les positions où le noyau touche le signal.",
            mistakes=((_full(x, w[::-1]), FLIP_HINT),), **_tolerance(x, w))


def convolve_valid_hidden(t: Trial) -> None:
    """convolve1d "valid" with random signals and non-symmetric kernels."""
    for k in (int(t.rng.integers(2, 4)), int(t.rng.integers(4, 6))):
        x, w = _signal(t.rng, k)
        n = len(x)
        t.call("convolve1d", x.copy(), w.copy(), "valid").array(shape=(n - k + 1,)).close_to(
            _full(x, w)[k - 1:n], what="la convolution valide", hint="Le noyau doit rester entièrement dans le signal.",
            mistakes=((_full(x, w[::-1])[k - 1:n], FLIP_HINT),
                      (_full(x, w)[:n - k + 1], "Ce sont les n - k + 1 premières valeurs du résultat complet : "
                                                "la partie valide commence à l'indice k - 1.")),
            **_tolerance(x, w))


def _same_ok(result: Result, x: np.ndarray, w: np.ndarray) -> None:
    n, k = len(x), len(w)
    got = result.array(shape=(n,)).value
    full = _full(x, w)
    starts = {(k - 1) // 2, k // 2}
    tolerance = _tolerance(x, w)
    if not any(np.allclose(got, full[s:s + n], **tolerance) for s in starts):
        flipped = _full(x, w[::-1])
        if any(np.allclose(got, flipped[s:s + n]) for s in starts):
            hint = FLIP_HINT
        elif any(np.allclose(got, full[s:s + n]) for s in range(k)):
            hint = "La fenêtre est décalée : gardez n valeurs du résultat complet à partir de (k - 1) // 2."
        else:
            hint = "Gardez n valeurs du résultat complet, à partir de l'indice (k - 1) // 2."
        raise result.fail("la convolution « same » (n valeurs centrées du résultat complet)", hint=hint,
                          reference=full[(k - 1) // 2:(k - 1) // 2 + n])


def convolve_same_hidden(t: Trial) -> None:
    """convolve1d "same" with random signals and non-symmetric kernels of odd and even lengths."""
    for k in (3, int(t.rng.choice([2, 4])), 5):
        x, w = _signal(t.rng, k)
        _same_ok(t.call("convolve1d", x.copy(), w.copy(), "same"), x, w)


# --- 3d ----------------------------------------------------------------------------------------

def frequency_response_hidden(t: Trial) -> None:
    """frequency_response of a random kernel at random frequencies, given as a vector and as a 2 x 3 array."""
    hint = "Renvoyez |sum_t w[t] exp(-i ω t)|, élément par élément sur ω."
    w = t.rng.normal(size=int(t.rng.integers(4, 7)))
    for shape in ((5,), (2, 3)):
        omega = t.rng.uniform(-np.pi, np.pi, size=shape)
        expected = _response(w, omega.ravel()).reshape(shape)
        t.call("frequency_response", w.copy(), omega.copy()).satisfies(
            lambda v: not np.iscomplexobj(np.asarray(v)), "des valeurs réelles (un module)", hint=hint).array(
            shape=shape).close_to(expected, rtol=1e-9, atol=ulps(np.abs(w).sum(), max(4 * len(w), 16)),
                                  what="le module de la réponse en fréquence", hint=hint,
                                  mistakes=((expected ** 2, "C'est le carré du module : prenez |H(ω)|, pas |H(ω)|²."),))
