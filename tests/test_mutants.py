"""Plausible wrong answers lose their own question's points, and no other question's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.runner import grade_path
from autograder.scheme import Scheme
from tests.mutants import Mutant, part1, part2, part3

MUTANTS: list[Mutant] = [*part1.MUTANTS, *part2.MUTANTS, *part3.MUTANTS]


def test_every_question_has_a_mutant(scheme: Scheme) -> None:
    assert {q.id for q in scheme.questions} <= {m.question for m in MUTANTS}


def test_every_mutant_replaces_a_function_of_its_question(scheme: Scheme) -> None:
    for mutant in MUTANTS:
        assert mutant.function in scheme.question(mutant.question).functions, mutant


@pytest.mark.parametrize("mutant", MUTANTS, ids=[f"{m.question}-{m.function}-{i}" for i, m in enumerate(MUTANTS)])
def test_mutant_loses_its_question_and_only_it(mutant: Mutant, scheme: Scheme, reference_source: str,
                                               write_submission: Callable[[str], Path]) -> None:
    report = grade_path(write_submission(mutant.apply(reference_source)), scheme)
    for question in scheme.questions:
        earned = report.question_score(question.id)
        if question.id == mutant.question:
            assert earned < question.points, f"{mutant.why} kept all {question.points} points of {question.id}"
        else:
            assert earned == question.points, f"{mutant.why} cost points to {question.id}"
