"""Reading submissions: .py files cut into statements, notebooks into cells, bad files refused clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.submission import SubmissionError, find, load


def notebook(*cells: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c} for c in cells]})


def test_a_module_is_cut_into_top_level_statements_keeping_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("import numpy as np\n\n@staticmethod\ndef f(x):\n    return x\n\ny = 1\n")
    chunks = load(path, "devoir3.py").chunks
    assert [c.source for c in chunks] == ["import numpy as np\n", "@staticmethod\ndef f(x):\n    return x\n", "y = 1\n"]
    assert [c.label for c in chunks] == [f"l'instruction de la ligne {n}" for n in (1, 3, 7)]


def test_a_syntax_error_costs_only_its_block(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("def good(x):\n    return x\n\ndef bad(x:\n    return x\n\ndef later(x):\n    if x:\n        return 1\n    else:\n        return 2\n")
    submission = load(path, "devoir3.py")
    defined = "".join(c.source for c in submission.chunks)
    assert "def good" in defined and "def later" in defined and "def bad" not in defined
    assert any("ligne 4" in p for p in submission.problems)


def test_notebook_cells_run_in_order_with_magics_skipped(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(notebook("%matplotlib inline\nimport numpy as np", "!pip install x\nfiles = !ls\ndef f(x):\n    return x",
                             "%%bash\necho hi", "?np.exp\nimport otter\ngrader = otter.Notebook('devoir3.ipynb')",
                             "grader.check('1a')"))
    chunks = load(path, "devoir3.py").chunks
    assert [c.label for c in chunks] == ["la cellule de code 1", "la cellule de code 2", "la cellule de code 4",
                                         "la cellule de code 5"]
    assert all("otter" not in c.source.split("#")[0] and "grader." not in c.source.split("#")[0] for c in chunks)
    compile(chunks[1].source, "cell", "exec")
    assert "pip install" not in chunks[1].source.split("#")[0]


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02", "binaire"),
    (b"\xff\xfe\xfa x = 1", "UTF-8"),
])
def test_unreadable_files_are_refused_in_french(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "devoir3.py"
    path.write_bytes(content)
    with pytest.raises(SubmissionError, match=message):
        load(path, "devoir3.py")


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("")
    assert load(path, "devoir3.py").problems == ["devoir3.py est vide : aucune fonction à corriger."]


def test_finding_the_file_to_grade(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="Aucun fichier devoir3.py"):
        find(tmp_path, "devoir3.py")
    (tmp_path / "mon_devoir.py").write_text("x = 1")
    path, notes = find(tmp_path, "devoir3.py")
    assert path.name == "mon_devoir.py" and "au lieu de devoir3.py" in notes[0]
    (tmp_path / "autre.py").write_text("x = 1")
    with pytest.raises(SubmissionError, match="Plusieurs fichiers"):
        find(tmp_path, "devoir3.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "devoir3.ipynb").write_text(notebook("x = 1"))
    assert find(tmp_path, "devoir3.py")[0].name == "devoir3.ipynb"
    (tmp_path / "devoir3.py").write_text("x = 1")
    path, notes = find(tmp_path, "devoir3.py")
    assert path.name == "devoir3.py" and "ignorés" in notes[0]


def test_a_failed_call_names_the_students_line_in_results_json(tmp_path: Path) -> None:
    from autograder.results import to_results
    from autograder.runner import grade_path
    from autograder.scheme import Scheme

    root = Path(__file__).resolve().parents[1]
    source = (root / "solutions" / "devoir3.py").read_text(encoding="utf-8") + \
        "\n\ndef sign(x):\n    y = 2\n    raise ValueError('oups')\n"
    path = tmp_path / "devoir3.py"
    path.write_text(source, encoding="utf-8")
    results = to_results(grade_path(path, Scheme.load(root)))
    outputs = [t["output"] for t in results["tests"] if t["name"].startswith("1a ")]
    assert outputs and all(f"ValueError: oups (ligne {source.count(chr(10))})" in o for o in outputs), outputs


def test_a_notebook_may_be_large_but_a_module_may_not(tmp_path: Path) -> None:
    from autograder.submission import MAX_BYTES

    big = tmp_path / "devoir3.ipynb"
    outputs = [{"output_type": "stream", "name": "stdout", "text": "x" * (3 * MAX_BYTES)}]
    big.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": outputs, "source": "x = 1"}]}))
    assert [c.source for c in load(big, "devoir3.py").chunks] == ["x = 1"]
    module = tmp_path / "devoir3.py"
    module.write_text("x = 1\n" + "#" * MAX_BYTES)
    with pytest.raises(SubmissionError, match="fait plus de 2 Mo"):
        load(module, "devoir3.py")
