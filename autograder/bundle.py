"""The student bundle: what students download to do the homework and check it themselves.

``build`` writes ``dist/student/`` and ``dist/student.zip`` (the same files, the
zip flat so that it unzips into the folder the student chooses):

* ``devoir3.py`` — the stubs (student_template/devoir3.py);
* ``devoir3.ipynb`` — the student notebook (autograder.notebook);
* ``README.md`` — the French instructions (student_template/LISEZMOI.md);
* ``check.py`` — the self-check (student_template/check.py);
* ``verification/`` — the checking API, the public cases and ``cases.json``,
  the list of public cases with their points and fixed seeds.

Nothing hidden goes in: no hidden case module, no hidden case name, no solution.
The zip is deterministic (sorted entries, fixed timestamps and modes).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from autograder.package import write_zip
from autograder.scheme import Scheme

STUDENT_DIR = "student"
ZIP_NAME = "student.zip"
TEMPLATE = Path("student_template")
CASES_DIR = Path("tests") / "grading"


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


def contents(root: Path) -> dict[str, bytes]:
    """Every file of the bundle, as ``{relative path: bytes}``."""
    from autograder.notebook import student_notebook

    root = Path(root)
    scheme = Scheme.load(root)
    stub = (root / TEMPLATE / "devoir3.py").read_text(encoding="utf-8")
    notebook = json.dumps(student_notebook(root), indent=1, ensure_ascii=False) + "\n"
    files: dict[str, str] = {
        "devoir3.py": stub,
        "devoir3.ipynb": notebook,
        "README.md": (root / TEMPLATE / "LISEZMOI.md").read_text(encoding="utf-8"),
        "check.py": (root / TEMPLATE / "check.py").read_text(encoding="utf-8"),
        "verification/__init__.py": '"""Les cas de test publics du devoir 3, utilisés par check.py."""\n',
        "verification/checking.py": (root / CASES_DIR / "checking.py").read_text(encoding="utf-8"),
        "verification/pieces.py": (Path(__file__).with_name("pieces.py")).read_text(encoding="utf-8"),
    }
    for module in sorted({c.module for c in scheme.cases if c.public}):
        files[f"verification/{module}.py"] = (root / CASES_DIR / f"{module}.py").read_text(encoding="utf-8")
    handed_out = {name: code_fingerprint(name, files[name]) for name in ("devoir3.py", "devoir3.ipynb")}
    files["verification/cases.json"] = json.dumps(cases_spec(scheme, handed_out), indent=1,
                                                  ensure_ascii=False) + "\n"
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}


def build(root: Path, dist: Path) -> list[Path]:
    """Write ``dist/student/`` and ``dist/student.zip``; return the paths written."""
    files = contents(Path(root))
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
    write_zip({name: (data, 0o755 if name == "check.py" else 0o644) for name, data in files.items()}, archive)
    return [folder, archive]
