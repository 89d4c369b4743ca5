"""What surrounds the child: no network, a private and bounded view of the files, first in line for the OOM
killer, dead with its judge; and the judge hides its files without changing a permission."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from autograder import package
from autograder.sandbox import limits
from autograder.sandbox.host import Chunk, Sandbox
from autograder.sandbox.limits import Limits
from tests.helpers import leftover_files
from tests.hostile import CATALOGUE
from tests.hostile.isolation import FORWARD, helper

ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="the sandbox uid and mount namespaces need root")
needs_private_mounts = pytest.mark.skipif(not limits.private_mounts_work(),
                                          reason="this machine gives a child no mount namespace of its own")


def sandbox(source: str, limits: Limits = Limits()) -> Sandbox:
    return Sandbox([Chunk(source, "devoir3.py", "bloc 0")], timeout=5.0, limits=limits)


def gone(pid: int) -> bool:
    """Whether ``pid`` has ended (a zombie has: it only waits for its parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


# ---------------------------------------------------------------------------
# Offline
# ---------------------------------------------------------------------------


def test_the_child_can_create_no_socket_but_still_answers_on_its_channel() -> None:
    source = '''
import ctypes, os, socket

def attempts():
    tried = {}
    for name, make in [("tcp", lambda: socket.socket()), ("udp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)),
                       ("unix", lambda: socket.socket(socket.AF_UNIX)), ("pair", socket.socketpair)]:
        try:
            make()
            tried[name] = "ouvert"
        except OSError as error:
            tried[name] = type(error).__name__
    libc = ctypes.CDLL(None, use_errno=True)
    params = ctypes.create_string_buffer(120)
    tried["io_uring"] = "ouvert" if libc.syscall(425, 8, params) >= 0 else os.strerror(ctypes.get_errno())
    if os.uname().machine == "x86_64":  # the same call through the x32 ABI's numbers
        tried["x32"] = "ouvert" if libc.syscall(0x40000000 + 41, 2, 1, 0) >= 0 else os.strerror(ctypes.get_errno())
    return tried
'''
    with sandbox(source) as box:
        tried = box.call("attempts")
    refused = {"tcp": "PermissionError", "udp6": "PermissionError", "unix": "PermissionError",
               "pair": "PermissionError", "io_uring": os.strerror(1)}
    assert tried == {**refused, **({"x32": os.strerror(1)} if os.uname().machine == "x86_64" else {})}


def test_the_forwarding_attack_would_reach_its_helper_from_outside_the_sandbox(reference_source: str) -> None:
    """Keeps network_forwarding honest: it gains points as soon as any of its doors is open."""
    where = helper(reference_source)
    script = ("import numpy as np\n" + "sign = softmax = None\n"
              + FORWARD.format(port=where.port, path=where.path, abstract=where.abstract)
              + "print(_ask('softmax', [1000.0, 1001.0]).tolist())")
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60).stdout
    np.testing.assert_allclose(json.loads(printed), [1 / (1 + np.e), np.e / (1 + np.e)])


# ---------------------------------------------------------------------------
# Bounded and clean
# ---------------------------------------------------------------------------


@needs_root
@needs_private_mounts
def test_files_and_shared_memory_are_bounded_in_total_and_vanish_with_the_child() -> None:
    source = '''
import ctypes, os

def fill():
    written = 0
    for tag, folder in enumerate(("/tmp", "/var/tmp", "/dev/shm", os.getcwd())):
        for i in range(8):
            try:
                with open(os.path.join(folder, f"f{tag}-{i}"), "wb") as f:
                    f.write(b"x" * (4 * 1024 * 1024))
                written += 4
            except OSError:
                break
    return written

def shared():
    refused = []
    try:
        os.memfd_create("m")
    except OSError:
        refused.append("memfd")
    if ctypes.CDLL(None).shmget(0, 4096, 0o1600) < 0:
        refused.append("shmget")
    return refused

def listing():
    return sorted(os.listdir("/tmp") + os.listdir(os.getcwd()))
'''
    with sandbox(source, Limits(file_mb=16)) as box:
        assert box.call("fill") <= 16
        assert box.call("shared") == ["memfd", "shmget"]
        assert len(box.call("listing")) > 1
        box.kill()
        left = [name for name in box.call("listing") if re.fullmatch(r"f\d-\d", name)]
        assert left == []  # the next child sees none of them (an import path under /tmp may still show)
        uid = box.uid
    assert not leftover_files(lambda owner: owner == uid)


@needs_root
def test_without_mount_namespaces_the_files_of_the_uid_are_removed_from_shared_places() -> None:
    """The fallback cleanup (the fork server runs it after each child when it has no mount namespace)."""
    uid = limits.sandbox_uid()
    assert uid is not None
    theirs, ours = Path("/tmp") / f"devoir3-reste-{os.getpid()}", Path("/tmp") / f"devoir3-garde-{os.getpid()}"
    (theirs / "sous-dossier").mkdir(parents=True)
    ours.write_text("à garder")
    for path in (theirs, theirs / "sous-dossier"):
        os.chown(path, uid, uid)
    try:
        limits.remove_files_of(uid)
        assert not theirs.exists() and ours.exists()
    finally:
        ours.unlink()


def test_the_child_is_the_oom_killers_first_choice_and_cannot_step_back() -> None:
    source = '''
def oom():
    try:
        open("/proc/self/oom_score_adj", "w").write("0")
    except OSError:
        pass
    return int(open("/proc/self/oom_score_adj").read())
'''
    with sandbox(source) as box:
        assert box.call("oom") == 1000


# ---------------------------------------------------------------------------
# Hidden, without changing a permission
# ---------------------------------------------------------------------------


@needs_root
def test_a_hidden_folder_is_unreadable_by_the_child_and_keeps_its_permissions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(limits.HIDDEN_VARIABLE, raising=False)
    secret = tmp_path / "cours" / "hidden_9.py"
    secret.parent.mkdir()
    secret.write_text("REPONSE = 42\n")
    secret.chmod(0o644)
    secret.parent.chmod(0o755)
    before = {path: path.stat().st_mode for path in (tmp_path, secret.parent, secret)}
    limits.hide_from_sandbox(secret.parent)
    source = f'''
import numpy

def peek():
    try:
        return open({str(secret)!r}).read()
    except OSError as error:
        return type(error).__name__

def numpy_still_readable():
    return open(numpy.__file__).read(1) != ""
'''
    with sandbox(source) as box:
        assert box.call("peek") in ("FileNotFoundError", "PermissionError")
        assert box.call("numpy_still_readable")  # even from a .venv inside a hidden repository
    assert {path: path.stat().st_mode for path in before} == before


@needs_root
@needs_private_mounts
def test_import_paths_inside_a_hidden_folder_or_under_tmp_stay_visible(tmp_path: Path) -> None:
    """A .venv inside the repository, or a whole grader unpacked under /tmp: numpy must still load."""
    repository = Path(tempfile.mkdtemp(dir="/run" if os.access("/run", os.W_OK) else None))
    try:
        for folder in (repository / ".venv" / "site-packages", tmp_path / "venv" / "site-packages"):
            folder.mkdir(parents=True)
            (folder / "module.py").write_text("VISIBLE = True\n")
        (repository / "hidden_9.py").write_text("REPONSE = 42\n")
        repository.chmod(0o755)
        keep = (str(repository / ".venv" / "site-packages"), str(tmp_path / "venv" / "site-packages"))
        isolation = limits.Isolation(True, limits.mount_points(), keep, None, None, False)
        message = {**Limits().as_message(), "hidden": [str(repository)]}
        uid = limits.sandbox_uid()
        assert uid is not None
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                limits.apply(message, uid, "/tmp/devoir3-sandbox-essai", isolation, os.getppid())
                seen = [os.path.exists(os.path.join(entry, "module.py")) for entry in keep]
                seen.append(os.path.exists(repository / "hidden_9.py"))
                os.write(write, json.dumps(seen).encode())
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read) as answer:
            assert json.loads(answer.read()) == [True, True, False]
        os.waitpid(pid, 0)
    finally:
        shutil.rmtree(repository)


@needs_root
def test_without_mount_namespaces_permissions_are_removed_then_put_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(limits.HIDDEN_VARIABLE, raising=False)
    monkeypatch.setattr(limits, "_private_mounts", False)
    folder = tmp_path / "cours"
    folder.mkdir(mode=0o755)
    limits.hide_from_sandbox(folder)
    assert folder.stat().st_mode & 0o777 == 0o750
    assert "no private mount namespace" in capsys.readouterr().err
    limits.restore_permissions()
    assert folder.stat().st_mode & 0o777 == 0o755


# ---------------------------------------------------------------------------
# Dead with the judge; a claimed uid starts empty
# ---------------------------------------------------------------------------


def test_the_child_and_the_fork_server_die_with_a_killed_judge() -> None:
    judge = subprocess.Popen([sys.executable, "-c", '''
import sys, time
from autograder.sandbox.host import Chunk, Sandbox, Zygote
box = Sandbox([Chunk("import os\\ndef pid():\\n    return os.getpid()", "devoir3.py", "bloc")])
print(box.call("pid"), Zygote.shared().process.pid, flush=True)
time.sleep(120)
'''], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        child, zygote = map(int, judge.stdout.readline().split())  # type: ignore[union-attr]
        assert not gone(child) and not gone(zygote)
    finally:
        judge.kill()
        judge.wait()
    assert wait_until(lambda: gone(zygote) and gone(child)), "the sandbox outlived its judge"


@needs_root
def test_claiming_a_uid_first_removes_what_still_runs_under_it_and_its_files() -> None:
    for slot in reversed(range(limits.UID_SLOTS)):  # the far end: other graders take the first free slots
        with contextlib.suppress(RuntimeError):
            uid, fd = limits.claim_slot([slot])
            break
    leftover = subprocess.Popen(["sleep", "60"], user=uid, group=uid, extra_groups=[])
    folder = Path("/tmp") / f"devoir3-sandbox-mort-{os.getpid()}"
    folder.mkdir()
    os.chown(folder, uid, uid)
    try:
        os.close(fd)  # its grader is gone, its process and working folder are not
        uid, fd = limits.claim_slot([slot])
        assert wait_until(lambda: leftover.poll() is not None), "a process of the claimed uid still runs"
        assert leftover.returncode == -signal.SIGKILL
        assert not folder.exists()
    finally:
        leftover.kill()
        leftover.wait()
        os.close(fd)


def test_a_judge_that_runs_no_student_code_leaves_no_traceback() -> None:
    run = subprocess.run([sys.executable, "-c", "from autograder.sandbox.host import Zygote; Zygote.shared()"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr


# ---------------------------------------------------------------------------
# Inside Gradescope's 768 MB
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def memory_cgroup(megabytes: int) -> Iterator[Path]:
    """A fresh memory cgroup below this process's own (cgroup v2 or v1), as its ``cgroup.procs``; else skip."""
    own = {line.split(":")[1]: line.split(":", 2)[2] for line in Path("/proc/self/cgroup").read_text().splitlines()}
    candidates = [(Path("/sys/fs/cgroup") / own.get("", "/").lstrip("/"), "memory.max"),
                  (Path("/sys/fs/cgroup/memory") / own.get("memory", "/").lstrip("/"), "memory.limit_in_bytes")]
    for parent, knob in candidates:
        group = parent / f"devoir3-test-{os.getpid()}"
        try:
            group.mkdir()
        except OSError:
            continue
        try:
            (group / knob).write_text(str(megabytes * 1024 * 1024))
        except OSError:
            group.rmdir()
            continue
        try:
            yield group / "cgroup.procs"
        finally:
            wait_until(lambda: not (group / "cgroup.procs").read_text().strip())
            with contextlib.suppress(OSError):
                group.rmdir()
        return
    pytest.skip("no writable memory cgroup (v2 with the memory controller delegated, or v1) on this machine")


def grade_in(procs: Path, zip_path: Path, folder: Path, content: bytes) -> dict:
    """Grade ``content`` as on Gradescope, the whole grader (judge, fork server, child) inside the cgroup."""
    root = folder / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "submission" / "devoir3.py").write_bytes(content)
    script = ("import os, sys; from pathlib import Path; "
              f"Path({str(procs)!r}).write_text(str(os.getpid())); "
              "from autograder import gradescope; gradescope.run(Path(sys.argv[1]))")
    subprocess.run([sys.executable, "-c", script, str(root)], cwd=ROOT, timeout=300, check=False)
    results = root / "results" / "results.json"
    assert results.exists(), "no results.json: the judge was killed"
    return json.loads(results.read_text(encoding="utf-8"))


@needs_root
@pytest.mark.parametrize("name", ["shared_memory_bomb", "memory_bomb_at_import"])
def test_memory_attacks_score_their_twin_inside_768_mb(name: str, tmp_path: Path, reference_source: str) -> None:
    attack = next(a for a in CATALOGUE if a.name == name)
    hostile, honest = attack.sources(reference_source)
    zip_path = next(p for p in package.build(ROOT, tmp_path / "dist") if p.name == "autograder.zip")
    with memory_cgroup(768) as procs:
        attacked = grade_in(procs, zip_path, tmp_path / "attack", hostile)
        twin = grade_in(procs, zip_path, tmp_path / "twin", honest)
    assert [t["score"] for t in attacked["tests"]] == [t["score"] for t in twin["tests"]]
    assert attacked["score"] == twin["score"] > 0
