"""A second assignment, and a new one, through every path of the framework with no change to ``autograder/``.

``examples/echauffement`` is built with ``--assignment``, its reference
scores full marks and its stubs zero through the sandbox (its mutants are
checked by ``verify``, tests/test_verify.py), its Gradescope zip
grades a submission as Gradescope would, and ``otter assign`` accepts its
master notebook. ``new`` writes a skeleton that builds, grades 100 % / 0 %
and passes ``verify`` at once, in French and in English.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import cli
from autograder.feedback import table
from autograder.layout import MUTANTS
from autograder.runner import grade_path
from autograder.scheme import ROOT, Scheme
from autograder.stubs import render_stub
from autograder.variants import Mutant
from autograder.verify import bank
from tests.test_hostile import grade_as_gradescope

EXAMPLE = ROOT / "examples" / "echauffement"
SCHEME = Scheme.load(EXAMPLE)


def mutants(root: Path) -> list[Mutant]:
    """The MUTANTS of every ``tests/mutants/part*.py`` of the assignment in ``root``."""
    return bank(root, MUTANTS, "MUTANTS")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``--assignment examples/echauffement build --dist DIST``: the committed derived files are up to date."""
    folder = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "autograder", "--assignment", str(EXAMPLE), "build",
                           "--dist", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "regenerated" not in done.stdout, f"{done.stdout}: run `python -m autograder --assignment {EXAMPLE} build`"
    return folder


def test_the_example_builds_its_own_artefacts(dist: Path) -> None:
    assert {p.name for p in dist.iterdir()} == {"autograder.zip", "student", "student.zip"}
    with zipfile.ZipFile(dist / "student.zip") as archive:
        names = {name.removeprefix(f"{SCHEME.module}/") for name in archive.namelist()}
    assert {SCHEME.student_file, SCHEME.notebook_file, "LISEZMOI.md", "enonce.md", "check.py",
            "verification/public_1.py", "verification/cases.json"} <= names
    assert not any("hidden" in name for name in names)
    with zipfile.ZipFile(dist / "autograder.zip") as archive:
        names = set(archive.namelist())
    assert {"grading.yaml", f"solutions/{SCHEME.student_file}", "tests/grading/hidden_1.py",
            "autograder/checking.py", "run_autograder"} <= names
    assert not any(name.startswith(("solutions/devoir3", "assignment/")) for name in names)


def test_the_example_reference_scores_full_marks_and_its_stubs_zero() -> None:
    assert grade_path(SCHEME.solution_path, SCHEME).score == SCHEME.total == 10
    assert grade_path(SCHEME.stub_path, SCHEME).score == 0


def test_the_example_zip_grades_as_gradescope_would(dist: Path, tmp_path: Path) -> None:
    reference = SCHEME.solution_path.read_bytes()
    results, _ = grade_as_gradescope(dist / "autograder.zip", tmp_path / "reference", reference,
                                     SCHEME.student_file)
    assert results["score"] == 10
    wrong = mutants(EXAMPLE)[0].apply(reference.decode("utf-8")).encode("utf-8")
    results, _ = grade_as_gradescope(dist / "autograder.zip", tmp_path / "mutant", wrong, SCHEME.student_file)
    assert 0 < results["score"] < 10
    assert "Partie 1 — Algèbre linéaire et probabilités" in results["output"]


def test_the_example_student_bundle_checks_itself(dist: Path) -> None:
    student = dist / "student"
    done = subprocess.run([sys.executable, "check.py"], cwd=student, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "Auto-vérification — " + SCHEME.assignment in done.stdout
    assert f"Déposez sur Gradescope un seul fichier : {SCHEME.student_file}" in done.stdout


def test_otter_assigns_the_example_master_notebook(tmp_path: Path) -> None:
    pytest.importorskip("otter", reason="otter-grader is not installed: pip install -e '.[dev]'")
    out = tmp_path / "otter"
    done = subprocess.run([sys.executable, "-m", "otter", "assign", str(SCHEME.master_path), str(out)],
                          cwd=EXAMPLE, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert sorted(p.name for p in (out / "student").iterdir()) == [SCHEME.notebook_file, "tests"]
    (zip_path,) = (out / "autograder").glob(f"{SCHEME.module}-autograder_*.zip")
    with zipfile.ZipFile(zip_path) as archive:
        hidden = [name for name in archive.namelist() if name.startswith("tests/")]
    assert hidden, "the otter zip holds the tests"
    handed = json.loads((out / "student" / SCHEME.notebook_file).read_text(encoding="utf-8"))
    assert not any("BEGIN SOLUTION" in "".join(c["source"]) for c in handed["cells"])


@pytest.mark.parametrize("language, title", [("fr", "Premier devoir « essai »"), ("en", 'A "first" homework')])
def test_a_new_assignment_builds_and_grades_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    language: str, title: str) -> None:
    folder = tmp_path / "premier-devoir"
    assert cli.main(["new", str(folder), "--title", title, "--language", language]) == 0
    out = capsys.readouterr().out
    assert "created grading.yaml" in out and "wrote dist/autograder.zip" in out
    scheme = Scheme.load(folder)
    assert (scheme.assignment, scheme.language, scheme.student_file) == (title, language, "premier_devoir.py")
    assert scheme.stub_path.read_text(encoding="utf-8") == render_stub(scheme.solution_path.read_text(encoding="utf-8"))
    report = grade_path(scheme.solution_path, scheme)
    assert report.score == scheme.total
    assert ("Total : 1 / 1" if language == "fr" else "Total: 1 / 1") in table(report)
    assert grade_path(scheme.stub_path, scheme).score == 0
    handout = "enonce.md" if language == "fr" else "handout.md"  # an English course hands out an English name
    assert scheme.handout_path == folder / "assignment" / handout and scheme.handout_path.is_file()
    assert cli.main(["--assignment", str(folder), "verify", "--jobs", "1"]) == 0, capsys.readouterr().out
    assert (folder / "dist" / "student" / ("LISEZMOI.md" if language == "fr" else "README.md")).is_file()
