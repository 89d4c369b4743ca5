"""Grading one submission: every case of the scheme, against the student's code in the sandbox."""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from autograder import checking
from autograder.feedback import render
from autograder.messages import DEFAULT_LANGUAGE, message
from autograder.sandbox.host import Sandbox
from autograder.sandbox.limits import Limits
from autograder.scheme import Case, Scheme
from autograder.submission import Submission, SubmissionError, load

NOTES_KEPT = 30
NOTE_CHARS = 400
FEEDBACK_CHARS = 2000


def printable(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters and writable as UTF-8 (the student's code can put lone surrogates in it)."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")


def capped_notes(notes: list[str], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The first notes, each cut short, then how many were left out: a broken file cannot flood the results."""
    kept = [printable(note, NOTE_CHARS) for note in notes[:NOTES_KEPT]]
    if len(notes) > NOTES_KEPT:
        kept.append(message("notes.more", language, count=len(notes) - NOTES_KEPT))
    return kept


@dataclass(frozen=True)
class Outcome:
    """What one case gave: points, status and the feedback the student sees."""

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
    language = scheme.language
    trial = checking.Trial(caller, np.random.default_rng(case_seed(case, digest)), public=case.public,
                           language=language)
    try:
        with np.errstate(all="ignore"):
            scheme.case_function(case)(trial)
    except checking.Failure as failure:
        feedback = render(failure, public=case.public, language=language)
        return Outcome(case, 0.0, "failed", printable(feedback, FEEDBACK_CHARS))
    except Exception:
        return Outcome(case, 0.0, "failed", message("case.uncheckable", language),
                       internal=traceback.format_exc(limit=3))
    return Outcome(case, case.points, "passed", message("case.passed", language))


def grade_submission(submission: Submission, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade already-read code: one sandbox, every case in the order of grading.yaml."""
    started = time.monotonic()
    outcomes = []
    with Sandbox(submission.chunks, module=scheme.module, budget=scheme.budget, limits=limits,
                 language=scheme.language) as sandbox:
        for question in scheme.questions:
            sandbox.timeout = question.timeout
            outcomes.extend(run_case(scheme, case, sandbox.call, submission.digest) for case in question.cases)
        notes = list(submission.problems)
        notes += [f"{submission.chunks[i].label} : {error}" for i, error in sorted(sandbox.load_errors.items())]
        notes += sandbox.notes()
    return Report(scheme, outcomes, capped_notes(notes, scheme.language), sandbox.printed(),
                  time.monotonic() - started)


def grade_path(path: Path, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade a file; an unreadable one scores 0 on every case with the reason as feedback."""
    try:
        submission = load(path, scheme.student_file, scheme.language)
    except SubmissionError as error:
        return unreadable(scheme, str(error))
    return grade_submission(submission, scheme, limits=limits)


def unreadable(scheme: Scheme, reason: str) -> Report:
    """The report of a submission that could not be read at all."""
    return Report(scheme, [Outcome(c, 0.0, "failed", reason) for c in scheme.cases], [reason])
