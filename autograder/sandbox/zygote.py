"""The fork server: a clean, pre-warmed process that forks one child per submission.

Started by the judge with a fresh interpreter (so it holds none of the judge's
memory: no test, no reference), it imports numpy once and then forks in about a
millisecond. A forked child drops to the sandbox's limits and uid before it runs
any student code.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from typing import Any, NoReturn

PRELOAD = (
    "numpy", "numpy.linalg", "numpy.fft", "numpy.random", "numpy.polynomial",
    "math", "cmath", "functools", "itertools", "collections", "fractions", "decimal",
    "statistics", "random", "copy", "json", "re", "typing", "dataclasses", "string", "operator",
)
MAX_REQUEST = 1 << 16


def main(fd: int) -> NoReturn:
    """Serve spawn and kill requests from the judge until it hangs up."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    from autograder.sandbox import child, limits  # noqa: F401  (loaded before forking)

    del sys.path[0]  # the package's folder: the child has nothing to read there
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control = socket.socket(fileno=fd)
    control.send(b'{"ready": true}')
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, MAX_REQUEST, 2)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)
        request = json.loads(data)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                become_child(control, request, fds)
            for descriptor in fds:
                os.close(descriptor)
            control.send(json.dumps({"pid": pid}).encode())
        elif request["op"] == "kill_all":
            kill_all(request["uid"])
            control.send(b'{"killed": true}')


def become_child(control: socket.socket, request: dict[str, Any], fds: list[int]) -> NoReturn:
    """In the fresh fork: own session, captured output, limits, no privileges; then serve."""
    from autograder.sandbox import child, limits

    try:
        control.close()
        talk, output = fds
        os.setsid()
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.dup2(talk, 3)
        os.closerange(4, 1 << 16)
        os.chdir(request["workdir"])
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        limits.apply(request["limits"], request["uid"])
        os.environ.clear()
        os.environ.update(limits.ENVIRONMENT, HOME=request["workdir"], TMPDIR=request["workdir"])
        child.serve(socket.socket(fileno=3))
    finally:
        os._exit(70)


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
            pass  # already reaped: SIGCHLD is ignored
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
