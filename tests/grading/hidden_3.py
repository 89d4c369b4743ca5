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

from autograder.checking import Result, Trial

FLIP_HINT = "Une convolution retourne le noyau ; ce n'est pas une corrélation."
FLOAT32_ULPS = 64 * float(np.finfo(np.float32).eps)   # 3c and 3d grade no precision: float32's is enough


# --- private oracles ---------------------------------------------------------------------------

def _size(n: int, kernel: int, stride: int, padding: int) -> int:
    return (n + 2 * padding - kernel) // stride + 1


def _network_dim(n: int) -> int:
    side = _size(_size(n, 8, 2, 3) // 2, 3, 1, 1)
    return 64 * side * side


SIZE_MISTAKES = (
    (lambda n, k, s, p: -(-(n + 2 * p - k) // s) + 1,
            "Vous arrondissez vers le haut : la taille s'arrondit à l'entier inférieur."),
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
    """network_output_dim at the handout's size (default argument and n = 128), other sizes, odd ones, ones where
    the max-pool rounds down, and one whose count exceeds 2^31."""
    rng = t.rng
    hint = "Reprenez la chaîne convolution, max-pool, convolution pour cette taille d'image ; arrondissez par défaut."
    sizes = [128,
             2 * (2 * int(rng.integers(10, 150)) + 1),   # odd size after the first convolution
             4 * int(rng.integers(10, 150)) + 3,         # odd image size, odd after the first convolution too
             4 * int(rng.integers(8, 100)),              # a multiple of 4, other than 128
             4 * int(rng.integers(7000, 12000))]         # 64 side^2 beyond 2^31: 32-bit counts overflow
    results = [(t.call("network_output_dim").integer(), (128,))]
    results += [(t.call("network_output_dim", n).integer(), (n,)) for n in sizes]
    hint = _explained([(result.value, args) for result, args in results], NETWORK_MISTAKES, hint)
    for result, (n,) in results:
        result.equals(_network_dim(n), what="le nombre de scalaires en sortie de la dernière couche", hint=hint,
                      mistakes=_overflows(_network_dim(n)))


# --- 3b ----------------------------------------------------------------------------------------

def conv_weight_count_hidden(t: Trial) -> None:
    """conv_weight_count for random channel counts and kernel sizes, all three different, and a count beyond 2^31."""
    draws = [(int(c_in), int(c_out)) for c_in, c_out in
             (t.rng.choice(np.arange(2, 200), size=2, replace=False) for _ in range(2))]
    draws.append((int(t.rng.integers(6000, 9000)), int(t.rng.integers(6000, 9000))))
    for c_in, c_out in draws:
        kernel = int(t.rng.choice([k for k in range(3, 12) if k not in (c_in, c_out)]))
        result = t.call("conv_weight_count", c_in, c_out, kernel).integer()
        count = c_in * c_out * kernel ** 2
        result.equals(count, what="le nombre de poids de la couche, biais exclus",
                      mistakes=_overflows(count),
                      hint=_explained([(result.value, (c_in, c_out, kernel))], WEIGHT_MISTAKES,
                                      "Chaque noyau couvre tous les canaux d'entrée ; biais exclus."))


LAST_LAYER_MISTAKES = (
    (3 * 64 * 9, "Les 3 canaux RVB n'entrent que dans la première couche : la dernière en reçoit 32."),
    (64 * 9, "Chaque noyau de la dernière couche couvre les 32 canaux qu'elle reçoit."),
    (32 * 64 * 9 + 64, "Les biais sont exclus du compte."),
    (32 * 64 * 3, "Un noyau carré de côté 3 a 3 x 3 poids par canal."),
)


def last_layer_weight_count_hidden(t: Trial) -> None:
    """last_layer_weight_count is the number of weights of the handout's last layer (its answer, hence hidden)."""
    t.call("last_layer_weight_count").integer().equals(
        32 * 64 * 3 * 3, what="le nombre de poids de la dernière couche, biais exclus", mistakes=LAST_LAYER_MISTAKES,
        hint="Combien de canaux la dernière couche reçoit-elle, combien de noyaux applique-t-elle, de quelle taille ?")


def _overflows(count: int) -> tuple[tuple[int, str], ...]:
    """The value a count wrapped to 32-bit integers takes, with its hint, when it differs from the count."""
    wrapped = (count + 2 ** 31) % 2 ** 32 - 2 ** 31
    return ((wrapped, "Ce compte dépasse la capacité d'un entier 32 bits : calculez avec des entiers Python (int), "
                      "pas avec np.int32."),) if wrapped != count else ()


# --- 3c ----------------------------------------------------------------------------------------

def _tolerance(x: np.ndarray, w: np.ndarray) -> dict:
    """64 of float32's ulps of the largest sum |w[s] x[t - s]|: 3c grades the convolution, not its precision.

    docs/tolerances.md: a float32 computation (or float64 from float32 inputs) stays within it, and every
    mistake (a flipped kernel, a window off by one) differs by a fraction of that sum.
    """
    return dict(rtol=1e-9, atol=FLOAT32_ULPS * np.abs(w).sum() * np.abs(x).max())


def _convolved(t: Trial, x: np.ndarray, w: np.ndarray, mode: str) -> Result:
    """convolve1d(x, w, mode) as an array of the length ``mode`` implies; a wrong length says which, neutrally."""
    n, k = len(x), len(w)
    length = {"full": n + k - 1, "valid": n - k + 1, "same": n}[mode]
    result = t.call("convolve1d", x.copy(), w.copy(), mode)
    got = np.shape(result.value)
    if len(got) == 1 and got[0] != length:
        raise result.fail(f"un vecteur de longueur {length} (n = {n}, k = {k})",
                          hint="Vérifiez combien de zéros complètent le signal de chaque côté, et quelle fenêtre "
                               f"du résultat complet le mode « {mode} » garde.")
    return result.array(shape=(length,))


def _kernels(t: Trial) -> list[tuple[np.ndarray, np.ndarray]]:
    """A short and a longer non-symmetric kernel, a kernel of length 1, and a kernel as long as the signal."""
    pairs = [_signal(t.rng, int(t.rng.integers(2, 4))), _signal(t.rng, int(t.rng.integers(4, 6)))]
    x = t.rng.normal(size=int(t.rng.integers(6, 11)))
    pairs.append((x, np.array([t.rng.choice([-1.0, 1.0]) * t.rng.uniform(0.5, 3.0)])))
    x, _ = _signal(t.rng, 2)
    while True:
        w = t.rng.normal(size=len(x))
        if not np.allclose(w, w[::-1], atol=0.1):
            pairs.append((x, w))
            return pairs


def convolve_full_hidden(t: Trial) -> None:
    """convolve1d "full" with random signals and non-symmetric kernels, k = 1 and k = n."""
    for x, w in _kernels(t):
        _convolved(t, x, w, "full").close_to(
            _full(x, w), what="la convolution complète",
                    hint="Gardez toutes les positions où le noyau touche le signal.",
            mistakes=((_full(x, w[::-1]), FLIP_HINT),), **_tolerance(x, w))


def convolve_valid_hidden(t: Trial) -> None:
    """convolve1d "valid" with random signals and non-symmetric kernels, k = 1 and k = n (one value)."""
    for x, w in _kernels(t):
        n, k = len(x), len(w)
        mistakes = ((_full(x, w[::-1])[k - 1:n], FLIP_HINT),)
        if k > 1:
            mistakes += ((_full(x, w)[:n - k + 1], "Ce sont les n - k + 1 premières valeurs du résultat complet : "
                                                   "la partie valide commence à l'indice k - 1."),)
        _convolved(t, x, w, "valid").close_to(
            _full(x, w)[k - 1:n], what="la convolution valide", hint="Le noyau doit rester entièrement dans le signal.",
            mistakes=mistakes, **_tolerance(x, w))


def _same_ok(result: Result, x: np.ndarray, w: np.ndarray) -> None:
    n, k = len(x), len(w)
    got = result.value
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
    """convolve1d "same" with random signals and non-symmetric kernels of odd and even lengths, k = 1 and k = n."""
    pairs = [_signal(t.rng, k) for k in (3, int(t.rng.choice([2, 4])), 5)] + _kernels(t)[2:]
    for x, w in pairs:
        _same_ok(_convolved(t, x, w, "same"), x, w)


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
            shape=shape).close_to(expected, rtol=1e-9, atol=FLOAT32_ULPS * np.abs(w).sum(),
                                  what="le module de la réponse en fréquence", hint=hint,
                                  mistakes=((expected ** 2, "C'est le carré du module : prenez |H(ω)|, pas |H(ω)|²."),))


DESCRIPTION = "lissage"


def describe_effect_hidden(t: Trial) -> None:
    """describe_effect names what the handout's kernel [1/4] * 4 does to the signal (its answer, hence hidden)."""
    t.call("describe_effect").equals(
        DESCRIPTION, what="ce que fait le noyau [1/4, 1/4, 1/4, 1/4] au signal",
        hint="Comparez sa réponse en fréquence (question 3d) aux basses et aux hautes fréquences.")
