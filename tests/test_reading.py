"""Reading a file is exact on honest text, linear on any text, and writing results cannot fail on what it holds."""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path

import pytest

from autograder import pieces
from autograder.pieces import compile_piece, module_statements, notebook_cells
from autograder.results import to_results, write_atomically
from autograder.runner import Outcome, Report, capped_notes, unreadable
from autograder.sandbox.host import Sandbox, StudentError
from autograder.scheme import Scheme
from autograder.submission import MAX_CHUNKS, SubmissionError, find, load, module_chunks

REFERENCE = Path(__file__).resolve().parents[1] / "solutions" / "devoir3.py"


def run(pieces: list[tuple[int, str]], filename: str = "devoir3.py") -> dict:
    """Execute pieces one by one, as the sandbox does, each compiled at its own line."""
    namespace: dict = {}
    for line, source in pieces:
        exec(compile_piece(source, filename, line), namespace)
    return namespace


# Python's own line model -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("odd", ["\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_only_python_line_ends_cut_a_file(odd: str) -> None:
    text = f"x = 1\n\x0c\n# un commentaire {odd} collé\ndef f():\n    return 'a{odd}b'\n"
    pieces, notes = module_statements(text)
    assert notes == [] and [line for line, _ in pieces] == [1, 4]
    assert run(pieces)["f"]() == f"a{odd}b"


def test_crlf_and_cr_end_lines_as_in_python() -> None:
    pieces, notes = module_statements("x = 1\r\ny = '''a\r\nb'''\rz = 3\r\n")
    assert notes == [] and [line for line, _ in pieces] == [1, 2, 4]
    assert run(pieces)["y"] == "a\nb"


def test_statements_sharing_a_line_run_once() -> None:
    pieces, _ = module_statements("a = 1; a += 1\nb = a\n")
    assert run(pieces)["b"] == 2


def test_tracebacks_and_syntax_errors_name_the_files_own_lines() -> None:
    text = "import math\n\n\ndef f(x):\n    y = 1\n    return 1 / x\n\nreturn 3\n"
    pieces, notes = module_statements(text)
    namespace: dict = {}
    exec(compile_piece(pieces[0][1], "devoir3.py", pieces[0][0]), namespace)
    exec(compile_piece(pieces[1][1], "devoir3.py", pieces[1][0]), namespace)
    with pytest.raises(ZeroDivisionError) as caught:
        namespace["f"](0)
    assert traceback.extract_tb(caught.value.__traceback__)[-1].lineno == 6
    assert len(pieces) == 2 and notes == ["Lignes 8 à 9 ignorées : erreur de syntaxe ('return' outside function, "
                                          "ligne 8)."]  # each statement is compiled when the file is cut
    with pytest.raises(SyntaxError) as error:
        compile_piece("y = 1\nreturn 3\n", "devoir3.py", 7)
    assert error.value.lineno == 8


# Linear, bounded -----------------------------------------------------------------------------------------------------

def test_pieces_are_not_padded() -> None:
    text = "x = 1\n" * 50_000
    pieces, _ = module_statements(text)
    assert len(pieces) == 50_000 and sum(len(source) for _, source in pieces) == len(text)


@pytest.mark.parametrize("prefix", ["def broken(x:\n" * 1800, "x = = 1\n" * 3000, '"""\n' * 3001, "(\n" * 2000,
                                    "-" * 200_000 + "1\n"])
def test_syntax_recovery_is_fast_and_keeps_the_rest(prefix: str) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    started = time.process_time()
    pieces, notes = module_statements(prefix + reference)
    assert time.process_time() - started < 5
    assert len(notes) <= 22
    assert {"def sign(x):" in s for _, s in pieces} == {True, False}


def test_hopeless_text_costs_a_bounded_time() -> None:
    started = time.process_time()
    found, notes = module_statements("(\n" * 200_000 + "[\n" * 200_000)
    assert time.process_time() - started < 5 and not found and notes[-1].startswith("… et")


def test_recovery_has_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "BUDGET_FLOOR", 0)
    monkeypatch.setattr(pieces, "BUDGET_FACTOR", 2)
    found, notes = module_statements("x = = 1\n" * 100 + "y = 1\n" * 100)
    assert not found and notes[-1].startswith("Trop d'erreurs de syntaxe : la suite du fichier, à partir de la ligne")


def test_a_syntax_error_keeps_the_statements_around_it_and_a_long_docstring() -> None:
    docstring = 'x = """\n' + "ligne à la colonne 0\n" * 10_000 + '"""\n'
    pieces, notes = module_statements("def ok():\n    return 1\n\ndef bad(:\n    pass\n\n" + docstring + "y = x\n")
    namespace = run(pieces)
    assert namespace["ok"]() == 1 and namespace["y"].count("\n") == 10_001 and "bad" not in namespace
    assert len(notes) == 1 and "ligne 4" in notes[0]


def test_many_statements_share_chunks_with_the_files_line_numbers() -> None:
    text = "".join(f"v{i} = {i}\n\n" for i in range(3 * MAX_CHUNKS - 1)) + "def f():\n    raise ValueError\n"
    pieces, _ = module_statements(text)
    chunks = module_chunks(pieces, "devoir3.py")
    assert len(chunks) <= MAX_CHUNKS and "".join(c.source for c in chunks).count("v") == 3 * MAX_CHUNKS - 1
    assert chunks[0].label == "les instructions des lignes 1 à 5"
    namespace: dict = {}
    for chunk in chunks:
        exec(compile_piece(chunk.source, chunk.filename, chunk.line), namespace)
    with pytest.raises(ValueError) as caught:
        namespace["f"]()
    assert traceback.extract_tb(caught.value.__traceback__)[-1].lineno == 2 * (3 * MAX_CHUNKS - 1) + 2


# Only regular files, from inside the upload --------------------------------------------------------------------------

def test_a_link_is_never_followed(tmp_path: Path) -> None:
    (tmp_path / "devoir3.py").symlink_to(REFERENCE)
    with pytest.raises(SubmissionError, match="devoir3.py est un lien symbolique"):
        find(tmp_path, "devoir3.py")
    with pytest.raises(SubmissionError, match="lien symbolique"):
        load(tmp_path / "devoir3.py", "devoir3.py")


def test_a_linked_folder_is_not_entered_and_a_pipe_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "dossier").symlink_to(REFERENCE.parent)
    with pytest.raises(SubmissionError, match="Aucun fichier"):
        find(tmp_path, "devoir3.py")
    os.mkfifo(tmp_path / "devoir3.py")
    with pytest.raises(SubmissionError, match="lien symbolique"):
        find(tmp_path, "devoir3.py")
    with pytest.raises(SubmissionError, match="pas un fichier ordinaire"):
        load(tmp_path / "devoir3.py", "devoir3.py")


def test_a_file_name_that_is_not_utf8_is_shown_readably(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"devoir3\xff.py")
    path.write_text("x = 1\n")
    found, notes = find(tmp_path, "devoir3.py")
    assert found == path and "devoir3\ufffd.py" in notes[0]
    notes[0].encode("utf-8")


# The notebook reader is total ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '{"cells": [{"cell_type": "code", "source": ["x = 1", 2]}]}',
    '{"cells": [{"cell_type": "code", "source": {"a": 1}}]}',
    '{"cells": {"cell_type": "code"}}',
    '{"cells": 3}',
    '[1, 2]',
    '{"metadata": ' + '[' * 100_000 + ']' * 100_000 + ', "cells": []}',
    'pas du json',
])
def test_what_is_not_a_notebook_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(text)
    with pytest.raises(SubmissionError, match="pas un notebook Jupyter lisible"):
        load(path, "devoir3.py")


def test_notebook_cells_follow_python_lines_and_skip_what_is_not_a_cell() -> None:
    text = json.dumps({"cells": [1, None, "x", {"cell_type": "markdown", "source": "# titre"},
                                 {"cell_type": "code", "source": ["%time y = 1  # a\u2028b\n", "z = 2\r\n", "w = 3"]}]})
    assert notebook_cells(text) == [(1, "y = 1  # a\u2028b\nz = 2\nw = 3")]  # IPython's %time runs its statement


# Results: always written, small ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return Scheme.load(Path(__file__).resolve().parents[1])


def test_results_with_lone_surrogates_are_written(scheme: Scheme, tmp_path: Path) -> None:
    report = unreadable(scheme, "devoir3\udcff.py : \ud800")
    report.outcomes[0] = Outcome(report.outcomes[0].case, 0.0, "failed", "ValueError: \udfff")
    report.printed = "affiché \ud800"
    write_atomically(to_results(report), tmp_path / "results.json")
    assert "\ufffd" in (tmp_path / "results.json").read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["results.json"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_atomically({"score": float("nan")}, tmp_path / "results.json")
    assert os.listdir(tmp_path) == []


def test_notes_and_texts_are_capped(scheme: Scheme, tmp_path: Path) -> None:
    report = Report(scheme, unreadable(scheme, "x").outcomes,
                    capped_notes([f"l'instruction de la ligne {i} : ValueError " + "x" * 2000 for i in range(3000)]),
                    printed="y" * 10**6)
    write_atomically(to_results(report), tmp_path / "results.json")
    assert (tmp_path / "results.json").stat().st_size < 200_000
    assert "2970 remarque(s) de plus" in json.loads((tmp_path / "results.json").read_text())["output"]


def test_the_sandbox_reports_the_files_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text("import numpy as np\n" + "\n" * 8 + "def f(x):\n    return 1 / x\n\n\nint('non')\n")
    with Sandbox(load(path, "devoir3.py").chunks) as sandbox:
        with pytest.raises(StudentError, match=r"ZeroDivisionError.*\(ligne 11\)"):
            sandbox.call("f", 0)
        assert "(ligne 14)" in next(iter(sandbox.load_errors.values()))


def test_a_statement_that_raises_in_a_shared_chunk_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    statements = [f"v{i} = {i}\n" for i in range(3 * MAX_CHUNKS)]
    statements[1] = "v1 = 1 / 0\n"
    path.write_text("".join(statements) + "def f():\n    return v2 + v0\n")
    submission = load(path, "devoir3.py")
    assert submission.chunks[0].group and submission.chunks[0].label.startswith("les instructions")
    with Sandbox(submission.chunks) as sandbox:
        assert sandbox.call("f") == 2
        assert "ZeroDivisionError" in sandbox.load_errors[0] and "(ligne 2)" in sandbox.load_errors[0]
