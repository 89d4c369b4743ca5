"""Gradescope's own conditions as a test target: the built zip's ``run_autograder``, as root, without
CAP_SYS_ADMIN (so no mount namespace: the sandbox falls back to permissions) nor CAP_SYS_RESOURCE, on
Python 3.10 (Gradescope's ``python3``) and 3.11.

``capsh --drop`` takes away what Docker's default capability set withholds; the real container is
``bench/container.py`` (figures in bench/README.md). Every file here must score exactly what its honest
twin scores, as it does on this machine with mount namespaces (tests/test_hostile.py).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest

from autograder import package
from autograder.results import SCHEMA_PATH
from autograder.sandbox.limits import UID_BASE, UID_SLOTS, slot_is_free
from tests.helpers import leftover_files, leftover_sandbox_processes, secret_lines
from tests.hostile import CATALOGUE
from tests.hostile.catalogue import Attack
from tests.hostile.isolation import DEEP_FOLDER_CHAIN, MILLION_EMPTY_FILES

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8")
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
PYTHON_310 = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")
DROPPED = "cap_sys_admin,cap_sys_resource"
CAP_SYS_ADMIN, CAP_SYS_RESOURCE = 21, 24
IN_CONTAINER = [shutil.which("capsh") or "capsh", f"--drop={DROPPED}", "--"]

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="Gradescope runs the grader as root; so must this test"),
    pytest.mark.skipif(shutil.which("capsh") is None, reason="capsh (libcap2-bin) drops the capabilities"),
]


def replaced(name: str, body: str) -> str:
    """The reference with ``name`` redefined after it (the later definition wins)."""
    return f"{REFERENCE}\n\ndef {name}(*args, **kwargs):\n" + "".join(f"    {line}\n" for line in body.splitlines())


def at_import(code: str) -> str:
    """The reference, then ``code`` as top-level statements."""
    return f"{REFERENCE}\n\n{code}\n"


RAISES = "raise ValueError('pas de réponse')"
MISBEHAVING: dict[str, tuple[str, str]] = {
    # name: (file, its honest twin), each the reference with one function (or statement) changed
    "loop_in_function": (replaced("sign", "while True:\n    pass"), replaced("sign", RAISES)),
    "sleep_4_s_in_function": (replaced("softmax", "import time\ntime.sleep(4)"), replaced("softmax", RAISES)),
    "os_exit_in_function": (replaced("sign", "import os\nos._exit(3)"), replaced("sign", RAISES)),
    "fork_in_function": (replaced("sign", "import os\nif os.fork() == 0:\n    os._exit(0)\nreturn 0.0"),
                         replaced("sign", RAISES)),
    "memory_bomb_in_function": (replaced("sign", "import numpy as np\nreturn np.ones(10**11)"),
                                replaced("sign", RAISES)),
    "memory_bomb_at_import": ("hog = []\nwhile True:\n    hog.append(bytearray(50 * 1024 * 1024))\n" + REFERENCE,
                              REFERENCE),
    # issue 20: a correct file that also leaves a deep folder chain, or floods a folder with empty files
    "deep_folder_chain": (at_import(DEEP_FOLDER_CHAIN), REFERENCE),
    "million_empty_files": (at_import(MILLION_EMPTY_FILES), REFERENCE),
}
ATTACKS = ("files_left_everywhere", "shared_memory_bomb", "child_process_left_running", "fork_bomb",
           "thread_left_running", "ignore_sigterm", "infinite_loop_in_function", "os_exit_in_function",
           "write_into_submission_folder", "forge_results_and_os_exit", "read_the_reference",
           "leak_hidden_tests_in_error", "memory_bomb_in_function", "deep_recursion")
"""The hostile catalogue's attacks that touch what differs without a mount namespace (files, processes,
hidden folders, cleanup between children); tests/test_hostile.py runs them all with one."""


def interpreters() -> list[pytest.param]:
    """Python 3.11 (this one) and Gradescope's 3.10, skipped where pyenv does not have it."""
    return [pytest.param(Path(sys.executable), id=f"python{sys.version_info[0]}.{sys.version_info[1]}"),
            pytest.param(PYTHON_310, id="python3.10", marks=pytest.mark.skipif(
                not PYTHON_310.exists(), reason=f"no {PYTHON_310} (pyenv install 3.10.13)"))]


def effective_capabilities() -> int:
    """CapEff of a shell started the way the grader is below."""
    shell = subprocess.run([*IN_CONTAINER, "-c", "grep CapEff /proc/self/status"], capture_output=True,
                           text=True, check=True)
    return int(shell.stdout.split()[1], 16)


class Container:
    """A fake /autograder: the zip unpacked, ``setup.sh`` run with ``python3`` = the chosen interpreter."""

    def __init__(self, zip_path: Path, base: Path, python: Path) -> None:
        self.base = base
        self.root = base / "autograder"
        package.unpack(zip_path, self.root / "source")
        bin_folder = base / "bin"
        bin_folder.mkdir()
        (bin_folder / "python3").symlink_to(python)
        self.python = python
        self.env = {"PATH": f"{bin_folder}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LANG": "C.UTF-8", "AUTOGRADER_ROOT": str(self.root), "HOME": str(base)}
        setup = subprocess.run(["bash", str(self.root / "source" / "setup.sh")], env=self.env, capture_output=True,
                               text=True, timeout=600)
        assert setup.returncode == 0, setup.stderr[-3000:]
        self.graded: dict[tuple[bytes, str], tuple[dict, str]] = {}

    def versions(self) -> tuple[str, str]:
        """The version of the venv's python, which run_autograder runs, and of the interpreter chosen."""
        return tuple(subprocess.run([str(python), "--version"], capture_output=True, text=True,  # type: ignore
                                    check=True).stdout.strip() for python in (self.root / "venv/bin/python", self.python))

    def grade(self, content: bytes, name: str = "devoir3.py") -> tuple[dict, str]:
        """results.json and stderr of ``run_autograder`` without the capabilities Docker withholds."""
        if (content, name) in self.graded:
            return self.graded[(content, name)]
        for folder in ("submission", "results"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
            (self.root / folder).mkdir(mode=0o755)
        (self.root / "submission" / name).write_bytes(content)
        metadata = self.root / "submission" / "submission_metadata.json"
        metadata.write_text('{"previous_submissions": ["RESULTATS-ANTERIEURS"]}', encoding="utf-8")
        modes = {path: stat.S_IMODE(path.stat().st_mode) for path in (self.root / "source", self.root / "submission")}
        run = subprocess.run([*IN_CONTAINER, "-c", 'exec "$0"', str(self.root / "source" / "run_autograder")],
                             env=self.env, cwd=self.root, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        results = json.loads((self.root / "results" / "results.json").read_text(encoding="utf-8"))
        jsonschema.validate(results, SCHEMA)
        assert {path: stat.S_IMODE(path.stat().st_mode) for path in modes} == modes, "permissions not put back"
        assert settled(lambda: not leftover_sandbox_processes()), "a process of the sandbox outlived its grader"
        assert not leftover_files(lambda uid: UID_BASE <= uid < UID_BASE + UID_SLOTS and slot_is_free(uid)), \
            "the sandbox left files in a shared place"
        self.graded[(content, name)] = results, run.stderr
        return results, run.stderr


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return next(p for p in package.build(ROOT, tmp_path_factory.mktemp("dist")) if p.name == "autograder.zip")


@pytest.fixture(scope="module")
def containers(zip_path: Path) -> Iterator[dict[Path, Container]]:
    """One fake /autograder per interpreter, made on first use (setup.sh takes seconds)."""
    made: dict[Path, Container] = {}
    yield made
    for container in made.values():
        shutil.rmtree(container.base, ignore_errors=True)


def container_for(python: Path, containers: dict[Path, Container], zip_path: Path) -> Container:
    if python not in containers:
        base = Path(tempfile.mkdtemp(prefix="devoir3-conteneur-"))
        base.chmod(0o755)  # every user may enter, as /autograder on Gradescope (pytest's folders are 0700)
        containers[python] = Container(zip_path, base, python)
    return containers[python]


@pytest.fixture(params=interpreters())
def container(request: pytest.FixtureRequest, containers: dict[Path, Container], zip_path: Path) -> Container:
    return container_for(request.param, containers, zip_path)


@pytest.fixture
def container_311(containers: dict[Path, Container], zip_path: Path) -> Container:
    return container_for(Path(sys.executable), containers, zip_path)


def settled(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Whether ``condition`` holds within ``seconds``: a child killed with its fork server (parent-death
    signal) may take a moment to be gone after the grader has exited."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def scores(results: dict) -> dict[str, float]:
    return {test["name"]: test["score"] for test in results["tests"]}


def test_the_capabilities_are_those_docker_leaves() -> None:
    capabilities = effective_capabilities()
    assert not capabilities & (1 << CAP_SYS_ADMIN) and not capabilities & (1 << CAP_SYS_RESOURCE)
    assert capabilities & 1  # CAP_CHOWN: root all the same, as in Docker


def test_the_reference_scores_65_and_what_is_missing_is_said_once(container: Container) -> None:
    results, stderr = container.grade(REFERENCE.encode())
    assert results["score"] == 65
    assert all(test["score"] == test["max_score"] for test in results["tests"])
    said = [line for line in stderr.splitlines() if line.startswith("autograder sandbox:")]
    assert len(said) == 1 and "no private mount namespace" in said[0] and "CAP_SYS_RESOURCE" in said[0], stderr
    graded_by, chosen = container.versions()
    assert graded_by == chosen


@pytest.mark.parametrize("name", MISBEHAVING)
def test_one_misbehaving_function_costs_what_its_twin_loses(name: str, container: Container) -> None:
    misbehaving, twin = MISBEHAVING[name]
    attacked, _ = container.grade(misbehaving.encode())
    honest, _ = container.grade(twin.encode())
    assert scores(attacked) == scores(honest)
    assert attacked["score"] == honest["score"] >= 64  # one question at most: the later children still load


def test_the_upload_folder_is_unreadable_to_student_code(container_311: Container) -> None:
    """Gradescope keeps submission_metadata.json (earlier results) beside the upload."""
    folder = container_311.root / "submission"
    probe = replaced("sign", f'''try:
    found = open({str(folder / "submission_metadata.json")!r}).read()
except OSError as error:
    found = "REFUS " + type(error).__name__
raise ValueError(found)''')
    results, _ = container_311.grade(probe.encode())
    shown = json.dumps(results, ensure_ascii=False)
    assert "REFUS PermissionError" in shown and "RESULTATS-ANTERIEURS" not in shown


@pytest.mark.parametrize("name", ATTACKS)
def test_an_attack_scores_its_twin_without_a_mount_namespace(name: str, container_311: Container) -> None:
    attack: Attack = next(a for a in CATALOGUE if a.name == name)
    hostile, honest = attack.sources(REFERENCE)
    attacked, _ = container_311.grade(hostile, attack.upload)
    twin, _ = container_311.grade(honest)
    assert scores(attacked) == scores(twin)
    assert attacked["score"] == twin["score"]
    seen = json.dumps([attacked["output"]] + [t["output"] for t in attacked["tests"]], ensure_ascii=False)
    assert not [line for line in secret_lines() if line in seen], "hidden material reached the student"


def test_a_child_creates_no_file_without_a_mount_namespace(tmp_path: Path) -> None:
    """The inode quota of the fallback: zero new files, wherever the child may write (tmp, its folder)."""
    script = tmp_path / "probe.py"
    script.write_text(f'''
import sys
sys.path.insert(0, {str(ROOT)!r})
from autograder.sandbox.host import Chunk, Sandbox
from autograder.sandbox.limits import private_mounts_work
SOURCE = {CREATE_FILES!r}
with Sandbox([Chunk(SOURCE, "devoir3.py", "bloc")]) as box:
    print(private_mounts_work(), box.call("create"))
''', encoding="utf-8")
    run = subprocess.run([*IN_CONTAINER, "-c", 'exec "$0" "$1"', sys.executable, str(script)], capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    mounts, refused = run.stdout.split(" ", 1)
    assert mounts == "False", run.stderr
    assert json.loads(refused.replace("'", '"')) == EXPECTED_REFUSALS


CREATE_FILES = '''
import errno, os

def create():
    tried = {}
    for name, make in [("file", lambda: open("ici.txt", "w")), ("tmp", lambda: open("/tmp/ici.txt", "x")),
                       ("shm", lambda: os.open("/dev/shm/s", os.O_CREAT | os.O_RDWR)),
                       ("folder", lambda: os.mkdir("/tmp/d")), ("link", lambda: os.symlink("/", "/tmp/l")),
                       ("unnamed", lambda: os.open("/tmp", os.O_TMPFILE | os.O_WRONLY)),
                       ("fifo", lambda: os.mkfifo("/tmp/p"))]:
        try:
            make()
            tried[name] = "created"
        except OSError as error:
            tried[name] = errno.errorcode[error.errno]
    return tried
'''
EXPECTED_REFUSALS = {name: "EDQUOT" for name in ("file", "tmp", "shm", "folder", "link", "unnamed", "fifo")}
