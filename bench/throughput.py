"""Throughput of ``grade-all``: 200 generated submissions, graded with one worker, then with every core.

Each generated submission answers each question with the reference code or,
at random (probability --wrong), with one of the plausible mistakes of
tests/mutants (one mutant per question, applied one after the other to the
reference). The same submissions are graded with each worker count; the
script prints a table (workers, seconds, submissions per second, scaling),
checks that every run gave the same grades.csv and that the grades match what
was generated (full points on untouched questions, a loss on mutated ones),
and writes everything to bench/out/throughput.json.

    python bench/throughput.py [--count 200] [--seed 2024] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.classroom import grade_all  # noqa: E402
from autograder.scheme import Scheme  # noqa: E402
from tests.mutants.part1 import MUTANTS as PART1  # noqa: E402
from tests.mutants.part2 import MUTANTS as PART2  # noqa: E402
from tests.mutants.part3 import MUTANTS as PART3  # noqa: E402

MUTANTS = PART1 + PART2 + PART3


def generate(folder: Path, count: int, seed: int, wrong: float) -> dict[str, list[str]]:
    """Write ``count`` submissions into ``folder``; return the mutated questions of each."""
    scheme = Scheme.load(ROOT)
    reference = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
    by_question: dict[str, list] = {}
    for mutant in MUTANTS:
        by_question.setdefault(mutant.question, []).append(mutant)
    rng = random.Random(seed)
    plan = {}
    for index in range(count):
        source, mutated = reference, []
        for question in scheme.questions:
            if question.id in by_question and rng.random() < wrong:
                source = rng.choice(by_question[question.id]).apply(source)
                mutated.append(question.id)
        sid = f"s{index:03d}"
        (folder / sid).mkdir()
        (folder / sid / "devoir3.py").write_text(source, encoding="utf-8")
        plan[sid] = mutated
    return plan


def check_grades(grades: Path, plan: dict[str, list[str]]) -> int:
    """Questions graded against expectations: full points when untouched, a loss when mutated."""
    scheme = Scheme.load(ROOT)
    mismatches = 0
    with open(grades, encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            for question in scheme.questions:
                full = abs(float(row[question.id]) - question.points) < 1e-9
                mismatches += full == (question.id in plan[row["submission_id"]])
    return mismatches


def differing_rows(grades: list[bytes]) -> list[str]:
    """The rows of later runs that differ from the first run's, column by column."""
    def rows(data: bytes) -> dict[str, dict[str, str]]:
        return {row["submission_id"]: row for row in csv.DictReader(data.decode("utf-8-sig").splitlines())}

    first, found = rows(grades[0]), []
    for index, other in enumerate(map(rows, grades[1:]), start=1):
        for sid, row in first.items():
            changed = {k: (v, other.get(sid, {}).get(k)) for k, v in row.items() if other.get(sid, {}).get(k) != v}
            if changed:
                found.append(f"run {index}, {sid}: {changed}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--wrong", type=float, default=0.3, help="probability of a mistake per question")
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "throughput.json")
    args = parser.parse_args()

    runs = []
    with tempfile.TemporaryDirectory(prefix="devoir3-bench-") as scratch:
        submissions = Path(scratch) / "submissions"
        submissions.mkdir()
        plan = generate(submissions, args.count, args.seed, args.wrong)
        grades = []
        for workers in args.workers:
            out = Path(scratch) / f"out-{workers}"
            started = time.perf_counter()
            code = grade_all(submissions, out, workers=workers, root=ROOT)
            seconds = time.perf_counter() - started
            if code != 0:
                print(f"grade_all failed with code {code}", file=sys.stderr)
                return code
            grades.append((out / "grades.csv").read_bytes())
            runs.append({"workers": workers, "seconds": round(seconds, 2),
                         "per_second": round(args.count / seconds, 2)})
        mismatches = check_grades(Path(scratch) / f"out-{args.workers[0]}" / "grades.csv", plan)
        differences = differing_rows(grades)
    base = runs[0]["per_second"] / runs[0]["workers"] if runs[0]["workers"] == 1 else None
    for run in runs:
        run["scaling"] = round(run["per_second"] / base, 2) if base else None

    print(f"\n{args.count} submissions, {sum(map(len, plan.values()))} mutated questions, "
          f"{os.cpu_count()} cores")
    print(f"{'workers':>7} {'seconds':>8} {'subs/s':>7} {'scaling':>8}")
    for run in runs:
        print(f"{run['workers']:>7} {run['seconds']:>8.1f} {run['per_second']:>7.2f} "
              f"{run['scaling'] if run['scaling'] is not None else '-':>8}")
    identical = len(set(grades)) == 1
    print(f"identical grades.csv across runs: {identical}; questions graded against expectation: "
          f"{mismatches} mismatch(es)")
    for difference in differences:
        print(f"  differs: {difference}")

    import numpy

    report = {
        "submissions": args.count,
        "seed": args.seed,
        "wrong_probability": args.wrong,
        "mutated_questions": sum(map(len, plan.values())),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "machine": platform.machine(),
        "runs": runs,
        "identical_grades": identical,
        "differences": differences,
        "grading_mismatches": mismatches,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
