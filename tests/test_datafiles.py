"""Data files of an assignment: listed in grading.yaml, handed out and readable by the student's code at the same
relative path, read-only, with and without a mount namespace; hidden ones reach only the grader's cases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from autograder import bundle, package, preflight
from autograder.checking import Trial
from autograder.runner import grade_path
from autograder.sandbox.host import Chunk, Sandbox, StudentError
from autograder.scheme import Scheme, SchemeError

ROOT = Path(__file__).resolve().parents[1]
ECHAUFFEMENT = ROOT / "examples" / "echauffement"
TRAIN = b"x,y\n1.0,2.0\n3.0,4.0\n"
HIDDEN = b"x,y\n9.0,9.0\n"

STUDENT = """
import os
import numpy as np

def read(path):
    with open(path) as file:
        return file.read()

def load():
    return np.loadtxt("data/train.csv", delimiter=",", skiprows=1)

def write():
    with open("data/train.csv", "w") as file:
        file.write("0,0\\n")

def remove():
    os.remove("data/train.csv")

def move():
    os.rename("data", "elsewhere")
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_bytes(TRAIN)
    (tmp_path / "data" / "hidden.csv").write_bytes(HIDDEN)
    return tmp_path


def sandbox(folder: Path) -> Sandbox:
    return Sandbox([Chunk(STUDENT, "devoir.py", "bloc")], timeout=2.0,
                   data={"data/train.csv": folder / "data" / "train.csv"})


def test_the_student_code_reads_a_data_file_at_its_relative_path_and_cannot_change_it(folder: Path) -> None:
    with sandbox(folder) as box:
        assert box.call("read", "data/train.csv") == TRAIN.decode()
        np.testing.assert_array_equal(box.call("load"), [[1.0, 2.0], [3.0, 4.0]])
        for change in ("write", "remove"):
            with pytest.raises(StudentError, match="OSError|PermissionError"):
                box.call(change)
        assert box.call("read", "data/train.csv") == TRAIN.decode()


def test_a_hidden_file_is_not_in_the_child_view(folder: Path) -> None:
    with sandbox(folder) as box:
        with pytest.raises(StudentError, match="FileNotFoundError"):
            box.call("read", "data/hidden.csv")
        with pytest.raises(StudentError, match="FileNotFoundError"):
            box.call("read", str(folder / "data" / "hidden.csv").replace(str(folder), "/proc/self/cwd/.."))


def test_a_child_that_moves_the_data_misleads_only_itself(folder: Path) -> None:
    with sandbox(folder) as box:
        try:
            box.call("move")
        except StudentError:
            pass  # refused: nothing to check
        box.call("read", "/dev/null")
        box.kill()  # the next child gets a fresh folder, with the data where it belongs
        assert box.call("read", "data/train.csv") == TRAIN.decode()


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("capsh") is None, reason="needs root and capsh")
def test_data_is_readable_and_read_only_without_a_mount_namespace(folder: Path) -> None:
    script = folder / "probe.py"
    script.write_text(f'''
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from autograder.sandbox.host import Chunk, Sandbox, StudentError
from autograder.sandbox.limits import private_mounts_work
with Sandbox([Chunk({STUDENT!r}, "devoir.py", "bloc")], data={{"data/train.csv": Path({str(folder)!r}) / "data/train.csv"}}) as box:
    seen = [private_mounts_work(), box.call("read", "data/train.csv")]
    for change in ("write", "remove", "move"):
        try:
            box.call(change)
            seen.append("changed")
        except StudentError as error:
            seen.append("refused")
    box.kill()
    seen.append(box.call("read", "data/train.csv"))
print(json.dumps(seen))
''', encoding="utf-8")
    run = subprocess.run(["capsh", "--drop=cap_sys_admin,cap_sys_resource", "--", "-c", 'exec "$0" "$1"',
                          sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=folder)
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen[:4] == [False, TRAIN.decode(), "refused", "refused"], run.stderr
    assert seen[-1] == TRAIN.decode()
    assert (folder / "data" / "train.csv").read_bytes() == TRAIN


# --- grading.yaml, the case API and what is handed out ---


@pytest.fixture
def assignment(tmp_path: Path) -> Path:
    """The warm-up example with a data file handed out and a hidden one, and a case that reads both."""
    root = tmp_path / "echauffement"
    shutil.copytree(ECHAUFFEMENT, root, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    (root / "data").mkdir()
    (root / "data" / "train.csv").write_bytes(TRAIN)
    (root / "data" / "hidden.csv").write_bytes(HIDDEN)
    data = yaml.safe_load((root / "grading.yaml").read_text(encoding="utf-8"))
    data["data"] = {"files": ["data/train.csv"], "hidden": ["data/hidden.csv"]}
    (root / "grading.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_grading_yaml_lists_data_files_and_a_case_reads_them_hidden_included(assignment: Path) -> None:
    scheme = Scheme.load(assignment)
    assert scheme.data_files == ("data/train.csv",) and scheme.hidden_data == ("data/hidden.csv",)
    t = Trial(lambda name: None, np.random.default_rng(0), files=scheme.data)
    assert t.data("data/hidden.csv") == HIDDEN and t.data("data/train.csv") == TRAIN
    with pytest.raises(SchemeError):
        t.data("grading.yaml")  # only what grading.yaml lists


@pytest.mark.parametrize("listed", [["../secret.csv"], ["/etc/passwd"], ["data/./train.csv"], ["data", "data/x"]])
def test_a_data_path_that_could_escape_or_clash_is_refused(assignment: Path, listed: list[str]) -> None:
    path = assignment / "grading.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["data"] = {"files": listed}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(SchemeError):
        Scheme.load(assignment)


def test_a_listed_data_file_that_does_not_exist_is_named_by_preflight(assignment: Path) -> None:
    (assignment / "data" / "hidden.csv").unlink()
    problems = preflight.check_handout(Scheme.load(assignment))
    assert len(problems) == 1 and "data hidden data/hidden.csv" in problems[0]


def test_the_bundle_and_the_gradescope_zip_carry_the_data_the_bundle_never_the_hidden(assignment: Path) -> None:
    files = bundle.contents(assignment)
    assert files["data/train.csv"] == TRAIN
    assert not any(HIDDEN in content for content in files.values()) and "data/hidden.csv" not in files
    entries = package.entries(assignment)
    assert entries["data/train.csv"][0] == TRAIN and entries["data/hidden.csv"][0] == HIDDEN


def test_the_reference_grades_with_data_in_the_sandbox(assignment: Path, tmp_path: Path) -> None:
    """A case that passes hidden bytes as an argument, and student code that opens the handed-out file."""
    cases = assignment / "tests" / "grading"
    (cases / "hidden_1.py").write_text((cases / "hidden_1.py").read_text(encoding="utf-8") + '''

def data_reaches_the_child_as_an_argument_only(t: Trial) -> None:
    t.call("lire", "data/train.csv").satisfies(lambda text: text.startswith("x,y"), "le fichier")
    t.call("lire", "data/hidden.csv").satisfies(lambda text: text is None, "rien")
''', encoding="utf-8")
    path = assignment / "grading.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = data["questions"][0]
    question["points"] += 1
    data["parts"][question["part"]]["points"] += 1
    question["cases"].append({"name": "data_reaches_the_child_as_an_argument_only", "points": 1,
                              "visibility": "hidden"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    scheme = Scheme.load(assignment)
    student = tmp_path / scheme.student_file
    student.write_text(scheme.solution_path.read_text(encoding="utf-8") + '''

def lire(path):
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return None
''', encoding="utf-8")
    report = grade_path(student, scheme)
    outcome = next(o for o in report.outcomes if o.case.name == "data_reaches_the_child_as_an_argument_only")
    assert outcome.passed, outcome.feedback


def add_case(root: Path, module: str, body: str, visibility: str) -> None:
    """A case of one point named ``data_case`` in ``module``, added to the first question."""
    cases = root / "tests" / "grading"
    (cases / f"{module}.py").write_text((cases / f"{module}.py").read_text(encoding="utf-8") + body, encoding="utf-8")
    path = root / "grading.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = data["questions"][0]
    question["points"] += 1
    data["parts"][question["part"]]["points"] += 1
    question["cases"].append({"name": "data_case", "points": 1, "visibility": visibility})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


READER = '''

def lire(path):
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return None
'''


def test_check_py_runs_student_code_where_the_data_is(assignment: Path, tmp_path: Path) -> None:
    add_case(assignment, "public_1", '''

def data_case(t: Trial) -> None:
    t.call("lire", "data/train.csv").equals(t.data("data/train.csv").decode())
''', "public")
    bundle.build(assignment, tmp_path / "dist")
    folder = tmp_path / "dist" / "student"
    scheme = Scheme.load(assignment)
    (folder / scheme.student_file).write_text(scheme.solution_path.read_text(encoding="utf-8") + READER,
                                              encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, str(folder / "check.py")], capture_output=True, text=True, timeout=300,
                         cwd=elsewhere)
    assert "data_case" not in run.stdout, run.stdout  # a failing case is named
    (folder / "data" / "train.csv").write_bytes(b"autre\n")  # the case and the code read the same file
    assert "data_case" not in subprocess.run([sys.executable, str(folder / "check.py")], capture_output=True,
                                             text=True, timeout=300, cwd=elsewhere).stdout
    (folder / scheme.student_file).write_text(scheme.solution_path.read_text(encoding="utf-8") + READER.replace(
        "return file.read()", "return file.read()[1:]"), encoding="utf-8")
    assert "data_case" in subprocess.run([sys.executable, str(folder / "check.py")], capture_output=True,
                                         text=True, timeout=300, cwd=elsewhere).stdout


def test_the_otter_master_notebook_lists_the_data_and_build_copies_it_beside(assignment: Path) -> None:
    from autograder import notebook

    generated = notebook.generate(assignment)
    scheme = Scheme.load(assignment)
    folder = scheme.master_path.parent
    assert generated[folder / "data" / "train.csv"] == TRAIN and generated[folder / "data" / "hidden.csv"] == HIDDEN
    config = "".join(json.loads(generated[scheme.master_path])["cells"][0]["source"])
    settings = yaml.safe_load(config)
    assert settings["files"] == ["data/train.csv"] and settings["autograder_files"] == ["data/hidden.csv"]
