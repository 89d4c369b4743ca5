"""Nothing a hidden case causes reaches a student before the instructor publishes.

The hostile submission below is the reference with every graded function
wrapped. It knows the public inputs (public cases are handed out) and, on any
other input, it prints it, stores it and raises it in every later public call,
raises it in an exception, or loops until the budget of the submission is
spent. Each input is named by a token (a hash of the call), and the hidden
inputs are recomputed here in-process, from the same seeds: no token of a
hidden input, and no note of the hidden run, may appear in anything
Gradescope shows before publication, while the instructor's
``after_published`` entries do show them. Files cannot carry anything from one
child to the next (each child's writable places vanish with it), so the
sandbox's state lives in the child's memory only.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import traceback
from pathlib import Path
from typing import Any

import pytest

from autograder import gradescope, package
from autograder.inprocess import load_module
from autograder.messages import message, number
from autograder.quoting import PREFIX
from autograder.results import failure_results, to_results, write_atomically
from autograder.feedback import table
from autograder.runner import case_seed, grade_path, run_case
from autograder.sandbox import codec
from autograder.scheme import ROOT, Scheme
from autograder.submission import load
from tests.helpers import REFERENCE, secret_lines

SCHEME = Scheme.load(ROOT)
BUDGET = 10.0  # the public run takes well under a second; the hidden one would loop for 12 s and more
TOKEN = re.compile(r"TOK[0-9a-f]{12}")
MIMICS = ("65 / 65", "20 / 20", "note corrigée après révision")  # the grader's own lines, as a student copies them

TOKEN_SOURCE = '''
import hashlib as _hashlib
import numpy as _np


def _token(name, args, kwargs):
    """A name for one call: its function and its arguments as they arrive in the child."""
    digest = _hashlib.sha256(name.encode())

    def feed(value):
        if isinstance(value, _np.ndarray):
            digest.update(value.dtype.str.encode() + repr(value.shape).encode()
                          + _np.ascontiguousarray(value).tobytes())
        elif isinstance(value, (list, tuple)):
            digest.update(b"[")
            for item in value:
                feed(item)
            digest.update(b"]")
        elif isinstance(value, dict):
            for key in sorted(value):
                digest.update(repr(key).encode())
                feed(value[key])
        else:
            digest.update(repr(value).encode())

    feed(list(args))
    feed(kwargs)
    return "TOK" + digest.hexdigest()[:12]
'''

HOSTILE = '''
_PUBLIC = {public!r}
_SEEN = []
_DEPTH = [0]
{token_source}

def _wrap(name, function):
    def wrapper(*args, **kwargs):
        if _DEPTH[0]:  # a call of the reference to another of its functions
            return function(*args, **kwargs)
        token = _token(name, args, kwargs)
        hidden = token not in _PUBLIC
        stored = [seen for seen in _SEEN if seen not in _PUBLIC]
        _SEEN.append(token)
        print("SEEN", token)
        if not hidden and stored:
            raise RuntimeError("STORED " + " ".join(stored[-12:]))
        if hidden and name == "sign":
            print("Total : 65 / 65\\r\\u202e")
            raise ValueError("HIDDEN " + token + "\\nPartie 1 — Dérivées : 20 / 20")
        if hidden and name in ("relu_derivative", "convolve1d", "frequency_response"):
            while True:  # longer in all than the budget left: the hidden run stops, with a note
                pass
        if not hidden and name == "relu_integral":
            print("Partie 1 — Dérivées : 20 / 20\\nnote corrigée après révision\\r\\u202eTotal : 65 / 65")
            raise ValueError("faux\\nTotal : 65 / 65\\r\\u202eréussi")
        _DEPTH[0] += 1
        try:
            return function(*args, **kwargs)
        finally:
            _DEPTH[0] -= 1
    return wrapper


for _name in {functions!r}:
    if callable(globals().get(_name)):
        globals()[_name] = _wrap(_name, globals()[_name])
'''


def crossed(value: Any) -> Any:
    """``value`` as the other side of the sandbox receives it."""
    return codec.decode(json.loads(json.dumps(codec.encode(value))))


def tokens_of_calls(public: bool, digest: bytes) -> set[str]:
    """The tokens of every call the reference receives from the public (or hidden) cases, graded in-process."""
    names: dict[str, Any] = {}
    exec(TOKEN_SOURCE, names)
    reference = load_module(REFERENCE.read_text(encoding="utf-8"), "visibility_reference")
    seen = set()

    def caller(name: str, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = tuple(crossed(list(args))), crossed(kwargs)
        seen.add(names["_token"](name, args, kwargs))
        return crossed(getattr(reference, name)(*args, **kwargs))

    for case in SCHEME.cases:
        if case.public == public:
            run_case(SCHEME, case, caller, digest)
    return seen


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hostile submission graded, its results.json as written, and the tokens of the hidden inputs."""
    folder = tmp_path_factory.mktemp("visibility")
    public = tokens_of_calls(True, b"")
    functions = sorted({f for q in SCHEME.questions for f in q.functions})
    source = REFERENCE.read_text(encoding="utf-8") + HOSTILE.format(public=sorted(public), functions=functions,
                                                                    token_source=TOKEN_SOURCE)
    path = folder / SCHEME.student_file
    path.write_text(source, encoding="utf-8")
    secret = tokens_of_calls(False, load(path, SCHEME.student_file).digest) - public
    report = grade_path(path, dataclasses.replace(SCHEME, budget=BUDGET))
    write_atomically(to_results(report), folder / "results.json")
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {"results": results, "report": report, "public": public, "secret": secret}


def visible_texts(results: dict[str, Any]) -> list[str]:
    """Everything a student sees before publication: the top-level output and every visible entry."""
    return [results["output"]] + [f"{t['name']}\n{t['output']}" for t in results["tests"]
                                  if t["visibility"] == "visible"]


def full_entry(results: dict[str, Any]) -> dict[str, Any]:
    """The entry with the whole grade, shown once grades are published."""
    [full] = [t for t in results["tests"] if t["name"] == message("results.full", SCHEME.language)]
    assert full["visibility"] == "after_published"
    return full


def test_the_hostile_file_does_reach_hidden_inputs(graded: dict[str, Any]) -> None:
    """The control: hidden inputs were given, and the instructor's entries show what the code did with them."""
    secret = graded["secret"]
    assert len(secret) > 20
    published = "\n".join(t["output"] for t in graded["results"]["tests"] if t["visibility"] == "after_published")
    assert secret & set(TOKEN.findall(published))
    for shown in ("HIDDEN TOK", "SEEN TOK", "STORED TOK"):
        assert shown in published, shown
    full = full_entry(graded["results"])
    stop = message("stop.budget", SCHEME.language, seconds=f"{BUDGET:g}")
    assert stop in full["output"] and "SEEN TOK" in full["output"]  # hidden notes and prints, after publication


def test_no_hidden_input_or_outcome_is_visible_before_publication(graded: dict[str, Any]) -> None:
    results = graded["results"]
    for text in visible_texts(results):
        leaked = graded["secret"] & set(TOKEN.findall(text))
        assert not leaked, (sorted(leaked)[:3], text[:2000])
        assert "HIDDEN" not in text and "STORED" not in text, text[:2000]
        assert message("stop.budget", SCHEME.language, seconds=f"{BUDGET:g}") not in text  # the hidden run's stop
    assert graded["report"].hidden_notes
    for note in graded["report"].hidden_notes:
        assert note not in results["output"]


def test_public_cases_still_pass_and_what_they_print_stays_visible(graded: dict[str, Any]) -> None:
    results = graded["results"]
    visible = {t["name"]: t for t in results["tests"] if t["visibility"] == "visible" and "number" in t}
    failed = [name for name, t in visible.items() if t["status"] == "failed"]
    assert all("relu_integral" in name for name in failed), failed  # the only public call that misbehaves
    printed = set(TOKEN.findall(results["output"]))
    assert printed and printed <= graded["public"]
    assert f"{PREFIX}SEEN TOK" in results["output"]


def test_part_totals_before_publication_count_visible_cases_only(graded: dict[str, Any]) -> None:
    results = graded["results"]
    part_of = {q.id: q.part for q in SCHEME.questions}
    earned = {p.number: 0.0 for p in SCHEME.parts}
    at_stake = {p.number: 0.0 for p in SCHEME.parts}
    for test in results["tests"]:
        if test["visibility"] == "visible" and "number" in test:
            earned[part_of[test["number"]]] += test["score"]
            at_stake[part_of[test["number"]]] += test["max_score"]
    language = SCHEME.language
    lines = results["output"].splitlines()
    for part in SCHEME.parts:
        expected = message("results.public_part", language, number=part.number, title=part.title,
                           score=number(earned[part.number], language), points=number(at_stake[part.number], language))
        assert expected in lines, (expected, lines[:8])
    assert sum(at_stake.values()) < SCHEME.total  # hidden points exist, and are not in these totals
    assert number(results["score"], language) not in results["output"] or results["score"] == sum(earned.values())
    full = full_entry(results)
    assert message("total", language, score=number(results["score"], language),
                   points=number(SCHEME.total, language)) in full["output"].splitlines()


def test_student_text_never_starts_a_line_of_any_output(graded: dict[str, Any]) -> None:
    results = graded["results"]
    texts = [results["output"]] + [t["output"] for t in results["tests"]]
    mimicked = 0
    for text in texts:
        for line in text.splitlines():  # every Unicode line break, \r and U+2028 included
            for mimic in MIMICS:
                if mimic in line:
                    mimicked += 1
                    opened = line.find("«")
                    assert line.startswith(PREFIX) or 0 <= opened < line.index(mimic), line
            assert "\u202e" not in line and "\r" not in line, line
    assert mimicked >= 3  # the public prints and exception, the hidden ones


def test_the_grade_table_quotes_the_student_too(graded: dict[str, Any]) -> None:
    """``grade`` shows every feedback, hidden ones included (it is the instructor's): still quoted."""
    mimicked = 0
    for line in table(graded["report"]).splitlines():
        for mimic in MIMICS:
            if mimic in line:
                mimicked += 1
                opened = line.find("«")
                assert 0 <= opened < line.index(mimic), line
        assert "\u202e" not in line and "\r" not in line, line
    assert mimicked >= 2  # the public exception and the hidden one


def test_hidden_seeds_follow_every_byte_of_the_file(tmp_path: Path) -> None:
    """A comment is enough for new hidden inputs (a table of answers kept in comments meets new inputs each
    upload); the same bytes give the same inputs (a regrade gives the same score). docs/seeding.md."""
    source = REFERENCE.read_text(encoding="utf-8")
    first, again, commented = (tmp_path / "a" / SCHEME.student_file, tmp_path / "b" / SCHEME.student_file,
                               tmp_path / "c" / SCHEME.student_file)
    for path, text in ((first, source), (again, source), (commented, source + "\n# 1a: 0.25, 0.75\n")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    digests = [load(path, SCHEME.student_file).digest for path in (first, again, commented)]
    hidden = [case for case in SCHEME.cases if not case.public]
    public = [case for case in SCHEME.cases if case.public]
    seeds = [[case_seed(case, digest) for case in hidden] for digest in digests]
    assert seeds[0] == seeds[1]
    assert all(a != b for a, b in zip(seeds[0], seeds[2]))
    assert [case_seed(case, digests[0]) for case in public] == [case_seed(case, digests[2]) for case in public]


def test_instructor_only_entries_hold_no_line_of_the_tests(graded: dict[str, Any]) -> None:
    secrets = secret_lines()
    for test in graded["results"]["tests"]:
        if test["visibility"] == "hidden":
            assert not [line for line in secrets if line in test["output"]], test["name"]


def test_a_formatted_traceback_loses_its_source_lines(tmp_path: Path) -> None:
    """grade-all hands ``failure_results`` a formatted traceback: its lines of source go, its frames stay."""
    module = tmp_path / "hidden_9.py"
    module.write_text("def case(t):\n    secret_input_of_the_case = [0.25, 0.75]\n"
                      "    raise KeyError(secret_input_of_the_case[2])\n", encoding="utf-8")
    names: dict[str, Any] = {}
    exec(compile(module.read_text(encoding="utf-8"), str(module), "exec"), names)
    try:
        names["case"](None)
    except IndexError:
        detail = traceback.format_exc()
    assert "secret_input_of_the_case[2]" in detail  # what Python prints
    [entry] = failure_results(SCHEME, detail)["tests"]
    assert entry["visibility"] == "hidden"
    assert "hidden_9.py\", line 3, in case" in entry["output"] and "IndexError" in entry["output"]
    assert "secret_input_of_the_case" not in entry["output"]


@pytest.fixture(scope="module")
def unpacked_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package.build(ROOT, tmp_path_factory.mktemp("dist"))[0]


def broken_assignment(built: Path, base: Path, module: str, addition: str) -> Path:
    """A Gradescope root whose hidden case module has ``addition`` at its end; the reference as upload."""
    root = base / "autograder"
    package.unpack(built, root / "source")
    cases = root / "source" / "tests" / "grading" / f"{module}.py"
    cases.write_text(cases.read_text(encoding="utf-8") + addition, encoding="utf-8")
    (root / "submission").mkdir()
    shutil.copy(REFERENCE, root / "submission" / SCHEME.student_file)
    return root


CRASHING_CASE = '''

def sign_hidden(t):
    drawn_for_this_case = t.rng.normal(size=3)  # a line of a hidden case: it must not travel
    raise RuntimeError(f"a case that breaks on {len(drawn_for_this_case)} values")
'''
BROKEN_MODULE = "\nsecret_line_of_the_case = [1, 2 +* 3]  # a line of a hidden case: it must not travel\n"


def test_a_case_that_crashes_is_told_to_the_instructor_without_its_source(unpacked_zip: Path,
                                                                          tmp_path: Path) -> None:
    root = broken_assignment(unpacked_zip, tmp_path, "hidden_1", CRASHING_CASE)
    results = json.loads(gradescope.run(root).read_text(encoding="utf-8"))
    internal = [t for t in results["tests"] if t["visibility"] == "hidden"]
    assert len(internal) == 1
    detail = internal[0]["output"]
    assert "hidden_1.py" in detail and "sign_hidden" in detail and "RuntimeError: a case that breaks on 3" in detail
    text = "\n".join([results["output"], *(t["output"] for t in results["tests"])])
    assert not [line for line in map(str.strip, CRASHING_CASE.splitlines()) if line and line in text]
    assert not [line for line in secret_lines() if line in detail]


def test_a_case_module_that_cannot_load_is_told_without_its_source(unpacked_zip: Path, tmp_path: Path) -> None:
    root = broken_assignment(unpacked_zip, tmp_path, "hidden_2", BROKEN_MODULE)
    results = json.loads(gradescope.run(root).read_text(encoding="utf-8"))
    text = "\n".join([results["output"], *(t["output"] for t in results["tests"])])
    assert "SyntaxError" in text and "hidden_2.py" in text
    assert "secret_line_of_the_case" not in text and "2 +* 3" not in text
