"""Reading a submission (a .py file or the student notebook) into chunks the sandbox executes."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from autograder.sandbox.host import Chunk

MAX_BYTES = 2 * 1024 * 1024
EXPECTED_STEM = "devoir3"
# IPython magics, shell escapes, help, and otter-grader's own lines (grader.check needs otter and its tests)
MAGIC = re.compile(r"^(\s*)([%!?]|\w+\s*=\s*[%!]|import otter\b|grader\s*=\s*otter\.|grader\.)")
MERGE_LIMIT = 80  # blocks tried together, for a statement whose lines start at column 0 (a docstring)
CONTINUATION = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")


class SubmissionError(Exception):
    """The submission cannot be graded at all; the message is French, for the student."""


@dataclass
class Submission:
    """What the sandbox runs, what could not be read, and the digest hidden cases are seeded from."""

    path: Path
    chunks: list[Chunk]
    problems: list[str] = field(default_factory=list)

    @cached_property
    def digest(self) -> bytes:
        text = "\n".join(c.source.lstrip("\n") for c in self.chunks)
        return hashlib.sha256(text.encode()).digest()


def find(folder: Path, expected: str = "devoir3.py") -> tuple[Path, list[str]]:
    """The file to grade in an uploaded folder, and French notes about the choice."""
    candidates = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".ipynb")
                        and not any(part.startswith((".", "__")) for part in p.relative_to(folder).parts))
    stem = Path(expected).stem
    for name in (f"{stem}.py", f"{stem}.ipynb"):
        exact = [p for p in candidates if p.name == name]
        if exact:
            others = [p.name for p in candidates if p != exact[0]]
            notes = [f"Fichier corrigé : {exact[0].name} (ignorés : {', '.join(others)})."] if others else []
            return exact[0], notes
    if len(candidates) == 1:
        return candidates[0], [f"Le fichier s'appelle {candidates[0].name} au lieu de {expected} : "
                               f"il est corrigé quand même, mais nommez-le {expected} la prochaine fois."]
    if not candidates:
        raise SubmissionError(f"Aucun fichier {expected} ni {stem}.ipynb dans la remise : "
                              f"déposez votre fichier {expected} (ou le notebook {stem}.ipynb).")
    raise SubmissionError(f"Plusieurs fichiers possibles ({', '.join(p.name for p in candidates)}) et aucun ne "
                          f"s'appelle {expected} : déposez un seul fichier nommé {expected}.")


def load(path: Path) -> Submission:
    """Read ``path`` into chunks; raise SubmissionError when nothing can be graded."""
    if not path.is_file():
        raise SubmissionError(f"Le fichier {path.name} est introuvable.")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"{path.name} fait plus de {MAX_BYTES // 1024 // 1024} Mo : ce n'est pas un devoir.")
    if b"\0" in raw:
        raise SubmissionError(f"{path.name} est un fichier binaire, pas du code Python : déposez le fichier .py lui-même.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path.name} n'est pas un texte UTF-8 : enregistrez-le en UTF-8.") from None
    if path.suffix == ".ipynb":
        return from_notebook(path, text)
    chunks, problems = split_module(text, "devoir3.py")
    if not chunks and not problems:
        problems.append(f"{path.name} est vide : aucune fonction à corriger.")
    return Submission(path, chunks, problems)


def split_module(text: str, filename: str) -> tuple[list[Chunk], list[str]]:
    """One chunk per top-level statement; a syntax error costs only the block it is in.

    When the file does not parse, it is cut at lines that may start a statement;
    each block is joined to the next ones until it parses (a docstring spans
    several such lines), and a block that never parses is dropped.
    """
    try:
        return statement_chunks(text, ast.parse(text), filename), []
    except SyntaxError as error:
        first = f"Erreur de syntaxe ligne {error.lineno} : {error.msg}."
    chunks: list[Chunk] = []
    problems = [first]
    blocks = top_level_blocks(text)
    index = 0
    while index < len(blocks):
        start = blocks[index][0]
        for end in range(index + 1, min(len(blocks), index + MERGE_LIMIT) + 1):
            padded = "\n" * start + "".join(block for _, block in blocks[index:end])
            try:
                chunks.extend(statement_chunks(padded, ast.parse(padded), filename))
            except SyntaxError:
                continue
            index = end
            break
        else:
            problems.append(f"Bloc ligne {start + 1} ignoré (erreur de syntaxe).")
            index += 1
    return chunks, problems


def statement_chunks(text: str, tree: ast.Module, filename: str) -> list[Chunk]:
    """Slices of ``text`` per statement, padded so that line numbers stay those of the file."""
    lines = text.splitlines(keepends=True)
    chunks = []
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        source = "\n" * (start - 1) + "".join(lines[start - 1:node.end_lineno])
        chunks.append(Chunk(source, filename, f"l'instruction de la ligne {start}"))
    return chunks


def top_level_blocks(text: str) -> list[tuple[int, str]]:
    """Split at lines that start a new top-level statement (column 0, not a continuation)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for number, line in enumerate(lines):
        if number and line[:1].strip() and not line.startswith("#") and not CONTINUATION.match(line) \
                and not lines[number - 1].lstrip().startswith("@"):
            starts.append(number)
    starts.append(len(lines))
    return [(a, "".join(lines[a:b])) for a, b in zip(starts, starts[1:]) if b > a]


def from_notebook(path: Path, text: str) -> Submission:
    """Code cells in order, each a chunk; magics, shell escapes and otter's lines become ``pass``."""
    try:
        cells = json.loads(text)["cells"]
    except (ValueError, KeyError, TypeError):
        raise SubmissionError(f"{path.name} n'est pas un notebook Jupyter lisible : réenregistrez-le depuis Jupyter.") from None
    chunks = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if source.lstrip().startswith("%%"):
            continue
        code = "".join(MAGIC.sub(r"\1pass  # ", line, count=1) if MAGIC.match(line) else line
                       for line in source.splitlines(keepends=True))
        chunks.append(Chunk(code, f"devoir3.ipynb, cellule {number}", f"la cellule de code {number}"))
    problems = [] if chunks else [f"{path.name} ne contient aucune cellule de code."]
    return Submission(path, chunks, problems)
