"""Plausible wrong answers, kept as tests: each must lose its own question's points and no others."""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """The reference solution with one function replaced by a plausible mistake."""

    question: str
    function: str
    source: str
    why: str

    def apply(self, reference: str) -> str:
        """The reference source with ``function``'s definition replaced by ``source``."""
        for node in ast.parse(reference).body:
            if isinstance(node, ast.FunctionDef) and node.name == self.function:
                lines = reference.splitlines(keepends=True)
                start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
                return "".join(lines[:start]) + self.source.strip("\n") + "\n" + "".join(lines[node.end_lineno:])
        raise LookupError(f"{self.function} is not defined in the reference")
