"""Reading a submission (a .py file or the student notebook) into chunks the sandbox executes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from autograder.pieces import module_statements, notebook_cells
from autograder.sandbox.host import Chunk

MAX_BYTES = 2 * 1024 * 1024


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
    """One chunk per top-level statement; a syntax error costs only the block it is in."""
    pieces, problems = module_statements(text)
    return [Chunk(source, filename, f"l'instruction de la ligne {start}") for start, source in pieces], problems


def from_notebook(path: Path, text: str) -> Submission:
    """Code cells in order, each a chunk; magics, shell escapes and otter's lines become ``pass``."""
    try:
        cells = notebook_cells(text)
    except ValueError:
        raise SubmissionError(f"{path.name} n'est pas un notebook Jupyter lisible : réenregistrez-le depuis Jupyter.") from None
    chunks = [Chunk(code, f"devoir3.ipynb, cellule {number}", f"la cellule de code {number}") for number, code in cells]
    problems = [] if chunks else [f"{path.name} ne contient aucune cellule de code."]
    return Submission(path, chunks, problems)
