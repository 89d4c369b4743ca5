"""Plausible wrong answers lose their own question's points, and no other question's, through the real sandbox.

The sweep (tests/test_sweep.py) holds every mutant to this on 50 seeds in
process; here a deterministic sample goes through the whole grading path
(sandbox, codec, feedback), so that the two ways of grading cannot drift apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.runner import grade_path
from autograder.scheme import Scheme
from autograder.variants import Mutant
from tests.test_sweep import MUTANTS

SAMPLE = sorted(random.Random(0).sample(range(len(MUTANTS)), min(12, len(MUTANTS))))


def test_every_question_has_a_mutant(scheme: Scheme) -> None:
    assert {q.id for q in scheme.questions} <= {m.question for m in MUTANTS}


def test_every_mutant_replaces_a_function_of_its_question(scheme: Scheme) -> None:
    for mutant in MUTANTS:
        assert mutant.function in scheme.question(mutant.question).functions, mutant


@pytest.mark.parametrize("mutant", [MUTANTS[i] for i in SAMPLE],
                         ids=[f"{MUTANTS[i].question}-{MUTANTS[i].function}-{i}" for i in SAMPLE])
def test_mutant_loses_its_question_and_only_it(mutant: Mutant, scheme: Scheme, reference_source: str,
                                               write_submission: Callable[[str], Path]) -> None:
    report = grade_path(write_submission(mutant.apply(reference_source)), scheme)
    for outcome in report.outcomes:
        if not outcome.case.public:
            assert "valeur attendue" not in outcome.feedback, f"{outcome.case.name} shows an expected value"
    for question in scheme.questions:
        earned = report.question_score(question.id)
        if question.id == mutant.question:
            assert earned < question.points, f"{mutant.why} kept all {question.points} points of {question.id}"
        else:
            assert earned == question.points, f"{mutant.why} cost points to {question.id}"


def test_every_mutant_names_the_words_of_its_hint() -> None:
    """Every plausible mistake declares what its feedback must say (tests/test_sweep.py checks it on every seed)."""
    assert [f"{m.question} {m.why}" for m in MUTANTS if not m.hint.strip()] == []
