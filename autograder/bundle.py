"""The student bundle: what students download to do the homework and check it themselves.

``build`` writes ``dist/student/`` and ``dist/student.zip``, the same files; in
the zip they sit under one top folder named after the student's module, so
that unzipping never scatters them among the student's own files:

* ``<student_file>`` — the stubs (student_template/<student_file>);
* ``<module>.ipynb`` — the student notebook (autograder.notebook);
* the README, ``LISEZMOI.md`` in French, ``README.md`` in English: the
  assignment's own (student_template/) if it has one, else a generic one;
* the statement (``handout`` of grading.yaml, assignment/enonce.md by
  default) and its corrections (``errata``, if grading.yaml names one), so
  that the folder is the whole homework; nothing else of ``assignment/``;
* ``check.py`` — the self-check (autograder/student/check.py);
* ``verification/`` — the checking API, the engine's messages, file
  reader and quoting of student text, the public cases and ``cases.json``,
  the list of public cases with their points and fixed seeds, and the
  modules a submission may import.

Nothing hidden goes in: no hidden case module, no hidden case name, no solution.
The zip is deterministic (sorted entries, fixed timestamps and modes).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from autograder.layout import SHARED
from autograder.messages import message
from autograder.package import write_zip
from autograder.scheme import Scheme, SchemeError

STUDENT_DIR = "student"
ZIP_NAME = "student.zip"
TEMPLATE = Path("student_template")
CASES_DIR = Path("tests") / "grading"
PACKAGE = Path(__file__).resolve().parent


def cases_spec(scheme: Scheme, handed_out: dict[str, str]) -> dict:
    """cases.json: the public cases only, per question, with points and the seed the grader gives them."""
    from autograder.runner import case_seed

    questions = []
    for question in scheme.questions:
        cases = [{"name": c.name, "points": c.points, "module": c.module, "seed": case_seed(c, b"")}
                 for c in question.cases if c.public]
        questions.append({"id": question.id, "part": question.part, "title": question.title,
                          "points": question.points, "timeout": question.timeout,
                          "functions": list(question.functions), "cases": cases})
    return {
        "assignment": scheme.assignment,
        "student_file": scheme.student_file,
        "language": scheme.language,
        "imports": list(scheme.imports),
        "data": list(scheme.data_files),
        "total": scheme.total,
        "public_total": sum(c["points"] for q in questions for c in q["cases"]),
        "parts": [{"number": p.number, "title": p.title, "points": p.points} for p in scheme.parts],
        "questions": questions,
        "handed_out": handed_out,
    }


def code_fingerprint(name: str, text: str) -> str:
    """The hash check.py computes to tell a handed-out file from a modified one (the code only)."""
    if name.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                         for c in cells if c.get("cell_type") == "code")
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()


def shipped_case_module(source: str) -> str:
    """A public case module as students get it: the check API imported from verification/, beside it."""
    return re.sub(r"^from autograder\.checking import", "from .checking import", source, flags=re.MULTILINE)


def readme_text(scheme: Scheme, name: str) -> str:
    """The assignment's own README for students (student_template/NAME), or the generic one."""
    own = scheme.root / TEMPLATE / name
    if own.is_file():
        return own.read_text(encoding="utf-8")
    return message("bundle.readme_text", scheme.language, assignment=scheme.assignment, handout=scheme.handout.name,
                   student_file=scheme.student_file, notebook=scheme.notebook_file, question=scheme.questions[0].id)


def errata_text(scheme: Scheme) -> str:
    """The errata grading.yaml names (only the bundle needs it: the grader never reads it)."""
    assert scheme.errata is not None
    path = scheme.root / scheme.errata
    if not path.is_file():
        raise SchemeError(f"errata {scheme.errata} named in grading.yaml is not a file of the assignment")
    return path.read_text(encoding="utf-8")


def contents(root: Path) -> dict[str, bytes]:
    """Every file of the bundle, as ``{relative path: bytes}``."""
    from autograder.notebook import student_notebook

    root = Path(root)
    scheme = Scheme.load(root)
    language = scheme.language
    readme = message("bundle.readme", language)
    notebook = json.dumps(student_notebook(root), indent=1, ensure_ascii=False) + "\n"
    files: dict[str, str] = {
        scheme.student_file: scheme.stub_path.read_text(encoding="utf-8"),
        scheme.notebook_file: notebook,
        readme: readme_text(scheme, readme),
        scheme.handout.name: scheme.handout_path.read_text(encoding="utf-8"),
        **({scheme.errata.name: errata_text(scheme)} if scheme.errata else {}),
        "check.py": (PACKAGE / "student" / "check.py").read_text(encoding="utf-8"),
        "verification/__init__.py": f'"""{message("bundle.cases", language)}"""\n',
        "verification/checking.py": (PACKAGE / "checking.py").read_text(encoding="utf-8"),
        "verification/messages.py": (PACKAGE / "messages.py").read_text(encoding="utf-8"),
        "verification/pieces.py": (PACKAGE / "pieces.py").read_text(encoding="utf-8"),
        "verification/quoting.py": (PACKAGE / "quoting.py").read_text(encoding="utf-8"),
        "verification/alarm.py": (PACKAGE / "alarm.py").read_text(encoding="utf-8"),
    }
    for module in sorted({c.module for c in scheme.cases if c.public}):
        files[f"verification/{module}.py"] = shipped_case_module((root / CASES_DIR / f"{module}.py")
                                                                 .read_text(encoding="utf-8"))
    if (root / CASES_DIR / f"{SHARED}.py").is_file():  # the helpers the cases share: handed out with them
        files[f"verification/{SHARED}.py"] = shipped_case_module((root / CASES_DIR / f"{SHARED}.py")
                                                                 .read_text(encoding="utf-8"))
    handed_out = {name: code_fingerprint(name, files[name]) for name in (scheme.student_file, scheme.notebook_file)}
    files["verification/cases.json"] = json.dumps(cases_spec(scheme, handed_out), indent=1,
                                                  ensure_ascii=False) + "\n"
    data = {relative: (root / relative).read_bytes() for relative in scheme.data_files}  # never the hidden ones
    return dict(sorted({**{name: text.encode("utf-8") for name, text in files.items()}, **data}.items()))


def build(root: Path, dist: Path) -> list[Path]:
    """Write ``dist/student/`` and ``dist/student.zip`` (its files under ``<module>/``); return the paths written."""
    files = contents(Path(root))
    top = Scheme.load(Path(root)).module
    dist = Path(dist)
    folder = dist / STUDENT_DIR
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if name == "check.py":
            target.chmod(0o755)
    archive = dist / ZIP_NAME
    write_zip({f"{top}/{name}": (data, 0o755 if name == "check.py" else 0o644) for name, data in files.items()},
              archive)
    return [folder, archive]
