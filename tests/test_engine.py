"""Grading one submission end to end: the reference, the stub, seeds, feedback, the command line."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema

from autograder.results import SCHEMA_PATH, to_results
from autograder.runner import case_seed, grade_path
from autograder.scheme import ROOT, Scheme
from tests.conftest import REFERENCE, STUB


def test_reference_scores_65_with_parts_20_35_10(scheme: Scheme) -> None:
    report = grade_path(REFERENCE, scheme)
    assert [o.case.name for o in report.outcomes if not o.passed] == []
    assert [report.part_score(p) for p in (1, 2, 3)] == [20, 35, 10]
    assert report.score == 65
    assert report.notes == [] and report.printed == ""


def test_stub_scores_0_with_a_clear_message_on_every_case(scheme: Scheme) -> None:
    report = grade_path(STUB, scheme)
    assert report.score == 0
    for outcome in report.outcomes:
        assert outcome.status == "failed" and not outcome.internal
        assert "n'est pas encore implémentée" in outcome.feedback, outcome.feedback


def test_regrading_the_same_file_gives_the_same_outcomes(scheme: Scheme) -> None:
    first, second = grade_path(REFERENCE, scheme), grade_path(REFERENCE, scheme)
    assert [(o.score, o.feedback) for o in first.outcomes] == [(o.score, o.feedback) for o in second.outcomes]


def test_hidden_seeds_follow_the_submission_and_public_seeds_do_not(scheme: Scheme) -> None:
    hidden = next(c for c in scheme.cases if not c.public)
    public = next(c for c in scheme.cases if c.public)
    assert case_seed(hidden, b"a") != case_seed(hidden, b"b")
    assert case_seed(public, b"a") == case_seed(public, b"b")


def test_an_answer_hard_coded_for_the_public_case_fails_the_hidden_one(
        scheme: Scheme, reference_source: str, write_submission: Callable[[str], Path]) -> None:
    hard_coded = reference_source + (
        "\n\ndef softmax(x):\n"
        "    return np.array([0.2689414213699951, 0.7310585786300049])\n")
    report = grade_path(write_submission(hard_coded), scheme)
    outcomes = {o.case.name: o for o in report.outcomes}
    assert not outcomes["softmax_hidden"].passed
    assert "Cas caché" in outcomes["softmax_hidden"].feedback


def test_hidden_feedback_never_shows_expected_values(scheme: Scheme, reference_source: str,
                                                    write_submission: Callable[[str], Path]) -> None:
    wrong = reference_source + "\n\ndef softplus_derivative(x):\n    return 1.0 / (1.0 + np.exp(x))\n"
    report = grade_path(write_submission(wrong), scheme)
    hidden = next(o for o in report.outcomes if o.case.name == "softplus_derivative_hidden")
    public = next(o for o in report.outcomes if o.case.name == "softplus_derivative_public")
    assert not hidden.passed and "valeur attendue" not in hidden.feedback
    assert not public.passed


def test_a_broken_function_costs_only_its_questions(scheme: Scheme, reference_source: str,
                                                   write_submission: Callable[[str], Path]) -> None:
    broken = reference_source + "\n\ndef softmax(x):\n    raise ValueError('oups')\n"
    report = grade_path(write_submission(broken), scheme)
    lost = {o.case.question for o in report.outcomes if not o.passed}
    assert lost == {"1h"}
    feedback = next(o.feedback for o in report.outcomes if o.case.name == "softmax_public")
    assert "ValueError: oups" in feedback and "ligne" in feedback and "StudentError" not in feedback


def test_results_follow_the_gradescope_schema(scheme: Scheme) -> None:
    results = to_results(grade_path(STUB, scheme))
    jsonschema.validate(results, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(results["tests"]) == len(scheme.cases)
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    assert "Partie 2" in results["output"]


def test_grade_command_prints_the_table_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(REFERENCE), "--json", str(out)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert "Total : 65 / 65" in run.stdout
    assert "Partie 1 : 20 / 20" in run.stdout and "Partie 3 : 10 / 10" in run.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["score"] == 65


def test_the_budget_allows_a_hundred_timeouts_within_half_of_gradescopes_ten_minutes(scheme: Scheme) -> None:
    """Only a file with more than a hundred hanging calls loses cases to the budget; results come well in time."""
    assert 100 * max(q.timeout for q in scheme.questions) <= scheme.budget <= 600 / 2


def test_a_submission_past_its_budget_fails_its_remaining_cases_at_once(
        scheme: Scheme, reference_source: str, write_submission: Callable[[str], Path]) -> None:
    slow = reference_source + ("\n\nimport time\n_sign = sign\n\n"
                               "def sign(x):\n    time.sleep(0.4)\n    return _sign(x)\n")
    report = grade_path(write_submission(slow), dataclasses.replace(scheme, budget=0.6))
    assert report.seconds < 3.0
    assert report.score <= 1 and report.outcomes[-1].status == "failed"
    assert "n'a pas été appelée : temps total de correction épuisé (0.6 s)" in report.outcomes[-1].feedback
    assert any(note.startswith("Correction interrompue : temps total") for note in report.notes)
