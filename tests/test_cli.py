"""The instructor's command line: every bad input is one English line and a non-zero exit code, before
anything starts; a traceback only with --debug."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import classroom, cli
from autograder.scheme import ROOT

REFERENCE = ROOT / "solutions" / "devoir3.py"
FIXTURE = ROOT / "tests" / "fixture"
HEADER = "Assignment: IFT 6390A — Devoir 3, partie théorique (.)\n"  # run from the repository root


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str, *words: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("python -m autograder: error: ") and "Traceback" not in err
    for word in words:
        assert word in err, err


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """One of each bad input, and a folder that holds no devoir3 file."""
    files = {
        "text.txt": b"def sign(x):\n    return 1\n",
        "empty.py": b"",
        "blank.py": b"\n  \n",
        "binary.py": b"\x7fELF\x02\x01\x01\x00" * 32,
        "latin1.py": "x = 'é'\n".encode("latin-1"),
        "broken.ipynb": b'{"cells": [',
        "not_a_notebook.ipynb": b'{"nbformat": 4}',
        "no_code.ipynb": b'{"cells": [{"cell_type": "markdown", "source": "# Devoir"}]}',
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    paths["folder"] = tmp_path / "folder"
    paths["folder"].mkdir()
    (paths["folder"] / "notes.md").write_text("nothing to grade", encoding="utf-8")
    return paths


@pytest.mark.parametrize("name, words", [
    ("text.txt", ["not a .py file or a .ipynb notebook"]),
    ("empty.py", ["empty"]),
    ("blank.py", ["empty"]),
    ("binary.py", ["binary"]),
    ("latin1.py", ["UTF-8"]),
    ("broken.ipynb", ["not a readable Jupyter notebook"]),
    ("not_a_notebook.ipynb", ["not a readable Jupyter notebook"]),
    ("no_code.ipynb", ["without code cells"]),
    ("folder", ["neither devoir3.py nor devoir3.ipynb"]),
])
def test_grade_refuses_a_bad_file(capsys: pytest.CaptureFixture[str], inputs: dict[str, Path], name: str,
                                  words: list[str]) -> None:
    code, out, err = run_main(capsys, "grade", str(inputs[name]))
    assert code == 2 and out == HEADER
    assert_one_line(err, *words)


def test_grade_refuses_a_missing_path_before_starting_anything(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", "/x/nonexistent.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and run.stdout == HEADER
    assert_one_line(run.stderr, "/x/nonexistent.py: no such file or folder")


def test_grade_takes_a_folder_holding_devoir3(tmp_path: Path) -> None:
    (tmp_path / "devoir3.py").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "helper.py").write_text("x = 1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path), "--json",
                          str(tmp_path / "out" / "results.json")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Total : 65 / 65" in run.stdout and "Traceback" not in run.stderr
    assert json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["score"] == 65


@pytest.mark.parametrize("inside", ["devoir3/devoir3.py", "devoir3 (1).py"])
def test_grade_takes_a_folder_as_gradescope_does(tmp_path: Path, inside: str) -> None:
    """A nested or misnamed file: graded, as run_autograder grades it, with the same note."""
    (tmp_path / inside).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / inside).write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Total : 65 / 65" in run.stdout
    if " " in inside:
        assert "devoir3 (1).py" in run.stderr  # the note that it was graded although misnamed


@pytest.mark.parametrize("where, words", [("folder", ["is a folder"]), ("under a file", ["is a file"])])
def test_grade_refuses_a_json_path_it_cannot_write(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   where: str, words: list[str]) -> None:
    (tmp_path / "devoir3.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "a_file").write_text("", encoding="utf-8")
    target = tmp_path if where == "folder" else tmp_path / "a_file" / "results.json"
    code, out, err = run_main(capsys, "grade", str(tmp_path / "devoir3.py"), "--json", str(target))
    assert code == 2 and out == HEADER
    assert_one_line(err, *words)


@pytest.mark.parametrize("argv, words", [
    (["grade-all", "{tmp}/missing", "--out", "{tmp}/out"], ["no such file or folder"]),
    (["grade-all", "{tmp}/class", "--out", "{tmp}/a_file"], ["is a file, expected a folder"]),
    (["grade-all", "{tmp}/a_file", "--out", "{tmp}/out"], ["neither a folder nor a zip"]),
    (["grade-all", "{tmp}/empty", "--out", "{tmp}/out"], ["no submission folder"]),
    (["grade-all", "{tmp}/class", "--out", "{tmp}/out", "--workers", "-1"], ["--workers", "0 (every core) or more"]),
    (["grade-all", "{tmp}/class", "--out", "{tmp}/out", "--workers", "two"], ["--workers", "whole number"]),
    (["grade-all", "{tmp}/class"], ["--out"]),
    (["grade"], ["path"]),
    (["gradescope", "--root", "{tmp}/missing"], ["--root", "no such folder"]),
    (["--assignment", "{tmp}/missing", "build"], ["--assignment", "no grading.yaml"]),
    (["build", "--assignment", "{tmp}/empty"], ["--assignment", "no grading.yaml"]),
    (["build", "--dist", "{tmp}/a_file"], ["is a file, expected a folder"]),
    (["--assignment", "{tmp}/broken", "build"], ["grading.yaml:", ": part 1: the questions of part 1 do not add up"]),
    (["new", "{tmp}/class", "--title", "Devoir"], ["exists and is not an empty folder"]),
    (["new", "{tmp}/fresh", "--title", "  "], ["title"]),
    (["new", "{tmp}/fresh", "--title", "Devoir", "--language", "de"], ["--language", "fr, en"]),
    (["new", "{tmp}/fresh"], ["--title"]),
    (["regrade", "x"], ["invalid choice: 'regrade'"]),
    ([], ["COMMAND"]),
])
def test_bad_command_lines_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str],
                                        words: list[str]) -> None:
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (tmp_path / "a_file").write_text("", encoding="utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "grading.yaml").write_text(
        (ROOT / "grading.yaml").read_text(encoding="utf-8").replace("points: 20}", "points: 21}", 1), encoding="utf-8")
    code, out, err = run_main(capsys, *[arg.format(tmp=tmp_path) for arg in argv])
    assert code == 2 and out in ("", HEADER)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    assert not (tmp_path / "out").exists() and not (tmp_path / "fresh").exists()


def test_an_unexpected_failure_is_one_line_unless_debug(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(classroom, "grade_all", broken)
    code, _, err = run_main(capsys, "grade-all", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1 and err.count("\n") == 1
    assert "RuntimeError: disk on fire" in err and "--debug" in err and "Traceback" not in err
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main(["grade-all", str(tmp_path), "--out", str(tmp_path / "out"), "--debug"])


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_help_is_plain_text_and_every_argument_is_explained() -> None:
    texts = [cli.parser().format_help()] + [p.format_help() for p in subcommands().values()]
    assert not [text for text in texts if "``" in text or ":class:" in text]
    for name, sub in subcommands().items():
        for action in sub._actions:
            assert action.help, f"{name}: {action.dest} has no help"


def test_every_command_finds_the_nearest_assignment_and_names_it(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """From a folder inside an assignment, a command uses that assignment (not the repository's, above it),
    and says so on its first line; ``--assignment`` overrides."""
    monkeypatch.chdir(FIXTURE / "tests" / "grading")
    code, out, _ = run_main(capsys, "grade", "../../solutions/fixture.py")
    assert code == 0
    assert out.splitlines()[0] == "Assignment: Engine fixture — vectors and probabilities (../..)"
    assert "Total: 5 / 5" in out
    monkeypatch.chdir(FIXTURE)
    code, out, err = run_main(capsys, "grade", "--assignment", str(ROOT), str(REFERENCE))
    assert code == 0, err
    assert out.splitlines()[0] == f"Assignment: IFT 6390A — Devoir 3, partie théorique ({Path('..', '..')})"


def test_the_gradescope_command_names_its_assignment_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """run_autograder's stdout (the instructor's) starts with the assignment it graded against."""
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "fixture.py").write_bytes((FIXTURE / "solutions" / "fixture.py").read_bytes())
    code, out, err = run_main(capsys, "--assignment", str(FIXTURE), "gradescope", "--root", str(tmp_path))
    assert code == 0, err
    assert out.splitlines()[0].startswith("Assignment: Engine fixture — vectors and probabilities (")
    assert out.splitlines()[-1] == "5.0"


def test_outside_any_assignment_a_command_says_where_it_looked(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(capsys, "build")
    assert code == 2 and out == ""
    assert_one_line(err, f"no grading.yaml in {tmp_path} or any folder above it", "--assignment")


def test_mutate_help_names_no_assignment() -> None:
    text = subcommands()["mutate"].format_help()
    assert "1, 2, 3" not in text and "part number" in text


def test_grade_stops_on_a_broken_case_module_naming_its_line(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    """Not "the result could not be checked" for every case: the author's mistake, where it is, exit 2."""
    import shutil

    copy = tmp_path / "fixture"
    shutil.copytree(FIXTURE, copy, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    cases = copy / "tests" / "grading" / "hidden_2.py"
    cases.write_text(cases.read_text(encoding="utf-8").replace("def expectation_hidden(t: Trial) -> None:",
                                                               "def expectation_hidden(t: Trial) -> None", 1),
                     encoding="utf-8")
    line = next(n for n, text in enumerate(cases.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("def expectation_hidden"))
    code, out, err = run_main(capsys, "--assignment", str(copy), "grade", str(copy / "solutions" / "fixture.py"))
    assert code == 2 and "Total" not in out
    assert err.endswith(f"hidden_2.py:{line}: syntax error: expected ':'\n"), err
