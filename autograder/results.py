"""The Gradescope results.json: built from a report, validated, and always written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from autograder.messages import DEFAULT_LANGUAGE, message, number
from autograder.runner import Report, printable
from autograder.scheme import Scheme

SCHEMA_PATH = Path(__file__).with_name("schemas") / "gradescope-results.schema.json"
PRINTED_SHOWN = 4000
TEXT_KEPT = 20_000  # characters of any one text field: a results file stays a few hundred kilobytes at most


def to_results(report: Report) -> dict[str, Any]:
    """One test entry per case; top-level score, time and a summary of points per part."""
    scheme = report.scheme
    language = scheme.language
    tests = []
    for outcome in report.outcomes:
        case = outcome.case
        visibility = message(f"visibility.{case.visibility}", language)
        tests.append({
            "name": message("results.test", language, question=case.question,
                            title=scheme.question(case.question).title, visibility=visibility, case=case.name),
            "number": case.question,
            "score": outcome.score,
            "max_score": case.points,
            "status": outcome.status,
            "output": outcome.feedback,
            "visibility": "visible" if case.public else "after_published",
        })
        if outcome.internal:
            tests.append(grader_error_entry(message("results.internal", language, case=case.name), outcome.internal))
    summary = [message("results.part", language, number=p.number, title=p.title,
                       score=number(report.part_score(p.number), language), points=number(p.points, language))
               for p in scheme.parts]
    summary.append(message("total", language, score=number(report.score, language),
                           points=number(scheme.total, language)))
    if report.notes:
        summary += ["", message("results.notes", language)] + [f"- {note}" for note in report.notes]
    if report.printed.strip():
        summary += ["", message("results.printed", language), printable(report.printed, PRINTED_SHOWN)]
    return {
        "score": round(report.score, 6),
        "execution_time": round(report.seconds, 3),
        "output": "\n".join(summary),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def grader_error_entry(name: str, detail: str) -> dict[str, Any]:
    """A test entry that only the instructor sees, for a failure of the grader itself."""
    return {"name": name, "score": 0, "max_score": 0, "status": "failed", "output": detail[-4000:],
            "visibility": "hidden"}


def failure_results(scheme: Scheme | None, detail: str) -> dict[str, Any]:
    """What is written when the grader itself fails: score 0, the reason visible to the instructor only.

    Without a scheme (grading.yaml itself failed), the language is the default one.
    """
    language = scheme.language if scheme else DEFAULT_LANGUAGE
    total = number(scheme.total, language) if scheme else "?"
    return {
        "score": 0,
        "output": message("results.failed", language, total=total),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": [grader_error_entry(message("results.grader_error", language), detail)],
    }


def write_atomically(results: dict[str, Any], path: Path) -> None:
    """Replace ``path`` in one step (a results file written by anyone else is overwritten).

    Every text is made writable first (the student's code and file names can
    hold anything), and a failed write leaves no temporary file behind.
    """
    data = json.dumps(writable(results), ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def writable(value: Any) -> Any:
    """``value`` with every text cut to TEXT_KEPT characters and encodable in UTF-8."""
    if isinstance(value, str):
        return printable(value, TEXT_KEPT)
    if isinstance(value, dict):
        return {writable(key): writable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [writable(item) for item in value]
    return value
