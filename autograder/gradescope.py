"""The entry point Gradescope runs (``run_autograder``): grade the upload, always write results.json.

Any failure once this module is imported ends in a score-0 results.json written
here; when Python or this package cannot even start, ``run_autograder`` writes
one itself (see package.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.results import failure_results, to_results, write_atomically
from autograder.runner import grade_path, trace, unreadable
from autograder.sandbox.limits import hide_from_sandbox
from autograder.sandbox.zygote import Zygote
from autograder.scheme import Scheme
from autograder.submission import SubmissionError, find


def warm_up(scheme: Scheme) -> None:
    """Import the case modules now, while the fork server starts; a broken one is reported by its cases."""
    try:
        scheme.case_modules
    except Exception:  # noqa: BLE001
        pass


def run(root: Path | None = None, assignment: Path | None = None, scheme: Scheme | None = None) -> Path:
    """Grade ``root/submission`` with the assignment in ``root/source``; return the results file written.

    ``root`` defaults to $AUTOGRADER_ROOT, else /autograder; ``assignment``
    (the folder of its grading.yaml) to ``root/source``, where the zip puts
    it; ``scheme``, its scheme when already loaded. Whatever happens, a valid results.json replaces any file
    of that name.
    """
    root = root or Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    assignment = assignment or root / "source"
    results_path = root / "results" / "results.json"
    try:
        Zygote.shared()  # starts now, warms up while the scheme loads
        results_path.parent.mkdir(parents=True, exist_ok=True)
        # the upload folder too: Gradescope puts submission_metadata.json (earlier results) there, and the
        # judge reads the student's file itself
        hide_from_sandbox(assignment, results_path.parent, root / "submission")
        scheme = scheme or Scheme.load(assignment)
        warm_up(scheme)
        try:
            path, notes = find(root / "submission", scheme.student_file, scheme.language)
        except SubmissionError as error:
            report = unreadable(scheme, str(error))
        else:
            report = grade_path(path, scheme)
            report.notes[:0] = notes
        results = to_results(report)
    except BaseException as error:
        results = failure_results(scheme, trace(error))
    write_atomically(results, results_path)
    return results_path
