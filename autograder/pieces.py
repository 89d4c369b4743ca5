"""Cutting a submission's text into pieces executed one by one: statements of a module, cells of a notebook.

Standard library only: the student bundle ships this file (and the messages
it imports, relatively) next to check.py, so that the self-check reads a file
exactly as the grader does.

Lines follow Python's own model (``\\n``, ``\\r\\n`` and ``\\r`` end a line;
form feeds, U+2028 and the like do not), and every step is linear in the
text: pieces are not padded (:func:`compile_piece` puts each one back at its
line), the file is parsed in windows of bounded size, and recovering from
syntax errors has a budget.
"""

from __future__ import annotations

import __future__
import ast
import bisect
import itertools
import json
import re
import types

from .messages import DEFAULT_LANGUAGE, message

# IPython magics, shell escapes, help, and otter-grader's own lines (grader.check needs otter and its tests)
MAGIC = re.compile(r"^(\s*)([%!?]|\w+\s*=\s*[%!]|import otter\b|grader\s*=\s*otter\.|grader\.)")
CONTINUATION = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")
WINDOW = 64 * 1024  # characters parsed at once: the parser's memory grows with the number of nodes
BUDGET_FACTOR, BUDGET_FLOOR = 4, 2 << 20  # characters parsed in all: this many times the text, plus the floor
PARSE_COST = 128  # what one call of the parser costs beyond its text, in characters
NOTES_KEPT = 20
UNCLOSED = ("never closed", "unterminated", "EOF")  # errors that more text might fix

Piece = tuple[int, str]
"""(line of the file where the piece starts, 1-based, or the cell's number; its source)"""


def python_lines(text: str) -> list[str]:
    """The lines of ``text`` as Python's parser sees them, without their ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def compile_piece(source: str, filename: str, line: int = 1) -> types.CodeType:
    """Compile ``source`` as if it started at ``line`` of ``filename``: tracebacks name the file's own lines."""
    try:  # annotations stay unevaluated, as they always were for the grader: ``def f(x: Tensor)`` defines f
        code = compile(source, filename, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
    except SyntaxError as error:
        if error.lineno:
            error.lineno += line - 1
        if getattr(error, "end_lineno", None):
            error.end_lineno += line - 1
        raise
    return shift_lines(code, line - 1)


def compile_statements(source: str, filename: str, line: int = 1) -> list[types.CodeType]:
    """Each top-level statement of ``source``, compiled on its own as :func:`compile_piece` would.

    A chunk that groups several statements runs them one by one, so that one
    that raises costs only itself.
    """
    tree = ast.parse(source, filename)
    compiled = []
    for statement in tree.body:
        module = ast.Module(body=[statement], type_ignores=[])
        code = compile(module, filename, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
        compiled.append(shift_lines(code, line - 1))
    return compiled


def shift_lines(code: types.CodeType, offset: int) -> types.CodeType:
    """``code`` and the functions it defines, moved down by ``offset`` lines (line tables are relative)."""
    if not offset:
        return code
    constants = tuple(shift_lines(c, offset) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_firstlineno=code.co_firstlineno + offset, co_consts=constants)


def module_statements(text: str, *, language: str = DEFAULT_LANGUAGE) -> tuple[list[Piece], list[str]]:
    """One piece per top-level statement (statements sharing a line share a piece), and notes in ``language``.

    The file is cut into blocks at lines that may start a statement (column 0,
    not a continuation) and parsed a window of blocks at a time, so that the
    parser's memory stays small. A window that does not parse is shortened to
    end before the block its error is in (then at least halved); a first block
    that fails alone is dropped with a note and the window starts small again.
    A window grows while the error says that its first block leaves something
    open (a docstring with lines at column 0). Every parse is charged to a
    budget linear in the text: a hopeless file costs seconds, not minutes.
    """
    lines = python_lines(text)
    starts = block_starts(lines)  # block k is lines[starts[k]:starts[k + 1]]
    blocks = len(starts) - 1
    offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]  # where each line starts in the text
    sizes = [offsets[start] for start in starts]  # where each block starts
    budget = BUDGET_FACTOR * sizes[-1] + BUDGET_FLOOR
    pieces: list[Piece] = []
    notes: list[str] = []
    dropped = shrinks = 0
    index, limit, span = 0, blocks, WINDOW
    while index < blocks:
        end = max(index + 1, min(limit, bisect.bisect_left(sizes, sizes[index] + span)))
        first = starts[index]
        source = "\n".join(lines[first:starts[end]]) + "\n"
        budget -= len(source) + PARSE_COST
        if budget < 0:
            notes.append(message("syntax.too_many", language, line=first + 1))
            break
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            line = first + (getattr(error, "lineno", None) or 1)
            culprit = min(max(bisect.bisect_right(starts, line - 1) - 1, index), end - 1)
            if culprit > index:  # what precedes the error may parse; after a first try, halve at least
                limit = culprit if not shrinks else min(culprit, index + (end - index) // 2)
                shrinks += 1
            elif not shrinks and limit > end and isinstance(error, SyntaxError) \
                    and any(marker in error.msg for marker in UNCLOSED):
                span *= 2
            else:
                dropped += 1
                if dropped <= NOTES_KEPT:
                    reason = error.msg if isinstance(error, SyntaxError) else message("syntax.too_nested", language)
                    notes.append(message("syntax.skipped", language, first=first + 1, last=starts[index + 1],
                                         reason=reason, line=line))
                span = 2 * (sizes[index + 1] - sizes[index])  # errors come in groups: start small again
                index, limit, shrinks = index + 1, blocks, 0
            continue
        pieces.extend(statements(lines, tree, first))
        index, limit, span, shrinks = end, blocks, min(WINDOW, 2 * span), 0
    if dropped > NOTES_KEPT:
        notes.append(message("syntax.more", language, count=dropped - NOTES_KEPT))
    return pieces, notes


def statements(lines: list[str], tree: ast.Module, offset: int) -> list[Piece]:
    """The source of each statement of ``tree`` (parsed from ``lines[offset:]``), decorators included."""
    spans: list[list[int]] = []
    for node in tree.body:
        decorators = getattr(node, "decorator_list", None)
        start = (decorators[0] if decorators else node).lineno + offset
        end = (node.end_lineno or node.lineno) + offset
        if spans and start <= spans[-1][1]:  # ``a = 1; b = 2``: one line, one piece
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(start, "\n".join(lines[start - 1:end]) + "\n") for start, end in spans]


def block_starts(lines: list[str]) -> list[int]:
    """Where a new top-level statement may start (column 0, not a continuation), and the end of the lines."""
    starts = [0]
    for number in range(1, len(lines)):
        line = lines[number]
        if line[:1].strip() and not line.startswith("#") and not CONTINUATION.match(line) \
                and not lines[number - 1].lstrip().startswith("@"):
            starts.append(number)
    starts.append(len(lines))
    return starts


def notebook_cells(text: str) -> list[Piece]:
    """Code cells in order as (number among code cells, code); magics and otter's lines become ``pass``.

    Cell magics (``%%bash``...) skip their whole cell. ValueError when the text
    is not a notebook, whatever it holds instead.
    """
    try:
        cells = json.loads(text)["cells"]
    except (ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
        raise ValueError("not a notebook") from error
    if not isinstance(cells, list):
        raise ValueError("not a notebook")
    pieces = []
    code_cells = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise ValueError(f"cell {number}: source is neither text nor a list of texts")
        if source.lstrip().startswith("%%"):
            continue
        pieces.append((number, "\n".join(MAGIC.sub(r"\1pass  # ", line, count=1) for line in python_lines(source))))
    return pieces
