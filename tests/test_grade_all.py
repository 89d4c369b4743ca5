"""Grading a class: a folder of submissions and a Gradescope export zip; interrupting and resuming; bounded
extraction; every entry accounted for; the report an instructor reads; what a regrade changes."""

from __future__ import annotations

import csv
import html
import importlib.util
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from autograder import classroom, package
from autograder.report import (Skipped, bins, cell, granularity, point_biserial, text_width, ticks, write_csv,
                               write_report)
from autograder.scheme import ROOT, Case, Part, Question, Scheme
from tests.mutants.part1 import MUTANTS

SCHEME = Scheme.load(ROOT)
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
STUB = (ROOT / "student_template" / "devoir3.py").read_text(encoding="utf-8")
COLUMNS = (["submission_id", "name", "email"] + [q.id for q in SCHEME.questions]
           + [f"part_{p.number}" for p in SCHEME.parts] + ["total", "status", "reason", "notes"])
WITH_SIDS = COLUMNS[:2] + ["student_id"] + COLUMNS[2:]
MUTANT = MUTANTS[0]
WARMUP = ROOT / "examples" / "echauffement"

METADATA = """\
---
submission_101:
  :submitters:
  - :name: Élodie Tremblay
    :sid: '20001234'
    :email: elodie.tremblay@umontreal.ca
  :created_at: 2024-11-20 14:03:11.123456000 -05:00
  :score: !ruby/object:BigDecimal 18:0.65e2
  :status: processed
submission_7:
  :submitters:
  - :name: Jean Roy
    :email: jean.roy@umontreal.ca
  - :name: Ana Silva
    :email: ana.silva@umontreal.ca
  :created_at: 2024-11-21 09:00:00.000000000 -05:00
submission_9:
  :submitters:
  - :name: '=HYPERLINK("http://x")'
    :email: "@SUM(A1)"
submission_55:
  submitters:
  - name: Sans Fichier
    email: sans.fichier@umontreal.ca
"""


def read_rows(path: Path, columns: list[str] = COLUMNS) -> list[dict[str, str]]:
    """The rows of grades.csv, which starts with a UTF-8 byte-order mark for spreadsheets."""
    assert path.read_bytes().startswith("\ufeff".encode("utf-8"))
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        assert reader.fieldnames == columns
        return list(reader)


def check_results(folder: Path, ids: list[str]) -> None:
    """One Gradescope results file per submission, valid JSON with a list of tests."""
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(ids)
    for sid in ids:
        results = json.loads((folder / f"{sid}.json").read_text(encoding="utf-8"))
        assert isinstance(results["tests"], list) and results["tests"]
        assert 0 <= results["score"] <= SCHEME.total


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    sources = {
        "reference": REFERENCE,
        "stub": STUB,
        "syntax_error": REFERENCE.replace("def sign(x):", "def sign(x)", 1),
        "loops_at_import": "while True:\n    pass\n" + REFERENCE,
        "mutant": MUTANT.apply(REFERENCE),
        "raises_surrogate": 'raise ValueError("\\ud800 at import")\n' + REFERENCE,
        "empty": "",
    }
    for name, source in sources.items():
        (folder / name).mkdir()
        (folder / name / "devoir3.py").write_text(source, encoding="utf-8")
    (folder / "binary").mkdir()
    (folder / "binary" / "devoir3.py").write_bytes(b"\x7fELF\x02\x01\x00\x00" * 64)
    (folder / "bad_notebook").mkdir()
    (folder / "bad_notebook" / "devoir3.ipynb").write_text('{"cells": [', encoding="utf-8")
    odd = folder / os.fsdecode(b"non_utf8_\xff")  # a folder name that is not UTF-8
    odd.mkdir()
    (odd / os.fsdecode(b"devoir3\xff.py")).write_text(REFERENCE, encoding="utf-8")
    (folder / "misnamed").mkdir()
    (folder / "misnamed" / "devoir3.py.txt").write_text(REFERENCE, encoding="utf-8")
    (folder / "misnamed" / "rapport.pdf").write_bytes(b"%PDF")
    (folder / "loose.py").write_text(REFERENCE, encoding="utf-8")
    (folder / "notes.txt").write_text("à corriger", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


ODD_ID = os.fsdecode(b"non_utf8_\xff")
IDS = ["reference", "stub", "syntax_error", "loops_at_import", "mutant", "raises_surrogate", "empty", "binary",
       "bad_notebook", ODD_ID, "misnamed"]


@pytest.fixture(scope="module")
def graded_folder(class_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert classroom.grade_all(class_folder, out, workers=0, root=ROOT) == 0
    return out


def test_folder_rows_and_columns(graded_folder: Path) -> None:
    rows = {row["submission_id"]: row for row in read_rows(graded_folder / "grades.csv")}
    assert list(rows) == sorted(rows, key=classroom.natural_key)
    assert set(rows) == {"reference", "stub", "syntax_error", "loops_at_import", "mutant", "raises_surrogate",
                         "empty", "binary", "bad_notebook", "non_utf8_\\xff", "misnamed"}
    assert rows["reference"]["total"] == "65" and rows["reference"]["status"] == "ok"
    assert rows["stub"]["total"] == "0" and rows["stub"]["status"] == "ok" and not rows["stub"]["reason"]
    for qid in ("1a", "2a", "3d"):
        assert rows["reference"][qid] == f"{SCHEME.question(qid).points:g}"
    assert float(rows["reference"]["part_2"]) == 35
    # A syntax error in sign costs question 1a only; so does the mutant of sign.
    for name in ("syntax_error", "mutant"):
        assert rows[name]["1a"] == "0" and float(rows[name]["total"]) == 64, rows[name]
    assert "syntaxe" in rows["syntax_error"]["notes"]
    assert rows["mutant"]["status"] == "ok"
    # An infinite loop at import costs the statement that loops, nothing else.
    assert float(rows["loops_at_import"]["total"]) == 65 and rows["loops_at_import"]["notes"]


def test_each_row_says_what_happened_and_why(graded_folder: Path) -> None:
    rows = {row["submission_id"]: row for row in read_rows(graded_folder / "grades.csv")}
    for name, word in [("syntax_error", "syntaxe"), ("loops_at_import", "ligne 1"),
                       ("raises_surrogate", "ValueError")]:
        assert rows[name]["status"] == "partly_read" and word in rows[name]["reason"], rows[name]
    for name, word in [("empty", "vide"), ("binary", "binaire"), ("bad_notebook", "notebook")]:
        assert rows[name]["status"] == "unreadable" and word in rows[name]["reason"], rows[name]
        assert rows[name]["total"] == "0"
    # A lone surrogate (in an exception message, in a file or folder name) costs nothing.
    assert float(rows["raises_surrogate"]["total"]) == 65
    assert rows["non_utf8_\\xff"]["status"] == "ok" and rows["non_utf8_\\xff"]["total"] == "65"
    # A folder without the student file names what it holds instead.
    assert rows["misnamed"]["status"] == "unreadable"
    assert "«devoir3.py.txt»" in rows["misnamed"]["reason"] and "«rapport.pdf»" in rows["misnamed"]["reason"]


def test_every_entry_of_the_class_folder_is_graded_or_listed(graded_folder: Path) -> None:
    report = (graded_folder / "report.html").read_text(encoding="utf-8")
    section = report.split("Entrées du dossier de la classe non corrigées (3)")[1].split("<h2>")[0]
    assert re.search(r"<code>loose\.py</code> : fichier de code hors d'un dossier de remise : non corrigé", section)
    assert re.search(r"<code>notes\.txt</code> : fichier hors d'un dossier de remise", section)
    assert re.search(r"<code>\.DS_Store</code> : caché", section)


def test_the_report_is_french_and_lists_what_was_not_graded_normally(graded_folder: Path) -> None:
    report = (graded_folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in report and "rapport de correction" in report
    section = report.split("Remises qui n'ont pas été corrigées normalement (7)")[1].split("<h2>")[0]
    for name in ("syntax_error", "loops_at_import", "raises_surrogate", "empty", "binary", "bad_notebook",
                 "misnamed"):
        assert f'<td class="l">{name}</td>' in section
    assert "lue en partie" in section and "illisible" in section and "syntaxe" in section
    assert '<td class="l">reference</td>' not in section


def test_folder_report_and_results(graded_folder: Path) -> None:
    report = (graded_folder / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "<html" in report
    assert "src=" not in report and "href=" not in report and "@import" not in report  # self-contained
    assert len(re.findall(r"<script>", report)) == 1  # the sorting, inline
    check_results(graded_folder / "results", [classroom.safe_name(sid) for sid in IDS])


def test_results_are_as_readable_as_the_csv(graded_folder: Path) -> None:
    mode = (graded_folder / "grades.csv").stat().st_mode & 0o777
    assert mode & 0o044  # the umask of the test run lets others read
    for path in (graded_folder / "results").glob("*.json"):
        assert path.stat().st_mode & 0o777 == mode, path


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "assignment_123_export.zip"
    top = "assignment_123_export/"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(top + "submission_metadata.yml", METADATA)
        archive.writestr(top + "submission_101/devoir3.py", REFERENCE)
        archive.writestr(top + "submission_7/devoir3.py", STUB)
        archive.writestr(top + "submission_9/devoir3.py", STUB)
        archive.writestr(top + "submission_55/rapport.pdf", b"%PDF-1.4 not code")
        archive.writestr("../evil.py", "print('outside')")
    return path


def test_gradescope_export_twice_gives_the_same_files(export_zip: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert classroom.grade_all(export_zip, first, workers=2, root=ROOT) == 0
    assert classroom.grade_all(export_zip, second, workers=1, root=ROOT) == 0
    assert not (tmp_path / "evil.py").exists() and not (export_zip.parent.parent / "evil.py").exists()

    rows = read_rows(first / "grades.csv", WITH_SIDS)
    assert [row["submission_id"] for row in rows] == ["7", "9", "55", "101"]
    by_id = {row["submission_id"]: row for row in rows}
    assert by_id["101"]["name"] == "Élodie Tremblay" and by_id["101"]["student_id"] == "20001234"
    assert by_id["7"]["student_id"] == ""
    assert by_id["101"]["email"] == "elodie.tremblay@umontreal.ca"
    assert by_id["9"]["name"] == "'=HYPERLINK(\"http://x\")" and by_id["9"]["email"] == "'@SUM(A1)"  # not formulas
    assert by_id["101"]["total"] == "65"
    assert by_id["7"]["name"] == "Jean Roy; Ana Silva"
    assert by_id["7"]["email"] == "jean.roy@umontreal.ca; ana.silva@umontreal.ca"
    assert by_id["55"]["name"] == "Sans Fichier" and by_id["55"]["status"] == "unreadable"
    assert "Aucun fichier devoir3.py" in by_id["55"]["reason"] and "«rapport.pdf»" in by_id["55"]["reason"]
    check_results(first / "results", ["7", "9", "55", "101"])
    report = (first / "report.html").read_text(encoding="utf-8")
    assert "<th class=\"l\">Matricule</th>" in report and '<td class="l">20001234</td>' in report

    assert (first / "grades.csv").read_bytes() == (second / "grades.csv").read_bytes()
    untimed = lambda path: re.sub(r"Durée de la correction : [\d,]+ s", "", path.read_text(encoding="utf-8"))  # noqa: E731
    for path in (first / "results").glob("*.json"):  # the same but for the grading time shown after publication
        assert untimed(path) == untimed(second / "results" / path.name)
    strip = lambda text: "\n".join(line for line in text.splitlines() if "Écrit le" not in line)  # noqa: E731
    assert strip((first / "report.html").read_text(encoding="utf-8")) == \
        strip((second / "report.html").read_text(encoding="utf-8"))


def test_metadata_with_ruby_tags_and_symbols(tmp_path: Path) -> None:
    (tmp_path / "submission_metadata.yml").write_text(METADATA, encoding="utf-8")
    people, problems = classroom.read_metadata(tmp_path / "submission_metadata.yml")
    assert not problems
    assert people["submission_101"] == (["Élodie Tremblay"], ["elodie.tremblay@umontreal.ca"], ["20001234"])
    assert people["submission_55"] == (["Sans Fichier"], ["sans.fichier@umontreal.ca"], [])
    (tmp_path / "submission_metadata.yml").write_text(":\n  - [unbalanced", encoding="utf-8")
    people, problems = classroom.read_metadata(tmp_path / "submission_metadata.yml")
    assert people == {} and problems


@pytest.mark.parametrize("case", ["empty folder", "missing", "not a zip", "out is a file", "out under a file",
                                  "only loose files", "resume without a run", "compare without a run"])
def test_bad_inputs_are_refused_before_grading(tmp_path: Path, case: str) -> None:
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "devoir3.py").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    options = {"resume without a run": {"resume": True}, "compare without a run": {"compare": tmp_path / "class"}}
    path, out = {
        "empty folder": (tmp_path / "class" / "alice", tmp_path / "out"),
        "missing": (tmp_path / "missing", tmp_path / "out"),
        "not a zip": (tmp_path / "notes.txt", tmp_path / "out"),
        "out is a file": (tmp_path / "class", tmp_path / "notes.txt"),
        "out under a file": (tmp_path / "class", tmp_path / "notes.txt" / "out"),
        "only loose files": (tmp_path / "loose", tmp_path / "out"),
    }.get(case, (tmp_path / "class", tmp_path / "out"))
    with pytest.raises(classroom.BadInput) as refused:
        classroom.grade_all(path, out, root=ROOT, **options.get(case, {}))
    assert "\n" not in str(refused.value)
    if case == "only loose files":
        assert "devoir3.py" in str(refused.value) and "folder of its own" in str(refused.value)
    assert not (tmp_path / "out").exists()


def _dies_on_crash(folder: str) -> dict:
    """A stand-in for grade_one whose worker process dies on the folder named "crash"."""
    if Path(folder).name == "crash":
        os._exit(3)
    return {"status": "ok", "folder": Path(folder).name}


def test_a_submission_that_kills_its_worker_costs_only_its_row(tmp_path: Path) -> None:
    names = ["a", "crash", "b", "c"]
    entries = [classroom.Entry(name, tmp_path / name) for name in names]
    recorded = []
    outcomes = classroom._grade_everything(entries, 2, ROOT, _dies_on_crash, markers=tmp_path,
                                           record=lambda entry, row: recorded.append(entry.id))
    assert set(outcomes) == set(names) and sorted(recorded) == sorted(names)
    assert outcomes["crash"]["status"] == classroom.STATUS_GRADER_ERROR and outcomes["crash"]["reason"]
    assert outcomes["crash"]["results"]["score"] == 0
    for name in ("a", "b", "c"):
        assert outcomes[name] == {"status": "ok", "folder": name}


# ---------------------------------------------------------------------------
# A frozen copy of the warm-up: its version cannot change under a test
# ---------------------------------------------------------------------------


def warmup_copy(target: Path) -> tuple[Path, str]:
    """A copy of examples/echauffement (without dist/) and its reference source."""
    shutil.copytree(WARMUP, target, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    return target, (target / "solutions" / "echauffement.py").read_text(encoding="utf-8")


def warmup_mutants() -> list:
    spec = importlib.util.spec_from_file_location("warmup_mutants", WARMUP / "tests" / "mutants" / "part1.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS


def command(assignment: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "autograder", "--assignment", str(assignment), "grade-all", *args]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl_c", "sigterm"])
def test_ctrl_c_writes_what_was_graded_and_resume_grades_only_the_rest(tmp_path: Path, stop: int) -> None:
    assignment, reference = warmup_copy(tmp_path / "assignment")
    folder = tmp_path / "class"
    for index in range(30):  # each takes at least 0.3 s: the run is still going when it is interrupted
        (folder / f"s{index:02d}").mkdir(parents=True)
        (folder / f"s{index:02d}" / "echauffement.py").write_text(
            f"import time\ntime.sleep(0.3)\nSTUDENT = {index}\n" + reference, encoding="utf-8")
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    environment = {**os.environ, "TMPDIR": str(scratch)}
    run = subprocess.Popen(command(assignment, str(folder), "--out", str(out), "--workers", "2"), cwd=ROOT,
                           env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while len(list((out / "state").glob("*.json"))) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "finished before it could be interrupted"
    run.send_signal(stop)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130, err
    graded = sorted(p.stem for p in (out / "state").glob("*.json"))
    assert 3 <= len(graded) < 30
    rows = read_rows(out / "grades.csv", ["submission_id", "name", "email", "1a", "1b", "1c", "1d", "1e", "part_1",
                                          "total", "status", "reason", "notes"])
    assert sorted(row["submission_id"] for row in rows) == graded
    assert all(row["total"] == "10" for row in rows)
    assert f"{len(graded)} of 30 graded, {30 - len(graded)} missing" in err
    assert f"{30 - len(graded)} remise(s) pas encore corrigée(s)" in (out / "report.html").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (out / "results").glob("*.json")) == graded
    assert not list(scratch.iterdir()), "temporary files left behind"
    first = {name: (out / "state" / f"{name}.json").stat().st_mtime_ns for name in graded}

    resumed = subprocess.run(command(assignment, str(folder), "--out", str(out), "--resume"), cwd=ROOT,
                             env=environment, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"30 submission(s): {len(graded)} already graded in {out}, {30 - len(graded)} to grade" in resumed.stderr
    assert {name: (out / "state" / f"{name}.json").stat().st_mtime_ns for name in graded} == first  # not regraded
    rows = read_rows(out / "grades.csv", ["submission_id", "name", "email", "1a", "1b", "1c", "1d", "1e", "part_1",
                                          "total", "status", "reason", "notes"])
    assert [row["submission_id"] for row in rows] == [f"s{index:02d}" for index in range(30)]
    assert all(row["total"] == "10" for row in rows)
    assert not list(scratch.iterdir())


def test_a_killed_run_loses_only_what_was_in_flight(tmp_path: Path) -> None:
    assignment, reference = warmup_copy(tmp_path / "assignment")
    folder = tmp_path / "class"
    for index in range(12):
        (folder / f"s{index:02d}").mkdir(parents=True)
        (folder / f"s{index:02d}" / "echauffement.py").write_text(
            f"import time\ntime.sleep(0.3)\nSTUDENT = {index}\n" + reference, encoding="utf-8")
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()  # what a killed run cannot remove stays here, not in /tmp
    run = subprocess.Popen(command(assignment, str(folder), "--out", str(out), "--workers", "2"), cwd=ROOT,
                           env={**os.environ, "TMPDIR": str(scratch)}, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while len(list((out / "state").glob("*.json"))) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, with no chance to write anything more
    run.wait(timeout=60)
    kept = sorted(p.name for p in (out / "state").glob("*.json"))
    assert 3 <= len(kept) < 12
    for name in kept:  # whole files only, each with its results file
        assert json.loads((out / "state" / name).read_text(encoding="utf-8"))["row"]["total"] == 10
        assert json.loads((out / "results" / name).read_text(encoding="utf-8"))["score"] == 10
    resumed = subprocess.run(command(assignment, str(folder), "--out", str(out)), cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"12 submission(s): {len(kept)} already graded in {out}, {12 - len(kept)} to grade" in resumed.stderr
    assert sorted(os.listdir(out / "state")) == [f"s{index:02d}.json" for index in range(12)]  # no temporary file


def test_the_version_a_resume_compares_covers_data_files_and_the_grader_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading the grader or changing a data file regrades what was graded before, as a changed case does."""
    practical = tmp_path / "pratique"
    shutil.copytree(ROOT / "examples" / "pratique", practical, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "autograder", engine / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(package, "PACKAGE_PARENT", engine)
    scheme = Scheme.load(practical)
    first = classroom.assignment_version(practical, scheme)
    assert classroom.assignment_version(practical, scheme) == first
    hidden = practical / scheme.hidden_data[0]
    hidden.write_bytes(hidden.read_bytes() + b"\n")
    second = classroom.assignment_version(practical, scheme)
    assert second != first
    with (engine / "autograder" / "checking.py").open("a", encoding="utf-8") as checking:
        checking.write("\n# a newer grader\n")
    assert classroom.assignment_version(practical, scheme) not in (first, second)


def test_a_changed_submission_is_graded_again_and_compare_shows_what_a_changed_case_does(tmp_path: Path) -> None:
    assignment, reference = warmup_copy(tmp_path / "assignment")
    wrong_trace = next(m for m in warmup_mutants() if m.question == "1b")
    folder = tmp_path / "class"
    sources = {"right": reference, "wrong_trace": wrong_trace.apply(reference), "also_right": reference,
               "gone": reference}
    for name, source in sources.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "echauffement.py").write_text(source, encoding="utf-8")
    out, earlier = tmp_path / "out", tmp_path / "earlier"
    assert classroom.grade_all(folder, earlier, root=assignment, workers=2) == 0
    shutil.copytree(earlier, out)
    shutil.rmtree(folder / "gone")  # no longer in the export: listed, not silently dropped

    # The instructor breaks traces_hidden: every submission that passed it loses its point.
    cases = assignment / "tests" / "grading" / "hidden_1.py"
    cases.write_text(cases.read_text(encoding="utf-8") + "\n\ndef traces_hidden(t):\n    raise ValueError\n",
                     encoding="utf-8")
    (folder / "also_right" / "echauffement.py").write_text(reference + "\n# touched\n", encoding="utf-8")
    assert classroom.grade_all(folder, out, root=assignment, workers=2, compare=out) == 0  # out compared with itself
    with open(out / "changes.csv", encoding="utf-8-sig", newline="") as stream:
        changes = {row["submission_id"]: row for row in csv.DictReader(stream)}
    assert set(changes) == {"right", "also_right", "gone"}  # wrong_trace failed traces_hidden already
    for name in ("right", "also_right"):
        assert (changes[name]["before"], changes[name]["after"], changes[name]["change"]) == ("10", "9", "-1")
        assert changes[name]["cases_now_failed"] == "traces_hidden" and changes[name]["cases_now_passed"] == ""
    assert (changes["gone"]["before"], changes["gone"]["after"], changes["gone"]["change"]) == ("10", "", "")
    report = (out / "report.html").read_text(encoding="utf-8")
    section = report.split("Ce que la nouvelle correction change (3 remise(s))")[1].split("<h2>")[0]
    assert section.count('<tr class="change">') == 3 and "−traces_hidden" in section
    assert section.count("plus dans la classe") == 1

    # Unchanged files and assignment: nothing is graded again; a touched submission is.
    state = {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")}
    (folder / "also_right" / "echauffement.py").write_text(reference + "\n# touched again\n", encoding="utf-8")
    assert classroom.grade_all(folder, out, root=assignment, workers=1) == 0
    after = {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")}
    assert [name for name in state if state[name] != after[name]] == ["also_right.json"]


def test_a_class_of_one(tmp_path: Path) -> None:
    assignment, reference = warmup_copy(tmp_path / "assignment")
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "class" / "alice" / "echauffement.py").write_text(reference, encoding="utf-8")
    assert classroom.grade_all(tmp_path / "class", tmp_path / "out", root=assignment) == 0
    archive = tmp_path / "one.zip"
    with zipfile.ZipFile(archive, "w") as zipped:  # a zip of the class folder: its top folder is unwrapped
        zipped.writestr("class/alice/echauffement.py", reference)
    assert classroom.grade_all(archive, tmp_path / "zipped", root=assignment) == 0
    for out in (tmp_path / "out", tmp_path / "zipped"):
        with open(out / "grades.csv", encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert [(row["submission_id"], row["total"]) for row in rows] == [("alice", "10")]
        assert (out / "report.html").read_text(encoding="utf-8").count('<tr class="student">') == 1


def chain(top: Path, depth: int) -> None:
    """``depth`` nested folders under ``top``, made through descriptors (the path outgrows PATH_MAX)."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        deeper = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = deeper
    os.close(fd)


def unchain(top: Path) -> None:
    """Remove what :func:`chain` made, deepest first, without recursion (shutil.rmtree recurses)."""
    fds = [os.open(top, os.O_RDONLY | os.O_DIRECTORY)]
    while "d" in os.listdir(fds[-1]):
        fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
    os.close(fds.pop())
    while fds:
        os.rmdir("d", dir_fd=fds[-1])
        os.close(fds.pop())


def test_a_folder_chain_beside_the_file_costs_nothing(tmp_path: Path) -> None:
    """The student shapes the upload: a chain deeper than Python's recursion limit beside the file is walked
    (found, hashed, listed) within bounds, and the submission is graded as if it were not there."""
    assignment, reference = warmup_copy(tmp_path / "assignment")
    alice = tmp_path / "class" / "alice"
    alice.mkdir(parents=True)
    (alice / "echauffement.py").write_text(reference, encoding="utf-8")
    chain(alice, 1500)
    try:
        assert classroom.grade_all(tmp_path / "class", tmp_path / "out", root=assignment) == 0
        with open(tmp_path / "out" / "grades.csv", encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert [(row["submission_id"], row["total"], row["status"]) for row in rows] == [("alice", "10", "ok")]
    finally:
        unchain(alice)


# ---------------------------------------------------------------------------
# Export zips beyond the caps: refused in one line, nothing left on disk
# ---------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_in_one_line_with_nothing_left(tmp_path: Path) -> None:
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("submission_1/devoir3.py", b"\0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run([sys.executable, "-m", "autograder", "grade-all", str(bomb), "--out", str(tmp_path / "out")],
                          cwd=ROOT, env={**os.environ, "TMPDIR": str(scratch)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "zip bomb" in done.stderr and "devoir3.py" in done.stderr
    assert not list(scratch.iterdir()) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("limits, words", [
    (classroom.ZipLimits(entries=50), ["61 entries, more than 50"]),
    (classroom.ZipLimits(extracted=100_000), ["MB of code and metadata to extract"]),
    (classroom.ZipLimits(ratio=3.0, ratio_from=10_000), ["expands", "zip bomb"]),
])
def test_export_zips_beyond_each_cap_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 limits: classroom.ZipLimits, words: list[str]) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for index in range(60):
            zipped.writestr(f"submission_{index}/devoir3.py", ("x = 1\n" * 3000 if index == 0 else REFERENCE))
        zipped.writestr("submission_metadata.yml", METADATA)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(classroom.BadInput) as refused:
        classroom.grade_all(archive, tmp_path / "out", root=ROOT, limits=limits)
    assert "\n" not in str(refused.value) and all(word in str(refused.value) for word in words), refused.value
    assert not list(scratch.iterdir()) and not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------
# The report, from outcomes made up for it
# ---------------------------------------------------------------------------


def small_scheme(points: list[float], language: str = "fr") -> Scheme:
    """A made-up assignment: one question per entry of ``points``, each with two cases sharing its points."""
    questions = tuple(Question(f"q{i}", 1, f"Question numéro {i}", p, ("f",),
                               (Case(f"c{i}_public", p / 2, "public", f"q{i}", 1),
                                Case(f"c{i}_hidden", p / 2, "hidden", f"q{i}", 1)), 3.0)
                      for i, p in enumerate(points))
    return Scheme("Un devoir au titre assez long pour être coupé si l'on n'y prend garde", "devoir.py",
                  (Part(1, "Tout", sum(points)),), questions, ROOT, 60.0, language)


def outcome(scheme: Scheme, passed: set[str], hints: dict[str, str] | None = None, status: str = "ok") -> dict:
    questions = {q.id: sum(c.points for c in q.cases if c.name in passed) for q in scheme.questions}
    return {"status": status, "reason": "", "questions": questions, "parts": {1: sum(questions.values())},
            "total": sum(questions.values()), "passed": {c.name: c.name in passed for c in scheme.cases},
            "hints": hints or {}, "notes": []}


def figures(report: str) -> dict[str, str]:
    return dict(re.findall(r'<td class="figure-(\w+)">([^<]*)</td>', report))


def test_report_figures_table_and_histogram_follow_the_points(tmp_path: Path) -> None:
    scheme = small_scheme([2, 2, 2, 2])  # 8 points, whole points: one bar per possible total
    names = [c.name for c in scheme.cases]
    entries = [classroom.Entry(f"s{i}", tmp_path, [f"Étudiant {i}"], [], [f"2000{i}"]) for i in range(7)]
    outcomes = {e.id: outcome(scheme, set(names[:i + 2])) for i, e in enumerate(entries)}  # totals 2, 3, ..., 8
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    totals = [float(i + 2) for i in range(7)]
    assert figures(report) == {"count": "7", "mean": "5", "median": "5", "min": "2", "max": "8",
                               "stdev": f"{round(statistics.pstdev(totals), 2):g}".replace(".", ",")}
    histogram = report.split("Totaux sur 8</text>")[1].split("</svg>")[0]
    labels = re.findall(r'text-anchor="middle">([^<]*)<', histogram)
    assert labels == [str(k) for k in range(9)]
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', histogram)]
    assert [h > 0 for h in heights] == [False, False] + [True] * 7
    students = report.split('<table class="sortable">')[-1].split("</table>")[0]
    assert students.count('<tr class="student">') == 7
    assert re.findall(r"<th[^>]*>([^<]*)</th>", students)[:4] == ["Remise", "Nom", "Matricule", "Total"]
    assert '<td class="l">Étudiant 3</td><td class="l">20003</td><td data-v="5">5</td>' in students


@pytest.mark.parametrize("points, unit, width, count", [
    ([2, 2, 2, 2], 1.0, 0, 9),  # 8 points: 0, 1, ..., 8
    ([1] * 9, 0.5, 1, 9),  # half points: whole bins 0-1, ..., 8-9
    ([5] * 13, 0.5, 5, 13),  # 65 points with half-point cases: bins of 5
    ([25, 25, 25, 25], 0.5, 5, 20),  # 100 points
])
def test_histogram_bins(points: list[float], unit: float, width: float, count: int) -> None:
    scheme = small_scheme(points)
    assert granularity([c.points for c in scheme.cases]) == unit
    found_width, lows = bins(scheme.total, unit)
    assert (found_width, len(lows)) == (width, count)
    assert lows[0] == 0 and (lows[-1] == scheme.total if width == 0 else lows[-1] + width >= scheme.total)


def svg_texts(report: str) -> list[tuple[float, list[tuple[float, float, str, str]]]]:
    """Each SVG's width and its texts: (x, font size, anchor, text)."""
    found = []
    for svg in re.findall(r"<svg [^>]*>.*?</svg>", report, flags=re.S):
        width = float(re.search(r'width="([\d.]+)"', svg).group(1))
        texts = [(float(x), float(size), rest, text) for x, size, rest, text in
                 re.findall(r'<text x="([\d.-]+)" y="[\d.-]+" font-size="([\d.]+)"([^>]*)>([^<]*)</text>', svg)]
        found.append((width, texts))
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_svg_text_is_clipped(tmp_path: Path, language: str) -> None:
    scheme = small_scheme([0.5] * 3 + [1] * 30, language)  # many questions, long titles, half points
    entries = [classroom.Entry(f"s{i}", tmp_path) for i in range(5)]
    outcomes = {e.id: outcome(scheme, {c.name for c in scheme.cases[: 7 * i]}) for i, e in enumerate(entries)}
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    charts = svg_texts(report)
    assert len(charts) == 3
    for width, texts in charts:
        assert len(texts) > 5
        for x, size, rest, text in texts:
            extent = len(text.replace("&amp;", "&")) * size * 0.6  # a sans-serif character is at most ~0.6 em
            left = x - extent if 'anchor="end"' in rest else x - extent / 2 if 'anchor="middle"' in rest else x
            assert 0 <= left and left + extent <= width, (text, x, width)
    assert text_width("Moyenne par question (% de ses points)", 13) > 13 * 0.6 * 38


def test_mistakes_and_item_analysis(tmp_path: Path) -> None:
    scheme = small_scheme([2, 2, 2, 2])
    entries = [classroom.Entry(f"s{i}", tmp_path) for i in range(8)]
    outcomes = {}
    for i, entry in enumerate(entries):
        passed = {"c0_hidden"}  # passed by everyone; c3_public by no one: neither tells anyone apart
        if i >= 2:
            passed |= {"c1_public", "c1_hidden", "c2_public", "c2_hidden"}
        passed.add("c3_hidden" if i >= 4 else "c0_public")  # c0_public: passed by the weaker half only
        hints = {name: "Le facteur 2 manque." for name in ("c1_public", "c1_hidden") if name not in passed}
        outcomes[entry.id] = outcome(scheme, passed, hints)
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    question = report.split('<td class="l">q1</td>')[1].split("</tr>")[0]
    assert "Le facteur 2 manque. <b>(2 remise(s))</b>" in question  # counted once per submission, not per case
    best = report.split('class="items-best"')[1].split("</table>")[0]
    worst = report.split('class="items-worst"')[1].split("</table>")[0]
    assert re.search(r"<code>c[12]_(public|hidden)</code>", best.split("</tr>")[1])
    assert "<code>c0_public</code>" in worst.split("</tr>")[1] and "c0_public" not in best  # the worst first
    assert "1 cas sur 8 réussis par tous et 1 échoués par tous" in report


def test_report_flags_the_questions_almost_nobody_passes(tmp_path: Path) -> None:
    scheme = small_scheme([2, 2, 2])
    entries = [classroom.Entry(f"s{i}", tmp_path) for i in range(20)]
    outcomes = {e.id: outcome(scheme, {c.name for c in scheme.cases if c.question != "q1" or i == 0})
                for i, e in enumerate(entries)}  # 1 in 20 gets q1 right
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    flagged = report.split("presque personne ne réussit")[1].split("<h2>")[0]
    assert "<b>q1</b>" in flagged and "<b>q0</b>" not in flagged
    assert "5\u00a0% avec tous les points" in flagged


@pytest.mark.parametrize("passed, rest", [
    ([True, True, False, False], [4.0, 3.0, 1.0, 0.0]),
    ([True, False, True, False, False], [2.0, 5.0, 1.0, 0.5, 3.0]),
])
def test_point_biserial_is_pearson_with_a_binary_variable(passed: list[bool], rest: list[float]) -> None:
    expected = np.corrcoef(np.array(passed, dtype=float), np.array(rest))[0, 1]
    assert point_biserial(passed, rest) == pytest.approx(expected)
    assert point_biserial([True] * 4, rest[:4]) is None and point_biserial([True, False], [1.0, 1.0]) is None


def test_student_text_is_made_visible_in_the_csv_and_the_report(tmp_path: Path) -> None:
    scheme = small_scheme([2, 2])
    sneaky = "Ana\u202eSilva"
    entries = [classroom.Entry("s1", tmp_path, [sneaky], ["a@b.c"], [])]
    outcomes = {"s1": {**outcome(scheme, set(), status="partly_read"), "reason": "x\u200by <script>"}}
    write_csv(scheme, entries, outcomes, tmp_path / "grades.csv")
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[],
                 skipped=[Skipped("loose\u202e.py", "loose_code")])
    for text in ((tmp_path / "grades.csv").read_text(encoding="utf-8-sig"),
                 html.unescape((tmp_path / "report.html").read_text(encoding="utf-8"))):
        assert "\u202e" not in text and "\u200b" not in text and "<U+202E>" in text
    assert "&lt;script&gt;" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("maximum, whole, expected", [
    (1, True, [0, 1]), (3, True, [0, 1, 2, 3]), (7, True, [0, 2, 4, 6, 8]), (100, False, [0, 25, 50, 75, 100]),
    (0, True, [0, 1]),
])
def test_ticks_are_round_and_whole_for_counts(maximum: float, whole: bool, expected: list[float]) -> None:
    assert ticks(maximum, whole=whole) == expected


@pytest.mark.parametrize("text, shown", [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'=1"),
    ("\r\n=1", "'=1"), ("Élodie", "Élodie"), ("a\nb", "a b"), ("x\ud800", "x\\ud800"), ("a\u202eb", "a<U+202E>b"),
])
def test_csv_cells_never_start_a_formula(text: str, shown: str) -> None:
    assert cell(text) == shown


def test_the_report_speaks_english_for_an_english_assignment(tmp_path: Path) -> None:
    scheme = replace(small_scheme([2, 2, 2]), language="en")
    entries = [classroom.Entry(f"s{i}", tmp_path) for i in range(4)]
    outcomes = {e.id: outcome(scheme, {c.name for c in scheme.cases[:i]}) for i, e in enumerate(entries)}
    write_report(scheme, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[],
                 missing=[classroom.Entry("s9", tmp_path)])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in report and "The class at a glance" in report and "Median" in report
    assert "Grading interrupted: 1 submission(s) not graded yet" in report and "s9" in report
    assert "Remise" not in report
