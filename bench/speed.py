"""Benchmark: our Gradescope autograder against otter-grader's, on the same answers, in the same run.

1. Builds ``dist/autograder.zip`` (into a temporary folder), lays out a fake
   ``/autograder`` (source, submission, results), runs the zip's own ``setup.sh``
   (which makes its venv in ``/autograder/venv``) with ``python3`` being Python
   3.10 when available (Gradescope's system python3), then times
   ``run_autograder`` on the reference solution.
2. Runs ``otter assign`` on the master notebook ``assignment/devoir3.ipynb`` and
   times ``otter run -a <otter's zip> <otter's solution notebook>``; our grader
   is also timed on that same solution notebook.
   Runs of both graders are interleaved, so that load on the machine hits both.
3. Measures the grading environments with ``du -sb``: our venv as setup.sh
   leaves it, and a venv with ``otter-grader[grading]==7.0.0``, numpy and the
   requirements of otter's generated zip.

With ``--baseline REV`` (a git revision, e.g. ``HEAD`` or ``origin/main``), the
same grader as built from that revision is timed too, interleaved with this
checkout's: what a change costs per submission, side by side.

Prints a table and writes ``bench/out/speed.json``. Usage::

    python bench/speed.py [--runs 7] [--otter-venv DIR] [--skip-otter] [--baseline REV]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import package  # noqa: E402

OUT = ROOT / "bench" / "out"
MASTER = ROOT / "assignment" / "devoir3.ipynb"
REFERENCE = ROOT / "solutions" / "devoir3.py"
OTTER_SPEC = "otter-grader[grading]==7.0.0"
TOTAL = 65.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def clean_env(*bin_dirs: Path, **extra: str) -> dict[str, str]:
    """The environment of a grading run: no PYTHON* variables (Gradescope sets none), given bins first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AUTOGRADER", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join([*map(str, bin_dirs), env.get("PATH", "")])
    env.update(extra)
    return env


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, failing loudly with its output."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def du(path: Path) -> int:
    """Bytes used by ``path`` (``du -sb``)."""
    return int(run(["du", "-sb", str(path)]).stdout.split()[0])


def gradescope_python() -> str:
    """A Python 3.10 (Gradescope's system python3 on Ubuntu 22.04) if there is one here, else this one."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which("python3.10"), *sorted(map(str, pyenv.glob("versions/3.10*/bin/python3.10"))),
                  "/usr/bin/python3.10"]
    for candidate in filter(None, candidates):
        try:
            return run([candidate, "-c", "import sys; print(sys.executable)"]).stdout.strip()
        except (RuntimeError, OSError):
            continue  # e.g. a pyenv shim for a version that is not selected
    return sys.executable


def python_version(python: str | Path) -> str:
    return run([str(python), "-c", "import platform; print(platform.python_version())"]).stdout.strip()


def make_venv(python: str, path: Path) -> Path:
    """A fresh venv at ``path`` (with pip); its bin folder."""
    shutil.rmtree(path, ignore_errors=True)
    run([python, "-m", "venv", str(path)])
    return path / "bin"


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (of the process and the descendants it waited for), and the process."""
    cpu, started = cpu_of_children(), time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    return time.perf_counter() - started, cpu_of_children() - cpu, done


# ---------------------------------------------------------------------------
# Ours
# ---------------------------------------------------------------------------


class Ours:
    """Our zip, installed by its own setup.sh into a venv, graded through run_autograder."""

    def __init__(self, work: Path, python: str, revision: str = "") -> None:
        self.zip = built_at(revision, work) if revision else package.build(ROOT, work / "dist")[0]
        self.root = work / "gradescope" / "autograder"
        self.source = self.root / "source"
        package.unpack(self.zip, self.source)
        self.bin = make_venv(python, work / "python-ours")  # only puts the chosen python3 first on PATH
        self.env = clean_env(self.bin, AUTOGRADER_ROOT=str(self.root))
        log(f"ours: running setup.sh with Python {python_version(self.bin / 'python3')}")
        started = time.perf_counter()
        run(["bash", str(self.source / "setup.sh")], env=self.env, cwd=self.root)
        self.setup_seconds = time.perf_counter() - started
        self.venv = self.root / "venv"  # what setup.sh makes and run_autograder uses
        self.venv_bytes = du(self.venv)
        self.empty_venv_bytes = du(self.bin.parent)
        self.python = python_version(self.venv / "bin" / "python3")

    def grade(self, submission: Path) -> tuple[float, float, float | None]:
        """Wall and CPU time of one run_autograder on ``submission``, and the score it wrote."""
        for folder in ("submission", "results"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
            (self.root / folder).mkdir(parents=True)
        shutil.copy(submission, self.root / "submission" / submission.name)
        seconds, cpu, done = timed([str(self.source / "run_autograder")], self.env, self.root)
        try:
            score = json.loads((self.root / "results" / "results.json").read_text(encoding="utf-8"))["score"]
        except (OSError, ValueError, KeyError):
            score = None
        if done.returncode != 0 or score is None:
            log(f"ours: run_autograder failed ({done.returncode}): {done.stderr[-2000:]}")
        return seconds, cpu, score


def built_at(revision: str, work: Path) -> Path:
    """The Gradescope zip as ``revision`` of this repository builds it (its own package.py, from git archive)."""
    tree = work / "tree"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    build = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from autograder import package; "
             "print(package.build(Path(sys.argv[1]), Path(sys.argv[2]))[0])")
    done = run([sys.executable, "-c", build, str(tree), str(work / "dist")], cwd=tree)
    return Path(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------
# Otter
# ---------------------------------------------------------------------------


def otter_venv(path: Path | None, work: Path) -> Path:
    """The bin folder of a venv with otter-grader 7.0.0 and numpy: ``path`` if it has one, else a new one."""
    if path is not None and (path / "bin" / "otter").exists():
        return path.resolve() / "bin"  # run from temporary folders: a relative path would not hold
    path = path or OUT / "venv-otter"
    log(f"otter: installing {OTTER_SPEC} and numpy into {path} (a few minutes)")
    bin_dir = make_venv(sys.executable, path)
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", OTTER_SPEC, "numpy"])
    return bin_dir


class Otter:
    """otter assign on the master notebook, then otter run on its solution notebook."""

    def __init__(self, master: Path, work: Path, venv: Path | None) -> None:
        self.bin = otter_venv(venv, work)
        self.venv = self.bin.parent
        self.env = clean_env(self.bin)
        self.python = python_version(self.bin / "python")
        self.version = run([str(self.bin / "otter"), "--version"], env=self.env).stdout.strip().splitlines()[-1]
        self.dist = work / "otter-dist"
        log(f"otter: otter assign {master.relative_to(ROOT) if master.is_relative_to(ROOT) else master}")
        started = time.perf_counter()
        assign = subprocess.run([str(self.bin / "otter"), "assign", "-v", str(master), str(self.dist)],
                                env=self.env, cwd=work, capture_output=True, text=True, timeout=1800)
        self.assign_seconds = time.perf_counter() - started
        if assign.returncode != 0:
            raise RuntimeError(f"otter assign failed:\n{assign.stdout[-3000:]}\n{assign.stderr[-3000:]}")
        zips = sorted((self.dist / "autograder").glob("*.zip"))
        notebooks = sorted((self.dist / "autograder").glob("*.ipynb"))
        if not zips or not notebooks:
            raise RuntimeError(f"otter assign wrote no zip or no solution notebook in {self.dist / 'autograder'}")
        self.zip, self.solution = zips[0], notebooks[0]
        self.requirements, self.environment, self.setup_sh = self.read_zip()
        self.install_requirements()
        self.venv_bytes = du(self.venv)
        self.output = work / "otter-out"

    def read_zip(self) -> tuple[str, str, str]:
        """requirements.txt, environment.yml and setup.sh of otter's zip ('' when absent)."""
        with zipfile.ZipFile(self.zip) as archive:
            names = set(archive.namelist())
            return tuple(archive.read(n).decode("utf-8", "replace") if n in names else ""  # type: ignore[return-value]
                         for n in ("requirements.txt", "environment.yml", "setup.sh"))

    def install_requirements(self) -> None:
        """What otter's zip asks for on top of otter itself (its generated requirements.txt)."""
        wanted = [line.strip() for line in self.requirements.splitlines()
                  if line.strip() and not line.lstrip().startswith("#")]
        if wanted:
            run([str(self.bin / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", *wanted],
                env=self.env)

    def grade(self) -> tuple[float, float, float | None]:
        """Wall and CPU time of one otter run on the solution notebook, and the score it reports."""
        shutil.rmtree(self.output, ignore_errors=True)
        self.output.mkdir(parents=True)
        seconds, cpu, done = timed([str(self.bin / "otter"), "run", "--no-logo", "-a", str(self.zip),
                               "-o", str(self.output), str(self.solution)], self.env, self.output)
        score = None
        try:
            results = json.loads((self.output / "results.json").read_text(encoding="utf-8"))
            score = results.get("score")
            if score is None and "tests" in results:
                score = sum(t.get("score", 0) or 0 for t in results["tests"])
        except (OSError, ValueError):
            pass
        if done.returncode != 0 or score is None:
            log(f"otter: otter run failed ({done.returncode}): {done.stdout[-1500:]}\n{done.stderr[-1500:]}")
        return seconds, cpu, score


def find_master() -> tuple[Path | None, str]:
    """The master notebook, or None and why not."""
    if MASTER.exists():
        return MASTER, "assignment/devoir3.ipynb"
    return None, ("assignment/devoir3.ipynb does not exist yet (the otter-grader 7 master notebook); "
                  "generate it with `python -m autograder build`, then run this benchmark again")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def summary(times: list[float]) -> dict[str, Any]:
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "runs_s": [round(t, 3) for t in times]} if times else {}


def mb(size: int | None) -> str:
    return f"{size / 1e6:,.1f} MB" if size is not None else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each grader (default 7)")
    parser.add_argument("--python", help="python of our grading venv (default: python3.10, Gradescope's)")
    parser.add_argument("--otter-venv", type=Path, help="an existing venv with otter-grader 7.0.0 (else one is made "
                                                          "in bench/out/venv-otter)")
    parser.add_argument("--skip-otter", action="store_true", help="time our grader only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--baseline", metavar="REV", help="also time the grader of this git revision, interleaved")
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="speed-"))
    python = args.python or gradescope_python()
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "processor": cpu_model(), "platform": platform.platform(),
                    "load_average_at_start": list(os.getloadavg())},
        "runs": args.runs,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        ours = Ours(work, python)
        report["ours"] = {"python": ours.python, "zip_bytes": ours.zip.stat().st_size,
                          "setup_sh_seconds": round(ours.setup_seconds, 1),
                          "venv_bytes": ours.venv_bytes, "venv_bytes_without_empty_venv":
                              ours.venv_bytes - ours.empty_venv_bytes,
                          "requirements": package.requirements().splitlines()}
        baseline = Ours(work / "baseline", python, args.baseline) if args.baseline else None
        if baseline:
            report["baseline"] = {"revision": args.baseline, "python": baseline.python}
        otter: Otter | None = None
        master, why = (None, "skipped (--skip-otter)") if args.skip_otter else find_master()
        if master is None:
            log(f"otter: not timed: {why}")
            report["otter"] = {"skipped": why}
        else:
            try:
                otter = Otter(master, work, args.otter_venv)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                log(f"otter: not timed: {error}")
                report["otter"] = {"skipped": str(error)[-3000:]}

        series: dict[str, dict[str, list]] = {}

        def record(label: str, measure: tuple[float, float, float | None]) -> None:
            entry = series.setdefault(label, {"wall": [], "cpu": [], "scores": []})
            for key, value in zip(("wall", "cpu", "scores"), measure):
                entry[key].append(value)

        ours.grade(REFERENCE)  # one untimed run of each first: page cache, bytecode of otter's temporary files
        if otter:
            otter.grade()
        if baseline:
            baseline.grade(REFERENCE)
        for number in range(args.runs):  # interleaved: load on the machine hits both graders alike
            record("ours", ours.grade(REFERENCE))
            if baseline:
                record("baseline", baseline.grade(REFERENCE))
            if otter:
                record("otter", otter.grade())
                record("ours_on_otter_notebook", ours.grade(otter.solution))
            log(f"run {number + 1}/{args.runs} done")

        report["timings"] = {label: {"wall": summary(entry["wall"]), "cpu": summary(entry["cpu"]),
                                     "scores": sorted({str(x) for x in entry["scores"]})}
                             for label, entry in series.items()}
        if otter:
            report["otter"] = {
                "version": otter.version, "python": otter.python, "assign_seconds": round(otter.assign_seconds, 1),
                "venv_bytes": otter.venv_bytes, "zip_bytes": otter.zip.stat().st_size,
                "generated_requirements_txt": otter.requirements.splitlines(),
                "generated_environment_yml": otter.environment.splitlines(),
                "setup_sh_uses_conda": any(w in otter.setup_sh for w in ("conda", "mamba", "Miniforge")),
            }
            median = {label: {k: statistics.median(entry[k]) for k in ("wall", "cpu")}
                      for label, entry in series.items()}
            report["ratios"] = {
                "speedup_wall": round(median["otter"]["wall"] / median["ours"]["wall"], 2),
                "speedup_cpu": round(median["otter"]["cpu"] / median["ours"]["cpu"], 2),
                "speedup_wall_same_notebook": round(median["otter"]["wall"] / median["ours_on_otter_notebook"]["wall"], 2),
                "environment_fraction": round(ours.venv_bytes / otter.venv_bytes, 3),
            }
        ratios = report.get("ratios", {})
        report["targets"] = {
            "under_1s": statistics.median(series["ours"]["wall"]) < 1.0,
            "at_least_5x_faster": ratios["speedup_wall"] >= 5 if ratios else None,
            "environment_at_most_a_quarter": ratios["environment_fraction"] <= 0.25 if ratios else None,
        }
        report["machine"]["load_average_at_end"] = list(os.getloadavg())
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    (OUT / "speed.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwrote {(OUT / 'speed.json').relative_to(ROOT)}")
    return 0


def table(report: dict[str, Any]) -> str:
    """The figures side by side."""
    ours, otter, timings = report["ours"], report.get("otter", {}), report["timings"]
    rows = [("", "ours (run_autograder)", "otter-grader 7 (otter run)")]

    def timing(label: str, key: str, suffix: str = "") -> str:
        if label not in timings:
            return "not run"
        t = timings[label][key]
        return f"{t['median_s']:.2f} s  [{t['min_s']:.2f}-{t['max_s']:.2f}]{suffix}"

    n = report["runs"]
    rows.append((f"wall, median of {n} [min-max]", timing("ours", "wall", "  .py"), timing("otter", "wall", "  .ipynb")))
    rows.append((f"CPU, median of {n} [min-max]", timing("ours", "cpu"), timing("otter", "cpu")))
    if "baseline" in timings:
        revision = report["baseline"]["revision"]
        rows.append((f"wall, ours at {revision}", timing("baseline", "wall"), ""))
        rows.append((f"CPU, ours at {revision}", timing("baseline", "cpu"), ""))
    if "ours_on_otter_notebook" in timings:
        rows.append(("wall, ours on otter's solution .ipynb", timing("ours_on_otter_notebook", "wall"), ""))
    rows.append(("score", "/".join(timings["ours"]["scores"]),
                 "/".join(timings["otter"]["scores"]) if "otter" in timings else ""))
    rows.append(("grading environment (du -sb)", f"{mb(ours['venv_bytes'])}  (venv, Python {ours['python']})",
                 f"{mb(otter['venv_bytes'])}  (venv, Python {otter['python']})" if "venv_bytes" in otter else ""))
    rows.append(("  minus an empty venv", mb(ours["venv_bytes_without_empty_venv"]), ""))
    rows.append(("zip", mb(ours["zip_bytes"]), mb(otter["zip_bytes"]) if "zip_bytes" in otter else ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if "ratios" in report:
        r = report["ratios"]
        lines += ["", f"speed-up (median): {r['speedup_wall']}x wall, {r['speedup_cpu']}x CPU "
                      f"({r['speedup_wall_same_notebook']}x wall on the same notebook); "
                      f"environment: {r['environment_fraction'] * 100:.1f} % of otter's"]
        if otter.get("setup_sh_uses_conda"):
            lines.append("(otter's own setup.sh installs Miniforge/mamba and a conda env: far larger than its venv)")
    if "skipped" in otter:
        lines += ["", f"otter not timed: {otter['skipped'].splitlines()[0]}"]
    load = report["machine"]
    lines += [f"targets: {report['targets']}",
              f"load average at start / end: {load['load_average_at_start'][0]:.2f} / "
              f"{load.get('load_average_at_end', [float('nan')])[0]:.2f} on {load['cpus']} CPUs"]
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    raise SystemExit(main())
