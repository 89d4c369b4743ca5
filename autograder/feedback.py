"""Turning a failed check into the feedback a student sees, in the assignment's language."""

from __future__ import annotations

from typing import Any

from autograder.messages import DEFAULT_LANGUAGE, message, number


def render(failure: Any, *, public: bool, language: str = DEFAULT_LANGUAGE) -> str:
    """Rationale, then expected values (public cases only), then the hint."""
    lines = [str(failure.rationale)]
    if public and failure.reference:
        lines.append(str(failure.reference))
    if not public:
        lines.append(message("feedback.hidden", language))
    if failure.hint:
        lines.append(message("feedback.hint", language, hint=failure.hint))
    return "\n".join(lines)


def table(report: Any) -> str:
    """The per-question table of ``grade``: points, status and the whole feedback of the first failed case
    (never cut: an array in the call shown spans several lines); then totals per part."""
    scheme = report.scheme
    language = scheme.language

    def say(key: str, **fields: object) -> str:
        return message(key, language, **fields)

    def fmt(value: float) -> str:
        return number(value, language)

    head = f"{say('table.question'):<9} {say('table.points'):>11}  {say('table.status'):<8} "
    rows = [head + say("table.comment")]
    for question in scheme.questions:
        outcomes = [o for o in report.outcomes if o.case.question == question.id]
        earned = report.question_score(question.id)
        status = say("status.passed" if all(o.passed for o in outcomes) else
                     ("status.partial" if earned > 0 else "status.failed"))
        comment = next((o.feedback.splitlines() for o in outcomes if not o.passed), [""])
        rows.append(f"{question.id:<9} {fmt(earned):>5} / {fmt(question.points):<3}  {status:<8} {comment[0]}")
        rows += [" " * len(head) + line for line in comment[1:]]
    rows.append("")
    for part in scheme.parts:
        rows.append(say("table.part", number=part.number, score=fmt(report.part_score(part.number)),
                        points=fmt(part.points)))
    rows.append(say("total", score=fmt(report.score), points=fmt(scheme.total)))
    return "\n".join(rows)
