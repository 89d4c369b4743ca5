"""Plausible wrong answers lose their own question's points, and no other question's."""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.runner import grade_path, run_case
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
    for outcome in report.outcomes:
        if not outcome.case.public:
            assert "valeur attendue" not in outcome.feedback, f"{outcome.case.name} shows an expected value"
    for question in scheme.questions:
        earned = report.question_score(question.id)
        if question.id == mutant.question:
            assert earned < question.points, f"{mutant.why} kept all {question.points} points of {question.id}"
        else:
            assert earned == question.points, f"{mutant.why} cost points to {question.id}"


def test_every_case_fails_on_some_mutant(scheme: Scheme, reference_source: str) -> None:
    """No case that no plausible mistake can fail: each one catches at least one mutant (run in-process, for speed)."""
    caught = set()
    for mutant in MUTANTS:
        module = types.ModuleType("mutant")
        exec(compile(mutant.apply(reference_source), "mutant", "exec"), module.__dict__)
        caller = functools.partial(call_in, module)
        for case in scheme.question(mutant.question).cases:
            if any(not run_case(scheme, case, caller, digest).passed for digest in (b"a", b"b", b"c")):
                caught.add(case.name)
    assert [c.name for c in scheme.cases if c.name not in caught] == []


def call_in(module: types.ModuleType, name: str, *args: object, **kwargs: object) -> object:
    return getattr(module, name)(*args, **kwargs)
