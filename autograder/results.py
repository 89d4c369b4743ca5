"""The Gradescope results.json: built from a report, validated, and always written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from autograder.feedback import fmt
from autograder.runner import Report
from autograder.scheme import Scheme

SCHEMA_PATH = Path(__file__).with_name("schemas") / "gradescope-results.schema.json"
PRINTED_SHOWN = 4000


def to_results(report: Report) -> dict[str, Any]:
    """One test entry per case; top-level score, time and a summary of points per part."""
    scheme = report.scheme
    tests = []
    for outcome in report.outcomes:
        case = outcome.case
        title = scheme.question(case.question).title
        tests.append({
            "name": f"{case.question} — {title} ({'public' if case.public else 'caché'} : {case.name})",
            "number": case.question,
            "score": outcome.score,
            "max_score": case.points,
            "status": outcome.status,
            "output": outcome.feedback,
            "visibility": "visible" if case.public else "after_published",
        })
        if outcome.internal:
            tests.append(grader_error_entry(f"Erreur interne du correcteur, cas {case.name}", outcome.internal))
    summary = [f"Partie {p.number} — {p.title} : {fmt(report.part_score(p.number))} / {fmt(p.points)}"
               for p in scheme.parts]
    summary.append(f"Total : {fmt(report.score)} / {fmt(scheme.total)}")
    if report.notes:
        summary += ["", "Remarques sur votre fichier :"] + [f"- {note}" for note in report.notes]
    if report.printed.strip():
        printed = report.printed[:PRINTED_SHOWN]
        summary += ["", "Ce que votre code a affiché (début) :", printed]
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
    """What is written when the grader itself fails: score 0, the reason visible to the instructor only."""
    total = fmt(scheme.total) if scheme else "?"
    return {
        "score": 0,
        "output": f"La correction automatique a échoué (0 / {total}). Votre enseignant en est informé ; "
                  "aucune action de votre part n'est nécessaire avant son retour.",
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": [grader_error_entry("Erreur du correcteur", detail)],
    }


def write_atomically(results: dict[str, Any], path: Path) -> None:
    """Replace ``path`` in one step (a results file written by anyone else is overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(results, stream, ensure_ascii=False, indent=1, allow_nan=False)
    os.replace(temporary, path)
