"""``python -m autograder verify`` and the checks ``build`` runs first, on the engine's own fixture assignment.

tests/fixture is a small English assignment made for the engine's tests
(two parts, a shared helpers module, mutants, an alternative, an equivalent
mutant). Each test copies it, makes one authoring mistake a new instructor
makes, and expects the command to stop on it with a line naming where it is.
The last tests run verify on the two real assignments of the repository,
Devoir 3 and the warm-up: it replaces the warm-up's own mutant test.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from autograder import cli
from autograder.scheme import ROOT

FIXTURE = ROOT / "tests" / "fixture"


@pytest.fixture
def fixture(tmp_path: Path) -> Path:
    """A fresh copy of the fixture assignment, its derived files built."""
    copy = tmp_path / "fixture"
    shutil.copytree(FIXTURE, copy, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The line of ``path`` where ``text`` first occurs (computed from the file, not from the tool under test)."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def build(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str, str]:
    return run(capsys, "--assignment", str(root), "build", "--dist", str(root.parent / "dist"))


def test_the_fixture_is_ready_and_builds(capsys: pytest.CaptureFixture[str], fixture: Path) -> None:
    code, out, err = build(capsys, fixture)
    assert code == 0, err
    code, out, err = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1")
    assert code == 0, out + err
    assert out.splitlines()[0].startswith("Assignment: Engine fixture — vectors and probabilities (")
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[2:10]}
    assert rows == dict.fromkeys(["reference", "stubs", "mutants", "alternatives", "mutation", "hidden-feedback",
                                  "bundle", "notebook"], "ok")
    assert out.rstrip().endswith("ready to hand out")


@pytest.mark.parametrize("file, old, new, words", [
    ("grading.yaml", "{name: scale_public,", "{name: scale_publik,",
     ["question 1a, case scale_publik: case scale_publik is not defined in"]),
    ("grading.yaml", "points: 0.5, visibility: public}, {name: scale_hidden",
     "points: 0.5, visiblity: public}, {name: scale_hidden",
     ["question 1a, case scale_public: unknown key 'visiblity' (did you mean 'visibility'?)"]),
    ("grading.yaml", "timeout: 3", "timout: 3", ["unknown key 'timout' (did you mean 'timeout'?)"]),
    ("grading.yaml", "functions: [scale]", "functions: [scales]",
     ["question 1a: function scales is not defined in", "function scales is never called"]),
    ("grading.yaml", "{id: 2a, part: 2, points: 2,", "{id: 2a, part: 2, points: 3,",
     ["question 2a: the cases of 2a do not add up to 3 points"]),
    ("grading.yaml", "visibility: hidden}]}\n  - {id: 1b", "visibility: secret}]}\n  - {id: 1b",
     ["question 1a, case scale_hidden: visibility: 'secret' is not one of ['public', 'hidden']"]),
])
def test_a_mistake_in_grading_yaml_names_its_line(capsys: pytest.CaptureFixture[str], fixture: Path, file: str,
                                                   old: str, new: str, words: list[str]) -> None:
    edit(fixture / file, old, new)
    code, out, err = build(capsys, fixture)
    assert code == 2 and "wrote" not in out, out
    line = line_of(fixture / file, new.split("\n")[0])
    for word in words:
        assert re.search(rf"grading\.yaml:{line}: .*{re.escape(word)}", err), (word, err)
    assert "Traceback" not in err and not (fixture.parent / "dist").exists()


@pytest.mark.parametrize("file, old, new, mark, words", [
    ("tests/grading/public_1.py", "def scale_public(t: Trial) -> None:", "def scale_public(t: Trial) -> None\n",
     "def scale_public(t: Trial) -> None", "syntax error"),
    ("solutions/fixture.py", "    # END SOLUTION\n\n\ndef softmax", "    # END SOLUTON\n\n\ndef softmax",
     "# END SOLUTON", "'# END SOLUTON' is not a marker"),
    ("tests/grading/public_2.py", "def expectation_public", "def expectation_extra(t: Trial) -> None:\n    pass\n\n\n"
     "def expectation_public", "def expectation_extra", "function expectation_extra is not a case of grading.yaml"),
    ("tests/grading/hidden_2.py", "from autograder.checking import Trial, ulps",
     "from autograder.checking import Trial, ulps\n\nLIMIT = 1 / 0", "LIMIT = 1 / 0",
     "ZeroDivisionError while importing the cases"),
])
def test_a_mistake_in_an_authored_file_names_file_and_line(capsys: pytest.CaptureFixture[str], fixture: Path,
                                                             file: str, old: str, new: str, mark: str,
                                                             words: str) -> None:
    edit(fixture / file, old, new)
    code, out, err = build(capsys, fixture)
    assert code == 2, out + err
    assert f"{Path(file).name}:{line_of(fixture / file, mark)}: " in err and words in err, err
    assert "Traceback" not in err


def test_a_missing_statement_names_its_line(capsys: pytest.CaptureFixture[str], fixture: Path) -> None:
    (fixture / "assignment" / "handout.md").unlink()
    code, _, err = build(capsys, fixture)
    assert code == 2
    line = line_of(fixture / "grading.yaml", "handout: assignment/handout.md")
    assert f"grading.yaml:{line}: handout assignment/handout.md is not a file of the assignment" in err, err


def test_a_graded_function_hidden_from_the_stubs_or_never_called_is_refused(
        capsys: pytest.CaptureFixture[str], fixture: Path) -> None:
    edit(fixture / "solutions" / "fixture.py", '\ndef scale(x, a):\n    """Question 1a',
         '\n# BEGIN SOLUTION\ndef helper(x):\n    return x\n# END SOLUTION\n\n\ndef norm(x):\n'
         '    """Unused."""\n    # BEGIN SOLUTION\n    return 1.0\n    # END SOLUTION\n\n\n'
         'def scale(x, a):\n    """Question 1a')
    edit(fixture / "grading.yaml", "functions: [scale]", "functions: [scale, norm, helper]")
    code, _, err = build(capsys, fixture)
    assert code == 2
    assert "function norm is never called by the cases of question 1a" in err
    assert "function helper disappears from the stubs" in err


@pytest.mark.parametrize("file, source, check, words", [
    ("tests/mutants/part2.py", 'Mutant("2a", "expectation",\n           "def expectation(values, probabilities):\\n'
     '    return float(sum(v * p for v, p in zip(values, probabilities)))\\n",\n           "A correct loop.")',
     "mutants", "keeps every point of 2a"),
    ("tests/mutants/part1.py", 'Mutant("1a", "scale", "def scale(x, a):\\n    return np.asarray(x) * -a\\n",\n'
     '           "Sign flipped.", hint="a sign word no feedback says")',
     "mutants", "its feedback does not say 'a sign word no feedback says'"),
    ("tests/alternatives/part1.py", 'Alternative("1a", "def scale(x, a):\\n    return np.asarray(x) + a\\n", '
     '"Wrong, yet listed as correct.")', "alternatives", "scale_public fails"),
])
def test_verify_catches_a_wrong_variant(capsys: pytest.CaptureFixture[str], fixture: Path, file: str, source: str,
                                         check: str, words: str) -> None:
    edit(fixture / file, "\n]\n", f"\n    {source},\n]\n")
    assert build(capsys, fixture)[0] == 0
    code, out, _ = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1", "--skip", "mutation")
    assert code == 1
    assert re.search(rf"^{check}\s+FAIL", out, re.MULTILINE) and words in out, out
    assert out.rstrip().endswith(f"NOT READY: {check} failed")


def test_verify_catches_a_hidden_case_that_shows_its_expected_value(capsys: pytest.CaptureFixture[str],
                                                                    fixture: Path) -> None:
    edit(fixture / "tests" / "grading" / "hidden_2.py", '    t.call("expectation", values, probabilities).number()',
         '    result = t.call("expectation", values, probabilities).number()\n'
         '    if abs(result.value - float(values @ probabilities)) > 1e-9:\n'
         '        raise result.fail(f"E[X] = {float(values @ probabilities)!r}")\n'
         '    result')
    assert build(capsys, fixture)[0] == 0
    code, out, _ = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1", "--skip", "mutation")
    assert code == 1 and re.search(r"^hidden-feedback\s+FAIL", out, re.MULTILINE), out
    assert "expectation_hidden (failed by 2a expectation (Ignores the probabilities.)) shows the number" in out


def test_verify_catches_an_answer_handed_out(capsys: pytest.CaptureFixture[str], fixture: Path) -> None:
    edit(fixture / "tests" / "grading" / "public_2.py", '"""1 (1/2)',
         '"""Worked out by hand, as the reference does it:\n    return float(np.dot(values, probabilities))\n    1 (1/2)')
    assert build(capsys, fixture)[0] == 0
    code, out, _ = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1", "--skip", "mutation")
    assert code == 1 and re.search(r"^bundle\s+FAIL", out, re.MULTILINE), out
    assert "verification/public_2.py: holds a line of the reference's answers" in out


def test_verify_catches_a_hidden_case_named_in_the_bundle(capsys: pytest.CaptureFixture[str],
                                                          fixture: Path) -> None:
    edit(fixture / "tests" / "grading" / "public_2.py", '"""1 (1/2)', '"""See also expectation_hidden.\n\n    1 (1/2)')
    assert build(capsys, fixture)[0] == 0
    code, out, _ = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1", "--skip", "mutation")
    assert code == 1 and "verification/public_2.py: names the hidden case expectation_hidden" in out, out


def test_verify_refuses_derived_files_older_than_their_sources(capsys: pytest.CaptureFixture[str],
                                                               fixture: Path) -> None:
    assert build(capsys, fixture)[0] == 0
    edit(fixture / "solutions" / "fixture.py", "Question 1a —", "Question 1a (changed) —")
    code, _, err = run(capsys, "--assignment", str(fixture), "verify", "--jobs", "1")
    assert code == 2 and "student_template/fixture.py: missing or older than its sources: run build first" in err


def test_the_otter_cells_carry_the_shared_helpers(capsys: pytest.CaptureFixture[str], fixture: Path) -> None:
    """A test cell of a case that uses tests/grading/shared.py runs alone: the helper is embedded in it."""
    assert build(capsys, fixture)[0] == 0
    master = json.loads((fixture / "assignment" / "fixture.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in master["cells"] if c.get("id") == "q1b-test-softmax_public")
    assert "def handout_softmax" in cell and "from .shared" not in cell
    reference: dict = {}
    exec((fixture / "solutions" / "fixture.py").read_text(encoding="utf-8"), reference)
    namespace: dict = {}
    exec(cell, namespace)
    namespace["test_softmax_public"](reference)  # passes on the reference
    wrong = dict(reference, softmax=lambda x: [0.5] * len(x))
    with pytest.raises(AssertionError):
        namespace["test_softmax_public"](wrong)
    student = fixture.parent / "dist" / "student" / "verification"
    assert (student / "shared.py").is_file()
    with zipfile.ZipFile(fixture.parent / "dist" / "autograder.zip") as archive:
        assert "tests/grading/shared.py" in archive.namelist()
    assert "from .shared import handout_softmax" in (student / "public_1.py").read_text(encoding="utf-8")


def test_the_warm_up_is_ready(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--assignment", str(ROOT / "examples" / "echauffement"), "verify", "--jobs", "2")
    assert code == 0, out + err


def test_devoir_3_is_ready(capsys: pytest.CaptureFixture[str]) -> None:
    """Every check but the two that other tests run on Devoir 3 already: the full mutation (tests/test_mutate.py)
    and the notebooks (tests/test_otter.py). The README's `verify` (tests/test_docs.py) runs them all."""
    code, out, err = run(capsys, "--assignment", str(ROOT), "verify", "--skip", "mutation", "--skip", "notebook")
    assert code == 0, out + err
