"""Variants of a reference solution, for testing an assignment's cases: wrong answers and correct rewrites.

A :class:`Mutant` is a plausible mistake, which must lose its own question's
points and no others; an :class:`Alternative` is another correct way to write
some functions, which must keep every point. An assignment lists its mutants
in ``tests/mutants/part*.py`` and its alternatives in
``tests/alternatives/part*.py``, as ``MUTANTS`` and ``ALTERNATIVES``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


DEFINITIONS = (ast.FunctionDef, ast.ClassDef)
"""What a variant replaces: a function of the reference, or a class (a practical homework's KNN)."""


@dataclass(frozen=True)
class Mutant:
    """The reference solution with one function (or class) replaced by a plausible mistake."""

    question: str
    function: str
    source: str
    why: str
    hint: str = ""  # words the feedback of its question must contain: the mistake named (case-insensitive)

    def apply(self, reference: str) -> str:
        """The reference source with ``function``'s definition replaced by ``source``."""
        for node in ast.parse(reference).body:
            if isinstance(node, DEFINITIONS) and node.name == self.function:
                lines = reference.splitlines(keepends=True)
                start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
                return "".join(lines[:start]) + self.source.strip("\n") + "\n" + "".join(lines[node.end_lineno:])
        raise LookupError(f"{self.function} is not defined in the reference")


@dataclass(frozen=True)
class Alternative:
    """The reference with some functions rewritten in another correct way: it must keep every point."""

    question: str
    source: str  # one or more top-level function or class definitions, replacing the reference's of that name
    why: str

    def apply(self, reference: str) -> str:
        """The reference source with every function or class that ``source`` defines replaced by its new one."""
        for node in ast.parse(self.source).body:
            if isinstance(node, DEFINITIONS):
                segment = ast.get_source_segment(self.source, node) or ""
                reference = Mutant(self.question, node.name, segment, self.why).apply(reference)
        return reference
