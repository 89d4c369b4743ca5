"""The handout's formulas, shared by the case modules of Devoir 3 (``from .shared import ...``).

Finite differences and reference values of the public cases are computed
from the definitions the statement gives, written as the statement writes
them: textbook formulas, valid for moderate inputs only (the cases keep their
inputs there). This module is handed out with the public cases and embedded
in the otter test cells that use it, so it holds definitions, never answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def handout_sigmoid(x: Any) -> Any:
    """The logistic function 1 / (1 + exp(-x)), by its textbook formula (for moderate x only)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def handout_softplus(x: Any) -> Any:
    """ln(1 + exp(x)), by its textbook formula (for moderate x only)."""
    return np.log1p(np.exp(np.asarray(x, dtype=float)))


def handout_softmax(x: Any) -> np.ndarray:
    """exp(x_i) / sum_j exp(x_j) over the last axis, by its textbook formula (for moderate x only)."""
    e = np.exp(np.asarray(x, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
