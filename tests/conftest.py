"""Shared fixtures; ``--submission PATH`` points the grading tests at any devoir3.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.scheme import ROOT, Scheme
from autograder.submission import Submission, load

REFERENCE = ROOT / "solutions" / "devoir3.py"
STUB = ROOT / "student_template" / "devoir3.py"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--submission", default=str(REFERENCE),
                     help="the devoir3.py (or .ipynb) the grading tests run against (default: the reference)")


@pytest.fixture(scope="session")
def scheme() -> Scheme:
    return Scheme.load(ROOT)


@pytest.fixture(scope="session")
def submission(request: pytest.FixtureRequest) -> Submission:
    return load(Path(request.config.getoption("--submission")), "devoir3.py")


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
