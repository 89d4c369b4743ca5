"""The grading cases themselves, one pytest test each, against the reference or ``--submission``.

The submission runs in the sandbox, exactly as when grading; the case gets the
seed the grader would give it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from autograder.runner import run_case
from autograder.sandbox.host import Sandbox
from autograder.scheme import ROOT, Case, Scheme
from autograder.submission import Submission

CASES = Scheme.load(ROOT).cases


@pytest.fixture(scope="module")
def sandbox(submission: Submission) -> Iterator[Sandbox]:
    with Sandbox(submission.chunks) as running:
        yield running


@pytest.mark.parametrize("case", CASES, ids=[f"{c.question}-{c.name}" for c in CASES])
def test_case(case: Case, scheme: Scheme, sandbox: Sandbox, submission: Submission) -> None:
    outcome = run_case(scheme, case, sandbox.call, submission.digest)
    assert outcome.passed, outcome.feedback + outcome.internal
