"""The grading cases themselves, one pytest test each, against the reference or ``--submission``.

The submission runs in the sandbox, exactly as when grading; the case gets the
seed the grader would give it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from autograder.inprocess import Call, Caller, load_module, with_function
from autograder.runner import run_case
from autograder.sandbox.host import Sandbox
from autograder.scheme import ROOT, Case, Scheme
from autograder.submission import Submission
from tests.conftest import REFERENCE


@pytest.fixture(scope="module")
def sandbox(submission: Submission, graded_scheme: Scheme) -> Iterator[Sandbox]:
    with Sandbox(submission.chunks, module=graded_scheme.module) as running:
        yield running


def test_case(graded_case: Case, graded_scheme: Scheme, sandbox: Sandbox, submission: Submission) -> None:
    """One case of ``--assignment`` (Devoir 3 by default) on ``--submission`` (its reference by default)."""
    outcome = run_case(graded_scheme, graded_case, sandbox.call, submission.digest)
    assert outcome.passed, outcome.feedback + outcome.internal


# --- The contract's examples are public cases --------------------------------------------------

EXAMPLE = re.compile(r"``(?P<call>[A-Za-z_0-9]+\((?:(?!``).)*\))``\s*→\s*``(?P<value>(?:(?!``).)*)``", re.S)


def docstring_examples() -> list[tuple[str, str, str]]:
    """(function, call, value) for every ``f(...)`` → ``value`` example of the reference's docstrings."""
    tree = ast.parse(REFERENCE.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            docstring = ast.get_docstring(node) or ""
            for match in EXAMPLE.finditer(docstring[docstring.find("Exemple"):]):
                found.append((node.name, " ".join(match["call"].split()), " ".join(match["value"].split())))
    return found


EXAMPLES = docstring_examples()


def same_arguments(a: Any, b: Any) -> bool:
    """Arguments equal as the student would see them (arrays by shape and values, dicts key by key)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(
            same_arguments(a[k], b[k]) for k in a)
    if isinstance(a, (np.ndarray, list, tuple)) or isinstance(b, (np.ndarray, list, tuple)):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and bool(np.all(a == b))
    return type(a) is type(b) and a == b


def public_calls(scheme: Scheme, question_id: str) -> list[Call]:
    """Every call the public cases of a question make into the reference."""
    caller = Caller(load_module(REFERENCE.read_text(encoding="utf-8"), "reference"))
    for case in scheme.question(question_id).cases:
        if case.public:
            assert run_case(scheme, case, caller, b"").passed, case.name
    return caller.calls


def test_every_example_function_is_found() -> None:
    """Every docstring that shows an example either writes it as a call or says it shows the form only."""
    tree = ast.parse(REFERENCE.read_text(encoding="utf-8"))
    shown = {name for name, _, _ in EXAMPLES}
    unparsed = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                and "Exemple" in (ast.get_docstring(node) or "") and node.name not in shown
                and "format seulement" not in (ast.get_docstring(node) or "")]
    assert len(EXAMPLES) >= 35 and unparsed == []


@pytest.mark.parametrize("name, call, value", EXAMPLES, ids=[name for name, _, _ in EXAMPLES])
def test_docstring_example_is_a_public_case(name: str, call: str, value: str, scheme: Scheme) -> None:
    """The example holds for the reference, and a public case of its question makes exactly that call."""
    namespace = {"np": np, "array": np.array}
    reference = load_module(REFERENCE.read_text(encoding="utf-8"), "reference")
    arguments = eval(call.replace(name + "(", "(lambda *a, **k: (a, k))(", 1), namespace)
    got, want = getattr(reference, name)(*arguments[0], **arguments[1]), eval(value, namespace)
    if isinstance(want, dict):
        assert want.keys() == got.keys() and all(np.allclose(got[k], want[k], rtol=1e-8) for k in want)
    else:
        assert np.allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=1e-8), (got, want)
    question = next(q.id for q in scheme.questions if name in q.functions)
    calls = [c for c in public_calls(scheme, question) if c.name == name]
    assert any(len(c.args) == len(arguments[0]) and all(map(same_arguments, c.args, arguments[0]))
               and same_arguments(c.kwargs, arguments[1]) for c in calls), f"no public case of {question} calls {call}"


# --- Public cases check the form of an answer-style question, never its answer -------------------------

# Answer-style functions, each with well-formed answers right and wrong: a public case passes them all.
WELL_FORMED = {
    "preferred_loss": ["def preferred_loss():\n    return {!r}\n".format(v) for v in ("entropie_croisee",
            "erreur_quadratique")],
    "describe_effect": ["def describe_effect():\n    return {!r}\n".format(v)
                        for v in ("lissage", "derivation", "decalage", "amplification")],
    "last_layer_weight_count": ["def last_layer_weight_count():\n    return {}\n".format(v) for v in (18432, 1728, 1,
            576)],
    "scaling_effect": ["def scaling_effect(alpha):\n    return {{'distribution': {!r}, 'prediction_changes': {}}}\n"
                       .format(d, b) for d in ("plus_piquee", "plus_uniforme", "inchangee") for b in (True, False)],
}

# What a public case's text must never say: a result its question asks for (the handout states the others).
STATED_RESULTS = [
    r"2\s*sigma\(a\)\s*\(1\s*-\s*sigma\(a\)\)",          # 2g: the ratio of the two gradients
    r"softplus'\s*(\(z\))?\s*=\s*sigma",                  # 1g, 2q, 2r: the derivative of softplus
    r"softplus'\(z\)\s*=\s*sigma\(z\)",
    r"\b18432\b", r"32\s*\*\s*64\s*\*", r"\b65536\b",     # 3b's last layer, 3a's output at n = 128
    r"\"lissage\"\s*\)",                                  # 3d's answer as an expected value
    r"equals\(\s*\"entropie_croisee\"",                   # 2g's answer as an expected value
    r"plus_piquee\"\s*,\s*0\.5|2\.0:\s*\"plus_piquee\"",  # 1i's answers
]


@pytest.mark.parametrize("function", sorted(WELL_FORMED))
def test_public_cases_of_an_answer_style_question_accept_every_well_formed_answer(function: str,
                                                                                  scheme: Scheme) -> None:
    """Right or wrong, a well-formed answer passes the public cases, which give it no point."""
    question = next(q for q in scheme.questions if function in q.functions)
    reference = load_module(REFERENCE.read_text(encoding="utf-8"), "reference")
    asking = []
    for case in (c for c in question.cases if c.public):
        caller = Caller(reference)
        run_case(scheme, case, caller, b"")
        if any(call.name == function for call in caller.calls):
            asking.append(case)
    assert asking and sum(c.points for c in asking) == 0
    for source in WELL_FORMED[function]:
        caller = Caller(with_function(reference, source, "answer"))
        assert [c.name for c in asking if not run_case(scheme, c, caller, b"").passed] == [], source


def test_no_public_case_states_a_result_of_its_question() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "tests" / "grading").glob("public_*.py")}
    stated = [(name, pattern) for name, text in sources.items() for pattern in STATED_RESULTS if re.search(pattern,
            text)]
    assert stated == []


def test_the_handouts_example_is_a_public_case(scheme: Scheme) -> None:
    """3c's statement convolves [1, 1, 4, 4, 4, 1, 1] by [1/4] * 4 in the three modes: each is a public call."""
    handout = (ROOT / "assignment" / "enonce.md").read_text(encoding="utf-8")
    assert "[1, 1, 4, 4, 4, 1, 1] par [1/4, 1/4, 1/4, 1/4]" in handout
    signal, kernel = [1.0, 1.0, 4.0, 4.0, 4.0, 1.0, 1.0], [0.25] * 4
    modes = {c.args[2] for c in public_calls(scheme, "3c") if c.name == "convolve1d"
             and same_arguments(c.args[0], signal) and same_arguments(c.args[1], kernel)}
    assert modes == {"full", "valid", "same"}
