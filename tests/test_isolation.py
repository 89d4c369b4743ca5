"""What surrounds the child: no network, a private and bounded view of the files, first in line for the OOM
killer, dead with its judge; and the judge hides its files without changing a permission."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from autograder import gradescope, package
from autograder.sandbox import limits
from autograder.sandbox.host import Chunk, Sandbox, StudentError, Zygote
from autograder.sandbox.limits import Limits
from autograder.submission import SubmissionError, find
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


def test_the_child_creates_no_file_anywhere_and_shares_no_memory() -> None:
    """The inode quota, in both modes: zero new files (a child that may not create one cannot flood the judge's
    cleanup with empty files, nor leave a tree to walk); existing files stay readable."""
    source = '''
import ctypes, errno, os

def create():
    tried = {}
    for tag, folder in enumerate(("/tmp", "/var/tmp", "/dev/shm", os.getcwd())):
        for kind, make in [("w", lambda p: open(p, "w")), ("x", lambda p: open(p, "xb")),
                           ("os", lambda p: os.open(p, os.O_CREAT | os.O_WRONLY)), ("dir", os.mkdir),
                           ("link", lambda p: os.symlink("/etc/hostname", p)), ("hard", lambda p: os.link("/etc/hostname", p)),
                           ("fifo", os.mkfifo), ("unnamed", lambda p: os.open(folder, os.O_TMPFILE | os.O_RDWR))]:
            try:
                make(os.path.join(folder, f"f{tag}-{kind}"))
                tried[f"{tag}-{kind}"] = "created"
            except OSError as error:
                tried[f"{tag}-{kind}"] = errno.errorcode[error.errno]
    return tried

def still_reads():
    return len(open("/etc/hostname").read()) >= 0 and os.listdir(os.getcwd()) == []

def shared():
    refused = []
    try:
        os.memfd_create("m")
    except OSError:
        refused.append("memfd")
    if ctypes.CDLL(None).shmget(0, 4096, 0o1600) < 0:
        refused.append("shmget")
    return refused
'''
    with sandbox(source) as box:
        tried = box.call("create")
        assert tried and set(tried.values()) <= {"EDQUOT", "EPERM", "EACCES", "ENOENT"}, tried
        assert {k: v for k, v in tried.items() if k.startswith("0-")} == \
            {f"0-{kind}": "EDQUOT" for kind in ("w", "x", "os", "dir", "link", "hard", "fifo", "unnamed")}
        assert box.call("still_reads")
        assert box.call("shared") == ["memfd", "shmget"]
        uid = box.uid
    assert not leftover_files(lambda owner: owner == uid)


def test_the_filter_refuses_new_files_on_both_architectures() -> None:
    """The rule is in the program for aarch64 too, where only the *at system calls exist."""
    for machine, numbers in limits.SYSCALLS.items():
        program = limits.seccomp_filter(machine)
        assert program is not None
        words = [struct.unpack_from("HBBI", program, at) for at in range(0, len(program), 8)]
        compared = {k for code, _, _, k in words if code == limits.JEQ}
        syscalls = numbers[1]
        assert {syscalls[name] for name in ("openat", "mkdirat", "linkat", "symlinkat", "mknodat")} <= compared
        assert (limits.RET, 0, 0, limits.SECCOMP_RET_ERRNO | errno.EDQUOT) in words
        assert (limits.JSET, 0, 1, limits.O_CREAT | limits.O_TMPFILE_BIT) in words


@needs_root
@needs_private_mounts
def test_the_private_tmpfs_is_bounded_in_bytes_and_inodes() -> None:
    source = '''
def options():
    for line in open("/proc/self/mountinfo"):
        fields = line.split()
        if fields[4] == "/tmp":
            return line.split(" - ")[1].split()[2]
'''
    with sandbox(source, Limits(file_mb=16, inodes=300)) as box:
        options = box.call("options").split(",")
    assert "size=16384k" in options and "nr_inodes=300" in options


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


def chain(top: Path, depth: int) -> None:
    """``top`` and ``depth`` folders below it, each inside the last: made relative to open folders, since the
    whole path is longer than the kernel takes in one piece."""
    top.mkdir()
    current = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=current)
            deeper = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=current)
            os.close(current)
            current = deeper
        os.close(os.open("fond", os.O_CREAT | os.O_WRONLY, dir_fd=current))
    finally:
        os.close(current)


def remove(path: Path, walk: limits.Walk) -> bool:
    parent = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return limits.remove_tree(parent, path.name, walk)
    finally:
        os.close(parent)


@needs_root
def test_a_deep_chain_left_by_the_child_is_walked_without_recursion(tmp_path: Path) -> None:
    """Issue 20: 5,000 folders deep killed the fork server (shutil.rmtree recurses). Past the walk's depth the
    chain is abandoned, whole; with room for it, it is removed, one folder open at a time."""
    uid = limits.sandbox_uid()
    assert uid is not None
    top = Path("/tmp") / f"devoir3-chaine-{os.getpid()}"
    chain(top, 5000)
    os.chown(top, uid, uid)
    try:
        walk = limits.remove_files_of(uid)
        assert walk.abandoned and (top / "d").is_dir()
        assert remove(top, limits.Walk(depth=6000)) and not top.exists()
    finally:
        if top.exists():
            remove(top, limits.Walk(entries=10**6, depth=10**6))


def test_a_crowded_folder_costs_the_walk_its_allowance_and_no_more(tmp_path: Path) -> None:
    crowd = tmp_path / "foule"
    crowd.mkdir()
    for i in range(3000):
        os.close(os.open(crowd / f"vide-{i}", os.O_CREAT | os.O_WRONLY))
    walk = limits.Walk(entries=1000)
    assert not remove(crowd, walk) and walk.abandoned
    assert 1900 <= len(os.listdir(crowd)) <= 2000  # the entries looked at, and not one more
    assert remove(crowd, limits.Walk()) and not crowd.exists()


def test_the_walk_never_follows_a_link_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "dehors"
    (outside / "dossier").mkdir(parents=True)
    (outside / "dossier" / "garder.txt").write_text("à garder")
    tree = tmp_path / "arbre"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "b" / "lien").symlink_to(outside / "dossier")
    (tree / "lien").symlink_to(outside)
    assert remove(tree, limits.Walk()) and not tree.exists()
    assert (outside / "dossier" / "garder.txt").read_text() == "à garder"


@needs_root
def test_a_working_folder_too_big_to_clean_is_set_aside_closed_and_replaced(tmp_path: Path) -> None:
    uid = limits.sandbox_uid()
    assert uid is not None
    home = tmp_path / "maison"
    home.mkdir()
    workdir = home / "travail"
    chain(workdir, limits.WALK_DEPTH + 10)
    assert not limits.renew_workdir(str(workdir), uid)
    assert list(workdir.iterdir()) == [] and workdir.stat().st_uid == uid and workdir.stat().st_mode & 0o777 == 0o700
    (aside,) = [p for p in home.iterdir() if p != workdir]
    assert aside.stat().st_uid == 0 and aside.stat().st_mode & 0o777 == 0
    (workdir / "reste.txt").write_text("x")
    assert limits.renew_workdir(str(workdir), uid) and list(workdir.iterdir()) == []
    remove(aside, limits.Walk(entries=10**6, depth=10**6))


@needs_root
def test_the_cleanup_of_the_uids_files_spares_the_working_folder_of_later_children() -> None:
    """Issue 14: in a container the cleanup after a killed child removed the working folder (then owned by the
    sandbox uid at the top of /tmp), and every later child failed to load."""
    with sandbox("import os\ndef crash():\n    os._exit(1)\ndef where():\n    return os.getcwd()") as box:
        with pytest.raises(StudentError):
            box.call("crash")
        assert box.uid is not None
        limits.remove_files_of(box.uid)
        assert os.path.isdir(box.workdir) and os.stat(box.workdir).st_uid == box.uid
        assert box.call("where") == box.workdir


@needs_root
def test_leftovers_the_cleanup_abandons_cost_a_note_and_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the fork server reports that it had to abandon what a child left, the next child still answers."""
    monkeypatch.setattr(Zygote, "kill_all", lambda self, uid, workdir: False)
    with sandbox("import os\ndef crash():\n    os._exit(1)\ndef ok():\n    return 7") as box:
        with pytest.raises(StudentError):
            box.call("crash")
        assert box.call("ok") == 7
        assert any("abandonné" in note for note in box.notes())


def test_a_deep_folder_in_the_upload_does_not_hide_the_file_at_its_top(tmp_path: Path) -> None:
    upload = tmp_path / "remise"
    upload.mkdir()
    chain(upload / "profond", 5000)
    (upload / "devoir3.py").write_text("x = 1\n")
    path, notes = find(upload, "devoir3.py")
    assert path == upload / "devoir3.py"
    assert any("profonds" in note for note in notes)
    (upload / "devoir3.py").unlink()
    with pytest.raises(SubmissionError, match="Aucun fichier devoir3.py"):
        find(upload, "devoir3.py")
    nested = upload / "dossier" / "sous-dossier"
    nested.mkdir(parents=True)
    (nested / "devoir3.py").write_text("x = 1\n")
    assert find(upload, "devoir3.py")[0] == nested / "devoir3.py"
    remove(upload, limits.Walk(entries=10**6, depth=10**6))


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


def seen_by_a_child(isolation: limits.Isolation, message: dict, paths: list[str]) -> list[bool]:
    """Whether each of ``paths`` exists for a child confined by ``isolation`` and ``message`` (as root)."""
    uid = limits.sandbox_uid()
    assert uid is not None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            limits.apply(message, uid, "/tmp/devoir3-sandbox-essai", isolation, os.getppid())
            os.write(write, json.dumps([os.path.exists(path) for path in paths]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        seen = json.loads(answer.read())
    os.waitpid(pid, 0)
    return seen


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
        paths = [os.path.join(entry, "module.py") for entry in keep] + [str(repository / "hidden_9.py")]
        assert seen_by_a_child(isolation, message, paths) == [True, True, False]
    finally:
        shutil.rmtree(repository)


@needs_root
@needs_private_mounts
def test_import_paths_under_a_home_others_cannot_enter_stay_importable() -> None:
    """Python under a 0700 home (pyenv in /root): the child sees its import paths, and nothing else there."""
    home = Path(tempfile.mkdtemp(dir="/run" if os.access("/run", os.W_OK) else None))
    try:
        library = home / ".pyenv" / "lib"
        library.mkdir(parents=True)
        (library / "module.py").write_text("VISIBLE = True\n")
        (home / "secret.txt").write_text("42\n")
        home.chmod(0o700)
        assert limits.closed_above([str(library)]) == [str(home)]
        isolation = limits.Isolation(True, limits.mount_points(), (str(library),), None, None, False)
        paths = [str(library / "module.py"), str(home / "secret.txt")]
        assert seen_by_a_child(isolation, Limits().as_message(), paths) == [True, False]
    finally:
        shutil.rmtree(home)


def test_the_standard_library_and_non_ascii_names_work_in_the_child() -> None:
    """Whatever the Python's home: a module no one preloads, and a name the tokenizer normalises."""
    with sandbox("import wave\n\ndef entrée(σ):\n    return wave.__name__ + str(σ)\n") as box:
        assert box.call("entrée", 1) == "wave1"
        assert not box.load_errors


@needs_root
def test_without_mount_namespaces_permissions_are_removed_then_put_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(limits.HIDDEN_VARIABLE, raising=False)
    monkeypatch.setattr(limits, "_private_mounts", False)
    folder = tmp_path / "cours"
    folder.mkdir(mode=0o755)
    limits.hide_from_sandbox(folder)
    assert folder.stat().st_mode & 0o777 == 0o750
    limits.restore_permissions()
    assert folder.stat().st_mode & 0o777 == 0o755


def test_what_the_machine_withholds_is_said_once(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(limits.REPORTED_VARIABLE, raising=False)
    monkeypatch.setattr(limits, "_private_mounts", False)
    limits.report_shortcomings(oom_lowered=False)
    limits.report_shortcomings(oom_lowered=False)
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and "no private mount namespace" in said[0] and "CAP_SYS_RESOURCE" in said[0]
    monkeypatch.delenv(limits.REPORTED_VARIABLE)
    monkeypatch.setattr(limits, "_private_mounts", True)
    limits.report_shortcomings(oom_lowered=True)
    assert capsys.readouterr().err == ""  # nothing missing, nothing said


@needs_root
def test_the_upload_folder_and_its_metadata_are_hidden_from_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gradescope puts submission_metadata.json (earlier results) beside the upload; outside /tmp, so that the
    child's private /tmp cannot be what hides it."""
    monkeypatch.delenv(limits.HIDDEN_VARIABLE, raising=False)
    root = Path(tempfile.mkdtemp(dir="/run" if os.access("/run", os.W_OK) else None))
    try:
        root.chmod(0o755)
        (root / "submission").mkdir(mode=0o755)
        metadata = root / "submission" / "submission_metadata.json"
        metadata.write_text('{"previous_submissions": ["RESULTATS-ANTERIEURS"]}')
        metadata.chmod(0o644)
        probe = (ROOT / "solutions" / "devoir3.py").read_text(encoding="utf-8") + f'''

def sign(x):
    try:
        found = open({str(metadata)!r}).read()
    except OSError as error:
        found = "REFUS " + type(error).__name__
    raise ValueError(found)
'''
        (root / "submission" / "devoir3.py").write_text(probe, encoding="utf-8")
        shown = gradescope.run(root, ROOT).read_text(encoding="utf-8")
        assert "REFUS" in shown and "RESULTATS-ANTERIEURS" not in shown
    finally:
        shutil.rmtree(root)


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
