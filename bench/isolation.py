"""Benchmark: what the isolation of one grading costs, step by step, with the engine and cases as they are.

Grades the reference in this process with a warm fork server, four ways, interleaved:

* ``shipped``: the file is cut into statements in a sandboxed child, public cases run in one sandbox and
  hidden cases in a fresh one, started once the first is closed;
* ``cut by the judge``: the same cutting code, run in the judge's own process instead of a child;
* ``one sandbox``: public and hidden cases in a single sandbox;
* ``neither``: both, which is how grading ran before the judge stopped parsing student text and hidden cases
  were kept apart.

The two replacements exist only here, to measure; the grader has no such switch. Also counts the calls
into the sandbox and times a round trip that does nothing. Prints medians in milliseconds and writes
``bench/out/isolation.json``. No figure here is asserted by a test. Usage::

    python bench/isolation.py [--runs 15]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import pieces, runner  # noqa: E402
from autograder.sandbox import codec, host  # noqa: E402
from autograder.sandbox.child import cut_notebook  # noqa: E402
from autograder.sandbox.zygote import Zygote  # noqa: E402
from autograder.scheme import Scheme  # noqa: E402

OUT = ROOT / "bench" / "out" / "isolation.json"
REFERENCE = ROOT / "solutions" / "devoir3.py"


def cut_here(_sandbox: host.Sandbox, raw: bytes, kind: str) -> dict[str, Any] | None:
    """What the cutting child answers, computed in this process (as the judge once did)."""
    text = raw.decode("utf-8", errors="replace")
    if kind == "notebook":
        return host.checked_cut(cut_notebook(text), kind)
    found = pieces.cut_module(text)
    spans = np.asarray(found.pop("spans"), dtype=np.int32).reshape(-1, 2)
    return host.checked_cut({"event": "cut", "spans": codec.encode(spans), **found}, kind)


def one_sandbox(submission: Any, scheme: Scheme, *, limits: Any = host.Limits()) -> runner.Report:
    """Every case, public and hidden, in a single sandbox."""
    every = [(question, case) for question in scheme.questions for case in question.cases]
    run = runner.run_apart(submission, scheme, every, time.monotonic() + scheme.budget, limits)
    return runner.Report(scheme, [run.outcomes[case] for _, case in every], run.notes, run.printed, 0.0)


@contextlib.contextmanager
def variant(cut_by_judge: bool, single: bool) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        if cut_by_judge:
            stack.enter_context(mock.patch.object(host.Sandbox, "cut", cut_here))
        if single:
            stack.enter_context(mock.patch.object(runner, "grade_submission", one_sandbox))
        yield


def counted_calls(grade: Callable[[], Any]) -> int:
    """How many requests the sandbox answered during ``grade()`` (calls, methods, attributes)."""
    count = 0
    original = host.Sandbox.exchange

    def counting(self: host.Sandbox, *args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return original(self, *args, **kwargs)

    with mock.patch.object(host.Sandbox, "exchange", counting):
        grade()
    return count


def empty_round_trip(calls: int = 2000) -> float:
    """Microseconds of a call to a function that does nothing, through the sandbox."""
    with host.Sandbox([host.Chunk("def nothing():\n    return None\n", "devoir.py", "bloc")]) as box:
        box.call("nothing")
        started = time.perf_counter()
        for _ in range(calls):
            box.call("nothing")
        return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    scheme = Scheme.load(ROOT)
    Zygote.shared().wait_started()
    variants = {"shipped": (False, False), "cut by the judge": (True, False), "one sandbox": (False, True),
                "neither": (True, True)}

    def grade() -> float:
        return runner.grade_path(REFERENCE, scheme).score

    for flags in variants.values():  # warm: case modules, the fork server's first forks
        with variant(*flags):
            assert grade() == scheme.total
    walls: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(options.runs):
        for name, flags in variants.items():
            with variant(*flags):
                started = time.perf_counter()
                score = grade()
                walls[name].append((time.perf_counter() - started) * 1000)
            assert score == scheme.total, (name, score)
    medians = {name: statistics.median(times) for name, times in walls.items()}
    report = {"runs": options.runs, "median_ms": medians, "calls": counted_calls(grade),
              "empty_round_trip_us": empty_round_trip()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    base = medians["neither"]
    for name, value in medians.items():
        print(f"{name:18s} {value:6.1f} ms  ({value - base:+5.1f} ms against neither)")
    print(f"calls into the sandbox per grading: {report['calls']}; "
          f"an empty round trip: {report['empty_round_trip_us']:.0f} us")


if __name__ == "__main__":
    main()
