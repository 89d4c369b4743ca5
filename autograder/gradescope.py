"""The entry point Gradescope runs (``run_autograder``): grade the upload, always write results.json."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from autograder.results import failure_results, to_results, write_atomically
from autograder.runner import grade_path, unreadable
from autograder.sandbox.host import Zygote
from autograder.sandbox.limits import hide_from_sandbox
from autograder.scheme import Scheme
from autograder.submission import SubmissionError, find


def run(root: Path | None = None) -> Path:
    """Grade ``root/submission`` with the scheme in ``root/source``; return the results file written.

    ``root`` defaults to $AUTOGRADER_ROOT, else /autograder. Whatever happens,
    a valid results.json replaces any file of that name.
    """
    root = root or Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    results_path = root / "results" / "results.json"
    scheme = None
    try:
        Zygote.shared()  # starts now, warms up while the scheme loads
        results_path.parent.mkdir(parents=True, exist_ok=True)
        hide_from_sandbox(root / "source", results_path.parent)
        scheme = Scheme.load(root / "source")
        try:
            path, notes = find(root / "submission", scheme.student_file)
        except SubmissionError as error:
            report = unreadable(scheme, str(error))
        else:
            report = grade_path(path, scheme)
            report.notes[:0] = notes
        results = to_results(report)
    except BaseException:
        results = failure_results(scheme, traceback.format_exc())
    write_atomically(results, results_path)
    return results_path
