"""Where an assignment keeps its files, and the markers of its reference: named once, used by every module.

An assignment is a folder; every path here is relative to it. Keeping the
names in one module means renaming a folder or a marker is one edit, and a
reader sees the whole layout at a glance (docs/authoring.md describes it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

GRADING_YAML = "grading.yaml"  # the scheme: the one file that makes a folder an assignment
GRADING_JSON = "grading.json"  # in the Gradescope zip only: grading.yaml's data, read without a YAML parser
SOLUTIONS = Path("solutions")  # the reference, solutions/<student_file>
TEMPLATE = Path("student_template")  # the stubs (generated) and the students' own README, if any
HANDOUTS = Path("assignment")  # the statement and the otter master notebook (generated)
CASES = Path("tests") / "grading"  # the case modules {public,hidden}_<part>.py, and SHARED
SHARED = "shared"  # tests/grading/shared.py: helpers (the handout's formulas) every case module may import
MUTANTS = Path("tests") / "mutants"  # part*.py with MUTANTS, and EQUIVALENT
ALTERNATIVES = Path("tests") / "alternatives"  # part*.py with ALTERNATIVES
EQUIVALENT = MUTANTS / "equivalent.yaml"  # single-point mutants no input can tell apart, with the reason

BEGIN_SOLUTION = "# BEGIN SOLUTION"  # opens an answer block of the reference (the stubs replace it)
END_SOLUTION = "# END SOLUTION"  # closes it


def shown(path: Path) -> str:
    """``path`` as the instructor typed it would be: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def marked_lines(source: str) -> Iterator[tuple[int, str, bool]]:
    """Each line of a reference but the markers: its number, its stripped text, and whether it lies between
    BEGIN_SOLUTION and END_SOLUTION (the one scan the stubs' checks and the mutations share)."""
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text in (BEGIN_SOLUTION, END_SOLUTION):
            inside = text == BEGIN_SOLUTION
        else:
            yield number, text, inside
