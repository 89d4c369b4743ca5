"""What the student's process may use and see: resource limits, the unprivileged identity, isolation.

Stdlib only (the fork server imports it before any student code runs); the
kernel interfaces Python lacks before 3.12 (prctl, seccomp, unshare, mount)
are called through ctypes.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import json
import os
import re
import resource
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

UID_BASE = 61000
UID_SLOTS = 1000
SLOT_FOLDER = "/run/autograder-sandbox-uids"
"""Sandbox uids are UID_BASE + a slot: no login, no files. A grader process holds an flock on its
slot's file while it lives, so two graders on one machine never share a uid (nor kill each other's children)."""

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
"""The folder holding the ``autograder`` package: the repository or /autograder/source, tests and reference included."""

HIDDEN_VARIABLE = "AUTOGRADER_SANDBOX_HIDDEN"
"""The judge lists what the child must not see in its environment, so that grade-all's workers inherit it."""

SCRATCH = "/tmp"
SHARED_SCRATCH = ("/var/tmp", "/dev/shm")
"""In its own mount namespace the child sees a read-only system; these places, and its working folder,
are one private tmpfs whose size bounds everything it writes (shared memory included)."""

WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/dev/mqueue", "/var/crash")
"""Where files of the sandbox uid can outlive a child (a dead judge's working folder; anything the child
wrote, when there is no private mount namespace): emptied of that uid's files."""

WALK_DEPTH = 256
WALK_ENTRIES = 50_000
SCAN_ENTRIES = 1_000_000
"""Bounds of one cleanup of what the child could shape: folders deeper than WALK_DEPTH, or the sandbox's entries
past WALK_ENTRIES, are abandoned, and a world-writable place is looked at for SCAN_ENTRIES entries at most (the
walk is iterative and streamed, so neither stack nor memory grows with what was left)."""

OOM_JUDGE = -800
OOM_CHILD = 1000
"""oom_score_adj: when memory runs out, the kernel kills the child first and the judge last."""

_claimed: tuple[int, int, int] | None = None  # (pid, uid, fd of the locked slot file)
_private_mounts: bool | None = None  # whether this machine lets a child have its own mount namespace
_restore: dict[str, int] = {}  # modes to put back, when permissions had to hide folders
REPORTED_VARIABLE = "AUTOGRADER_SANDBOX_REPORTED"
"""Set once the judge has said on stderr what this machine withholds, so that grade-all's workers stay quiet."""

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 0x400, 0x800, 0x200000, 0x1000000
MOUNT_OPTIONS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
                 "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}
PR_SET_PDEATHSIG, PR_SET_SECCOMP, PR_SET_NO_NEW_PRIVS, SECCOMP_MODE_FILTER = 1, 22, 38, 2


@dataclass(frozen=True)
class Limits:
    """Sized so that grader (~70 MB), fork server (~35 MB) and child fit in Gradescope's 768 MB container.

    Memory limits are per process, so the child gets no second task: no
    subprocess and no thread (the homework needs neither), or a fork bomb
    could multiply its 512 MB. The count is per uid, hence as root only.
    ``file_mb`` bounds each file and, with a private mount namespace, all the
    files and shared memory of a child together; ``inodes`` bounds the number
    of files of that tmpfs, but the seccomp filter refuses every new file
    before it is reached (see :func:`seccomp_filter`).
    """

    memory_mb: int = 512
    cpu_seconds: int = 120
    file_mb: int = 16
    inodes: int = 256
    processes: int = 1
    open_files: int = 64

    def as_message(self) -> dict[str, Any]:
        """The limits, and the paths the child must not see, as plain data for the fork server."""
        return {**asdict(self), "hidden": hidden_paths()}


# ---------------------------------------------------------------------------
# The sandbox uid (in the judge)
# ---------------------------------------------------------------------------


def sandbox_uid() -> int | None:
    """The uid student code runs as, unique to this grader process; None when not root (it cannot switch)."""
    global _claimed
    if os.geteuid() != 0:
        return None
    if _claimed is None or _claimed[0] != os.getpid():  # a forked worker claims its own
        _claimed = (os.getpid(), *claim_slot())
        lowered = set_oom_score(OOM_JUDGE)
        report_shortcomings(lowered)
    return _claimed[1]


def report_shortcomings(oom_lowered: bool) -> None:
    """Say once on stderr (once per grader, its workers included) what this machine withholds from the sandbox.

    Neither is needed for a grade: without a mount namespace, folders are hidden
    by permissions and the seccomp filter keeps the child from creating files;
    without a lower OOM score for the judge and fork server, the child's 1000
    still makes it the first choice, and its 512 MB leave room for both.
    """
    missing = []
    if not private_mounts_work():
        missing.append("no private mount namespace (hidden folders lose others' permissions while grading)")
    if not oom_lowered:
        missing.append("no CAP_SYS_RESOURCE (the grader's oom_score_adj stays as it was; the child's is 1000)")
    if missing and not os.environ.get(REPORTED_VARIABLE):
        os.environ[REPORTED_VARIABLE] = "1"
        print(f"autograder sandbox: {'; '.join(missing)}; grades do not depend on either", file=sys.stderr)


def claim_slot(slots: Iterable[int] = range(UID_SLOTS)) -> tuple[int, int]:
    """Lock the first free slot file, then remove what a dead grader (OOM-killed, say) left under its uid:
    processes, and files in shared places (its working folder). The lock lasts as long as this process
    keeps the descriptor."""
    os.makedirs(SLOT_FOLDER, mode=0o700, exist_ok=True)
    for slot in slots:
        fd = os.open(os.path.join(SLOT_FOLDER, str(slot)), os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if alive(UID_BASE + slot):
            kill_all(UID_BASE + slot)
        remove_files_of(UID_BASE + slot)
        return UID_BASE + slot, fd
    raise RuntimeError(f"all {UID_SLOTS} sandbox uids are taken by running graders")


def slot_is_free(uid: int) -> bool:
    """Whether no running grader holds the slot of ``uid`` (so processes of that uid are leftovers)."""
    path = os.path.join(SLOT_FOLDER, str(uid - UID_BASE))
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def kill_all(uid: int) -> None:
    """SIGKILL every process of ``uid``, round after round until none is alive (a fork bomb keeps forking)."""
    for _ in range(200):
        pid = os.fork()
        if pid == 0:
            try:
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)  # every process this uid may signal, but this one
            finally:
                os._exit(0)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass  # already reaped: SIGCHLD is ignored in the fork server
        if not alive(uid):
            return


def alive(uid: int) -> bool:
    """Whether a process of ``uid`` is still running (zombies excepted: they are already dead)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.stat(f"/proc/{name}").st_uid != uid:
                continue
            with open(f"/proc/{name}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    return True
        except OSError:
            continue
    return False


class Walk:
    """The allowance of one cleanup: entries it may still look at; ``abandoned`` once something was left."""

    def __init__(self, entries: int = WALK_ENTRIES, depth: int = WALK_DEPTH) -> None:
        self.left = entries
        self.depth = depth
        self.abandoned = False

    def take(self) -> bool:
        """Count one more entry looked at; False (and abandoned) once the allowance is spent."""
        self.left -= 1
        if self.left < 0:
            self.abandoned = True
        return self.left >= 0


FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def remove_files_of(uid: int, walk: Walk | None = None) -> Walk:
    """Delete what ``uid`` owns at the top of the world-writable places: the working folder of a dead
    grader, or, without a private mount namespace, what its child wrote there. Bounded by ``walk``."""
    walk = walk or Walk()
    for folder in WORLD_WRITABLE:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # /var/lock may be a link
        except OSError:
            continue
        try:
            with os.scandir(fd) as entries:
                for looked, entry in enumerate(entries):
                    if looked >= SCAN_ENTRIES:  # others' entries cost a stat each; they are not what was left
                        walk.abandoned = True
                        break
                    try:
                        if entry.stat(follow_symlinks=False).st_uid == uid:
                            if not walk.take():
                                break
                            remove_tree(fd, entry.name, walk)
                    except OSError:
                        continue
        except OSError:
            pass
        finally:
            os.close(fd)
    return walk


def remove_tree(parent: int, name: str, walk: Walk) -> bool:
    """Remove ``name`` (in the folder open as ``parent``) and all below it; whether it is gone.

    Iterative, streamed (os.scandir, one folder open at a time), relative to
    open folders (no path grows with depth) and never through a link: a tree
    of any shape costs at most ``walk``'s entries and depth, and what lies
    beyond is left in place (``walk.abandoned``). Going back up checks that
    ".." is still the folder it came from, so a tree moved meanwhile is
    abandoned rather than followed.
    """
    try:
        os.unlink(name, dir_fd=parent)
        return True
    except FileNotFoundError:
        return True
    except IsADirectoryError:
        pass
    except OSError:
        walk.abandoned = True
        return False
    try:
        current = os.open(name, FOLDER_FLAGS, dir_fd=parent)
    except OSError:
        walk.abandoned = True
        return False
    below: list[tuple[str, tuple[int, int]]] = []  # folders entered under ``name``: name, parent's identity
    try:
        while True:
            inner = None
            with os.scandir(current) as entries:
                for entry in entries:
                    if not walk.take():
                        return False
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            os.rmdir(entry.name, dir_fd=current)
                        else:
                            os.unlink(entry.name, dir_fd=current)
                    except FileNotFoundError:
                        continue
                    except OSError as error:
                        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                            walk.abandoned = True
                            return False
                        inner = entry.name
                        break
            if inner is not None:
                if len(below) >= walk.depth:
                    walk.abandoned = True
                    return False
                here = os.fstat(current)
                deeper = os.open(inner, FOLDER_FLAGS, dir_fd=current)
                os.close(current)
                current = deeper
                below.append((inner, (here.st_dev, here.st_ino)))
                continue
            if not below:
                os.close(current)
                current = -1
                os.rmdir(name, dir_fd=parent)
                return True
            up = os.open("..", FOLDER_FLAGS, dir_fd=current)
            done, identity = below.pop()
            seen = os.fstat(up)
            os.close(current)
            current = up
            if (seen.st_dev, seen.st_ino) != identity:
                walk.abandoned = True
                return False
            os.rmdir(done, dir_fd=current)
    except OSError:
        walk.abandoned = True
        return False
    finally:
        if current >= 0:
            os.close(current)


def renew_workdir(workdir: str, uid: int) -> bool:
    """Give the next child an empty working folder (without a mount namespace, the last child's stays on disk).

    What the last child left there is removed within a :class:`Walk`; past its
    bounds the folder is set aside for good, closed to the sandbox uid (root's,
    mode 000), and a new one made. Returns whether everything was removed.
    """
    parent_path, name = os.path.split(workdir)
    parent = os.open(parent_path, FOLDER_FLAGS)
    try:
        walk = Walk()
        if not remove_tree(parent, name, walk):
            aside = f"{name}.abandoned-{os.getpid()}-{time.monotonic_ns()}"
            os.rename(name, aside, src_dir_fd=parent, dst_dir_fd=parent)
            fd = os.open(aside, FOLDER_FLAGS, dir_fd=parent)
            try:
                os.fchown(fd, 0, 0)
                os.fchmod(fd, 0)
            finally:
                os.close(fd)
        os.mkdir(name, 0o700, dir_fd=parent)
        os.chown(name, uid, uid, dir_fd=parent, follow_symlinks=False)
        return not walk.abandoned
    finally:
        os.close(parent)


# ---------------------------------------------------------------------------
# Hiding the grader's files (in the judge)
# ---------------------------------------------------------------------------


def hide_from_sandbox(*paths: os.PathLike[str] | str) -> None:
    """As root, make ``paths`` (tests, reference, results, other submissions) invisible to student code.

    Each call names all that one grading hides. Each child covers them in its
    own mount namespace, so no permission of the user's files changes. Where the
    machine has no mount namespaces, others' permissions are removed instead, and
    put back when this process exits.
    """
    if os.geteuid() != 0:
        return
    existing = [str(Path(p).resolve()) for p in paths if os.path.exists(p)]
    os.environ[HIDDEN_VARIABLE] = json.dumps(sorted(set(existing)))  # this grading's, not an earlier one's
    sandbox_uid()  # claims this grader's uid, and says once what the machine withholds
    if private_mounts_work():
        return
    if not _restore:
        atexit.register(restore_permissions)
    for path in existing:
        mode = os.stat(path).st_mode
        _restore.setdefault(path, mode & 0o7777)
        os.chmod(path, mode & 0o7770)


def hidden_paths() -> list[str]:
    """What the child must not see: the package's own root (tests, reference) and what the judge hid."""
    try:
        listed = json.loads(os.environ.get(HIDDEN_VARIABLE, "[]"))
    except ValueError:
        listed = []
    return sorted({PACKAGE_ROOT, *(p for p in listed if isinstance(p, str))})


def restore_permissions() -> None:
    """Put back the modes :func:`hide_from_sandbox` had to change."""
    while _restore:
        path, mode = _restore.popitem()
        try:
            os.chmod(path, mode)
        except OSError:
            pass


def private_mounts_work() -> bool:
    """Whether a child can get its own mount namespace with a tmpfs (not in every container); probed once."""
    global _private_mounts
    if _private_mounts is None:
        _private_mounts = os.geteuid() == 0 and succeeds(probe_mounts)
    return _private_mounts


def probe_mounts() -> None:
    """What a child's private view needs: its own mount namespace, detached from ours, and a tmpfs."""
    check(libc.unshare(CLONE_NEWNS), "unshare")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    check(libc.mount(b"autograder", SCRATCH.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=1m"), "tmpfs")


def succeeds(step: Callable[[], None]) -> bool:
    """Whether ``step`` works in a throwaway fork (it may change the process irreversibly)."""
    pid = os.fork()
    if pid == 0:
        try:
            step()
            os._exit(0)
        except BaseException:
            os._exit(1)
    return os.waitpid(pid, 0)[1] == 0


def check(result: int, what: str) -> None:
    """Raise OSError for a failed libc call."""
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


# ---------------------------------------------------------------------------
# Isolating the child (in the fork server, then in each fresh fork)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Isolation:
    """What this machine allows, found once by the fork server, so that each child only applies it."""

    private_mounts: bool
    mounts: tuple[tuple[str, int], ...]  # every mount point and its flags, to make read-only
    keep: tuple[str, ...]  # import paths, shown again if inside a hidden folder (numpy in a .venv)
    seccomp: ctypes.Array[ctypes.c_char] | None  # a struct sock_fprog, or None
    seccomp_program: ctypes.Array[ctypes.c_char] | None  # the instructions it points to, kept alive here
    network_namespace: bool

    @classmethod
    def detect(cls) -> Isolation:
        """Probe the kernel (and container) in throwaway forks; report on stderr what is missing."""
        root = os.geteuid() == 0
        code = seccomp_filter(os.uname().machine)
        program = fprog = None
        if code is not None:
            program = ctypes.create_string_buffer(code, len(code))
            fprog = ctypes.create_string_buffer(struct.pack("HL", len(code) // 8, ctypes.addressof(program)))
            if not succeeds(lambda: install_seccomp(fprog)):
                program = fprog = None
        netns = root and fprog is None and succeeds(lambda: check(libc.unshare(CLONE_NEWNET), "unshare"))
        isolation = cls(root and succeeds(probe_mounts), mount_points() if root else (),
                        tuple(p for p in sys.path if os.path.isdir(p)), fprog, program, netns)
        if fprog is None and not netns:
            print("autograder sandbox: WARNING: neither a seccomp filter nor a network namespace is available: "
                  "student code can open network connections", file=sys.stderr)
        return isolation  # a missing mount namespace is the judge's to report (report_shortcomings)


def mount_points() -> tuple[tuple[str, int], ...]:
    """The mount points of this namespace with their per-mount flags, from /proc/self/mountinfo."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as info:
        for line in info:
            fields = line.split()
            path = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])  # a space comes as \040
            flags = sum(MOUNT_OPTIONS.get(option, 0) for option in fields[5].split(","))
            points.append((path, flags))
    return tuple(dict.fromkeys(points))


def seccomp_filter(machine: str) -> bytes | None:
    """A classic-BPF seccomp program: no socket, no shared memory beyond the scratch tmpfs, no namespace,
    no io_uring, the parent-death signal cannot be cleared, and no new file. None on an architecture it
    does not know.

    No new file: creating an inode (open or openat with O_CREAT or O_TMPFILE,
    creat, mkdir, mknod, link, symlink) fails with EDQUOT, a quota of zero
    files. Without a mount namespace nothing else could bound how many empty
    files a child leaves for the judge to clean up, and the rule holds in both
    modes so that a file scores the same in both; the homework writes no file.
    openat2 hides its flags behind a pointer: ENOSYS, and C libraries fall
    back to openat. Opening an existing file to write needs no new inode.
    """
    numbers = SYSCALLS.get(machine)
    if numbers is None:
        return None
    arch, syscall = numbers
    eperm, enosys = SECCOMP_RET_ERRNO | errno.EPERM, SECCOMP_RET_ERRNO | errno.ENOSYS
    edquot = SECCOMP_RET_ERRNO | errno.EDQUOT
    code = [(LD, 0, 0, 4), (JEQ, 1, 0, arch), (RET, 0, 0, SECCOMP_RET_KILL_PROCESS), (LD, 0, 0, 0)]
    if machine == "x86_64":
        code += [(JGE, 0, 1, X32_SYSCALL_BIT), (RET, 0, 0, eperm)]  # the x32 ABI's numbers bypass the list
    for name in DENIED:
        code += [(JEQ, 0, 1, syscall[name]), (RET, 0, 0, eperm)]
    code += [(JEQ, 0, 1, syscall["clone3"]), (RET, 0, 0, enosys)]  # flags out of reach: C libraries fall back to clone
    code += [(JEQ, 0, 1, syscall["openat2"]), (RET, 0, 0, enosys)]  # the same for openat2's flags
    for name in CREATING:
        if name in syscall:  # aarch64 has only the *at forms
            code += [(JEQ, 0, 1, syscall[name]), (RET, 0, 0, edquot)]
    for name, flags_at in (("open", 24), ("openat", 32)):  # seccomp_data.args[1] / args[2], low 32 bits
        if name in syscall:
            code += [(JEQ, 0, 4, syscall[name]), (LD, 0, 0, flags_at), (JSET, 0, 1, O_CREAT | O_TMPFILE_BIT),
                     (RET, 0, 0, edquot), (RET, 0, 0, SECCOMP_RET_ALLOW)]
    code += [(JEQ, 0, 4, syscall["prctl"]), (LD, 0, 0, 16), (JEQ, 0, 1, PR_SET_PDEATHSIG), (RET, 0, 0, eperm),
             (RET, 0, 0, SECCOMP_RET_ALLOW)]
    code += [(JEQ, 0, 4, syscall["clone"]), (LD, 0, 0, 16), (JSET, 0, 1, CLONE_NAMESPACES), (RET, 0, 0, eperm),
             (RET, 0, 0, SECCOMP_RET_ALLOW)]
    code += [(RET, 0, 0, SECCOMP_RET_ALLOW)]
    return b"".join(struct.pack("HBBI", *op) for op in code)


LD, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ/JGE/JSET|K, BPF_RET|K
SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
X32_SYSCALL_BIT = 0x40000000
CLONE_NAMESPACES = 0x7E020000  # CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
CREATING = ("creat", "mkdir", "mkdirat", "mknod", "mknodat", "link", "linkat", "symlink", "symlinkat")
O_CREAT, O_TMPFILE_BIT = 0o100, 0o20000000  # the same on x86_64 and aarch64 (asm-generic)
DENIED = ("socket", "socketpair", "io_uring_setup", "memfd_create", "memfd_secret", "shmget", "msgget", "semget",
          "mq_open", "unshare", "setns", "userfaultfd")
SYSCALLS: dict[str, tuple[int, dict[str, int]]] = {
    "x86_64": (0xC000003E, {
        "socket": 41, "socketpair": 53, "io_uring_setup": 425, "memfd_create": 319, "memfd_secret": 447,
        "shmget": 29, "msgget": 68, "semget": 64, "mq_open": 240, "unshare": 272, "setns": 308,
        "userfaultfd": 323, "clone3": 435, "prctl": 157, "clone": 56, "openat2": 437,
        "open": 2, "openat": 257, "creat": 85, "mkdir": 83, "mkdirat": 258, "mknod": 133, "mknodat": 259,
        "link": 86, "linkat": 265, "symlink": 88, "symlinkat": 266}),
    "aarch64": (0xC00000B7, {
        "socket": 198, "socketpair": 199, "io_uring_setup": 425, "memfd_create": 279, "memfd_secret": 447,
        "shmget": 194, "msgget": 186, "semget": 190, "mq_open": 180, "unshare": 97, "setns": 268,
        "userfaultfd": 282, "clone3": 435, "prctl": 167, "clone": 220, "openat2": 437,
        "openat": 56, "mkdirat": 34, "mknodat": 33, "linkat": 37, "symlinkat": 36}),
}
"""Audit architecture and syscall numbers (x86_64: arch/x86/entry/syscalls; aarch64: asm-generic/unistd.h)."""


def install_seccomp(fprog: ctypes.Array[ctypes.c_char]) -> None:
    """No new privileges (no setuid binary), then the filter, for this process and anything it starts."""
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0), "seccomp")


def set_oom_score(score: int) -> bool:
    """Tell the OOM killer whom to choose; whether it took. Raising always works; lowering needs
    CAP_SYS_RESOURCE, which Docker withholds even from root: then the child's 1000 alone makes it the first
    choice (the judge reports that once, see :func:`report_shortcomings`)."""
    try:
        with open("/proc/self/oom_score_adj", "w", encoding="ascii") as adj:
            adj.write(str(score))
        return True
    except PermissionError:
        if score >= 0:
            raise
        return False


def apply(limits: dict[str, Any], uid: int | None, workdir: str, isolation: Isolation, parent: int,
          data: str | None = None) -> None:
    """Confine the current process, the fresh fork of the fork server, before any student code runs.

    In order: first in line for the OOM killer; as root, a private view of the
    files and the network (the data files read-only in the working folder);
    resource limits; the sandbox uid; death with the fork server (set after the
    uid change, which clears it); the seccomp filter.
    """
    set_oom_score(OOM_CHILD)
    if uid is not None and isolation.private_mounts:
        private_view(limits, uid, workdir, isolation, data)
    elif data is not None:
        link_data(data, workdir)
    if uid is not None and isolation.network_namespace:
        check(libc.unshare(CLONE_NEWNET), "unshare")
    mb = 1024 * 1024
    wanted = {
        resource.RLIMIT_AS: limits["memory_mb"] * mb,
        resource.RLIMIT_CPU: limits["cpu_seconds"],
        resource.RLIMIT_FSIZE: limits["file_mb"] * mb,
        resource.RLIMIT_NOFILE: limits["open_files"],
        resource.RLIMIT_CORE: 0,
    }
    if uid is not None:
        wanted[resource.RLIMIT_NPROC] = limits["processes"]
    for which, value in wanted.items():
        resource.setrlimit(which, (value, value))
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
    if os.getppid() != parent:
        os._exit(0)  # the fork server died before the signal was armed
    os.chdir(workdir)
    if isolation.seccomp is not None:
        install_seccomp(isolation.seccomp)


def private_view(limits: dict[str, Any], uid: int, workdir: str, isolation: Isolation, data: str | None = None
                 ) -> None:
    """A mount namespace of the child's own: the whole tree read-only, the hidden folders covered, and one
    tmpfs of ``file_mb`` and ``inodes`` for /tmp, /var/tmp, /dev/shm and the working folder, gone when the
    child is.
    Import paths that end up covered (a .venv in the repository or under /tmp) are shown again."""
    check(libc.unshare(CLONE_NEWNS), "unshare")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    for path, flags in isolation.mounts:
        if libc.mount(None, path.encode(), None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, None) != 0:
            if ctypes.get_errno() not in (errno.ENOENT, errno.EINVAL, errno.EACCES):  # shadowed or gone
                check(-1, f"read-only {path}")
    scratch_places = (SCRATCH, *SHARED_SCRATCH)
    hidden = [p for p in [*limits["hidden"], *closed_above(isolation.keep)]  # closed homes: import paths shown again
              if os.path.lexists(p) and not inside_any(p, scratch_places)]
    hidden = [p for p in hidden if not inside_any(p, [other for other in hidden if other != p])]
    shown = {entry: os.open(entry, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
             for entry in isolation.keep if inside_any(entry, [*hidden, *scratch_places])}
    entries = data_entries(data) if data is not None else {}  # opened before /tmp is covered
    for path in hidden:
        cover(path)
    size = f"size={limits['file_mb']}m,nr_inodes={limits['inodes']},mode=1777".encode()
    check(libc.mount(b"autograder", SCRATCH.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, size), "tmpfs")
    for path in SHARED_SCRATCH:
        if os.path.isdir(path) and os.path.realpath(path) != SCRATCH:
            check(libc.mount(SCRATCH.encode(), path.encode(), None, MS_BIND, None), f"bind {path}")
    for entry, fd in shown.items():
        os.makedirs(entry, exist_ok=True)
        check(libc.mount(f"/proc/self/fd/{fd}".encode(), entry.encode(), None, MS_BIND | MS_REC, None),
              f"bind {entry}")
        os.close(fd)
    for path in hidden:
        if os.path.isdir(path):
            check(libc.mount(None, path.encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
                  f"read-only {path}")
    own = workdir if workdir.startswith(SCRATCH + "/") else os.path.join(SCRATCH, "autograder")
    os.makedirs(own, 0o700)
    os.chown(own, uid, uid)
    for name, fd in entries.items():  # read-only, whatever the child does in its working folder
        target = os.path.join(own, name)
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.mkdir(target, 0o755)
        else:
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o444))
        check(libc.mount(f"/proc/self/fd/{fd}".encode(), target.encode(), None, MS_BIND | MS_REC, None),
              f"bind {name}")
        check(libc.mount(None, target.encode(), None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
              f"read-only {name}")
        os.close(fd)
    if own != workdir:
        check(libc.mount(own.encode(), workdir.encode(), None, MS_BIND, None), "bind workdir")


def data_entries(data: str) -> dict[str, int]:
    """The top-level entries of the judge's data folder, each opened (O_PATH) to be bound in the working folder."""
    folder = os.open(data, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        return {name: os.open(name, os.O_PATH | os.O_CLOEXEC, dir_fd=folder) for name in sorted(os.listdir(data))}
    finally:
        os.close(folder)


def link_data(data: str, workdir: str) -> None:
    """Without a mount namespace: the data files hard-linked into the working folder, in folders of the judge's
    (as root, the child can neither change nor remove them; a child that moves them only misleads itself, and
    the next child's folder is made anew)."""
    for folder, folders, files in os.walk(data):
        target = os.path.join(workdir, os.path.relpath(folder, data))
        os.makedirs(target, 0o755, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(folder, name), os.path.join(target, name))
            except FileExistsError:
                pass


def closed_above(paths: Iterable[str]) -> list[str]:
    """The outermost folders above ``paths`` that others may not enter (a 0700 /root holding pyenv's Python).

    The sandbox uid could import nothing under them (not even the standard
    library's ``unicodedata``, which the tokenizer needs for a non-ASCII
    name), where a system Python, as on Gradescope, is readable by all.
    """
    closed = set()
    for path in paths:
        parts = Path(path).parts
        for depth in range(2, len(parts)):
            folder = os.path.join(*parts[:depth])
            try:
                if not os.stat(folder).st_mode & 0o001:
                    closed.add(folder)
                    break
            except OSError:
                break
    return sorted(closed)


def inside_any(path: str, folders: list[str] | tuple[str, ...]) -> bool:
    """Whether ``path`` is strictly below one of ``folders``."""
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders)


def cover(path: str) -> None:
    """Mount an empty tmpfs over a hidden folder (made read-only once import paths are shown again), or
    /dev/null over a hidden file."""
    if os.path.isdir(path):
        check(libc.mount(b"autograder-hidden", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=64k,mode=0755"),
              f"cover {path}")
    else:
        check(libc.mount(b"/dev/null", path.encode(), None, MS_BIND, None), f"cover {path}")
