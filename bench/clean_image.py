"""The Gradescope zip on a clean Debian 12 system: setup.sh, then run_autograder, in a chroot.

The closest clean image this machine can build: ``debootstrap --variant=minbase
bookworm`` from Debian's packages (no python3 at all; Python 3.11 and PEP 668's
EXTERNALLY-MANAGED once apt installs it). The packages are downloaded once into
a tarball under ``--cache``; every run unpacks a fresh root from it, so the zip
always meets a clean system. In that root, as root, as Gradescope does:

1. the zip is unpacked into /autograder/source and ``setup.sh`` runs (it
   installs python3 and python3-venv with apt, then the pinned wheels with pip
   into /autograder/venv); run_autograder is copied to /autograder;
2. ``run_autograder`` grades the reference (expected 65/65) and the stubs (0/65);
3. the runtime is broken three ways (numpy removed from the venv, the python
   interpreter removed, a syntax error in the grader's own package) and
   ``run_autograder`` must still write a valid results.json scoring 0 with an
   instructor-only explanation.

Every results.json is checked against Gradescope's schema. Prints a table and
writes ``bench/out/clean_image.json``. Needs root, debootstrap and access to
Debian's mirror (the one apt uses here) and to PyPI (pip's index as set up here)::

    .venv/bin/python bench/clean_image.py [--cache bench/out/clean-image] [--keep]
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import io
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import package  # noqa: E402
from autograder.sandbox.limits import SLOT_FOLDER  # noqa: E402

OUT = ROOT / "bench" / "out"
SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
SCHEMA = ROOT / "autograder" / "schemas" / "gradescope-results.schema.json"
REFERENCE = ROOT / "solutions" / "devoir3.py"
STUB = ROOT / "student_template" / "devoir3.py"
TOTAL = 65.0
CHROOT_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
              "LANG": "C.UTF-8"}
"""What the scripts see in the chroot: a root login's environment, nothing of this machine's."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, failing loudly with its output."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def apt_mirror() -> str:
    """The Debian mirror this machine's apt uses for bookworm (deb822 or one-line sources)."""
    sources = Path("/etc/apt")
    for path in sorted(sources.glob("sources.list.d/*.sources")):
        uris, suites = "", ""
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            key, _, value = line.partition(":")
            if key.strip() == "URIs":
                uris = value.split()[0]
            elif key.strip() == "Suites":
                suites = value
            elif not line.strip() and uris:
                if SUITE in suites.split():
                    return uris
                uris, suites = "", ""
    for path in [sources / "sources.list", *sorted(sources.glob("sources.list.d/*.list"))]:
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            words = [w for w in line.split() if not w.startswith("[")]
            if len(words) >= 3 and words[0] == "deb" and words[2] == SUITE:
                return words[1]
    return DEFAULT_MIRROR


CHROOT_CA = "/etc/pip-ca-bundle.crt"
"""Where this machine's CA bundle for pip goes in the chroot: apt's ca-certificates rewrites the usual place."""


def pip_config() -> tuple[str, Path | None]:
    """This machine's pip settings that make sense in the chroot: http(s) indexes, trusted hosts, the CA file.

    Local paths (find-links, file:// indexes, constraint files) do not exist
    there; returned: the pip.conf text and the CA file to copy to CHROOT_CA.
    """
    listed = run([sys.executable, "-m", "pip", "config", "list"]).stdout.splitlines()  # files and PIP_* variables
    settings: dict[str, str] = {}
    for line in listed:
        key, _, value = line.partition("=")
        name = key.rpartition(".")[2]
        value = value.strip().strip("'\"")
        if name in {"index-url", "extra-index-url"}:
            value = " ".join(u for u in value.split() if u.startswith(("http://", "https://")))
        elif name == "cert":
            value = value if Path(value).is_file() else ""
        elif name not in {"trusted-host", "default-timeout", "timeout"}:
            continue
        if value:
            settings[name] = value
    ca = Path(settings["cert"]) if "cert" in settings else None
    if ca:
        settings["cert"] = CHROOT_CA
    config = configparser.ConfigParser()
    config["global"] = settings
    text = io.StringIO()
    config.write(text)
    return text.getvalue(), ca


class CleanRoot:
    """A fresh minbase Debian root from the cached tarball, with /proc and /dev mounted while in use."""

    def __init__(self, cache: Path, mirror: str) -> None:
        self.cache = cache
        self.mirror = mirror
        self.tarball = cache / f"{SUITE}-minbase.tgz"
        self.path = cache / "root"
        self.mounts: list[Path] = []

    def make(self) -> dict[str, float]:
        """Download the packages once, then unpack and install a fresh root; the seconds each took."""
        seconds: dict[str, float] = {}
        self.cache.mkdir(parents=True, exist_ok=True)
        if not self.tarball.exists():
            log(f"debootstrap: downloading minbase {SUITE} from {self.mirror} into {self.tarball}")
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(dir=self.cache) as work:
                run(["debootstrap", "--variant=minbase", f"--make-tarball={self.tarball}", SUITE, work, self.mirror])
            seconds["download"] = time.perf_counter() - started
        self.remove()
        log(f"debootstrap: installing a fresh root in {self.path}")
        started = time.perf_counter()
        run(["debootstrap", "--variant=minbase", f"--unpack-tarball={self.tarball}", SUITE, str(self.path),
             self.mirror])
        seconds["debootstrap"] = time.perf_counter() - started
        return seconds

    def mount(self) -> None:
        """/proc (process checks, kills) and /dev (null, pipes, shm) as in a container, and the sandbox uid slots.

        The chroot shares this machine's kernel and process table, so a grader
        running here (a test, another bench) and the one in the chroot must not
        both take the same sandbox uid: each kills every process of its uid.
        Sharing the slot folder makes them take different ones.
        """
        os.makedirs(SLOT_FOLDER, mode=0o700, exist_ok=True)
        self.inside(SLOT_FOLDER).mkdir(mode=0o700, parents=True, exist_ok=True)
        for source, target, options in (("proc", "proc", ["-t", "proc"]), ("/dev", "dev", ["--rbind"]),
                                        (SLOT_FOLDER, SLOT_FOLDER, ["--bind"])):
            where = self.inside(target)
            run(["mount", *options, source, str(where)])
            self.mounts.append(where)
            if options == ["--rbind"]:
                run(["mount", "--make-rslave", str(where)])
        shutil.copy("/etc/resolv.conf", self.path / "etc" / "resolv.conf")

    def processes(self) -> dict[int, str]:
        """Processes whose root is this chroot: pid and command line."""
        found = {}
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and os.readlink(entry / "root") == str(self.path):
                    found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue  # gone meanwhile
        return found

    def end_processes(self) -> dict[int, str]:
        """Give whatever still runs in the chroot 10 s to end, then kill it; what was left (none expected)."""
        for _ in range(20):
            left = self.processes()
            if not left:
                return {}
            time.sleep(0.5)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return left

    def unmount(self) -> None:
        """Unmount what mount() mounted, lazily if still busy; fail if anything stays mounted below the root."""
        while self.mounts:
            where = str(self.mounts.pop())
            for _ in range(10):  # a process that just ended may hold /proc for a moment
                if subprocess.run(["umount", "-R", where], capture_output=True).returncode == 0:
                    break
                time.sleep(0.5)
            else:
                subprocess.run(["umount", "-R", "-l", where], capture_output=True)
        inside = str(self.path) + "/"
        left = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()
                if line.split()[1].startswith(inside)]
        if left:
            raise RuntimeError(f"still mounted, unmount by hand before removing {self.path}: {left}")

    def remove(self) -> None:
        """Delete the root, never crossing into another file system (a /dev left mounted is the host's)."""
        self.unmount()
        if self.path.exists():
            run(["rm", "-rf", "--one-file-system", str(self.path)])

    def inside(self, relative: str) -> Path:
        return self.path / relative.lstrip("/")

    def run(self, command: list[str], timeout: float = 1800) -> tuple[float, subprocess.CompletedProcess[str]]:
        """Wall seconds and result of ``command`` as root in the chroot, with a clean environment."""
        started = time.perf_counter()
        done = subprocess.run(["chroot", str(self.path), "/usr/bin/env", "-i",
                               *(f"{k}={v}" for k, v in CHROOT_ENV.items()), *command],
                              capture_output=True, text=True, timeout=timeout)
        return time.perf_counter() - started, done


def checked(results_path: Path) -> dict[str, Any]:
    """results.json read and checked against Gradescope's schema (when jsonschema is installed)."""
    results = json.loads(results_path.read_text(encoding="utf-8"))
    try:
        import jsonschema
    except ImportError:
        log("jsonschema is not installed: results files are checked as JSON only")
    else:
        jsonschema.validate(results, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return results


def grade(image: CleanRoot, submission: Path) -> dict[str, Any]:
    """run_autograder on one file, as Gradescope does; wall time, exit status, score and hidden messages."""
    for folder in ("submission", "results"):
        shutil.rmtree(image.inside(f"/autograder/{folder}"), ignore_errors=True)
        image.inside(f"/autograder/{folder}").mkdir(parents=True)
    shutil.copy(submission, image.inside("/autograder/submission") / submission.name)
    seconds, done = image.run(["/autograder/run_autograder"], timeout=900)
    outcome: dict[str, Any] = {"seconds": round(seconds, 2), "exit_status": done.returncode}
    try:
        results = checked(image.inside("/autograder/results/results.json"))
    except (OSError, ValueError) as error:  # jsonschema's ValidationError is a ValueError
        outcome.update(valid=False, error=f"{type(error).__name__}: {error}"[:500], log=done.stderr[-1500:])
        return outcome
    hidden = [t["output"] for t in results["tests"] if t.get("visibility") == "hidden"]
    failed = {t["name"]: t.get("output", "")[-300:] for t in results["tests"]
              if t.get("max_score") and t.get("score", 0) < t["max_score"]}
    outcome.update(valid=True, score=results["score"], instructor_only=[h[-600:] for h in hidden],
                   failed=dict(list(failed.items())[:10]))
    return outcome


def broken(image: CleanRoot, python: str) -> dict[str, Callable[[], Callable[[], None]]]:
    """Ways to break the runtime: each breaks it and returns what repairs it."""
    site = image.inside(f"/autograder/venv/lib/python{python}/site-packages")
    interpreter = image.inside(f"/usr/bin/python{python}")
    own = image.inside("/autograder/source/autograder/gradescope.py")

    def move(path: Path) -> Callable[[], None]:
        aside = path.with_name(path.name + ".aside")
        path.rename(aside)
        return lambda: aside.rename(path)

    def syntax_error() -> Callable[[], None]:
        text = own.read_bytes()
        own.write_bytes(text + b"\ndef broken(:\n")
        return lambda: own.write_bytes(text)

    return {"numpy missing from the venv": lambda: move(site / "numpy"),
            f"python{python} missing": lambda: move(interpreter),
            "syntax error in autograder/gradescope.py": syntax_error}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=OUT / "clean-image",
                        help="where the debootstrap tarball is kept and the root is built")
    parser.add_argument("--mirror", default=None, help="Debian mirror (default: the one apt uses here)")
    parser.add_argument("--keep", action="store_true", help="keep the root afterwards (default: removed)")
    args = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        log("needs root and debootstrap (apt-get install -y debootstrap)")
        return 2

    image = CleanRoot(args.cache.resolve(), args.mirror or apt_mirror())
    report: dict[str, Any] = {"machine": platform.machine(), "suite": SUITE, "variant": "minbase",
                              "mirror": image.mirror, "date": time.strftime("%Y-%m-%d %H:%M")}
    try:
        report["seconds"] = image.make()
        image.mount()
        pip_conf, ca = pip_config()
        image.inside("/etc/pip.conf").write_text(pip_conf, encoding="utf-8")
        if ca:
            shutil.copy(ca, image.inside(CHROOT_CA))
        report["pip_conf"] = pip_conf

        with tempfile.TemporaryDirectory() as dist:
            package.unpack(package.build(ROOT, Path(dist))[0], image.inside("/autograder/source"))
        report["python3_before_setup"] = image.inside("/usr/bin/python3").exists()
        log("setup.sh")
        seconds, done = image.run(["bash", "/autograder/source/setup.sh"])
        (args.cache / "setup.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        report["setup"] = {"seconds": round(seconds, 1), "exit_status": done.returncode,
                           "installed_python3_venv": "installing python3-venv" in done.stderr}
        if done.returncode != 0:
            raise RuntimeError(f"setup.sh failed ({done.returncode}), see {args.cache / 'setup.log'}:\n"
                               f"{done.stderr[-3000:]}")
        shutil.copy(image.inside("/autograder/source/run_autograder"), image.inside("/autograder/run_autograder"))
        version = image.run(["/autograder/venv/bin/python", "-c",
                             "import platform, numpy, yaml; print(platform.python_version(), numpy.__version__, "
                             "yaml.__version__)"])[1].stdout.split()
        python = ".".join(version[0].split(".")[:2])
        report["runtime"] = {"python": version[0], "numpy": version[1], "pyyaml": version[2],
                             "externally_managed": image.inside(f"/usr/lib/python{python}/EXTERNALLY-MANAGED").exists(),
                             "venv_bytes": int(run(["du", "-sb", str(image.inside("/autograder/venv"))]).stdout.split()[0])}

        with tempfile.TemporaryDirectory() as folder:
            stub = Path(folder) / "devoir3.py"
            shutil.copy(STUB, stub)
            report["grading"] = {}
            for label, path in (("reference", REFERENCE), ("stub", stub)):
                log(f"run_autograder: {label}")
                grade(image, path)  # the first run warms the page cache; the second is the one reported
                report["grading"][label] = grade(image, path)
        report["broken"] = {}
        for label, breaking in broken(image, python).items():
            log(f"run_autograder, {label}")
            repair = breaking()
            try:
                report["broken"][label] = grade(image, REFERENCE)
            finally:
                repair()
    finally:
        report["left_running"] = image.end_processes()
        image.unmount()
        if not args.keep:
            image.remove()

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "clean_image.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    expected = {"reference": TOTAL, "stub": 0.0}
    rows = [(label, outcome) for label, outcome in report["grading"].items()]
    rows += [(f"broken: {label}", outcome) for label, outcome in report["broken"].items()]
    print(f"Debian {SUITE} minbase ({report['machine']}), Python {report['runtime']['python']}, "
          f"numpy {report['runtime']['numpy']}, PyYAML {report['runtime']['pyyaml']}; "
          f"EXTERNALLY-MANAGED: {report['runtime']['externally_managed']}")
    print(f"debootstrap {report['seconds'].get('debootstrap', 0):.0f} s, setup.sh {report['setup']['seconds']} s "
          f"(python3-venv installed by setup.sh: {report['setup']['installed_python3_venv']}), "
          f"venv {report['runtime']['venv_bytes'] / 1e6:.1f} MB")
    failures = len(report["left_running"])
    for pid, command in report["left_running"].items():
        print(f"FAIL still running in the chroot after grading, killed: {pid} {command}")
    for label, outcome in rows:
        want = expected.get(label, 0.0)
        good = outcome.get("valid") and outcome.get("score") == want and outcome["exit_status"] == 0 and (
            label in expected or outcome.get("instructor_only"))
        failures += not good
        print(f"{'ok  ' if good else 'FAIL'} {label:45} score {outcome.get('score')} / {TOTAL:g} "
              f"(expected {want:g}), {outcome['seconds']} s, valid results.json: {outcome.get('valid')}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
