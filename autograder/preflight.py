"""What the instructor commands check before anything runs: grading.yaml and the files it ties together.

An authoring mistake must stop ``build`` or ``verify`` with one line naming
where it is, not reach a student as "the result could not be checked". Two
levels:

* :func:`load_scheme` — grading.yaml against the published JSON Schema
  (autograder/schemas/grading.schema.json: unknown keys, types, required
  keys), then the sums and names :meth:`Scheme.validate` checks; every error
  names the file, its line, the question and the case.
* :func:`check_sources` (every instructor command) — the statement exists,
  and the reference, its markers, the stubs it gives, the case modules and
  what grading.yaml says of them agree: every named case is
  defined, every case function is named, every graded function exists in the
  reference and the stubs and is called by its question's cases.

The schema check needs ``jsonschema``, an instructor dependency: the grader
inside the Gradescope zip does not check again, it trusts a grading.yaml that
``build`` checked.
"""

from __future__ import annotations

import ast
import difflib
import json
import traceback
from pathlib import Path
from typing import Any

import yaml

from autograder.layout import CASES, GRADING_YAML, SHARED, shown
from autograder.scheme import AuthoringError, Scheme, SchemeError

SCHEMA = Path(__file__).with_name("schemas") / "grading.schema.json"


# ---------------------------------------------------------------------------
# grading.yaml
# ---------------------------------------------------------------------------


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML file and its node tree (which keeps the line of every value)."""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise AuthoringError([f"{shown(path)}:{line}: not valid YAML: {error.problem or error}"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuthoringError([f"{shown(path)}: cannot be read ({error})"]) from None


def node_at(node: yaml.Node | None, path: list[Any]) -> yaml.Node | None:
    """The deepest node of the tree along ``path`` (mapping keys compared as text, list indices)."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            break
        node = found
    return node


def place(data: Any, path: list[Any]) -> str:
    """``question ID, case NAME: `` (or ``part 2: ``) for a path into grading.yaml, or nothing."""
    words = []
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        question = _get(data, ["questions", path[1]])
        words.append(f"question {question.get('id', path[1] + 1) if isinstance(question, dict) else path[1] + 1}")
        if len(path) >= 4 and path[2] == "cases" and isinstance(path[3], int):
            case = _get(data, path[:4])
            words.append(f"case {case.get('name', path[3] + 1) if isinstance(case, dict) else path[3] + 1}")
    elif len(path) >= 2 and path[0] == "parts":
        words.append(f"part {path[1]}")
    return ", ".join(words) + ": " if words else ""


def _get(data: Any, path: list[Any]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def unknown_key(key: str, known: list[str]) -> str:
    """An unknown key, with the known key it was probably meant as."""
    close = difflib.get_close_matches(key, known, n=1)
    return f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})")


def schema_problem(error: Any) -> str:
    """A jsonschema error in a few plain words."""
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing (required)")
    name = error.absolute_path[-1] if error.absolute_path else "grading.yaml"
    return f"{name}: {error.message}"


def with_text_keys(data: Any) -> Any:
    """The data with every mapping key as text, as JSON (and the schema's propertyNames) sees it."""
    if isinstance(data, dict):
        return {str(key): with_text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [with_text_keys(value) for value in data]
    return data


def check_yaml(root: Path) -> None:
    """grading.yaml of ``root`` against the schema: every error one line, ``file:line: question, case: what``."""
    try:
        import jsonschema
    except ImportError:
        raise AuthoringError([f"{shown(root / GRADING_YAML)}: cannot be checked: the instructor commands need "
                              "jsonschema (pip install -e '.[dev]')"]) from None
    path = root / GRADING_YAML
    data, tree = read_yaml(path)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    found = []
    for error in validator.iter_errors(with_text_keys(data)):
        where = list(error.absolute_path)
        node = node_at(tree, where)
        if error.validator == "additionalProperties" and isinstance(node, yaml.MappingNode):
            known = sorted(error.schema.get("properties", {}))
            for key, _ in node.value:  # each unknown key on its own line
                if key.value not in known:
                    found.append((key.start_mark.line + 1, f"{shown(path)}:{key.start_mark.line + 1}: "
                                  f"{place(data, where)}{unknown_key(key.value, known)}"))
            continue
        line = node.start_mark.line + 1 if node is not None else 1
        found.append((line, f"{shown(path)}:{line}: {place(data, where)}{schema_problem(error)}"))
    if found:
        raise AuthoringError([text for _, text in sorted(found)])


def load_scheme(root: Path) -> Scheme:
    """The scheme of ``root``, checked against the schema and itself; :class:`AuthoringError` naming the line."""
    check_yaml(root)
    try:
        return Scheme.load(root)
    except SchemeError as error:
        raise AuthoringError([scheme_line(root, error)]) from None


def scheme_line(root: Path, error: SchemeError) -> str:
    """A SchemeError as ``file:line: question, case: what``, the line found from its question, case or part."""
    path = root / GRADING_YAML
    data, tree = read_yaml(path)
    where: list[Any] = []
    if error.part is not None:
        where = ["parts", error.part]
    elif error.question is not None:
        questions = data.get("questions", []) if isinstance(data, dict) else []
        index = next((i for i, q in enumerate(questions) if str(q.get("id")) == error.question), None)
        if index is not None:
            where = ["questions", index]
            if error.case is not None:
                cases = questions[index].get("cases", [])
                at = next((j for j, c in enumerate(cases) if c.get("name") == error.case), None)
                where += ["cases", at] if at is not None else ["cases"]
    node = node_at(tree, where)
    line = node.start_mark.line + 1 if node is not None else 1
    return f"{shown(path)}:{line}: {place(data, where)}{error}"


def case_line(scheme: Scheme, qid: str, case: str | None = None) -> str:
    """``grading.yaml:line: question, case: `` for a question (and one of its cases)."""
    error = SchemeError("", question=qid, case=case)
    return scheme_line(scheme.root, error)


# ---------------------------------------------------------------------------
# The files grading.yaml ties together
# ---------------------------------------------------------------------------


def parse(path: Path) -> ast.Module:
    """The syntax tree of an authored Python file; a syntax error names its file and line."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as error:
        raise AuthoringError([f"{shown(path)}:{error.lineno or 1}: syntax error: {error.msg}"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuthoringError([f"{shown(path)}: cannot be read ({error})"]) from None


def top_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def top_definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    """The top-level functions and classes: what ``functions:`` of grading.yaml may name (a class is graded
    through ``t.new``)."""
    return {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def mentioned_strings(tree: ast.Module, start: str, shared: ast.Module | None) -> set[str]:
    """Every string literal of ``start`` and of the module-level definitions it uses (the shared module's too)."""
    definitions: dict[str, ast.AST] = {}
    for module in filter(None, (shared, tree)):
        for node in module.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                definitions[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            definitions[name.id] = node
    strings, seen, pending = set(), set(), [start]
    while pending:
        node = definitions.get(pending.pop())
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                strings.add(child.value)
            elif isinstance(child, ast.Name) and child.id in definitions:
                pending.append(child.id)
    return strings


def check_reference(scheme: Scheme) -> list[str]:
    """The reference parses, its markers pair up, and every graded function is in it and in the stubs it gives."""
    from autograder.stubs import render_stub

    path = scheme.solution_path
    if not path.is_file():
        return [f"{shown(path)}: the reference is missing (student_file of grading.yaml is {scheme.student_file})"]
    reference = top_definitions(parse(path))
    try:
        stub_source = render_stub(path.read_text(encoding="utf-8"))
    except ValueError as error:  # "line N: ..." from the marker check
        text = str(error)
        line, _, what = text.partition(": ") if text.startswith("line ") else ("line 1", "", text)
        return [f"{shown(path)}:{line.removeprefix('line ')}: {what}"]
    try:
        stubs = top_definitions(ast.parse(stub_source))
    except SyntaxError as error:
        return [f"{shown(path)}: the stubs it gives do not parse (line {error.lineno} of the stubs: {error.msg}): "
                "a marked block must hold whole statements"]
    problems = []
    for question in scheme.questions:
        for name in question.functions:
            if name not in reference:
                problems.append(f"{case_line(scheme, question.id)}function {name} is not defined in {shown(path)}")
            elif name not in stubs:
                problems.append(f"{case_line(scheme, question.id)}function {name} disappears from the stubs: its "
                                f"def line lies between markers in {shown(path)}")
    return problems


def check_cases(scheme: Scheme) -> list[str]:
    """Case modules parse and import, every named case is defined, every case function is named and calls its
    question's functions."""
    folder = scheme.root / CASES
    shared_path = folder / f"{SHARED}.py"
    shared = parse(shared_path) if shared_path.is_file() else None
    trees = {}
    for path in sorted([*folder.glob("public_*.py"), *folder.glob("hidden_*.py")]):
        trees[path.stem] = parse(path)
    problems = []
    named = {(case.module, case.name) for case in scheme.cases}
    for case in scheme.cases:
        tree = trees.get(case.module)
        if tree is None or case.name not in top_functions(tree):
            problems.append(f"{case_line(scheme, case.question, case.name)}case {case.name} is not defined in "
                            f"{shown(folder / (case.module + '.py'))}")
    for module, tree in trees.items():
        for name, node in top_functions(tree).items():
            if not name.startswith("_") and (module, name) not in named:
                problems.append(f"{shown(folder / (module + '.py'))}:{node.lineno}: function {name} is not a case "
                                "of grading.yaml: name it there, or start its name with _ if it is a helper")
    for question in scheme.questions:
        strings = set()
        for case in question.cases:
            if case.module in trees:
                strings |= mentioned_strings(trees[case.module], case.name, shared)
        for name in question.functions:
            if name not in strings:
                problems.append(f"{case_line(scheme, question.id)}function {name} is never called by the cases of "
                                f"question {question.id} (t.call({name!r}, ...))")
    if problems:
        return problems
    try:
        for case in scheme.cases:
            scheme.case_function(case)
    except Exception as error:  # the author's module raised while importing: name the line of their file
        return [f"{raised_at(error, folder)}: {type(error).__name__} while importing the cases: {error}"]
    return []


def raised_at(error: BaseException, folder: Path) -> str:
    """``file:line`` of the deepest frame of ``error`` inside ``folder`` (the case modules)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if Path(frame.filename).resolve().is_relative_to(folder.resolve()):
            return f"{shown(Path(frame.filename))}:{frame.lineno}"
    return shown(folder)


def check_handout(scheme: Scheme) -> list[str]:
    """The statement, the errata and the data files grading.yaml names are files of the assignment."""
    named = {"handout": scheme.handout, **({"errata": scheme.errata} if scheme.errata else {})}
    path = scheme.root / GRADING_YAML
    data, tree = read_yaml(path)
    problems = []
    for key, relative in named.items():
        if not (scheme.root / relative).is_file():
            node = node_at(tree, [key]) if isinstance(data, dict) and key in data else None
            line = node.start_mark.line + 1 if node is not None else 1
            problems.append(f"{shown(path)}:{line}: {key} {relative.as_posix()} is not a file of the assignment")
    for kind, listed in (("files", scheme.data_files), ("hidden", scheme.hidden_data)):
        for index, relative in enumerate(listed):
            if not (scheme.root / relative).is_file():
                node = node_at(tree, ["data", kind, index])
                line = node.start_mark.line + 1 if node is not None else 1
                problems.append(f"{shown(path)}:{line}: data {kind} {relative} is not a file of the assignment")
    return problems


def check_sources(scheme: Scheme) -> None:
    """Everything :func:`check_handout`, :func:`check_reference` and :func:`check_cases` find, at once."""
    problems = check_handout(scheme) + check_reference(scheme) + check_cases(scheme)
    if problems:
        raise AuthoringError(problems)
