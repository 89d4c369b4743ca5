"""The Gradescope results.json: built from a report, validated, and always written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder import files
from autograder.messages import DEFAULT_LANGUAGE, message, number
from autograder.quoting import one_line
from autograder.runner import Report, printable
from autograder.scheme import Scheme

SCHEMA_PATH = Path(__file__).with_name("schemas") / "gradescope-results.schema.json"
PRINTED_SHOWN = 4000
TEXT_KEPT = 20_000  # characters of any one text field: a results file stays a few hundred kilobytes at most


def to_results(report: Report) -> dict[str, Any]:
    """One test entry per case, then the full grade in an entry shown once grades are published.

    Everything the hidden cases caused (their feedback, what the code printed
    or broke during them, totals that count them) is in entries with
    Gradescope's ``after_published`` visibility; the top-level output, which
    students always see, counts and quotes the public cases only. No duration
    is written: how long the hidden run took is under the student's control
    and could carry what it was given (and the same file must give the same
    results file).
    """
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
    if has_hidden(scheme):
        tests.append(full_grade_entry(report))
    return {
        "score": round(report.score, 6),
        "output": "\n".join(visible_summary(report)),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def visible_summary(report: Report) -> list[str]:
    """What every student sees at once: points per part from public cases, notes on the file, public prints."""
    scheme = report.scheme
    language = scheme.language
    if has_hidden(scheme):
        public_points = {p.number: sum(c.points for c in scheme.cases if c.part == p.number and c.public)
                         for p in scheme.parts}
        lines = [message("results.public_scope", language)]
        lines += [message("results.public_part", language, number=p.number, title=p.title,
                          score=number(report.part_score(p.number, public_only=True), language),
                          points=number(public_points[p.number], language)) for p in scheme.parts]
        lines.append(message("results.public_total", language, score=number(report.public_score, language),
                             points=number(sum(public_points.values()), language),
                             total=number(scheme.total, language)))
    else:
        lines = totals(report)
    return lines + listed(message("results.notes", language), report.notes) \
        + printed(message("results.printed", language), report.printed)


def has_hidden(scheme: Scheme) -> bool:
    """Whether some case is hidden: then what students see at once cannot be the whole grade."""
    return any(not case.public for case in scheme.cases)


def full_grade_entry(report: Report) -> dict[str, Any]:
    """The grade with hidden cases included, and what the hidden run caused: shown once grades are published."""
    language = report.scheme.language
    lines = totals(report) + listed(message("results.hidden_notes", language), report.hidden_notes) \
        + printed(message("results.hidden_printed", language), report.hidden_printed)
    return {"name": message("results.full", language), "score": 0, "max_score": 0, "status": "passed",
            "output": "\n".join(lines), "visibility": "after_published"}


def totals(report: Report) -> list[str]:
    """Points per part and in all, every case counted."""
    scheme = report.scheme
    language = scheme.language
    lines = [message("results.part", language, number=p.number, title=p.title,
                     score=number(report.part_score(p.number), language), points=number(p.points, language))
             for p in scheme.parts]
    lines.append(message("total", language, score=number(report.score, language),
                         points=number(scheme.total, language)))
    return lines


def listed(title: str, notes: list[str]) -> list[str]:
    """Notes under a title, one line each (a note can hold a file name: it is kept on its line)."""
    return ["", title] + [f"- {one_line(note)}" for note in notes] if notes else []


def printed(title: str, text: str) -> list[str]:
    """What the code printed (already quoted by the sandbox), cut to a readable size, under a title."""
    return ["", title, printable(text, PRINTED_SHOWN)] if text.strip() else []


def grader_error_entry(name: str, detail: str) -> dict[str, Any]:
    """A test entry that only the instructor sees, for a failure of the grader itself.

    Lines of source are dropped from a traceback: Gradescope keeps these
    entries in the metadata of later submissions, and a line of a hidden case
    must never travel there.
    """
    return {"name": name, "score": 0, "max_score": 0, "status": "failed", "output": without_source(detail)[-4000:],
            "visibility": "hidden"}


def without_source(detail: str) -> str:
    """A formatted traceback without its lines of source code (and their carets): frames, type and message."""
    return "\n".join(line for line in detail.splitlines() if not line.startswith("    "))


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
    files.write_atomically(path, data)


def writable(value: Any) -> Any:
    """``value`` with every text cut to TEXT_KEPT characters and encodable in UTF-8."""
    if isinstance(value, str):
        return printable(value, TEXT_KEPT)
    if isinstance(value, dict):
        return {writable(key): writable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [writable(item) for item in value]
    return value
