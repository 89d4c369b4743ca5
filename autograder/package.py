"""The Gradescope autograder zip: ``dist/autograder.zip``, byte for byte reproducible.

At the zip root: ``setup.sh`` (run once by Gradescope, as root, on its Ubuntu
22.04 image: a virtual environment in ``/autograder/venv`` with pinned wheels
only), ``run_autograder`` (run for each submission; writes a results.json of
its own when Python cannot start or dies before writing one),
``requirements.txt`` (exact pins), the assignment's ``grading.yaml`` (and
``grading.json``, its data read without YAML on every submission), its
grading cases ``tests/grading`` and its reference ``solutions/<student_file>``,
and beside them the ``autograder`` package (sources and schemas only). Nothing
else of the repository or of the assignment's folder.

Reproducible: entries sorted, fixed timestamps, Unix modes stored (only the
scripts are executable), a fixed compression level.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from autograder.layout import GRADING_JSON
from autograder.messages import message
from autograder.scheme import Scheme, grading_copy

ZIP_NAME = "autograder.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # reproducible archives: the same sources give the same bytes

# manylinux wheels, x86_64 and aarch64, exist for CPython 3.10 (Gradescope's system python3 on
# Ubuntu 22.04) up to 3.13 (Debian 12 has 3.11, Ubuntu 24.04 3.12).
NUMPY_PIN = "2.2.6"
PYYAML_PIN = "6.0.2"

REQUIREMENTS = f"""\
# What grading needs, nothing more; wheels only (no compiler on the grading image).
--only-binary=:all:
numpy=={NUMPY_PIN}
pyyaml=={PYYAML_PIN}
"""

# A venv rather than `pip install --target DIR` plus PYTHONPATH: the sandbox's fork server starts
# with `python -I`, which ignores PYTHONPATH, while a venv's python finds its packages by itself.
SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04).
# It makes the grading runtime, a virtual environment in $AUTOGRADER_ROOT/venv (default
# /autograder/venv) with numpy and PyYAML from pinned wheels: no conda, no compiler. A venv of
# our own works where pip may not touch the system python3 (PEP 668: Debian 12, Ubuntu 24.04)
# and keeps the image's own packages out of the grader. run_autograder runs its python.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # /autograder/source on Gradescope
VENV="${AUTOGRADER_ROOT:-/autograder}/venv"

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "$@"
}

command -v python3 >/dev/null || apt_install python3
# Debian and Ubuntu ship venv's pip (ensurepip) apart, in python3-venv, which the image may lack.
if ! python3 -m venv --clear "$VENV"; then
    echo "setup.sh: python3 -m venv failed; installing python3-venv and trying again" >&2
    apt_install python3-venv
    python3 -m venv --clear "$VENV"
fi
"$VENV/bin/python" -m pip install --no-cache-dir --disable-pip-version-check \\
    --only-binary=:all: -r "$SOURCE/requirements.txt"
"$VENV/bin/python" -c "import numpy, yaml"   # fail here, at build time, not on every submission
# Bytecode compiled once here is kept in the image: each submission starts faster.
"$VENV/bin/python" -m compileall -q "$SOURCE/autograder" "$SOURCE/tests/grading" || true
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this as root for each submission: grade $AUTOGRADER_ROOT/submission with
# $AUTOGRADER_ROOT/source and write $AUTOGRADER_ROOT/results/results.json. Always: when Python
# cannot start or the grader dies before writing it, this script writes a score of 0 itself,
# the reason visible to the instructor only, with nothing but bash and coreutils, sed, awk.
export AUTOGRADER_ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
export PYTHONPATH="$AUTOGRADER_ROOT/source"
RESULTS="$AUTOGRADER_ROOT/results"
PYTHON="$AUTOGRADER_ROOT/venv/bin/python"    # made by setup.sh
[ -x "$PYTHON" ] || PYTHON=python3           # no setup.sh run: a python3 that has numpy and PyYAML

mkdir -p "$RESULTS"
rm -f "$RESULTS/results.json"   # so that a results.json found afterwards is this run's, whole (written atomically)
"$PYTHON" -m autograder gradescope 2>"$RESULTS/.stderr"
status=$?
cat "$RESULTS/.stderr" >&2
if [ ! -s "$RESULTS/results.json" ]; then
    echo "run_autograder: $PYTHON exited with status $status and wrote no results.json; writing a score of 0" >&2
    # JSON string: printable ASCII only (valid UTF-8 whatever the bytes), backslashes and quotes escaped.
    detail="$( {{ echo "$PYTHON -m autograder gradescope exited with status $status and wrote no results.json."
                 tail -c 3000 "$RESULTS/.stderr"; }} 2>/dev/null \\
              | LC_ALL=C tr '\\t' ' ' | LC_ALL=C tr -cd '\\n -~' \\
              | LC_ALL=C sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g' | LC_ALL=C awk '{{printf "%s\\\\n", $0}}' )"
    printf '{{"score": 0, "output": "%s", "output_format": "text", "stdout_visibility": "hidden", "tests": [{{"name": "{grader_error}", "score": 0, "max_score": 0, "status": "failed", "output": "%s", "visibility": "hidden"}}]}}\\n' \\
        "{fallback}" "$detail" >"$RESULTS/.results-fallback.json" \\
        && mv -f "$RESULTS/.results-fallback.json" "$RESULTS/results.json"
fi
rm -f "$RESULTS/.stderr"
[ -s "$RESULTS/results.json" ]   # the exit status says whether Gradescope has results to show
"""

PACKAGE_PARENT = Path(__file__).resolve().parents[1]
"""The folder holding the ``autograder`` package, whose sources the zip carries."""
# Copied from the package, as (folder, glob) relative to PACKAGE_PARENT.
ENGINE = (
    ("autograder", "*.py"),
    ("autograder/sandbox", "*.py"),
    ("autograder/schemas", "*.json"),
)
# Copied from the assignment, as (folder, glob) relative to its root; the reference is added by name.
ASSIGNMENT = (
    (".", "grading.yaml"),
    ("tests/grading", "__init__.py"),
    ("tests/grading", "public_*.py"),
    ("tests/grading", "hidden_*.py"),
    ("tests/grading", "shared.py"),
)
REQUIRED = ("grading.yaml", "autograder/__init__.py", "autograder/__main__.py", "autograder/gradescope.py",
            "autograder/checking.py", "autograder/schemas/gradescope-results.schema.json",
            "tests/grading/__init__.py")


def requirements() -> str:
    """The pinned requirements.txt that setup.sh installs."""
    return REQUIREMENTS


def generated(scheme: Scheme) -> dict[str, tuple[str, int]]:
    """The scripts, pins and grading.json written for the zip, as ``{name: (text, mode)}``.

    run_autograder's own score-0 message is in the assignment's language.
    """
    language = scheme.language
    files = {
        "setup.sh": (SETUP_SH, 0o755),
        "run_autograder": (RUN_AUTOGRADER.format(fallback=message("results.fallback", language),
                                                 grader_error=message("results.grader_error", language)), 0o755),
        "requirements.txt": (REQUIREMENTS, 0o644),
    }
    copy = grading_copy(scheme.root)
    if copy is not None:
        files[GRADING_JSON] = (copy, 0o644)
    return files


def sources(root: Path) -> dict[str, Path]:
    """The files the zip carries, the assignment's and the engine's, as ``{name in the zip: path}``."""
    scheme = Scheme.load(Path(root))
    found: dict[str, Path] = {}
    for base, copied in ((scheme.root, ASSIGNMENT), (PACKAGE_PARENT, ENGINE)):
        for folder, pattern in copied:
            for path in sorted((base / folder).glob(pattern)):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[path.relative_to(base).as_posix()] = path
    if scheme.solution_path.is_file():
        found[f"solutions/{scheme.student_file}"] = scheme.solution_path
    for relative in (*scheme.data_files, *scheme.hidden_data):  # the grader's cases read both; the child sees
        found[relative] = scheme.root / relative                 # only the handed-out ones (runner.open_sandbox)
    missing = [name for name in (*REQUIRED, f"solutions/{scheme.student_file}") if name not in found]
    if missing:
        raise FileNotFoundError(f"cannot build {ZIP_NAME}: missing {', '.join(missing)}")
    if not any(name.startswith("tests/grading/hidden_") for name in found):
        raise FileNotFoundError(f"cannot build {ZIP_NAME}: no tests/grading/hidden_*.py")
    return found


def entries(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry of the zip: ``{name: (content, mode)}``."""
    content: dict[str, tuple[bytes, int]] = {name: (text.encode("utf-8"), mode)
                                             for name, (text, mode) in generated(Scheme.load(Path(root))).items()}
    for name, path in sources(root).items():
        mode = 0o755 if path.stat().st_mode & 0o100 else 0o644  # what git keeps of a mode
        content[name] = (path.read_bytes(), mode)
    return content


def build(root: Path, dist: Path) -> list[Path]:
    """Write ``dist/autograder.zip`` for Gradescope; return the files written."""
    return [write_zip(entries(Path(root)), Path(dist) / ZIP_NAME)]


def write_zip(files: dict[str, tuple[bytes, int]], target: Path) -> Path:
    """Write ``{name: (content, mode)}`` to ``target`` reproducibly: sorted, fixed dates, Unix modes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for name in sorted(files):
            data, mode = files[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix: the mode below is honoured by unzip
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    temporary.replace(target)
    return target


def unpack(archive_path: Path, target: Path) -> None:
    """Extract a zip as Gradescope's unzip does, with the Unix modes :func:`write_zip` stored."""
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            extracted = Path(archive.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                extracted.chmod(mode)
