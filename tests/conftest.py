"""Shared fixtures; ``--submission PATH`` points the grading tests at any submission, ``--assignment DIR`` at
any assignment (default: Devoir 3, the repository's own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.scheme import ROOT, Scheme
from autograder.submission import Submission, load

REFERENCE = ROOT / "solutions" / "devoir3.py"
STUB = ROOT / "student_template" / "devoir3.py"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--submission", default=None,
                     help="the student file (or notebook) the grading tests run against (default: the reference)")
    parser.addoption("--assignment", default=str(ROOT),
                     help="the assignment's folder whose cases tests/test_grading.py runs (default: Devoir 3)")


def assignment(config: pytest.Config) -> Scheme:
    """The scheme of ``--assignment``."""
    return Scheme.load(Path(config.getoption("--assignment")).resolve())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for ``graded_case`` runs once per case of the ``--assignment``."""
    if "graded_case" in metafunc.fixturenames:
        cases = assignment(metafunc.config).cases
        metafunc.parametrize("graded_case", cases, ids=[f"{c.question}-{c.name}" for c in cases])


@pytest.fixture(scope="session")
def scheme() -> Scheme:
    return Scheme.load(ROOT)


@pytest.fixture(scope="session")
def graded_scheme(request: pytest.FixtureRequest) -> Scheme:
    """The scheme of ``--assignment``, for the tests that run its cases."""
    return assignment(request.config)


@pytest.fixture(scope="session")
def submission(request: pytest.FixtureRequest, graded_scheme: Scheme) -> Submission:
    path = request.config.getoption("--submission") or graded_scheme.solution_path
    return load(Path(path), graded_scheme.student_file)


@pytest.fixture(scope="session")
def reference_source() -> str:
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture
def write_submission(tmp_path: Path) -> Iterator[object]:
    """Write source text as a devoir3.py in a fresh folder and return its path."""
    def write(source: str, name: str = "devoir3.py") -> Path:
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        return path
    yield write
