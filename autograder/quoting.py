"""Student text shown as a quotation, so that it can never pass for the grader's own words.

Whatever the student's code produces (exception text, prints, file names) may
hold newlines, carriage returns, terminal escapes or bidi overrides laid out to
read like a line of the grade summary. Here such text is made inert: every
control, format and line-separator character is shown as a visible escape
(``\\r``, ``\\x1b``, ``<U+202E>``), and each line of a block starts with
:data:`PREFIX`. Long lines are cut into pieces of at most :data:`WIDTH`
columns, each prefixed, so that no line wrapped by a narrow display can start
with the student's words either.

Standard library only: ``check.py`` uses it on the student's machine.
"""

from __future__ import annotations

import unicodedata

PREFIX = "│ "
OPEN, CLOSE = "«", "»"
NEWLINE = "⏎"
WIDTH = 100
"""Display columns of one quoted line after its prefix (wide characters count two)."""

_NAMED = {"\r": "\\r", "\t": "\\t", "\x1b": "\\x1b", "\x0b": "\\x0b", "\x0c": "\\x0c", "\x00": "\\x00"}
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control, format (bidi, zero-width, BOM), surrogate, private-use, unassigned characters and line or paragraph
separators: none of them can be trusted to show as what it is."""


def _visible(char: str) -> str:
    """``char`` itself, or a visible escape for a character that could move, hide or reorder text."""
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0xA0 else f"<U+{code:04X}>"


def _columns(text: str) -> int:
    """How many columns ``text`` takes in a monospace display."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def neutralise(text: str) -> str:
    """``text`` with every character that is not plainly visible escaped; newlines (``\\n``) kept."""
    return "\n".join(line if line.isprintable() else "".join(map(_visible, line))  # isprintable: at C speed
                     for line in text.replace("\r\n", "\n").split("\n"))


def _pieces(line: str) -> list[str]:
    """``line`` cut into pieces of at most WIDTH columns (always at least one piece)."""
    if len(line) <= WIDTH // 2 or _columns(line) <= WIDTH:
        return [line]
    pieces, current, used = [], [], 0
    for char in line:
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + width > WIDTH:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += width
    pieces.append("".join(current))
    return pieces


def quote_block(text: str) -> str:
    """``text`` as a quotation of one or more lines, each starting with PREFIX (one final newline dropped)."""
    if text.endswith("\n"):
        text = text[:-1]
    return "\n".join(PREFIX + piece for line in neutralise(text).split("\n") for piece in _pieces(line))


def one_line(text: str) -> str:
    """``text`` made visible and kept on one line (newlines shown as ⏎), for a sentence of the grader's."""
    return neutralise(text).replace("\n", NEWLINE)


def quote_inline(text: str) -> str:
    """``text`` quoted within a line of the grader's: visible, on one line, between « and »."""
    return OPEN + one_line(text) + CLOSE
