"""Objects of the student's classes stay where the student's code runs; a case holds handles on them.

Every hostile object must cost only the case that touches it: the cases before and after it, in the same
sandbox, pass as they do against its honest twin.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from autograder import inprocess, preflight
from autograder.checking import Failure, Handle, ObjectRef, Trial, Unanswered
from autograder.sandbox import codec
from autograder.sandbox.host import Chunk, Sandbox
from autograder.scheme import Scheme

ROOT = Path(__file__).resolve().parents[1]

HONEST = """
import numpy as np

class Nearest:
    def __init__(self, k=1):
        self.k = k

    def fit(self, X, y):
        self.X, self.y = np.asarray(X, dtype=float), np.asarray(y)
        return self

    def predict(self, X):
        distances = ((np.asarray(X, dtype=float)[:, None, :] - self.X[None]) ** 2).sum(-1)
        return self.y[np.argmin(distances, axis=1)]

def accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))

def double(x):
    return 2 * x
"""

# Each hostile twin redefines ``predict`` (or the class around it) after the honest code: the later one wins.
HOSTILE = {
    "loops": "def predict(self, X):\n    while True:\n        pass\nNearest.predict = predict",
    "exits": "import os\ndef predict(self, X):\n    os._exit(3)\nNearest.predict = predict",
    "forks": "import os\ndef predict(self, X):\n    os.fork()\n    while True:\n        pass\nNearest.predict = predict",
    "eats memory": "def predict(self, X):\n    return bytearray(1 << 40)\nNearest.predict = predict",
    "floods output": "def predict(self, X):\n    while True:\n        print('x' * 10000)\nNearest.predict = predict",
    "returns itself": "def predict(self, X):\n    return self\nNearest.predict = predict",
    "property never returns": "def predict(self):\n    while True:\n        pass\nNearest.predict = property(predict)",
    "__getattr__ loops": ("del Nearest.predict\ndef __getattr__(self, name):\n    while True:\n        pass\n"
                          "Nearest.__getattr__ = __getattr__"),
    "__del__ of a temporary loops": ("class Temporary:\n    def __del__(self):\n        while True:\n            pass\n"
                                     "def predict(self, X):\n    Temporary()\n    return self.y[:len(X)]\n"
                                     "Nearest.predict = predict"),
    "class changes under it": ("class Other:\n    def predict(self, X):\n        while True:\n            pass\n"
                               "def fit(self, X, y):\n    self.X, self.y = X, y\n    return self\n"
                               "def predict(self, X):\n    self.__class__ = Other\n    return self.predict(X)\n"
                               "Nearest.predict = predict"),
}
"""Broken only in ``predict``: a case that never calls it must not notice."""

HARMLESS = {
    "__del__ exits": "import os\ndef __del__(self):\n    os._exit(1)\nNearest.__del__ = __del__",
    "__class__ is a property that loops": ("def __class__(self):\n    while True:\n        pass\n"
                                           "Nearest.__class__ = property(__class__)"),
}
"""Hostile in a way the judge never triggers: these score exactly as the honest class."""

X = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
Y = np.array([0, 0, 1])


def case_fit(t: Trial) -> None:
    model = t.new("Nearest", k=3)
    model.get("k").integer().equals(3)
    model.call("fit", X, Y)
    model.get("y").array(shape=(3,)).equals(Y)


def case_predict(t: Trial) -> None:
    model = t.new("Nearest")
    model.call("fit", X, Y)
    model.call("predict", np.array([[0.2, 0.1], [4.0, 6.0]])).array(shape=(2,)).equals(np.array([0, 1]))


def case_function(t: Trial) -> None:
    t.call("double", 21).integer().equals(42)


CASES = [case_fit, case_predict, case_function, case_fit]


def outcomes(caller: Any, changes: Callable[[], tuple[int | str, ...]] | None) -> list[bool]:
    """Whether each case of CASES passed, run in order against one caller."""
    passed = []
    for case in CASES:
        try:
            case(Trial(caller, np.random.default_rng(0), changes=changes))
            passed.append(True)
        except Failure:
            passed.append(False)
    return passed


@contextmanager
def sandboxed(*sources: str, timeout: float = 1.0) -> Iterator[Sandbox]:
    with Sandbox([Chunk(s, "devoir.py", f"bloc {i}") for i, s in enumerate(sources)], timeout=timeout) as box:
        yield box


def test_an_object_is_built_used_read_and_passed_back_through_the_sandbox() -> None:
    with sandboxed(HONEST) as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        model = t.new("Nearest", k=2)
        assert isinstance(model, Handle) and type(model.ref.key) is tuple  # an id, not the object
        fitted = model.call("fit", X, Y).value
        assert isinstance(fitted, Handle) and fitted.ref.key == model.ref.key  # `return self`: the same object
        model.call("predict", X).array(shape=(3,)).equals(Y)
        t.call("accuracy", model, X, Y).number().close_to(1.0)
        t.call("accuracy", model=model, X=X, y=1 - Y).number().close_to(0.0)


def test_the_same_api_works_in_process() -> None:
    caller = inprocess.Caller(inprocess.load_module(HONEST))
    t = Trial(caller, np.random.default_rng(0))
    model = t.new("Nearest", k=2)
    model.get("k").integer().equals(2)
    model.call("fit", X, Y)
    model.call("predict", X).array(shape=(3,)).equals(Y)
    t.call("accuracy", model, X, Y).number().close_to(1.0)
    assert outcomes(caller, None) == [True] * 4


def test_a_plain_result_is_not_an_object_and_new_says_a_class_is_wanted() -> None:
    with sandboxed(HONEST + "\ndef Fake():\n    return 3\n") as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        with pytest.raises(Failure, match="un objet de la classe Fake"):
            t.new("Fake")
        with pytest.raises(Unanswered, match="pas de méthode"):
            t.new("Nearest").call("k")  # an attribute, not a method


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_object_costs_only_its_case(name: str) -> None:
    with sandboxed(HONEST) as box:
        honest = outcomes(box, lambda: box.changed)
    with sandboxed(HONEST, HOSTILE[name]) as box:
        hostile = outcomes(box, lambda: box.changed)
    assert honest == [True, True, True, True]
    assert hostile == [True, False, True, True]


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_hostility_the_judge_never_triggers_costs_nothing(name: str) -> None:
    with sandboxed(HONEST, HARMLESS[name]) as box:
        assert outcomes(box, lambda: box.changed) == [True] * 4


@pytest.mark.parametrize("name", ["loops", "returns itself", "property never returns", "__getattr__ loops",
                                  "class changes under it"])
def test_a_hostile_object_costs_only_its_case_in_process(name: str) -> None:
    module = inprocess.load_module(HONEST + "\n" + HOSTILE[name])
    assert outcomes(inprocess.Caller(module, timeout=0.5), None) == [True, False, True, True]


def test_a_method_returning_itself_forever_keeps_one_object() -> None:
    with sandboxed(HONEST, HOSTILE["returns itself"]) as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        model = t.new("Nearest")
        refs = {model.call("predict", X).value.ref.key for _ in range(200)}
        assert refs == {model.ref.key}


def test_a_handle_from_a_dead_child_fails_its_case_and_the_next_case_is_served() -> None:
    with sandboxed(HONEST, "import os\ndef crash():\n    os._exit(1)\n") as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        model = t.new("Nearest").call("fit", X, Y).value
        with pytest.raises(Unanswered):
            t.call("crash")
        with pytest.raises(Unanswered, match="n'existe plus"):
            model.call("predict", X)
        with pytest.raises(Unanswered, match="n'existe plus"):
            t.call("accuracy", model, X, Y)
        assert outcomes(box, lambda: box.changed) == [True] * 4


def test_a_ref_crosses_only_as_a_whole_result() -> None:
    assert type(Sandbox.reply({"id": 1, "result": {"__ref__": 4}, "changed": []}, 1, generation=2)[1]) is ObjectRef
    for result in ([{"__ref__": 4}], {"__tuple__": [{"__ref__": 0}]}, {"__ref__": -1}, {"__ref__": "0"},
                   {"__ref__": 10 ** 9}):
        with pytest.raises(codec.CodecError):
            Sandbox.reply({"id": 1, "result": result, "changed": []}, 1)
    with sandboxed("def spoof():\n    return {'__ref__': 0}\n") as box:
        assert box.call("spoof") == {"__ref__": 0}  # data that looks like a ref stays data


def test_arguments_changed_in_place_are_still_reported_next_to_a_handle() -> None:
    source = HONEST + "\ndef score(model, X):\n    X[0, 0] = 9.0\n    model.k = 7\n    return 1.0\n"
    with sandboxed(source) as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        model = t.new("Nearest")
        with pytest.raises(Failure, match="argument n° 2"):
            t.call("score", model, X.copy(), unchanged=True)
        model.get("k").integer().equals(7)  # the object's own state changed: that is what objects are for


def test_a_case_shows_a_method_call_by_the_object_and_method_names() -> None:
    with sandboxed(textwrap.dedent(HONEST) + "\nNearest.predict = lambda self, X: None\n") as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        model = t.new("Nearest")
        with pytest.raises(Failure, match=r"Nearest\.predict"):
            model.call("predict", X).array()


def test_a_function_still_answers_data_and_a_class_called_by_name_gives_a_handle() -> None:
    source = HONEST + "\ndef make():\n    return Nearest()\n"
    with sandboxed(source) as box:
        t = Trial(box, np.random.default_rng(0), changes=lambda: box.changed)
        with pytest.raises(Unanswered, match="type Nearest"):
            t.call("make")
        assert isinstance(t.call("Nearest", k=2).value, Handle)
    t = Trial(inprocess.Caller(inprocess.load_module(source)), np.random.default_rng(0))
    with pytest.raises(Unanswered, match="type Nearest"):
        t.call("make")
    assert isinstance(t.call("Nearest", k=2).value, Handle)


def test_grading_yaml_may_grade_a_class_of_the_reference(tmp_path: Path) -> None:
    root = tmp_path / "echauffement"
    shutil.copytree(ROOT / "examples" / "echauffement", root, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    path = root / "grading.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["functions"].append("Nearest")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    scheme = Scheme.load(root)
    assert any("Nearest is not defined" in problem for problem in preflight.check_reference(scheme))
    with scheme.solution_path.open("a", encoding="utf-8") as file:
        file.write("\n\nclass Nearest:\n    pass\n")
    assert preflight.check_reference(scheme) == []
