"""Grading one submission end to end, on the engine's own fixture assignment (tests/fixture, in English):
the reference, the stub, seeds, feedback, the command line. Devoir 3 keeps its own tests (test_grading.py,
test_sweep.py, and ``verify`` in test_verify.py)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from autograder.messages import message
from autograder.results import SCHEMA_PATH, to_results
from autograder.runner import case_seed, grade_path
from autograder.scheme import ROOT, Scheme

FIXTURE = ROOT / "tests" / "fixture"


@pytest.fixture(scope="module")
def fixture() -> Scheme:
    return Scheme.load(FIXTURE)


@pytest.fixture(scope="module")
def reference(fixture: Scheme) -> str:
    return fixture.solution_path.read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    def written(source: str) -> Path:
        path = tmp_path / "fixture.py"
        path.write_text(source, encoding="utf-8")
        return path
    return written


def test_the_reference_scores_every_point_part_by_part(fixture: Scheme) -> None:
    report = grade_path(fixture.solution_path, fixture)
    assert [o.case.name for o in report.outcomes if not o.passed] == []
    assert [report.part_score(p.number) for p in fixture.parts] == [3, 2]
    assert report.score == fixture.total == 5
    assert report.notes == [] and report.printed == ""


def test_the_stub_scores_0_with_a_clear_message_on_every_case(fixture: Scheme) -> None:
    report = grade_path(fixture.stub_path, fixture)
    assert report.score == 0
    for outcome in report.outcomes:
        assert outcome.status == "failed" and not outcome.internal
        assert "is not implemented yet" in outcome.feedback, outcome.feedback


def test_regrading_the_same_file_gives_the_same_outcomes(fixture: Scheme) -> None:
    first, second = grade_path(fixture.solution_path, fixture), grade_path(fixture.solution_path, fixture)
    assert [(o.score, o.feedback) for o in first.outcomes] == [(o.score, o.feedback) for o in second.outcomes]


def test_hidden_seeds_follow_the_submission_and_public_seeds_do_not(fixture: Scheme) -> None:
    hidden = next(c for c in fixture.cases if not c.public)
    public = next(c for c in fixture.cases if c.public)
    assert case_seed(hidden, b"a") != case_seed(hidden, b"b")
    assert case_seed(public, b"a") == case_seed(public, b"b")


def test_an_answer_hard_coded_for_the_public_case_fails_the_hidden_one(
        fixture: Scheme, reference: str, write: Callable[[str], Path]) -> None:
    hard_coded = reference + "\n\ndef expectation(values, probabilities):\n    return 1.75\n"
    outcomes = {o.case.name: o for o in grade_path(write(hard_coded), fixture).outcomes}
    assert outcomes["expectation_public"].passed and not outcomes["expectation_hidden"].passed
    assert "Hidden case" in outcomes["expectation_hidden"].feedback


def test_hidden_feedback_never_shows_expected_values(fixture: Scheme, reference: str,
                                                    write: Callable[[str], Path]) -> None:
    wrong = reference + "\n\ndef scale(x, a):\n    return np.asarray(x, dtype=float) * (a + 1)\n"
    outcomes = {o.case.name: o for o in grade_path(write(wrong), fixture).outcomes}
    hidden, public = outcomes["scale_hidden"], outcomes["scale_public"]
    assert not hidden.passed and "expected value:" not in hidden.feedback
    assert not public.passed and "expected value:" in public.feedback


def test_a_broken_function_costs_only_its_question(fixture: Scheme, reference: str,
                                                   write: Callable[[str], Path]) -> None:
    broken = reference + "\n\ndef softmax(x):\n    raise ValueError('oops')\n"
    report = grade_path(write(broken), fixture)
    assert {o.case.question for o in report.outcomes if not o.passed} == {"1b"}
    feedback = next(o.feedback for o in report.outcomes if o.case.name == "softmax_public")
    assert "ValueError: oops" in feedback and "line" in feedback and "StudentError" not in feedback


def test_results_follow_the_gradescope_schema(fixture: Scheme) -> None:
    results = to_results(grade_path(fixture.stub_path, fixture))
    jsonschema.validate(results, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(results["tests"]) >= len(fixture.cases)
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    assert "Part 2 — Probabilities" in results["output"]


def test_grade_command_prints_the_table_and_writes_results(fixture: Scheme, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "--assignment", str(FIXTURE), "grade",
                          str(fixture.solution_path), "--json", str(out)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.startswith("Assignment: Engine fixture — vectors and probabilities (tests/fixture)\n")
    assert "Total: 5 / 5" in run.stdout
    assert "Part 1: 3 / 3" in run.stdout and "Part 2: 2 / 2" in run.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["score"] == 5


def test_a_submission_past_its_budget_fails_its_remaining_cases_at_once(
        fixture: Scheme, reference: str, write: Callable[[str], Path]) -> None:
    slow = reference + ("\n\nimport time\n_scale = scale\n\n"
                        "def scale(x, a):\n    time.sleep(0.4)\n    return _scale(x, a)\n")
    report = grade_path(write(slow), dataclasses.replace(fixture, budget=0.6))
    assert report.seconds < 3.0
    assert report.score < fixture.total and report.outcomes[-1].status == "failed"
    assert message("stop.budget", "en", seconds=0.6) in report.outcomes[-1].feedback
