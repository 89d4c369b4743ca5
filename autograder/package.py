"""The Gradescope autograder zip: ``dist/autograder.zip``, byte for byte reproducible.

At the zip root: ``setup.sh`` (run once by Gradescope, as root, on its Ubuntu
22.04 image: pip wheels only), ``run_autograder`` (run for each submission),
``requirements.txt`` (exact pins), ``grading.yaml``, the ``autograder``
package (sources and schemas only), the grading cases ``tests/grading`` and
the reference ``solutions/devoir3.py``. Nothing else of the repository.

Reproducible: entries sorted, fixed timestamps, Unix modes stored (only the
scripts are executable), a fixed compression level.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ZIP_NAME = "autograder.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # reproducible archives: the same sources give the same bytes

# Wheels exist for CPython 3.10 (Gradescope's system python3 on Ubuntu 22.04) up to 3.13.
NUMPY_PIN = "2.2.6"
PYYAML_PIN = "6.0.2"

REQUIREMENTS = f"""\
# What grading needs, nothing more; wheels only (no compiler on the grading image).
--only-binary=:all:
numpy=={NUMPY_PIN}
pyyaml=={PYYAML_PIN}
"""

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04,
# system python3). It installs the grading runtime from wheels: no conda, no compiler.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # /autograder/source on Gradescope

if ! python3 -m pip --version >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends python3-pip
fi
# --ignore-installed: an apt-installed python3-yaml (distutils metadata) cannot be uninstalled by pip.
python3 -m pip install --no-cache-dir --disable-pip-version-check --ignore-installed \\
    --only-binary=:all: -r "$SOURCE/requirements.txt"
# Bytecode compiled once here is kept in the image: each submission starts faster.
python3 -m compileall -q "$SOURCE/autograder" "$SOURCE/tests/grading" || true
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this as root for each submission: grade $AUTOGRADER_ROOT/submission with
# $AUTOGRADER_ROOT/source, write $AUTOGRADER_ROOT/results/results.json (always, even on failure).
export AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
export PYTHONPATH="$AUTOGRADER_ROOT/source"
exec python3 -m autograder gradescope
"""

GENERATED = {
    "setup.sh": (SETUP_SH, 0o755),
    "run_autograder": (RUN_AUTOGRADER, 0o755),
    "requirements.txt": (REQUIREMENTS, 0o644),
}

# Copied from the repository, as (folder, glob) relative to the root.
COPIED = (
    (".", "grading.yaml"),
    ("autograder", "*.py"),
    ("autograder/sandbox", "*.py"),
    ("autograder/schemas", "*.json"),
    ("tests/grading", "__init__.py"),
    ("tests/grading", "checking.py"),
    ("tests/grading", "public_*.py"),
    ("tests/grading", "hidden_*.py"),
    ("solutions", "devoir3.py"),
)
REQUIRED = ("grading.yaml", "autograder/__init__.py", "autograder/__main__.py", "autograder/gradescope.py",
            "autograder/schemas/gradescope-results.schema.json", "tests/grading/__init__.py",
            "tests/grading/checking.py", "solutions/devoir3.py")


def requirements() -> str:
    """The pinned requirements.txt that setup.sh installs."""
    return REQUIREMENTS


def sources(root: Path) -> dict[str, Path]:
    """The repository files the zip carries, as ``{name in the zip: path}``."""
    root = Path(root)
    found: dict[str, Path] = {}
    for folder, pattern in COPIED:
        for path in sorted((root / folder).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = path
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise FileNotFoundError(f"cannot build {ZIP_NAME}: missing {', '.join(missing)}")
    if not any(name.startswith("tests/grading/hidden_") for name in found):
        raise FileNotFoundError(f"cannot build {ZIP_NAME}: no tests/grading/hidden_*.py")
    return found


def entries(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry of the zip: ``{name: (content, mode)}``."""
    content: dict[str, tuple[bytes, int]] = {name: (text.encode("utf-8"), mode)
                                             for name, (text, mode) in GENERATED.items()}
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
