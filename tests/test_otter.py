"""The otter-grader master notebook: up to date, leak-free, and grading as our own engine does.

The first tests need nothing but the project. The others run otter itself
(``otter assign`` once for the module, then ``otter run`` and ``grader.check``):
they take about a minute and are skipped, with the reason, when otter-grader
is not installed (``pip install -e '.[dev]'`` installs it).
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from autograder import checking, notebook
from autograder.feedback import render
from autograder.messages import message
from autograder.runner import grade_path
from autograder.scheme import ROOT, Scheme
from autograder.stubs import render_stub
from tests.helpers import solution_lines

MASTER = ROOT / "assignment" / "devoir3.ipynb"
SOLUTION = ROOT / "solutions" / "devoir3.py"
GRADING = ROOT / "tests" / "grading"
REGENERATE = "regenerate it with `python -m autograder build`"


def code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# --- without otter --------------------------------------------------------


def test_master_notebook_is_up_to_date() -> None:
    generated = notebook.generate(ROOT)
    assert set(generated) == {MASTER}
    assert MASTER.is_file(), f"{MASTER.relative_to(ROOT)} is missing: {REGENERATE}"
    assert MASTER.read_text(encoding="utf-8") == generated[MASTER], \
        f"{MASTER.relative_to(ROOT)} differs from what solutions/, tests/ and grading.yaml give: {REGENERATE}"


def test_master_notebook_covers_every_question_and_case(scheme: Scheme) -> None:
    nb = json.loads(MASTER.read_text(encoding="utf-8"))
    config = "".join(nb["cells"][0]["source"])
    assert config.startswith("# ASSIGNMENT CONFIG") and "points_possible: 65" in config
    assert f'python_version: "{notebook.PYTHON_VERSION}"' in config
    sources = ["".join(c["source"]) for c in nb["cells"]]
    for question in scheme.questions:
        assert f'# BEGIN QUESTION\nname: "{question.id}"\npoints: {question.points:g}\n' in sources
        for case in question.cases:
            cells = [s for s in sources if f"def test_{case.name}(env):" in s]
            assert len(cells) == 1, case.name
            assert f"points: {case.points:g}\n" in cells[0]
            assert ("hidden: true" in cells[0]) is not case.public


def test_embedded_feedback_matches_the_engine(scheme: Scheme) -> None:
    """The test cells word failures as autograder.feedback and autograder.runner do."""
    hidden_note = render(checking.Failure("r"), public=False, language=scheme.language).splitlines()[1]
    cells = ["".join(c["source"]) for c in notebook.master_notebook(scheme)["cells"] if "-test-" in c["id"]]
    hidden = [c for c in cells if "hidden: true" in c]
    assert hidden and all(repr(hidden_note) in c for c in hidden)
    assert all(repr(message("case.uncheckable", scheme.language)) in c for c in cells)


def test_student_notebook_has_stubs_only(scheme: Scheme) -> None:
    nb = notebook.student_notebook(ROOT)
    assert nb["nbformat"] == 4 and len({c["id"] for c in nb["cells"]}) == len(nb["cells"])
    cells = code_cells(nb)
    assert cells[0] == "import numpy as np\n"
    stub_functions = notebook.function_sources(render_stub(SOLUTION.read_text(encoding="utf-8")))
    for question, source in zip(scheme.questions, cells[1:], strict=True):
        defined = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
        assert defined == list(question.functions)
        assert source == "\n\n".join(stub_functions[name] for name in question.functions)
    leaked = solution_lines() & {
        line.strip() for source in cells for line in source.splitlines()}
    assert not leaked
    outro = "".join(nb["cells"][-1]["source"])
    assert "python check.py" in outro and "devoir3.ipynb" in outro


# --- with otter -----------------------------------------------------------


def otter(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m otter ...`` with the interpreter running the tests (where otter is installed)."""
    done = subprocess.run([sys.executable, "-m", "otter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"otter {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def assigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ``otter assign`` of the committed master notebook (it also runs the tests on the solutions)."""
    pytest.importorskip("otter", reason="otter-grader is not installed: pip install -e '.[dev]'")
    out = tmp_path_factory.mktemp("otter") / "dist"
    otter("assign", str(MASTER), str(out))
    return out


def autograder_zip(assigned: Path) -> Path:
    (zip_path,) = (assigned / "autograder").glob(f"{Scheme.load(ROOT).module}-autograder_*.zip")
    return zip_path


def test_otter_assign_hides_answers_and_hidden_tests(assigned: Path, scheme: Scheme) -> None:
    student = assigned / "student"
    assert sorted(p.name for p in student.iterdir()) == ["devoir3.ipynb", "tests"]
    handed = {p: p.read_text(encoding="utf-8") for p in student.rglob("*") if p.is_file()}
    everything = "\n".join(handed.values())

    # no reference solution code in the student notebook
    nb = json.loads(handed[student / "devoir3.ipynb"])
    cells = code_cells(nb)
    lines = {line.strip() for source in cells for line in source.splitlines()}
    assert not solution_lines() & lines
    assert sum(source.count("raise NotImplementedError") for source in cells) == \
        sum(len(q.functions) for q in scheme.questions)

    # nothing of the hidden cases: names (their seeds are computed from the submission), helpers (raw or embedded)
    for case in scheme.cases:
        if not case.public:
            assert case.name not in everything, f"hidden case {case.name} reaches students"
    shared = {ast.unparse(node) for path in (notebook.CHECKING, *(GRADING / f"public_{n}.py" for n in (1, 2, 3)))
              for node in ast.parse(path.read_text(encoding="utf-8")).body}
    for name in ("hidden_1", "hidden_2", "hidden_3"):
        source = (GRADING / f"{name}.py").read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Assign)) or ast.unparse(node) in shared:
                continue
            raw = ast.get_source_segment(source, node)
            embedded = notebook.embedded_source([node], docstrings=True)[0]
            assert raw not in everything and embedded not in everything, \
                f"{name}.py: {raw.splitlines()[0]} reaches students"

    # otter's student tests/ folder: one file per question, public cases only
    from otter.test_files import ExceptionTestFile

    tests = sorted((student / "tests").iterdir())
    assert [p.stem for p in tests] == sorted(q.id for q in scheme.questions)
    for path in tests:
        test_file = ExceptionTestFile.from_file(str(path))
        question = scheme.question(path.stem)
        assert not any(tc.hidden for tc in test_file.test_cases)
        assert len(test_file.test_cases) == sum(c.public for c in question.cases)

    # the autograder zip pins the Python and the points; hidden cases are in it
    with zipfile.ZipFile(autograder_zip(assigned)) as archive:
        config = json.loads(archive.read("otter_config.json"))
        environment = archive.read("environment.yml").decode()
        names = archive.namelist()
        graded = "\n".join(archive.read(n).decode() for n in names if n.startswith("tests/"))
    assert config["points_possible"] == 65
    assert f"python={notebook.PYTHON_VERSION}" in environment
    assert sorted(n for n in names if n.startswith("tests/")) == sorted(f"tests/{q.id}.py" for q in scheme.questions)
    assert all(f"def test_{case.name}(env):" in graded for case in scheme.cases)


def fill(nb: dict, questions: list, solution: str) -> dict:
    """The notebook with the reference code in the answer cells of ``questions``."""
    reference = notebook.function_sources(solution)
    wanted = {name for q in questions for name in q.functions}
    filled = json.loads(json.dumps(nb))
    for cell in filled["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        if names and set(names) <= wanted:
            cell["source"] = "\n\n".join(reference[name] for name in names)
    return filled


def otter_scores(assigned: Path, submissions: dict[str, Path], out: Path) -> dict[str, float]:
    """``otter run`` of each submission (concurrently), and the score of its results.json."""
    runs = {}
    for label, submission in submissions.items():
        (out / label).mkdir(parents=True)
        runs[label] = subprocess.Popen(
            [sys.executable, "-m", "otter", "run", "-a", str(autograder_zip(assigned)), "-o", str(out / label),
             str(submission)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    scores = {}
    for label, run in runs.items():
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, f"otter run on {label} failed:\n{output[-3000:]}"
        results = json.loads((out / label / "results.json").read_text(encoding="utf-8"))
        per_question = sum(t.get("score") or 0 for t in results["tests"] if t.get("max_score") is not None)
        assert per_question == pytest.approx(results["score"])
        scores[label] = results["score"]
    return scores


def test_otter_run_and_our_engine_agree(assigned: Path, scheme: Scheme, tmp_path: Path) -> None:
    """otter: solutions 65, untouched 0; a half-filled notebook scores the same under otter, under our
    engine and as the equivalent devoir3.py."""
    solution = SOLUTION.read_text(encoding="utf-8")
    answered = list(scheme.questions[::2])
    student_nb = json.loads((assigned / "student" / "devoir3.ipynb").read_text(encoding="utf-8"))
    (tmp_path / "nb").mkdir()
    filled_nb = tmp_path / "nb" / "devoir3.ipynb"
    filled_nb.write_text(json.dumps(fill(student_nb, answered, solution), ensure_ascii=False), encoding="utf-8")
    stub = render_stub(solution)
    stubs, reference = notebook.function_sources(stub), notebook.function_sources(solution)
    for name in (n for q in answered for n in q.functions):
        stub = stub.replace(stubs[name], reference[name])
    (tmp_path / "py").mkdir()
    filled_py = tmp_path / "py" / "devoir3.py"
    filled_py.write_text(stub, encoding="utf-8")
    expected = sum(q.points for q in answered)

    scores = otter_scores(assigned, {"solution": assigned / "autograder" / "devoir3.ipynb",
                                     "untouched": assigned / "student" / "devoir3.ipynb",
                                     "filled": filled_nb}, tmp_path / "otter")
    assert scores == {"solution": 65, "untouched": 0, "filled": pytest.approx(expected)}
    assert grade_path(filled_py, scheme).score == pytest.approx(expected)
    assert grade_path(filled_nb, scheme).score == pytest.approx(expected)


def test_grader_check_gives_public_feedback(assigned: Path, tmp_path: Path) -> None:
    """In the student notebook, grader.check("1a") runs the public case and words the failure in French."""
    student = tmp_path / "student"
    shutil.copytree(assigned / "student", student)
    script = textwrap.dedent('''
        import json
        import numpy as np
        import otter
        grader = otter.Notebook("devoir3.ipynb")
        def sign(x):
            return np.sign(x) + 1
        wrong = grader.check("1a")
        def sign(x):
            return np.sign(x)
        right = grader.check("1a")
        print(json.dumps({"wrong": str(wrong), "wrong_grade": wrong.grade, "right_grade": right.grade,
                          "cases": len(right.test_cases)}))
    ''')
    done = subprocess.run([sys.executable, "-c", script], cwd=student, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["wrong_grade"] == 0 and report["right_grade"] == 1 and report["cases"] == 1
    assert "AssertionError: sign(" in report["wrong"] and "attendu" in report["wrong"]


def test_hidden_cases_under_otter_are_seeded_by_the_submission() -> None:
    def seed_of(source: str) -> int:
        scope: dict = {"env": {}}
        exec(source, scope["env"])
        exec(notebook.SUBMISSION_SEED, scope)
        return scope["_submission_seed"]("softmax_hidden", ["softmax"])

    answer = "def softmax(x):\n    return x\n"
    assert seed_of(answer) == seed_of(answer)
    assert seed_of(answer) != seed_of("def softmax(x):\n    return x + 0\n")
