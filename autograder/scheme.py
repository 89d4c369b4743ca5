"""The grading scheme: grading.yaml read into typed objects, and the case functions it names."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from autograder.layout import CASES, GRADING_JSON, GRADING_YAML, HANDOUTS, SOLUTIONS, TEMPLATE
from autograder.messages import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
VISIBILITIES = ("public", "hidden")
STUDENT_FILE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.py$")
DATA_PATH = re.compile(r"^(?!.*(^|/)\.\.?(/|$))[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
"""A data file's path: relative, ``/``-separated, no ``.`` or ``..`` part (the same path in the student's folder,
the bundle, the zips and the sandbox's working folder)."""


def read_grading(root: Path) -> Any:
    """The data of ``root/grading.yaml``: from grading.json when that is a copy of this very text.

    The Gradescope zip carries the copy (:func:`grading_copy`): JSON is read in
    a tenth of a millisecond, where importing a YAML parser and parsing cost
    every submission some 25 ms. A copy of another text is ignored.
    """
    text = (root / GRADING_YAML).read_text(encoding="utf-8")
    try:
        copy = json.loads((root / GRADING_JSON).read_text(encoding="utf-8"))
        if copy["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest():
            return copy["grading"]
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no copy, or not one of this text
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C loader: ten times faster


def grading_copy(root: Path) -> str | None:
    """grading.json for ``root/grading.yaml`` (see :func:`read_grading`), or None when its data, as JSON has it
    (part numbers as keys become strings), would not give the same scheme."""
    text = (root / GRADING_YAML).read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    try:
        copy = json.dumps({"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "grading": data},
                          ensure_ascii=False, sort_keys=True) + "\n"
        same = Scheme.from_data(json.loads(copy)["grading"], root) == Scheme.from_data(data, root)
    except (TypeError, ValueError):  # e.g. a date, which JSON has no form for
        return None
    return copy if same else None


class AuthoringError(Exception):
    """Mistakes in an assignment's own files, each one line starting with ``file:line:``."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class SchemeError(ValueError):
    """grading.yaml is inconsistent with itself or with the case modules.

    ``question``, ``case`` and ``part`` say where, so that the instructor
    commands can point at the line of grading.yaml (autograder.preflight).
    """

    def __init__(self, text: str, *, question: str | None = None, case: str | None = None,
                 part: int | None = None) -> None:
        super().__init__(text)
        self.question, self.case, self.part = question, case, part


@dataclass(frozen=True)
class Case:
    """One graded check: a function of tests/grading/{visibility}_{part}.py."""

    name: str
    points: float
    visibility: str
    question: str
    part: int

    @property
    def public(self) -> bool:
        return self.visibility == "public"

    @property
    def module(self) -> str:
        return f"{self.visibility}_{self.part}"


@dataclass(frozen=True)
class Question:
    id: str
    part: int
    title: str
    points: float
    functions: tuple[str, ...]
    cases: tuple[Case, ...]
    timeout: float


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    points: float


@dataclass(frozen=True)
class Scheme:
    """Everything grading.yaml says, plus where the assignment's files live."""

    assignment: str
    student_file: str
    parts: tuple[Part, ...]
    questions: tuple[Question, ...]
    root: Path
    budget: float  # seconds of wall clock for all the calls into one submission
    language: str = DEFAULT_LANGUAGE  # of everything the engine says to students
    handout: Path = HANDOUTS / "enonce.md"  # the statement, relative to root
    notation: str = ""  # the notation paragraph of the notebooks' introduction, if any
    errata: Path | None = None  # corrections of the statement handed out with it, relative to root
    imports: tuple[str, ...] = ()  # third-party top-level modules a submission may import (besides the stdlib)
    data_files: tuple[str, ...] = ()  # handed out, and readable by the student's code at the same relative path
    hidden_data: tuple[str, ...] = ()  # read by the grader's cases only (t.data), never handed out nor shown

    @classmethod
    def load(cls, root: Path = ROOT) -> Scheme:
        """Read ``root/grading.yaml``; raise SchemeError on anything inconsistent."""
        return cls.from_data(read_grading(root), root)

    @classmethod
    def from_data(cls, data: Any, root: Path) -> Scheme:
        """The scheme grading.yaml's ``data`` describes, for the assignment in ``root``."""
        default_timeout = float(data.get("timeout", 3))
        budget = float(data.get("budget", 300))
        parts = tuple(Part(int(n), p["title"], float(p["points"])) for n, p in data["parts"].items())
        questions = []
        for q in data["questions"]:
            qid, part = str(q["id"]), int(q["part"])
            cases = tuple(Case(str(c["name"]), float(c["points"]), str(c["visibility"]), qid, part) for c in q["cases"])
            questions.append(Question(qid, part, q["title"], float(q["points"]), tuple(q["functions"]), cases,
                                      float(q.get("timeout", default_timeout))))
        files = data.get("data") or {}
        scheme = cls(data["assignment"], data["student_file"], parts, tuple(questions), Path(root), budget,
                     str(data.get("language", DEFAULT_LANGUAGE)), Path(data.get("handout", cls.handout)),
                     str(data.get("notation", "")).strip(), Path(data["errata"]) if data.get("errata") else None,
                     tuple(str(name) for name in data.get("imports") or ()),
                     tuple(str(p) for p in files.get("files") or ()), tuple(str(p) for p in files.get("hidden") or ()))
        scheme.validate()
        return scheme

    def validate(self) -> None:
        """Case points add up to question points, question points to part points; names are unique."""
        if self.language not in LANGUAGES:
            raise SchemeError(f"language {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if not STUDENT_FILE.match(self.student_file):
            raise SchemeError(f"student_file {self.student_file!r} is not a Python module name ending in .py")
        every = [*self.data_files, *self.hidden_data]
        if bad := [p for p in every if not DATA_PATH.match(p)]:
            raise SchemeError(f"data file {bad[0]!r} is not a relative path without '.' or '..' parts")
        if twice := [p for p in every if every.count(p) > 1]:
            raise SchemeError(f"data file {twice[0]} is listed twice")
        if nested := [p for p in every if any(q.startswith(p + "/") for q in every)]:
            raise SchemeError(f"data file {nested[0]} is also a folder of another data file")
        names = [c.name for c in self.cases]
        if len(names) != len(set(names)):
            twice = next(c for c in self.cases if names.count(c.name) > 1)
            raise SchemeError(f"two cases are named {twice.name}", question=twice.question, case=twice.name)
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise SchemeError("two questions share an id", question=next(i for i in ids if ids.count(i) > 1))
        functions = [f for q in self.questions for f in q.functions]
        numbers = {p.number for p in self.parts}
        for q in self.questions:
            if q.part not in numbers:
                raise SchemeError(f"question {q.id} is in part {q.part}, which parts: does not list", question=q.id)
            if twice := [f for f in q.functions if functions.count(f) > 1]:
                raise SchemeError(f"function {twice[0]} is graded by two questions", question=q.id)
            if not q.cases:
                raise SchemeError(f"question {q.id} has no case", question=q.id)
            if abs(sum(c.points for c in q.cases) - q.points) > 1e-9:
                raise SchemeError(f"the cases of {q.id} do not add up to {q.points:g} points", question=q.id)
            if bad := [c for c in q.cases if c.visibility not in VISIBILITIES]:
                raise SchemeError(f"question {q.id} has a case that is neither public nor hidden", question=q.id,
                                  case=bad[0].name)
        for part in self.parts:
            if abs(sum(q.points for q in self.questions if q.part == part.number) - part.points) > 1e-9:
                raise SchemeError(f"the questions of part {part.number} do not add up to {part.points:g} points",
                                  part=part.number)

    @property
    def module(self) -> str:
        """The student's module name (the student file without .py)."""
        return self.student_file[:-len(".py")]

    @property
    def notebook_file(self) -> str:
        return f"{self.module}.ipynb"

    @property
    def solution_path(self) -> Path:
        return self.root / SOLUTIONS / self.student_file

    @property
    def stub_path(self) -> Path:
        return self.root / TEMPLATE / self.student_file

    @property
    def master_path(self) -> Path:
        return self.root / HANDOUTS / self.notebook_file

    @property
    def handout_path(self) -> Path:
        return self.root / self.handout

    @property
    def cases_package(self) -> str:
        """A package name of this assignment's own: two assignments loaded in one process never share modules."""
        digest = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:12]
        return f"assignment_cases_{digest}"

    @property
    def cases(self) -> list[Case]:
        return [c for q in self.questions for c in q.cases]

    @property
    def total(self) -> float:
        return sum(p.points for p in self.parts)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @cached_property
    def case_modules(self) -> dict[str, ModuleType]:
        """The case modules, imported from tests/grading as one private package."""
        return {name: load_case_module(self.root / CASES, name, self.cases_package)
                for name in sorted({c.module for c in self.cases})}

    def data(self, path: str) -> bytes:
        """The bytes of a data file grading.yaml lists (handed out or hidden), read by the grader's cases."""
        if path not in (*self.data_files, *self.hidden_data):
            raise SchemeError(f"{path} is not a data file of grading.yaml (data: files: or hidden:)")
        return (self.root / path).read_bytes()

    def case_function(self, case: Case) -> Callable[..., None]:
        """The function that implements ``case``."""
        function = getattr(self.case_modules[case.module], case.name, None)
        if not callable(function):
            raise SchemeError(f"case {case.name} is not defined in {CASES.as_posix()}/{case.module}.py",
                              question=case.question, case=case.name)
        return function


def load_case_module(folder: Path, name: str, package: str) -> ModuleType:
    """Import ``folder/name.py`` as a submodule of ``package``, made of ``folder`` (for relative imports)."""
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, folder / "__init__.py", submodule_search_locations=[str(folder)])
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{package}.{name}")
