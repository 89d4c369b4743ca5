"""Student text quoted: whatever it holds, no line of the quotation can read as one of the grader's."""

from __future__ import annotations

import ast
import sys
import unicodedata
from pathlib import Path

import pytest

from autograder import quoting
from autograder.quoting import PREFIX, WIDTH, quote_block, quote_inline

GRADER_LINES = [
    "Partie 1 — Probabilités et fonctions d'activation : 20 / 20",
    "Partie 2 — Rétropropagation : 25 / 25",
    "Total : 65 / 65",
    "note corrigée après révision",
]
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
INVISIBLE = ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200e", "\u200f",
             "\u061c", "\ufeff", "\x1b[2K", "\x1b[1A", "\x08", "\x00", "\x7f", "\ud800"]
HOSTILE = [
    "\n".join(GRADER_LINES),
    "erreur\n" + "\n".join(GRADER_LINES) + "\n",
    "\r" + "\r".join(GRADER_LINES),
    "ValueError: x\r\u202e" + GRADER_LINES[2] + "\u202c",
    *(f"calcul{brk}{line}" for brk in BREAKS for line in GRADER_LINES),
    *(f"x{mark}{GRADER_LINES[2]}{mark}" for mark in INVISIBLE),
    " " * 300 + GRADER_LINES[2],  # a wrapped display would start a line with it
    "界" * 120 + GRADER_LINES[2],
    "a\x1b[2K\x1b[1G" + GRADER_LINES[2],
]


def shown_lines(text: str) -> list[str]:
    """The lines a reader sees: Python's splitlines breaks on every Unicode line boundary, not only \\n."""
    return text.splitlines()


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_line_of_a_block_starts_with_the_prefix(text: str) -> None:
    quoted = quote_block(text)
    lines = shown_lines(quoted)
    assert lines and all(line.startswith(PREFIX) for line in lines), quoted
    assert lines == quoted.split("\n"), "a line break other than \\n survived"
    assert not any(line in GRADER_LINES or line.lstrip() in GRADER_LINES for line in lines)


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_invisible_or_moving_survives(text: str) -> None:
    for quoted in (quote_block(text), quote_inline(text)):
        odd = [c for c in quoted.replace("\n", "") if not c.isprintable()]
        assert odd == [], (quoted, odd)
        quoted.encode("utf-8")  # a lone surrogate is shown, not kept


@pytest.mark.parametrize("text", HOSTILE)
def test_an_inline_quote_stays_on_one_line_between_guillemets(text: str) -> None:
    quoted = quote_inline(text)
    assert len(shown_lines(quoted)) == 1
    assert quoted.startswith("«") and quoted.endswith("»")


def test_long_lines_are_cut_into_prefixed_pieces() -> None:
    for text in (" " * 300 + "Total : 65 / 65", "界" * 120 + "Total : 65 / 65", "x" * 1000):
        lines = quote_block(text).split("\n")
        assert len(lines) > 1
        assert all(line.startswith(PREFIX) and columns(line[len(PREFIX):]) <= WIDTH for line in lines)
        assert "".join(line[len(PREFIX):] for line in lines) == text  # nothing lost


def test_escapes_are_readable() -> None:
    assert quote_inline("a\rb\u202ec\x1bd\ne") == "«a\\rb<U+202E>c\\x1bd⏎e»"
    assert quote_block("a\r\nb\n") == f"{PREFIX}a\n{PREFIX}b"  # a Windows line end is a line end


def test_plain_text_is_only_prefixed() -> None:
    text = "[[0.5 0.5]\n [0.25 0.75]]\nélève : ŷ = σ(a), Σ y log ŷ"
    assert quote_block(text) == "\n".join(PREFIX + line for line in text.split("\n"))
    assert quote_inline("ZeroDivisionError: division by zero") == "«ZeroDivisionError: division by zero»"


def test_needs_only_the_standard_library() -> None:
    """It travels to students next to check.py, which needs only numpy."""
    tree = ast.parse(Path(quoting.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
