"""The student bundle: unzipped alone into its own folder, its self-check runs on the stubs and on the reference,
and says in one French line what it cannot check."""

from __future__ import annotations

import json
import os
import re
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
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
EXPECTED_FILES = {"LISEZMOI.md", "enonce.md", "errata.md", "check.py", "devoir3.py", "devoir3.ipynb", "verification/__init__.py",
                  "verification/checking.py", "verification/messages.py", "verification/pieces.py",
                  "verification/quoting.py", "verification/alarm.py",
                  "verification/cases.json", "verification/shared.py",
                  "verification/public_1.py", "verification/public_2.py", "verification/public_3.py"}


def french(value: float) -> str:
    """A number as check.py writes it: 1,5."""
    return f"{value:g}".replace(".", ",")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    written = bundle.build(ROOT, folder)
    assert set(written) == {folder / "student", folder / "student.zip"}
    return folder


@pytest.fixture
def unzipped(dist: Path, tmp_path: Path) -> Path:
    """The zip unpacked into an empty folder, far from the repository: its files are in devoir3/."""
    with zipfile.ZipFile(dist / "student.zip") as archive:
        archive.extractall(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["devoir3"]
    return tmp_path / "devoir3"


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
        assert all(name.startswith("devoir3/") for name in names)  # unpacks into its own folder
        assert {name.removeprefix("devoir3/") for name in names} == EXPECTED_FILES
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
    assert texts["LISEZMOI.md"] == (ROOT / "student_template" / "LISEZMOI.md").read_text(encoding="utf-8")
    assert texts["enonce.md"] == (ROOT / "assignment" / "enonce.md").read_text(encoding="utf-8")
    assert texts["errata.md"] == (ROOT / "assignment" / "errata.md").read_text(encoding="utf-8")
    # The instructor's record of grading choices states answers (formulas of 1m, 2i, 2k): it stays out.
    choices = (ROOT / "docs" / "grading-choices.md").read_text(encoding="utf-8")
    for answer in ("the gradient is S(x) - c", "n_theta = d_h d + d_h + m d_h + m",
                   "theta - lr (grad + 2 lambda theta)"):
        assert answer in choices and not [n for n, t in texts.items() if answer in t], answer
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
    assert f"points assurés par les cas publics : 0 / {french(PUBLIC_POINTS)}" in run.stdout
    assert "65" in run.stdout and "cachés" in run.stdout


def test_check_on_the_reference_passes_every_public_case(unzipped: Path) -> None:
    shutil.copy(ROOT / "solutions" / "devoir3.py", unzipped / "devoir3.py")
    run = check(unzipped)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = question_lines(run.stdout)
    assert list(lines) == QUESTION_IDS
    assert all("réussi" in line for line in lines.values()), run.stdout
    assert f"points assurés par les cas publics : {french(PUBLIC_POINTS)} / {french(PUBLIC_POINTS)}" in run.stdout
    assert not re.search(r"\d\.\d", run.stdout), "decimals in French take a comma"


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
    (unzipped / "devoir3.py").write_text(REFERENCE + "\ndef broken(x:\n    return x\n", encoding="utf-8")
    run = check(unzipped, "1a")
    assert run.returncode == 0, run.stderr
    assert "erreur de syntaxe" in (run.stdout + run.stderr).lower()
    assert "réussi" in question_lines(run.stdout)["1a"]


def test_a_syntax_error_is_named_where_it_is(unzipped: Path) -> None:
    source = REFERENCE.replace("def sign(x):", "def sign(x)", 1)
    line = source.splitlines().index("def sign(x)") + 1
    (unzipped / "devoir3.py").write_text(source, encoding="utf-8")
    run = check(unzipped, "1a", "1b")
    assert run.returncode == 0, run.stderr
    below = run.stdout.split(question_lines(run.stdout)["1a"])[1].split("\n1b")[0]
    assert f"la fonction sign n'a pas pu être lue : erreur de syntaxe dans devoir3.py, ligne {line}" in below
    assert "n'est pas définie" not in run.stdout and "Exécutez cet appel" not in run.stdout
    assert "réussi" in question_lines(run.stdout)["1b"]


def test_a_syntax_error_in_a_notebook_cell_is_named_with_its_cell(unzipped: Path) -> None:
    notebook = json.loads((unzipped / "devoir3.ipynb").read_text(encoding="utf-8"))
    notebook["cells"] = [c for c in notebook["cells"] if c["cell_type"] != "code"]
    notebook["cells"] += [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                           "outputs": [], "source": source}
                          for i, source in enumerate(["import numpy as np\n", "def sign(x)\n    return x\n"])]
    (unzipped / "devoir3.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    run = check(unzipped, "1a", "--fichier", "devoir3.ipynb")
    assert "la fonction sign n'a pas pu être lue : erreur de syntaxe dans devoir3.ipynb, cellule 2, ligne 1 : " \
           "expected ':'." in run.stdout, run.stdout


def test_a_cell_the_compiler_gives_up_on_and_that_cannot_be_cut_is_named_not_a_traceback(unzipped: Path) -> None:
    """Nested too deeply for the compiler, then unclosed: the statement-by-statement fallback cannot cut it."""
    notebook = json.loads((unzipped / "devoir3.ipynb").read_text(encoding="utf-8"))
    notebook["cells"] = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                          "outputs": [], "source": source}
                         for i, source in enumerate(["import numpy as np\n",
                                                     "def f():\n    return " + "-" * 300000 + "1\n\nx = (\n"])]
    (unzipped / "devoir3.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    run = check(unzipped, "1a", "--fichier", "devoir3.ipynb")
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert "la cellule de code 2 : " in run.stdout, run.stdout


def test_missing_functions_are_explained_once_not_per_case(unzipped: Path) -> None:
    (unzipped / "devoir3.py").write_text("import numpy as np\n", encoding="utf-8")
    run = check(unzipped)
    assert run.returncode == 0, run.stderr
    assert "Exécutez cet appel" not in run.stdout and "- cas " not in run.stdout
    functions = [f for q in SCHEME.questions for f in q.functions]
    assert run.stdout.count("n'est pas définie dans devoir3.py") == len(set(functions))


@pytest.mark.parametrize("name, content, words", [
    ("nope.py", None, "Le fichier nope.py est introuvable"),
    ("vide.py", b"  \n", "vide.py est vide"),
    ("binaire.py", b"\x7fELF\x00\x01" * 20, "binaire"),
    ("latin1.py", "x = 'é'\n".encode("latin-1"), "UTF-8"),
    ("abime.ipynb", b'{"cells": [', "n'est pas un notebook Jupyter lisible"),
    ("notes.txt", b"x = 1\n", "ni un fichier .py ni un notebook"),
])
def test_a_file_that_cannot_be_checked_is_one_french_line(unzipped: Path, name: str, content: bytes | None,
                                                          words: str) -> None:
    if content is not None:
        (unzipped / name).write_bytes(content)
    run = check(unzipped, "--fichier", name)
    assert run.returncode == 2 and not question_lines(run.stdout)
    assert words in run.stderr and "Traceback" not in run.stderr
    assert len([line for line in run.stderr.splitlines() if not line.startswith("Utilisation")]) == 1, run.stderr


def test_own_prints_are_shown_on_request(unzipped: Path) -> None:
    source = REFERENCE.replace("def softmax(x):", "print('au chargement')\n\n\ndef softmax(x):\n"
                               "    print('dans softmax')", 1)
    (unzipped / "devoir3.py").write_text(source, encoding="utf-8")
    hidden = check(unzipped, "1h")
    assert "dans softmax" not in hidden.stdout and "--sorties" in hidden.stdout
    shown = check(unzipped, "1h", "--sorties")
    assert shown.returncode == 0, shown.stderr
    assert "│ au chargement" in shown.stdout and "      │ dans softmax" in shown.stdout
    assert "réussi" in question_lines(shown.stdout)["1h"]


def test_untouched_stubs_get_one_line_per_unimplemented_function(unzipped: Path) -> None:
    run = check(unzipped)
    assert run.returncode == 0, run.stderr
    functions = {f for q in SCHEME.questions for f in q.functions}
    told = re.findall(r"la fonction (\w+) n'est pas encore implémentée", run.stdout)
    assert set(told) == functions and len(told) == len(functions), run.stdout
    assert "- cas " not in run.stdout and len(run.stdout.splitlines()) < len(functions) + len(QUESTION_IDS) + 20


def test_a_failed_call_names_the_line_of_the_students_file(unzipped: Path) -> None:
    source = REFERENCE + "\n\ndef sign(x):\n    y = 1\n    raise ValueError('\\x1b[2Jfaux')\n"
    (unzipped / "devoir3.py").write_text(source, encoding="utf-8")
    run = check(unzipped, "1a")
    line = source.count("\n")
    assert f"a échoué : ValueError: «\\x1b[2Jfaux» (ligne {line})" in run.stdout, run.stdout
    assert "\x1b" not in run.stdout  # the student's terminal escape is shown, not obeyed


def test_an_import_gradescope_lacks_is_named_before_the_cases(unzipped: Path) -> None:
    (unzipped / "devoir3.py").write_text("import json\nfrom scipy.special import expit\n" + REFERENCE,
                                         encoding="utf-8")
    run = check(unzipped, "1a")
    warning = ("Attention : votre fichier importe scipy, qui n'est pas disponible pendant la correction sur "
               "Gradescope")
    assert run.stdout.count(warning) == 1 and run.stdout.index(warning) < run.stdout.index("\n1a ")
    (unzipped / "devoir3.py").write_text("import json\n" + REFERENCE, encoding="utf-8")
    assert "n'est pas disponible" not in check(unzipped, "1a").stdout


def test_magics_and_saved_outputs_are_read_as_jupyter_runs_them(unzipped: Path) -> None:
    cells = ["%matplotlib inline\n!pip install numpy\n" + REFERENCE, "%%time\nx = sign(np.array([1.0]))\nsign?"]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": f"c{i}", "metadata": {}, "source": source,
         "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 1_300_000}}]}
        for i, source in enumerate(cells)]}
    (unzipped / "devoir3.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    run = check(unzipped, "1a", "--fichier", "devoir3.ipynb")
    assert "réussi" in question_lines(run.stdout)["1a"], run.stdout + run.stderr
    assert "commande shell ignorée (!pip install numpy)" in run.stdout
