"""The fork server: a clean, pre-warmed process that forks one child per submission, and the judge's handle on it.

Started by the judge with a fresh interpreter (so it holds none of the judge's
memory: no test, no reference), it imports numpy once and then forks in about a
millisecond. A forked child gets its own view of the files, the sandbox's
limits, uid and system-call filter before it runs any student code, and dies
with this process, which dies with the judge.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from autograder.sandbox.limits import Isolation, Limits

PRELOAD = ("numpy", "numpy.linalg", "numpy.random", "math", "random", "copy", "functools", "itertools",
           "collections", "json", "re", "typing", "dataclasses", "operator")
"""Imported once here, shared by every child: what the child's own code and most submissions use."""
PRELOAD_SHUT_OUT = ("numpy.fft", "numpy.polynomial", "cmath", "fractions", "decimal", "statistics", "string",
                    "unicodedata", "heapq", "bisect", "textwrap", "pprint", "timeit", "time", "datetime", "enum",
                    "numbers")
"""Imported too where a child could not import them itself: no mount namespace, and a Python under a closed
folder (pyenv in a 0700 /root). A system Python, as on Gradescope, is readable by all: there each child imports
what its submission asks for, and every grading saves the 10 ms these cost."""
MAX_REQUEST = 1 << 16
START_SECONDS = 60.0
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The whole environment of the fork server and of the child: nothing of the grader's, one BLAS thread."""


class Zygote:
    """The fork server, started on first use and once per process (grade-all workers each get theirs)."""

    _current: Zygote | None = None

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        boot = (f"import sys; sys.path.insert(0, {PACKAGE_PARENT!r}); "
                f"from autograder.sandbox.zygote import main; main({theirs.fileno()})")
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", boot], pass_fds=[theirs.fileno()], env=ENVIRONMENT,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd="/")
        theirs.close()
        self.owner = os.getpid()
        self.started = False

    def wait_started(self) -> None:
        """Block until the fork server has imported numpy; starting it early overlaps that with other work."""
        if not self.started:
            self.control.settimeout(START_SECONDS)
            self.control.recv(4096)  # {"ready": true}
            self.control.settimeout(None)
            self.started = True

    @classmethod
    def shared(cls) -> Zygote:
        """This process's fork server, started if needed."""
        if cls._current is None or cls._current.owner != os.getpid() or cls._current.process.poll() is not None:
            cls._current = cls()
            atexit.register(cls._current.close)
        return cls._current

    def request_reply(self, request: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        """Send one request (with file descriptors to hand over) and read the one reply."""
        self.wait_started()
        socket.send_fds(self.control, [json.dumps(request).encode()], fds or [])
        data = self.control.recv(4096)
        if not data:
            raise RuntimeError("the sandbox fork server stopped")
        return json.loads(data)

    def spawn(self, workdir: str, limits: Limits, uid: int | None, data: str | None = None
              ) -> tuple[int, socket.socket, int]:
        """A new child: its pid, the socket to talk to it, and the read end of its output; ``data``, a folder of
        the judge's, is seen read-only in the child's working folder."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        output_read, output_write = os.pipe()
        try:
            reply = self.request_reply(
                {"op": "spawn", "workdir": workdir, "limits": limits.as_message(), "uid": uid, "data": data},
                [theirs.fileno(), output_write])
        finally:
            theirs.close()
            os.close(output_write)
        return reply["pid"], ours, output_read

    def kill_all(self, uid: int, workdir: str) -> bool:
        """Kill every process of the sandbox uid, wherever it hides (new session, orphan); without a mount
        namespace, also remove its files and renew ``workdir``. Whether nothing had to be left behind."""
        return self.request_reply({"op": "kill_all", "uid": uid, "workdir": workdir}).get("complete", True)

    def close(self) -> None:
        """Stop the fork server; one still starting is killed, or it would fail to announce itself (a traceback)."""
        if not self.started:
            self.process.kill()
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()



def main(fd: int) -> NoReturn:
    """Serve spawn and kill requests from the judge until it hangs up (or dies: then this process dies too)."""
    import importlib

    from autograder.sandbox import child, limits  # noqa: F401  (loaded before forking)

    limits.check(limits.libc.prctl(limits.PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
    if os.geteuid() == 0:
        limits.set_oom_score(limits.OOM_JUDGE)
    del sys.path[0]  # the package's folder: the child has nothing to read there
    isolation = limits.Isolation.detect()
    shut_out = not isolation.private_mounts and limits.closed_above(isolation.keep)
    for name in (*PRELOAD, *PRELOAD_SHUT_OUT) if shut_out else PRELOAD:
        importlib.import_module(name)
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
        os.environ.update(ENVIRONMENT, HOME=request["workdir"], TMPDIR=request["workdir"])
        child.serve(socket.socket(fileno=3))
    finally:
        os._exit(70)
