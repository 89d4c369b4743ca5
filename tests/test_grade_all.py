"""Grading a class: a folder of submissions and a Gradescope export zip; what the instructor reads of it."""

from __future__ import annotations

import csv
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from autograder import classroom
from autograder.report import cell, ticks, write_report
from autograder.scheme import ROOT, Scheme
from tests.mutants.part1 import MUTANTS

SCHEME = Scheme.load(ROOT)
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
STUB = (ROOT / "student_template" / "devoir3.py").read_text(encoding="utf-8")
COLUMNS = (["submission_id", "name", "email"] + [q.id for q in SCHEME.questions]
           + [f"part_{p.number}" for p in SCHEME.parts] + ["total", "status", "reason", "notes"])
MUTANT = MUTANTS[0]

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


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of grades.csv, which starts with a UTF-8 byte-order mark for spreadsheets."""
    assert path.read_bytes().startswith("\ufeff".encode("utf-8"))
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        assert reader.fieldnames == COLUMNS
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
    return folder


ODD_ID = os.fsdecode(b"non_utf8_\xff")
IDS = ["reference", "stub", "syntax_error", "loops_at_import", "mutant", "raises_surrogate", "empty", "binary",
       "bad_notebook", ODD_ID]


@pytest.fixture(scope="module")
def graded_folder(class_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert classroom.grade_all(class_folder, out, workers=0, root=ROOT) == 0
    return out


def test_folder_rows_and_columns(graded_folder: Path) -> None:
    rows = {row["submission_id"]: row for row in read_rows(graded_folder / "grades.csv")}
    assert list(rows) == sorted(rows, key=classroom.natural_key)
    assert set(rows) == {"reference", "stub", "syntax_error", "loops_at_import", "mutant", "raises_surrogate",
                         "empty", "binary", "bad_notebook", "non_utf8_\\xff"}
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


def test_the_report_is_french_and_lists_what_was_not_graded_normally(graded_folder: Path) -> None:
    report = (graded_folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in report and "rapport de correction" in report
    section = report.split("Remises qui n'ont pas été corrigées normalement (6)")[1].split("<h2>")[0]
    for name in ("syntax_error", "loops_at_import", "raises_surrogate", "empty", "binary", "bad_notebook"):
        assert f'<td class="l">{name}</td>' in section
    assert "lue en partie" in section and "illisible" in section and "syntaxe" in section
    assert '<td class="l">reference</td>' not in section


def test_folder_report_and_results(graded_folder: Path) -> None:
    report = (graded_folder / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "<html" in report
    assert "<script" not in report and "src=" not in report  # self-contained
    check_results(graded_folder / "results", [classroom.safe_name(sid) for sid in IDS])


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

    rows = read_rows(first / "grades.csv")
    assert [row["submission_id"] for row in rows] == ["7", "9", "55", "101"]
    by_id = {row["submission_id"]: row for row in rows}
    assert by_id["101"]["name"] == "Élodie Tremblay"
    assert by_id["101"]["email"] == "elodie.tremblay@umontreal.ca"
    assert by_id["9"]["name"] == "'=HYPERLINK(\"http://x\")" and by_id["9"]["email"] == "'@SUM(A1)"  # not formulas
    assert by_id["101"]["total"] == "65"
    assert by_id["7"]["name"] == "Jean Roy; Ana Silva"
    assert by_id["7"]["email"] == "jean.roy@umontreal.ca; ana.silva@umontreal.ca"
    assert by_id["55"]["name"] == "Sans Fichier" and by_id["55"]["status"] == "unreadable"
    assert "Aucun fichier devoir3.py" in by_id["55"]["reason"]
    check_results(first / "results", ["7", "9", "55", "101"])

    assert (first / "grades.csv").read_bytes() == (second / "grades.csv").read_bytes()
    for path in (first / "results").glob("*.json"):
        assert path.read_bytes() == (second / "results" / path.name).read_bytes()
    strip = lambda text: "\n".join(line for line in text.splitlines() if "Écrit le" not in line)  # noqa: E731
    assert strip((first / "report.html").read_text(encoding="utf-8")) == \
        strip((second / "report.html").read_text(encoding="utf-8"))


def test_metadata_with_ruby_tags_and_symbols(tmp_path: Path) -> None:
    (tmp_path / "submission_metadata.yml").write_text(METADATA, encoding="utf-8")
    people, problems = classroom.read_metadata(tmp_path / "submission_metadata.yml")
    assert not problems
    assert people["submission_101"] == (["Élodie Tremblay"], ["elodie.tremblay@umontreal.ca"])
    assert people["submission_55"] == (["Sans Fichier"], ["sans.fichier@umontreal.ca"])
    (tmp_path / "submission_metadata.yml").write_text(":\n  - [unbalanced", encoding="utf-8")
    people, problems = classroom.read_metadata(tmp_path / "submission_metadata.yml")
    assert people == {} and problems


@pytest.mark.parametrize("case", ["empty folder", "missing", "not a zip", "out is a file", "out under a file"])
def test_bad_inputs_are_refused_before_grading(tmp_path: Path, case: str) -> None:
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    path, out = {
        "empty folder": (tmp_path / "class" / "alice", tmp_path / "out"),
        "missing": (tmp_path / "missing", tmp_path / "out"),
        "not a zip": (tmp_path / "notes.txt", tmp_path / "out"),
        "out is a file": (tmp_path / "class", tmp_path / "notes.txt"),
        "out under a file": (tmp_path / "class", tmp_path / "notes.txt" / "out"),
    }[case]
    with pytest.raises(classroom.BadInput) as refused:
        classroom.grade_all(path, out, root=ROOT)
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "out").exists()


def _dies_on_crash(folder: str) -> dict:
    """A stand-in for grade_one whose worker process dies on the folder named "crash"."""
    if Path(folder).name == "crash":
        os._exit(3)
    return {"status": "ok", "folder": Path(folder).name}


def test_a_submission_that_kills_its_worker_costs_only_its_row(tmp_path: Path) -> None:
    names = ["a", "crash", "b", "c"]
    entries = [classroom.Entry(name, tmp_path / name) for name in names]
    outcomes = classroom._grade_everything(entries, 2, ROOT, _dies_on_crash)
    assert set(outcomes) == set(names)
    assert outcomes["crash"]["status"] == classroom.STATUS_GRADER_ERROR and outcomes["crash"]["reason"]
    assert outcomes["crash"]["results"]["score"] == 0
    for name in ("a", "b", "c"):
        assert outcomes[name] == {"status": "ok", "folder": name}


def test_report_flags_the_questions_almost_nobody_passes(tmp_path: Path) -> None:
    entries = [classroom.Entry(f"s{i}", tmp_path) for i in range(20)]
    outcomes = {}
    for index, entry in enumerate(entries):
        questions = {q.id: q.points for q in SCHEME.questions}
        questions["2l"] = 0.0 if index else SCHEME.question("2l").points  # 1 in 20 gets 2l right
        outcomes[entry.id] = {
            "status": "ok", "questions": questions, "notes": [],
            "parts": {p.number: sum(v for q, v in questions.items() if SCHEME.question(q).part == p.number)
                      for p in SCHEME.parts},
            "total": sum(questions.values()),
            "passed": {c.name: c.question != "2l" or index == 0 for c in SCHEME.cases},
        }
    write_report(SCHEME, entries, outcomes, tmp_path / "report.html", source="x", seconds=1.0, notes=[])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    flagged = report.split("presque personne ne réussit")[1].split("<h2>")[0]
    assert "<b>2l</b>" in flagged and "<b>1a</b>" not in flagged
    assert report.count("<svg") == 3
    histogram = report.split("<h2>Totaux</h2>")[1].split("</svg>")[0]
    labels = re.findall(r'text-anchor="end">([^<]*)<', histogram)
    assert labels == ["0", "5", "10", "15", "20"], labels  # 20 submissions in one bin: whole counts


@pytest.mark.parametrize("maximum, whole, expected", [
    (1, True, [0, 1]), (3, True, [0, 1, 2, 3]), (7, True, [0, 2, 4, 6, 8]), (100, False, [0, 25, 50, 75, 100]),
    (0, True, [0, 1]),
])
def test_ticks_are_round_and_whole_for_counts(maximum: float, whole: bool, expected: list[float]) -> None:
    assert ticks(maximum, whole=whole) == expected


@pytest.mark.parametrize("text, shown", [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'=1"),
    ("\r\n=1", "'=1"), ("Élodie", "Élodie"), ("a\nb", "a b"), ("x\ud800", "x\\ud800"),
])
def test_csv_cells_never_start_a_formula(text: str, shown: str) -> None:
    assert cell(text) == shown
