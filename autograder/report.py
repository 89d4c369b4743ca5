"""What ``grade-all`` writes for the instructor: ``grades.csv``, ``changes.csv`` and the self-contained ``report.html``.

The CSVs are for spreadsheets: UTF-8 with a byte-order mark (so that accented
names open correctly), numbers with a decimal point, and text cells that a
spreadsheet would take for a formula neutralised. The report is in the
assignment's language, one page an instructor acts on: the class at a glance
(median, extremes, a histogram whose bins follow the points), a sortable table
of students, per question the pass rate and the mistakes the cases diagnosed
(their hints, counted), the cases that tell strong and weak submissions apart
best and worst, what a regrade changes, and every entry not graded with why.
Inline SVG and a few lines of inline script for sorting; nothing fetched from
elsewhere. Student text (names, file names, exception messages) is made
visible with :mod:`autograder.quoting` before it is escaped: a bidi override
cannot reorder the page.
"""

from __future__ import annotations

import csv
import html
import io
import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from autograder import files, messages
from autograder.messages import CATALOGUE, message
from autograder.quoting import one_line

ALMOST_NOBODY = 0.10
"""A question whose full marks fewer than this share of the class get is flagged in the report."""
FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection; the tab and
carriage return of that list cannot start a cell here, whitespace being collapsed first)."""
MISTAKES_SHOWN = 3
ITEMS_SHOWN = 5
MAX_BINS = 20
"""Bars of the histogram of totals at most: one per possible total when that few, else ranges of round width."""
CHAR_WIDTH = 0.62
"""Width of a character of the report's sans-serif font, in font sizes, rounded up: SVG text is never clipped."""
INFORMATIVE = ("ok", "partly_read")
"""Statuses whose case outcomes say something about the cases (an unreadable file fails them all alike)."""


class Row(Protocol):
    """What the outputs need of a submission (autograder.classroom.Entry)."""

    id: str
    names: list[str]
    emails: list[str]
    sids: list[str]


@dataclass(frozen=True)
class Skipped:
    """An entry of the class folder that is not a submission, and why (a key of report.skipped.*)."""

    name: str
    kind: str  # hidden | loose_code | loose_file | output


@dataclass(frozen=True)
class Change:
    """A student whose total a regrade changes: before (None when new), after (None when no longer in the
    class), the cases that flipped."""

    entry: Row
    before: float | None
    after: float | None
    gained: list[str]
    lost: list[str]


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


def visible(text: Any) -> str:
    """Student text on one line with every invisible or reordering character shown as an escape."""
    return one_line(" ".join(plain(str(text)).split()))


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one line, visible characters, a leading quote before a formula."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(value: float) -> str:
    """A number for the CSV: decimal point, no useless decimals."""
    return f"{round(value, 6):g}"


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` in one step."""
    files.write_atomically(path, text.encode(encoding))


def has_sids(entries: list[Row]) -> bool:
    return any(entry.sids for entry in entries)


def columns(scheme: Any, sids: bool = False) -> list[str]:
    """The header of grades.csv; a student_id column when the export gives student ids."""
    return (["submission_id", "name"] + (["student_id"] if sids else []) + ["email"] + [q.id for q in scheme.questions]
            + [f"part_{p.number}" for p in scheme.parts] + ["total", "status", "reason", "notes"])


def _csv(rows: list[list[str]], path: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    write_text(path, buffer.getvalue(), encoding="utf-8-sig")


def _who(entry: Row, sids: bool) -> list[str]:
    return [cell(entry.id), cell("; ".join(entry.names))] + ([cell("; ".join(entry.sids))] if sids else [])


def write_csv(scheme: Any, entries: list[Row], outcomes: dict[str, dict[str, Any]], path: Path) -> None:
    """grades.csv: one row per submission, in the order of ``entries``."""
    sids = has_sids(entries)
    rows = [columns(scheme, sids)]
    for entry in entries:
        row = outcomes[entry.id]
        rows.append(_who(entry, sids) + [cell("; ".join(entry.emails))]
                    + [number(row["questions"][q.id]) for q in scheme.questions]
                    + [number(row["parts"][p.number]) for p in scheme.parts]
                    + [number(row["total"]), row["status"], cell(row.get("reason", "")),
                       cell(" | ".join(map(str, row["notes"])))])
    _csv(rows, path)


def write_changes(scheme: Any, changes: list[Change], path: Path) -> None:
    """changes.csv: per student whose total changes, before, after, the change and the cases that flipped."""
    sids = has_sids([c.entry for c in changes])
    rows = [["submission_id", "name"] + (["student_id"] if sids else [])
            + ["before", "after", "change", "cases_now_passed", "cases_now_failed"]]
    for change in changes:
        rows.append(_who(change.entry, sids) + [
            "" if change.before is None else number(change.before),
            "" if change.after is None else number(change.after),
            "" if None in (change.before, change.after) else f"{change.after - change.before:+g}",
            " ".join(change.gained), " ".join(change.lost)])
    _csv(rows, path)


# ---------------------------------------------------------------------------
# Numbers the report shows
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


def granularity(points: list[float]) -> float:
    """The smallest step a total can move by: the unit every case's points are a multiple of."""
    for unit in (1.0, 0.5, 0.25, 0.1, 0.05, 0.01):
        if all(abs(p / unit - round(p / unit)) < 1e-9 for p in points):
            return unit
    return 0.01


def bins(total: float, unit: float) -> tuple[float, list[float]]:
    """Histogram bins of totals from 0 to ``total``: (width, lower edges). Width 0 means one bar per possible
    total, used when totals are whole numbers and there are at most MAX_BINS + 1 of them (an 8-point
    assignment: 0, 1, ..., 8); otherwise the smallest round width of at least one point (1, 2, 2.5, 5, 10,
    20...) giving at most MAX_BINS bins, the last one closed."""
    if unit >= 1 and total / unit <= MAX_BINS + 1e-9:
        return 0.0, [unit * k for k in range(int(round(total / unit)) + 1)]
    width = next(w * 10 ** e for e in range(6) for w in (1, 2, 2.5, 5)
                 if w * 10 ** e >= unit and math.ceil(total / (w * 10 ** e) - 1e-9) <= MAX_BINS)
    return width, [width * k for k in range(math.ceil(total / width - 1e-9))]


def histogram(totals: list[float], total: float, width: float, lows: list[float]) -> list[int]:
    """How many ``totals`` fall in each bin of ``bins``."""
    counts = [0] * len(lows)
    for value in totals:
        if width == 0:
            index = min(range(len(lows)), key=lambda k: abs(lows[k] - value))
        else:
            index = min(int((value + 1e-9) // width), len(lows) - 1)
        counts[max(index, 0)] += 1
    return counts


def point_biserial(passed: list[bool], rest: list[float]) -> float | None:
    """Correlation of passing a case with the points earned elsewhere; None when everyone passes, everyone
    fails, or the rest does not vary (then the case says nothing about who is strong)."""
    n = len(passed)
    ones = [r for p, r in zip(passed, rest) if p]
    zeros = [r for p, r in zip(passed, rest) if not p]
    if not ones or not zeros:
        return None
    spread = statistics.pstdev(rest)
    if spread < 1e-12:
        return None
    share = len(ones) / n
    return (statistics.fmean(ones) - statistics.fmean(zeros)) / spread * math.sqrt(share * (1 - share))


@dataclass(frozen=True)
class Item:
    """One case seen across the class."""

    case: Any
    rate: float
    r: float | None


def item_analysis(scheme: Any, rows: list[dict[str, Any]]) -> list[Item]:
    """Pass rate and point-biserial correlation of every case over the submissions read at least in part."""
    rows = [r for r in rows if r["status"] in INFORMATIVE]
    items = []
    for case in scheme.cases:
        passed = [bool(r["passed"].get(case.name)) for r in rows]
        rest = [r["total"] - (case.points if p else 0.0) for r, p in zip(rows, passed)]
        items.append(Item(case, sum(passed) / len(rows) if rows else 0.0, point_biserial(passed, rest)))
    return items


def mistakes(scheme: Any, question: Any, rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The hints the cases of ``question`` gave, most frequent first, each counted once per submission."""
    names = {c.name for c in question.cases}
    counter: Counter[str] = Counter()
    for row in rows:
        counter.update({hint for name, hint in row.get("hints", {}).items() if name in names})
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))[:MISTAKES_SHOWN]


# ---------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in the report's font: SVG boxes are sized from it."""
    return len(text) * size * CHAR_WIDTH


def svg_bars(labels: list[str], values: list[float], *, maximum: float, title: str, value_text: list[str],
             language: str, highlight: list[bool] | None = None, whole: bool = False, height: int = 220,
             caption: str = "") -> str:
    """A vertical bar chart as inline SVG, as wide as its title and labels need; ``whole`` when values are counts."""
    label_size, title_size, gap, top, bottom = 10, 13, 6, 30, 36 + (16 if caption else 0)
    marks = ticks(maximum, whole=whole)
    scale = marks[-1]
    tick_texts = [messages.number(mark, language) for mark in marks]
    left = 12 + max(text_width(t, label_size) for t in tick_texts)
    bar = max([22.0] + [text_width(label, label_size) + 4 for label in labels])
    plot = height - top - bottom
    width = math.ceil(max(left + len(values) * (bar + gap) + gap + 10, text_width(title, title_size) + 20,
                          text_width(caption, label_size) + left + 10))
    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}">',
             f'<text x="10" y="18" font-size="{title_size}" font-weight="bold">{e(title)}</text>']
    for mark, label in zip(marks, tick_texts):
        y = top + plot - plot * mark / scale
        parts.append(f'<line x1="{left:.1f}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4:.1f}" y="{y + 4:.1f}" font-size="{label_size}" text-anchor="end">'
                     f'{label}</text>')
    for index, (label, value) in enumerate(zip(labels, values)):
        x = left + gap + index * (bar + gap)
        h = plot * min(max(value / scale, 0.0), 1.0)
        colour = "#c0392b" if highlight and highlight[index] else "#2e86c1"
        parts.append(f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                     f'fill="{colour}"><title>{e(message("report.pair", language, label=label, value=value_text[index]))}'
                     '</title></rect>'
                     f'<text x="{x + bar / 2:.1f}" y="{top + plot + 14}" font-size="{label_size}" '
                     f'text-anchor="middle">{e(label)}</text>')
    if caption:
        parts.append(f'<text x="{left:.1f}" y="{height - 8}" font-size="{label_size}">{e(caption)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# The HTML report
# ---------------------------------------------------------------------------

STYLE = ("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0}"
         "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right;vertical-align:top}"
         "td.l,th.l{text-align:left}td.l{max-width:45em}th,td.status{white-space:nowrap}th{background:#f4f4f4}.alert{color:#c0392b}svg{display:block;margin:1em 0}"
         "table.sortable th{cursor:pointer}table.sortable th:after{content:' \\2195';color:#999}"
         ".charts{display:flex;flex-wrap:wrap;gap:0 2em}td ul{margin:0;padding-left:1.2em}small{color:#555}")
SORTING = """<script>
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var down = th.dataset.order === "up";
      table.querySelectorAll("th").forEach(function (other) { delete other.dataset.order; });
      th.dataset.order = down ? "down" : "up";
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      function key(row) { var c = row.cells[column]; return c.dataset.v !== undefined ? parseFloat(c.dataset.v) : c.textContent; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), undefined, {numeric: true});
        return down ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
</script>"""


def write_report(scheme: Any, entries: list[Row], outcomes: dict[str, dict[str, Any]], path: Path,
                 *, source: str, seconds: float, notes: list[str], missing: list[Row] = (),
                 skipped: list[Skipped] = (), changes: list[Change] | None = None, reused: int = 0) -> None:
    """report.html of the graded ``entries``; ``missing``: submissions not graded (an interrupted run),
    ``skipped``: entries of the class folder that are not submissions, ``changes``: what a regrade changes."""
    language = scheme.language
    e = html.escape

    def say(key: str, **fields: object) -> str:
        return message(key, language, **fields)

    def fmt(value: float) -> str:
        return messages.number(round(value, 2), language)

    def pct(value: float) -> str:
        return messages.percent(value, language)

    def status(name: str) -> str:
        key = f"report.status.{name}"
        return say(key) if key in CATALOGUE else name

    def label(name: str) -> str:
        if name.startswith("part "):
            return say("report.column.part_number", number=name.split()[1])
        return say("report.column." + name)

    def head(*names: str, sortable: bool = False) -> str:
        cells = "".join(f'<th class="l">{label(n)}</th>' if n in TEXT_COLUMNS else f"<th>{label(n)}</th>"
                        for n in names)
        css = ' class="sortable"' if sortable else ""
        return f"<table{css}><thead><tr>{cells}</tr></thead><tbody>"

    def num(value: float) -> str:
        return f'<td data-v="{round(value, 6):g}">{fmt(value)}</td>'

    def text(value: str) -> str:
        return f'<td class="l">{e(visible(value))}</td>'

    rows = [outcomes[entry.id] for entry in entries]
    totals = [r["total"] for r in rows]
    title = say("report.title", assignment=e(scheme.assignment))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    statuses = ", ".join(say("report.pair", label=status(k), value=v) for k, v in sorted(counts.items()))
    out = ["<!DOCTYPE html>", f'<html lang="{language}"><head><meta charset="utf-8">',
           f"<title>{title}</title>", f"<style>{STYLE}</style></head><body>", f"<h1>{title}</h1>",
           "<p>" + say("report.summary", source=f"<code>{e(visible(source))}</code>", count=len(entries),
                       mean=f"<b>{fmt(statistics.fmean(totals)) if totals else '—'} / {fmt(scheme.total)}</b>",
                       statuses=e(statuses)) + (" " + say("report.reused", count=reused) if reused else "") + "</p>"]
    if missing:
        shown = ", ".join(visible(m.id) for m in missing[:20]) + (" …" if len(missing) > 20 else "")
        out.append(f'<p class="alert"><b>{say("report.interrupted", count=len(missing))}</b> {e(shown)}</p>')
    out += [f'<p class="alert">{e(visible(n))}</p>' for n in notes]

    # The class at a glance
    out.append(f"<h2>{say('report.overview')}</h2>")
    if totals:
        figures = [("count", str(len(totals))), ("mean", fmt(statistics.fmean(totals))),
                   ("median", fmt(statistics.median(totals))), ("min", fmt(min(totals))), ("max", fmt(max(totals))),
                   ("stdev", fmt(statistics.pstdev(totals)))]
        out.append('<table class="figures"><tr>' + "".join(f"<th>{say('report.figure.' + k)}</th>" for k, _ in figures)
                   + "</tr><tr>" + "".join(f'<td class="figure-{k}">{v}</td>' for k, v in figures) + "</tr></table>")
    out.append(_histogram(scheme, totals, say, fmt))

    if changes is not None:
        out.append(f"<h2>{say('report.changes', count=len(changes))}</h2>")
        if changes:
            out.append(f"<p>{say('report.changes_intro')}</p>")
            out.append(head("submission", "name", "before", "after", "change", "cases", sortable=True))
            for change in changes:
                delta = (change.after or 0.0) - (change.before or 0.0)
                before = num(change.before) if change.before is not None else f'<td data-v="-1">{say("report.new")}</td>'
                after = num(change.after) if change.after is not None else f'<td data-v="-1">{say("report.gone")}</td>'
                out.append(f'<tr class="change">{text(change.entry.id)}{text("; ".join(change.entry.names))}'
                           f"{before}{after}"
                           f'<td data-v="{round(delta, 6)}">{"+" if delta > 0 else ""}{fmt(delta)}</td>'
                           f'<td class="l">{_flipped(scheme, change, say)}</td></tr>')
            out.append("</tbody></table>")
        else:
            out.append(f"<p>{say('report.none')}</p>")

    problems = [(entry, r) for entry, r in zip(entries, rows) if r["status"] != "ok"]
    out.append(f"<h2>{say('report.problems', count=len(problems))}</h2>")
    if problems:
        out.append(head("submission", "status", "total", "reason"))
        for entry, r in problems:
            reason = r.get("reason") or " | ".join(map(str, r["notes"]))
            out.append(f'<tr>{text(entry.id)}<td class="l">{e(status(r["status"]))}</td>{num(r["total"])}'
                       f"{text(reason[:500])}</tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{say('report.none')}</p>")

    if skipped:
        out.append(f"<h2>{say('report.skipped', count=len(skipped))}</h2><ul>")
        out += ["<li>" + say("report.pair", label=f"<code>{e(visible(s.name))}</code>",
                             value=say("report.skipped." + s.kind)) + "</li>" for s in skipped]
        out.append("</ul>")

    # Questions
    stats = []
    for q in scheme.questions:
        scores = [r["questions"][q.id] for r in rows]
        full = sum(s >= q.points - 1e-9 for s in scores) / len(scores) if scores else 0.0
        stats.append((q, statistics.fmean(scores) if scores else 0.0, full))
    alert = [full < ALMOST_NOBODY for _, _, full in stats]
    out.append(f"<h2>{say('report.by_question')}</h2>")
    out.append('<div class="charts">' + svg_bars(
        [q.id for q, _, _ in stats], [100 * m / q.points for q, m, _ in stats], maximum=100,
        title=say("report.chart.mean"), highlight=alert, language=language,
        value_text=[f"{fmt(m)} / {fmt(q.points)}" for q, m, _ in stats]) + svg_bars(
        [q.id for q, _, _ in stats], [100 * f for _, _, f in stats], maximum=100, title=say("report.chart.full"),
        highlight=alert, language=language, value_text=[pct(f) for _, _, f in stats]) + "</div>")
    out.append(head("question", "title", "points", "mean", "full", "mistakes"))
    for (q, average, full), flag in zip(stats, alert):
        found = mistakes(scheme, q, rows)
        listed = "".join(f"<li>{e(hint)} <b>({say('report.times', count=count)})</b></li>" for hint, count in found)
        out.append(f'<tr class="question{" alert" if flag else ""}"><td class="l">{e(q.id)}</td>'
                   f'<td class="l">{e(q.title)}</td><td>{fmt(q.points)}</td>{num(average)}'
                   f'<td data-v="{full:.6f}">{pct(full)}</td>'
                   f'<td class="l">{"<ul>" + listed + "</ul>" if listed else ""}</td></tr>')
    out.append("</tbody></table>")

    flagged = [(q, average, full) for (q, average, full), flag in zip(stats, alert) if flag]
    out.append(f"<h2>{say('report.flagged', share=pct(ALMOST_NOBODY))}</h2>")
    if flagged:
        out.append(f"<p>{say('report.flagged_intro')}</p><ul>")
        items = {item.case.name: item for item in item_analysis(scheme, rows)}
        for q, average, full in flagged:
            detail = ", ".join(say("report.pair", label=f"{c.name} ({say(f'visibility.{c.visibility}')})",
                                   value=pct(items[c.name].rate)) for c in q.cases)
            item = say("report.flagged_item", share=pct(full), mean=fmt(average), points=fmt(q.points),
                       detail=e(detail))
            out.append('<li class="alert">' + say("report.pair", label=f"<b>{e(q.id)}</b> — {e(q.title)}",
                                                  value=item) + "</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{say('report.none')}</p>")

    out += _items(scheme, rows, say, pct)

    out.append(f'<h2>{say("report.by_part")}</h2>' + head("part", "points", "mean"))
    for p in scheme.parts:
        out.append(f'<tr><td class="l">{p.number} — {e(p.title)}</td><td>{fmt(p.points)}</td>'
                   f'{num(statistics.fmean([r["parts"][p.number] for r in rows]) if rows else 0.0)}</tr>')
    out.append("</tbody></table>")

    sids = has_sids(entries)
    out.append(f"<h2>{say('report.students', count=len(entries))}</h2>")
    out.append(head("submission", "name", *(["sid"] if sids else []), "total", *[f"part {p.number}" for p in scheme.parts],
                    "status", "reason", sortable=True))
    for entry, r in zip(entries, rows):
        reason = r.get("reason") or ("" if r["status"] == "ok" else " | ".join(map(str, r["notes"])))
        out.append(f'<tr class="student">{text(entry.id)}{text("; ".join(entry.names))}'
                   + (text("; ".join(entry.sids)) if sids else "") + num(r["total"])
                   + "".join(num(r["parts"][p.number]) for p in scheme.parts)
                   + f'<td class="l status">{e(status(r["status"]))}</td>{text(reason[:300])}</tr>')
    out.append("</tbody></table>")
    written = say("report.written", date=time.strftime("%Y-%m-%d"), time=time.strftime("%H:%M:%S"),
                  seconds=fmt(round(seconds, 1)))
    out += [f"<p><small>{written}</small></p>", SORTING, "</body></html>\n"]
    write_text(path, plain("\n".join(out)))


TEXT_COLUMNS = {"submission", "name", "sid", "status", "reason", "question", "title", "mistakes", "part", "case",
                "cases", "visibility"}


def _flipped(scheme: Any, change: Change, say: Any) -> str:
    """The cases a regrade flips, by question: "q2: +one_public −other_hidden"."""
    by_question: dict[str, list[str]] = {}
    for name in change.gained:
        by_question.setdefault(scheme_case(scheme, name), []).append(f"+{name}")
    for name in change.lost:
        by_question.setdefault(scheme_case(scheme, name), []).append(f"−{name}")
    if not by_question:
        return ""
    parts = [say("report.pair", label=f"<b>{html.escape(q)}</b>", value=html.escape(" ".join(names)))
             for q, names in by_question.items()]
    return "<small>" + "<br>".join(parts) + "</small>"


def scheme_case(scheme: Any, name: str) -> str:
    """The question of the case called ``name`` ("?" for a case the assignment no longer has)."""
    return next((c.question for c in scheme.cases if c.name == name), "?")


def _histogram(scheme: Any, totals: list[float], say: Any, fmt: Any) -> str:
    """The histogram of totals, its bins following the assignment's points."""
    width, lows = bins(scheme.total, granularity([c.points for c in scheme.cases]))
    counts = histogram(totals, scheme.total, width, lows)
    if width == 0:
        labels = [fmt(low) for low in lows]
        tips = [say("report.chart.value", count=n, total=fmt(low)) for low, n in zip(lows, counts)]
        title = say("report.chart.totals_each", total=fmt(scheme.total))
    else:
        highs = [min(low + width, scheme.total) for low in lows]
        labels = [f"{fmt(low)}–{fmt(high)}" for low, high in zip(lows, highs)]
        tips = [say("report.chart.bin", count=n, low=fmt(low), high=fmt(high)) for low, high, n in zip(lows, highs, counts)]
        title = say("report.chart.totals", width=fmt(width), total=fmt(scheme.total))
    return svg_bars(labels, [float(n) for n in counts], maximum=float(max(counts + [1])), whole=True,
                    language=scheme.language, title=title, value_text=tips, caption=say("report.chart.count_axis"))


def _items(scheme: Any, rows: list[dict[str, Any]], say: Any, pct: Any) -> list[str]:
    """Item analysis: the cases that tell strong from weak submissions best and worst."""
    out = [f"<h2>{say('report.items')}</h2>"]
    items = item_analysis(scheme, rows)
    informative = sorted((i for i in items if i.r is not None), key=lambda i: (-i.r, i.case.name))
    if len([r for r in rows if r["status"] in INFORMATIVE]) < 3 or not informative:
        return out + [f"<p>{say('report.items_none')}</p>"]
    out.append(f"<p>{say('report.items_intro')}</p>")
    language = scheme.language

    def table(heading: str, chosen: list[Item], css: str) -> list[str]:
        lines = [f"<h3>{heading}</h3>", f'<table class="{css}"><thead><tr>'
                 + "".join(f'<th class="l">{say("report.column." + n)}</th>' if n in TEXT_COLUMNS
                           else f"<th>{say('report.column.' + n)}</th>"
                           for n in ("case", "question", "visibility", "rate", "r")) + "</tr></thead><tbody>"]
        for item in chosen:
            flag = ' class="alert"' if item.r is not None and item.r < 0.1 else ""
            lines.append(f'<tr{flag}><td class="l"><code>{html.escape(item.case.name)}</code></td>'
                         f'<td class="l">{html.escape(item.case.question)}</td>'
                         f'<td class="l">{say("visibility." + item.case.visibility)}</td>'
                         f"<td>{pct(item.rate)}</td><td>{messages.number(round(item.r, 2), language)}</td></tr>")
        return lines + ["</tbody></table>"]

    count = min(ITEMS_SHOWN, (len(informative) + 1) // 2)
    out += table(say("report.items_best"), informative[:count], "items-best")
    out += table(say("report.items_worst"), informative[::-1][:min(ITEMS_SHOWN, len(informative) - count)],
                 "items-worst")
    everyone = sum(1 for i in items if i.r is None and i.rate >= 1)
    nobody = sum(1 for i in items if i.r is None and i.rate <= 0)
    out.append(f"<p>{say('report.items_flat', everyone=everyone, nobody=nobody, count=len(items))}</p>")
    return out
