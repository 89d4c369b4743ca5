"""The student bundle: unzipped alone, its self-check runs on the stubs and on the reference."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import bundle, package
from autograder.scheme import ROOT, Scheme
from tests.helpers import secret_lines

SCHEME = Scheme.load(ROOT)
QUESTION_IDS = [q.id for q in SCHEME.questions]
PUBLIC_POINTS = sum(c.points for c in SCHEME.cases if c.public)
EXPECTED_FILES = {"README.md", "check.py", "devoir3.py", "devoir3.ipynb", "verification/__init__.py",
                  "verification/checking.py", "verification/pieces.py", "verification/cases.json", "verification/public_1.py",
                  "verification/public_2.py", "verification/public_3.py"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    written = bundle.build(ROOT, folder)
    assert set(written) == {folder / "student", folder / "student.zip"}
    return folder


@pytest.fixture
def unzipped(dist: Path, tmp_path: Path) -> Path:
    """The zip unpacked into an empty folder, far from the repository."""
    folder = tmp_path / "devoir"
    folder.mkdir()
    with zipfile.ZipFile(dist / "student.zip") as archive:
        archive.extractall(folder)
    return folder


def check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python check.py ARGS`` in ``folder``, with nothing of the repository on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    return subprocess.run([sys.executable, "check.py", *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)


def question_lines(stdout: str) -> dict[str, str]:
    """The per-question status lines, by question id."""
    return {line.split()[0]: line for line in stdout.splitlines()
            if line.split(" ")[0] in QUESTION_IDS}


def test_zip_holds_exactly_the_student_files(dist: Path) -> None:
    with zipfile.ZipFile(dist / "student.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert set(names) == EXPECTED_FILES
        assert {info.date_time for info in archive.infolist()} == {package.ZIP_DATE}
    on_disk = {p.relative_to(dist / "student").as_posix() for p in (dist / "student").rglob("*") if p.is_file()}
    assert on_disk == EXPECTED_FILES


def test_zip_is_reproducible(dist: Path, tmp_path: Path) -> None:
    bundle.build(ROOT, tmp_path)
    assert (tmp_path / "student.zip").read_bytes() == (dist / "student.zip").read_bytes()


def test_nothing_hidden_and_no_solution(dist: Path) -> None:
    texts = {name: (dist / "student" / name).read_text(encoding="utf-8") for name in EXPECTED_FILES}
    assert not any("hidden_" in name for name in texts)
    for case in SCHEME.cases:
        if not case.public:
            assert not [n for n, t in texts.items() if case.name in t], f"hidden case {case.name} leaked"
    assert texts["devoir3.py"] == (ROOT / "student_template" / "devoir3.py").read_text(encoding="utf-8")
    answers = secret_lines()
    for name, text in texts.items():
        assert "BEGIN SOLUTION" not in text, name
        leaked = [line for line in answers if line in text]
        assert not leaked, f"{name} holds solution code: {leaked[:3]}"


def test_cases_json_lists_every_public_case_with_its_seed(dist: Path) -> None:
    from autograder.runner import case_seed

    spec = json.loads((dist / "student" / "verification" / "cases.json").read_text(encoding="utf-8"))
    assert spec["total"] == 65 and spec["public_total"] == PUBLIC_POINTS
    assert [q["id"] for q in spec["questions"]] == QUESTION_IDS
    listed = {c["name"]: c for q in spec["questions"] for c in q["cases"]}
    public = {c.name: c for c in SCHEME.cases if c.public}
    assert set(listed) == set(public)
    for name, case in public.items():
        assert listed[name]["seed"] == case_seed(case, b"")
        assert listed[name]["points"] == case.points and listed[name]["module"] == case.module


def test_check_on_the_stubs_fails_every_question_cleanly(unzipped: Path) -> None:
    run = check(unzipped)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = question_lines(run.stdout)
    assert list(lines) == QUESTION_IDS
    assert all("échec" in line for line in lines.values())
    assert "NotImplementedError" in run.stdout
    assert f"points assurés par les cas publics : 0 / {PUBLIC_POINTS:g}" in run.stdout
    assert "65" in run.stdout and "cachés" in run.stdout


def test_check_on_the_reference_passes_every_public_case(unzipped: Path) -> None:
    shutil.copy(ROOT / "solutions" / "devoir3.py", unzipped / "devoir3.py")
    run = check(unzipped)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = question_lines(run.stdout)
    assert list(lines) == QUESTION_IDS
    assert all("réussi" in line for line in lines.values()), run.stdout
    assert f"points assurés par les cas publics : {PUBLIC_POINTS:g} / {PUBLIC_POINTS:g}" in run.stdout


def test_check_one_question(unzipped: Path) -> None:
    shutil.copy(ROOT / "solutions" / "devoir3.py", unzipped / "devoir3.py")
    run = check(unzipped, "1e")
    assert run.returncode == 0, run.stderr
    assert list(question_lines(run.stdout)) == ["1e"]
    assert "réussi" in question_lines(run.stdout)["1e"]


def test_check_unknown_question_says_so_in_french(unzipped: Path) -> None:
    run = check(unzipped, "9z")
    assert run.returncode == 2
    assert "Question inconnue : 9z" in run.stderr
    assert "1a" in run.stderr and not question_lines(run.stdout)


def test_check_picks_the_notebook_when_only_it_was_changed(unzipped: Path) -> None:
    notebook = json.loads((unzipped / "devoir3.ipynb").read_text(encoding="utf-8"))
    reference = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
    notebook["cells"] = [c for c in notebook["cells"] if c["cell_type"] != "code"]
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "x", "metadata": {},
                              "outputs": [], "source": ["%matplotlib inline\n", reference]})
    (unzipped / "devoir3.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    run = check(unzipped, "1a", "3d")
    assert "Fichier vérifié : devoir3.ipynb" in run.stdout
    assert all("réussi" in line for line in question_lines(run.stdout).values()), run.stdout


def test_the_self_check_skips_a_broken_block_as_the_grader_does(unzipped: Path) -> None:
    reference = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
    (unzipped / "devoir3.py").write_text(reference + "\ndef broken(x:\n    return x\n", encoding="utf-8")
    run = check(unzipped, "1a")
    assert run.returncode == 0, run.stderr
    assert "Erreur de syntaxe" in run.stdout + run.stderr
    assert "réussi" in question_lines(run.stdout)["1a"]
