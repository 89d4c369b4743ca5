"""Grading a whole class: a folder of submissions or a Gradescope "Export Submissions" zip.

``grade_all`` grades every submission in a pool of worker processes (one per
core by default), each with its own sandbox fork server, and writes in ``out``:

* ``grades.csv`` — one row per graded submission, sorted by submission id: id,
  name, student id (when the export has one) and email (from
  ``submission_metadata.yml``), each question's points, each part's total, the
  total, a status with its reason, and the notes on the file;
* ``report.html`` — in the assignment's language, self-contained (see
  :mod:`autograder.report`);
* ``results/<id>.json`` — the Gradescope results of each submission;
* ``state/<id>.json`` — what the CSV and the report are rebuilt from: the row,
  the hash of the submission and the version of the assignment it was graded with;
* ``changes.csv`` — with ``compare``: the students whose total a regrade changes.

Each submission's files are written, atomically, as soon as it is graded: an
interrupted run (Ctrl-C, SIGTERM) stops its workers at once, writes the CSV and
the report of what was graded and says how many are missing; a killed run loses
only the submissions in flight. Running again into the same ``out`` grades only
the submissions that are missing, whose files changed, or that were graded with
another version of the assignment (grading.yaml, case modules, reference, data
files) or of the grader itself.

The status tells the instructor what happened to a submission: ``ok``,
``partly_read`` (syntax errors, statements that raised, hung or killed the
child at load), ``unreadable`` (no file, empty, binary, not UTF-8, not a
notebook), ``timed_out`` (the whole submission went over its budget) or
``grader_error`` (the grader failed or its worker process died). Every entry
of the class folder that is not a submission (a loose file, a hidden folder) is
listed in the report with the reason it was not graded.

A submission that crashes, hangs or attacks the grader costs only its own row.
An export zip is read within caps (entries, bytes, compression ratio) and
refused in one line beyond them; everything extracted, and the sandboxes'
scratch folders, live in one temporary folder that is removed whatever happens.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
import zipfile
import zlib
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from autograder.alarm import alarm
from autograder.files import write_atomically
from autograder.messages import message, number
from autograder.report import Change, Skipped, plain, write_changes, write_csv, write_report

METADATA = "submission_metadata.yml"
EXPORT_PREFIX = "submission_"
BUDGET_MARGIN = 60.0
"""Seconds a worker grants one submission beyond the scheme's own budget (reading it, starting the sandbox)."""
MAX_EXTRACTED = 4 * 1024 * 1024
"""Bytes kept of one file of an export zip (more than the grader reads)."""
KEPT_SUFFIXES = (".py", ".ipynb", ".yml", ".yaml")
CODE_SUFFIXES = (".py", ".ipynb")
STATE_FORMAT = 1
FOUND_SHOWN = 8
"""Files named in the reason of a submission folder without the student file."""

STATUS_OK = "ok"
STATUS_PARTLY_READ = "partly_read"
STATUS_UNREADABLE = "unreadable"
STATUS_TIMED_OUT = "timed_out"
STATUS_GRADER_ERROR = "grader_error"
INTERRUPTED = 130
"""Exit code of a run stopped by Ctrl-C or SIGTERM (the shell's 128 + SIGINT)."""


class BadInput(ValueError):
    """An input grade-all cannot work with; the message is one English line for the instructor."""


@dataclass(frozen=True)
class ZipLimits:
    """What an export zip may hold; beyond any of these it is refused before anything is written."""

    entries: int = 20_000
    extracted: int = 512 * 1024 * 1024  # bytes of the files kept (code, notebooks, metadata)
    ratio: float = 100.0  # uncompressed / compressed size of one entry...
    ratio_from: int = 1024 * 1024  # ...of at least this many bytes (small files may compress as they like)


@dataclass
class Entry:
    """One submission to grade."""

    id: str
    folder: Path
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    sids: list[str] = field(default_factory=list)
    digest: str = ""  # of what the grader reads in the folder: a changed submission is graded again


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


People = dict[str, tuple[list[str], list[str], list[str]]]


def read_metadata(path: Path) -> tuple[People, list[str]]:
    """``{folder name: (names, emails, student ids)}`` from a Gradescope submission_metadata.yml, and problems met."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8", errors="replace"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError) as error:
        return {}, [f"{path.name} unreadable ({type(error).__name__}): names and emails left out"]
    people: People = {}
    if not isinstance(data, dict):
        return {}, [f"{path.name} is not a mapping: names and emails left out"]
    for folder, meta in _plain_keys(data).items():
        submitters = meta.get("submitters") if isinstance(meta, dict) else None
        submitters = [s for s in submitters if isinstance(s, dict)] if isinstance(submitters, list) else []
        people[str(folder)] = tuple([str(s[key]).strip() for s in submitters if s.get(key) not in (None, "")]
                                    for key in ("name", "email", "sid"))  # type: ignore[assignment]
    return people, []


def _visible(name: str) -> bool:
    return not name.startswith((".", "__"))


def _find_metadata(folder: Path, depth: int = 2) -> Path | None:
    """The shallowest submission_metadata.yml under ``folder`` (a zip may have a top folder)."""
    for level in range(depth + 1):
        found = sorted(folder.glob("/".join(["*"] * level + [METADATA])))
        found = [p for p in found if all(_visible(part) for part in p.relative_to(folder).parts[:-1])]
        if found:
            return found[0]
    return None


def _unwrapped(folder: Path) -> Path:
    """The class folder inside the top folders a zip adds: a lone folder holding folders and no code."""
    for _ in range(3):
        children = [p for p in folder.iterdir() if _visible(p.name)]
        if len(children) != 1 or not children[0].is_dir() or children[0].is_symlink():
            break
        inside = list(children[0].iterdir())
        if any(p.suffix in CODE_SUFFIXES for p in inside if p.is_file()) or not any(p.is_dir() for p in inside):
            break  # the lone folder is a submission: a class of one
        folder = children[0]
    return folder


def entries_of_folder(folder: Path, *, unwrap: bool = False,
                      out: Path | None = None) -> tuple[list[Entry], list[Skipped], list[str]]:
    """One entry per subfolder (names, emails, student ids from submission_metadata.yml when there is one);
    every other entry of the class folder with the reason it is not graded; notes on the metadata.

    ``unwrap``: look inside the top folders of an extracted zip; ``out``: the output folder, never a submission.
    """
    metadata = _find_metadata(folder)
    notes: list[str] = []
    people: People = {}
    if metadata is not None:
        folder = metadata.parent
        people, notes = read_metadata(metadata)
    elif unwrap:
        folder = _unwrapped(folder)
    entries, skipped = [], []
    resolved_out = out.resolve() if out is not None else None
    for child in sorted(folder.iterdir()):
        if child == metadata:
            continue
        if not _visible(child.name):
            skipped.append(Skipped(child.name, "hidden"))
        elif child.is_dir() and child.resolve() == resolved_out:
            skipped.append(Skipped(child.name, "output"))
        elif child.is_dir():
            names, emails, sids = people.get(child.name, ([], [], []))
            exported = metadata is not None and child.name.startswith(EXPORT_PREFIX)
            entries.append(Entry(child.name[len(EXPORT_PREFIX):] if exported else child.name, child,
                                 names, emails, sids))
        else:
            skipped.append(Skipped(child.name, "loose_code" if child.suffix in CODE_SUFFIXES else "loose_file"))
    if metadata is not None:
        missing = sorted(set(people) - {e.folder.name for e in entries})
        if missing:
            notes.append(f"{len(missing)} submission(s) of {METADATA} have no folder: {', '.join(missing[:5])}")
    return entries, skipped, notes


def check_zip(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> None:
    """Refuse, from the zip's directory alone, an archive beyond ``limits`` (BadInput, one line).

    Reading never yields more than an entry's declared size, so the declared sizes bound what is written.
    """
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise BadInput(f"{name}: {len(infos)} entries, more than {limits.entries}: refused "
                       "(not a Gradescope export?)")
    kept = 0
    for info in infos:
        if info.file_size >= limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise BadInput(f"{name}: {plain(info.filename)} expands {info.file_size / max(info.compress_size, 1):.0f} "
                           f"times ({info.file_size} bytes from {info.compress_size}), more than "
                           f"{limits.ratio:g}: refused as a zip bomb")
        if Path(info.filename).suffix.lower() in KEPT_SUFFIXES:
            kept += min(info.file_size, MAX_EXTRACTED + 1)
    if kept > limits.extracted:
        raise BadInput(f"{name}: {kept / 1024 / 1024:.0f} MB of code and metadata to extract, more than "
                       f"{limits.extracted / 1024 / 1024:.0f} MB: refused")


def extract(path: Path, target: Path, limits: ZipLimits = ZipLimits()) -> list[str]:
    """Unzip what grading needs into ``target``: code files and metadata, and every other file as an empty
    placeholder (its name is all the grader uses). Returns notes; BadInput for a zip it cannot or will not read."""
    skipped = 0
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, path.name, limits)
            for info in archive.infolist():
                parts = Path(info.filename.replace("\\", "/")).parts
                if not parts or info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
                    skipped += 1
                    continue
                destination = target.joinpath(*parts)
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with open(destination, "wb") as sink:
                    if destination.suffix.lower() in KEPT_SUFFIXES:
                        with archive.open(info) as source:
                            sink.write(source.read(MAX_EXTRACTED + 1))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as error:
        if isinstance(error, BadInput):
            raise
        raise BadInput(f"{path}: not a readable zip ({type(error).__name__}: {plain(str(error))})") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be extracted ({error.strerror or error})") from None
    return [f"{skipped} entries of the zip with a path leaving it were skipped"] if skipped else []


def _walk(folder: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Every file below ``folder`` as the grader's search sees it (bounded, hidden folders skipped, links not
    followed): what a submission folder holds, for its hash and its listing."""
    from autograder.submission import UploadWalk

    for entry in UploadWalk(folder):
        try:
            yield Path(entry.path), entry.stat(follow_symlinks=False)
        except OSError:
            continue


def folder_digest(folder: Path) -> str:
    """A hash of what grading a submission folder reads: every file name, and the bytes of its code files."""
    from autograder.submission import MAX_BYTES

    digest = hashlib.sha256()
    for path, info in _walk(folder):
        digest.update(os.fsencode(path.relative_to(folder)) + b"\0" + str(stat.S_IFMT(info.st_mode)).encode())
        if stat.S_ISREG(info.st_mode) and path.suffix in CODE_SUFFIXES:
            try:
                with open(path, "rb") as stream:
                    digest.update(hashlib.sha256(stream.read(MAX_BYTES + 1)).digest())
            except OSError as error:
                digest.update(f"unreadable {error.errno}".encode())
    return digest.hexdigest()


def assignment_version(root: Path, scheme: Any) -> str:
    """A hash of what decides a grade besides the submission: grading.yaml, the case modules, the reference, the
    data files, and the grader's own code. A submission graded with another version is graded again."""
    from autograder import package

    digest = hashlib.sha256()
    files = [root / "grading.yaml", scheme.solution_path, *sorted((root / "tests" / "grading").rglob("*.py")),
             *(root / path for path in (*scheme.data_files, *scheme.hidden_data))]
    engine = [path for folder, pattern in package.ENGINE
              for path in sorted((package.PACKAGE_PARENT / folder).glob(pattern))]
    for base, paths in ((root, files), (package.PACKAGE_PARENT, engine)):
        for path in paths:
            if path.is_file():
                digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------

_SCHEME: Any = None


class _OverBudget(BaseException):
    """The whole submission took longer than its budget."""


def _init_worker(root: str, scratch: str | None) -> None:
    global _SCHEME
    from autograder.scheme import Scheme

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business: it stops the workers
    if scratch is not None:  # the sandboxes' folders go where the parent removes them, even after a kill
        os.environ["TMPDIR"] = scratch
        tempfile.tempdir = None
    _SCHEME = Scheme.load(Path(root))


def _hint(feedback: str, language: str) -> str:
    """The hint of a failed case's feedback (the diagnosed mistake), or ""."""
    prefix = message("feedback.hint", language, hint="")
    return next((line[len(prefix):].strip() for line in feedback.splitlines() if line.startswith(prefix)), "")


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
        "hints": {o.case.name: hint for o in report.outcomes
                  if not o.passed and (hint := _hint(o.feedback, scheme.language))},
        "notes": report.notes + report.hidden_notes,  # the instructor's: the hidden run's notes too
        "results": results,
    }


def _unreadable(scheme: Any, reason: str, status: str = STATUS_UNREADABLE) -> dict[str, Any]:
    """The row of a submission none of whose code could run."""
    from autograder.results import to_results
    from autograder.runner import unreadable

    report = unreadable(scheme, reason)
    return _summary(scheme, report, status, reason, to_results(report))


def _found(folder: Path, language: str) -> str:
    """What a folder without the student file holds, so that the reason names the file found (a misnamed one)."""
    from autograder.quoting import quote_inline

    names = [str(path.relative_to(folder)) for path, _ in _walk(folder)]
    if not names:
        return message("class.found_nothing", language)
    shown = ", ".join(quote_inline(plain(name)) for name in names[:FOUND_SHOWN])
    more = f" (+{len(names) - FOUND_SHOWN})" if len(names) > FOUND_SHOWN else ""
    return message("class.found", language, names=shown + more)


def grade_one(folder: str, budget: float | None = None) -> dict[str, Any]:
    """Grade the submission in ``folder`` (in a worker process); never raises for the student's doing.

    ``budget``: seconds of wall clock for the whole submission, by default the scheme's budget plus a margin.
    """
    from autograder.results import failure_results
    from autograder.runner import unreadable
    from autograder.sandbox.zygote import Zygote

    scheme = _SCHEME
    language = scheme.language
    budget = scheme.budget + BUDGET_MARGIN if budget is None else budget
    try:
        with alarm(budget, _OverBudget):
            return _graded(folder, scheme)
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


def _graded(folder: str, scheme: Any) -> dict[str, Any]:
    """The summary of one submission folder, found, read and graded (``grade_one`` bounds it)."""
    from autograder.results import to_results
    from autograder.runner import grade_submission
    from autograder.submission import SubmissionError, find, load, shown

    language = scheme.language
    try:
        path, found_notes = find(Path(folder), scheme.student_file, language)
    except SubmissionError as error:
        return _unreadable(scheme, f"{error} {_found(Path(folder), language)}")
    try:
        submission = load(path, scheme.student_file, language)
    except SubmissionError as error:
        return _unreadable(scheme, str(error))
    if not submission.chunks:
        return _unreadable(scheme, " ".join(submission.problems)
                           or message("class.no_code", language, name=shown(path.name)))
    report = grade_submission(submission, scheme)
    # Every note so far names code that did not run: syntax errors, statements that raised, hung or killed
    # (in either run: the instructor sees the hidden run's notes too).
    troubles = report.notes + report.hidden_notes
    report.notes[:0] = found_notes
    status = STATUS_PARTLY_READ if troubles else STATUS_OK
    return _summary(scheme, report, status, " | ".join(troubles), to_results(report))


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


def _pool(workers: int, root: Path, scratch: Path | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(str(root), None if scratch is None else str(scratch)))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: its workers are killed (their sandboxes die with them), queued jobs dropped.
    ``shutdown`` alone would wait for every submission in flight."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=2)


def _workers_start(root: Path, scratch: Path | None) -> bool:
    """Whether a worker process can start at all (else every submission would look like a culprit)."""
    pool = _pool(1, root, scratch)
    try:
        pool.submit(_ping).result(timeout=120)
        return True
    except Exception:
        return False
    finally:
        _stop(pool)


Record = Callable[[Entry, dict[str, Any]], None]


def _run_pool(jobs: list[Entry], workers: int, root: Path, progress: Progress, record: Record,
              function: Callable[[str], dict[str, Any]], markers: Path,
              scratch: Path | None) -> tuple[list[Entry], list[Entry]]:
    """Grade ``jobs`` in one pool. When a worker process dies, return the jobs left undone:
    (those that had started — the culprit is among them —, those that had not)."""
    broken: list[Entry] = []
    pool = _pool(workers, root, scratch)
    try:
        futures: dict[Future, Entry] = {}
        for index, entry in enumerate(jobs):
            marker = markers / f"{index}-{safe_name(entry.id)}"
            marker.unlink(missing_ok=True)
            futures[pool.submit(_tracked, function, str(marker), str(entry.folder))] = entry
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: natural_key(futures[f].id)):
                entry = futures[future]
                try:
                    row = plain(future.result())
                except BrokenProcessPool:
                    broken.append(entry)
                    continue
                except Exception:  # pickling trouble or the like: this row only
                    row = _crashed(_parent_scheme(root), traceback.format_exc(limit=2))
                record(entry, row)
                progress.advance()
        pool.shutdown(wait=True)
    except BaseException:
        _stop(pool)
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
                      function: Callable[[str], dict[str, Any]] = grade_one, *, markers: Path,
                      record: Record | None = None, scratch: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every entry graded, each handed to ``record`` as soon as it is. A worker process that dies costs only
    the submission it was grading: the submissions in flight are graded again one at a time (the first one
    left undone by a lone worker is the culprit), the others again in parallel. When workers die before
    grading anything, the submissions left get a grader_error row: the outputs are written all the same.
    ``markers``: a folder for the in-flight markers; ``scratch``: the workers' temporary folder."""
    outcomes: dict[str, dict[str, Any]] = {}
    progress = Progress(len(entries))
    left = list(entries)
    idle_breaks = 0

    def done(entry: Entry, row: dict[str, Any]) -> None:
        outcomes[entry.id] = row
        if record is not None:
            record(entry, row)

    def give_up(undone: list[Entry]) -> None:
        for entry in undone:
            scheme = _parent_scheme(root)
            done(entry, _crashed(scheme, message("class.workers_die", scheme.language)))
            progress.advance()

    try:
        while left:
            suspects, untouched = _run_pool(left, workers, root, progress, done, function, markers, scratch)
            if untouched and not suspects:
                idle_breaks += 1
                if idle_breaks >= 3 or not _workers_start(root, scratch):
                    give_up(untouched)
                    break
            while suspects:
                culprit = suspects[0]
                started, not_started = _run_pool(suspects, 1, root, progress, done, function, markers, scratch)
                suspects = started + not_started
                if suspects and suspects[0] is culprit:
                    scheme = _parent_scheme(root)
                    done(culprit, _crashed(scheme, message("class.worker_died", scheme.language)))
                    progress.advance()
                    suspects = suspects[1:]
                elif suspects and not started:
                    give_up(suspects + untouched)
                    untouched = []
                    break
            left = untouched
    finally:
        progress.close()
    return outcomes


def natural_key(text: str) -> tuple:
    """Sort "submission 9" before "submission 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]", "_", text)[:120] or "_"


# ---------------------------------------------------------------------------
# What is kept of each submission: results and state files, written as soon as it is graded
# ---------------------------------------------------------------------------


def write_json(data: Any, path: Path) -> None:
    """Replace ``path`` in one step with ``data`` as JSON, as readable as the CSV."""
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8"))


class Store:
    """The per-submission files of ``out``: ``results/<id>.json`` for Gradescope, ``state/<id>.json`` to resume
    and to compare. The state file is written last: where it exists, the results file does too."""

    def __init__(self, out: Path, scheme: Any, version: str) -> None:
        self.results, self.state = out / "results", out / "state"
        self.scheme, self.version = scheme, version

    def save(self, entry: Entry, row: dict[str, Any]) -> None:
        """Write a graded submission's files; a results file that cannot be written becomes a grader error."""
        from autograder.results import failure_results, writable

        self.results.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)
        name = f"{safe_name(entry.id)}.json"
        try:
            write_json(writable(row.pop("results")), self.results / name)
        except (ValueError, TypeError, OSError) as error:
            reason = message("class.unwritten", self.scheme.language, type=type(error).__name__, error=error)
            write_json(writable(failure_results(self.scheme, reason)), self.results / name)
            row.update(status=STATUS_GRADER_ERROR, reason=reason)
        write_json({"format": STATE_FORMAT, "id": plain(entry.id), "digest": entry.digest, "version": self.version,
                    "row": writable(row)}, self.state / name)

    def reusable(self, entry: Entry) -> dict[str, Any] | None:
        """The row of ``entry`` from an earlier run, when it graded the same files with the same assignment."""
        name = f"{safe_name(entry.id)}.json"
        saved = read_state(self.state / name)
        if (saved is None or saved.get("id") != plain(entry.id) or saved.get("digest") != entry.digest
                or saved.get("version") != self.version or not (self.results / name).is_file()
                or saved["row"].get("status") == STATUS_GRADER_ERROR):  # the grader's failure may not recur
            return None
        return saved["row"]

    def prune(self, entries: list[Entry]) -> None:
        """Remove the files of submissions that are no longer in the class, and the temporary files of
        writes a killed run left half done."""
        wanted = {f"{safe_name(entry.id)}.json" for entry in entries}
        for folder in (self.results, self.state):
            for stale in folder.iterdir() if folder.is_dir() else []:
                if stale.name not in wanted and (stale.suffix == ".json" or stale.name.endswith(".tmp")):
                    stale.unlink()


def read_state(path: Path) -> dict[str, Any] | None:
    """A state file, or None when it is missing, unreadable or of another format."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("format") != STATE_FORMAT or not isinstance(saved.get("row"), dict):
        return None
    row = saved["row"]
    row["parts"] = {int(number): value for number, value in row.get("parts", {}).items()}
    return saved


def previous_rows(out: Path) -> dict[str, dict[str, Any]]:
    """``{submission id: row}`` of an earlier grade-all output folder (for --compare); BadInput without one."""
    folder = out / "state"
    if not folder.is_dir():
        raise BadInput(f"--compare {out}: no state/ folder in it, not the output of grade-all")
    rows = {}
    for path in sorted(folder.glob("*.json")):
        saved = read_state(path)
        if saved is not None:
            rows[str(saved["id"])] = saved["row"]
    return rows


def changes(scheme: Any, entries: list[Entry], outcomes: dict[str, dict[str, Any]],
            before: dict[str, dict[str, Any]]) -> list[Change]:
    """The students whose total differs from ``before``, by how much, and the cases that flipped; and those
    ``before`` graded that are no longer in the class (``entries``, graded now or not)."""
    present = {plain(entry.id) for entry in entries}
    found = [Change(Entry(sid, Path()), row["total"], None, [], []) for sid, row in before.items()
             if sid not in present]
    for entry in entries:
        old, new = before.get(plain(entry.id)), outcomes.get(entry.id)
        if new is None:
            continue
        if old is not None and abs(old["total"] - new["total"]) < 1e-9:
            continue
        old_passed = old["passed"] if old else {}
        gained = [c.name for c in scheme.cases if new["passed"].get(c.name) and not old_passed.get(c.name)]
        lost = [c.name for c in scheme.cases if old_passed.get(c.name) and not new["passed"].get(c.name)]
        found.append(Change(entry, None if old is None else old["total"], new["total"],
                            gained if old else [], lost))
    return sorted(found, key=lambda change: (-abs((change.after or 0) - (change.before or 0)),
                                             natural_key(change.entry.id)))


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def _inputs(path: Path, out: Path, resume: bool) -> None:
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
    if resume and not (out / "state").is_dir():
        raise BadInput(f"--resume: {out} holds no earlier run of grade-all to resume")


def _unique_ids(entries: list[Entry]) -> None:
    """Give two submissions that would share an id ("submission_5" and "5") their folder names."""
    seen: dict[str, int] = {}
    for entry in entries:
        seen[entry.id] = seen.get(entry.id, 0) + 1
    for entry in entries:
        if seen[entry.id] > 1:
            entry.id = entry.folder.name


class _Interrupted(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is."""


def _on_term(_signum: int, _frame: Any) -> None:
    raise _Interrupted


def _no_submission(path: Path, skipped: list[Skipped]) -> BadInput:
    loose = [s.name for s in skipped if s.kind == "loose_code"]
    if loose:
        return BadInput(f"{path}: no submission folder in it, only {len(loose)} loose file(s) "
                        f"({', '.join(plain(n) for n in loose[:3])}): put each submission in a folder of its own")
    return BadInput(f"{path}: no submission folder in it (expected one subfolder per submission)")


def grade_all(path: Path, out: Path, *, workers: int = 0, root: Path, budget: float | None = None,
              resume: bool = False, compare: Path | None = None, limits: ZipLimits = ZipLimits()) -> int:
    """Grade every submission of ``path`` (a folder or a Gradescope export zip) into ``out``.

    Returns 0 once everything is written, INTERRUPTED (130) after Ctrl-C or SIGTERM (the outputs then hold
    what was graded). Submissions already graded in ``out`` with the same files and the same version of the
    assignment are kept, not graded again; ``resume`` only insists that there is such an earlier run.
    ``compare``: an earlier output folder; the students whose total changes are listed in the report and in
    ``out/changes.csv``. ``workers`` 0 means one per core; ``budget`` is the wall-clock limit of one whole
    submission (by default the scheme's budget plus a margin). Raises BadInput, before grading anything, for
    an input or output it cannot use.
    """
    from autograder.sandbox.limits import hide_from_sandbox

    path, out, root = Path(path), Path(out), Path(root)
    started = time.monotonic()
    _inputs(path, out, resume)
    before = previous_rows(Path(compare)) if compare is not None else None  # read before out is rewritten
    scheme = _parent_scheme(root)
    version = assignment_version(root, scheme)
    workers = workers if workers and workers > 0 else (os.cpu_count() or 1)
    interrupted = False
    previous_int = signal.getsignal(signal.SIGINT)
    previous_term = signal.signal(signal.SIGTERM, _on_term) if _main_thread() else None
    scratch = Path(tempfile.mkdtemp(prefix="autograder-class-"))  # the one temporary folder, removed at the end
    try:
        sandboxes = scratch / "tmp"
        sandboxes.mkdir()
        if os.geteuid() == 0:  # the sandbox uid reaches its own folder below (it cannot list either)
            os.chmod(scratch, 0o711)
            os.chmod(sandboxes, 0o711)
        notes: list[str] = []
        if path.is_file():
            inputs = scratch / "input"
            inputs.mkdir(mode=0o700)
            notes += extract(path, inputs, limits)
            entries, skipped, found_notes = entries_of_folder(inputs, unwrap=True)
        else:
            entries, skipped, found_notes = entries_of_folder(path, out=out)
        notes += found_notes
        if not entries:
            raise _no_submission(path, skipped)
        _unique_ids(entries)
        entries.sort(key=lambda entry: natural_key(entry.id))
        for entry in entries:
            entry.digest = folder_digest(entry.folder)
        out.mkdir(parents=True, exist_ok=True)
        store = Store(out, scheme, version)
        store.prune(entries)
        outcomes: dict[str, dict[str, Any]] = {}
        for entry in entries:
            if (row := store.reusable(entry)) is not None:
                outcomes[entry.id] = row
        todo = [entry for entry in entries if entry.id not in outcomes]
        hide_from_sandbox(root, out, *([] if path.is_file() else [path]))
        for note in notes:
            print(f"grade-all: {plain(note)}", file=sys.stderr)
        for item in skipped:
            print(f"grade-all: not graded: {plain(item.name)}: {message('report.skipped.' + item.kind, 'en')}",
                  file=sys.stderr)
        print(f"grade-all: {len(entries)} submission(s): {len(outcomes)} already graded in {out}, "
              f"{len(todo)} to grade with {min(workers, max(len(todo), 1))} worker(s)", file=sys.stderr)

        def record(entry: Entry, row: dict[str, Any]) -> None:
            store.save(entry, row)
            outcomes[entry.id] = row

        markers = scratch / "started"
        markers.mkdir(mode=0o700)
        try:
            if todo:
                _grade_everything(todo, min(workers, len(todo)), root, functools.partial(grade_one, budget=budget),
                                  markers=markers, record=record, scratch=sandboxes)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the workers are stopped already
            interrupted = True
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the outputs of what was graded are written first
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        graded = [entry for entry in entries if entry.id in outcomes]
        missing = [entry for entry in entries if entry.id not in outcomes]
        found = None if before is None else changes(scheme, entries, outcomes, before)
        write_csv(scheme, graded, outcomes, out / "grades.csv")
        if found is not None:
            write_changes(scheme, found, out / "changes.csv")
        write_report(scheme, graded, outcomes, out / "report.html", source=plain(path.name),
                     seconds=time.monotonic() - started, notes=notes, missing=missing, skipped=skipped,
                     changes=found, reused=len(entries) - len(todo))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if interrupted:
            signal.signal(signal.SIGINT, previous_int)
    _summarise(scheme, entries, outcomes, missing, found, out, time.monotonic() - started, interrupted)
    return INTERRUPTED if interrupted else 0


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _summarise(scheme: Any, entries: list[Entry], outcomes: dict[str, dict[str, Any]], missing: list[Entry],
               found: list[Change] | None, out: Path, seconds: float, interrupted: bool) -> None:
    """The closing lines on stderr: what was graded, what is missing, what a regrade changes."""
    counts: dict[str, int] = {}
    for row in outcomes.values():
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    totals = [row["total"] for row in outcomes.values()]
    mean = f"mean {sum(totals) / len(totals):.2f} / {scheme.total:g}" if totals else "nothing graded"
    if interrupted:
        print(f"grade-all: interrupted: {len(outcomes)} of {len(entries)} graded, {len(missing)} missing; "
              f"run the same command again (or add --resume) to grade only those", file=sys.stderr)
    if found is not None:
        print(f"grade-all: {len(found)} student(s) whose total changes; wrote {out / 'changes.csv'}", file=sys.stderr)
    print(f"grade-all: {len(outcomes)} graded in {seconds:.1f} s "
          f"({', '.join(f'{status}: {n}' for status, n in sorted(counts.items()))}), {mean}; wrote "
          f"{out / 'grades.csv'}, {out / 'report.html'}, {out / 'results'}/", file=sys.stderr)
