"""What the project's tests share: the material that must never reach a student, and what a sandbox leaves behind."""

from __future__ import annotations

import ast
import os
import re
from functools import cache
from collections.abc import Callable
from pathlib import Path

from autograder.layout import marked_lines
from autograder.sandbox.limits import UID_BASE, UID_SLOTS, WORLD_WRITABLE, slot_is_free

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "solutions" / "devoir3.py"
CASES = ROOT / "tests" / "grading"
GENERIC_LINE = re.compile(r"^\w+ = np\.asarray\(\w+, dtype=float\)$")  # in checking.py too, answers nothing


def solution_lines(source: str | None = None) -> set[str]:
    """The stripped, non-blank, non-comment lines between the solution markers of the reference."""
    source = REFERENCE.read_text(encoding="utf-8") if source is None else source
    return {text for _, text, inside in marked_lines(source) if inside and text and not text.startswith("#")}


@cache
def hidden_case_lines() -> frozenset[str]:
    """Code lines of the hidden cases (30 characters or more) that nothing handed to students contains."""
    visible = "\n".join(p.read_text(encoding="utf-8")
                        for p in [*CASES.glob("public_*.py"), ROOT / "autograder" / "checking.py", REFERENCE])
    lines = set()
    for path in CASES.glob("hidden_*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                for line in (ast.get_source_segment(source, node) or "").splitlines():
                    text = line.strip()
                    if len(text) >= 30 and not text.startswith(("#", '"', "'", 'f"', "f'", ")")) and text not in visible:
                        lines.add(text)
    return frozenset(lines)


@cache
def secret_lines() -> frozenset[str]:
    """Lines that betray a hidden case or the reference: none may appear in anything a student sees."""
    answers = {line for line in solution_lines() if len(line) >= 25 and not GENERIC_LINE.match(line)}
    return hidden_case_lines() | answers


def live_processes(wanted: Callable[[int], bool]) -> list[str]:
    """Running processes whose uid is ``wanted`` (zombies are dead, only awaiting their reaper)."""
    left = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if wanted(int(fields["Uid"].split()[0])) and not fields["State"].strip().startswith("Z"):
            left.append(f"{status.parent.name} {fields['Name'].strip()} {fields['State'].strip()}")
    return left


def leftover_sandbox_processes() -> list[str]:
    """Processes of a sandbox uid that no running grader holds: what a finished grading left behind."""
    return live_processes(lambda uid: UID_BASE <= uid < UID_BASE + UID_SLOTS and slot_is_free(uid))


def leftover_files(wanted: Callable[[int], bool]) -> list[str]:
    """Files and System V IPC objects (they outlive their process) that a ``wanted`` uid owns in shared places.

    Only the top of each world-writable folder is looked at: anything deeper
    hangs below an entry the uid created there.
    """
    left = []
    for folder in WORLD_WRITABLE:
        try:
            left += [entry.path for entry in os.scandir(folder) if wanted(entry.stat(follow_symlinks=False).st_uid)]
        except OSError:
            continue
    for kind in ("shm", "msg", "sem"):
        try:
            rows = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = rows[0].split() if rows else []
        for row in rows[1:]:
            fields = dict(zip(header, row.split()))
            if wanted(int(fields["uid"])):
                left.append(f"System V {kind} {fields.get('shmid') or fields.get('msqid') or fields.get('semid')}")
    return left
