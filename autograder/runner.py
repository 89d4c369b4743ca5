"""Grading one submission: every case of the scheme, against the student's code in the sandbox.

Public cases run in a sandbox that never receives a hidden input; hidden cases run in a second one, started once
the first is closed. A child keeps state between calls (globals, files in its folder), so a single sandbox would
let a function store the hidden inputs it was given and show them in the feedback of a later public case.
"""

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
from autograder.quoting import one_line
from autograder.sandbox.host import Sandbox
from autograder.sandbox.limits import Limits
from autograder.scheme import Case, Question, Scheme
from autograder.submission import Submission, SubmissionError, load

NOTES_KEPT = 30
NOTE_CHARS = 400
FEEDBACK_CHARS = 2000
FRAMES_KEPT = 4


def printable(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters and writable as UTF-8 (the student's code can put lone surrogates in it)."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")


def capped_notes(notes: list[str], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The first notes, each on one line and cut short, then how many were left out: a broken file cannot flood
    the results, and no note can break into lines that read as the grader's (file names and syntax errors can hold
    the student's characters)."""
    kept = [printable(one_line(note), NOTE_CHARS) for note in notes[:NOTES_KEPT]]
    if len(notes) > NOTES_KEPT:
        kept.append(message("notes.more", language, count=len(notes) - NOTES_KEPT))
    return kept


def trace(error: BaseException) -> str:
    """Where a grader failure happened (file, line, function of the last frames) and its type and message.

    Never a line of source: instructor-only entries are kept in Gradescope's
    metadata of the submission, and a line of a hidden case must not travel.
    """
    frames = traceback.extract_tb(error.__traceback__)[-FRAMES_KEPT:]
    lines = ["Traceback (most recent call last, source lines left out):"]
    lines += [f'  File "{"/".join(Path(f.filename).parts[-3:])}", line {f.lineno}, in {f.name}' for f in frames]
    lines.append(one_line(f"{type(error).__name__}: {error}"))
    return "\n".join(lines)


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
    """The grading of one submission.

    ``notes`` and ``printed`` come from reading the file and from the public
    cases; ``hidden_notes`` and ``hidden_printed`` from the run of the hidden
    cases, and may carry what the student's code did with hidden inputs: they
    must not reach the student before grades are published.
    """

    scheme: Scheme
    outcomes: list[Outcome]
    notes: list[str] = field(default_factory=list)
    printed: str = ""
    seconds: float = 0.0
    hidden_notes: list[str] = field(default_factory=list)
    hidden_printed: str = ""

    @property
    def score(self) -> float:
        return sum(o.score for o in self.outcomes)

    @property
    def public_score(self) -> float:
        return sum(o.score for o in self.outcomes if o.case.public)

    def question_score(self, qid: str) -> float:
        return sum(o.score for o in self.outcomes if o.case.question == qid)

    def part_score(self, part: int, *, public_only: bool = False) -> float:
        return sum(o.score for o in self.outcomes if o.case.part == part and (o.case.public or not public_only))


def case_seed(case: Case, digest: bytes) -> int:
    """Public cases: a fixed seed. Hidden cases: a seed from the uploaded file and the case (docs/seeding.md)."""
    material = b"public:" + case.name.encode() if case.public else digest + b":" + case.name.encode()
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")


def run_case(scheme: Scheme, case: Case, caller: Callable[..., Any], digest: bytes, *,
             changes: Callable[[], tuple[int | str, ...]] | None = None) -> Outcome:
    """Run one case; whatever it raises becomes a failed outcome, never a crash.

    ``changes`` tells which arguments the last call changed in place (the sandbox knows; in-process callers do not).
    """
    language = scheme.language
    seed = case_seed(case, digest)
    trial = checking.Trial(caller, np.random.default_rng(seed), public=case.public, language=language,
                           changes=changes, seed=seed, files=scheme.data)
    try:
        with np.errstate(all="ignore"):
            scheme.case_function(case)(trial)
    except checking.Failure as failure:
        feedback = render(failure, public=case.public, language=language)
        return Outcome(case, 0.0, "failed", printable(feedback, FEEDBACK_CHARS))
    except Exception as error:
        return Outcome(case, 0.0, "failed", message("case.uncheckable", language), internal=trace(error))
    return Outcome(case, case.points, "passed", message("case.passed", language))


@dataclass
class Run:
    """What one sandbox gave: its cases' outcomes, its notes and what the code printed in it."""

    outcomes: dict[Case, Outcome] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    printed: str = ""


def open_sandbox(submission: Submission, scheme: Scheme, limits: Limits) -> Sandbox:
    """A fresh sandbox for ``submission``: a new child, a new working folder, nothing of an earlier run."""
    return Sandbox(submission.chunks, module=scheme.module, budget=scheme.budget, limits=limits,
                   language=scheme.language, hidden=submission.hidden,
                   data={path: scheme.root / path for path in scheme.data_files})


def run_apart(submission: Submission, scheme: Scheme, cases: list[tuple[Question, Case]], ends: float,
              limits: Limits) -> Run:
    """Run ``cases`` in a sandbox of their own that stops at ``ends`` (monotonic); none is started for no case."""
    run = Run()
    if not cases:
        return run
    with open_sandbox(submission, scheme, limits) as sandbox:
        sandbox.ends = min(sandbox.ends, ends)  # one budget for the whole submission, both runs included
        for question, case in cases:
            sandbox.timeout = question.timeout
            run.outcomes[case] = run_case(scheme, case, sandbox, submission.digest,
                                          changes=lambda: sandbox.changed)
        run.notes = [f"{submission.chunks[i].label} : {error}" for i, error in sorted(sandbox.load_errors.items())]
        run.notes += sandbox.notes()
    run.printed = sandbox.printed()  # complete once the sandbox is closed
    return run


def grade_submission(submission: Submission, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade already-read code: public cases first, then hidden ones apart; outcomes in the order of grading.yaml."""
    started = time.monotonic()
    ends = started + scheme.budget
    every = [(question, case) for question in scheme.questions for case in question.cases]
    public = run_apart(submission, scheme, [(q, c) for q, c in every if c.public], ends, limits)
    hidden = run_apart(submission, scheme, [(q, c) for q, c in every if not c.public], ends, limits)
    outcomes = [public.outcomes.get(case) or hidden.outcomes[case] for _, case in every]
    unavailable = submission.unavailable(scheme.imports)  # said first: it explains the failures that follow
    notes = [message("imports.unavailable", scheme.language, modules=", ".join(unavailable))] if unavailable else []
    notes += list(submission.problems) + public.notes
    hidden_notes = [note for note in hidden.notes if note not in public.notes]  # a load error both runs met is told once
    language = scheme.language
    return Report(scheme, outcomes, capped_notes(notes, language), public.printed, time.monotonic() - started,
                  capped_notes(hidden_notes, language), hidden.printed)


def grade_path(path: Path, scheme: Scheme, *, limits: Limits = Limits()) -> Report:
    """Grade a file; an unreadable one scores 0 on every case with the reason as feedback."""
    try:
        submission = load(path, scheme.student_file, scheme.language)
    except SubmissionError as error:
        return unreadable(scheme, str(error))
    return grade_submission(submission, scheme, limits=limits)


def unreadable(scheme: Scheme, reason: str) -> Report:
    """The report of a submission that could not be read at all."""
    reason = one_line(reason)
    return Report(scheme, [Outcome(c, 0.0, "failed", reason) for c in scheme.cases], [reason])
