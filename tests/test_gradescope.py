"""The Gradescope zip end to end: built, unpacked as Gradescope does, ``run_autograder`` run on submissions.

The zip is unpacked into ``tmp/autograder/source``; each submission is put in
``tmp/autograder/submission`` and ``run_autograder`` runs with
``AUTOGRADER_ROOT=tmp/autograder`` and the current interpreter as ``python3``.
Every results.json is validated against Gradescope's schema.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from autograder import package
from autograder.scheme import ROOT, Scheme
from tests.helpers import hidden_case_lines, leftover_sandbox_processes

REFERENCE = ROOT / "solutions" / "devoir3.py"
STUB = ROOT / "student_template" / "devoir3.py"
SCHEMA = json.loads((ROOT / "autograder" / "schemas" / "gradescope-results.schema.json").read_text(encoding="utf-8"))
SCHEME = Scheme.load(ROOT)
TOTAL = SCHEME.total
AS_ROOT = os.geteuid() == 0
CASE_NAME = re.compile(r"\((?:public|caché) : (\w+)\)$")

# Answers that are wrong for a few questions only: the reference with some functions overridden.
WRONG_ANSWERS = '''

def sign(x):
    return 0 * x


def softmax(x):
    return x


def conv_output_size(n, kernel, stride=1, padding=0):
    return n
'''


def forgery(results: Path) -> str:
    """Code that forges a perfect results.json, then kills its process, at import."""
    forged = json.dumps({"score": TOTAL, "output": "FORGED", "tests": []})
    return f'''import os
for _path in ["../results/results.json", {str(results)!r}]:
    try:
        with open(_path, "w") as _stream:
            _stream.write({forged!r})
    except BaseException:
        pass
os._exit(0)
'''


def notebook(code: str) -> str:
    """A Jupyter notebook whose only code cell is ``code``."""
    return json.dumps({
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Devoir 3\n"]},
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
             "source": code.splitlines(keepends=True)},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    })


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package.build(ROOT, tmp_path_factory.mktemp("dist"))[0]


@pytest.fixture(scope="module")
def gradescope(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Unpack the zip as Gradescope does, and grade every submission below with run_autograder."""
    base = tmp_path_factory.mktemp("gradescope")
    root = base / "autograder"
    source = root / "source"
    package.unpack(built, source)
    wrapper = base / "bin" / "python3"  # `python3` is this interpreter (a wrapper keeps a venv a venv)
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable!r} "$@"\n')
    wrapper.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "AUTOGRADER"))}
    env.update(AUTOGRADER_ROOT=str(root), PATH=f"{wrapper.parent}{os.pathsep}{env.get('PATH', '')}")

    reference = REFERENCE.read_text(encoding="utf-8")
    wrong = reference + WRONG_ANSWERS
    results_path = root / "results" / "results.json"
    submissions: dict[str, dict[str, str]] = {
        "reference": {"devoir3.py": reference},
        "stub": {"devoir3.py": STUB.read_text(encoding="utf-8")},
        "notebook": {"devoir3.ipynb": notebook(reference)},
        "empty": {},
        "wrong_name": {"Devoir3_final.py": reference},
        "wrong": {"devoir3.py": wrong},
        "forgery": {"devoir3.py": forgery(results_path) + wrong},
    }
    graded: dict[str, Any] = {}
    modes = (stat.S_IMODE(source.stat().st_mode), 0o755)  # the results folders below are made with 0o755
    for label, files in submissions.items():
        for folder in ("submission", "results"):
            shutil.rmtree(root / folder, ignore_errors=True)
        (root / "submission").mkdir()
        (root / "results").mkdir(mode=0o755)
        (root / "results").chmod(0o755)
        for name, text in files.items():
            (root / "submission" / name).write_text(text, encoding="utf-8")
        with subprocess.Popen([str(source / "run_autograder")], env=env, cwd=base, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as process:
            stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, f"{label}: {stderr[-2000:]}"
        graded[label] = {
            "results": json.loads(results_path.read_text(encoding="utf-8")),
            "logs": stdout + stderr,
            "modes": (stat.S_IMODE(source.stat().st_mode), stat.S_IMODE(results_path.parent.stat().st_mode)),
            "modes_before": modes,
        }
    return graded


def test_the_zip_holds_what_grading_needs_and_nothing_else(built: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    names = set(infos)
    repository = {p.relative_to(ROOT).as_posix() for folder in ("autograder", "autograder/sandbox")
                  for p in (ROOT / folder).glob("*.py")}
    cases = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "grading").glob("*_[0-9].py")}
    required = {"setup.sh", "run_autograder", "requirements.txt", "grading.yaml", "grading.json",
                "solutions/devoir3.py",
                "autograder/schemas/gradescope-results.schema.json", "tests/grading/__init__.py",
                "autograder/checking.py"} | repository | cases
    assert required <= names, sorted(required - names)
    assert any(n.startswith("tests/grading/hidden_") for n in names)
    for name in names:
        assert not name.startswith((".git", "bench/", "dist/", "docs/", "assignment/", "student_template/")), name
        assert not name.startswith("tests/") or name.startswith("tests/grading/"), name
        assert "__pycache__" not in name and not name.endswith(".pyc"), name
        assert name.endswith((".py", ".json")) or name in {"setup.sh", "run_autograder", "requirements.txt",
                                                           "grading.yaml"}, name
    for name, info in infos.items():
        mode = (info.external_attr >> 16) & 0o777
        assert mode == (0o755 if name in {"setup.sh", "run_autograder"} else 0o644), (name, oct(mode))
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
    assert list(infos) == sorted(infos)


def test_the_zip_carries_grading_yaml_as_json_and_grading_reads_it_without_yaml(built: Path, tmp_path: Path) -> None:
    """grading.json holds the data of the very grading.yaml beside it, so that a submission is graded without
    importing a YAML parser (some 25 ms each); a copy of any other text is ignored."""
    with zipfile.ZipFile(built) as archive:
        archive.extractall(tmp_path, [name for name in archive.namelist() if name.startswith(("grading.", "tests/"))])
    copy = json.loads((tmp_path / "grading.json").read_text(encoding="utf-8"))
    assert copy["grading"]["questions"] == yaml.safe_load((ROOT / "grading.yaml").read_text(encoding="utf-8"))["questions"]
    assert replace(Scheme.load(tmp_path), root=ROOT) == Scheme.load(ROOT)
    probe = "import sys; from pathlib import Path; from autograder.scheme import Scheme; " \
            "Scheme.load(Path(sys.argv[1])); print('yaml' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert loaded.stdout.strip() == "False", loaded.stderr
    copy["grading"]["assignment"] = "Devoir d'une autre version"
    (tmp_path / "grading.json").write_text(json.dumps(copy), encoding="utf-8")
    assert Scheme.load(tmp_path).assignment == "Devoir d'une autre version"  # the copy is what is read...
    (tmp_path / "grading.yaml").write_text((ROOT / "grading.yaml").read_text(encoding="utf-8") + "\n",
                                           encoding="utf-8")
    assert replace(Scheme.load(tmp_path), root=ROOT) == Scheme.load(ROOT)  # ...only while it copies this text


def test_the_zip_is_reproducible(built: Path, tmp_path: Path) -> None:
    again = package.build(ROOT, tmp_path)[0]
    assert again.read_bytes() == built.read_bytes()


def test_scripts_and_pins(built: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
        requirements = archive.read("requirements.txt").decode()
    pins = [line for line in requirements.splitlines() if line and not line.startswith(("#", "-"))]
    assert len(pins) == 2 and re.fullmatch(r"numpy==2\.\d+\.\d+", pins[0]) and re.fullmatch(r"pyyaml==6\.\d+\.\d+", pins[1])
    assert "--only-binary=:all:" in requirements
    assert setup.startswith("#!") and run.startswith("#!")
    assert "--only-binary=:all:" in setup and "requirements.txt" in setup and "apt-get install -y" in setup
    commands = "\n".join(line for line in setup.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\b(conda|playwright|chromium|gcc|build-essential)\b", commands)
    # Nothing goes into the system python3: PEP 668 images refuse it, and no override is used.
    assert "python3 -m pip" not in commands and "break-system-packages" not in commands
    assert 'python3 -m venv --clear "$VENV"' in commands and '"$VENV/bin/python" -m pip install' in commands
    assert "${AUTOGRADER_ROOT:-/autograder}" in run and 'PYTHON="$AUTOGRADER_ROOT/venv/bin/python"' in run
    assert '"$PYTHON" -m autograder gradescope' in run


def validated(results: dict[str, Any]) -> dict[str, Any]:
    """Check ``results`` against Gradescope's schema and the scheme's visibilities."""
    jsonschema.validate(results, SCHEMA)
    graded = [t for t in results["tests"] if CASE_NAME.search(t["name"])]  # a case may count 0 points
    visibility = {c.name: "visible" if c.public else "after_published" for c in SCHEME.cases}
    seen = {}
    for test in graded:
        seen[CASE_NAME.search(test["name"]).group(1)] = test["visibility"]
    assert seen == visibility
    assert sum(t["max_score"] for t in graded) == pytest.approx(TOTAL)
    assert results["score"] == pytest.approx(sum(t["score"] for t in graded))
    return results


@pytest.mark.parametrize("label, score", [("reference", TOTAL), ("stub", 0), ("notebook", TOTAL),
                                          ("wrong_name", TOTAL)])
def test_scores(gradescope: dict[str, Any], label: str, score: float) -> None:
    results = validated(gradescope[label]["results"])
    assert results["score"] == pytest.approx(score), results["output"]


def test_an_empty_submission_scores_zero_with_a_french_message(gradescope: dict[str, Any]) -> None:
    results = validated(gradescope["empty"]["results"])
    assert results["score"] == 0
    assert "Aucun fichier devoir3.py" in results["output"]
    assert all("Aucun fichier devoir3.py" in t["output"] for t in results["tests"] if t.get("max_score"))


def test_a_wrongly_named_file_is_graded_with_a_note(gradescope: dict[str, Any]) -> None:
    output = gradescope["wrong_name"]["results"]["output"]
    assert "«Devoir3_final.py» au lieu de devoir3.py" in output  # the student's name, quoted
    assert "nommez-le devoir3.py" in output, "the note shows a placeholder instead of the expected name"


def test_a_forged_results_file_changes_nothing(gradescope: dict[str, Any]) -> None:
    honest = validated(gradescope["wrong"]["results"])
    forged = validated(gradescope["forgery"]["results"])
    assert 0 < honest["score"] < TOTAL
    assert forged["score"] == pytest.approx(honest["score"])
    assert "FORGED" not in json.dumps(forged)
    assert "os._exit" not in honest["output"]  # the note below is the forgery's, not the wrong answers'
    assert "ignoré" in forged["output"]


def test_before_publication_students_see_public_totals_only(gradescope: dict[str, Any]) -> None:
    """The top-level output counts public cases; the full grade is in an entry shown once grades are published."""
    results = validated(gradescope["wrong"]["results"])
    visible = sum(t["score"] for t in results["tests"] if t["visibility"] == "visible")
    assert visible < results["score"] < TOTAL  # the wrong answers lose public and hidden points
    full_total = f"Total : {results['score']:g} / {TOTAL:g}".replace(".", ",")
    assert full_total not in results["output"]
    assert f"Total des cas publics : {visible:g} / ".replace(".", ",") in results["output"]
    assert "execution_time" not in results  # how long the hidden cases ran is theirs to hide too
    [full] = [t for t in results["tests"] if t["name"] == "Note complète, cas cachés compris"]
    assert full["visibility"] == "after_published" and full_total in full["output"].splitlines()


def test_no_output_reveals_a_hidden_case(gradescope: dict[str, Any]) -> None:
    secrets = hidden_case_lines()
    assert secrets
    for label, graded in gradescope.items():
        text = json.dumps(graded["results"], ensure_ascii=False) + graded["logs"]
        leaked = [line for line in secrets if line in text]
        assert not leaked, (label, leaked[:3])


@pytest.mark.skipif(not AS_ROOT, reason="permissions and sandbox uids only apply when grading as root")
def test_as_root_permissions_are_left_as_they_were_and_no_sandbox_process_is_left(gradescope: dict[str, Any]) -> None:
    for label, graded in gradescope.items():  # hidden from the child in its own mount namespace, not by chmod
        assert graded["modes"] == graded["modes_before"], (label, [oct(m) for m in graded["modes"]])
    assert not leftover_sandbox_processes()


def test_a_failing_grader_still_writes_valid_results_that_only_the_instructor_can_read(built: Path,
                                                                                      tmp_path: Path) -> None:
    from autograder import gradescope

    root = tmp_path / "autograder"
    with zipfile.ZipFile(built) as archive:
        archive.extractall(root / "source")
    (root / "source" / "grading.yaml").write_text("questions: [unterminated", encoding="utf-8")
    (root / "submission").mkdir()
    shutil.copy(REFERENCE, root / "submission" / "devoir3.py")
    results = json.loads(gradescope.run(root).read_text(encoding="utf-8"))
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0
    assert [t["visibility"] for t in results["tests"]] == ["hidden"]
    assert "Traceback" in results["tests"][0]["output"] and "Traceback" not in results["output"]


# ---------------------------------------------------------------------------------------------------------
# run_autograder when Python or the runtime cannot start, and setup.sh, without a network or a clean image
# (bench/clean_image.py runs both for real in a debootstrapped Debian 12).
# ---------------------------------------------------------------------------------------------------------

FALLBACK_TOOLS = ("bash", "mkdir", "rm", "cat", "tail", "tr", "sed", "awk", "mv")
"""All that run_autograder's fallback may use besides Python."""


def unpacked(built: Path, base: Path) -> Path:
    """A Gradescope-like root with the zip in ``source``, the reference in ``submission``; the root."""
    root = base / "autograder"
    package.unpack(built, root / "source")
    (root / "submission").mkdir()
    shutil.copy(REFERENCE, root / "submission" / "devoir3.py")
    return root


def tools(folder: Path, names: tuple[str, ...]) -> Path:
    """A folder of symbolic links to these system commands only: a PATH that has nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        found = shutil.which(name)
        assert found, name
        (folder / name).symlink_to(found)
    return folder


def script(path: Path, text: str) -> Path:
    """An executable shell script."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + text)
    path.chmod(0o755)
    return path


def run_autograder(root: Path, path: list[Path]) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    """Run the zip's run_autograder with only ``path`` as PATH; its process and results.json (None if absent)."""
    env = {"AUTOGRADER_ROOT": str(root), "PATH": os.pathsep.join(map(str, path)), "LANG": "C.UTF-8"}
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env, cwd=root, capture_output=True,
                          text=True, errors="replace", timeout=120)
    results = root / "results" / "results.json"
    return done, json.loads(results.read_text(encoding="utf-8")) if results.exists() else None


def fallback(results: dict[str, Any] | None) -> str:
    """The instructor-only detail of a score-0 results.json written by run_autograder itself."""
    assert results is not None
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0
    assert [t["visibility"] for t in results["tests"]] == ["hidden"]
    assert "La correction automatique a échoué" in results["output"]
    assert "exited with status" not in results["output"]
    return results["tests"][0]["output"]


def test_without_any_python_run_autograder_writes_a_valid_zero(built: Path, tmp_path: Path) -> None:
    root = unpacked(built, tmp_path)
    (root / "results").mkdir()
    (root / "results" / "results.json").write_text('{"score": 65, "tests": []}')  # stale: must not survive
    done, results = run_autograder(root, [tools(tmp_path / "bin", FALLBACK_TOOLS)])
    assert done.returncode == 0, done.stderr
    assert "exited with status 127" in fallback(results)
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]


def test_a_python_that_dies_with_any_bytes_on_stderr_still_gives_valid_json(built: Path, tmp_path: Path) -> None:
    root = unpacked(built, tmp_path)
    bin_dir = tools(tmp_path / "bin", FALLBACK_TOOLS)
    nasty = tmp_path / "nasty"
    nasty.write_bytes(b'Traceback: "quoted" back\\slash\ttab \xff\xfe \xed\xa0\x80 caf\xc3\xa9 {"score": 65}\n\x1b[31m')
    script(bin_dir / "python3", f"cat {nasty} >&2\nexit 3\n")
    done, results = run_autograder(root, [bin_dir])
    assert done.returncode == 0, done.stderr
    detail = fallback(results)
    assert "exited with status 3" in detail
    assert 'Traceback: "quoted" back\\slash tab' in detail and '{"score": 65}' in detail


def test_a_syntax_error_in_the_grader_itself_gives_a_valid_zero(built: Path, tmp_path: Path) -> None:
    root = unpacked(built, tmp_path)
    module = root / "source" / "autograder" / "gradescope.py"
    module.write_text(module.read_text(encoding="utf-8") + "\ndef broken(:\n", encoding="utf-8")
    bin_dir = tools(tmp_path / "bin", FALLBACK_TOOLS)
    script(bin_dir / "python3", f'exec {sys.executable!r} "$@"\n')
    done, results = run_autograder(root, [bin_dir])
    assert done.returncode == 0, done.stderr
    assert "SyntaxError" in fallback(results)


def test_results_written_by_python_are_kept_even_when_it_then_fails(built: Path, tmp_path: Path) -> None:
    root = unpacked(built, tmp_path)
    written = {"score": 12.5, "output": "graded", "tests": []}
    bin_dir = tools(tmp_path / "bin", FALLBACK_TOOLS)
    script(bin_dir / "python3", f"echo '{json.dumps(written)}' > \"$AUTOGRADER_ROOT/results/results.json\"\n"
                                "echo 'crashed at exit' >&2\nexit 1\n")
    done, results = run_autograder(root, [bin_dir])
    assert done.returncode == 0 and "crashed at exit" in done.stderr
    assert results == written


def test_run_autograder_prefers_the_venv_that_setup_made(built: Path, tmp_path: Path) -> None:
    root = unpacked(built, tmp_path)
    bin_dir = tools(tmp_path / "bin", FALLBACK_TOOLS)
    script(bin_dir / "python3", "echo 'system python3' >&2\nexit 1\n")
    script(root / "venv" / "bin" / "python",
           'echo "{\\"score\\": 1, \\"output\\": \\"$0 $*\\", \\"tests\\": []}" > "$AUTOGRADER_ROOT/results/results.json"\n')
    done, results = run_autograder(root, [bin_dir])
    assert done.returncode == 0 and results is not None
    assert results["output"] == f"{root}/venv/bin/python -m autograder gradescope"


def wheel(folder: Path, project: str, module: str, version: str) -> None:
    """A pure-Python wheel of one module that stands in for the real package (pip installs it offline)."""
    info = f"{project}-{version}.dist-info"
    files = {f"{module}/__init__.py": f"__version__ = {version!r}\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(folder / f"{project}-{version}-py3-none-any.whl", "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)


def test_setup_installs_python3_and_python3_venv_when_missing_and_fills_a_venv(built: Path, tmp_path: Path) -> None:
    """A clean image in miniature: no python3, and a python3 whose venv has no pip until python3-venv comes.

    A fake apt-get "installs" them (python3: this interpreter); pip installs
    stand-in wheels of the pinned versions from a local folder, offline.
    """
    root = unpacked(built, tmp_path)
    bin_dir = tools(tmp_path / "bin", ("bash", "dirname"))
    calls, installed = tmp_path / "apt-calls", tmp_path / "installed"
    python3 = script(installed / "python3", f'if [ "$1 $2" = "-m venv" ] && [ ! -e {installed}/python3-venv ]; then\n'
                                            '    echo "ensurepip is not available" >&2; exit 1\nfi\n'
                                            f'exec {sys.executable!r} "$@"\n')
    script(bin_dir / "apt-get", f'echo "$*" >> {calls}\n'
                                f'case "$*" in *python3-venv) : > {installed}/python3-venv ;;\n'
                                f'  *python3) {shutil.which("ln")} -s {python3} {bin_dir}/python3 ;; esac\n')
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel(wheels, "numpy", "numpy", package.NUMPY_PIN)
    wheel(wheels, "pyyaml", "yaml", package.PYYAML_PIN)
    env = {"AUTOGRADER_ROOT": str(root), "PATH": str(bin_dir), "LANG": "C.UTF-8", "HOME": str(tmp_path),
           "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels)}
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert calls.read_text().splitlines() == ["update -q", "install -y -q --no-install-recommends python3",
                                              "update -q", "install -y -q --no-install-recommends python3-venv"]
    venv_python = root / "venv" / "bin" / "python"
    versions = subprocess.run([str(venv_python), "-c", "import numpy, yaml; print(numpy.__version__, yaml.__version__)"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert versions == [package.NUMPY_PIN, package.PYYAML_PIN]
    system = subprocess.run([sys.executable, "-c", "import numpy; print(numpy.__file__)"], capture_output=True,
                            text=True, check=True)
    assert not system.stdout.startswith(str(root))  # the stand-ins went into the venv, not into python3
