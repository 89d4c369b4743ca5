"""Every shell command of README.md and docs/*.md runs as written, from the repository root, in order.

Each document's fenced ``sh`` blocks are run line by line with bash in a fresh
copy of the repository: the files ``git`` tracks plus the new ones it does not
ignore (what a clone of the next commit holds), so that nothing built earlier,
in ``dist/`` or elsewhere, helps. Two steps are replaced, each for a stated
reason, and everything else runs for real:

* ``python3 -m venv .venv`` and ``.venv/bin/pip install ... -e ...`` would
  download and build for minutes. The copy's ``.venv`` is instead a link to the
  virtual environment running these tests (itself made by the quick start's
  ``pip install -e '.[dev]'``), and the step checks that every requirement of
  ``pyproject.toml`` it names (with its extras) is installed there at a
  version the project accepts. Commands run from the copy's root import the
  copy's own ``autograder`` (the current folder comes first on the path).
* ``.venv/bin/python -m pytest`` alone is the whole suite, this test included:
  it is collected (every test module imports and every test is found), not
  run again from inside itself.

The steps that need otter-grader are skipped, with the reason, when it is not
installed. A few documented results are checked too: the reference scores
65 / 65, otter scores its solution notebook 65, the new assignment of
docs/authoring.md is ready to hand out.

The ``python`` blocks of docs/authoring.md (the check API reference) run too,
in order, in one namespace; and every name of the check API that a case
module of the repository imports has its own section there.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from autograder import checking
from autograder.scheme import ROOT

FENCE = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.MULTILINE | re.DOTALL)
PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
AUTHORING = "docs/authoring.md"
MAKES_VENV = re.compile(r"^python3? -m venv \.venv$")
PIP_INSTALL = re.compile(r"^\.venv/bin/pip install\b.*\s-e\s")
WHOLE_SUITE = re.compile(r"^\.venv/bin/python -m pytest$")
STEP_SECONDS = 300
EXPECTED_OUTPUT = {
    ".venv/bin/python -m autograder grade solutions/devoir3.py": "Total : 65 / 65",
    ".venv/bin/python -m autograder --assignment dist/hw1 verify": "ready to hand out",
    "cd dist/hw1; ../../.venv/bin/python -m autograder grade solutions/hw1.py": "Assignment: Homework 1 (.)\n",
}


def commands(document: str) -> list[str]:
    """The command lines of the document's shell blocks, in order (comments are left to bash)."""
    text = (ROOT / document).read_text(encoding="utf-8")
    return [line for block in FENCE.findall(text) for line in block.splitlines() if line.strip()]


DOCUMENTS = [name for name in ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
             if commands(name)]


def steps(line: str) -> list[str]:
    """The ``&&``-joined steps of a command line, each without its trailing comment."""
    return [step.strip() for step in line.split(" #", 1)[0].split("&&")]


def fresh_copy(target: Path) -> Path:
    """The repository as a fresh clone of its next commit would be, with the running venv as ``.venv``."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests do not run in a virtual environment: no .venv to stand for the quick start's")
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"not a git checkout, nothing to copy as a clone ({error})")
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return target


def check_installed(step: str) -> None:
    """What ``pip install -e TARGET`` would install is installed, at versions pyproject.toml accepts."""
    target = next(arg for arg in shlex.split(step) if arg.startswith("."))
    extras = re.findall(r"\w+", target.partition("[")[2])
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    for text in wanted:
        requirement = Requirement(text)
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{step}: {requirement.name} is not installed")
        assert requirement.specifier.contains(version, prereleases=True), f"{step}: {requirement.name} {version}"


def run_step(step: str, copy: Path) -> subprocess.CompletedProcess[str]:
    """One step with bash, from the copy's root, failing on any error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST", "VIRTUAL_ENV"))}
    if WHOLE_SUITE.match(step):
        step += " --collect-only -q"
    return subprocess.run(["bash", "-o", "errexit", "-o", "pipefail", "-c", step], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=STEP_SECONDS)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_documented_command_runs_as_written(document: str, tmp_path: Path) -> None:
    lines = commands(document)
    copy = fresh_copy(tmp_path / "clone")
    has_otter = (Path(sys.prefix) / "bin" / "otter").exists()
    for line in lines:
        for step in steps(line):
            if MAKES_VENV.match(step):
                continue
            if PIP_INSTALL.match(step):
                check_installed(step)
                continue
            if "otter " in step and not has_otter:
                pytest.skip(f"{document}: otter-grader is not installed (pip install -e '.[dev]')")
            run = run_step(step, copy)
            assert run.returncode == 0, f"{document}: `{step}` failed ({run.returncode}):\n{run.stdout[-2000:]}\n" \
                                        f"{run.stderr[-3000:]}"
            assert "Traceback" not in run.stderr, f"{document}: `{step}`:\n{run.stderr[-3000:]}"
            if step in EXPECTED_OUTPUT:
                assert EXPECTED_OUTPUT[step] in run.stdout, f"{document}: `{step}`:\n{run.stdout[-2000:]}"
            if step.startswith(".venv/bin/otter run"):
                results = json.loads((copy / "dist" / "otter" / "results.json").read_text(encoding="utf-8"))
                assert results["score"] == 65, results


def test_the_documents_have_commands_to_run() -> None:
    """The extraction finds the commands the README promises (a changed fence would silently test nothing)."""
    readme = commands("README.md")
    assert any("autograder grade-all" in line for line in readme)
    assert any(line.startswith(".venv/bin/otter run") for line in readme)
    assert any(line.startswith(".venv/bin/otter run") for line in commands("docs/otter.md"))


def test_the_check_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = PYTHON_FENCE.findall((ROOT / AUTHORING).read_text(encoding="utf-8"))
    assert len(blocks) >= 15
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"{AUTHORING} python block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the message is the point
            pytest.fail(f"{AUTHORING}, python block {number}: {type(error).__name__}: {error}\n{block}")


def imported_check_api() -> set[str]:
    """Every name a case module of the repository's assignments imports from the check API."""
    names = set()
    for path in [*ROOT.glob("tests/grading/*.py"), *ROOT.glob("examples/*/tests/grading/*.py"),
                 *ROOT.glob("tests/fixture/tests/grading/*.py")]:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module == "autograder.checking":
                names |= {alias.name for alias in node.names}
    return names


def test_every_name_of_the_check_api_has_a_section() -> None:
    """What case authors import, and every public method of a Result, is documented with an example."""
    headings = {name for line in (ROOT / AUTHORING).read_text(encoding="utf-8").splitlines()
                if line.startswith("### ") for name in re.findall(r"`([\w.]+)`", line)}
    methods = {f"Result.{name}" for name, value in vars(checking.Result).items()
               if callable(value) and not name.startswith("_")}
    wanted = imported_check_api() | methods | {"Result", "Trial.call", "Unanswered", "log_route"}
    assert "Trial" in wanted and "Result.close_to" in wanted
    assert sorted(wanted - headings) == []
