"""Plausible wrong answers to part 3: each must lose its own question's points and no others."""

from __future__ import annotations

from tests.mutants import Mutant

MUTANTS: list[Mutant] = [
    # 3a
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return (n + padding - kernel) // stride + 1\n",
           "Counts the padding once instead of on both sides (p instead of 2p)."),
    Mutant("3a", "conv_output_size",
           "def conv_output_size(n, kernel, stride, padding):\n    return -(-(n + 2 * padding - kernel) // stride) + 1\n",
           "Rounds up instead of down."),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = (n + 6 - 8) // 2 + 1\n"
           "    side = (side + 2 - 3) // 1 + 1\n"
           "    return 64 * side * side\n",
           "Forgets the 2x2 max-pool layer."),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = ((n + 6 - 8) // 2 + 1) // 2\n"
           "    return side * side\n",
           "Forgets the 64 output channels."),
    Mutant("3a", "network_output_dim",
           "def network_output_dim(n=128):\n"
           "    side = -(-((n + 6 - 8) // 2 + 1) // 2)\n"
           "    return 64 * side * side\n",
           "Rounds the max-pool output up instead of down."),
    # 3b
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n    return c_out * kernel ** 2\n",
           "Forgets that each kernel spans all c_in input channels."),
    Mutant("3b", "conv_weight_count",
           "def conv_weight_count(c_in, c_out, kernel):\n    return c_in * c_out * kernel ** 2 + c_out\n",
           "Counts the biases although they are excluded."),
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return 3 * 64 * 3 * 3\n",
           "Uses the 3 RGB channels as the last layer's input channels."),
    Mutant("3b", "last_layer_weight_count", "def last_layer_weight_count():\n    return 64 * 3 * 3\n",
           "Forgets the 32 input channels."),
    # 3c
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode)\n",
           "A correlation: the kernel is not flipped."),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    full = np.convolve(x, np.asarray(w, dtype=float), 'full')\n"
           "    if mode == 'same':\n"
           "        return full[:len(x)]\n"
           "    return np.convolve(x, np.asarray(w, dtype=float), mode)\n",
           "'same' keeps the first n values of the full result instead of the centred ones."),
    Mutant("3c", "convolve1d",
           "def convolve1d(x, w, mode):\n"
           "    x = np.asarray(x, dtype=float)\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    full = np.convolve(x, w, 'full')\n"
           "    if mode == 'valid':\n"
           "        return full[len(w):len(x)]\n"
           "    return np.convolve(x, w, mode)\n",
           "'valid' drops one value too many (length n - k)."),
    # 3d
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    return np.sum(w * np.exp(-1j * np.asarray(omega, dtype=float)[..., None] * t), axis=-1)\n",
           "Returns the complex response without taking its modulus."),
    Mutant("3d", "frequency_response",
           "def frequency_response(w, omega):\n"
           "    w = np.asarray(w, dtype=float)\n"
           "    t = np.arange(len(w))\n"
           "    return np.sum(w * np.cos(np.asarray(omega, dtype=float)[..., None] * t), axis=-1)\n",
           "Keeps only the real part (cosines) of the response."),
    Mutant("3d", "describe_effect", "def describe_effect():\n    return \"derivation\"\n",
           "Mistakes the moving average for a derivative filter."),
]
