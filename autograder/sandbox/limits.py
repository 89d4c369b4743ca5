"""What the student's process may use: resource limits and the unprivileged identity."""

from __future__ import annotations

import fcntl
import os
import resource
from dataclasses import asdict, dataclass
from typing import Any

UID_BASE = 61000
UID_SLOTS = 1000
SLOT_FOLDER = "/run/devoir3-sandbox-uids"
"""Sandbox uids are UID_BASE + a slot: no login, no files. A grader process holds an flock on its
slot's file while it lives, so two graders on one machine never share a uid (nor kill each other's children)."""

ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The whole environment of the fork server and of the child: nothing of the grader's, one BLAS thread."""

_claimed: tuple[int, int, int] | None = None  # (pid, uid, fd of the locked slot file)


@dataclass(frozen=True)
class Limits:
    """Sized so that grader (~70 MB), fork server (~35 MB) and child fit in Gradescope's 768 MB container.

    Memory limits are per process, so the child gets no second task: no
    subprocess and no thread (the homework needs neither), or a fork bomb
    could multiply its 512 MB. The count is per uid, hence as root only.
    """

    memory_mb: int = 512
    cpu_seconds: int = 120
    file_mb: int = 16
    processes: int = 1
    open_files: int = 64

    def as_message(self) -> dict[str, Any]:
        """The limits as plain data for the fork server."""
        return asdict(self)


def sandbox_uid() -> int | None:
    """The uid student code runs as, unique to this grader process; None when not root (it cannot switch)."""
    global _claimed
    if os.geteuid() != 0:
        return None
    if _claimed is None or _claimed[0] != os.getpid():  # a forked worker claims its own
        _claimed = (os.getpid(), *claim_slot())
    return _claimed[1]


def claim_slot() -> tuple[int, int]:
    """Lock the first free slot file; the lock lasts as long as this process keeps the descriptor."""
    os.makedirs(SLOT_FOLDER, mode=0o700, exist_ok=True)
    for slot in range(UID_SLOTS):
        fd = os.open(os.path.join(SLOT_FOLDER, str(slot)), os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
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


def apply(limits: dict[str, Any], uid: int | None) -> None:
    """Lower the resource limits of the current process, then give up root for ``uid``.

    Called in the forked child before any student code runs. The process count
    limit is per user, so it only makes sense under a dedicated uid.
    """
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


def hide_from_sandbox(*paths: os.PathLike[str] | str) -> None:
    """As root, take every permission away from others on ``paths``: the sandbox uid is an "other".

    Removing them on a folder hides everything below it (tests, reference,
    results) from student code, whatever the modes of the files inside.
    """
    if os.geteuid() != 0:
        return
    for path in paths:
        if os.path.exists(path):
            os.chmod(path, os.stat(path).st_mode & 0o7770)
