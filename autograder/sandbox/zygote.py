"""The fork server: a clean, pre-warmed process that forks one child per submission.

Started by the judge with a fresh interpreter (so it holds none of the judge's
memory: no test, no reference), it imports numpy once and then forks in about a
millisecond. A forked child gets its own view of the files, the sandbox's
limits, uid and system-call filter before it runs any student code, and dies
with this process, which dies with the judge.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from autograder.sandbox.limits import Isolation

PRELOAD = (
    "numpy", "numpy.linalg", "numpy.fft", "numpy.random", "numpy.polynomial",
    "math", "cmath", "functools", "itertools", "collections", "fractions", "decimal",
    "statistics", "random", "copy", "json", "re", "typing", "dataclasses", "string", "operator",
    "unicodedata", "heapq", "bisect", "textwrap", "pprint", "timeit", "time", "datetime", "enum", "numbers",
)
"""Imported once here, shared by every child. Without a mount namespace a child can import only what it may
read: a Python under a closed home (pyenv in a 0700 /root) leaves it these; a system Python, all of them."""
MAX_REQUEST = 1 << 16


def main(fd: int) -> NoReturn:
    """Serve spawn and kill requests from the judge until it hangs up (or dies: then this process dies too)."""
    import importlib

    from autograder.sandbox import child, limits  # noqa: F401  (loaded before forking)

    limits.check(limits.libc.prctl(limits.PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
    if os.geteuid() == 0:
        limits.set_oom_score(limits.OOM_JUDGE)
    for name in PRELOAD:
        importlib.import_module(name)
    del sys.path[0]  # the package's folder: the child has nothing to read there
    isolation = limits.Isolation.detect()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control = socket.socket(fileno=fd)
    reply(control, {"ready": True})
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, MAX_REQUEST, 2)
        except OSError:
            os._exit(0)
        if not data:
            os._exit(0)
        request = json.loads(data)
        if request["op"] == "spawn":
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                become_child(control, request, fds, isolation, parent)
            for descriptor in fds:
                os.close(descriptor)
            reply(control, {"pid": pid})
        elif request["op"] == "kill_all":
            limits.kill_all(request["uid"])
            complete = True
            if not isolation.private_mounts:  # what the child wrote is still on disk: bounded cleanup
                complete = not limits.remove_files_of(request["uid"]).abandoned
                complete = limits.renew_workdir(request["workdir"], request["uid"]) and complete
            reply(control, {"killed": True, "complete": complete})


def reply(control: socket.socket, message: dict[str, Any]) -> None:
    """Answer the judge; if it is gone (it exited early, no student code to run), stop quietly."""
    try:
        control.send(json.dumps(message).encode())
    except OSError:
        os._exit(0)


def become_child(control: socket.socket, request: dict[str, Any], fds: list[int],
                 isolation: Isolation, parent: int) -> NoReturn:
    """In the fresh fork: own session, captured output, isolation, limits, no privileges; then serve."""
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
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        limits.apply(request["limits"], request["uid"], request["workdir"], isolation, parent, request.get("data"))
        os.environ.clear()
        os.environ.update(limits.ENVIRONMENT, HOME=request["workdir"], TMPDIR=request["workdir"])
        child.serve(socket.socket(fileno=3))
    finally:
        os._exit(70)
