"""The student template is derived from the reference solution, and reveals no answer."""

from __future__ import annotations

import ast
import importlib.util
import inspect
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import yaml

from tests.helpers import solution_lines

ROOT = Path(__file__).parents[1]
SOLUTION = ROOT / "solutions" / "devoir3.py"
TEMPLATE = ROOT / "student_template" / "devoir3.py"
STUBS = ROOT / "autograder" / "stubs.py"
GRADING = ROOT / "grading.yaml"

REGENERATE = "regenerate it with `python -m autograder build`"

INT_PARAMETERS = {"i", "j", "k", "y", "d", "d_h", "m", "n", "c_in", "c_out", "kernel", "stride", "padding"}


def load(path: Path, name: str) -> ModuleType:
    """Import a module by file path (no package import needed)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def stubs() -> ModuleType:
    return load(STUBS, "autograder_stubs_under_test")


@pytest.fixture(scope="module")
def solution() -> ModuleType:
    return load(SOLUTION, "devoir3_solution_under_test")


@pytest.fixture(scope="module")
def template() -> ModuleType:
    return load(TEMPLATE, "devoir3_template_under_test")


def graded_functions() -> list[str]:
    grading = yaml.safe_load(GRADING.read_text(encoding="utf-8"))
    return [name for question in grading["questions"] for name in question["functions"]]


def top_level_functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def plausible_argument(parameter: inspect.Parameter):
    if parameter.name in INT_PARAMETERS:
        return 1
    if parameter.name == "mode":
        return "full"
    if parameter.name in {"params", "grads"}:
        return {"W1": np.ones((2, 2)), "b1": np.ones(2), "W2": np.ones((2, 2)), "b2": np.ones(2)}
    if parameter.name in {"lr", "lam", "alpha"}:
        return 0.5
    return np.ones(2)


def test_template_matches_fresh_render(stubs: ModuleType) -> None:
    expected = stubs.render_stub(SOLUTION.read_text(encoding="utf-8"))
    assert TEMPLATE.exists(), f"{TEMPLATE.relative_to(ROOT)} is missing: {REGENERATE}"
    assert TEMPLATE.read_text(encoding="utf-8") == expected, (
        f"{TEMPLATE.relative_to(ROOT)} is out of date with {SOLUTION.relative_to(ROOT)}: {REGENERATE}"
    )


def test_generate_targets_the_template(stubs: ModuleType) -> None:
    files = stubs.generate(ROOT)
    assert set(files) == {TEMPLATE}
    assert files[TEMPLATE] == stubs.render_stub(SOLUTION.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", graded_functions())
def test_graded_function_has_same_signature(name: str) -> None:
    solution_functions = top_level_functions(SOLUTION)
    template_functions = top_level_functions(TEMPLATE)
    assert name in solution_functions, f"{name} is not defined in the solution"
    assert name in template_functions, f"{name} is not defined in the stub"
    assert ast.dump(solution_functions[name].args) == ast.dump(template_functions[name].args), (
        f"{name}: the stub's signature differs from the solution's"
    )


def test_solution_follows_grading_order() -> None:
    defined = [name for name in top_level_functions(SOLUTION) if not name.startswith("_")]
    assert defined == graded_functions()


@pytest.mark.parametrize("name", graded_functions())
def test_stub_raises_not_implemented(template: ModuleType, solution: ModuleType, name: str) -> None:
    function = getattr(template, name)
    assert inspect.signature(function) == inspect.signature(getattr(solution, name))
    arguments = [
        plausible_argument(parameter)
        for parameter in inspect.signature(function).parameters.values()
        if parameter.default is inspect.Parameter.empty
    ]
    with pytest.raises(NotImplementedError):
        function(*arguments)


def test_stub_has_no_solution_code() -> None:
    stub = TEMPLATE.read_text(encoding="utf-8")
    assert "# BEGIN SOLUTION" not in stub and "# END SOLUTION" not in stub
    for forbidden in ("np.logaddexp", "np.exp", "np.where", "np.outer", "np.diag", "sliding_window_view"):
        assert forbidden not in stub, f"the stub reveals {forbidden}"
    stub_lines = {line.strip() for line in stub.splitlines()}
    leaked = [line for line in solution_lines() if line in stub_lines]
    assert not leaked, f"solution lines found in the stub: {leaked}"


def test_stub_defines_no_helper_beyond_the_solution() -> None:
    assert set(top_level_functions(TEMPLATE)) <= set(top_level_functions(SOLUTION))
    stub_tree = ast.parse(TEMPLATE.read_text(encoding="utf-8"))
    for node in stub_tree.body:
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            assert len(body) == 1 and isinstance(body[0], ast.Raise), f"{node.name} has code in the stub"


def test_render_stub_replaces_blocks_at_marker_indentation(stubs: ModuleType) -> None:
    source = (
        "def f(x):\n"
        '    """Doc."""\n'
        "    # BEGIN SOLUTION\n"
        "    y = x + 1\n"
        "    return y\n"
        "    # END SOLUTION\n"
        "\n"
        "def g():\n"
        "        # BEGIN SOLUTION\n"
        "        return 2\n"
        "        # END SOLUTION\n"
    )
    assert stubs.render_stub(source) == (
        "def f(x):\n"
        '    """Doc."""\n'
        "    raise NotImplementedError\n"
        "\n"
        "def g():\n"
        "        raise NotImplementedError\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    # BEGIN SOLUTION\n    return 1\n",
        "def f():\n    return 1\n    # END SOLUTION\n",
        "def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n",
        "def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n    # END SOLUTION\n",
    ],
    ids=["never-closed", "end-without-begin", "nested-begin", "double-end"],
)
def test_render_stub_rejects_unbalanced_markers(stubs: ModuleType, source: str) -> None:
    with pytest.raises(ValueError, match="SOLUTION"):
        stubs.render_stub(source)
