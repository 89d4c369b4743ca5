"""Benchmark: a round trip to an object of the student's (a method on a handle) against a function call, both
through the real sandbox, with the same argument and the same kind of answer.

Interleaved rounds, so that load on the machine hits both the same; prints the median of each in microseconds.
No figure here is asserted by a test. Usage::

    python bench/handles.py [--calls 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.checking import Trial  # noqa: E402
from autograder.sandbox.host import Chunk, Sandbox  # noqa: E402

SOURCE = """
import numpy as np

class Model:
    def __init__(self):
        self.w = np.ones(8)

    def score(self, x):
        return float(self.w @ x)

def score(x):
    return float(np.ones(8) @ x)
"""


def per_call(action, calls: int) -> float:
    """Microseconds per call of ``action`` over ``calls`` calls."""
    started = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    x = np.arange(8.0)
    with Sandbox([Chunk(SOURCE, "devoir.py", "bloc")], timeout=5.0) as box:
        trial = Trial(box, np.random.default_rng(0), changes=lambda: box.changed, seed=0)
        unseeded = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)  # as calls were before seeding
        model = trial.new("Model")
        times: dict[str, list[float]] = {"function call, unseeded": [], "function call (t.call)": [],
                                         "method on a handle (model.call)": [],
                                         "attribute of a handle (model.get)": []}
        for _ in range(options.rounds):
            times["function call, unseeded"].append(per_call(lambda: unseeded.call("score", x), options.calls))
            times["function call (t.call)"].append(per_call(lambda: trial.call("score", x), options.calls))
            times["method on a handle (model.call)"].append(per_call(lambda: model.call("score", x), options.calls))
            times["attribute of a handle (model.get)"].append(per_call(lambda: model.get("w"), options.calls))
    for name, values in times.items():
        print(f"{name:36s} {statistics.median(values):8.1f} µs per round trip (median of {options.rounds})")


if __name__ == "__main__":
    main()
