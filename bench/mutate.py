"""The figures of issue 8: systematic mutation of the reference, and the seed sweep of the two banks.

1. ``python -m autograder mutate`` over every mutant of the reference (no
   sample), ``--seeds`` hidden seeds each (50 by default, as many as the
   sweep), on every core: mutants, equivalent ones, kill rate per part,
   survivors, wall time. The full report goes to bench/out/mutate.txt.
2. The sweep of tests/test_sweep.py, in this process: mutants x 50 seeds
   caught, alternatives x 50 seeds at full marks, wall time.

Everything is printed and written to bench/out/mutate.json.

    python bench/mutate.py [--seeds 50] [--jobs 0]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import mutate  # noqa: E402
from autograder.inprocess import load_module  # noqa: E402
from autograder.scheme import Scheme  # noqa: E402
from tests import test_sweep  # noqa: E402


def mutation_figures(seeds: int, jobs: int, out: Path) -> dict:
    """The full mutate run: per part, mutants counted, killed, survivors; the report written to ``out``."""
    started = time.perf_counter()
    summary, scheme = mutate.run(ROOT, seeds=seeds, jobs=jobs)
    seconds = time.perf_counter() - started
    out.write_text(summary.report(scheme) + "\n", encoding="utf-8")
    parts = {}
    for part in scheme.parts:
        counted = [v for v in summary.counted() if v.question.startswith(str(part.number))]
        parts[part.number] = {"mutants": len(counted), "killed": sum(not v.survived for v in counted),
                              "kill_rate": summary.kill_rate(counted)}
    return {"mutants": len(summary.verdicts), "equivalent": len(summary.verdicts) - len(summary.counted()),
            "seeds": seeds, "survivors": len(summary.survivors()), "kill_rate": summary.kill_rate(summary.counted()),
            "parts": parts, "seconds": round(seconds, 1)}


def sweep_figures() -> dict:
    """The in-process sweep, timed as CI runs it."""
    scheme = Scheme.load(ROOT)
    reference = load_module(test_sweep.REFERENCE.read_text(encoding="utf-8"), "reference")
    started = time.perf_counter()
    mutants = test_sweep.sweep_mutants(scheme, reference)
    middle = time.perf_counter()
    alternatives = test_sweep.sweep_alternatives(scheme, reference)
    ended = time.perf_counter()
    return {"seeds": test_sweep.SEEDS,
            "mutants": len(mutants), "mutant_seeds": len(mutants) * test_sweep.SEEDS,
            "caught": test_sweep.caught(mutants), "mutant_seconds": round(middle - started, 1),
            "alternatives": len(alternatives), "alternative_seeds": len(alternatives) * test_sweep.SEEDS,
            "full_marks": test_sweep.at_full_marks(alternatives), "alternative_seconds": round(ended - middle, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50, help="hidden seeds per mutant of the full run (default 50)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default 0: every core)")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    figures = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "load_average": os.getloadavg()[0]},
               "mutate": mutation_figures(args.seeds, args.jobs, out / "mutate.txt"),
               "sweep": sweep_figures()}
    (out / "mutate.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    m, s = figures["mutate"], figures["sweep"]
    print(f"mutate: {m['mutants']} mutants ({m['equivalent']} equivalent) x {m['seeds']} seeds, "
          f"kill rate {100 * m['kill_rate']:.1f}%, {m['survivors']} survivors, {m['seconds']} s")
    for number, part in m["parts"].items():
        print(f"  part {number}: {part['killed']} / {part['mutants']} killed ({100 * part['kill_rate']:.1f}%)")
    print(f"sweep: {s['caught']} / {s['mutant_seeds']} mutant x seed caught ({s['mutant_seconds']} s), "
          f"{s['full_marks']} / {s['alternative_seeds']} alternative x seed at full marks "
          f"({s['alternative_seconds']} s)")
    print(f"report: {out / 'mutate.txt'}")
    perfect = m["survivors"] == 0 and s["caught"] == s["mutant_seeds"] and s["full_marks"] == s["alternative_seeds"]
    return 0 if perfect else 1


if __name__ == "__main__":
    sys.exit(main())
