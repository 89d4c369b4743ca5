"""Cutting a submission's text into pieces executed one by one: statements of a module, cells of a notebook.

Standard library only: the student bundle ships this file (and the messages
it imports, relatively) next to check.py, so that the self-check reads a file
exactly as the grader does. The grader itself never runs the cutting in its
own process: a sandboxed child runs :func:`cut_module` or :func:`cut_notebook`
and sends back their plain-data answer, which :func:`module_pieces` and
:func:`notebook_pieces` turn into pieces and notes (slicing and wording only).

Lines follow Python's own model (``\\n``, ``\\r\\n`` and ``\\r`` end a line;
form feeds, U+2028 and the like do not), and every step is linear in the
text. A syntax tree is built only for small windows of the file; a large
statement (a 2 MB list literal) is compiled from its text and cut by the
tokenizer, so that it costs the C compiler's memory, not a gigabyte of
``ast`` objects. An error without a line number (a RecursionError while
compiling) is charged to its own statement.
Pieces are not padded (:func:`compile_piece` puts each one back at its line),
the file is cut in windows of bounded size, and recovering from syntax errors
has a budget.
"""

from __future__ import annotations

import __future__
import ast
import bisect
import itertools
import json
import re
import sys
import tokenize
import types
from typing import Any

from .messages import DEFAULT_LANGUAGE, message

CONTINUATION = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")
CONTINUING = frozenset({"else", "elif", "except", "finally"})  # logical lines that continue a compound statement
WINDOW = 64 * 1024  # characters cut at once
AST_WINDOW = WINDOW  # a window this small that compiles is cut by its syntax tree (some tens of MB at most)
BUDGET_FACTOR, BUDGET_FLOOR = 4, 2 << 20  # characters cut in all: this many times the text, plus the floor
PARSE_COST = 128  # what one cut costs beyond its text, in characters
NOTES_KEPT = 20
UNCLOSED = ("never closed", "unterminated", "EOF")  # errors that more text might fix
MAX_CODE = 2 * 1024 * 1024  # bytes of code (UTF-8): a .py file, or the code cells of a notebook
MAX_CELLS = 2000  # code cells of a notebook; later ones are not read
MAX_IMPORTS = 50
MAX_NAME = 100  # characters of a module or function name sent to the judge
FLAGS = __future__.annotations.compiler_flag  # annotations stay unevaluated: ``def f(x: Tensor)`` defines f

Piece = tuple[int, str]
"""(line of the file where the piece starts, 1-based, or the cell's number; its source)"""


class Unreadable(Exception):
    """Some text does not compile: its line (relative to the text cut) and the compiler's message, or ``""`` when
    the compiler gave up without a line (nested too deeply, out of memory)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def python_lines(text: str) -> list[str]:
    """The lines of ``text`` as Python's parser sees them, without their ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def code_size(text: str) -> int:
    """What counts against MAX_CODE: the UTF-8 size of the code."""
    return len(text.encode("utf-8", errors="surrogatepass"))


def compile_piece(source: str, filename: str, line: int = 1) -> types.CodeType:
    """Compile ``source`` as if it started at ``line`` of ``filename``: tracebacks name the file's own lines."""
    try:
        code = compile(source, filename, "exec", flags=FLAGS, dont_inherit=True)
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
    that raises costs only itself. Raises SyntaxError or :class:`Unreadable`
    for text that does not cut.
    """
    lines = python_lines(source)
    compiled = []
    for start, end in top_level_spans(lines):
        compiled.append(compile_piece("\n".join(lines[start - 1:end]) + "\n", filename, line + start - 1))
    return compiled


def shift_lines(code: types.CodeType, offset: int) -> types.CodeType:
    """``code`` and the functions it defines, moved down by ``offset`` lines (line tables are relative)."""
    if not offset:
        return code
    constants = tuple(shift_lines(c, offset) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_firstlineno=code.co_firstlineno + offset, co_consts=constants)


# Modules: statement boundaries from the tokenizer ------------------------------------------------------------------

def top_level_spans(lines: list[str], imports: set[str] | None = None) -> list[tuple[int, int]]:
    """(first line, last line), 1-based, of each top-level statement of ``lines``, decorators included.

    Statements sharing a line share a span. Raises :class:`Unreadable` where
    the tokenizer stops (an unclosed bracket or string, a bad dedent). Adds the
    top-level names of imported modules to ``imports`` when given.
    """
    spans: list[list[int]] = []
    depth = 0  # of indentation
    start = 0  # first line of the logical line being read, 0 between logical lines
    first = ""  # its first token
    decorated = False
    words: list[tuple[int, str]] = []  # tokens of the logical line, for imports
    readline = iter([line + "\n" for line in lines]).__next__
    try:
        for token in tokenize.generate_tokens(readline):
            kind = token.type
            if kind == tokenize.INDENT:
                depth += 1
            elif kind == tokenize.DEDENT:
                depth -= 1
            elif kind == tokenize.NEWLINE:
                if start:
                    if imports is not None:
                        imported(words, imports)
                    top = depth == 0
                    if top and not decorated and first not in CONTINUING and not (spans and start <= spans[-1][1]):
                        spans.append([start, token.start[0]])
                    elif spans:
                        spans[-1][1] = max(spans[-1][1], token.start[0])
                    else:  # an indented first line: let the compiler say what is wrong
                        spans.append([start, token.start[0]])
                    decorated = top and first == "@" or (decorated and not top)
                start, words = 0, []
            elif kind not in (tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER):
                if not start:
                    start, first = token.start[0], token.string
                if imports is not None and len(words) < 4096:
                    words.append((kind, token.string))
    except tokenize.TokenError as error:
        where = error.args[1][0] if len(error.args) > 1 and isinstance(error.args[1], tuple) else len(lines)
        line = where if "string" in str(error.args[0]) else (start or where)
        raise Unreadable(max(1, min(line, len(lines))), f"EOF: {error.args[0]}") from None
    except SyntaxError as error:  # IndentationError, and what the tokenizer of Python 3.12+ refuses
        raise Unreadable(max(1, min(error.lineno or start or 1, len(lines))), error.msg or "syntax error") from None
    return [(a, b) for a, b in spans]


def imported(words: list[tuple[int, str]], found: set[str]) -> None:
    """Add the top-level modules that the logical line ``words`` imports (absolute imports only) to ``found``."""
    names = [(k, s) for k, s in words]
    at = 0
    while at < len(names) and len(found) < MAX_IMPORTS:
        string = names[at][1]
        starts = at == 0 or names[at - 1][1] in (";", ":")
        if starts and string == "from" and at + 1 < len(names) and names[at + 1][0] == tokenize.NAME:
            found.add(names[at + 1][1])
        elif starts and string == "import":
            at += 1
            while at < len(names) and names[at][0] == tokenize.NAME:
                found.add(names[at][1])
                while at < len(names) and names[at][1] not in (",", ";"):
                    at += 1
                if at < len(names) and names[at][1] == ",":
                    at += 1
                else:
                    break
            continue
        at += 1


def check_statements(lines: list[str], spans: list[tuple[int, int]]) -> None:
    """Compile each statement (then drop the code): :class:`Unreadable` at the first that does not compile."""
    for start, end in spans:
        source = "\n".join(lines[start - 1:end]) + "\n"
        try:
            compile(source, "<cut>", "exec", flags=FLAGS, dont_inherit=True)
        except SyntaxError as error:
            line = start + (error.lineno or 1) - 1
            raise Unreadable(min(max(line, start), end), error.msg or "syntax error") from None
        except (RecursionError, MemoryError, ValueError, OverflowError):
            raise Unreadable(start, "") from None


def window_spans(lines: list[str], imports: set[str]) -> list[tuple[int, int]]:
    """The statements of ``lines`` (see :func:`top_level_spans`), or :class:`Unreadable` at the first error.

    A small window (at most AST_WINDOW characters: its syntax tree takes some
    tens of MB at most) is parsed once into a tree, which is then compiled; a
    larger one (a 2 MB list literal) is compiled from its text by the C
    compiler alone, and cut by the tokenizer. Only when the compiler gives up
    without a line (nested too deeply) are the statements compiled one by one,
    so that the error is charged to its own statement.
    """
    source = "\n".join(lines) + "\n"
    try:
        if len(source) > AST_WINDOW:
            compile(source, "<cut>", "exec", flags=FLAGS, dont_inherit=True)
            return top_level_spans(lines, imports)
        tree = ast.parse(source)
        compile(tree, "<cut>", "exec", flags=FLAGS, dont_inherit=True)
        return tree_spans(lines, tree, imports)
    except SyntaxError as error:
        raise Unreadable(max(1, min(error.lineno or 1, len(lines))), error.msg or "syntax error") from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        spans = top_level_spans(lines, imports)
        check_statements(lines, spans)
        return spans


def tree_spans(lines: list[str], tree: ast.Module, imports: set[str]) -> list[tuple[int, int]]:
    """What :func:`top_level_spans` finds, read from the syntax tree of ``lines``."""
    spans: list[list[int]] = []
    for node in tree.body:
        decorators = getattr(node, "decorator_list", None)
        start = (decorators[0] if decorators else node).lineno
        end = node.end_lineno or node.lineno
        if spans and start <= spans[-1][1]:  # ``a = 1; b = 2``: one line, one span
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
        if "import" in "".join(lines[start - 1:end]):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    imports.update(alias.name.split(".")[0] for alias in inner.names)
                elif isinstance(inner, ast.ImportFrom) and not inner.level and inner.module:
                    imports.add(inner.module.split(".")[0])
    return [(a, b) for a, b in spans]


def cut_module(text: str) -> dict[str, Any]:
    """Where the statements of ``text`` are, as plain data (what the cutting child sends to the judge).

    ``spans``: [first line, last line] of each statement; ``errors``: [first,
    last, line, reason] of each block dropped for a syntax error (reason ``""``:
    nested too deeply), at most NOTES_KEPT; ``more``: how many more were
    dropped; ``stopped``: the line from which the recovery budget ran out (0 if
    it did not); ``imports``: top-level modules imported.

    The file is cut into blocks at lines that may start a statement (column 0,
    not a continuation) and cut a window of blocks at a time. A window that
    does not cut is shortened to end before the block its error is in (then at
    least halved); a first block that fails alone is dropped and the window
    starts small again. A window grows while the error says that its first
    block leaves something open (a docstring with lines at column 0). Every
    attempt is charged to a budget linear in the text.
    """
    lines = python_lines(text)
    starts = block_starts(lines)  # block k is lines[starts[k]:starts[k + 1]]
    blocks = len(starts) - 1
    offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]  # where each line starts in the text
    sizes = [offsets[start] for start in starts]  # where each block starts
    budget = BUDGET_FACTOR * sizes[-1] + BUDGET_FLOOR
    spans: list[list[int]] = []
    errors: list[list[Any]] = []
    imports: set[str] = set()
    dropped = shrinks = stopped = 0
    index, limit, span = 0, blocks, WINDOW
    while index < blocks:
        end = max(index + 1, min(limit, bisect.bisect_left(sizes, sizes[index] + span)))
        first = starts[index]
        window = lines[first:starts[end]]
        budget -= sizes[end] - sizes[index] + PARSE_COST
        if budget < 0:
            stopped = first + 1
            break
        found: set[str] = set()
        try:
            local = window_spans(window, found)
        except Unreadable as error:
            line = first + error.line
            culprit = min(max(bisect.bisect_right(starts, line - 1) - 1, index), end - 1)
            if culprit > index:  # what precedes the error may cut; after a first try, halve at least
                limit = culprit if not shrinks else min(culprit, index + (end - index) // 2)
                shrinks += 1
            elif not shrinks and limit > end and any(marker in error.reason for marker in UNCLOSED):
                span *= 2
            else:
                dropped += 1
                if dropped <= NOTES_KEPT:
                    errors.append([first + 1, starts[index + 1], line, error.reason[:200]])
                span = 2 * (sizes[index + 1] - sizes[index])  # errors come in groups: start small again
                index, limit, shrinks = index + 1, blocks, 0
            continue
        spans.extend([first + a, first + b] for a, b in local)
        if len(imports) < MAX_IMPORTS:
            imports |= set(sorted(found)[:MAX_IMPORTS - len(imports)])
        index, limit, span, shrinks = end, blocks, min(WINDOW, 2 * span), 0
    return {"spans": spans, "errors": errors, "more": max(0, dropped - NOTES_KEPT), "stopped": stopped,
            "imports": named(imports)}


def named(imports: set[str]) -> list[str]:
    """The imported modules worth naming, sorted and bounded (a name longer than MAX_NAME is no real module)."""
    return sorted(name for name in imports if len(name) <= MAX_NAME)[:MAX_IMPORTS]


def module_pieces(text: str, cut: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> tuple[list[Piece], list[str]]:
    """The pieces and the notes (in ``language``) that a :func:`cut_module` answer describes."""
    lines = python_lines(text)
    pieces = [(start, "\n".join(lines[start - 1:end]) + "\n") for start, end in cut["spans"]]
    notes = [message("syntax.skipped", language, first=first, last=last, line=line,
                     reason=reason or message("syntax.too_nested", language))
             for first, last, line, reason in cut["errors"]]
    if cut["stopped"]:
        notes.append(message("syntax.too_many", language, line=cut["stopped"]))
    if cut["more"]:
        notes.append(message("syntax.more", language, count=cut["more"]))
    return pieces, notes


def module_statements(text: str, *, language: str = DEFAULT_LANGUAGE) -> tuple[list[Piece], list[str]]:
    """One piece per top-level statement (statements sharing a line share a piece), and notes in ``language``."""
    return module_pieces(text, cut_module(text), language)


DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+(\w+)")


def hidden_in_module(text: str, cut: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """The top-level functions that a syntax error dropped, by name: (line of the error, its message or "")."""
    lines = python_lines(text)
    hidden: dict[str, tuple[int, str]] = {}
    for first, last, line, reason in cut["errors"]:
        for source in lines[first - 1:last]:
            if (found := DEF.match(source)) is not None:
                hidden.setdefault(found.group(1), (line, reason))
    return hidden


def hidden_in_notebook(cut: dict[str, Any]) -> dict[str, tuple[int, int, str]]:
    """The functions of cells left out for a syntax error, by name: (cell, line of the error, its message)."""
    hidden: dict[str, tuple[int, int, str]] = {}
    for cell, _first, _last, line, reason, names in cut["errors"]:
        for name in names:
            hidden.setdefault(name, (cell, line, reason))
    return hidden


def textual_spans(text: str) -> list[tuple[int, int]]:
    """A cut that parses nothing, when cutting failed: a block per line at column 0 (blank lines left out)."""
    lines = python_lines(text)
    starts = block_starts(lines)
    spans = []
    for first, after in zip(starts, starts[1:]):
        last = after
        while last > first and not lines[last - 1].strip():
            last -= 1
        if last > first:
            spans.append((first + 1, last))
    return spans


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


def third_party(imports: list[str], allowed: tuple[str, ...] | list[str]) -> list[str]:
    """The imported top-level modules that are neither in the standard library nor ``allowed``."""
    stdlib = getattr(sys, "stdlib_module_names", None)
    if stdlib is None:  # Python 3.9 or older, on a student's machine: nothing to compare with
        return []
    return [name for name in imports if name not in stdlib and name not in allowed and name != "__future__"]


# Notebooks: cells, with IPython's own syntax transformed as IPython transforms it ---------------------------------

RUN_CELL_MAGICS = frozenset({"time", "timeit", "capture"})  # their body runs; any other cell magic skips the cell
OTTER = re.compile(r"^\s*(import\s+otter\b|from\s+otter\b|grader\s*=\s*otter\.|grader\.\w+\s*\()")
ASSIGNED_ESCAPE = re.compile(r"^(\s*)[\w.,\[\]\s()*]*?[\w\])]\s*=\s*(!|%(?=\w))")
TIMEIT_OPTION = re.compile(r"^\s*(-[nrp]\s*\S+|-[tcqo])\s*")


def notebook_code_cells(text: str) -> list[dict[str, Any]]:
    """The code cells of a notebook of nbformat 4 (``cells``) or 3 (``worksheets``, ``input``), as dicts with a
    text ``source``. ValueError when the text is not a notebook, whatever it holds instead."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError("not a notebook") from error
    if not isinstance(document, dict):
        raise ValueError("not a notebook")
    if "cells" in document:
        cells, key = document["cells"], "source"
    elif isinstance(document.get("worksheets"), list) and document["worksheets"] \
            and all(isinstance(w, dict) for w in document["worksheets"]):
        cells = [c for w in document["worksheets"] for c in (w.get("cells") or [])]
        key = "input"
    else:
        raise ValueError("not a notebook")
    if not isinstance(cells, list):
        raise ValueError("not a notebook")
    code_cells = []
    for cell in cells:
        if not (isinstance(cell, dict) and cell.get("cell_type") == "code"):
            continue
        source = cell.get(key, cell.get("source", ""))
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise ValueError("a cell's source is neither text nor a list of texts")
        code_cells.append({"source": source})
    return code_cells


def cut_notebook(text: str) -> dict[str, Any]:
    """The code cells of a notebook as plain data (what the cutting child sends to the judge).

    ``cells``: [number among code cells, code to run]; ``skipped``: [cell,
    line, kind, text] of each IPython form that does not run (kind: ``cell``
    for a cell magic, ``magic``, ``shell``, ``help``); ``errors``: [cell,
    first line, last line, line of the error, message, functions it defines]
    of each block of a cell left out for a syntax error (the rest of the cell runs); ``imports``;
    ``size``: the UTF-8 size of the code (past MAX_CODE, reading stops);
    ``more``: code cells past MAX_CELLS, not read.
    ValueError when the text is not a notebook.
    """
    code_cells = notebook_code_cells(text)
    cells, skipped, errors, imports, size = [], [], [], set(), 0
    for number, cell in enumerate(code_cells[:MAX_CELLS], start=1):
        code, escapes = transform_cell(cell["source"])
        size += max(code_size(cell["source"]), code_size(code))  # autocall can lengthen a line
        if size > MAX_CODE:
            break
        skipped += [[number, line, kind, shown[:200]] for line, kind, shown in escapes]
        if not code.strip():
            continue
        try:
            compile(code, "<cell>", "exec", flags=FLAGS, dont_inherit=True)
        except SyntaxError:  # Jupyter would run nothing of the cell: only the broken block is left out here
            code = without_broken_blocks(number, code, errors)
        except (RecursionError, MemoryError, ValueError, OverflowError):
            pass  # charged to its statement when the cell runs
        if code.strip():
            cells.append([number, code])
        if len(imports) < MAX_IMPORTS:
            try:
                top_level_spans(python_lines(code), imports)
            except Unreadable:
                pass
    return {"cells": cells, "skipped": skipped[:NOTES_KEPT], "more_skipped": max(0, len(skipped) - NOTES_KEPT),
            "errors": errors[:NOTES_KEPT],
            "imports": named(imports), "size": size, "more": max(0, len(code_cells) - MAX_CELLS)}


def without_broken_blocks(number: int, code: str, errors: list[list[Any]]) -> str:
    """The code of cell ``number`` with the blocks a syntax error breaks blanked out (lines keep their numbers),
    as in a module; each block left out is added to ``errors`` as [cell, first line, last line, line of the error,
    message, functions it defines]."""
    found = cut_module(code)
    lines = python_lines(code)
    kept = [False] * len(lines)
    for first, last in found["spans"]:
        kept[first - 1:last] = [True] * (last - first + 1)
    for first, last, line, reason in found["errors"]:
        names = [match.group(1) for source in lines[first - 1:last]
                 if (match := DEF.match(source.lstrip())) and len(match.group(1)) <= MAX_NAME]
        errors.append([number, first, last, line, reason, names[:20]])
    return "\n".join(line if keep else "" for line, keep in zip(lines, kept))


def notebook_pieces(cut: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> tuple[list[Piece], list[str]]:
    """The cells and the notes (in ``language``) that a :func:`cut_notebook` answer describes."""
    notes = [message("notebook.syntax", language, cell=cell, first=first, last=last, line=line,
                     reason=reason or message("syntax.too_nested", language))
             for cell, first, last, line, reason, _names in cut["errors"]]
    notes += [message(f"notebook.skipped.{kind}", language, cell=cell, line=line, text=shown)
              for cell, line, kind, shown in cut["skipped"]]
    if cut["more_skipped"]:
        notes.append(message("notebook.skipped.more", language, count=cut["more_skipped"]))
    if cut["more"]:
        notes.append(message("notebook.too_many_cells", language, count=MAX_CELLS, more=cut["more"]))
    return [(number, code) for number, code in cut["cells"]], notes


def notebook_cells(text: str) -> list[Piece]:
    """Code cells in order as (number among code cells, code to run); ValueError when the text is not a notebook."""
    return notebook_pieces(cut_notebook(text))[0]


def transform_cell(source: str) -> tuple[str, list[tuple[int, str, str]]]:
    """A cell's code as IPython would run it, with what cannot run here replaced by ``pass`` (same line count).

    Follows IPython's input transformer (``IPython.core.inputtransformer2``):
    a cell magic on the first line (``%%time``, ``%%timeit`` and ``%%capture``
    run their body, any other skips the cell); at the start of a logical line,
    ``%magic``, ``!cmd``, ``!!cmd``, ``?obj``, ``x = %magic``, ``x = !cmd``;
    ``obj?`` and ``obj??`` at the end of one; ``,f a b``, ``;f a b`` and ``/f a``
    become calls. ``%time stmt`` and ``%timeit stmt`` run ``stmt`` once. Also
    skipped: otter-grader's lines (``grader.check`` needs otter and its tests).
    Returns the code and (line, kind, text) of each form skipped.
    """
    lines = python_lines(source)
    escapes: list[tuple[int, str, str]] = []
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is None:
        return source, escapes
    first = lines[head].strip()
    if first.startswith("%%") and not re.match(r"%%\w+\?", first):
        name, _, arguments = first[2:].partition(" ")
        if name not in RUN_CELL_MAGICS:
            return "", [(head + 1, "cell", first)]
        setup = ""
        if name == "timeit":  # options, then setup code that runs (untimed) before the body
            rest = arguments
            while (option := TIMEIT_OPTION.match(rest)) is not None:
                rest = rest[option.end():]
            setup = rest.strip()
        body, inner = transform_cell("\n".join(lines[head + 1:]))
        escapes += [(line + head + 1, kind, shown) for line, kind, shown in inner]
        return "\n".join(lines[:head] + [setup or "pass"]) + "\n" + body, escapes
    out: list[str] = []
    state = Lexer()
    at = 0
    while at < len(lines):
        line = lines[at]
        if state.clean:
            replaced, used = escaped(lines, at)
            if replaced is not None:
                kind, shown, code = replaced
                if kind:
                    escapes.append((at + 1, kind, shown))
                out.append(code)
                out += [indentation(lines[at]) + "pass"] * (used - 1)
                at += used
                continue
        state.feed(line)
        out.append(line)
        at += 1
    return "\n".join(out), escapes


def indentation(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def escaped(lines: list[str], at: int) -> tuple[tuple[str, str, str] | None, int]:
    """The IPython form starting the logical line ``lines[at]``, if any: ((kind skipped or "", text, code to run),
    physical lines it takes)."""
    used = 1
    line = lines[at]
    while line.endswith("\\") and at + used < len(lines):  # an escaped line continues with a backslash
        line = line[:-1] + " " + lines[at + used]
        used += 1
    margin = indentation(line)
    content = line.strip(" \t\f")
    if not content:
        return None, 1
    if OTTER.match(line):
        return ("", "", margin + "pass"), 1
    if content[0] == "?" or without_comment(line).rstrip().endswith("?"):
        return ("help", content, margin + "pass"), used
    if content.startswith("%%"):  # a cell magic below the first line: IPython fails on it; skipped here
        return ("magic", content, margin + "pass"), used
    if content[0] == "%":
        name, _, arguments = content[1:].partition(" ")
        if name in ("time", "timeit"):
            statement = arguments
            if name == "timeit":
                while (option := TIMEIT_OPTION.match(statement)) is not None:
                    statement = statement[option.end():]
            return ("", "", margin + (statement.strip(" \t") or "pass")), used
        return ("magic", content, margin + "pass"), used
    if content[0] == "!":
        return ("shell", content, margin + "pass"), used
    if content[0] in ",;/" and len(content) > 1 and re.match(r"[,;/][A-Za-z_][\w.]*(\s|$)", content):
        name, _, arguments = content[1:].partition(" ")
        if content[0] == ",":
            call = '{}("{}")'.format(name, '", "'.join(arguments.split()))
        elif content[0] == ";":
            call = '{}("{}")'.format(name, arguments)
        else:
            call = "{}({})".format(name, ", ".join(arguments.split()))
        return ("", "", margin + call), used
    assigned = ASSIGNED_ESCAPE.match(line)
    if assigned is not None and "==" not in line[:assigned.end()]:
        return ("shell" if assigned.group(2) == "!" else "magic", content, margin + "pass"), used
    return None, 1


def without_comment(line: str) -> str:
    """``line`` up to its comment, if it has one outside strings."""
    lexer = Lexer()
    lexer.feed(line)
    return line[:lexer.comment]


class Lexer:
    """Just enough of Python's lexer to know whether a line starts a logical line: brackets, strings, comments,
    backslash continuations. Linear, never raises (an unclosed quote ends with its line, as an error would)."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""  # the open string's delimiter: ', ", ''' or \"\"\"
        self.joined = False  # the last line ended with a backslash
        self.comment = 0  # where the last line's comment starts (its length if it has none)

    @property
    def clean(self) -> bool:
        return not (self.depth or self.quote or self.joined)

    def feed(self, line: str) -> None:
        at, size = 0, len(line)
        self.joined = False
        self.comment = size
        while at < size:
            char = line[at]
            if self.quote:
                if char == "\\":
                    at += 2
                    continue
                if line.startswith(self.quote, at):
                    at += len(self.quote)
                    self.quote = ""
                    continue
                at += 1
                continue
            if char == "#":
                self.comment = at
                break
            if char in "\"'":
                triple = line[at:at + 3]
                self.quote = triple if triple in ('"""', "'''") else char
                at += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and at == size - 1:
                self.joined = True
            at += 1
        if self.quote in ("'", '"'):
            if line.endswith("\\"):
                return
            self.quote = ""
