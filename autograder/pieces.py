"""Cutting a submission's text into pieces executed one by one: statements of a module, cells of a notebook.

Standard library only: the student bundle ships this file next to check.py,
so that the self-check reads a file exactly as the grader does.
"""

from __future__ import annotations

import ast
import json
import re

# IPython magics, shell escapes, help, and otter-grader's own lines (grader.check needs otter and its tests)
MAGIC = re.compile(r"^(\s*)([%!?]|\w+\s*=\s*[%!]|import otter\b|grader\s*=\s*otter\.|grader\.)")
CONTINUATION = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")
MERGE_LIMIT = 80  # blocks tried together, for a statement whose lines start at column 0 (a docstring)

Piece = tuple[int, str]
"""(line where the piece starts, 1-based; its source padded with newlines so that line numbers stay the file's)"""


def module_statements(text: str) -> tuple[list[Piece], list[str]]:
    """One piece per top-level statement, and French notes; a syntax error costs only the block it is in.

    When the file does not parse, it is cut at lines that may start a statement;
    each block is joined to the next ones until it parses (a docstring spans
    several such lines), and a block that never parses is dropped.
    """
    try:
        return statements(text, ast.parse(text)), []
    except SyntaxError as error:
        first = f"Erreur de syntaxe ligne {error.lineno} : {error.msg}."
    pieces: list[Piece] = []
    notes = [first]
    blocks = top_level_blocks(text)
    index = 0
    while index < len(blocks):
        start = blocks[index][0]
        for end in range(index + 1, min(len(blocks), index + MERGE_LIMIT) + 1):
            padded = "\n" * start + "".join(block for _, block in blocks[index:end])
            try:
                pieces.extend(statements(padded, ast.parse(padded)))
            except SyntaxError:
                continue
            index = end
            break
        else:
            notes.append(f"Bloc ligne {start + 1} ignoré (erreur de syntaxe).")
            index += 1
    return pieces, notes


def statements(text: str, tree: ast.Module) -> list[Piece]:
    """Slices of ``text`` per statement of ``tree``, decorators included."""
    lines = text.splitlines(keepends=True)
    pieces = []
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        pieces.append((start, "\n" * (start - 1) + "".join(lines[start - 1:node.end_lineno])))
    return pieces


def top_level_blocks(text: str) -> list[tuple[int, str]]:
    """Split at lines that may start a new top-level statement (column 0, not a continuation)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for number, line in enumerate(lines):
        if number and line[:1].strip() and not line.startswith("#") and not CONTINUATION.match(line) \
                and not lines[number - 1].lstrip().startswith("@"):
            starts.append(number)
    starts.append(len(lines))
    return [(a, "".join(lines[a:b])) for a, b in zip(starts, starts[1:]) if b > a]


def notebook_cells(text: str) -> list[Piece]:
    """Code cells in order as (number among code cells, code); magics and otter's lines become ``pass``.

    Cell magics (``%%bash``...) skip their whole cell. ValueError when the text is not a notebook.
    """
    try:
        cells = json.loads(text)["cells"]
        cells = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    except (KeyError, TypeError) as error:
        raise ValueError("not a notebook") from error
    pieces = []
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if source.lstrip().startswith("%%"):
            continue
        pieces.append((number, "".join(MAGIC.sub(r"\1pass  # ", line, count=1) if MAGIC.match(line) else line
                                       for line in source.splitlines(keepends=True))))
    return pieces
