"""Hostile submissions, each with an honest twin that gives the same answers without the attack.

Both are the reference solution with two deliberate mistakes (so that scores
are neither 0 nor 65), plus a snippet: the attack's, or the twin's. Snippets are
appended, so a function they define replaces the reference's. The grader must
give every attack exactly its twin's score, case by case.
"""

from __future__ import annotations

from dataclasses import dataclass

MISTAKES = '''

def sign(x):
    return np.where(np.asarray(x) >= 0, 1.0, -1.0)


def softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)
'''

WRONG_RELU = '''

def relu_product(x):
    return np.abs(x)
'''


@dataclass(frozen=True)
class Attack:
    """``attack`` and ``twin`` are appended to the same imperfect solution."""

    name: str
    attack: str
    twin: str = ""
    root_only: bool = False  # needs the sandbox uid (process limits, kill by uid)
    first: bool = False  # the attack runs before the solution's own code
    raw: bytes | None = None  # the whole file, for what is not Python text; its twin defines nothing
    upload: str = "devoir3.py"  # the attack's file name in the upload (bytes that are not UTF-8 as surrogate escapes)
    link: str = ""  # the attack uploads a symbolic link to this path instead of a file

    def sources(self, reference: str) -> tuple[bytes, bytes]:
        """The attacking file and its honest twin."""
        if self.raw is not None:
            return self.raw, b"# aucune reponse\n"
        base = reference + MISTAKES
        attack = self.attack + "\n" + base if self.first else base + self.attack
        return attack.encode(), (base + self.twin).encode()


LEAK_HIDDEN = '''
import glob, os

def _loot():
    found = []
    roots = {"/autograder", os.getcwd(), "/work", "/tmp"}
    for status in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            roots.update(p for p in open(status, "rb").read().decode(errors="ignore").split("'") if p.startswith("/"))
        except OSError:
            pass
    for root in roots:
        for pattern in ("**/hidden_*.py", "**/solutions/devoir3.py", "**/grading.yaml"):
            for path in glob.glob(os.path.join(root, pattern), recursive=True)[:5]:
                try:
                    found.append(open(path).read())
                except OSError:
                    pass
    return "".join(found)

def relu_product(x):
    raise RuntimeError("LEAK:" + _loot()[:20000])
'''

CATALOGUE = [
    Attack("monkeypatch_numpy", '''
import numpy
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.broadcast(a, b).shape, dtype=bool)
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.array_equal = lambda *a, **k: True
'''),
    Attack("monkeypatch_pytest", '''
import sys, types
fake = types.ModuleType("pytest")
fake.approx = lambda *a, **k: type("Any", (), {"__eq__": lambda s, o: True})()
sys.modules["pytest"] = fake
try:
    import _pytest.python_api as api
    api.approx = fake.approx
except Exception:
    pass
'''),
    Attack("monkeypatch_builtins", '''
import builtins
builtins.all = lambda *a: True
builtins.any = lambda *a: True
builtins.isinstance = lambda obj, cls: True
builtins.AssertionError = type("Silenced", (Exception,), {})
'''),
    Attack("always_equal_object", WRONG_RELU.replace("return np.abs(x)", '''class Yes:
        def __eq__(self, other): return True
        def __array__(self, *a, **k): return np.abs(x)
    return Yes()'''), WRONG_RELU.replace("return np.abs(x)", "return None")),
    Attack("ndarray_subclass", WRONG_RELU.replace("return np.abs(x)", '''class Liar(np.ndarray):
        def __eq__(self, other): return np.ones(np.shape(other), dtype=bool)
        def __array_ufunc__(self, *a, **k): return np.zeros(())
    return np.abs(x).view(Liar)'''), WRONG_RELU),
    Attack("forge_results_and_os_exit", '''
import json, os
for folder in ("../results", "/autograder/results", os.path.expanduser("~")):
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "results.json"), "w") as f:
            json.dump({"score": 65, "tests": []}, f)
    except OSError:
        pass
os._exit(0)
'''),
    Attack("leak_hidden_tests_in_error", LEAK_HIDDEN, WRONG_RELU.replace("return np.abs(x)", 'raise RuntimeError("LEAK:")')),
    Attack("sys_exit_at_import", "\nimport sys\nsys.exit(0)\n", first=True),
    Attack("os_exit_at_import", "\nimport os\nos._exit(3)\n", first=True),
    Attack("base_exception_at_import", "\nraise BaseException('bye')\n"),
    Attack("sys_exit_in_function", WRONG_RELU.replace("return np.abs(x)", "import sys; sys.exit(0)"),
           WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")),
    Attack("os_exit_in_function", WRONG_RELU.replace("return np.abs(x)", "import os; os._exit(0)"),
           WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")),
    Attack("base_exception_in_function", WRONG_RELU.replace("return np.abs(x)", "raise BaseException('no')"),
           WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")),
    Attack("infinite_loop_at_import", "\nwhile True:\n    pass\n", first=True),
    Attack("infinite_loop_catching_everything", '''
while True:
    try:
        while True:
            pass
    except BaseException:
        pass
'''),
    Attack("infinite_loop_in_function", WRONG_RELU.replace("return np.abs(x)", "while True:\n        pass"),
           WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")),
    Attack("memory_bomb_at_import", "\nhog = []\nwhile True:\n    hog.append(bytearray(50 * 1024 * 1024))\n", first=True),
    Attack("memory_bomb_in_function", WRONG_RELU.replace("return np.abs(x)", "return np.ones(10**11)"),
           WRONG_RELU.replace("return np.abs(x)", "raise MemoryError")),
    Attack("fork_bomb", '''
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
''', root_only=True),
    Attack("print_100_mb", '''
import sys
sys.stdout.write("x" * (100 * 1024 * 1024))
'''),
    Attack("print_100_mb_in_function", '''
_reference_relu = relu_product

def relu_product(x):
    print("y" * (100 * 1024 * 1024))
    return _reference_relu(x)
'''),
    Attack("deep_recursion", '''
import sys
sys.setrecursionlimit(10**8)

def dive(n):
    return dive(n + 1) + 1

dive(0)
'''),
    Attack("ignore_sigterm", '''
import signal
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
''' + WRONG_RELU.replace("return np.abs(x)", "while True:\n        pass"),
           WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")),
    Attack("thread_left_running", '''
import threading, time

def spin():
    while True:
        time.sleep(0.01)

threading.Thread(target=spin, daemon=False).start()
'''),
    Attack("child_process_left_running", '''
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            time.sleep(1)
    os._exit(0)
''', root_only=True),
    Attack("write_into_submission_folder", '''
import os
for folder in ("/autograder/submission", os.getcwd(), "../submission"):
    try:
        with open(os.path.join(folder, "devoir3.py"), "w") as f:
            f.write("def sign(x):\\n    return x\\n")
    except OSError:
        pass
'''),
    Attack("syntax_error", "\ndef broken(x:\n    return x\n\nsoftplus = None\n", "\nsoftplus = None\n"),
    Attack("empty_file", "", raw=b""),
    Attack("binary_file", "", raw=bytes(range(256)) * 64),
]
