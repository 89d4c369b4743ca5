"""grading.yaml checked against the handout, itself, its JSON Schema and the case modules."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from autograder.preflight import SCHEMA, AuthoringError, check_yaml, load_scheme
from autograder.scheme import ROOT, Scheme, SchemeError
from autograder.skeleton import create

FIXTURE = ROOT / "tests" / "fixture"

HANDOUT_POINTS = {
    "1a": 1, "1b": 1, "1c": 2, "1d": 1, "1e": 2, "1f": 1, "1g": 2, "1h": 1, "1i": 1, "1j": 1, "1k": 1, "1l": 3, "1m": 3,
    "2a": 2, "2b": 2, "2c": 1, "2d": 1, "2e": 2, "2f": 2, "2g": 2, "2h": 2, "2i": 2, "2j": 1, "2k": 1, "2l": 3,
    "2m": 3, "2n": 2, "2o": 2, "2p": 2, "2q": 3, "2r": 2,
    "3a": 3, "3b": 2, "3c": 3, "3d": 2,
}


def test_questions_and_points_are_the_handouts(scheme: Scheme) -> None:
    assert {q.id: q.points for q in scheme.questions} == HANDOUT_POINTS
    assert [scheme.questions[i].id for i in range(35)] == list(HANDOUT_POINTS)
    assert [p.points for p in scheme.parts] == [20, 35, 10]
    assert scheme.total == 65


def test_every_question_has_a_public_and_a_hidden_case(scheme: Scheme) -> None:
    for question in scheme.questions:
        assert sum(c.points for c in question.cases) == pytest.approx(question.points), question.id
        assert {c.visibility for c in question.cases} == {"public", "hidden"}, question.id


def test_every_case_is_defined_and_every_defined_case_is_referenced(scheme: Scheme) -> None:
    referenced = {(c.module, c.name) for c in scheme.cases}
    for case in scheme.cases:
        scheme.case_function(case)
    defined = set()
    for path in (ROOT / "tests" / "grading").glob("*_[0-9].py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined |= {(path.stem, node.name) for node in tree.body
                    if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    assert defined == referenced


def test_inconsistent_points_are_refused(tmp_path) -> None:
    data = yaml.safe_load((FIXTURE / "grading.yaml").read_text(encoding="utf-8"))
    data["questions"][0]["cases"][0]["points"] = 5
    (tmp_path / "grading.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SchemeError, match="1a"):
        Scheme.load(tmp_path)


def test_the_budget_allows_a_hundred_timeouts_within_half_of_gradescopes_ten_minutes(scheme: Scheme) -> None:
    """Only a file with more than a hundred hanging calls loses cases to the budget; results come well in time."""
    assert 100 * max(q.timeout for q in scheme.questions) <= scheme.budget <= 600 / 2


def test_functions_named_by_questions_are_unique(scheme: Scheme) -> None:
    functions = [f for q in scheme.questions for f in q.functions]
    assert len(functions) == len(set(functions))


@pytest.mark.parametrize("field, value, words", [("language", "de", "language 'de'"),
                                                 ("student_file", "devoir 3.py", "student_file"),
                                                 ("student_file", "devoir3.ipynb", "student_file")])
def test_a_bad_language_or_student_file_is_refused(tmp_path, field: str, value: str, words: str) -> None:
    data = yaml.safe_load((FIXTURE / "grading.yaml").read_text(encoding="utf-8"))
    data[field] = value
    (tmp_path / "grading.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SchemeError, match=words):
        Scheme.load(tmp_path)


def test_the_paths_follow_the_student_file(scheme: Scheme) -> None:
    assert (scheme.module, scheme.notebook_file, scheme.language) == ("devoir3", "devoir3.ipynb", "fr")
    assert scheme.solution_path == ROOT / "solutions" / "devoir3.py"
    assert scheme.stub_path == ROOT / "student_template" / "devoir3.py"
    assert scheme.master_path == ROOT / "assignment" / "devoir3.ipynb"
    assert scheme.handout_path == ROOT / "assignment" / "enonce.md"


def test_two_assignments_load_their_own_cases(scheme: Scheme) -> None:
    other = Scheme.load(ROOT / "examples" / "echauffement")
    assert other.cases_package != scheme.cases_package
    assert other.case_modules["public_1"] is not scheme.case_modules["public_1"]
    assert callable(other.case_function(other.cases[0])) and callable(scheme.case_function(scheme.cases[0]))


def schemas(node: Any) -> list[dict]:
    """Every sub-schema of the published schema."""
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += schemas(value)
    elif isinstance(node, list):
        for value in node:
            found += schemas(value)
    return found


def test_the_schema_is_valid_documents_every_key_and_refuses_unknown_ones() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    objects = [s for s in schemas(schema) if isinstance(s.get("properties"), dict)]
    assert len(objects) == 5  # grading.yaml, its data files, a part, a question, a case
    for sub in objects:
        assert sub["additionalProperties"] is False, sub.get("description")
        assert sub.get("description")
        for key, value in sub["properties"].items():
            assert value.get("description"), key
    assert set(objects[0]["properties"]) >= {"assignment", "student_file", "imports", "language", "timeout",
                                              "budget", "handout", "errata", "notation", "parts", "questions"}


def every_assignment(tmp_path: Path) -> list[Path]:
    fresh = [tmp_path / "fr", tmp_path / "en"]
    create(fresh[0], "Devoir", "fr")
    create(fresh[1], "Homework", "en")
    return [ROOT, ROOT / "examples" / "echauffement", FIXTURE, *fresh]


def test_every_assignment_and_every_skeleton_follows_the_schema(tmp_path: Path) -> None:
    for root in every_assignment(tmp_path):
        check_yaml(root)


@pytest.mark.parametrize("old, new, words", [
    ("timeout: 3", "timout: 3", "unknown key 'timout' (did you mean 'timeout'?)"),
    ("budget: 60", "budget: soon", "budget: 'soon' is not of type 'number'"),
    ("language: en", "language: de", "language: 'de' is not one of ['fr', 'en']"),
    ("{title: \"Vectors\", points: 3}", "{title: \"Vectors\", points: 3, weight: 2}",
     "part 1: unknown key 'weight'"),
    ("  - {id: 1a, part: 1, points: 1,", "  - {part: 1, points: 1,", "question 1: 'id' is missing (required)"),
])
def test_what_load_accepted_silently_is_refused_with_its_line(tmp_path: Path, old: str, new: str,
                                                               words: str) -> None:
    text = (FIXTURE / "grading.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "grading.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.replace(old, new, 1).splitlines(), 1) if new.strip() in row)
    with pytest.raises(AuthoringError) as raised:
        load_scheme(tmp_path)
    assert len(raised.value.lines) == 1
    assert raised.value.lines[0].endswith(f"grading.yaml:{line}: {words}") or \
        f"grading.yaml:{line}: {words}" in raised.value.lines[0], raised.value.lines


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = (FIXTURE / "grading.yaml").read_text(encoding="utf-8")
    (tmp_path / "grading.yaml").write_text(text.replace("questions:", "questions: [", 1), encoding="utf-8")
    with pytest.raises(AuthoringError, match=r"grading\.yaml:\d+: not valid YAML"):
        load_scheme(tmp_path)
