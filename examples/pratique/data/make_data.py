"""Writes the dataset of the practical homework: three Gaussian blobs in the plane, as CSV.

Seeded, so that running it again gives the committed files byte for byte:
``train.csv`` and ``test.csv`` are handed out, ``hidden_test.csv`` is only seen
by the grader (``hidden:`` of grading.yaml). numpy only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SEED = 6390
CENTRES = np.array([[0.0, 0.0], [3.0, 0.5], [1.5, 2.5]])  # one blob per class 0, 1, 2
SPREAD = 0.8  # standard deviation of each coordinate around its centre
SIZES = {"train.csv": 80, "test.csv": 30, "hidden_test.csv": 30}  # points per class


def blobs(rng: np.random.Generator, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    """``per_class`` points around each centre, shuffled so that classes are interleaved."""
    labels = np.repeat(np.arange(len(CENTRES)), per_class)
    points = CENTRES[labels] + rng.normal(0.0, SPREAD, size=(len(labels), 2))
    order = rng.permutation(len(labels))
    return np.round(points[order], 4), labels[order]


def write(path: Path, points: np.ndarray, labels: np.ndarray) -> None:
    """One header line ``x1,x2,label``, then one point per line (4 decimals, an integer label)."""
    lines = ["x1,x2,label"] + [f"{x1:.4f},{x2:.4f},{label}" for (x1, x2), label in zip(points, labels)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(folder: Path = Path(__file__).parent) -> None:
    """Write the three files into ``folder`` (this script's own, by default)."""
    rng = np.random.default_rng(SEED)
    for name, per_class in SIZES.items():
        write(folder / name, *blobs(rng, per_class))


if __name__ == "__main__":
    main()
