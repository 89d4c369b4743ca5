"""The practical homework (examples/pratique) through every path: classes behind handles, data files, seeds.

The CSV files are what their seeded generator writes and the stubs are the
reference's; ``build`` regenerates nothing; ``verify`` passes; the
reference scores 20 / 20 and the stubs 0 through the sandbox; a submission
that opens the hidden split cannot read it; the Gradescope zip and the
student bundle (``check.py``) grade as the engine does; otter assigns and
runs the master notebook (20 / 20 and 0).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import package
from autograder.runner import grade_path
from autograder.scheme import ROOT, Scheme
from autograder.stubs import render_stub
from tests.test_examples import mutants
from tests.test_hostile import grade_as_gradescope

EXAMPLE = ROOT / "examples" / "pratique"
SCHEME = Scheme.load(EXAMPLE)
SHIPPED = ("data/train.csv", "data/test.csv")
HIDDEN = "data/hidden_test.csv"


# load_dataset reads the hidden split whatever path it is given: it must not find it where the student's code runs
PEEKING = '''

def load_dataset(path):
    table = np.loadtxt("data/hidden_test.csv", delimiter=",", skiprows=1, ndmin=2)
    return table[:, :2], table[:, 2].astype(int)
'''


def test_the_data_is_what_its_generator_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_data", EXAMPLE / "data" / "make_data.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.main(tmp_path)
    for name in (*SHIPPED, HIDDEN):
        assert (tmp_path / Path(name).name).read_bytes() == (EXAMPLE / name).read_bytes(), \
            f"{name} differs from what data/make_data.py writes: run it again"
    header, *rows = (EXAMPLE / "data" / "train.csv").read_text(encoding="utf-8").splitlines()
    assert header == "x1,x2,label" and len(rows) == 240
    assert sorted({row.rsplit(",", 1)[1] for row in rows}) == ["0", "1", "2"]


def test_the_stubs_are_the_reference_without_its_answers() -> None:
    reference = SCHEME.solution_path.read_text(encoding="utf-8")
    stubs = SCHEME.stub_path.read_text(encoding="utf-8")
    assert stubs == render_stub(reference), "run `python -m autograder --assignment examples/pratique build`"
    assert "class KNN:" in stubs and "def predict_proba(self, X):" in stubs
    assert "np.bincount" not in stubs and "default_rng(seed)\n" not in stubs


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Gradescope zip, as ``build`` writes it."""
    return package.build(EXAMPLE, tmp_path_factory.mktemp("zip"))[0]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``--assignment examples/pratique build --dist DIST``: the committed derived files are up to date."""
    folder = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "autograder", "--assignment", str(EXAMPLE), "build",
                           "--dist", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "regenerated" not in done.stdout, f"{done.stdout}: run `python -m autograder --assignment {EXAMPLE} build`"
    assert {p.name for p in folder.iterdir()} == {"autograder.zip", "student", "student.zip"}
    return folder


def test_verify_passes() -> None:
    """Reference on every seed, stubs at zero, every mutant (classes included) caught with its hint,
    alternatives kept, no leak; run from elsewhere than the assignment, whose data files stay at hand."""
    done = subprocess.run([sys.executable, "-m", "autograder", "--assignment", str(EXAMPLE), "verify",
                           "--seeds", "3"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_reference_scores_full_marks_and_the_stubs_zero_in_the_sandbox() -> None:
    report = grade_path(SCHEME.solution_path, SCHEME)
    assert report.score == SCHEME.total == 20, report
    assert grade_path(SCHEME.stub_path, SCHEME).score == 0


def test_the_students_code_cannot_read_the_hidden_split(tmp_path: Path) -> None:
    """The same reading code scores 1a when it opens a shipped file, and nothing when it opens the hidden one."""
    reference = SCHEME.solution_path.read_text(encoding="utf-8")
    peeking = tmp_path / SCHEME.student_file
    peeking.write_text(reference + PEEKING, encoding="utf-8")
    honest = tmp_path / "honest" / SCHEME.student_file
    honest.parent.mkdir()
    honest.write_text(reference + PEEKING.replace(HIDDEN, "data/train.csv"), encoding="utf-8")
    reports = {"peeking": grade_path(peeking, SCHEME), "honest": grade_path(honest, SCHEME)}
    scores = {label: {q.id: report.question_score(q.id) for q in SCHEME.questions} for label, report in reports.items()}
    assert scores["honest"]["1a"] > 0, "a file of data: files is readable at its relative path"
    assert scores["peeking"]["1a"] == 0
    assert {q: s for q, s in scores["peeking"].items() if q != "1a"} == \
        {q.id: q.points for q in SCHEME.questions if q.id != "1a"}


def test_the_bundles_ship_the_data_but_not_the_hidden_split(dist: Path, autograder_zip: Path) -> None:
    with zipfile.ZipFile(dist / "student.zip") as archive:
        handed = {name.removeprefix(f"{SCHEME.module}/") for name in archive.namelist()}
    assert {SCHEME.student_file, "check.py", "enonce.md", *SHIPPED} <= handed
    assert not any("hidden" in name for name in handed), sorted(handed)
    with zipfile.ZipFile(autograder_zip) as archive:
        graded = set(archive.namelist())
    assert {"grading.yaml", f"solutions/{SCHEME.student_file}", "tests/grading/hidden_1.py", HIDDEN,
            *SHIPPED} <= graded


def test_the_zip_grades_as_gradescope_would(autograder_zip: Path, tmp_path: Path) -> None:
    reference = SCHEME.solution_path.read_bytes()
    results, _ = grade_as_gradescope(autograder_zip, tmp_path / "reference", reference,
                                     SCHEME.student_file)
    assert results["score"] == 20, results["output"]
    results, _ = grade_as_gradescope(autograder_zip, tmp_path / "stub", SCHEME.stub_path.read_bytes(),
                                     SCHEME.student_file)
    assert results["score"] == 0
    ascent = next(m for m in mutants(EXAMPLE) if m.hint == "signe du pas")
    wrong = ascent.apply(reference.decode("utf-8")).encode("utf-8")
    results, _ = grade_as_gradescope(autograder_zip, tmp_path / "mutant", wrong, SCHEME.student_file)
    reproducible = next(c.points for c in SCHEME.question("2a").cases if c.name == "logistic_seed_public")
    assert results["score"] == 20 - SCHEME.question("2a").points + reproducible  # ascent is seeded all the same
    assert any("signe du pas" in test.get("output", "") for test in results["tests"]), results["tests"]


def test_the_student_bundle_checks_the_reference(dist: Path, tmp_path: Path) -> None:
    """check.py, from the unpacked bundle, runs every public case on the reference: all pass, data read in place."""
    student = tmp_path / "student"
    shutil.copytree(dist / "student", student)
    shutil.copy(SCHEME.solution_path, student / SCHEME.student_file)
    done = subprocess.run([sys.executable, "check.py"], cwd=student, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "échec" not in done.stdout and "NotImplementedError" not in done.stdout, done.stdout
    stubbed = subprocess.run([sys.executable, "check.py"], cwd=dist / "student", capture_output=True, text=True,
                             timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert "1b" in stubbed.stdout and stubbed.stdout != done.stdout


def test_check_names_an_unimplemented_class_or_method_as_such(dist: Path, tmp_path: Path) -> None:
    """A stub's class is "la classe", its method "la méthode Classe.nom": the student knows what to write."""
    student = tmp_path / "student"
    shutil.copytree(dist / "student", student)
    stub = student / SCHEME.student_file
    text = stub.read_text(encoding="utf-8")
    constructor = text.index("def __init__(self, k):")
    unimplemented = text.index("raise NotImplementedError", constructor)
    stub.write_text(text[:unimplemented] + "self.k = k" + text[unimplemented + len("raise NotImplementedError"):],
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "check.py", "1b", "1c"], cwd=student, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert "la méthode KNN.fit n'est pas encore implémentée" in done.stdout, done.stdout
    assert "la classe Parzen n'est pas encore implémentée" in done.stdout, done.stdout
    assert "la fonction" not in done.stdout, done.stdout


def test_otter_assigns_and_runs_the_master_notebook(tmp_path: Path) -> None:
    pytest.importorskip("otter", reason="otter-grader is not installed: pip install -e '.[dev]'")
    out = tmp_path / "otter"
    done = subprocess.run([sys.executable, "-m", "otter", "assign", str(SCHEME.master_path), str(out)],
                          cwd=EXAMPLE, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (zip_path,) = (out / "autograder").glob(f"{SCHEME.module}-autograder_*.zip")
    runs = {}
    for label, notebook in (("solution", out / "autograder" / SCHEME.notebook_file),
                            ("untouched", out / "student" / SCHEME.notebook_file)):
        (tmp_path / label).mkdir()
        done = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(tmp_path / label),
                               str(notebook)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        runs[label] = json.loads((tmp_path / label / "results.json").read_text(encoding="utf-8"))["score"]
    assert runs == {"solution": 20, "untouched": 0}
