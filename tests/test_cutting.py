"""Cutting a file into statements happens in a sandboxed child, never in the judge, and costs only what breaks.

Each hard file below is the reference with one statement added in its middle:
a legal 2 MB list literal (its syntax tree would take the judge ~1 GB), a sum
of 3,000 terms (the compiler gives up without a line number) and a 150,000-deep
attribute chain (Python 3.10's ``ast.parse`` crashes the process on it). Each
must score what the reference scores, graded by the judge on Python 3.11 and on
Gradescope's Python 3.10.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from autograder import pieces
from autograder.sandbox import host
from autograder.submission import MAX_BYTES, load

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
PYTHON_310 = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")
VENV_310 = Path("/tmp/autograder-test-py310")  # numpy and PyYAML at the pins of autograder/package.py
DRIVER = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from autograder.runner import grade_path
from autograder.scheme import Scheme
report = grade_path(Path(sys.argv[2]), Scheme.load(Path(sys.argv[1])))
print(json.dumps({"score": report.score, "notes": report.notes}))
"""


def inserted(statement: str) -> str:
    """The reference with ``statement`` between two of its functions (innocent statements on both sides)."""
    at = [i for i in range(len(REFERENCE)) if REFERENCE.startswith("\ndef ", i)][10] + 1
    return REFERENCE[:at] + statement + "\n\n" + REFERENCE[at:]


def list_literal() -> str:
    room = MAX_BYTES - len(REFERENCE.encode("utf-8")) - 100
    return "TABLE = [" + ", ".join(["12345"] * ((room - 12) // 7)) + "]\n"


HARD = {
    "list_literal_2mb": list_literal,
    "sum_of_3000_terms": lambda: "TOTAL = " + " + ".join(["1"] * 3000) + "\n",
    "attribute_chain_150000": lambda: "CHAIN = a" + ".b" * 150_000 + "\n",
}


@pytest.fixture(scope="session")
def python_310() -> Path:
    """A Python 3.10 with the grading runtime (made once, kept under /tmp); skipped where it cannot be made."""
    python = VENV_310 / "bin" / "python"
    if not python.exists():
        if not PYTHON_310.exists():
            pytest.skip(f"no {PYTHON_310} (pyenv install 3.10.13)")
        from autograder.package import NUMPY_PIN, PYYAML_PIN

        made = subprocess.run(f"{PYTHON_310} -m venv {VENV_310} && {python} -m pip install -q "
                              f"--disable-pip-version-check --only-binary=:all: numpy=={NUMPY_PIN} "
                              f"pyyaml=={PYYAML_PIN}", shell=True, capture_output=True, text=True, timeout=600)
        if made.returncode != 0:
            pytest.skip(f"no Python 3.10 grading runtime: {made.stderr[-300:]}")
    return python


def judged(python: Path, path: Path) -> dict:
    """Score and notes of ``path`` graded by the judge running on ``python``."""
    done = subprocess.run([str(python), "-c", DRIVER, str(ROOT), str(path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("interpreter", ["3.11", "3.10"])
@pytest.mark.parametrize("name", sorted(HARD))
def test_a_hard_statement_costs_only_itself(tmp_path: Path, request: pytest.FixtureRequest, interpreter: str,
                                            name: str) -> None:
    python = Path(sys.executable) if interpreter == "3.11" else request.getfixturevalue("python_310")
    path = tmp_path / "devoir3.py"
    path.write_text(inserted(HARD[name]()), encoding="utf-8")
    result = judged(python, path)
    assert result["score"] == 65
    if name == "list_literal_2mb":  # legal and loaded: nothing to say
        assert result["notes"] == []
    else:  # the statement alone is left out, at its own line
        line = inserted(HARD[name]()).count("\n", 0, inserted(HARD[name]()).index(HARD[name]()[:6])) + 1
        assert result["notes"] == [f"Lignes {line} à {line + 2} ignorées : erreur de syntaxe "
                                   f"(code trop imbriqué, ligne {line})."]


def test_the_judge_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With every parser of the judge's process broken, a module and a notebook still read the same."""
    path = tmp_path / "devoir3.py"
    path.write_text(REFERENCE + "\ndef cassee(:\n    pass\n", encoding="utf-8")
    notebook = tmp_path / "devoir3.ipynb"
    notebook.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": "%matplotlib inline\nx = 1"}]}))
    expected_module, expected_notebook = load(path, "devoir3.py"), load(notebook, "devoir3.py")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the judge parsed the student's text")

    for target, name in [(builtins, "compile"), (ast, "parse"), (tokenize, "generate_tokens"),
                         (pieces, "cut_module"),
                         (pieces, "cut_notebook"), (pieces, "notebook_code_cells"), (pieces, "top_level_spans")]:
        monkeypatch.setattr(target, name, refuse)
    module, cells = load(path, "devoir3.py"), load(notebook, "devoir3.py")
    assert module.chunks == expected_module.chunks and module.problems == expected_module.problems
    line = REFERENCE.count("\n") + 2
    assert any("Lignes" in p for p in module.problems)
    assert module.hidden == {"cassee": ("devoir3.py", line, "invalid syntax")}
    assert cells.chunks == expected_notebook.chunks and [c.source for c in cells.chunks] == ["pass\nx = 1"]


def test_a_dead_cutting_child_falls_back_to_lines_at_column_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("import numpy as np\n\n\ndef f(x):\n    return x\n\n\nhors = 2\n", encoding="utf-8")
    monkeypatch.setattr(host.Sandbox, "cut", lambda self, raw, kind: None)
    submission = load(path, "devoir3.py")
    assert [(c.line, c.source) for c in submission.chunks] == [
        (1, "import numpy as np\n"), (4, "def f(x):\n    return x\n"), (8, "hors = 2\n")]
    assert submission.problems[0].startswith("Le découpage de votre fichier en instructions a échoué")


@pytest.mark.parametrize("spans", [[(1, 9)], [(4, 5), (1, 1)], [(2, 1)], [(0, 1)]])
def test_spans_outside_the_text_are_not_believed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 spans: list[tuple[int, int]]) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("import numpy as np\n\n\ndef f(x):\n    return x\n", encoding="utf-8")
    monkeypatch.setattr(host.Sandbox, "cut", lambda self, raw, kind: {
        "spans": spans, "errors": [], "more": 0, "stopped": 0, "imports": []})
    submission = load(path, "devoir3.py")
    assert [c.line for c in submission.chunks] == [1, 4] and len(submission.problems) == 1


def test_a_cutting_child_killed_on_the_way_costs_nothing(tmp_path: Path) -> None:
    """A real cutting child killed by its CPU limit (1 s; cutting this file takes more): the textual cut, and
    the reference's functions all graded."""
    from autograder.runner import grade_submission
    from autograder.sandbox.limits import Limits
    from autograder.scheme import Scheme

    path = tmp_path / "devoir3.py"
    path.write_text(inserted("CHAIN = a" + ".b" * 400_000 + "\n"), encoding="utf-8")
    submission = load(path, "devoir3.py", limits=Limits(cpu_seconds=1))
    assert submission.problems[0].startswith("Le découpage de votre fichier en instructions a échoué")
    report = grade_submission(submission, Scheme.load(ROOT))
    assert report.score == 65


def test_digest_is_the_uploaded_bytes(tmp_path: Path) -> None:
    """Hidden cases are seeded from the whole file (docs/seeding.md): a comment changes the draw."""
    import hashlib

    path = tmp_path / "devoir3.py"
    path.write_bytes(b"x = 1  # commentaire\n")
    first = load(path, "devoir3.py").digest
    assert first == hashlib.sha256(b"x = 1  # commentaire\n").digest()
    path.write_bytes(b"x = 1  # autre\n")
    assert load(path, "devoir3.py").digest != first


def test_imports_are_found_wherever_they_are() -> None:
    text = ("import os, numpy.linalg as la\nfrom scipy.special import expit\nfrom . import voisin\n"
            "def f():\n    import pandas\n    if True: import torch; import json\n    return 1\n")
    assert pieces.cut_module(text)["imports"] == ["json", "numpy", "os", "pandas", "scipy", "torch"]
    assert pieces.third_party(["json", "numpy", "os", "pandas", "scipy"], ("numpy",)) == ["pandas", "scipy"]


def test_no_pass_through_the_judges_own_parser_even_in_grouped_chunks(tmp_path: Path) -> None:
    """Past MAX_CHUNKS statements the child splits a group by tokens; a hard statement there costs only itself."""
    from autograder.sandbox.host import Sandbox
    from autograder.submission import MAX_CHUNKS

    statements = [f"v{i} = {i}\n" for i in range(3 * MAX_CHUNKS)]
    statements[1] = "v1 = " + " + ".join(["1"] * 3000) + "\n"
    path = tmp_path / "devoir3.py"
    path.write_text("".join(statements) + "def f():\n    return v2 + v0\n", encoding="utf-8")
    submission = load(path, "devoir3.py")
    assert len(submission.problems) == 1 and "ligne 2" in submission.problems[0]
    with Sandbox(submission.chunks) as sandbox:
        assert sandbox.call("f") == 2 and sandbox.load_errors == {}
    assert os.path.exists(path)


@pytest.mark.parametrize("text", [
    REFERENCE,
    "@decorator\n@other(1)\ndef f():\n    pass\n\nclass A:\n    x = 1\n\n    def g(self):\n        return 2\n",
    "a = 1; b = 2\nif a:\n    c = 3\nelif b:\n    c = 4\nelse:\n    c = 5\n# fin\n",
    "try:\n    import scipy\nexcept ImportError:\n    pass\nfinally:\n    x = (1,\n         2)\n",
    "x = '''\nà la colonne 0\n'''\ny = f\"{x!r}\"\nfrom os import path as p, sep\nimport a.b as c, d\n",
    "match x:\n    case 1:\n        y = 2\n    case _:\n        y = 3\nz = [\n]\n",
])
def test_the_syntax_tree_and_the_tokenizer_cut_alike(text: str) -> None:
    """Small windows are cut by their syntax tree, large ones by the tokenizer: both give the same statements."""
    lines = pieces.python_lines(text)
    by_tokens: set[str] = set()
    by_tree: set[str] = set()
    assert pieces.top_level_spans(lines, by_tokens) == pieces.tree_spans(lines, ast.parse(text), by_tree)
    assert by_tokens == by_tree


GOOD_MODULE = {"event": "cut", "spans": {"__ndarray__": ["<i4", [1, 2], "AQAAAAIAAAA="]}, "errors": [], "more": 0,
               "stopped": 0, "imports": ["numpy"]}


@pytest.mark.parametrize("change", [
    {"extra": 1},
    {"spans": [[1, 2]]},                                               # not an int32 array
    {"spans": {"__ndarray__": ["<f8", [1, 2], "AAAAAAAA8D8AAAAAAAAAQA=="]}},
    {"errors": [[1, 2, 3]]},
    {"errors": [[1, 2, 3, "x" * 201]]},
    {"errors": [[1, 2, True, "x"]]},
    {"more": -1},
    {"imports": ["numpy; rm"]},
    {"imports": ["a" * 101]},
    {"event": "loaded"},
])
def test_a_cut_reply_outside_the_protocol_is_refused(change: dict) -> None:
    from autograder.sandbox import codec

    assert host.checked_cut(GOOD_MODULE, "module")["spans"] == [(1, 2)]
    with pytest.raises(codec.CodecError):
        host.checked_cut({**GOOD_MODULE, **change}, "module")
    with pytest.raises(codec.CodecError):
        host.checked_cut(GOOD_MODULE, "notebook")
