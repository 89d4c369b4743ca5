"""Grade files in a real Gradescope-like Docker container and compare each with its honest twin.

    .venv/bin/python bench/container.py                      # the files of tests/test_container.py
    .venv/bin/python bench/container.py A.py=TWIN.py B.py ...  # your own (no twin: the reference is the twin)
    .venv/bin/python bench/container.py --attacks fork_bomb ...  # attacks of tests/hostile/ against their twins
    .venv/bin/python bench/container.py --python 3.10          # the same with Gradescope's Python as python3

Builds the autograder zip from this checkout (autograder/package.py, into bench/out/container/), then
grades every file with ../shared/tools/gs-docker (Docker's default capabilities and seccomp profile, root
inside, 768 MB; see that script's header), and prints one row per file: its score, its twin's, whether
they match, the wall time and whether the container was OOM-killed. Needs root and a running dockerd.

``--python 3.10``: Gradescope's images run Python 3.10, which Debian 12 (the base image gs-base:12) does
not have; the bench derives gs-base:12-py3.10 from it with this machine's pyenv build of that version as
``/usr/local/bin/python3`` (built on Debian 12 too, so its libraries match), and setup.sh makes the venv
from it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import package  # noqa: E402
from tests.hostile import CATALOGUE  # noqa: E402
from tests.test_container import MISBEHAVING, REFERENCE  # noqa: E402

OUT = ROOT / "bench" / "out" / "container"
PYENV = Path.home() / ".pyenv" / "versions"


def base_with_python(version: str) -> str:
    """gs-base:12 with pyenv's ``version`` as python3 (made once, then reused); its name for GS_BASE."""
    image = f"gs-base:12-py{version}"
    if subprocess.run(["docker", "image", "inspect", image], capture_output=True).returncode == 0:
        return image
    build = next(iter(sorted(PYENV.glob(f"{version}.*"))), None)
    if build is None:
        sys.exit(f"no pyenv build of Python {version} under {PYENV}")
    container = subprocess.run(["docker", "create", "gs-base:12", "true"], capture_output=True, text=True,
                               check=True).stdout.strip()
    try:
        tar = subprocess.Popen(["tar", "-C", "/", "-c", str(build.relative_to("/"))], stdout=subprocess.PIPE)
        subprocess.run(["docker", "cp", "-", f"{container}:/"], stdin=tar.stdout, check=True, capture_output=True)
        tar.wait()
        link = Path(tempfile.mkdtemp()) / "usr" / "local" / "bin"
        link.mkdir(parents=True)
        (link / "python3").symlink_to(build / "bin" / f"python{version}")
        subprocess.run(["docker", "cp", str(link.parents[1]), f"{container}:/"], check=True, capture_output=True)
        subprocess.run(["docker", "commit", container, image], check=True, capture_output=True)
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True)
    return image


def grade(tool: Path, zip_path: Path, path: Path, out: Path) -> dict:
    """One gs-docker run: score, wall time, OOM flag (from gs-docker's last line), stderr's sandbox lines."""
    run = subprocess.run([str(tool), str(zip_path), str(path), str(out)], capture_output=True, text=True)
    figures = dict(word.split("=", 1) for word in (run.stdout.strip().splitlines() or [""])[-1].split() if "=" in word)
    results = out / "results" / "results.json"
    score = json.loads(results.read_text(encoding="utf-8"))["score"] if results.exists() else None
    stderr = (out / "stderr").read_text(errors="replace") if (out / "stderr").exists() else run.stderr
    said = [line for line in stderr.splitlines() if line.startswith("autograder sandbox:")]
    inspected = out / "inspect.txt"  # with GS_INSPECT=1: what the grading left in the container
    left = inspected.read_text(errors="replace") if inspected.exists() else ""
    return {"score": score, "wall": float(figures.get("wall", "nan")), "oom": figures.get("oom", "?"),
            "rc": figures.get("rc", str(run.returncode)), "said": said,
            "left": next((line.split()[1] for line in left.splitlines() if line.strip().startswith("total ")), "-")}


def pairs(arguments: list[str], attacks: list[str], folder: Path) -> list[tuple[str, Path, Path]]:
    """(label, file, twin) for the arguments, the named attacks, or tests/test_container.py's misbehaving files."""
    reference = folder / "reference" / "devoir3.py"
    reference.parent.mkdir(parents=True)
    reference.write_text(REFERENCE, encoding="utf-8")
    found = [(Path(a.split("=")[0]).stem, Path(a.split("=")[0]).resolve(),
              Path(a.split("=")[1]).resolve() if "=" in a else reference) for a in arguments]
    sources: dict[str, tuple[bytes, bytes, str]] = {
        attack.name: (*attack.sources(REFERENCE), attack.upload) for attack in CATALOGUE if attack.name in attacks}
    if not arguments and not attacks:
        found.append(("reference", reference, reference))
        sources = {name: (text.encode(), twin.encode(), "devoir3.py") for name, (text, twin) in MISBEHAVING.items()}
    for name, (text, twin, upload) in sources.items():
        for kind, source, file_name in (("file", text, upload), ("twin", twin, "devoir3.py")):
            (folder / name / kind).mkdir(parents=True, exist_ok=True)
            (folder / name / kind / file_name).write_bytes(source)
        found.append((name, folder / name / "file" / upload, folder / name / "twin" / "devoir3.py"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="FILE or FILE=TWIN")
    parser.add_argument("--attacks", nargs="+", default=[], help="names of tests/hostile/ attacks")
    parser.add_argument("--gs-docker", type=Path, default=ROOT.parent / "shared" / "tools" / "gs-docker")
    parser.add_argument("--python", help="a pyenv version (e.g. 3.10) to be the image's python3")
    args = parser.parse_args()
    if args.python:
        os.environ["GS_BASE"] = base_with_python(args.python)
    OUT.mkdir(parents=True, exist_ok=True)
    zip_path = next(p for p in package.build(ROOT, OUT / "dist") if p.name == "autograder.zip")
    graded: dict[Path, dict] = {}
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for label, path, twin in pairs(args.files, args.attacks, Path(scratch)):
            for each in (path, twin):
                if each not in graded:
                    graded[each] = grade(args.gs_docker, zip_path, each, OUT / f"run-{len(graded)}")
            rows.append((label, graded[path], graded[twin]))
    print(f"{time.strftime('%Y-%m-%d')}, {zip_path} in {args.gs_docker.name} on {os.environ.get('GS_BASE', 'gs-base:12')}")
    print(f"| {'file':<28} | score | twin | same | wall (s) | oom | sandbox files left |")
    print(f"|{'-' * 30}|-------|------|------|----------|-----|--------------------|")
    for label, mine, theirs in rows:
        same = "yes" if mine["score"] == theirs["score"] is not None else "NO"
        print(f"| {label:<28} | {mine['score']} | {theirs['score']} | {same} | {mine['wall']:.1f} | {mine['oom']} "
              f"| {mine['left']} |")
    said = sorted({line for result in graded.values() for line in result["said"]})
    counts = sorted({len(result["said"]) for result in graded.values()})
    print(f"stderr, 'autograder sandbox:' lines per run: {counts}")
    for line in said:
        print(f"  {line}")
    (OUT / "table.json").write_text(json.dumps([{"file": label, "score": m["score"], "twin": t["score"],
                                                 "wall": m["wall"], "oom": m["oom"]} for label, m, t in rows],
                                               indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
