"""Derive the student stub from the reference solution.

The reference solution (``solutions/<student_file>`` of the assignment) is
the only hand-written source of the student file: every answer sits between a ``# BEGIN SOLUTION``
and a ``# END SOLUTION`` marker line. The stub keeps the module docstring,
the signatures and the docstrings, and replaces each marked block by
``raise NotImplementedError``. Deriving it (instead of maintaining two files)
guarantees that signatures and docstrings never drift apart, and that no
answer code — including private helpers, which must live inside the
markers — ever reaches the students.
"""

from __future__ import annotations

import re
from pathlib import Path

from autograder.layout import BEGIN_SOLUTION as BEGIN_MARKER, END_SOLUTION as END_MARKER
from autograder.scheme import Scheme

LOOKS_LIKE_A_MARKER = re.compile(r"^#+\s*(BEGIN|END)\W*SOL", re.IGNORECASE)
"""A comment meant as a marker but mistyped (``#END SOLUTION``, ``# end solution``, ``# END SOLUTON``)."""


def render_stub(solution_source: str) -> str:
    """Replace every marked solution block by ``raise NotImplementedError``.

    The block, markers included, becomes a single line indented like its
    ``# BEGIN SOLUTION`` marker. Unbalanced, nested or mistyped markers raise
    a :class:`ValueError` naming the offending line.
    """
    output: list[str] = []
    open_line: int | None = None
    for number, line in enumerate(solution_source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == BEGIN_MARKER:
            if open_line is not None:
                raise ValueError(
                    f"line {number}: '{BEGIN_MARKER}' inside the block opened at line {open_line}"
                )
            open_line = number
            indent = line[: len(line) - len(line.lstrip())]
            output.append(f"{indent}raise NotImplementedError\n")
        elif marker == END_MARKER:
            if open_line is None:
                raise ValueError(f"line {number}: '{END_MARKER}' without a matching '{BEGIN_MARKER}'")
            open_line = None
        elif LOOKS_LIKE_A_MARKER.match(marker):
            raise ValueError(f"line {number}: {marker!r} is not a marker: write '{BEGIN_MARKER}' or '{END_MARKER}' "
                             "exactly, alone on its line")
        elif open_line is None:
            output.append(line)
    if open_line is not None:
        raise ValueError(f"line {open_line}: '{BEGIN_MARKER}' is never closed by '{END_MARKER}'")
    return "".join(output)


def generate(root: Path) -> dict[Path, str]:
    """The files derived from the solution, as ``{path: content}``, for ``build`` to write."""
    scheme = Scheme.load(Path(root))
    return {scheme.stub_path: render_stub(scheme.solution_path.read_text(encoding="utf-8"))}
