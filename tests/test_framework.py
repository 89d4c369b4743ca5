"""The engine is a framework: no file of ``autograder/`` names an assignment.

Everything about an assignment lives in its own folder. This test reads the
grading.yaml of every assignment of the repository (Devoir 3 at the root, the
examples) and looks, in every file of the package, for what would tie the
engine to one of them:

* its title, its course (``IFT``, ``6390``) and its module name (``devoir3``,
  ``echauffement``), anywhere in the text, comments included;
* the names of the functions it grades and its question ids inside string
  literals (code may well call ``np.sign``, but a message must not mention
  ``sign``): a question id or a name with an underscore as a whole word, a
  name that is also an English word (``sign``, ``traces``) only as code
  (``sign(``, ```sign```, or the whole literal), so that "a sign error" in the
  English catalogue is not taken for Devoir 3's function. Format
  specifications (the ``.1f`` of ``{x:.1f}``) and keys of the message
  catalogue (``"hint.sign"``) are the engine's own, not an assignment's, and
  are skipped. The skeleton of ``new`` is the one module
  allowed a question id: the first question of the assignments it writes is
  ``1a``, as it is in most assignments.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from autograder.messages import CATALOGUE
from autograder.scheme import ROOT, Scheme

PACKAGE = ROOT / "autograder"
ASSIGNMENTS = [ROOT, *sorted(p.parent for p in (ROOT / "examples").glob("*/grading.yaml"))]
COURSE = ("IFT", "6390", "Devoir 3")
KEY_PREFIXES = {key.rsplit(".", depth)[0] + "." for key in CATALOGUE for depth in (1, 2) if key.count(".") >= depth}
SKELETON = PACKAGE / "skeleton.py"


def package_files() -> list[Path]:
    """Every text file of the package (sources, the student's check.py, schemas)."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def literals(path: Path) -> list[str]:
    """The string literals of a Python file (f-strings included, their constant parts), without format
    specifications and catalogue keys; the whole text of any other file."""
    if path.suffix != ".py":
        return [path.read_text(encoding="utf-8")]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    specs = {id(spec) for node in ast.walk(tree) if isinstance(node, ast.FormattedValue) and node.format_spec
             for spec in ast.walk(node.format_spec)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in specs
            and node.value not in CATALOGUE and node.value not in KEY_PREFIXES]


def mentioned(names: set[str], texts: list[str]) -> set[str]:
    """The names that ``texts`` mention: as whole words, or only as code for a plain word (see above)."""
    found = set()
    for name in names:
        word = re.escape(name)
        if not name.isidentifier():  # a question id; not the start of a number such as 1e-9
            pattern = rf"(?<![\w.]){word}(?![\w]|[-+]\d)"
        elif "_" in name:
            pattern = rf"(?<![\w]){word}(?![\w])"
        else:
            pattern = rf"(?<![\w.]){word}\(|`{word}`|^{word}$"
        if any(re.search(pattern, text) for text in texts):
            found.add(name)
    return found


@pytest.mark.parametrize("root", ASSIGNMENTS, ids=[p.name for p in ASSIGNMENTS])
def test_the_package_names_no_assignment(root: Path) -> None:
    scheme = Scheme.load(root)
    anywhere = [scheme.assignment, scheme.module, *COURSE]
    functions = {name for q in scheme.questions for name in q.functions}
    ids = {q.id for q in scheme.questions}
    found = {}
    for path in package_files():
        text = path.read_text(encoding="utf-8")
        named = {word for word in anywhere if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE)}
        strings = literals(path)
        named |= mentioned(functions, strings)
        if path != SKELETON:
            named |= mentioned(ids, strings)
        if named:
            found[path.relative_to(ROOT).as_posix()] = sorted(named)
    assert not found, f"autograder/ names the assignment of {root.name}: {found}"


def test_the_search_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan is not vacuous: a message naming a function or a question id is caught; a catalogue key, a format
    specification and prose are not."""
    sample = tmp_path / "sample.py"
    sample.write_text('np.sign(x)\nsay("hint.sign")\nlabel = f"{q}: la question 1e, {t:.1f} s, 1e-9 près"\n'
                      'text = "call sign(x), a sign error"\nother = "see `log_sigmoid` and mean_variance"\n',
                      encoding="utf-8")
    found = mentioned({"sign", "1e", "1f", "softmax", "mean_variance", "log_sigmoid", "error"}, literals(sample))
    assert found == {"sign", "1e", "mean_variance", "log_sigmoid"}
