"""Turning a failed check into the French feedback a student sees."""

from __future__ import annotations

from typing import Any


def render(failure: Any, *, public: bool) -> str:
    """Rationale, then expected values (public cases only), then the hint."""
    lines = [str(failure.rationale)]
    if public and failure.reference:
        lines.append(str(failure.reference))
    if not public:
        lines.append("(Cas caché : les valeurs attendues ne sont pas affichées.)")
    if failure.hint:
        lines.append(f"Piste : {failure.hint}")
    return "\n".join(lines)


def table(report: Any) -> str:
    """The per-question table of ``grade``: points, status, first line of feedback; then totals."""
    scheme = report.scheme
    rows = [f"{'Question':<9} {'Points':>11}  {'Statut':<8} Commentaire"]
    for question in scheme.questions:
        outcomes = [o for o in report.outcomes if o.case.question == question.id]
        earned = report.question_score(question.id)
        status = "réussi" if all(o.passed for o in outcomes) else ("partiel" if earned > 0 else "échec")
        first_failure = next((o.feedback.splitlines()[0] for o in outcomes if not o.passed), "")
        if len(first_failure) > 90:
            first_failure = first_failure[:87] + "..."
        rows.append(f"{question.id:<9} {fmt(earned):>5} / {fmt(question.points):<3}  {status:<8} {first_failure}")
    rows.append("")
    for part in scheme.parts:
        rows.append(f"Partie {part.number} : {fmt(report.part_score(part.number))} / {fmt(part.points)}")
    rows.append(f"Total : {fmt(report.score)} / {fmt(scheme.total)}")
    return "\n".join(rows)


def fmt(points: float) -> str:
    """Points without a useless decimal: 2, 0.5, 1.5."""
    return f"{points:g}"
