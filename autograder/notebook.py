"""The assignment as notebooks, derived from the reference, the cases and grading.yaml.

Two notebooks come out of the same sources, so that nothing is maintained twice:

* :func:`student_notebook` — the notebook of our own student bundle: the
  prompt of each question (from the statement) and the stubs of its functions
  (no otter needed);
* :func:`generate` — ``assignment/<module>.ipynb``, an otter-grader 7 master
  notebook (``otter assign``) with the reference solution between otter's
  solution markers and, per question, one otter test cell per grading case of
  grading.yaml, with the case's points and visibility.

Each test cell is self-contained: it embeds the case function of
tests/grading/, the module-level helpers it uses (found with ``ast``), those
it imports from the assignment's shared helpers (tests/grading/shared.py) and
the part of the check API (autograder/checking.py) they need with the texts of
autograder.messages that part says, then runs the case on the notebook's functions
exactly as our engine does (same Trial, same seeds for public cases, same
feedback in the assignment's language). Nothing is imported from files next to the notebook, because
otter's ``files:`` would copy them to students and the hidden case modules
must never reach them: hidden cases live only in hidden test cells, which
otter keeps out of everything it hands to students.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from autograder.layout import BEGIN_SOLUTION, CASES, SHARED
from autograder.messages import CATALOGUE, LANGUAGES, message, points
from autograder.scheme import Case, Question, Scheme
from autograder.stubs import render_stub

CHECKING = Path(__file__).with_name("checking.py")
PYTHON_VERSION = "3.11"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
ROW = re.compile(r"^\|\s*([\w.-]+)\s*\|\s*[\d,.]+\s*\|(.*)\|[^|]*\|\s*$")
"""A question's row in the statement: | id | points | prompt | function(s) |"""

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
    """The source of each top-level function or class (decorators included), by name."""
    lines = source.splitlines(keepends=True)
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            end = node.end_lineno or start
            # trailing indented comments (an ``# END SOLUTION`` marker) belong to the function
            following = end
            while following < len(lines) and (not lines[following].strip() or (
                    lines[following][:1].isspace() and lines[following].lstrip().startswith("#"))):
                following += 1
                if lines[following - 1].strip():
                    end = following
            found[node.name] = "".join(lines[start - 1:end]).rstrip() + "\n"
    return found


def question_code(scheme: Scheme, source: str, question: Question) -> str:
    """The functions of ``question``, in their order in grading.yaml, two blank lines apart."""
    functions = function_sources(source)
    missing = [name for name in question.functions if name not in functions]
    if missing:
        raise ValueError(f"question {question.id}: {', '.join(missing)} not defined in {scheme.solution_path}")
    return "\n\n".join(functions[name] for name in question.functions)


def handout(scheme: Scheme) -> tuple[dict[str, str], dict[int, str]]:
    """From the statement: the prompt of each question, and the paragraphs that open each part."""
    prompts: dict[str, str] = {}
    intros: dict[int, list[str]] = {}
    part: int | None = None
    part_heading = re.compile(rf"^## {re.escape(message('handout.part', scheme.language))} (\d+)")
    for line in scheme.handout_path.read_text(encoding="utf-8").splitlines():
        heading = part_heading.match(line)
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


def question_markdown(scheme: Scheme, question: Question, prompts: dict[str, str],
                      intros: dict[int, str], first_of_part: bool) -> str:
    """The markdown of a question (preceded by its part's heading when it opens the part)."""
    language = scheme.language
    text = ""
    if first_of_part:
        part = next(p for p in scheme.parts if p.number == question.part)
        text += message("notebook.part", language, number=part.number, title=part.title,
                        points=points(part.points, language)) + "\n\n"
        if intros.get(part.number):
            text += intros[part.number] + "\n\n"
    names = ", ".join(f"`{name}`" for name in question.functions)
    text += message("notebook.question", language, id=question.id, title=question.title,
                    points=points(question.points, language)) + "\n\n"
    if question.id in prompts:
        text += prompts[question.id] + "\n\n"
    return text + message("notebook.functions" if len(question.functions) > 1 else "notebook.function", language,
                          names=names)


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

def student_notebook(root: Path) -> dict:
    """The student notebook of our own bundle, as an nbformat 4.5 dict (stubs only, no answer)."""
    scheme = Scheme.load(Path(root))
    stub = render_stub(scheme.solution_path.read_text(encoding="utf-8"))
    prompts, intros = handout(scheme)
    cells = [cell("markdown", introduction(scheme, "notebook.student_intro"), "intro"),
             cell("code", "import numpy as np\n", "imports")]
    for question, first in questions_with_part_flags(scheme):
        cells.append(cell("markdown", question_markdown(scheme, question, prompts, intros, first),
                          f"q{question.id}-enonce"))
        cells.append(cell("code", question_code(scheme, stub, question), f"q{question.id}-code"))
    cells.append(cell("markdown", message("notebook.student_outro", scheme.language, notebook=scheme.notebook_file,
                                          student_file=scheme.student_file), "remise"))
    return notebook(cells)


def introduction(scheme: Scheme, key: str) -> str:
    """The first cell of a notebook: title, how the assignment is graded, its notation, its total."""
    language = scheme.language
    notation = message("notebook.notation", language, notation=scheme.notation) if scheme.notation else ""
    return message(key, language, assignment=scheme.assignment, notation=notation,
                   total=points(scheme.total, language))


# ---------------------------------------------------------------------------
# The otter-grader master notebook
# ---------------------------------------------------------------------------


def generate(root: Path) -> dict[Path, str | bytes]:
    """``{assignment/<module>.ipynb: master notebook JSON}`` for ``build`` to write, with copies of the data files
    beside it: otter assign takes only files under the master notebook's folder (``files:`` handed out,
    ``autograder_files:`` for its grader only)."""
    scheme = Scheme.load(Path(root))
    data = {scheme.master_path.parent / relative: (scheme.root / relative).read_bytes()
            for relative in (*scheme.data_files, *scheme.hidden_data)}
    return {scheme.master_path: dumps(master_notebook(scheme)), **data}


ASSIGNMENT_CONFIG = """\
# ASSIGNMENT CONFIG
# Generated by `python -m autograder build` from solutions/, tests/grading/ and grading.yaml:
# edit those, not this notebook.
name: {name}
python_version: "{python}"
requirements:
  - numpy>=1.26,<3
init_cell: true
check_all_cell: false
export_cell: false
run_tests: true
solutions_pdf: false
template_pdf: false
tests:
  files: true
  ok_format: false
{data}generate:
  points_possible: {total}
  show_stdout: false
  show_hidden: false
  pdf: false
"""

PROMPT_OPEN = '""" # BEGIN PROMPT'
PROMPT_CLOSE = '""" # END PROMPT'
OTTER_SOLUTION = "# BEGIN SOLUTION NO PROMPT"
# Under otter, a hidden case is seeded from the compiled code of the student's functions of its question
# (deterministic when regraded, different from one submission to the next), as our engine seeds from the file.
SUBMISSION_SEED = '''\
def _code_digest(code, digest):
    digest.update(code.co_code)
    for constant in code.co_consts:
        if hasattr(constant, "co_code"):
            _code_digest(constant, digest)
        else:
            digest.update(repr(constant).encode())
def _submission_seed(case, names):
    import hashlib
    digest = hashlib.sha256(case.encode())
    for name in names:
        code = getattr(env.get(name), "__code__", None)
        if code is not None:
            _code_digest(code, digest)
    return int.from_bytes(digest.digest()[:8], "big")
'''

def otter_solution(source: str) -> str:
    """Each marked block shown to students as ``raise NotImplementedError`` (an otter prompt), the answer hidden."""
    output = []
    for line in source.splitlines(keepends=True):
        marker = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if marker == BEGIN_SOLUTION:
            output += [f"{indent}{PROMPT_OPEN}\n", f"{indent}raise NotImplementedError\n",
                       f"{indent}{PROMPT_CLOSE}\n", f"{indent}{OTTER_SOLUTION}\n"]
        else:  # the code, and the ``# END SOLUTION`` marker otter shares with us
            output.append(line)
    return "".join(output)


# --- the project's cases, turned into self-contained otter test functions ---


class _Unannotate(ast.NodeTransformer):
    """Drop argument and return annotations: nested in a test function, they would be evaluated eagerly."""

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        self.generic_visit(node)
        node.returns = None
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        self.generic_visit(node)
        if node.value is not None and isinstance(node.target, ast.Name) and not getattr(self, "in_class", False):
            return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        outer, self.in_class = getattr(self, "in_class", False), True
        self.generic_visit(node)
        self.in_class = outer
        return node


def _strip_docstrings(node: ast.AST) -> ast.AST:
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.ClassDef)) and child.body \
                and isinstance(child.body[0], ast.Expr) and isinstance(child.body[0].value, ast.Constant) \
                and isinstance(child.body[0].value.value, str):
            child.body = child.body[1:] or [ast.Pass()]
    return node


class CaseModule:
    """A case module (or the check API) as top-level definitions, for dependency closures."""

    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.definitions: dict[str, ast.stmt] = {}
        self.imports: list[ast.stmt] = []
        self.from_checking: set[str] = set()
        self.from_shared: set[str] = set()  # names imported from the assignment's shared helpers
        self.from_messages: set[str] = set()  # the check API's own import of its texts
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                self.definitions[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            self.definitions[name.id] = node
            elif isinstance(node, ast.ImportFrom) and (node.level, node.module) == (0, "autograder.checking"):
                self.from_checking |= {alias.asname or alias.name for alias in node.names}
            elif path == CHECKING and isinstance(node, ast.ImportFrom) and (node.level, node.module) == (1, "messages"):
                self.from_messages |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.level, node.module) == (1, SHARED):
                if any(alias.asname for alias in node.names):
                    raise ValueError(f"{path}:{node.lineno}: import the shared helpers under their own names "
                                     "(no `as`): otter tests embed their definitions")
                self.from_shared |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("autograder")):
                raise ValueError(f"{path}:{node.lineno}: only `from autograder.checking import ...` and "
                                 f"`from .{SHARED} import ...` can be embedded in otter tests")
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != "__future__":
                self.imports.append(node)

    def closure(self, names: set[str]) -> tuple[list[ast.stmt], set[str]]:
        """The definitions ``names`` need (in module order), and the checking names they use."""
        wanted: set[int] = set()
        pending = [self.definitions[n] for n in names if n in self.definitions]
        used_checking = {n for n in names if n in self.from_checking}
        while pending:
            node = pending.pop()
            if id(node) in wanted:
                continue
            wanted.add(id(node))
            for name in self.names(node):
                if name in self.definitions and id(self.definitions[name]) not in wanted:
                    pending.append(self.definitions[name])
                elif name in self.from_checking:
                    used_checking.add(name)
        ordered = [node for node in self.tree.body if id(node) in wanted]
        return ordered, used_checking

    def shared_names(self, nodes: list[ast.stmt]) -> set[str]:
        """The names of the shared helpers that ``nodes`` use."""
        return {name for node in nodes for name in self.names(node) if name in self.from_shared}

    def names(self, node: ast.stmt) -> set[str]:
        """The names ``node`` mentions (computed once)."""
        cache = self.__dict__.setdefault("_names", {})
        if id(node) not in cache:
            cache[id(node)] = {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}
        return cache[id(node)]

    def embedded(self, nodes: list[ast.stmt], docstrings: bool) -> list[str]:
        """:func:`embedded_source` of ``nodes``, each rendered once."""
        cache = self.__dict__.setdefault("_embedded", {})
        for node in nodes:
            if (id(node), docstrings) not in cache:
                cache[id(node), docstrings] = embedded_source([node], docstrings)[0]
        return [cache[id(node), docstrings] for node in nodes]

    def import_lines(self) -> list[str]:
        return [ast.unparse(node) for node in self.imports]


def embedded_messages(nodes: list[ast.stmt], language: str) -> str:
    """What the embedded check API imports from autograder.messages: the texts ``nodes`` name, in ``language`` only.

    Each test cell must stand alone, and the whole catalogue in every cell would bloat the notebook.
    """
    keys = sorted({child.value for node in nodes for child in ast.walk(node)
                   if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value in CATALOGUE})
    texts = {key: CATALOGUE[key][LANGUAGES.index(language)] for key in keys}
    return (f"DEFAULT_LANGUAGE = {language!r}\n_MESSAGES = {texts!r}\n\n"
            "def message(key, language=DEFAULT_LANGUAGE, **fields):\n    return _MESSAGES[key].format(**fields)")


def embedded_source(nodes: list[ast.stmt], docstrings: bool) -> list[str]:
    """The nodes as they are embedded in a test function (no argument annotations, maybe no docstrings)."""
    rendered = []
    for node in nodes:
        node = _Unannotate().visit(copy.deepcopy(node))
        if not docstrings:
            node = _strip_docstrings(node)
        ast.fix_missing_locations(node)
        rendered.append(ast.unparse(node))
    return rendered


RUNNER = '''\
def _call_student(name, *args, **kwargs):
    function = env.get(name)
    if not callable(function):
        raise NameError({missing})
    return _answer(function, args, kwargs, isinstance(function, type))  # the Trial passes copies, compares after
def _answer(function, args, kwargs, objects=True):
    answer = function(*[as_object(a) for a in args], **{{k: as_object(v) for k, v in kwargs.items()}})
    return as_answer(answer) if objects else answer
_call_student.method = lambda ref, name, *args, **kwargs: _answer(getattr(ref.key, name), args, kwargs)
_call_student.attribute = lambda ref, name: as_answer(getattr(ref.key, name))
_call_student.seed = seed_student
{seeding}_seed = {seed}
_trial = Trial(_call_student, np.random.default_rng(_seed), public={public}, seed=_seed)
try:
    with np.errstate(all="ignore"):
        {case}(_trial)
except Failure as _failure:
    _lines = [str(_failure.rationale)]
{reference}    if _failure.hint:
        _lines.append({hint} + str(_failure.hint))
    raise AssertionError("\\n".join(_lines)) from None
except Exception:
    raise AssertionError({uncheckable!r}) from None
'''


def otter_data(scheme: Scheme) -> str:
    """The assignment config's lists of data files: handed out, and for otter's grader only."""
    lines = [f"{key}:\n" + "".join(f"  - {relative}\n" for relative in listed)
             for key, listed in (("files", scheme.data_files), ("autograder_files", scheme.hidden_data)) if listed]
    return "".join(lines)


def otter_seed(scheme: Scheme, case: Case) -> str:
    """The seed expression of a case under otter: our engine's seed for a public case, the submission's for a hidden one."""
    from autograder.runner import case_seed

    if case.public:
        return str(case_seed(case, b""))
    return f"_submission_seed({case.name!r}, {list(scheme.question(case.question).functions)!r})"


def literal(text: str) -> str:
    """``text`` as a double-quoted Python string literal."""
    return json.dumps(text, ensure_ascii=False)


def case_cell(scheme: Scheme, case: Case, modules: dict[str, CaseModule], checking: CaseModule,
              shared: CaseModule | None = None) -> str:
    """An otter exception-based test cell running ``case`` on the notebook's functions."""
    language = scheme.language
    module = modules[case.module]
    nodes, used = module.closure({case.name})
    shared_nodes: list[ast.stmt] = []
    if wanted := module.shared_names(nodes):
        if shared is None:
            raise ValueError(f"{case.module}.py imports {', '.join(sorted(wanted))} from .{SHARED}, "
                             f"but {CASES.as_posix()}/{SHARED}.py does not exist")
        if missing := sorted(wanted - set(shared.definitions)):
            raise ValueError(f"{case.module}.py imports {', '.join(missing)} from .{SHARED}, which does not define it")
        shared_nodes, shared_used = shared.closure(wanted)
        used |= shared_used
    checking_nodes, _ = checking.closure(used | {"Trial", "Failure", "as_answer", "as_object", "seed_student"})
    imports = list(dict.fromkeys(["import copy", *checking.import_lines(),
                                  *(shared.import_lines() if shared_nodes and shared else []),
                                  *module.import_lines()]))
    reference = ("    if _failure.reference:\n        _lines.append(str(_failure.reference))\n" if case.public
                 else f"    _lines.append({message('feedback.hidden', language)!r})\n")
    body = "\n".join([
        *imports,
        embedded_messages(checking_nodes, language),
        *checking.embedded(checking_nodes, docstrings=False),
        *(shared.embedded(shared_nodes, docstrings=True) if shared_nodes and shared else []),
        *module.embedded(nodes, docstrings=True),
        RUNNER.format(seed=otter_seed(scheme, case), seeding="" if case.public else SUBMISSION_SEED,
                      public=case.public, case=case.name, reference=reference,
                      missing="f" + literal(message("call.missing", language, name="{name}")),
                      hint=literal(message("feedback.hint", language, hint="")),
                      uncheckable=message("case.uncheckable", language)),
    ])
    doc = message("notebook.test", language, question=case.question,
                  visibility=message(f"visibility.{case.visibility}", language), case=case.name,
                  points=points(case.points, language), module=f"tests/grading/{case.module}.py")
    function = f"def test_{case.name}(env):\n" + textwrap.indent(f'"""{doc}"""\n{body}', "    ")
    config = f"points: {case.points:g}\n" + ("" if case.public else "hidden: true\n")
    return f'""" # BEGIN TEST CONFIG\n{config}""" # END TEST CONFIG\n{function}'


def master_notebook(scheme: Scheme) -> dict:
    """The otter-grader 7 master notebook, as an nbformat 4.5 dict."""
    solution = otter_solution(scheme.solution_path.read_text(encoding="utf-8"))
    prompts, intros = handout(scheme)
    folder = scheme.root / CASES
    checking = CaseModule(CHECKING)
    modules = {name: CaseModule(folder / f"{name}.py") for name in sorted({c.module for c in scheme.cases})}
    shared = CaseModule(folder / f"{SHARED}.py") if (folder / f"{SHARED}.py").is_file() else None
    total = f"{scheme.total:g}"
    cells = [
        cell("raw", ASSIGNMENT_CONFIG.format(name=scheme.module, python=PYTHON_VERSION, total=total,
                                             data=otter_data(scheme)),
             "assignment-config"),
        cell("markdown", introduction(scheme, "notebook.master_intro"), "intro"),
        cell("code", "import numpy as np\n", "imports"),
    ]
    for question, first in questions_with_part_flags(scheme):
        q = f"q{question.id}"
        cells += [
            cell("raw", f'# BEGIN QUESTION\nname: "{question.id}"\npoints: {question.points:g}\n', f"{q}-begin"),
            cell("markdown", question_markdown(scheme, question, prompts, intros, first), f"{q}-enonce"),
            cell("raw", "# BEGIN SOLUTION\n", f"{q}-solution-begin"),
            cell("code", question_code(scheme, solution, question), f"{q}-solution"),
            cell("raw", "# END SOLUTION\n", f"{q}-solution-end"),
            cell("raw", "# BEGIN TESTS\n", f"{q}-tests-begin"),
            *[cell("code", case_cell(scheme, case, modules, checking, shared), f"{q}-test-{case.name}"[:64])
              for case in question.cases],
            cell("raw", "# END TESTS\n", f"{q}-tests-end"),
            cell("raw", "# END QUESTION\n", f"{q}-end"),
        ]
    cells.append(cell("markdown", message("notebook.master_outro", scheme.language, notebook=scheme.notebook_file),
                      "remise"))
    return notebook(cells)
