"""The homework as notebooks, derived from the reference, the cases and grading.yaml.

Two notebooks come out of the same sources, so that nothing is maintained twice:

* :func:`student_notebook` — the notebook of our own student bundle: the French
  prompt of each question and the stubs of its functions (no otter needed);
* :func:`generate` — ``assignment/devoir3.ipynb``, an otter-grader 7 master
  notebook (``otter assign``) with the reference solution between otter's
  solution markers and, per question, test cells that run the project's own
  grading cases (public ones by import, hidden ones embedded in hidden test
  cells, which otter keeps out of everything it hands to students).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from autograder.scheme import Case, Question, Scheme
from autograder.stubs import BEGIN_MARKER, END_MARKER, SOLUTION_PATH, render_stub

MASTER_PATH = Path("assignment") / "devoir3.ipynb"
HANDOUT_PATH = Path("assignment") / "enonce.md"
PYTHON_VERSION = "3.11"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
ROW = re.compile(r"^\|\s*(\d[a-z])\s*\|\s*[\d,.]+\s*\|(.*)\|[^|]*\|\s*$")

# ---------------------------------------------------------------------------
# Shared pieces: cells, prompts, per-function source
# ---------------------------------------------------------------------------


def cell(kind: str, source: str, cell_id: str, **metadata: Any) -> dict:
    """An nbformat 4.5 cell with a stable id (and, for code, no output yet)."""
    lines = source.splitlines(keepends=True)
    made: dict[str, Any] = {"cell_type": kind, "id": cell_id, "metadata": dict(metadata), "source": lines}
    if kind == "code":
        made["execution_count"] = None
        made["outputs"] = []
    return made


def notebook(cells: list[dict]) -> dict:
    """An nbformat 4.5 notebook for a Python 3 kernel."""
    return {"cells": cells, "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)},
            "nbformat": 4, "nbformat_minor": 5}


def dumps(nb: dict) -> str:
    """The JSON text Jupyter itself writes (indent 1, UTF-8 kept), with a final newline."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def function_sources(source: str) -> dict[str, str]:
    """The source of each top-level function (decorators included), by name."""
    lines = source.splitlines(keepends=True)
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            found[node.name] = "".join(lines[start - 1:node.end_lineno]).rstrip() + "\n"
    return found


def question_code(source: str, question: Question) -> str:
    """The functions of ``question``, in their order in grading.yaml, two blank lines apart."""
    functions = function_sources(source)
    missing = [name for name in question.functions if name not in functions]
    if missing:
        raise ValueError(f"question {question.id}: {', '.join(missing)} not defined in {SOLUTION_PATH}")
    return "\n\n".join(functions[name] for name in question.functions)


def handout(root: Path) -> tuple[dict[str, str], dict[int, str]]:
    """From enonce.md: the French prompt of each question, and the paragraphs that open each part."""
    prompts: dict[str, str] = {}
    intros: dict[int, list[str]] = {}
    part: int | None = None
    for line in (root / HANDOUT_PATH).read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## Partie (\d+)", line)
        if heading:
            part = int(heading.group(1))
            intros[part] = []
            continue
        if line.startswith("## "):
            part = None
            continue
        row = ROW.match(line)
        if row:
            prompts[row.group(1)] = row.group(2).strip()
        elif part is not None and not line.startswith("|"):
            intros[part].append(line)
    return prompts, {n: "\n".join(text).strip() for n, text in intros.items()}


def points(value: float) -> str:
    """French rendering of a number of points: 1 point, 2 points, 1,5 point."""
    text = f"{value:g}".replace(".", ",")
    return f"{text} point" + ("s" if value >= 2 else "")


def question_markdown(scheme: Scheme, question: Question, prompts: dict[str, str],
                      intros: dict[int, str], first_of_part: bool) -> str:
    """The markdown of a question (preceded by its part's heading when it opens the part)."""
    text = ""
    if first_of_part:
        part = next(p for p in scheme.parts if p.number == question.part)
        text += f"# Partie {part.number} — {part.title} ({points(part.points)})\n\n"
        if intros.get(part.number):
            text += intros[part.number] + "\n\n"
    names = ", ".join(f"`{name}`" for name in question.functions)
    text += f"## Question {question.id} — {question.title} ({points(question.points)})\n\n"
    if question.id in prompts:
        text += prompts[question.id] + "\n\n"
    text += f"Fonction{'s' if len(question.functions) > 1 else ''} à compléter : {names}."
    return text


def questions_with_part_flags(scheme: Scheme) -> list[tuple[Question, bool]]:
    seen: set[int] = set()
    flagged = []
    for question in scheme.questions:
        flagged.append((question, question.part not in seen))
        seen.add(question.part)
    return flagged


# ---------------------------------------------------------------------------
# The notebook of our own student bundle
# ---------------------------------------------------------------------------

STUDENT_INTRO = """\
# {assignment}

Ce devoir est corrigé automatiquement. Chaque question correspond à une ou
plusieurs fonctions, dans la cellule de code qui suit son énoncé : remplacez le
`raise NotImplementedError` de chaque fonction par votre réponse, sans changer
ni les noms ni les signatures. Seul numpy est nécessaire (et permis). La
docstring de chaque fonction précise les formes des arguments et la valeur à
renvoyer. Exécutez d'abord la cellule `import numpy as np`.

**Notation.** sigma(x) = 1 / (1 + exp(-x)) ; softplus(x) = ln(1 + exp(x)) ;
H est la fonction de Heaviside avec H(0) = 1/2 ; S(x) est le softmax,
S(x)_i = exp(x_i) / somme_j exp(x_j). Les vecteurs sont des tableaux numpy de
forme `(n,)`, les indices et les classes commencent à 0 (classes 0..m-1). Les
calculs doivent rester stables pour de grandes entrées (±1000, voire plus).

Total : {total}.
"""

STUDENT_OUTRO = """\
## Vérifier et remettre

Vérifiez votre travail avec les tests publics : enregistrez ce notebook sous le
nom `devoir3.ipynb` dans le dossier du devoir, puis lancez `python check.py`
dans un terminal. D'autres tests, cachés, complètent la note.

Déposez ensuite sur Gradescope **un seul** fichier : `devoir3.py` ou ce notebook
`devoir3.ipynb` (toutes les cellules de code sont exécutées dans l'ordre ; les
commandes magiques `%...` et `!...` sont ignorées).
"""


def student_notebook(root: Path) -> dict:
    """The student notebook of our own bundle, as an nbformat 4.5 dict (stubs only, no answer)."""
    root = Path(root)
    scheme = Scheme.load(root)
    stub = render_stub((root / SOLUTION_PATH).read_text(encoding="utf-8"))
    prompts, intros = handout(root)
    cells = [cell("markdown", STUDENT_INTRO.format(assignment=scheme.assignment, total=points(scheme.total)),
                  "intro"),
             cell("code", "import numpy as np\n", "imports")]
    for question, first in questions_with_part_flags(scheme):
        cells.append(cell("markdown", question_markdown(scheme, question, prompts, intros, first),
                          f"q{question.id}-enonce"))
        cells.append(cell("code", question_code(stub, question), f"q{question.id}-code"))
    cells.append(cell("markdown", STUDENT_OUTRO, "remise"))
    return notebook(cells)


# ---------------------------------------------------------------------------
# The otter-grader master notebook
# ---------------------------------------------------------------------------


def generate(root: Path) -> dict[Path, str]:
    """``{assignment/devoir3.ipynb: master notebook JSON}`` for ``build`` to write."""
    root = Path(root)
    return {root / MASTER_PATH: dumps(master_notebook(root))}


def master_notebook(root: Path) -> dict:
    raise NotImplementedError  # written below, once otter's format is pinned down
