"""Reading a submission (a .py file or the student notebook) into chunks the sandbox executes.

Only regular files inside the submission folder are read, never through a
symbolic link: the grader runs as root and must not read what a link points to.
"""

from __future__ import annotations

import collections
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from autograder.messages import DEFAULT_LANGUAGE, message
from autograder.quoting import quote_inline
from autograder.pieces import (MAX_CODE, Piece, code_size, hidden_in_module, hidden_in_notebook, module_pieces,
                               notebook_pieces, python_lines, textual_spans, third_party)
from autograder.sandbox.host import Chunk, Sandbox
from autograder.sandbox.limits import Limits

MAX_BYTES = MAX_CODE  # a .py file is all code
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024  # a notebook with its saved outputs and attachments: only its code counts
MAX_CHUNKS = 2000  # statements beyond this are run in groups, so that the load message stays small
MAX_ENTRIES = 10_000  # files and folders looked at in an upload
MAX_DEPTH = 8  # folders below the upload's top that are searched


class SubmissionError(Exception):
    """The submission cannot be graded at all; the message is for the student, in the assignment's language."""


@dataclass
class Submission:
    """What the sandbox runs, what could not be read, and the digest hidden cases are seeded from."""

    path: Path
    chunks: list[Chunk]
    digest: bytes  # sha256 of the uploaded file's bytes, comments and outputs included (docs/seeding.md)
    problems: list[str] = field(default_factory=list)
    hidden: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    """functions lost to a syntax error: where it is (file or cell), its line and message"""
    imports: tuple[str, ...] = ()  # top-level modules the code imports

    def unavailable(self, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """The imported modules that are neither in the standard library nor ``allowed`` (grading.yaml's imports)."""
        return tuple(third_party(list(self.imports), allowed))


def shown(name: str) -> str:
    """A file name as text that can be written anywhere (bytes that are not UTF-8 become �)."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def quoted_name(name: str) -> str:
    """A file name the student chose, quoted in a note of the grader's: «name», every odd character visible."""
    return quote_inline(shown(name))


def find(folder: Path, expected: str, language: str = DEFAULT_LANGUAGE) -> tuple[Path, list[str]]:
    """The file to grade in an uploaded folder (``expected`` is the student file), and notes about the choice.

    Symbolic links are neither followed nor graded: a link named like the
    expected file is refused, so that it cannot point the grader elsewhere.
    The upload is the student's to shape, so the search is breadth first,
    iterative and bounded (MAX_DEPTH folders deep, MAX_ENTRIES entries): a
    deep or crowded folder beside the file costs a note, not the grade.
    """
    stem = Path(expected).stem
    notebook = f"{stem}.ipynb"
    candidates, links, crowded, deep = look_for_code(folder)
    if crowded and not candidates and not links:
        raise SubmissionError(message("submission.too_many", language, count=MAX_ENTRIES, expected=expected))
    notes = [message("submission.partly_searched", language, count=MAX_ENTRIES, depth=MAX_DEPTH,
                     expected=expected)] if crowded or deep else []
    for name in (f"{stem}.py", notebook):
        if any(p.name == name for p in links) and not any(p.name == name for p in candidates):
            raise SubmissionError(message("submission.link", language, name=name, upload=name))
        exact = [p for p in candidates if p.name == name]
        if exact:
            others = [quoted_name(p.name) for p in candidates + links if p != exact[0]]
            return exact[0], notes + ([message("submission.chosen", language, name=exact[0].name,
                                               others=", ".join(others))] if others else [])
    if len(candidates) == 1:
        return candidates[0], notes + [message("submission.misnamed", language, name=quoted_name(candidates[0].name),
                                               expected=expected)]
    if not candidates:
        if links:
            raise SubmissionError(message("submission.link", language, name=quoted_name(links[0].name), upload=expected))
        raise SubmissionError(message("submission.missing", language, expected=expected, notebook=notebook))
    raise SubmissionError(message("submission.ambiguous", language,
                                  names=", ".join(quoted_name(p.name) for p in candidates), expected=expected))


class UploadWalk:
    """Every entry of an upload below ``folder``, breadth first, each folder's names sorted: iterative and bounded
    (MAX_ENTRIES entries looked at, MAX_DEPTH folders deep), since the student shapes the tree. Folders named
    ``.*`` or ``__*`` and linked folders are not entered; links are yielded, never followed. After the walk,
    ``crowded`` and ``deep`` say whether a bound cut it short."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.crowded = False
        self.deep = False

    def __iter__(self) -> Iterator[os.DirEntry[str]]:
        queue: collections.deque[tuple[Path, int]] = collections.deque([(self.folder, 0)])
        seen = 0
        while queue and not self.crowded:
            directory, depth = queue.popleft()
            entries = []
            try:
                with os.scandir(directory) as listing:
                    for entry in listing:
                        seen += 1
                        if seen > MAX_ENTRIES:
                            self.crowded = True
                            break
                        entries.append(entry)
            except OSError:
                continue
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith((".", "__")):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        queue.append((Path(entry.path), depth + 1))
                    else:
                        self.deep = True
                else:
                    yield entry


def look_for_code(folder: Path) -> tuple[list[Path], list[Path], bool, bool]:
    """The .py and .ipynb regular files and links in ``folder``, shallowest first (each folder's names sorted),
    and whether the search stopped at MAX_ENTRIES, and whether it left folders deeper than MAX_DEPTH."""
    candidates: list[Path] = []
    links: list[Path] = []
    walk = UploadWalk(folder)
    for entry in walk:
        if Path(entry.name).suffix in (".py", ".ipynb"):
            (candidates if entry.is_file(follow_symlinks=False) else links).append(Path(entry.path))
    return candidates, links, walk.crowded, walk.deep


def size_limit(path: Path) -> int:
    """The largest file read: a notebook's outputs and attachments do not count against its code (MAX_CODE)."""
    return MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_BYTES


def read_regular(path: Path, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, a pipe or a device), at most its limit + 1."""
    name = shown(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SubmissionError(message("submission.not_found", language, name=name)) from None
    except OSError:  # ELOOP: a symbolic link
        raise SubmissionError(message("submission.link", language, name=name, upload=name)) from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SubmissionError(message("submission.not_regular", language, name=name))
        return stream.read(size_limit(path) + 1)


def load(path: Path, student_file: str, language: str = DEFAULT_LANGUAGE, *, limits: Limits = Limits()) -> Submission:
    """Read ``path`` into chunks named after ``student_file``; raise SubmissionError when nothing can be graded.

    The text is cut in a sandboxed child (:meth:`Sandbox.cut`): the grader
    never parses the student's text itself.
    """
    raw = read_regular(path, language)
    name = shown(path.name)
    if len(raw) > size_limit(path):
        raise SubmissionError(message("submission.too_large", language, name=name,
                                      megabytes=size_limit(path) // 1024 // 1024))
    if b"\0" in raw:
        raise SubmissionError(message("submission.binary", language, name=name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(message("submission.not_utf8", language, name=name)) from None
    digest = hashlib.sha256(raw).digest()
    if path.suffix == ".ipynb":
        return from_notebook(path, raw, f"{Path(student_file).stem}.ipynb", digest, language, limits)
    with Sandbox([], language=language, limits=limits) as sandbox:
        cut = fitting(sandbox.cut(raw, "module"), len(python_lines(text)))
    problems = []
    if cut is None:  # the cutting child died or lied: cut where lines start at column 0, parsing nothing
        cut = {"spans": textual_spans(text), "errors": [], "more": 0, "stopped": 0, "imports": []}
        problems.append(message("submission.cut_failed", language))
    pieces, notes = module_pieces(text, cut, language)
    problems += notes
    if not pieces and not problems:
        problems.append(message("submission.empty", language, name=name))
    hidden = {function: (student_file, line, reason or message("syntax.too_nested", language))
              for function, (line, reason) in hidden_in_module(text, cut).items()}
    return Submission(path, module_chunks(pieces, student_file, language), digest, problems, hidden,
                      tuple(cut["imports"]))


def fitting(cut: dict | None, lines: int) -> dict | None:
    """A module's cut if its lines are lines of the text, in order and apart; None otherwise."""
    if cut is None:
        return None
    last = 0
    for first, end in cut["spans"]:
        if not last < first <= end <= lines:
            return None
        last = end
    if not all(1 <= first <= last <= lines and 1 <= line <= lines + 1 for first, last, line, _ in cut["errors"]):
        return None
    return cut


def module_chunks(pieces: list[Piece], filename: str, language: str = DEFAULT_LANGUAGE) -> list[Chunk]:
    """One chunk per statement; past MAX_CHUNKS statements, runs of consecutive ones share a chunk.

    Sharing keeps the load message and the child's work per load bounded. The
    child still runs a shared chunk statement by statement, so one that raises
    costs only itself; one that hangs or kills the child costs its whole run.
    A shared chunk keeps the lines between its statements empty, so that line
    numbers inside it stay the file's.
    """
    size = max(1, -(-len(pieces) // MAX_CHUNKS))  # ceiling division
    chunks = []
    for at in range(0, len(pieces), size):
        group = pieces[at:at + size]
        parts, line = [], group[0][0]
        for start, source in group:
            parts += ["\n" * (start - line), source]
            line = start + source.count("\n")
        first, last = group[0][0], group[-1][0]
        label = message("chunk.statement", language, line=first) if len(group) == 1 else \
            message("chunk.statements", language, first=first, last=last)
        chunks.append(Chunk("".join(parts), filename, label, first, group=len(group) > 1))
    return chunks


def from_notebook(path: Path, raw: bytes, notebook: str, digest: bytes, language: str = DEFAULT_LANGUAGE,
                  limits: Limits = Limits()) -> Submission:
    """Code cells in order, each a chunk (its file named after ``notebook``), as Jupyter would run them: IPython's
    own syntax transformed (:func:`autograder.pieces.transform_cell`), what cannot run here skipped with a note."""
    name = shown(path.name)
    with Sandbox([], language=language, limits=limits) as sandbox:
        cut = sandbox.cut(raw, "notebook")
    if cut is None or cut.get("refused") == "notebook":
        raise SubmissionError(message("submission.bad_notebook", language, name=name))
    if cut.get("refused") == "size" or sum(code_size(code) for _, code in cut["cells"]) \
            > MAX_CODE:
        raise SubmissionError(message("submission.code_too_large", language, name=name,
                                      megabytes=MAX_CODE // 1024 // 1024))
    cells, problems = notebook_pieces(cut, language)
    chunks = [Chunk(code, message("chunk.cell_file", language, notebook=notebook, number=number),
                    message("chunk.cell", language, number=number)) for number, code in cells]
    if not chunks and not cut["errors"]:
        problems.append(message("submission.no_code", language, name=name))
    hidden = {function: (message("chunk.cell_file", language, notebook=notebook, number=cell), line,
                         reason or message("syntax.too_nested", language))
              for function, (cell, line, reason) in hidden_in_notebook(cut).items()}
    return Submission(path, chunks, digest, problems, hidden, tuple(cut["imports"]))
