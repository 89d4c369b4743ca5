"""``python -m autograder new DIR --title "…"``: a new assignment that works before anything is written in it.

The skeleton is the smallest assignment that goes through every path of the
framework: a grading.yaml with one question, a reference with its answer
between ``# BEGIN SOLUTION`` / ``# END SOLUTION``, a public case (a literal
worked out by hand), a hidden case (inputs from ``t.rng``, every regime in
every draw), a mutant that each of them catches, and the statement. The
reference scores full marks and the stubs zero from the first build, so an
instructor changes a working assignment instead of starting from a blank page.
Its texts are in the assignment's language (``fr`` or ``en``).
"""

from __future__ import annotations

import json
import keyword
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from autograder.layout import CASES, GRADING_YAML, HANDOUTS, MUTANTS, SOLUTIONS
from autograder.messages import LANGUAGES, points


@dataclass(frozen=True)
class Words:
    """The sentences of the skeleton in one language."""

    fallback_module: str
    part: str
    question: str
    module_doc: str
    function_doc: str
    what: str
    hint: str
    mistake: str  # what the feedback of the mutant says: the part of ``hint`` that names its mistake
    statement: str
    heading: str
    table_header: str
    task: str
    scale_header: str
    scale: str
    handout: str  # the statement's file name in assignment/


WORDS = {
    "fr": Words(
        fallback_module="devoir",
        part="Première partie",
        question="La moyenne d'un vecteur",
        module_doc=("{title} — le fichier à compléter.\n\n"
                    "Remplacez chaque ``raise NotImplementedError`` par votre réponse, sans renommer\n"
                    "les fonctions ni changer leurs signatures. Seul numpy est nécessaire.\n\n"
                    "Vérifiez votre travail avec ``python check.py``, puis déposez\n"
                    "``{student_file}`` sur Gradescope.\n"),
        function_doc=("Question 1a ({points}) — la moyenne d'un vecteur.\n\n"
                      "    Calculez la moyenne arithmétique des éléments de ``x``.\n\n"
                      "    Argument : ``x``, tableau de forme (n,) avec n >= 1.\n"
                      "    Retour : un réel.\n\n"
                      "    Exemple : ``mean(np.array([1.0, 2.0, 6.0]))`` → ``3.0``\n    "),
        what="la moyenne des éléments de x",
        hint="La moyenne est la somme des éléments divisée par leur nombre n.",
        mistake="divisée par leur nombre n",
        statement=("Ce devoir est corrigé automatiquement. Chaque question correspond à une ou\n"
                   "plusieurs fonctions du fichier `{student_file}` : remplacez le\n"
                   "`raise NotImplementedError` de chaque fonction par votre réponse, sans changer\n"
                   "ni les noms ni les signatures. Seul numpy est nécessaire.\n\n"
                   "Vérifiez votre travail avec `python check.py` (tests publics), puis déposez\n"
                   "`{student_file}` sur Gradescope. D'autres tests, cachés, complètent la note.\n"),
        heading="Partie",
        table_header="| id | points | ce qui est demandé | fonction(s) |",
        task="Calculer la moyenne arithmétique des éléments d'un vecteur.",
        scale_header="| partie | points |",
        scale="Barème",
        handout="enonce.md",
    ),
    "en": Words(
        fallback_module="homework",
        part="Part one",
        question="The mean of a vector",
        module_doc=("{title} — the file to complete.\n\n"
                    "Replace each ``raise NotImplementedError`` with your answer, without renaming\n"
                    "the functions or changing their signatures. Only numpy is needed.\n\n"
                    "Check your work with ``python check.py``, then upload\n"
                    "``{student_file}`` to Gradescope.\n"),
        function_doc=("Question 1a ({points}) — the mean of a vector.\n\n"
                      "    Compute the arithmetic mean of the elements of ``x``.\n\n"
                      "    Argument: ``x``, an array of shape (n,) with n >= 1.\n"
                      "    Returns: a real number.\n\n"
                      "    Example: ``mean(np.array([1.0, 2.0, 6.0]))`` → ``3.0``\n    "),
        what="the mean of the elements of x",
        hint="The mean is the sum of the elements divided by their number n.",
        mistake="divided by their number n",
        statement=("This homework is graded automatically. Each question is one or more functions\n"
                   "of the file `{student_file}`: replace the `raise NotImplementedError` of each\n"
                   "function with your answer, without changing their names or signatures. Only\n"
                   "numpy is needed.\n\n"
                   "Check your work with `python check.py` (public tests), then upload\n"
                   "`{student_file}` to Gradescope. Other, hidden tests complete the grade.\n"),
        heading="Part",
        table_header="| id | points | what is asked | function(s) |",
        task="Compute the arithmetic mean of the elements of a vector.",
        scale_header="| part | points |",
        scale="Grading scale",
        handout="handout.md",
    ),
}


def quoted(text: str) -> str:
    """``text`` as a Python (and YAML) string literal in double quotes, accents kept."""
    return json.dumps(text, ensure_ascii=False)


def module_name(folder: Path, language: str) -> str:
    """The student file's module name, from the folder's name: ASCII, lower case, a valid identifier."""
    ascii_name = unicodedata.normalize("NFKD", folder.resolve().name).encode("ascii", "ignore").decode()
    name = re.sub(r"\W+", "_", ascii_name.lower()).strip("_")
    if not name.isidentifier() or keyword.iskeyword(name):
        return WORDS[language].fallback_module
    return name


def create(folder: Path, title: str, language: str = "fr") -> list[Path]:
    """Write the skeleton of a new assignment into ``folder`` (absent or empty); return the files written."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if not title.strip() or "\n" in title or '"""' in title or "\\" in title:
        raise ValueError("the title must be one non-empty line without backslashes or triple quotes")
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} exists and is not an empty folder")
    words = WORDS[language]
    student_file = f"{module_name(folder, language)}.py"
    files = {
        GRADING_YAML: grading_yaml(title, student_file, language, words),
        SOLUTIONS / student_file: reference(title, student_file, language, words),
        CASES / "__init__.py": '"""The grading cases: ``public_1`` is handed out, ``hidden_1`` never is."""\n',
        CASES / "public_1.py": public_cases(words),
        CASES / "hidden_1.py": hidden_cases(words),
        MUTANTS / "part1.py": mutants(words),
        HANDOUTS / words.handout: statement(title, student_file, language, words),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def grading_yaml(title: str, student_file: str, language: str, words: Words) -> str:
    """One part, one question worth 1 point: half on a public case, half on a hidden one."""
    return f"""\
# The grading scheme: every question, its points, the functions it grades and its cases.
# A case named NAME with visibility V in part P is the function NAME of tests/grading/{{V}}_{{P}}.py.
assignment: {quoted(title)}
student_file: {student_file}
language: {language}     # language of the engine's own messages to students (fr or en)
timeout: 3       # seconds of wall clock per call into student code, unless a question says otherwise
budget: 300      # seconds of wall clock for one whole submission
handout: {(HANDOUTS / words.handout).as_posix()}   # the statement, handed out; the notebooks take the prompts from its table
imports: [numpy]  # modules besides the standard library a submission may import
parts:
  1: {{title: {quoted(words.part)}, points: 1}}
questions:
  - {{id: 1a, part: 1, points: 1, title: {quoted(words.question)}, functions: [mean],
     cases: [{{name: mean_public, points: 0.5, visibility: public}},
             {{name: mean_hidden, points: 0.5, visibility: hidden}}]}}
"""


def reference(title: str, student_file: str, language: str, words: Words) -> str:
    """The reference solution; the stubs handed out are derived from it by autograder.stubs."""
    module_doc = words.module_doc.format(title=title, student_file=student_file)
    function_doc = words.function_doc.format(points=points(1, language))
    return f'''\
"""{module_doc}"""

import numpy as np


def mean(x):
    """{function_doc}"""
    # BEGIN SOLUTION
    return float(np.mean(np.asarray(x, dtype=float)))
    # END SOLUTION
'''


def public_cases(words: Words) -> str:
    """A literal worked out by hand: the public case holds no answer code."""
    return f'''\
"""Public grading cases of part 1, shipped to students: literals worked out by hand, no answer code."""

from __future__ import annotations

from autograder.checking import Trial

WHAT = {quoted(words.what)}
HINT = {quoted(words.hint)}


def mean_public(t: Trial) -> None:
    """(1 + 2 + 6) / 3 = 3 and, for a single element, the element itself."""
    t.call("mean", [1.0, 2.0, 6.0]).number().close_to(3.0, what=WHAT, hint=HINT)
    t.call("mean", [-4.5]).number().close_to(-4.5, what=WHAT, hint=HINT)
'''


def hidden_cases(words: Words) -> str:
    """Inputs from ``t.rng`` with every regime in every draw; the feedback never shows an expected value."""
    return f'''\
"""Hidden grading cases of part 1: inputs drawn from ``t.rng``, never shown to students."""

from __future__ import annotations

import numpy as np

from autograder.checking import Trial, ulps

WHAT = {quoted(words.what)}
HINT = {quoted(words.hint)}


def mean_hidden(t: Trial) -> None:
    """Two to nine values, one negative and the others positive, so that the mean is at least 1/n away from 0."""
    n = int(t.rng.integers(2, 10))
    x = t.rng.permutation(np.append(-t.rng.uniform(0.5, 1.0), t.rng.uniform(2.0, 5.0, size=n - 1)))
    t.call("mean", x).number().close_to(float(np.mean(x)), rtol=0.0, atol=ulps(np.max(np.abs(x))),
                                        what=WHAT, hint=HINT)
'''


def mutants(words: Words) -> str:
    """One plausible mistake, which both cases catch."""
    return f'''\
"""Plausible wrong answers to part 1: each must lose its own question's points only."""

from __future__ import annotations

from autograder.variants import Mutant

MUTANTS: list[Mutant] = [
    Mutant("1a", "mean",
           "def mean(x):\\n"
           "    x = np.asarray(x, dtype=float)\\n"
           "    return float(np.sum(x) / (x.size - 1))\\n",
           "Divides by n - 1, as an unbiased variance does.",
           hint={quoted(words.mistake)}),
]
'''


def statement(title: str, student_file: str, language: str, words: Words) -> str:
    """The statement: one table row per question, as the notebooks read it."""
    one = points(1, language)
    return f"""\
# {title} ({one})

{words.statement.format(student_file=student_file)}
## {words.heading} 1 — {words.part} ({one})

{words.table_header}
|---|---|---|---|
| 1a | 1 | {words.task} | `mean` |

## {words.scale}

{words.scale_header}
|---|---|
| 1 — {words.part} | 1 |
| **total** | **1** |
"""
