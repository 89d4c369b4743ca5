"""Grading a whole class: a folder of submissions or a Gradescope "Export Submissions" zip.

``grade_all`` grades every submission in a pool of worker processes (one per
core by default), each with its own sandbox fork server, and writes in ``out``:

* ``grades.csv`` — one row per submission, sorted by submission id: id, name and
  email (from ``submission_metadata.yml`` when there is one), each question's
  points, each part's total, the total, a status and the notes on the file;
* ``report.html`` — self-contained (inline SVG): class mean and share of full
  marks per question, a histogram of totals, the questions almost nobody passes;
* ``results/<id>.json`` — the Gradescope results of each submission.

A submission that crashes, hangs or attacks the grader costs only its own row:
its cases run in the sandbox, a worker that raises reports it, a worker process
that dies is replaced and a submission that kills workers is isolated. The same
input gives the same files, except the timestamp line of the report (the
per-submission results leave out Gradescope's optional ``execution_time``).
"""

from __future__ import annotations

import csv
import functools
import html
import io
import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from autograder.feedback import fmt

METADATA = "submission_metadata.yml"
EXPORT_PREFIX = "submission_"
SUBMISSION_BUDGET = 600.0
"""Seconds of wall clock for one whole submission (its calls are limited one by one by the sandbox)."""
MAX_EXTRACTED = 4 * 1024 * 1024
"""Bytes kept of one file of an export zip (more than the grader reads)."""
ALMOST_NOBODY = 0.10
"""A question whose full marks fewer than this share of the class get is flagged in the report."""
KEPT_SUFFIXES = (".py", ".ipynb", ".yml", ".yaml")

STATUS_OK = "ok"
STATUS_NO_FILE = "no_file"
STATUS_TIMEOUT = "timeout"
STATUS_GRADER_ERROR = "grader_error"
STATUS_WORKER_CRASH = "worker_crash"


@dataclass
class Entry:
    """One submission to grade."""

    id: str
    folder: Path
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Finding the submissions
# ---------------------------------------------------------------------------


class _LenientLoader(yaml.SafeLoader):
    """safe_load that keeps going on Ruby tags (``!ruby/object:BigDecimal``) and odd timestamps."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_LenientLoader.add_multi_constructor("", _untagged)
_LenientLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _plain_keys(value: Any) -> Any:
    """Ruby-symbol keys (``:name``) as plain ones (``name``), recursively."""
    if isinstance(value, dict):
        return {str(k).lstrip(":"): _plain_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_keys(v) for v in value]
    return value


def read_metadata(path: Path) -> tuple[dict[str, tuple[list[str], list[str]]], list[str]]:
    """``{folder name: (names, emails)}`` from a Gradescope submission_metadata.yml, and problems met."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8", errors="replace"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError) as error:
        return {}, [f"{path.name} unreadable ({type(error).__name__}): names and emails left out"]
    people: dict[str, tuple[list[str], list[str]]] = {}
    if not isinstance(data, dict):
        return {}, [f"{path.name} is not a mapping: names and emails left out"]
    for folder, meta in _plain_keys(data).items():
        submitters = meta.get("submitters") if isinstance(meta, dict) else None
        submitters = submitters if isinstance(submitters, list) else []
        names = [str(s.get("name", "")).strip() for s in submitters if isinstance(s, dict) and s.get("name")]
        emails = [str(s.get("email", "")).strip() for s in submitters if isinstance(s, dict) and s.get("email")]
        people[str(folder)] = (names, emails)
    return people, []


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "__"))


def _find_metadata(folder: Path, depth: int = 2) -> Path | None:
    """The shallowest submission_metadata.yml under ``folder`` (a zip may have a top folder)."""
    for level in range(depth + 1):
        found = sorted(folder.glob("/".join(["*"] * level + [METADATA])))
        found = [p for p in found if all(_visible(Path(part)) for part in p.relative_to(folder).parts[:-1])]
        if found:
            return found[0]
    return None


def entries_of_folder(folder: Path) -> tuple[list[Entry], list[str]]:
    """One entry per subfolder; names and emails from submission_metadata.yml when there is one."""
    metadata = _find_metadata(folder)
    notes: list[str] = []
    people: dict[str, tuple[list[str], list[str]]] = {}
    if metadata is not None:
        folder = metadata.parent
        people, notes = read_metadata(metadata)
    if metadata is None:
        visible = [p for p in folder.iterdir() if p.is_dir() and _visible(p)]
        loose = [p for p in folder.iterdir() if p.is_file() and p.suffix in (".py", ".ipynb")]
        if len(visible) == 1 and not loose:  # a zip of a folder of submissions
            folder = visible[0]
    entries = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and _visible(p)):
        names, emails = people.get(sub.name, ([], []))
        sid = sub.name[len(EXPORT_PREFIX):] if metadata is not None and sub.name.startswith(EXPORT_PREFIX) else sub.name
        entries.append(Entry(sid, sub, names, emails))
    if metadata is not None:
        missing = sorted(set(people) - {e.folder.name for e in entries})
        if missing:
            notes.append(f"{len(missing)} submission(s) of {METADATA} have no folder: {', '.join(missing[:5])}")
    return entries, notes


def extract(archive: Path, target: Path) -> None:
    """Unzip what grading needs (code files, metadata, every folder), refusing paths that leave ``target``."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            parts = Path(info.filename.replace("\\", "/")).parts
            if not parts or info.filename.startswith("/") or ".." in parts or ":" in parts[0]:
                continue
            destination = target.joinpath(*parts)
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.suffix.lower() not in KEPT_SUFFIXES:
                continue
            with zipped.open(info) as source, open(destination, "wb") as sink:
                sink.write(source.read(MAX_EXTRACTED + 1))


# ---------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------

_SCHEME: Any = None


class _OverBudget(BaseException):
    """The whole submission took longer than SUBMISSION_BUDGET."""


def _init_worker(root: str) -> None:
    global _SCHEME
    from autograder.scheme import Scheme

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _SCHEME = Scheme.load(Path(root))


def _on_budget(_signum: int, _frame: Any) -> None:
    raise _OverBudget


def _summary(scheme: Any, report: Any, status: str, results: dict[str, Any]) -> dict[str, Any]:
    """What a worker sends back: plain data only."""
    results.pop("execution_time", None)  # a timing: the same input must give the same files
    return {
        "status": status,
        "questions": {q.id: report.question_score(q.id) for q in scheme.questions},
        "parts": {p.number: report.part_score(p.number) for p in scheme.parts},
        "total": report.score,
        "passed": {o.case.name: o.passed for o in report.outcomes},
        "notes": list(report.notes),
        "results": results,
    }


def grade_one(folder: str, budget: float = SUBMISSION_BUDGET) -> dict[str, Any]:
    """Grade the submission in ``folder`` (in a worker process); never raises for the student's doing."""
    from autograder.results import failure_results, to_results
    from autograder.runner import grade_path, unreadable
    from autograder.sandbox.host import Zygote
    from autograder.submission import SubmissionError, find

    scheme = _SCHEME
    previous = signal.signal(signal.SIGALRM, _on_budget)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        try:
            path, notes = find(Path(folder), scheme.student_file)
        except SubmissionError as error:
            report = unreadable(scheme, str(error))
            return _summary(scheme, report, STATUS_NO_FILE, to_results(report))
        report = grade_path(path, scheme)
        report.notes[:0] = notes
        return _summary(scheme, report, STATUS_OK, to_results(report))
    except _OverBudget:
        # The fork server may be in the middle of a request: start a fresh one for the next submission.
        if Zygote._current is not None and Zygote._current.owner == os.getpid():
            Zygote._current.close()
            Zygote._current = None
        report = unreadable(scheme, f"La correction a dépassé {budget:g} s au total : arrêtée, 0 point.")
        return _summary(scheme, report, STATUS_TIMEOUT, to_results(report))
    except Exception:
        detail = traceback.format_exc()
        report = unreadable(scheme, "La correction automatique a échoué.")
        summary = _summary(scheme, report, STATUS_GRADER_ERROR, failure_results(scheme, detail))
        summary["notes"] = [detail.strip().splitlines()[-1][:300]]
        return summary
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------
# The parent side: pool, progress, outputs
# ---------------------------------------------------------------------------


class Progress:
    """A small text progress bar on stderr (a line per tenth when stderr is not a terminal)."""

    WIDTH = 30

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last_tenth = -1

    def advance(self, count: int = 1) -> None:
        self.done += count
        elapsed = max(time.monotonic() - self.started, 1e-9)
        filled = int(self.WIDTH * self.done / self.total)
        line = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} "
                f"({self.done / elapsed:.1f}/s, {elapsed:.0f} s)")
        if self.tty:
            self.stream.write("\r" + line)
        elif self.done * 10 // self.total != self.last_tenth or self.done == self.total:
            self.last_tenth = self.done * 10 // self.total
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _crashed(scheme: Any, reason: str) -> dict[str, Any]:
    """The row of a submission whose worker process died."""
    from autograder.results import failure_results
    from autograder.runner import unreadable

    report = unreadable(scheme, reason)
    summary = _summary(scheme, report, STATUS_WORKER_CRASH, failure_results(scheme, reason))
    summary["notes"] = [reason]
    return summary


def _tracked(function: Callable[[str], dict[str, Any]], marker: str, folder: str) -> dict[str, Any]:
    """Run ``function(folder)`` in a worker, leaving ``marker`` behind: the parent knows what was in flight."""
    Path(marker).touch()
    return function(folder)


def _ping() -> int:
    return os.getpid()


def _workers_start(root: Path) -> bool:
    """Whether a worker process can start at all (else every submission would look like a culprit)."""
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init_worker,
                                 initargs=(str(root),)) as pool:
            pool.submit(_ping).result(timeout=120)
        return True
    except Exception:
        return False


def _run_pool(jobs: list[Entry], workers: int, root: Path, progress: Progress,
              outcomes: dict[str, dict[str, Any]], function: Callable[[str], dict[str, Any]],
              markers: Path) -> tuple[list[Entry], list[Entry]]:
    """Grade ``jobs`` in one pool. When a worker process dies, return the jobs left undone:
    (those that had started — the culprit is among them —, those that had not)."""
    context = multiprocessing.get_context("spawn")
    broken: list[Entry] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(str(root),)) as pool:
        futures: dict[Future, Entry] = {}
        for index, entry in enumerate(jobs):
            marker = markers / f"{index}-{safe_name(entry.id)}"
            marker.unlink(missing_ok=True)
            futures[pool.submit(_tracked, function, str(marker), str(entry.folder))] = entry
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: natural_key(futures[f].id)):
                    entry = futures[future]
                    try:
                        outcomes[entry.id] = future.result()
                    except BrokenProcessPool:
                        broken.append(entry)
                        continue
                    except Exception:  # pickling trouble or the like: this row only
                        outcomes[entry.id] = _crashed(_parent_scheme(root), traceback.format_exc(limit=2))
                    progress.advance()
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    index_of = {id(entry): index for index, entry in enumerate(jobs)}
    broken.sort(key=lambda entry: index_of[id(entry)])
    started = [e for e in broken if (markers / f"{index_of[id(e)]}-{safe_name(e.id)}").exists()]
    return started, [e for e in broken if e not in started]


_PARENT_SCHEMES: dict[str, Any] = {}


def _parent_scheme(root: Path) -> Any:
    from autograder.scheme import Scheme

    key = str(root)
    if key not in _PARENT_SCHEMES:
        _PARENT_SCHEMES[key] = Scheme.load(root)
    return _PARENT_SCHEMES[key]


def _grade_everything(entries: list[Entry], workers: int, root: Path,
                      function: Callable[[str], dict[str, Any]] = grade_one) -> dict[str, dict[str, Any]]:
    """Every entry graded. A worker process that dies costs only the submission it was grading:
    the submissions in flight are graded again one at a time (the first one left undone by a lone
    worker is the culprit), the others again in parallel."""
    outcomes: dict[str, dict[str, Any]] = {}
    progress = Progress(len(entries))
    markers = Path(tempfile.mkdtemp(prefix="devoir3-started-"))
    left = list(entries)
    idle_breaks = 0
    try:
        while left:
            suspects, untouched = _run_pool(left, workers, root, progress, outcomes, function, markers)
            if (suspects or untouched) and not suspects:
                idle_breaks += 1
                if idle_breaks >= 3 or not _workers_start(root):
                    raise RuntimeError("grade-all: the worker processes die before grading anything")
            while suspects:
                culprit = suspects[0]
                started, not_started = _run_pool(suspects, 1, root, progress, outcomes, function, markers)
                suspects = started + not_started
                if suspects and suspects[0] is culprit:
                    outcomes[culprit.id] = _crashed(_parent_scheme(root),
                                                    "Le processus de correction s'est arrêté sur cette remise.")
                    progress.advance()
                    suspects = suspects[1:]
                elif suspects and not started:
                    raise RuntimeError("grade-all: the worker processes die before grading anything")
            left = untouched
    finally:
        progress.close()
        shutil.rmtree(markers, ignore_errors=True)
    return outcomes


def natural_key(text: str) -> tuple:
    """Sort "submission 9" before "submission 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]", "_", text)[:120] or "_"


def write_csv(scheme: Any, entries: list[Entry], outcomes: dict[str, dict[str, Any]], path: Path) -> None:
    columns = (["submission_id", "name", "email"] + [q.id for q in scheme.questions]
               + [f"part_{p.number}" for p in scheme.parts] + ["total", "status", "notes"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for entry in entries:
        row = outcomes[entry.id]
        writer.writerow([entry.id, "; ".join(entry.names), "; ".join(entry.emails)]
                        + [fmt(round(row["questions"][q.id], 6)) for q in scheme.questions]
                        + [fmt(round(row["parts"][p.number], 6)) for p in scheme.parts]
                        + [fmt(round(row["total"], 6)), row["status"],
                           " | ".join(" ".join(str(n).split()) for n in row["notes"])])
    _write_text(path, buffer.getvalue())


def _write_text(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# ---------------------------------------------------------------------------
# The class report
# ---------------------------------------------------------------------------


def _svg_bars(labels: list[str], values: list[float], *, maximum: float, title: str,
              value_text: list[str], highlight: list[bool] | None = None, height: int = 220) -> str:
    """A vertical bar chart as inline SVG."""
    bar, gap, left, top, bottom = 22, 6, 40, 28, 36
    width = left + len(values) * (bar + gap) + 10
    plot = height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">',
             f'<text x="{left}" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for tick in range(5):
        y = top + plot - plot * tick / 4
        label = fmt(round(maximum * tick / 4, 2))
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{label}</text>')
    for index, (label, value) in enumerate(zip(labels, values)):
        x = left + gap + index * (bar + gap)
        h = 0.0 if maximum <= 0 else plot * min(max(value / maximum, 0.0), 1.0)
        colour = "#c0392b" if highlight and highlight[index] else "#2e86c1"
        parts.append(f'<rect x="{x}" y="{top + plot - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{html.escape(label)} : {html.escape(value_text[index])}</title></rect>'
                     f'<text x="{x + bar / 2:.1f}" y="{top + plot + 14}" font-size="10" '
                     f'text-anchor="middle">{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_report(scheme: Any, entries: list[Entry], outcomes: dict[str, dict[str, Any]], path: Path,
                 *, source: str, seconds: float, notes: list[str]) -> None:
    count = len(entries)
    rows = [outcomes[e.id] for e in entries]

    def share(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    totals = [r["total"] for r in rows]
    mean_total = sum(totals) / count if count else 0.0
    stats = []
    for q in scheme.questions:
        scores = [r["questions"][q.id] for r in rows]
        full = share([s >= q.points - 1e-9 for s in scores])
        cases = [(c.name, c.visibility, share([r["passed"].get(c.name, False) for r in rows])) for c in q.cases]
        stats.append((q, sum(scores) / count if count else 0.0, full, cases))

    flagged = [s for s in stats if s[2] < ALMOST_NOBODY]
    bins = int(math.ceil(scheme.total / 5))
    histogram = [0] * bins
    for total in totals:
        histogram[min(int(total // 5), bins - 1)] += 1
    hist_labels = [f"{5 * i}" for i in range(bins)]
    svg_mean = _svg_bars([q.id for q, *_ in stats], [100 * m / q.points for q, m, _, _ in stats], maximum=100,
                         title="Mean per question (% of its points)",
                         value_text=[f"{fmt(round(m, 2))} / {fmt(q.points)}" for q, m, _, _ in stats],
                         highlight=[full < ALMOST_NOBODY for _, _, full, _ in stats])
    svg_full = _svg_bars([q.id for q, *_ in stats], [100 * f for _, _, f, _ in stats], maximum=100,
                         title="Submissions with full marks (%)",
                         value_text=[f"{100 * f:.0f} %" for _, _, f, _ in stats],
                         highlight=[full < ALMOST_NOBODY for _, _, full, _ in stats])
    svg_hist = _svg_bars(hist_labels, [float(h) for h in histogram], maximum=float(max(histogram + [1])),
                         title=f"Totals (bins of 5 points out of {fmt(scheme.total)})",
                         value_text=[f"{h} submission(s) between {5 * i} and {min(5 * i + 5, scheme.total):g}"
                                     for i, h in enumerate(histogram)])

    status_counts: dict[str, int] = {}
    for r in rows:
        status_counts[r["status"]] = status_counts.get(r["status"], 0) + 1
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(scheme.assignment)} — grading report</title>",
           "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td.l,th.l{text-align:left}"
           ".alert{color:#c0392b}svg{display:block;margin:1em 0}</style></head><body>",
           f"<h1>{e(scheme.assignment)} — grading report</h1>",
           f"<p>Source: <code>{e(source)}</code>. {count} submission(s). "
           f"Mean: <b>{fmt(round(mean_total, 2))} / {fmt(scheme.total)}</b>. "
           f"Statuses: {e(', '.join(f'{k}: {v}' for k, v in sorted(status_counts.items())))}.</p>"]
    out += [f"<p class=\"alert\">{e(n)}</p>" for n in notes]
    out.append(f"<h2>Questions almost nobody passes (under {ALMOST_NOBODY:.0%} with full marks)</h2>")
    if flagged:
        out.append("<p>The first sign of a broken test (or of a misunderstood question): "
                   "look at the pass rate of each case.</p><ul>")
        for q, mean, full, cases in flagged:
            detail = ", ".join(f"{name} ({vis}): {100 * rate:.0f} %" for name, vis, rate in cases)
            out.append(f"<li class=\"alert\"><b>{e(q.id)}</b> — {e(q.title)}: {100 * full:.0f} % with full "
                       f"marks, mean {fmt(round(mean, 2))} / {fmt(q.points)}. Cases passed: {e(detail)}</li>")
        out.append("</ul>")
    else:
        out.append("<p>None.</p>")
    out += ["<h2>Per question</h2>", svg_mean, svg_full,
            "<table><tr><th class=\"l\">Question</th><th class=\"l\">Title</th><th>Points</th><th>Mean</th>"
            "<th>Full marks</th><th class=\"l\">Pass rate per case</th></tr>"]
    for q, mean, full, cases in stats:
        detail = ", ".join(f"{name}: {100 * rate:.0f} %" for name, _, rate in cases)
        css = ' class="alert"' if full < ALMOST_NOBODY else ""
        out.append(f"<tr{css}><td class=\"l\">{e(q.id)}</td><td class=\"l\">{e(q.title)}</td><td>{fmt(q.points)}</td>"
                   f"<td>{fmt(round(mean, 2))}</td><td>{100 * full:.0f} %</td><td class=\"l\">{e(detail)}</td></tr>")
    out.append("</table>")
    out += ["<h2>Totals</h2>", svg_hist]
    out.append("<h2>Per part</h2><table><tr><th class=\"l\">Part</th><th>Points</th><th>Mean</th></tr>")
    for p in scheme.parts:
        mean = sum(r["parts"][p.number] for r in rows) / count if count else 0.0
        out.append(f"<tr><td class=\"l\">{p.number} — {e(p.title)}</td><td>{fmt(p.points)}</td>"
                   f"<td>{fmt(round(mean, 2))}</td></tr>")
    out.append("</table>")
    problems = [(entry, outcomes[entry.id]) for entry in entries if outcomes[entry.id]["status"] != STATUS_OK]
    out.append(f"<h2>Submissions not graded normally ({len(problems)})</h2>")
    if problems:
        out.append("<table><tr><th class=\"l\">Submission</th><th class=\"l\">Status</th><th class=\"l\">Detail</th></tr>")
        for entry, row in problems:
            out.append(f"<tr><td class=\"l\">{e(entry.id)}</td><td class=\"l\">{e(row['status'])}</td>"
                       f"<td class=\"l\">{e(' | '.join(map(str, row['notes']))[:300])}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>None.</p>")
    out.append(f"<p><small>Written on {time.strftime('%Y-%m-%d %H:%M:%S')} in {seconds:.1f} s.</small></p>")
    out.append("</body></html>\n")
    _write_text(path, "\n".join(out))


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def grade_all(path: Path, out: Path, *, workers: int = 0, root: Path, budget: float = SUBMISSION_BUDGET) -> int:
    """Grade every submission of ``path`` (a folder or a Gradescope export zip) into ``out``; 0 on success.

    ``workers`` 0 means one per core; ``budget`` is the wall-clock limit of one whole submission.
    """
    from autograder.results import write_atomically
    from autograder.sandbox.limits import hide_from_sandbox

    path, out, root = Path(path), Path(out), Path(root)
    started = time.monotonic()
    if not path.exists():
        print(f"grade-all: {path} does not exist", file=sys.stderr)
        return 2
    scheme = _parent_scheme(root)
    workers = workers if workers and workers > 0 else (os.cpu_count() or 1)
    scratch = Path(tempfile.mkdtemp(prefix="devoir3-class-"))  # 0700: invisible to the sandbox uid
    try:
        if path.is_file():
            try:
                extract(path, scratch / "input")
            except (zipfile.BadZipFile, OSError) as error:
                print(f"grade-all: {path} is neither a folder nor a readable zip ({error})", file=sys.stderr)
                return 2
            entries, notes = entries_of_folder(scratch / "input")
        else:
            entries, notes = entries_of_folder(path)
            entries = [e for e in entries if e.folder.resolve() != out.resolve()]  # --out inside the input
        if not entries:
            print(f"grade-all: no submission folder in {path}", file=sys.stderr)
            return 2
        entries.sort(key=lambda entry: natural_key(entry.id))
        ids = [entry.id for entry in entries]
        if len(set(ids)) != len(ids):
            raise ValueError("two submissions share an id")
        out.mkdir(parents=True, exist_ok=True)
        hide_from_sandbox(root, out, *([] if path.is_file() else [path]))
        for note in notes:
            print(f"grade-all: {note}", file=sys.stderr)
        print(f"grade-all: {len(entries)} submission(s), {workers} worker(s)", file=sys.stderr)

        outcomes = _grade_everything(entries, min(workers, len(entries)), root,
                                     functools.partial(grade_one, budget=budget))

        results_dir = out / "results"
        results_dir.mkdir(exist_ok=True)
        wanted = {f"{safe_name(entry.id)}.json" for entry in entries}
        for stale in results_dir.glob("*.json"):
            if stale.name not in wanted:
                stale.unlink()
        for entry in entries:
            write_atomically(outcomes[entry.id]["results"], results_dir / f"{safe_name(entry.id)}.json")
        write_csv(scheme, entries, outcomes, out / "grades.csv")
        write_report(scheme, entries, outcomes, out / "report.html", source=path.name,
                     seconds=time.monotonic() - started, notes=notes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    totals = [outcomes[e.id]["total"] for e in entries]
    print(f"grade-all: {len(entries)} graded in {time.monotonic() - started:.1f} s, mean "
          f"{fmt(round(sum(totals) / len(totals), 2))} / {fmt(scheme.total)}; wrote {out / 'grades.csv'}, "
          f"{out / 'report.html'}, {out / 'results'}/", file=sys.stderr)
    return 0
