"""What the student's process may use: resource limits and the unprivileged identity."""

from __future__ import annotations

import os
import resource
from dataclasses import asdict, dataclass
from typing import Any

UID_BASE = 61000
"""Sandbox uids are UID_BASE + (grader pid % 1000): no login, no files, one per concurrent grader."""


@dataclass(frozen=True)
class Limits:
    """Sized so that grader, fork server and child fit in Gradescope's default 768 MB container."""

    memory_mb: int = 512
    cpu_seconds: int = 120
    file_mb: int = 16
    processes: int = 32
    open_files: int = 64

    def as_message(self) -> dict[str, Any]:
        """The limits as plain data for the fork server."""
        return asdict(self)


def sandbox_uid() -> int | None:
    """The uid student code runs as, or None when the grader is not root (it cannot switch)."""
    return UID_BASE + os.getpid() % 1000 if os.geteuid() == 0 else None


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
