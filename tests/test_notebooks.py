"""Notebooks are graded as Jupyter runs them, and check.py reads every file exactly as the grader does.

IPython's own syntax is transformed by :func:`autograder.pieces.transform_cell`
(IPython is not in the grading runtime); here it is compared with IPython's
own transformer on a corpus of the forms notebooks hold.
"""

from __future__ import annotations

import ast
import base64
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from autograder import bundle
from autograder.pieces import RUN_CELL_MAGICS, TIMEIT_OPTION, transform_cell
from autograder.runner import grade_path, grade_submission
from autograder.scheme import Scheme
from autograder.submission import load

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
SCHEME = Scheme.load(ROOT)
MIDDLE = [i for i in range(len(REFERENCE)) if REFERENCE.startswith("\ndef ", i)][15] + 1
FIRST_HALF, SECOND_HALF = REFERENCE[:MIDDLE], REFERENCE[MIDDLE:]

CORPUS = [
    "%matplotlib inline\nimport numpy as np",
    "!pip install scipy\nx = 1",
    "files = !ls -la\nprint(files)",
    "out = %who_ls\nx = 2",
    "np.exp?",
    "x = 1\nnp.exp??",
    "?np.exp",
    "??np.exp",
    "%pinfo np.exp",
    "%time y = 3 * 2\nz = y",
    "%timeit -n 3 -r 2 sum([1, 2])\nw = 1",
    "%%time\ndef f(x):\n    return x\nf(1)",
    "%%timeit -n 1 a = 2\nb = a + 1",
    "%%capture out\nprint('bonjour')\nv = 5",
    "%%bash\necho salut",
    "%%writefile a.py\nprint(1)",
    "%%html\n<b>gras</b>",
    "%load_ext autoreload\n%autoreload 2\nimport numpy as np",
    "s = '''\n%notmagic\n!notshell\n'''\nt = s",
    "if True:\n    %time u = 1\n    !echo dedans\n    v = 2",
    "def g():\n    return 1\ng?",
    "x = (1,\n     2)\n!echo après",
    "x = 1  # pourquoi?\ny = 2",
    "display(1)\nx = 3",
    "%config InlineBackend.figure_format = 'retina'",
    "# commentaire\n%matplotlib inline",
    "!!ls",
    "%%time?",
    "%%time\n%matplotlib inline\nq = 1",
    "d = {'a': 1,\n     'b': 2}\n%who",
]


def ipython_calls(code: str) -> dict[int, tuple[str, list[Any]]]:
    """The ``get_ipython().method(args)`` calls of IPython's transformed code, by line (1-based)."""
    calls = {}
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", "") == "get_ipython":
            calls[node.lineno] = (node.func.attr, [ast.literal_eval(a) for a in node.args])
    return calls


@pytest.mark.parametrize("cell", CORPUS)
def test_ipython_syntax_is_transformed_as_ipython_does(cell: str) -> None:
    """What IPython makes a magic, shell or help call is exactly what is skipped (or run, for %time, %timeit and
    the cell magics that run their body); every other line is IPython's own."""
    transformer = pytest.importorskip("IPython.core.inputtransformer2")
    theirs = transformer.TransformerManager().transform_cell(cell)
    ours, skipped = transform_cell(cell)
    calls = ipython_calls(theirs)
    if cell.lstrip("\n").startswith("%%") and "?" not in cell.split("\n")[0]:
        (method, (name, first, body)), = calls.values()
        assert method == "run_cell_magic"
        if name in RUN_CELL_MAGICS:
            body_code, body_skipped = transform_cell(body.rstrip("\n"))
            assert ours.split("\n", 1)[1] == body_code
            assert [(line + 1, kind) for line, kind, _ in body_skipped] == [(line, kind) for line, kind, _ in skipped]
        else:
            assert ours == "" and [(line, kind) for line, kind, _ in skipped] == [(1, "cell")]
        return
    their_lines, our_lines = theirs.rstrip("\n").split("\n"), ours.split("\n")
    assert len(their_lines) == len(our_lines)
    for number, (their, our) in enumerate(zip(their_lines, our_lines), start=1):
        margin = their[:len(their) - len(their.lstrip())]
        if number not in calls:
            assert our == their and number not in {line for line, _, _ in skipped}
            continue
        method, arguments = calls[number]
        if method == "run_line_magic" and arguments[0] in ("time", "timeit"):
            statement = arguments[1]
            while arguments[0] == "timeit" and (option := TIMEIT_OPTION.match(statement)) is not None:
                statement = statement[option.end():]
            assert our == margin + statement.strip() and number not in {line for line, _, _ in skipped}
        else:
            assert our == margin + "pass" and number in {line for line, _, _ in skipped}, (method, arguments)


# A bank of files as students hand them in --------------------------------------------------------------------------

def notebook(*sources: str, outputs: list[Any] | None = None, version: int = 4) -> str:
    if version == 3:
        return json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""}, "worksheets": [{"cells": [
            {"cell_type": "markdown", "source": ["# Devoir 3"], "metadata": {}},
            *({"cell_type": "code", "input": source.splitlines(keepends=True), "language": "python",
               "collapsed": False, "metadata": {}, "outputs": []} for source in sources)], "metadata": {}}]})
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "id": f"c{i}", "metadata": {}, "outputs": outputs or [],
         "source": source.splitlines(keepends=True)} for i, source in enumerate(sources)]})


PLOT = {"output_type": "display_data", "metadata": {},
        "data": {"image/png": base64.b64encode(bytes(range(256)) * 4800).decode("ascii"), "text/plain": ["<Figure>"]}}

BANK: dict[str, tuple[str, str]] = {
    "plots.ipynb": ("devoir3.ipynb", notebook(FIRST_HALF, SECOND_HALF, outputs=[PLOT, PLOT])),
    "magics.ipynb": ("devoir3.ipynb", notebook(
        "%matplotlib inline\n!pip install numpy\n" + FIRST_HALF,
        "%%time\n" + SECOND_HALF + "\nsign?",
        "%%bash\necho bonjour",
        "display(softmax(np.array([1.0, 2.0])))\nsoftmax??")),
    "nbformat3.ipynb": ("devoir3.ipynb", notebook(FIRST_HALF, SECOND_HALF, version=3)),
    "syntax.ipynb": ("devoir3.ipynb", notebook(FIRST_HALF.replace("def sign(x):", "def sign(x)", 1), SECOND_HALF)),
    "syntax.py": ("devoir3.py", REFERENCE.replace("def sign(x):", "def sign(x)", 1)),
    "scipy.py": ("devoir3.py", "from scipy.special import expit\n" + REFERENCE),
    "long_sum.py": ("devoir3.py", REFERENCE + "\nTOTAL = " + " + ".join(["1"] * 3000) + "\n"),
}


@pytest.fixture(scope="module")
def student_check(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """check.py of a freshly built bundle, imported with its verification/ package."""
    folder = tmp_path_factory.mktemp("bundle")
    bundle.build(ROOT, folder)
    sys.path.insert(0, str(folder / "student"))
    try:
        import check  # type: ignore[import-not-found]

        yield check
    finally:
        sys.path.remove(str(folder / "student"))
        for name in [m for m in sys.modules if m == "check" or m.startswith("verification")]:
            del sys.modules[name]


@pytest.mark.parametrize("name", sorted(BANK))
def test_check_py_reads_every_file_as_the_grader_does(student_check: Any, tmp_path: Path, name: str) -> None:
    filename, content = BANK[name]
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    spec = json.loads((Path(student_check.__file__).parent / "verification" / "cases.json").read_text())
    say = student_check.Words(spec)
    reading = student_check.Reading(path, content, say)
    submission = load(path, "devoir3.py")
    assert [(label, code, line if filename.endswith(".py") else 1) for label, _, line, code in reading.pieces] == \
        [(c.label, c.source, c.line) for c in submission.chunks]
    assert reading.problems == submission.problems
    assert reading.hidden == submission.hidden
    assert reading.imports == list(submission.imports)


def test_a_notebook_with_saved_plots_is_graded_on_its_code(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(BANK["plots.ipynb"][1], encoding="utf-8")
    assert path.stat().st_size > 2.4e6
    assert grade_path(path, SCHEME).score == 65


def test_a_notebook_whose_code_is_too_large_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(notebook(REFERENCE, "x = '" + "a" * (2 << 20) + "'"), encoding="utf-8")
    report = grade_path(path, SCHEME)
    assert report.score == 0 and report.notes == ["Le code de devoir3.ipynb fait plus de 2 Mo (sorties des cellules "
                                                  "non comptées) : ce n'est pas un devoir."]


def test_magics_run_or_are_skipped_never_the_rest_of_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(BANK["magics.ipynb"][1], encoding="utf-8")
    report = grade_path(path, SCHEME)
    assert report.score == 65
    assert report.notes == [
        "Cellule de code 1, ligne 1 : commande magique d'IPython ignorée (%matplotlib inline).",
        "Cellule de code 1, ligne 2 : commande shell ignorée (!pip install numpy).",
        f"Cellule de code 2, ligne {SECOND_HALF.count(chr(10)) + 3} : demande d'aide ignorée (sign?).",
        "Cellule de code 3 ignorée : la commande magique %%bash ne s'exécute pas pendant la correction.",
        "Cellule de code 4, ligne 2 : demande d'aide ignorée (softmax??)."]


def test_an_nbformat_3_notebook_is_graded(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.ipynb"
    path.write_text(BANK["nbformat3.ipynb"][1], encoding="utf-8")
    assert grade_path(path, SCHEME).score == 65


def test_a_function_hidden_by_a_syntax_error_is_named_in_the_results(tmp_path: Path) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text(BANK["syntax.py"][1], encoding="utf-8")
    line = BANK["syntax.py"][1].split("\n").index("def sign(x)") + 1
    report = grade_path(path, SCHEME)
    sign = [o for o in report.outcomes if o.case.question == "1a"]
    assert sign and all(f"la fonction sign n'a pas pu être lue : erreur de syntaxe dans devoir3.py, ligne {line} : "
                        "expected ':'." in o.feedback for o in sign), sign[0].feedback
    assert not any("n'est pas définie" in o.feedback for o in sign)


def load_reference(folder: Path) -> Any:
    (folder / "reference").mkdir()
    (folder / "reference" / "devoir3.py").write_text(REFERENCE, encoding="utf-8")
    return load(folder / "reference" / "devoir3.py", "devoir3.py")


def test_an_import_grading_lacks_is_named_once(tmp_path: Path, student_check: Any, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "devoir3.py"
    path.write_text(BANK["scipy.py"][1], encoding="utf-8")
    submission = load(path, "devoir3.py")
    assert submission.unavailable(SCHEME.imports) == ("scipy",)
    report = grade_submission(submission, SCHEME)
    assert [note for note in report.notes if "scipy" in note and "ModuleNotFoundError" not in note] == [
        "Votre fichier importe scipy : ce module n'est pas disponible pendant la correction (seuls la bibliothèque "
        "standard et les modules permis par le devoir le sont) ; ce qui en dépend échouera."]
    assert report.notes[0].startswith("Votre fichier importe scipy"), report.notes  # before what it explains
    assert not load_reference(tmp_path).unavailable(SCHEME.imports)
    monkeypatch.chdir(tmp_path)
    student_check.main(["1a", "--fichier", str(path)])
    printed = capsys.readouterr().out
    assert printed.count("Attention : votre fichier importe scipy, qui n'est pas disponible pendant la correction") \
        == 1


def test_a_syntax_error_in_a_cell_costs_only_its_block(tmp_path: Path) -> None:
    """Jupyter would run nothing of the cell; a broken submission must lose only what it breaks."""
    path = tmp_path / "devoir3.ipynb"
    path.write_text(BANK["syntax.ipynb"][1], encoding="utf-8")
    line = FIRST_HALF.split("\n").index("def sign(x):") + 1
    report = grade_path(path, SCHEME)
    assert report.score == SCHEME.total - next(q.points for q in SCHEME.questions if "sign" in q.functions)
    assert report.notes[0].startswith(f"Cellule de code 1, lignes {line} à ")
    assert report.notes[0].endswith(f"ignorées : erreur de syntaxe (expected ':', ligne {line}).")


@pytest.mark.parametrize("name", sorted(BANK))
def test_check_py_and_the_grader_give_the_same_public_verdicts(student_check: Any, tmp_path: Path, name: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Question by question, the points of public cases check.py secures are those the grader gives."""
    import re

    filename, content = BANK[name]
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    report = grade_path(path, SCHEME)
    graded = {q.id: sum(o.score for o in report.outcomes if o.case.question == q.id and o.case.public)
              for q in SCHEME.questions}
    capsys.readouterr()
    assert student_check.main(["--fichier", str(path)]) == 0
    printed = capsys.readouterr().out
    checked = {found.group(1): float(found.group(2).replace(",", "."))
               for found in re.finditer(r"^(\w+) +\S+ +cas publics : ([\d,]+) / ", printed, re.MULTILINE)}
    assert checked == graded, printed
