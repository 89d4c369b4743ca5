"""Grading a whole class: a folder of submissions or a Gradescope "Export Submissions" zip.

``grade_all`` grades every submission in a pool of worker processes (one per
core by default), each with its own sandbox fork server, and writes in ``out``:

* ``grades.csv`` — one row per submission, sorted by submission id: id, name and
  email (from ``submission_metadata.yml`` when there is one), each question's
  points, each part's total, the total, a status with its reason, and the notes
  on the file;
* ``report.html`` — in the assignment's language, self-contained: class mean
  and share of full marks per question, a histogram of totals, the questions
  almost nobody passes, the submissions not graded normally and why;
* ``results/<id>.json`` — the Gradescope results of each submission.

The status tells the instructor what happened to a submission: ``ok``,
``partly_read`` (syntax errors, statements that raised, hung or killed the
child at load), ``unreadable`` (no file, empty, binary, not UTF-8, not a
notebook), ``timed_out`` (the whole submission went over its budget) or
``grader_error`` (the grader failed or its worker process died).

A submission that crashes, hangs or attacks the grader costs only its own row:
its cases run in the sandbox, a worker that raises reports it, a worker process
that dies is replaced, a submission that kills workers is isolated, and any
string it smuggles into the outputs is made writable. The CSV and the report
are written whatever happens to the submissions. The same input gives the same
files, except the timestamp line of the report (the per-submission results
leave out Gradescope's optional ``execution_time``). The outputs themselves are
drawn by :mod:`autograder.report`.
"""

from __future__ import annotations

import functools
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

from autograder.messages import message, number
from autograder.report import plain, write_csv, write_report

METADATA = "submission_metadata.yml"
EXPORT_PREFIX = "submission_"
BUDGET_MARGIN = 60.0
"""Seconds a worker grants one submission beyond the scheme's own budget (reading it, starting the sandbox)."""
MAX_EXTRACTED = 4 * 1024 * 1024
"""Bytes kept of one file of an export zip (more than the grader reads)."""
KEPT_SUFFIXES = (".py", ".ipynb", ".yml", ".yaml")

STATUS_OK = "ok"
STATUS_PARTLY_READ = "partly_read"
STATUS_UNREADABLE = "unreadable"
STATUS_TIMED_OUT = "timed_out"
STATUS_GRADER_ERROR = "grader_error"


class BadInput(ValueError):
    """An input grade-all cannot work with; the message is one English line for the instructor."""


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
    """The whole submission took longer than its budget."""


def _init_worker(root: str) -> None:
    global _SCHEME
    from autograder.scheme import Scheme

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _SCHEME = Scheme.load(Path(root))


def _on_budget(_signum: int, _frame: Any) -> None:
    raise _OverBudget


def _summary(scheme: Any, report: Any, status: str, reason: str, results: dict[str, Any]) -> dict[str, Any]:
    """What a worker sends back: plain data only."""
    results.pop("execution_time", None)  # a timing: the same input must give the same files
    return {
        "status": status,
        "reason": reason,
        "questions": {q.id: report.question_score(q.id) for q in scheme.questions},
        "parts": {p.number: report.part_score(p.number) for p in scheme.parts},
        "total": report.score,
        "passed": {o.case.name: o.passed for o in report.outcomes},
        "notes": list(report.notes),
        "results": results,
    }


def _unreadable(scheme: Any, reason: str, status: str = STATUS_UNREADABLE) -> dict[str, Any]:
    """The row of a submission none of whose code could run."""
    from autograder.results import to_results
    from autograder.runner import unreadable

    report = unreadable(scheme, reason)
    return _summary(scheme, report, status, reason, to_results(report))


def grade_one(folder: str, budget: float | None = None) -> dict[str, Any]:
    """Grade the submission in ``folder`` (in a worker process); never raises for the student's doing.

    ``budget``: seconds of wall clock for the whole submission, by default the scheme's budget plus a margin.
    """
    from autograder.results import failure_results, to_results
    from autograder.runner import grade_submission, unreadable
    from autograder.sandbox.host import Zygote
    from autograder.submission import SubmissionError, find, load, shown

    scheme = _SCHEME
    language = scheme.language
    budget = scheme.budget + BUDGET_MARGIN if budget is None else budget
    previous = signal.signal(signal.SIGALRM, _on_budget)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        try:
            path, found_notes = find(Path(folder), scheme.student_file, language)
            submission = load(path, scheme.student_file, language)
        except SubmissionError as error:
            return _unreadable(scheme, str(error))
        if not submission.chunks:
            return _unreadable(scheme, " ".join(submission.problems)
                               or message("class.no_code", language, name=shown(path.name)))
        report = grade_submission(submission, scheme)
        # Every note so far names code that did not run: syntax errors, statements that raised, hung or killed.
        troubles = report.notes[:]
        report.notes[:0] = found_notes
        status = STATUS_PARTLY_READ if troubles else STATUS_OK
        return _summary(scheme, report, status, " | ".join(troubles), to_results(report))
    except _OverBudget:
        # The fork server may be in the middle of a request: start a fresh one for the next submission.
        if Zygote._current is not None and Zygote._current.owner == os.getpid():
            Zygote._current.close()
            Zygote._current = None
        return _unreadable(scheme, message("class.over_budget", language, seconds=number(budget, language)),
                           STATUS_TIMED_OUT)
    except Exception:
        detail = traceback.format_exc()
        reason = detail.strip().splitlines()[-1][:300]
        summary = _summary(scheme, unreadable(scheme, message("class.failed", language)), STATUS_GRADER_ERROR,
                           reason, failure_results(scheme, detail))
        summary["notes"] = [reason]
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
    """The row of a submission whose worker process died, or that no worker could grade."""
    from autograder.results import failure_results
    from autograder.runner import unreadable

    report = unreadable(scheme, reason)
    summary = _summary(scheme, report, STATUS_GRADER_ERROR, reason, failure_results(scheme, reason))
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
                        outcomes[entry.id] = plain(future.result())
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
    worker is the culprit), the others again in parallel. When workers die before grading anything,
    the submissions left get a grader_error row: the outputs are written all the same."""
    outcomes: dict[str, dict[str, Any]] = {}
    progress = Progress(len(entries))
    markers = Path(tempfile.mkdtemp(prefix="autograder-started-"))
    left = list(entries)
    idle_breaks = 0

    def give_up(undone: list[Entry]) -> None:
        for entry in undone:
            scheme = _parent_scheme(root)
            outcomes[entry.id] = _crashed(scheme, message("class.workers_die", scheme.language))
            progress.advance()

    try:
        while left:
            suspects, untouched = _run_pool(left, workers, root, progress, outcomes, function, markers)
            if untouched and not suspects:
                idle_breaks += 1
                if idle_breaks >= 3 or not _workers_start(root):
                    give_up(untouched)
                    break
            while suspects:
                culprit = suspects[0]
                started, not_started = _run_pool(suspects, 1, root, progress, outcomes, function, markers)
                suspects = started + not_started
                if suspects and suspects[0] is culprit:
                    scheme = _parent_scheme(root)
                    outcomes[culprit.id] = _crashed(scheme, message("class.worker_died", scheme.language))
                    progress.advance()
                    suspects = suspects[1:]
                elif suspects and not started:
                    give_up(suspects + untouched)
                    untouched = []
                    break
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


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def _inputs(path: Path, out: Path) -> None:
    """Refuse what grade-all cannot work with, before anything starts."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    if path.is_file() and not zipfile.is_zipfile(path):
        raise BadInput(f"{path}: neither a folder nor a zip file")
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out}: is a file, expected a folder (it is created if missing)")
    parent = next((p for p in out.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise BadInput(f"--out {out}: {parent} is a file, not a folder")


def _unique_ids(entries: list[Entry]) -> None:
    """Give two submissions that would share an id ("submission_5" and "5") their folder names."""
    seen: dict[str, int] = {}
    for entry in entries:
        seen[entry.id] = seen.get(entry.id, 0) + 1
    for entry in entries:
        if seen[entry.id] > 1:
            entry.id = entry.folder.name


def _write_results(outcomes: dict[str, dict[str, Any]], entries: list[Entry], folder: Path, scheme: Any) -> None:
    """One Gradescope results file per submission; one that cannot be written is replaced by a grader error."""
    from autograder.results import failure_results, write_atomically

    folder.mkdir(exist_ok=True)
    wanted = {f"{safe_name(entry.id)}.json" for entry in entries}
    for stale in folder.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink()
    for entry in entries:
        target = folder / f"{safe_name(entry.id)}.json"
        try:
            write_atomically(outcomes[entry.id]["results"], target)
        except (ValueError, TypeError, OSError) as error:
            reason = message("class.unwritten", scheme.language, type=type(error).__name__, error=error)
            write_atomically(failure_results(scheme, reason), target)
            outcomes[entry.id].update(status=STATUS_GRADER_ERROR, reason=reason)


def grade_all(path: Path, out: Path, *, workers: int = 0, root: Path, budget: float | None = None) -> int:
    """Grade every submission of ``path`` (a folder or a Gradescope export zip) into ``out``; 0 once written.

    ``workers`` 0 means one per core; ``budget`` is the wall-clock limit of one whole submission
    (by default the scheme's budget plus a margin).
    Raises BadInput, before grading anything, for an input or output it cannot use.
    """
    from autograder.sandbox.limits import hide_from_sandbox

    path, out, root = Path(path), Path(out), Path(root)
    started = time.monotonic()
    _inputs(path, out)
    scheme = _parent_scheme(root)
    workers = workers if workers and workers > 0 else (os.cpu_count() or 1)
    scratch = Path(tempfile.mkdtemp(prefix="autograder-class-"))  # 0700: invisible to the sandbox uid
    try:
        if path.is_file():
            try:
                extract(path, scratch / "input")
            except (zipfile.BadZipFile, OSError) as error:
                raise BadInput(f"{path}: not a readable zip ({error})") from None
            entries, notes = entries_of_folder(scratch / "input")
        else:
            entries, notes = entries_of_folder(path)
            entries = [e for e in entries if e.folder.resolve() != out.resolve()]  # --out inside the input
        if not entries:
            raise BadInput(f"{path}: no submission folder in it (expected one subfolder per submission)")
        _unique_ids(entries)
        entries.sort(key=lambda entry: natural_key(entry.id))
        out.mkdir(parents=True, exist_ok=True)
        hide_from_sandbox(root, out, *([] if path.is_file() else [path]))
        for note in notes:
            print(f"grade-all: {plain(note)}", file=sys.stderr)
        print(f"grade-all: {len(entries)} submission(s), {workers} worker(s)", file=sys.stderr)

        outcomes = _grade_everything(entries, min(workers, len(entries)), root,
                                     functools.partial(grade_one, budget=budget))
        _write_results(outcomes, entries, out / "results", scheme)
        write_csv(scheme, entries, outcomes, out / "grades.csv")
        write_report(scheme, entries, outcomes, out / "report.html", source=plain(path.name),
                     seconds=time.monotonic() - started, notes=notes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    totals = [outcomes[e.id]["total"] for e in entries]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[outcomes[entry.id]["status"]] = counts.get(outcomes[entry.id]["status"], 0) + 1
    print(f"grade-all: {len(entries)} graded in {time.monotonic() - started:.1f} s "
          f"({', '.join(f'{status}: {n}' for status, n in sorted(counts.items()))}), mean "
          f"{sum(totals) / len(totals):.2f} / {scheme.total:g}; wrote {out / 'grades.csv'}, "
          f"{out / 'report.html'}, {out / 'results'}/", file=sys.stderr)
    return 0
