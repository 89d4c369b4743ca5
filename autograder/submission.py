"""Reading a submission (a .py file or the student notebook) into chunks the sandbox executes.

Only regular files inside the submission folder are read, never through a
symbolic link: the grader runs as root and must not read what a link points to.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from autograder.messages import DEFAULT_LANGUAGE, message
from autograder.pieces import Piece, module_statements, notebook_cells
from autograder.sandbox.host import Chunk

MAX_BYTES = 2 * 1024 * 1024
MAX_CHUNKS = 2000  # statements beyond this are run in groups, so that the load message stays small
MAX_ENTRIES = 10_000  # files and folders looked at in an upload


class SubmissionError(Exception):
    """The submission cannot be graded at all; the message is for the student, in the assignment's language."""


@dataclass
class Submission:
    """What the sandbox runs, what could not be read, and the digest hidden cases are seeded from."""

    path: Path
    chunks: list[Chunk]
    digest: bytes  # of the statements (or cells), not of the chunks: grouping them does not change the seeds
    problems: list[str] = field(default_factory=list)


def shown(name: str) -> str:
    """A file name as text that can be written anywhere (bytes that are not UTF-8 become �)."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def find(folder: Path, expected: str, language: str = DEFAULT_LANGUAGE) -> tuple[Path, list[str]]:
    """The file to grade in an uploaded folder (``expected`` is the student file), and notes about the choice.

    Symbolic links are neither followed nor graded: a link named like the
    expected file is refused, so that it cannot point the grader elsewhere.
    """
    stem = Path(expected).stem
    notebook = f"{stem}.ipynb"
    candidates, links = [], []
    seen = 0
    for directory, folders, files in os.walk(folder):  # os.walk does not enter linked folders
        folders[:] = sorted(f for f in folders if not f.startswith((".", "__")))
        seen += len(folders) + len(files)
        if seen > MAX_ENTRIES:
            raise SubmissionError(message("submission.too_many", language, count=MAX_ENTRIES, expected=expected))
        for name in sorted(files):
            path = Path(directory, name)
            if name.startswith((".", "__")) or path.suffix not in (".py", ".ipynb"):
                continue
            (candidates if stat.S_ISREG(path.lstat().st_mode) else links).append(path)
    for name in (f"{stem}.py", notebook):
        if any(p.name == name for p in links) and not any(p.name == name for p in candidates):
            raise SubmissionError(message("submission.link", language, name=name, upload=name))
        exact = [p for p in candidates if p.name == name]
        if exact:
            others = [shown(p.name) for p in candidates + links if p != exact[0]]
            return exact[0], [message("submission.chosen", language, name=exact[0].name,
                                      others=", ".join(others))] if others else []
    if len(candidates) == 1:
        return candidates[0], [message("submission.misnamed", language, name=shown(candidates[0].name),
                                       expected=expected)]
    if not candidates:
        if links:
            raise SubmissionError(message("submission.link", language, name=shown(links[0].name), upload=expected))
        raise SubmissionError(message("submission.missing", language, expected=expected, notebook=notebook))
    raise SubmissionError(message("submission.ambiguous", language,
                                  names=", ".join(shown(p.name) for p in candidates), expected=expected))


def read_regular(path: Path, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, a pipe or a device), at most MAX_BYTES + 1."""
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
        return stream.read(MAX_BYTES + 1)


def load(path: Path, student_file: str, language: str = DEFAULT_LANGUAGE) -> Submission:
    """Read ``path`` into chunks named after ``student_file``; raise SubmissionError when nothing can be graded."""
    raw = read_regular(path, language)
    name = shown(path.name)
    if len(raw) > MAX_BYTES:
        raise SubmissionError(message("submission.too_large", language, name=name,
                                      megabytes=MAX_BYTES // 1024 // 1024))
    if b"\0" in raw:
        raise SubmissionError(message("submission.binary", language, name=name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(message("submission.not_utf8", language, name=name)) from None
    if path.suffix == ".ipynb":
        return from_notebook(path, text, f"{Path(student_file).stem}.ipynb", language)
    pieces, problems = module_statements(text, language=language)
    if not pieces and not problems:
        problems.append(message("submission.empty", language, name=name))
    return Submission(path, module_chunks(pieces, student_file, language), digest(pieces), problems)


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


def digest(pieces: list[Piece]) -> bytes:
    """The hash hidden cases are seeded from: the code, statement by statement, without blank lines around."""
    text = "\n".join(source.lstrip("\n") for _, source in pieces)
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


def from_notebook(path: Path, text: str, notebook: str, language: str = DEFAULT_LANGUAGE) -> Submission:
    """Code cells in order, each a chunk (its file named after ``notebook``); magics, shell escapes and otter's
    lines become ``pass``."""
    name = shown(path.name)
    try:
        cells = notebook_cells(text)
    except ValueError:
        raise SubmissionError(message("submission.bad_notebook", language, name=name)) from None
    chunks = [Chunk(code, message("chunk.cell_file", language, notebook=notebook, number=number),
                    message("chunk.cell", language, number=number)) for number, code in cells]
    problems = [] if chunks else [message("submission.no_code", language, name=name)]
    return Submission(path, chunks, digest(cells), problems)
