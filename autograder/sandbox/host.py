"""The judge's side of the sandbox: a proxy that calls the student's functions in a child process.

:class:`Sandbox` keeps one child alive per submission. A call that times out or
kills its child costs only that call: the child's whole process group (and, as
root, every process of the sandbox uid) is killed and a fresh child, with the
submission executed again, serves the next call. A chunk of the submission
that hangs or kills the child while loading is skipped in the next child.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.sandbox import codec
from autograder.sandbox.limits import ENVIRONMENT, Limits, sandbox_uid

OUTPUT_KEPT = 32 * 1024
SEND_SECONDS = 30.0
ZYGOTE_START_SECONDS = 60.0
PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class Chunk:
    """One piece of the submission executed on its own: a top-level statement or a notebook cell."""

    source: str
    filename: str
    label: str


class StudentError(Exception):
    """A call into the student's code that gave no usable answer; ``str()`` is French for the student."""

    self_described = True

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


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
            self.control.settimeout(ZYGOTE_START_SECONDS)
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

    def spawn(self, workdir: str, limits: Limits, uid: int | None) -> tuple[int, socket.socket, int]:
        """A new child: its pid, the socket to talk to it, and the read end of its output."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        output_read, output_write = os.pipe()
        try:
            reply = self.request_reply(
                {"op": "spawn", "workdir": workdir, "limits": limits.as_message(), "uid": uid},
                [theirs.fileno(), output_write])
        finally:
            theirs.close()
            os.close(output_write)
        return reply["pid"], ours, output_read

    def kill_all(self, uid: int) -> None:
        """Kill every process of the sandbox uid, wherever it hides (new session, orphan)."""
        self.request_reply({"op": "kill_all", "uid": uid})

    def close(self) -> None:
        """Stop the fork server."""
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Output:
    """What the children of one submission print, read on a thread so that a flood never blocks them."""

    def __init__(self) -> None:
        self.kept = bytearray()
        self.total = 0
        self.readers: list[threading.Thread] = []

    def follow(self, fd: int) -> None:
        """Read ``fd`` until every writer has closed it (the child and anything it started are dead)."""
        reader = threading.Thread(target=self.read, args=(fd,), daemon=True)
        reader.start()
        self.readers.append(reader)

    def read(self, fd: int) -> None:
        with open(fd, "rb", buffering=0, closefd=True) as stream:
            while data := stream.read(1 << 16):
                self.total += len(data)
                room = OUTPUT_KEPT - len(self.kept)
                if room > 0:
                    self.kept += data[:room]

    def finish(self) -> None:
        """Wait, briefly, for the readers to reach the end of what dead children wrote."""
        for reader in self.readers:
            reader.join(timeout=1.0)

    def text(self) -> str:
        """The beginning of the output, and how much was left out."""
        text = self.kept.decode("utf-8", errors="replace")
        if self.total > len(self.kept):
            text += f"\n[… {self.total - len(self.kept)} octets de sortie supprimés]"
        return text


@dataclass
class Child:
    """One live child process and the bytes it sent that are not yet a whole message."""

    pid: int
    sock: socket.socket
    buffer: bytearray = field(default_factory=bytearray)


class Sandbox:
    """Calls into one submission, run in an unprivileged child process with resource limits."""

    def __init__(self, chunks: list[Chunk], *, timeout: float = 3.0, limits: Limits = Limits()) -> None:
        self.chunks = chunks
        self.timeout = timeout
        self.limits = limits
        self.uid = sandbox_uid()
        self.skipped: dict[int, str] = {}
        self.load_errors: dict[int, str] = {}
        self.output = Output()
        self.child: Child | None = None
        self.loaded = False
        self.requests = 0
        self.workdir = tempfile.mkdtemp(prefix="devoir3-sandbox-")
        if self.uid is not None:
            os.chown(self.workdir, self.uid, self.uid)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run the student's ``name(*args, **kwargs)`` and return the plain-data result.

        Raises NotImplementedError when the student's code did, and
        :class:`StudentError` for every other way of giving no answer.
        """
        child = self.ready_child()
        self.requests += 1
        request = {"op": "call", "id": self.requests, "name": name,
                   "args": codec.encode(list(args)), "kwargs": codec.encode(kwargs)}
        try:
            send_all(child.sock, codec.dumps(request))
            reply = self.receive(child, self.timeout, want_id=self.requests)
        except TimeoutError:
            self.kill()
            raise StudentError("timeout", f"{name} n'a pas répondu en {self.timeout:g} s "
                                          "(boucle infinie ou calcul trop long ?)") from None
        except (EOFError, OSError):
            self.kill()
            raise StudentError("crashed", f"le processus s'est arrêté pendant l'appel de {name} "
                                          "(os._exit, mémoire épuisée, récursion infinie ?)") from None
        except codec.CodecError as error:
            self.kill()
            raise StudentError("unsupported", f"réponse de {name} illisible : {error}") from None
        if "error" in reply:
            error = reply["error"] if isinstance(reply["error"], dict) else {}
            if error.get("type") == "NotImplementedError":
                raise NotImplementedError(str(error.get("message", "")))
            raise StudentError(str(error.get("kind", "exception")), str(error.get("message", ""))[:600])
        try:
            return codec.decode(reply.get("result"))
        except (codec.CodecError, ValueError, TypeError) as error:
            raise StudentError("unsupported", f"{name} a renvoyé une valeur non acceptée : {error}") from None

    def ready_child(self) -> Child:
        """The live child, or a new one with the submission executed (skipping chunks that killed earlier ones)."""
        while not self.loaded:
            child = self.spawn()
            try:
                send_all(child.sock, codec.dumps({
                    "op": "load", "skip": sorted(self.skipped),
                    "chunks": [{"source": c.source, "filename": c.filename} for c in self.chunks]}))
            except OSError:
                self.kill()
                raise StudentError("crashed", "le code n'a pas pu être chargé") from None
            running: int | None = None
            while True:
                try:
                    event = self.receive(child, self.timeout)
                except (TimeoutError, EOFError, OSError, codec.CodecError) as error:
                    self.kill()
                    if running is None or running in self.skipped:
                        raise StudentError("crashed", "le code n'a pas pu être chargé") from None
                    verb = "ne s'est pas terminé" if isinstance(error, TimeoutError) else "a arrêté le processus"
                    self.skipped[running] = f"{self.chunks[running].label} {verb} : ignoré"
                    break
                if event.get("event") == "chunk":
                    running = int(event["index"])
                elif event.get("event") == "chunk_error":
                    self.load_errors.setdefault(int(event["index"]), str(event.get("error", ""))[:600])
                elif event.get("event") == "loaded":
                    self.loaded = True
                    break
        assert self.child is not None
        return self.child

    def spawn(self) -> Child:
        """Fork a fresh child from the fork server."""
        pid, sock, output_fd = Zygote.shared().spawn(self.workdir, self.limits, self.uid)
        self.output.follow(output_fd)
        self.child = Child(pid, sock)
        return self.child

    def receive(self, child: Child, timeout: float, want_id: int | None = None) -> dict[str, Any]:
        """The next message from the child (with the wanted id), or TimeoutError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.take_frame(child)
            if message is not None:
                if want_id is None or message.get("id") == want_id:
                    return message
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            child.sock.settimeout(left)
            data = child.sock.recv(1 << 20)
            if not data:
                raise EOFError
            child.buffer += data

    @staticmethod
    def take_frame(child: Child) -> dict[str, Any] | None:
        """One complete message from the buffer, if there is one."""
        if len(child.buffer) < codec.HEADER.size:
            return None
        (size,) = codec.HEADER.unpack_from(child.buffer)
        if size > codec.MAX_MESSAGE:
            raise codec.CodecError("message trop volumineux")
        end = codec.HEADER.size + size
        if len(child.buffer) < end:
            return None
        payload = bytes(child.buffer[codec.HEADER.size:end])
        del child.buffer[:end]
        return codec.loads(payload)

    def kill(self) -> None:
        """End the current child and everything it started."""
        child, self.child, self.loaded = self.child, None, False
        if child is None:
            return
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.uid is not None:
            Zygote.shared().kill_all(self.uid)
        child.sock.close()

    def printed(self) -> str:
        """What the student's code printed, cut to a readable size (complete once closed)."""
        return self.output.text()

    def close(self) -> None:
        """Kill the child and remove its working folder."""
        self.kill()
        self.output.finish()
        shutil.rmtree(self.workdir, ignore_errors=True)


def send_all(sock: socket.socket, data: bytes) -> None:
    """Write everything, unless the child stops reading for long."""
    sock.settimeout(SEND_SECONDS)
    sock.sendall(data)
