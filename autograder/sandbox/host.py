"""The judge's side of the sandbox: a proxy that calls the student's functions in a child process.

:class:`Sandbox` keeps one child alive per submission. A call that times out or
kills its child costs only that call: the child's whole process group (and, as
root, every process of the sandbox uid) is killed and a fresh child, with the
submission executed again, serves the next call. A chunk of the submission
that hangs or kills the child while loading is skipped in the next child.

Nothing the child sends is trusted: every message is bounded before it is
parsed, checked against the protocol (keys, types, the chunk or request it may
concern), and read within the call's timeout; anything else kills the child.
A submission has a total time budget, and a child that dies on every call is
no longer reloaded once reloading it has cost too much.
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder import pieces
from autograder.checking import ObjectRef
from autograder.messages import DEFAULT_LANGUAGE, message
from autograder.quoting import quote_block, quote_inline
from autograder.sandbox import codec
from autograder.sandbox.child import MAX_OBJECTS
from autograder.sandbox.limits import Limits, Walk, remove_tree, sandbox_uid
from autograder.sandbox.zygote import Zygote

OUTPUT_KEPT = 32 * 1024
BUDGET_SECONDS = 300.0
RELOAD_STREAK_SECONDS = 10.0
"""Reloads after calls that killed the child (it died or broke the protocol), with no answer in between, may
take this long in all; then the child is given up. A file that loads in 10 ms gets a thousand reloads, one that
sleeps at import a few. Calls that time out do not count: each costs its own timeout, which the budget bounds."""
READ_AHEAD = 1 << 16
REPLY_KINDS = frozenset({"missing", "exception", "unsupported"})
CUT_SECONDS = 60.0  # cutting a file into statements or cells, in its own child: linear, seconds at most
MAX_CHANGED = 64  # arguments a call can report as changed: more than any function takes
MAX_TEXT = 1000  # characters of an error message from the child (it sends at most about 600)


@dataclass(frozen=True)
class Chunk:
    """One piece of the submission executed on its own: a top-level statement or a notebook cell.

    ``label`` names it in notes, in the assignment's language (in French always feminine: "l'instruction de
    la ligne 3", "les instructions des lignes 3 à 9", "la cellule de code 2"); its source starts at line
    ``line`` of ``filename``.
    """

    source: str
    filename: str
    label: str
    line: int = 1
    group: bool = False  # several statements, run one by one in the child


class StudentError(Exception):
    """A call into the student's code that gave no usable answer; ``str()`` is for the student."""

    self_described = True

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


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

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The beginning of the output as a quotation (the student's lines can mimic the grader's), then how much
        was left out; empty when nothing visible was printed."""
        shown = self.kept.decode("utf-8", errors="replace")
        lines = [quote_block(shown)] if shown.strip() else []
        if self.total > len(self.kept):
            lines.append(message("output.cut", language, count=self.total - len(self.kept)))
        return "\n".join(lines)


@dataclass
class Child:
    """One live child process and the bytes it sent that are not yet a whole message."""

    pid: int
    sock: socket.socket
    buffer: bytearray = field(default_factory=bytearray)

    def take_frame(self) -> dict[str, Any] | None:
        """One complete message from the buffer, if there is one; CodecError for a frame the judge refuses."""
        if len(self.buffer) < codec.HEADER.size:
            return None
        (size,) = codec.HEADER.unpack_from(self.buffer)
        codec.check_reply_size(size)
        end = codec.HEADER.size + size
        if len(self.buffer) < end:
            return None
        with memoryview(self.buffer) as view:  # one copy of the payload, not two
            payload = bytes(view[codec.HEADER.size:end])
        del self.buffer[:end]
        return codec.parse_reply(payload)

    def wanted(self) -> int:
        """How much to read next: the rest of the current frame (1 MB at a time), or a small read-ahead."""
        if len(self.buffer) < codec.HEADER.size:
            return READ_AHEAD
        (size,) = codec.HEADER.unpack_from(self.buffer)
        return min(codec.HEADER.size + size - len(self.buffer), 1 << 20)

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next message, or TimeoutError at ``deadline`` (monotonic), parsing included; EOFError if it is gone."""
        while True:
            message = self.take_frame()
            if message is not None:
                if time.monotonic() > deadline:
                    raise TimeoutError
                return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.sock.settimeout(left)
            data = self.sock.recv(self.wanted())
            if not data:
                raise EOFError
            self.buffer += data

    def send(self, data: bytes, deadline: float) -> None:
        """Write everything before ``deadline``, or TimeoutError (a child that stopped reading)."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self.sock.settimeout(left)
        self.sock.sendall(data)


class Sandbox:
    """Calls into one submission, run in an unprivileged child process with resource limits."""

    def __init__(self, chunks: list[Chunk], *, module: str = "submission", timeout: float = 3.0,
                 budget: float = BUDGET_SECONDS, limits: Limits = Limits(), language: str = DEFAULT_LANGUAGE,
                 hidden: dict[str, tuple[str, int, str]] | None = None, data: dict[str, Path] | None = None
                 ) -> None:
        self.chunks = chunks
        self.hidden = hidden or {}  # function name -> where the syntax error that hides it is (file, line, message)
        self.changed: tuple[int | str, ...] = ()  # the arguments the last watched call modified in place
        self.next_watched = False  # whether the child compares the next call's arguments before and after it
        self.generation = 0  # of the current child: a ref names an object of one child, and dies with it
        self.next_seed: int | None = None  # the random state the next call starts from (the Trial sets it)
        self.module = module  # the name the submission's code runs under
        self.language = language  # of every note and error text
        self.timeout = timeout
        self.budget = budget
        self.ends = time.monotonic() + budget
        self.limits = limits
        self.uid = sandbox_uid()
        self.skipped: dict[int, str] = {}
        self.load_errors: dict[int, str] = {}
        self.stopped = ""  # why no more calls are made; empty while they are
        self.output = Output()
        self.child: Child | None = None
        self.loaded = False
        self.requests = 0
        self.load_seconds = 0.0  # what the last complete load took: what a reload is expected to cost
        self.crashed = False  # a call killed the child (not a timeout), and no call has answered since
        self.reload_streak = 0.0  # seconds of reloads since a call last answered
        self.leftovers = False  # a cleanup between children had to abandon what the child left
        # The child's folder lies inside one of the judge's: cleaning up the sandbox uid's files between
        # children (without a mount namespace) removes what a child left, never the next one's folder.
        self.home = tempfile.mkdtemp(prefix="autograder-sandbox-")
        self.workdir = os.path.join(self.home, "travail")
        os.mkdir(self.workdir, 0o700)
        if self.uid is not None:
            os.chmod(self.home, 0o711)
            os.chown(self.workdir, self.uid, self.uid)
        self.data = self.copy_data(data) if data else None

    def copy_data(self, data: dict[str, Path]) -> str:
        """The data files the student's code may read, copied to a folder of the judge's at their relative paths
        (folders 0755, files 0444): each child sees it read-only in its working folder."""
        root = os.path.join(self.home, "donnees")
        for relative, source in sorted(data.items()):
            target = os.path.join(root, *relative.split("/"))
            os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
            with open(source, "rb") as read, open(target, "xb") as write:
                while block := read.read(1 << 20):
                    write.write(block)
            os.chmod(target, 0o444)
        for folder, _, _ in os.walk(root):
            os.chmod(folder, 0o755)
        return root

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """The sandbox as a Trial's caller (with :meth:`method` and :meth:`attribute`)."""
        return self.call(name, *args, **kwargs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run the student's ``name(*args, **kwargs)`` and return the plain-data result (an object it returns
        stays in the child: an :class:`ObjectRef` comes back).

        Raises NotImplementedError when the student's code did, and
        :class:`StudentError` for every other way of giving no answer.
        """
        return self.exchange({"op": "call", "name": name}, name, args, kwargs)

    def method(self, ref: ObjectRef, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``method`` of the object ``ref`` names in the child, bounded as a function call."""
        return self.exchange({"op": "method", "name": method, "ref": ref}, method, args, kwargs)

    def attribute(self, ref: ObjectRef, name: str) -> Any:
        """Read the attribute ``name`` of the object ``ref`` names in the child (a property runs there, bounded)."""
        return self.exchange({"op": "attribute", "name": name, "ref": ref}, name, (), {})

    def seed(self, value: int) -> None:
        """Seed the student's random state (checking.seed_student, in the child) before the next call."""
        self.next_seed = value

    def watch(self) -> None:
        """Have the next call report, in :attr:`changed`, which arguments it modified in place (a copy per call
        otherwise not made)."""
        self.next_watched = True

    def exchange(self, fields: dict[str, Any], name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """One request answered by the child under the call's deadline: the decoded result, or the error."""
        child = self.ready_child(name)
        self.changed = ()
        self.requests += 1
        if self.next_seed is not None:
            fields, self.next_seed = {**fields, "seed": self.next_seed}, None
        if self.next_watched:
            fields, self.next_watched = {**fields, "watch": True}, False
        if "ref" in fields:
            fields = {**fields, "ref": self.ref_id(fields["ref"], name)}
        request = codec.dumps({**fields, "id": self.requests, "args": [self.encoded(a, name) for a in args],
                               "kwargs": {"__dict__": {k: self.encoded(v, name) for k, v in kwargs.items()}}})
        deadline = self.deadline(self.timeout)
        try:
            child.send(request, deadline)
            error, result, self.changed = self.reply(child.receive(deadline), self.requests, len(args), kwargs,
                                                     self.generation)
            if time.monotonic() > deadline:
                raise TimeoutError
        except TimeoutError:
            self.kill()
            if self.out_of_time():
                raise self.stop(name, self.budget_reason()) from None
            raise StudentError("timeout", self.say("call.timeout", name=name, seconds=f"{self.timeout:g}")) from None
        except (EOFError, OSError):
            self.crashed = True
            self.kill()
            raise StudentError("crashed", self.say("call.crashed", name=name)) from None
        except codec.CodecError as refused:
            self.crashed = True
            self.kill()
            raise StudentError("unsupported", self.say("call.refused", name=name,
                                                       reason=refused.text(self.language))) from None
        self.crashed, self.reload_streak = False, 0.0
        if error is None:
            return result
        if error["type"] == "NotImplementedError":
            raise NotImplementedError(error["message"])
        if error["kind"] == "missing" and fields["op"] != "call":
            raise StudentError("exception", self.say("call.no_method", name=name))  # not a top-level name to define
        if error["kind"] == "missing":
            if name in self.hidden:
                place, line, reason = self.hidden[name]
                raise StudentError("missing", self.say("call.hidden", name=name, place=place, line=line,
                                                       error=reason))
            raise StudentError("missing", self.say("call.missing", name=name))
        raise StudentError(error["kind"], error["message"])

    def ref_id(self, ref: Any, name: str) -> int:
        """The child's id for the object ``ref`` names; StudentError if that object died with an earlier child."""
        key = ref.key if type(ref) is ObjectRef else None
        if not (type(key) is tuple and key[0] == self.generation):
            raise StudentError("stale", self.say("call.stale", name=name))
        return key[1]

    def encoded(self, value: Any, name: str) -> Any:
        """An argument as the child reads it: plain data, or ``{"__ref__": id}`` for an object of the child."""
        return {"__ref__": self.ref_id(value, name)} if type(value) is ObjectRef else codec.encode(value)

    @staticmethod
    def reply(message: dict[str, Any], want_id: int, positional: int = 0,
              keywords: dict[str, Any] | None = None, generation: int = 0
              ) -> tuple[dict[str, str] | None, Any, tuple[int | str, ...]]:
        """The error or the decoded result of a call's reply, and the arguments it changed (positions of the
        ``positional`` ones, names among ``keywords``); CodecError for anything the protocol never sends.

        A result may be ``{"__ref__": id}`` as a whole (an object kept in the child of ``generation``), nowhere
        deeper: the codec refuses it anywhere else."""
        if type(message.get("id")) is not int or message["id"] != want_id:
            raise codec.CodecError("codec.unexpected")
        if message.keys() == {"id", "result", "changed"}:
            changed = message["changed"]
            names = keywords or {}
            if not (type(changed) is list and len(changed) <= MAX_CHANGED
                    and all((type(c) is int and 0 <= c < positional) or (type(c) is str and c in names)
                            for c in changed) and len(set(changed)) == len(changed)):
                raise codec.CodecError("codec.malformed")
            result = message["result"]
            if type(result) is dict and result.keys() == {"__ref__"}:
                if not (type(result["__ref__"]) is int and 0 <= result["__ref__"] < MAX_OBJECTS):
                    raise codec.CodecError("codec.malformed")
                return None, ObjectRef((generation, result["__ref__"])), tuple(changed)
            return None, codec.decode(result), tuple(changed)
        error = message.get("error")
        if not (message.keys() == {"id", "error"} and type(error) is dict
                and error.keys() == {"kind", "type", "message"} and error["kind"] in REPLY_KINDS):
            raise codec.CodecError("codec.malformed")
        return {"kind": error["kind"], "type": message_text(error["type"], 80, quoted=False),
                "message": message_text(error["message"], MAX_TEXT)}, None, ()

    def ready_child(self, name: str) -> Child:
        """The live child, or a new one with the submission executed; StudentError once calls have stopped."""
        while not self.loaded:
            self.stopped = self.stopped or self.reason_to_stop()
            if self.stopped:
                raise self.stop(name, self.stopped)
            started = time.monotonic()
            self.load(name)
            spent = time.monotonic() - started
            if self.loaded:
                self.load_seconds = spent
            if self.crashed:
                self.reload_streak += spent
        assert self.child is not None
        return self.child

    def load(self, name: str) -> None:
        """Execute the submission in a fresh child; a chunk that hangs, kills it or breaks the protocol is skipped.

        The child announces each chunk before running it, in order, so every
        message has exactly one acceptable form at each moment.
        """
        try:
            request = codec.dumps({"op": "load", "module": self.module, "language": self.language,
                                   "skip": sorted(self.skipped),
                                   "chunks": [{"source": c.source, "filename": c.filename, "line": c.line, "group": c.group}
                                              for c in self.chunks]})
        except codec.CodecError:
            raise self.stop(name, self.say("load.too_large")) from None
        child = self.spawn()
        self.generation += 1  # every ref to an object of an earlier child is now stale
        upcoming, running, reported = self.next_chunk(0), None, False
        try:
            child.send(request, self.deadline(self.timeout))
            while True:
                event = child.receive(self.deadline(self.timeout))
                index = event.get("index")
                if event.keys() == {"event", "index"} and event["event"] == "chunk" and type(index) is int \
                        and index == upcoming:
                    upcoming, running, reported = self.next_chunk(index + 1), index, False
                elif event.keys() == {"event", "index", "error"} and event["event"] == "chunk_error" \
                        and type(index) is int and index == running and not reported:
                    self.load_errors.setdefault(index, message_text(event["error"], MAX_TEXT))
                    reported = True
                elif event == {"event": "loaded"} and upcoming == len(self.chunks):
                    self.loaded = True
                    return
                else:
                    raise codec.CodecError("codec.unexpected")
        except (TimeoutError, EOFError, OSError, codec.CodecError) as error:
            self.kill()
            if self.out_of_time():
                raise self.stop(name, self.budget_reason()) from None
            if running is None:
                raise StudentError("crashed", self.say("load.failed")) from None
            self.skipped[running] = self.skipped_note(self.chunks[running], error)

    def skipped_note(self, chunk: Chunk, error: Exception) -> str:
        """Why a chunk is skipped, the words agreeing with its label (one statement or cell, or several)."""
        number = "many" if chunk.group else "one"
        label = chunk.label[:1].upper() + chunk.label[1:]
        if isinstance(error, TimeoutError):
            return self.say(f"skipped.timeout.{number}", label=label, seconds=f"{self.timeout:g}")
        if isinstance(error, codec.CodecError):
            return self.say(f"skipped.refused.{number}", label=label, reason=error.text(self.language))
        return self.say(f"skipped.crashed.{number}", label=label)

    def reason_to_stop(self) -> str:
        """Why no child should be loaded any more; empty if one should.

        Either the budget has no room left for a load, or reloading a child
        that dies on every call has already cost too much.
        """
        if self.ends - time.monotonic() <= self.load_seconds:
            return self.budget_reason()
        if self.reload_streak >= RELOAD_STREAK_SECONDS:
            return self.say("stop.reloads", seconds=f"{self.load_seconds:.1f}")
        return ""

    def next_chunk(self, index: int) -> int:
        """The first chunk from ``index`` on that the child runs (``len(chunks)`` when none is left)."""
        while index in self.skipped:
            index += 1
        return index

    def deadline(self, seconds: float) -> float:
        """``seconds`` from now, or the end of the budget if sooner (monotonic clock)."""
        return min(time.monotonic() + seconds, self.ends)

    def out_of_time(self) -> bool:
        """Whether the budget is spent."""
        return time.monotonic() >= self.ends

    def budget_reason(self) -> str:
        """The reason calls stop when the budget is spent."""
        return self.say("stop.budget", seconds=f"{self.budget:g}")

    def stop(self, name: str, reason: str) -> StudentError:
        """Make no more calls; the error for this one."""
        self.stopped = reason
        return StudentError("stopped", self.say("call.stopped", name=name, reason=reason))

    def notes(self) -> list[str]:
        """What the student should know about the run as a whole."""
        notes = list(self.skipped.values())
        if self.stopped:
            notes.append(self.say("stop.note", reason=self.stopped))
        if self.leftovers:
            notes.append(self.say("sandbox.leftovers"))
        return notes

    def say(self, key: str, **fields: object) -> str:
        """The catalogue's text for ``key`` in the assignment's language."""
        return message(key, self.language, **fields)

    def cut(self, raw: bytes, kind: str) -> dict[str, Any] | None:
        """Cut the submission's ``raw`` bytes (``kind``: "module" or "notebook") in a child of its own, under the
        sandbox's limits: its answer, checked against the protocol; None when the child died, took longer than
        CUT_SECONDS or answered anything else (the caller then cuts without parsing)."""
        child = self.spawn()
        deadline = self.deadline(CUT_SECONDS)
        try:
            child.send(codec.dumps({"op": "cut", "kind": kind, "size": len(raw)}) + raw, deadline)
            return checked_cut(child.receive(deadline), kind)
        except (TimeoutError, EOFError, OSError, codec.CodecError):
            return None
        finally:  # only the cutting code ran there (no student code): it started nothing and left no file
            self.child = None
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            child.sock.close()

    def spawn(self) -> Child:
        """Fork a fresh child from the fork server."""
        pid, sock, output_fd = Zygote.shared().spawn(self.workdir, self.limits, self.uid, self.data)
        self.output.follow(output_fd)
        self.child = Child(pid, sock)
        return self.child

    def kill(self) -> None:
        """End the current child and everything it started."""
        child, self.child, self.loaded = self.child, None, False
        if child is None:
            return
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.uid is not None and not Zygote.shared().kill_all(self.uid, self.workdir):
            self.leftovers = True
        child.sock.close()

    def printed(self) -> str:
        """What the student's code printed, cut to a readable size (complete once closed)."""
        return self.output.text(self.language)

    def close(self) -> None:
        """Kill the child and remove its working folder."""
        self.kill()
        self.output.finish()
        folder = os.open(os.path.dirname(self.home), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:  # bounded: without a mount namespace or a sandbox uid, the child may have shaped this tree
            remove_tree(folder, os.path.basename(self.home), Walk())
        finally:
            os.close(folder)


def checked_cut(reply: dict[str, Any], kind: str) -> dict[str, Any]:
    """A cutting child's answer in the form :mod:`autograder.pieces` gives it (spans and cells decoded), every
    field checked for type and bound; CodecError otherwise. Whether spans fit the text is the caller's to check."""
    def ints(value: Any, count: int) -> bool:
        return type(value) is list and len(value) == count and all(type(v) is int and v >= 0 for v in value)

    def texts(value: Any, most: int, size: int) -> bool:
        return type(value) is list and len(value) <= most and all(type(v) is str and len(v) <= size for v in value)

    imports = reply.get("imports")
    if reply.get("event") != "cut":
        raise codec.CodecError("codec.unexpected")
    if kind == "notebook" and reply.keys() == {"event", "refused"} and reply["refused"] in ("notebook", "size"):
        return {"refused": reply["refused"]}
    if not (texts(imports, pieces.MAX_IMPORTS, pieces.MAX_NAME) and all(name.isidentifier() for name in imports)):
        raise codec.CodecError("codec.malformed")
    if kind == "module" and reply.keys() == {"event", "spans", "errors", "more", "stopped", "imports"}:
        spans = codec.decode(reply["spans"])
        errors = reply["errors"]
        if not (type(spans) is np.ndarray and spans.dtype == np.int32 and spans.ndim == 2 and spans.shape[1] == 2
                and type(errors) is list and len(errors) <= pieces.NOTES_KEPT
                and all(type(e) is list and len(e) == 4 and ints(e[:3], 3) and texts(e[3:], 1, 200) for e in errors)
                and ints([reply["more"], reply["stopped"]], 2)):
            raise codec.CodecError("codec.malformed")
        return {"spans": [(int(a), int(b)) for a, b in spans.tolist()], "errors": errors, "more": reply["more"],
                "stopped": reply["stopped"], "imports": imports}
    if kind == "notebook" and reply.keys() == {"event", "cells", "skipped", "more_skipped", "imports", "size",
                                               "more", "errors"}:
        cells, skipped, errors = reply["cells"], reply["skipped"], reply["errors"]
        if not (type(cells) is list and len(cells) <= pieces.MAX_CELLS
                and all(type(c) is list and len(c) == 2 and ints(c[:1], 1) and texts(c[1:], 1, 3 << 20) for c in cells)
                and type(skipped) is list and len(skipped) <= pieces.NOTES_KEPT
                and all(type(e) is list and len(e) == 4 and ints(e[:2], 2) and texts(e[2:], 2, 200)
                        and e[2] in ("cell", "magic", "shell", "help") for e in skipped)
                and type(errors) is list and len(errors) <= pieces.NOTES_KEPT
                and all(type(e) is list and len(e) == 6 and ints(e[:4], 4) and texts(e[4:5], 1, 200)
                        and texts(e[5], 20, pieces.MAX_NAME) for e in errors)
                and ints([reply["more_skipped"], reply["size"], reply["more"]], 3)):
            raise codec.CodecError("codec.malformed")
        try:
            code = [[number, base64.b64decode(text, validate=True).decode("utf-8", "surrogatepass")]
                    for number, text in cells]
        except ValueError:  # binascii.Error and UnicodeDecodeError included
            raise codec.CodecError("codec.malformed") from None
        return {**{k: reply[k] for k in ("skipped", "more_skipped", "imports", "size", "more", "errors")},
                "cells": code}
    raise codec.CodecError("codec.malformed")


def message_text(value: Any, limit: int, *, quoted: bool = True) -> str:
    """A text field of a message: a string of at most ``limit`` characters, made encodable (no lone surrogate).

    It is the student's (an exception's text, a load error), so it is quoted on one line unless ``quoted`` is
    False (a type name the judge only compares).
    """
    if type(value) is not str or len(value) > limit:
        raise codec.CodecError("codec.malformed")
    text = value.encode("utf-8", "replace").decode("utf-8")
    return quote_inline(text) if quoted else text
