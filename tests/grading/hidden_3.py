"""Hidden grading cases of part 3: convolutional networks.

Inputs are drawn from ``t.rng``: other image sizes and layer hyper-parameters,
random non-symmetric kernels (so that a kernel that is not flipped fails).
The private oracles hold the answers; failure messages never contain an
expected value.
"""

from __future__ import annotations

import numpy as np

from .checking import Result, Trial

FLIP_HINT = "Une convolution retourne le noyau ; ce n'est pas une corrélation."


# --- private oracles ---------------------------------------------------------------------------

def _size(n: int, kernel: int, stride: int, padding: int) -> int:
    return (n + 2 * padding - kernel) // stride + 1


def _network_dim(n: int) -> int:
    side = _size(_size(n, 8, 2, 3) // 2, 3, 1, 1)
    return 64 * side * side


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
    """conv_output_size for random sizes, kernels, strides and paddings, with a stride that does not divide."""
    rng = t.rng
    hint = "Vérifiez le remplissage (des deux côtés), l'arrondi (par défaut) et le + 1."
    for _ in range(3):
        while True:
            kernel, stride, padding = int(rng.integers(2, 8)), int(rng.integers(2, 5)), int(rng.integers(1, 4))
            n = int(rng.integers(kernel, 300))
            if (n + 2 * padding - kernel) % stride:
                break
        t.call("conv_output_size", n, kernel, stride, padding).integer().equals(
            _size(n, kernel, stride, padding), what="la taille de sortie de la convolution", hint=hint)


def network_output_dim_hidden(t: Trial) -> None:
    """network_output_dim for other image sizes, odd ones and ones where the max-pool rounds down."""
    rng = t.rng
    hint = "Reprenez la chaîne convolution, max-pool, convolution pour cette taille d'image ; arrondissez par défaut."
    sizes = [2 * (2 * int(rng.integers(10, 150)) + 1),   # odd size after the first convolution
             2 * int(rng.integers(10, 150)) + 1,         # odd image size
             4 * int(rng.integers(8, 100))]              # a multiple of 4, other than 128
    for n in sizes:
        t.call("network_output_dim", n).integer().equals(
            _network_dim(n), what="le nombre de scalaires en sortie de la dernière couche", hint=hint)


# --- 3b ----------------------------------------------------------------------------------------

def conv_weight_count_hidden(t: Trial) -> None:
    """conv_weight_count for random channel counts and kernel sizes."""
    for _ in range(2):
        c_in, c_out = (int(v) for v in t.rng.choice(np.arange(2, 200), size=2, replace=False))
        kernel = int(t.rng.integers(2, 12))
        t.call("conv_weight_count", c_in, c_out, kernel).integer().equals(
            c_in * c_out * kernel ** 2, what="le nombre de poids de la couche, biais exclus",
            hint="Chaque noyau couvre tous les canaux d'entrée.")


# --- 3c ----------------------------------------------------------------------------------------

def convolve_full_hidden(t: Trial) -> None:
    """convolve1d "full" with random signals and non-symmetric kernels."""
    for k in (int(t.rng.integers(2, 4)), int(t.rng.integers(4, 6))):
        x, w = _signal(t.rng, k)
        t.call("convolve1d", x.copy(), w.copy(), "full").array(shape=(len(x) + k - 1,)).close_to(
            _full(x, w), what="la convolution complète", hint=FLIP_HINT)


def convolve_valid_hidden(t: Trial) -> None:
    """convolve1d "valid" with random signals and non-symmetric kernels."""
    for k in (int(t.rng.integers(2, 4)), int(t.rng.integers(4, 6))):
        x, w = _signal(t.rng, k)
        t.call("convolve1d", x.copy(), w.copy(), "valid").array(shape=(len(x) - k + 1,)).close_to(
            _full(x, w)[k - 1:len(x)], what="la convolution valide", hint=FLIP_HINT)


def _same_ok(result: Result, x: np.ndarray, w: np.ndarray) -> None:
    n, k = len(x), len(w)
    got = result.array(shape=(n,)).value
    full = _full(x, w)
    starts = {(k - 1) // 2, k // 2}
    if not any(np.allclose(got, full[s:s + n], rtol=1e-6, atol=1e-9) for s in starts):
        raise result.fail("la convolution « same » (n valeurs centrées du résultat complet)",
                          hint=FLIP_HINT + " Gardez n valeurs du résultat complet à partir de (k - 1) // 2.",
                          reference=full[(k - 1) // 2:(k - 1) // 2 + n])


def convolve_same_hidden(t: Trial) -> None:
    """convolve1d "same" with random signals and non-symmetric kernels of odd and even lengths."""
    for k in (3, int(t.rng.choice([2, 4])), 5):
        x, w = _signal(t.rng, k)
        _same_ok(t.call("convolve1d", x.copy(), w.copy(), "same"), x, w)


# --- 3d ----------------------------------------------------------------------------------------

def frequency_response_hidden(t: Trial) -> None:
    """frequency_response of a random kernel at random frequencies."""
    w = t.rng.normal(size=int(t.rng.integers(3, 6)))
    omega = t.rng.uniform(-np.pi, np.pi, size=5)
    expected = _response(w, omega)
    t.call("frequency_response", w.copy(), omega.copy()).satisfies(
        lambda v: not np.iscomplexobj(np.asarray(v)), "des valeurs réelles (un module)").array(
        shape=(5,)).finite().close_to(expected, what="le module de la réponse en fréquence",
                                      hint="Renvoyez |sum_t w[t] exp(-i ω t)|, élément par élément sur ω.")
