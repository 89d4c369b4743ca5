"""Correct answers to part 3 written another way: each must keep every point of its question on every seed."""

from __future__ import annotations

from autograder.variants import Alternative

ALTERNATIVES: list[Alternative] = [
    Alternative("3a", '''
def conv_output_size(n, kernel, stride, padding):
    import math
    return math.floor((n + 2 * padding - kernel) / stride) + 1


def network_output_dim(n=128):
    side = conv_output_size(n, 8, 2, 3) // 2
    return conv_output_size(side, 3, 1, 1) ** 2 * 64
''', "math.floor of a true division; the network through conv_output_size."),
    Alternative("3a", '''
def conv_output_size(n, kernel, stride, padding):
    return len(range(0, n + 2 * padding - kernel + 1, stride))


def network_output_dim(n=128):
    import numpy as np
    side = np.int64(n)
    for kernel, stride, padding, pool in ((8, 2, 3, True), (3, 1, 1, False)):
        side = (side + 2 * padding - kernel) // stride + 1
        if pool:
            side //= 2
    return side * side * 64
''', "Counting kernel positions with range; a loop over the layers returning a numpy integer."),
    Alternative("3b", '''
def conv_weight_count(c_in, c_out, kernel):
    import math
    return math.prod((c_out, c_in, kernel, kernel))


def last_layer_weight_count():
    return conv_weight_count(32, 64, 3)
''', "The product of a weight tensor's shape (math.prod: Python ints, no tensor of 3e9 weights allocated); "
        "the last layer through conv_weight_count."),
    Alternative("3c", '''
def convolve1d(x, w, mode):
    n, k = len(x), len(w)
    full = [sum(w[s] * x[t - s] for s in range(k) if 0 <= t - s < n) for t in range(n + k - 1)]
    if mode == "full":
        return full
    if mode == "valid":
        return full[k - 1:n]
    return full[k // 2:k // 2 + n]
''', "Pure-Python loops returning lists; 'same' with the other accepted alignment k // 2."),
    Alternative("3c", '''
def convolve1d(x, w, mode):
    return np.correlate(x, w[::-1], mode)
''', "A correlation with the flipped kernel is a convolution (numpy's own 'same' alignment for correlate)."),
    Alternative("3c", '''
def convolve1d(x, w, mode):
    full = np.convolve(x, w)
    k = len(w)
    return {"full": full, "valid": full[k - 1:len(x)], "same": full[(k - 1) // 2:(k - 1) // 2 + len(x)]}[mode]
''', "np.convolve sliced by hand, modes in a dict."),
    Alternative("3d", '''
def frequency_response(w, omega):
    omega = np.asarray(omega, dtype=float)
    return np.abs(np.polyval(np.asarray(w)[::-1], np.exp(-1j * omega)))
''', "H(omega) as a polynomial in exp(-i omega) (np.polyval keeps the shape of omega)."),
    Alternative("3d", '''
def frequency_response(w, omega):
    import cmath
    omega = np.asarray(omega, dtype=float)
    out = np.empty(omega.shape)
    for index in np.ndindex(omega.shape):
        out[index] = abs(sum(c * cmath.exp(-1j * omega[index] * t) for t, c in enumerate(w)))
    return out
''', "cmath in a loop over every element of omega, whatever its shape."),
    Alternative("3d", '''
def frequency_response(w, omega):
    t = np.arange(len(w))
    re = np.cos(np.multiply.outer(omega, t)) @ w
    im = np.sin(np.multiply.outer(omega, t)) @ w
    return np.hypot(re, im)
''', "Real and imaginary parts with cos and sin, then np.hypot."),
]

ALTERNATIVES += [
    Alternative("3c", '''
def convolve1d(x, w, mode):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n, k = len(x), len(w)
    full = np.fft.irfft(np.fft.rfft(x, n + k - 1) * np.fft.rfft(w, n + k - 1), n + k - 1)
    if mode == "full":
        return full
    if mode == "valid":
        return full[k - 1:n]
    start = (k - 1) // 2
    return full[start:start + n]
''', "Through the real FFT (rfft, irfft): real values, rounding of the order of the largest sum |w| |x|."),
    Alternative("3a", '''
def network_output_dim(n=128):
    side = int(n)
    for kernel, stride, padding, pool in ((8, 2, 3, 2), (3, 1, 1, 1)):
        side = (side + 2 * padding - kernel) // stride + 1
        side //= pool
    return side * side * 64
''', "The layers as a loop, in Python ints (any image size, no overflow)."),
]
