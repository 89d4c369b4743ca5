"""Plausible wrong answers to part 3: each must lose its own question's points and no others."""

from __future__ import annotations

from autograder.variants import Mutant

MUTANTS: list[Mutant] = [
    # 3a
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return (n + padding - kernel) // stride + 1\n",
           "Counts the padding once instead of on both sides (p instead of 2p).",
           hint="deux côtés"),
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return -(-(n + 2 * padding - kernel) // stride) + 1\n",
           "Rounds up instead of down.",
           hint="vers le haut"),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = (n + 6 - 8) // 2 + 1\n"
           "    side = (side + 2 - 3) // 1 + 1\n"
           "    return 64 * side * side\n",
           "Forgets the 2x2 max-pool layer.",
           hint="max-pooling 2 x 2 manque"),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = ((n + 6 - 8) // 2 + 1) // 2\n"
           "    return side * side\n",
           "Forgets the 64 output channels.",
           hint="64 canaux"),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = -(-((n + 6 - 8) // 2 + 1) // 2)\n"
           "    return 64 * side * side\n",
           "Rounds the max-pool output up instead of down.",
           hint="entier inférieur"),
    # 3b
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n    return c_out * kernel ** 2\n",
           "Forgets that each kernel spans all c_in input channels.",
           hint="canaux d'entrée"),
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n    return c_in * c_out * kernel ** 2 + c_out\n",
           "Counts the biases although they are excluded.",
           hint="biais sont exclus"),
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return 3 * 64 * 3 * 3\n",
           "Uses the 3 RGB channels as the last layer's input channels.",
           hint="RVB"),
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return 64 * 3 * 3\n",
           "Forgets the 32 input channels.",
           hint="32 canaux"),
    # 3c
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode)\n",
           "A correlation: the kernel is not flipped.",
           hint="retourne le noyau"),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    full = np.convolve(x, np.asarray(w, dtype=float), 'full')\n"
           "    if mode == 'same':\n"
           "        return full[:len(x)]\n"
           "    return np.convolve(x, np.asarray(w, dtype=float), mode)\n",
           "'same' keeps the first n values of the full result instead of the centred ones.",
           hint="décalée"),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    full = np.convolve(x, w, 'full')\n"
           "    if mode == 'valid':\n"
           "        return full[len(w):len(x)]\n"
           "    return np.convolve(x, w, mode)\n",
           "'valid' drops one value too many (length n - k).",
           hint="quelle fenêtre"),
    # 3d
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    return np.sum(w * np.exp(-1j * np.asarray(omega, dtype=float)[..., None] * t), axis=-1)\n",
           "Returns the complex response without taking its modulus.",
           hint="module"),
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    return np.sum(w * np.cos(np.asarray(omega, dtype=float)[..., None] * t), axis=-1)\n",
           "Keeps only the real part (cosines) of the response.",
           hint="module"),
    Mutant("3d", "describe_effect", "def describe_effect():\n    return \"derivation\"\n",
           "Mistakes the moving average for a derivative filter.",
           hint="fréquence"),
]

# Mistakes that only adversarial inputs reveal: rounding that agrees with the floor for small
# remainders, p^2 for 2p, off-by-one windows, results that only hold for 1-D frequencies.
MUTANTS += [
    # 3a
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return int(round((n + 2 * padding - kernel) / stride)) + 1\n",
           "Rounds to the nearest integer instead of down.",
           hint="plus proche"),
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return (n + padding ** 2 - kernel) // stride + 1\n",
           "p^2 instead of 2p: right only for p = 2.",
           hint="deux côtés"),
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return (n + 2 * padding - kernel + 1) // stride + 1\n",
           "An extra + 1 inside the floor: wrong when the remainder is stride - 1.",
           hint="+ 1 de trop"),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = (n + 6 - 7) // 2 + 1\n"
           "    side = side // 2\n"
           "    return 64 * side * side\n",
           "Kernel 7 instead of 8 in the first layer: hidden by the max-pool's floor for some sizes.",
           hint="Reprenez la chaîne"),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = ((n + 6 - 8) // 2 + 1) // 2\n"
           "    side = side + 2 - 3 + 1 if n == 128 else side - 2\n"
           "    return 64 * side * side\n",
           "Forgets the third layer's padding except for the handout's size.",
           hint="remplissage 1"),
    # 3b
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n    return c_in * c_out * kernel\n",
           "kernel instead of kernel^2 (a square kernel has k x k weights per channel).",
           hint="k²"),
    # 3c
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    full = np.convolve(x, w, 'full')\n"
           "    if mode == 'same':\n"
           "        start = (len(w) + 1) // 2\n"
           "        return full[start:start + len(x)]\n"
           "    return np.convolve(x, w, mode)\n",
           "'same' window starting at (k + 1) // 2: right only for even k.",
           hint="décalée"),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    if mode == 'valid':\n"
           "        return np.convolve(x, w, 'full')[:len(x) - len(w) + 1]\n"
           "    return np.convolve(x, w, mode)\n",
           "'valid' keeps the first n - k + 1 values of the full result instead of the central ones.",
           hint="premières valeurs"),
    # 3d
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    return np.abs(np.exp(-1j * np.outer(omega, np.arange(len(w)))) @ w)\n",
           "np.outer flattens omega: right for a vector of frequencies only.",
           hint="forme"),
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    return np.abs(np.exp(-1j * np.asarray(omega)[..., None] * t) @ w) ** 2\n",
           "The squared modulus |H|^2 instead of |H|.",
           hint="carré du module"),
]

# Mistakes that only a real network's sizes, the smallest sizes, or kernels of length 1 or n reveal, and
# mistakes whose hint used to name another cause.
MUTANTS += [
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = np.int32((n + 6 - 8) // 2 + 1) // 2\n"
           "    with np.errstate(over='ignore'):\n"
           "        return int(64 * side * side)\n",
           "Counts in 32-bit integers, which wrap for large images.",
           hint="32 bits"),
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n"
           "    with np.errstate(over='ignore'):\n"
           "        return int(np.int32(c_in) * np.int32(c_out) * np.int32(kernel) ** 2)\n",
           "Counts in 32-bit integers, which wrap beyond 2^31 weights.",
           hint="32 bits"),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    n, k = len(x), len(w)\n"
           "    padded = np.concatenate([np.zeros(k), x, np.zeros(k)])\n"
           "    full = np.lib.stride_tricks.sliding_window_view(padded, k) @ w[::-1]\n"
           "    if mode == 'full':\n"
           "        return full\n"
           "    if mode == 'valid':\n"
           "        return full[k:n + 1]\n"
           "    start = (k - 1) // 2 + 1\n"
           "    return full[start:start + n]\n",
           "Pads the signal with k zeros on each side instead of k - 1: 'full' gets two values too many.",
           hint="combien de zéros"),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    if len(w) == 1:\n"
           "        return np.zeros(len(x))\n"
           "    return np.convolve(x, w, mode)\n",
           "Treats a kernel of length 1 as no kernel at all.",
           hint="longueur 1"),
    Mutant("3d", "describe_effect", "def describe_effect():\n    return \"Lissage\"\n",
           "Capitalises the answer: not one of the four words.",
           hint="sans accent"),
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return 32 * 64 * 3 * 3 + 64\n",
           "Counts the biases although they are excluded.",
           hint="biais sont exclus"),
]

# Answers of the wrong type: complex numbers, text.
MUTANTS += [
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    response = np.exp(-1j * np.asarray(omega, dtype=float)[..., None] * t) @ w\n"
           "    return np.sqrt(response ** 2)\n",
           "Takes the modulus as sqrt(H^2) instead of sqrt(H conj(H)): a complex result.",
           hint="complexe"),
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n"
           "    return f'{c_in * c_out * kernel ** 2}'\n",
           "Returns the count as a string of digits.",
           hint="texte"),
]
MUTANTS += [
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return '18432'\n",
           "Returns the count as a string of digits.",
           hint="texte"),
]
