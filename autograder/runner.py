"""Grading one submission: every case of the scheme, against the student's code in the sandbox."""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder.feedback import render
from autograder.sandbox.host import Sandbox
from autograder.sandbox.limits import Limits
from autograder.scheme import Case, Scheme
from autograder.submission import Submission, SubmissionError, load


@dataclass(frozen=True)
class Outcome:
    """What one case gave: points, status and the French feedback the student sees."""

    case: Case
    score: float
    status: str  # "passed" | "failed"
    feedback: str
    internal: str = ""  # for the instructor only: a grader error, never shown to the student

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass
class Report:
    """The grading of one submission."""

    scheme: Scheme
    outcomes: list[Outcome]
    notes: list[str] = field(default_factory=list)
    printed: str = ""
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(o.score for o in self.outcomes)

    def question_score(self, qid: str) -> float:
        return sum(o.score for o in self.outcomes if o.case.question == qid)

    def part_score(self, part: int) -> float:
        return sum(o.score for o in self.outcomes if o.case.part == part)


def case_seed(case: Case, digest: bytes) -> int:
    """Public cases: a fixed seed. Hidden cases: a seed from the submission's content and the case."""
    material = b"public:" + case.name.encode() if case.public else digest + b":" + case.name.encode()
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")


def run_case(scheme: Scheme, case: Case, caller: Callable[..., Any], digest: bytes) -> Outcome:
    """Run one case; whatever it raises becomes a failed outcome, never a crash."""
    checking = scheme.checking
    trial = checking.Trial(caller, np.random.default_rng(case_seed(case, digest)), public=case.public)
    try:
        with np.errstate(all="ignore"):
            scheme.case_function(case)(trial)
    except checking.Failure as failure:
        return Outcome(case, 0.0, "failed", render(failure, public=case.public))
    except Exception:
        return Outcome(case, 0.0, "failed",
                       "Le résultat renvoyé n'a pas pu être vérifié (type ou forme inattendus).",
                       internal=traceback.format_exc(limit=3))
    return Outcome(case, case.points, "passed", "Réussi.")


def grade_submission(submission: Submission, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade already-read code: one sandbox, every case in the order of grading.yaml."""
    started = time.monotonic()
    outcomes = []
    with Sandbox(submission.chunks, limits=limits) as sandbox:
        for question in scheme.questions:
            sandbox.timeout = question.timeout
            outcomes.extend(run_case(scheme, case, sandbox.call, submission.digest) for case in question.cases)
        notes = list(submission.problems)
        notes += [f"{submission.chunks[i].label} : {error}" for i, error in sorted(sandbox.load_errors.items())]
        notes += list(sandbox.skipped.values())
    return Report(scheme, outcomes, notes, sandbox.printed(), time.monotonic() - started)


def grade_path(path: Path, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade a file; an unreadable one scores 0 on every case with the reason as feedback."""
    try:
        submission = load(path)
    except SubmissionError as error:
        return unreadable(scheme, str(error))
    return grade_submission(submission, scheme, limits=limits)


def unreadable(scheme: Scheme, reason: str) -> Report:
    """The report of a submission that could not be read at all."""
    return Report(scheme, [Outcome(c, 0.0, "failed", reason) for c in scheme.cases], [reason])
