"""What ``grade-all`` writes for the instructor: ``grades.csv`` and the self-contained ``report.html``.

The CSV is for spreadsheets: UTF-8 with a byte-order mark (so that accented
names open correctly), numbers with a decimal point, and text cells that a
spreadsheet would take for a formula neutralised. The report is in the
assignment's language, with inline SVG charts and nothing fetched from
elsewhere.
"""

from __future__ import annotations

import csv
import html
import io
import math
import os
import time
from pathlib import Path
from typing import Any, Protocol

from autograder import messages
from autograder.messages import CATALOGUE, message

ALMOST_NOBODY = 0.10
"""A question whose full marks fewer than this share of the class get is flagged in the report."""
FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection; the tab and
carriage return of that list cannot start a cell here, whitespace being collapsed first)."""



class Row(Protocol):
    """What the outputs need of a submission (autograder.classroom.Entry)."""

    id: str
    names: list[str]
    emails: list[str]


def plain(value: Any) -> Any:
    """``value`` with every string made encodable: a lone surrogate (a non-UTF-8 file name, a student's
    exception message) becomes a visible escape instead of failing the write of the whole class."""
    if isinstance(value, str):
        try:  # bytes of a non-UTF-8 file name come back as they were, then escaped: "\\xff"
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # any other lone surrogate: "\\ud800"
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one line, and a leading quote before a formula start."""
    text = " ".join(plain(str(text)).split())
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(value: float) -> str:
    """A number for the CSV: decimal point, no useless decimals."""
    return f"{round(value, 6):g}"


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` in one step."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding=encoding)
    os.replace(temporary, path)


def columns(scheme: Any) -> list[str]:
    """The header of grades.csv."""
    return (["submission_id", "name", "email"] + [q.id for q in scheme.questions]
            + [f"part_{p.number}" for p in scheme.parts] + ["total", "status", "reason", "notes"])


def write_csv(scheme: Any, entries: list[Row], outcomes: dict[str, dict[str, Any]], path: Path) -> None:
    """grades.csv: one row per submission, in the order of ``entries``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(scheme))
    for entry in entries:
        row = outcomes[entry.id]
        writer.writerow([cell(entry.id), cell("; ".join(entry.names)), cell("; ".join(entry.emails))]
                        + [number(row["questions"][q.id]) for q in scheme.questions]
                        + [number(row["parts"][p.number]) for p in scheme.parts]
                        + [number(row["total"]), row["status"], cell(row.get("reason", "")),
                           cell(" | ".join(map(str, row["notes"])))])
    write_text(path, buffer.getvalue(), encoding="utf-8-sig")


# ---------------------------------------------------------------------------
# The HTML report
# ---------------------------------------------------------------------------


def ticks(maximum: float, *, whole: bool) -> list[float]:
    """At most five round tick values from 0 to at least ``maximum``; whole numbers for counts."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    top = step * math.ceil(maximum / step - 1e-9)
    return [step * i for i in range(int(round(top / step)) + 1)]


def svg_bars(labels: list[str], values: list[float], *, maximum: float, title: str, value_text: list[str],
             language: str, highlight: list[bool] | None = None, whole: bool = False, height: int = 220) -> str:
    """A vertical bar chart as inline SVG; ``whole`` when the values are counts."""
    bar, gap, left, top, bottom = 22, 6, 40, 28, 36
    width = left + len(values) * (bar + gap) + 10
    plot = height - top - bottom
    marks = ticks(maximum, whole=whole)
    scale = marks[-1]
    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}">',
             f'<text x="{left}" y="16" font-size="13" font-weight="bold">{e(title)}</text>']
    for mark in marks:
        y = top + plot - plot * mark / scale
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
                     f'{messages.number(mark, language)}</text>')
    for index, (label, value) in enumerate(zip(labels, values)):
        x = left + gap + index * (bar + gap)
        h = plot * min(max(value / scale, 0.0), 1.0)
        colour = "#c0392b" if highlight and highlight[index] else "#2e86c1"
        parts.append(f'<rect x="{x}" y="{top + plot - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{e(message("report.pair", language, label=label, value=value_text[index]))}'
                     '</title></rect>'
                     f'<text x="{x + bar / 2:.1f}" y="{top + plot + 14}" font-size="10" '
                     f'text-anchor="middle">{e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_report(scheme: Any, entries: list[Row], outcomes: dict[str, dict[str, Any]], path: Path,
                 *, source: str, seconds: float, notes: list[str]) -> None:
    """report.html: class mean, full marks per question, histogram of totals, what went wrong."""
    language = scheme.language

    def say(key: str, **fields: object) -> str:
        return message(key, language, **fields)

    def fmt(value: float) -> str:
        return messages.number(value, language)

    def pct(value: float) -> str:
        return messages.percent(value, language)

    def status(name: str) -> str:
        key = f"report.status.{name}"
        return say(key) if key in CATALOGUE else name

    count = len(entries)
    rows = [outcomes[e.id] for e in entries]

    def share(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    totals = [r["total"] for r in rows]
    stats = []
    for q in scheme.questions:
        scores = [r["questions"][q.id] for r in rows]
        full = share([s >= q.points - 1e-9 for s in scores])
        cases = [(c.name, c.visibility, share([r["passed"].get(c.name, False) for r in rows])) for c in q.cases]
        stats.append((q, mean(scores), full, cases))
    flagged = [s for s in stats if s[2] < ALMOST_NOBODY]
    alert = [full < ALMOST_NOBODY for _, _, full, _ in stats]

    bins = int(math.ceil(scheme.total / 5))
    histogram = [0] * bins
    for total in totals:
        histogram[min(int(total // 5), bins - 1)] += 1
    svg_mean = svg_bars([q.id for q, *_ in stats], [100 * m / q.points for q, m, _, _ in stats], maximum=100,
                        title=say("report.chart.mean"), highlight=alert, language=language,
                        value_text=[f"{fmt(round(m, 2))} / {fmt(q.points)}" for q, m, _, _ in stats])
    svg_full = svg_bars([q.id for q, *_ in stats], [100 * f for _, _, f, _ in stats], maximum=100,
                        title=say("report.chart.full"), highlight=alert, language=language,
                        value_text=[pct(f) for _, _, f, _ in stats])
    svg_hist = svg_bars([f"{5 * i}" for i in range(bins)], [float(h) for h in histogram],
                        maximum=float(max(histogram + [1])), whole=True, language=language,
                        title=say("report.chart.totals", total=fmt(scheme.total)),
                        value_text=[say("report.chart.bin", count=h, low=5 * i,
                                        high=fmt(min(5 * i + 5, scheme.total))) for i, h in enumerate(histogram)])

    status_counts: dict[str, int] = {}
    for r in rows:
        status_counts[r["status"]] = status_counts.get(r["status"], 0) + 1
    e = html.escape
    title = say("report.title", assignment=e(scheme.assignment))
    statuses = ", ".join(say("report.pair", label=status(k), value=v) for k, v in sorted(status_counts.items()))
    out = ["<!DOCTYPE html>", f'<html lang="{language}"><head><meta charset="utf-8">',
           f"<title>{title}</title>",
           "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td.l,th.l{text-align:left}"
           ".alert{color:#c0392b}svg{display:block;margin:1em 0}</style></head><body>",
           f"<h1>{title}</h1>",
           "<p>" + say("report.summary", source=f"<code>{e(source)}</code>", count=count,
                       mean=f"<b>{fmt(round(mean(totals), 2))} / {fmt(scheme.total)}</b>", statuses=e(statuses))
           + "</p>"]
    out += [f'<p class="alert">{e(n)}</p>' for n in notes]

    problems = [(entry, outcomes[entry.id]) for entry in entries if outcomes[entry.id]["status"] != "ok"]
    out.append(f"<h2>{say('report.problems', count=len(problems))}</h2>")
    if problems:
        out.append(f'<table><tr><th class="l">{say("report.column.submission")}</th>'
                   f'<th class="l">{say("report.column.status")}</th><th>{say("report.column.total")}</th>'
                   f'<th class="l">{say("report.column.reason")}</th></tr>')
        for entry, row in problems:
            reason = row.get("reason") or " | ".join(map(str, row["notes"]))
            out.append(f'<tr><td class="l">{e(entry.id)}</td>'
                       f'<td class="l">{e(status(row["status"]))}</td>'
                       f'<td>{fmt(round(row["total"], 2))}</td><td class="l">{e(reason[:500])}</td></tr>')
        out.append("</table>")
    else:
        out.append(f"<p>{say('report.none')}</p>")

    out.append(f"<h2>{say('report.flagged', share=pct(ALMOST_NOBODY))}</h2>")
    if flagged:
        out.append(f"<p>{say('report.flagged_intro')}</p><ul>")
        for q, average, full, cases in flagged:
            detail = ", ".join(say("report.pair", label=f"{name} ({say(f'visibility.{vis}')})", value=pct(rate))
                               for name, vis, rate in cases)
            item = say("report.flagged_item", share=pct(full), mean=fmt(round(average, 2)), points=fmt(q.points),
                       detail=e(detail))
            out.append('<li class="alert">' + say("report.pair", label=f"<b>{e(q.id)}</b> — {e(q.title)}",
                                                  value=item) + "</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{say('report.none')}</p>")

    left = ' class="l"'
    columns = "".join(f'<th{left if name in ("question", "title", "rates") else ""}>{say("report.column." + name)}</th>'
                      for name in ("question", "title", "points", "mean", "full", "rates"))
    out += [f"<h2>{say('report.by_question')}</h2>", svg_mean, svg_full, f"<table><tr>{columns}</tr>"]
    for (q, average, full, cases), flag in zip(stats, alert):
        detail = ", ".join(say("report.pair", label=name, value=pct(rate)) for name, _, rate in cases)
        css = ' class="alert"' if flag else ""
        out.append(f'<tr{css}><td class="l">{e(q.id)}</td><td class="l">{e(q.title)}</td><td>{fmt(q.points)}</td>'
                   f'<td>{fmt(round(average, 2))}</td><td>{pct(full)}</td><td class="l">{e(detail)}</td></tr>')
    out.append("</table>")
    out += [f"<h2>{say('report.totals')}</h2>", svg_hist]
    out.append(f'<h2>{say("report.by_part")}</h2><table><tr><th class="l">{say("report.column.part")}</th>'
               f'<th>{say("report.column.points")}</th><th>{say("report.column.mean")}</th></tr>')
    for p in scheme.parts:
        out.append(f'<tr><td class="l">{p.number} — {e(p.title)}</td><td>{fmt(p.points)}</td>'
                   f'<td>{fmt(round(mean([r["parts"][p.number] for r in rows]), 2))}</td></tr>')
    out.append("</table>")
    written = say("report.written", date=time.strftime("%Y-%m-%d"), time=time.strftime("%H:%M:%S"),
                  seconds=fmt(round(seconds, 1)))
    out.append(f"<p><small>{written}</small></p>")
    out.append("</body></html>\n")
    write_text(path, plain("\n".join(out)))
