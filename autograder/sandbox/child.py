"""The unprivileged side: execute the submission, then answer calls to its functions.

Runs in the forked child, after :func:`limits.apply`. Whatever the student's
code does here (patch numpy, exit, loop, fork) only affects the answers this
process gives; the judge compares them elsewhere.
"""

from __future__ import annotations

import base64
import builtins
import copy
import os
import socket
import sys
import traceback
import types
from builtins import all, callable, enumerate, getattr, id, isinstance, issubclass, len, type, zip
from typing import Any, NoReturn

import numpy as np

from autograder import pieces
from autograder.checking import PLAIN_TYPES, seed_student
from autograder.messages import DEFAULT_LANGUAGE, LANGUAGES, message
from autograder.pieces import compile_piece, compile_statements
from autograder.sandbox import codec

MAX_TEXT = 500
# Bound here, before any submission runs (as the builtins above): a submission that patches copy, numpy or
# builtins changes its own answers, never which arguments the judge is told its calls changed.
_deepcopy = copy.deepcopy
_tobytes = np.ndarray.tobytes
_ndarray = np.ndarray
# Set by the judge's load request: the language of error texts, and the file names of the submission's chunks
# (only the frames of those name a line of the student's code).
LANGUAGE = DEFAULT_LANGUAGE
FILENAMES: set[str] = set()
MAX_OBJECTS = 10_000
"""Objects a child keeps for the judge's handles; the same object returned again keeps its id (a method returning
``self`` on every call adds nothing)."""
OBJECTS: list[Any] = []  # ref id -> object, alive as long as this child
REFS: dict[int, int] = {}  # id() of a kept object -> its ref id (the object is kept, so its id() is never reused)


def serve(sock: socket.socket) -> NoReturn:
    """Answer requests until the judge hangs up; the first request loads the submission into its module."""
    module = None
    while True:
        try:
            request = codec.receive(sock)
        except BaseException:
            os._exit(0)
        if request.get("op") == "cut" and module is None:
            cut(sock, request)
        elif request.get("op") == "load" and module is None:
            module = new_module(request)
            load(sock, module, request)
        elif request.get("op") in ("call", "method", "attribute") and module is not None:
            reply = answer(module, request)
            flush()
            try:
                sock.sendall(reply)
            except BaseException:
                os._exit(0)


def cut(sock: socket.socket, request: dict[str, Any]) -> NoReturn:
    """Cut the text that follows the request into statements or cells, answer in plain data, and exit.

    The judge never parses the submission itself: this child does, under the
    sandbox's limits, and sends offsets (modules) or bounded cell texts
    (notebooks). Dying here costs nothing: the judge falls back to a cut that
    parses nothing.
    """
    try:
        text = codec.read_exactly(sock, int(request["size"])).decode("utf-8", errors="replace")
        text = text[1:] if text.startswith("\ufeff") else text  # as utf-8-sig, whose codec the child cannot import
        if request.get("kind") == "notebook":
            reply = cut_notebook(text)
        else:
            found = pieces.cut_module(text)
            spans = np.asarray(found.pop("spans"), dtype=np.int32).reshape(-1, 2)
            reply = {"event": "cut", "spans": codec.encode(spans), **found}
        sock.sendall(codec.frame_reply(reply))
    finally:
        os._exit(0)


def cut_notebook(text: str) -> dict[str, Any]:
    """The reply to a notebook's cut: its cells' code in base64 (one JSON token each), or why it is refused."""
    try:
        found = pieces.cut_notebook(text)
    except ValueError:
        return {"event": "cut", "refused": "notebook"}
    if found["size"] > pieces.MAX_CODE:
        return {"event": "cut", "refused": "size"}
    found["cells"] = [[number, base64.b64encode(code.encode("utf-8", "surrogatepass")).decode("ascii")]
                      for number, code in found["cells"]]
    return {"event": "cut", **found}


def new_module(request: dict[str, Any]) -> types.ModuleType:
    """The module the submission runs in, named as the judge says (what ``import`` of the student file gives)."""
    global LANGUAGE
    if request.get("language") in LANGUAGES:
        LANGUAGE = request["language"]
    FILENAMES.update(str(chunk.get("filename")) for chunk in request["chunks"])
    name = str(request["module"])
    module = types.ModuleType(name)
    module.__dict__["__builtins__"] = builtins
    if not hasattr(builtins, "display"):  # Jupyter's: notebooks call it, and it must not fail here
        builtins.display = display  # type: ignore[attr-defined]
    sys.modules[name] = module
    return module


def display(*objects: Any, **options: Any) -> None:
    """IPython's ``display``, as notebooks call it: nothing is shown while grading."""


def load(sock: socket.socket, module: types.ModuleType, request: dict[str, Any]) -> None:
    """Execute each chunk in turn; one that fails does not stop the next ones."""
    skip = set(request.get("skip", []))
    seed_student(0)  # what the file draws as it loads is the same on every path
    for index, chunk in enumerate(request["chunks"]):
        if index in skip:
            continue
        sock.sendall(codec.frame_reply({"event": "chunk", "index": index}))
        errors = run_chunk(module, chunk)
        if errors:
            flush()
            sock.sendall(codec.frame_reply({"event": "chunk_error", "index": index, "error": " ; ".join(errors)}))
    flush()
    sock.sendall(codec.frame_reply({"event": "loaded"}))


def run_chunk(module: types.ModuleType, chunk: dict[str, Any]) -> list[str]:
    """Execute a chunk, statement by statement when it groups several; the errors it raised, described."""
    try:
        if chunk.get("group"):
            statements = compile_statements(chunk["source"], chunk["filename"], chunk["line"])
        else:
            statements = [compile_piece(chunk["source"], chunk["filename"], chunk["line"])]
    except SyntaxError as error:
        return [describe(error)]
    except BaseException:  # nested too deeply for the compiler (no line): charged to its own statement
        return run_one_by_one(module, chunk)
    return run_all(module, statements)


def run_all(module: types.ModuleType, statements: list[types.CodeType]) -> list[str]:
    """Execute compiled statements in turn; the errors they raised, described."""
    errors = []
    for code in statements:
        try:
            exec(code, module.__dict__)
        except BaseException as error:
            errors.append(describe(error))
    return errors


def run_one_by_one(module: types.ModuleType, chunk: dict[str, Any]) -> list[str]:
    """Compile and execute a chunk's statements one at a time, so that one the compiler gives up on costs only
    itself (its error names its first line)."""
    lines = pieces.python_lines(chunk["source"])
    try:
        spans = pieces.top_level_spans(lines)
    except BaseException as error:
        return [describe(error)]
    errors = []
    for start, end in spans:
        line = chunk["line"] + start - 1
        try:
            code = compile_piece("\n".join(lines[start - 1:end]) + "\n", chunk["filename"], line)
        except BaseException as error:
            text = describe(error)
            errors.append(text if isinstance(error, SyntaxError) else message("error.line", LANGUAGE, error=text,
                                                                                  line=line))
            continue
        errors += run_all(module, [code])
    return errors


def answer(module: types.ModuleType, request: dict[str, Any]) -> bytes:
    """Call the named function or class, or a kept object's method, or read its attribute, with decoded
    arguments; the framed reply with its result (data, or the ref of an object kept here) or its error."""
    name, op = request["name"], request["op"]
    if type(request.get("seed")) is int:
        seed_student(request["seed"])
    if op == "call":
        function = module.__dict__.get(name)
    elif type(request.get("ref")) is int and 0 <= request["ref"] < len(OBJECTS):
        try:  # the student's __getattr__ or property runs here: the judge's deadline bounds it
            function = getattr(OBJECTS[request["ref"]], name)
        except BaseException as error:
            return failure(request, "exception", type_name(error), describe(error))
    else:
        return failure(request, "missing", "", "")
    before = None  # the arguments as sent, when the judge watches for changes in place
    if op == "attribute":
        args, kwargs, result = [], {}, function
        refs: dict[int | str, int] = {}
    else:
        if not callable(function):
            return failure(request, "missing", "", "")  # worded by the judge
        args, kwargs, refs = arguments(request)
        if request.get("watch") is True:
            kept = {id(OBJECTS[r]): OBJECTS[r] for r in refs.values()}  # objects are passed as they are
            before = _deepcopy((args, kwargs), kept)
        try:
            result = function(*args, **kwargs)
        except BaseException as error:
            return failure(request, "exception", type_name(error), describe(error))
    try:
        keepable = op != "call" or issubclass(type(function), type)  # a function's answer is data, as ever
        sent = keep(result) if keepable and not issubclass(type(result), PLAIN_TYPES) else codec.encode(result)
        return codec.frame_reply({"id": request["id"], "result": sent,
                                  "changed": [] if before is None else
                                  [c for c in changed(before, (args, kwargs)) if c not in refs]})
    except BaseException as error:  # not plain data, or more than the judge accepts
        reason = error.text(LANGUAGE) if isinstance(error, codec.CodecError) else safe_text(error)
        return failure(request, "unsupported", "", reason)


def arguments(request: dict[str, Any]) -> tuple[list[Any], dict[str, Any], dict[int | str, int]]:
    """The decoded arguments, a ``{"__ref__": id}`` argument being the object kept under that id; and the
    positions and names of those objects (their changes are the object's state, not a changed argument)."""
    def one(key: int | str, data: Any) -> Any:
        if type(data) is dict and data.keys() == {"__ref__"} and type(data["__ref__"]) is int \
                and 0 <= data["__ref__"] < len(OBJECTS):
            refs[key] = data["__ref__"]
            return OBJECTS[data["__ref__"]]
        return codec.decode(data)

    refs: dict[int | str, int] = {}
    args = [one(i, a) for i, a in enumerate(request["args"])]
    kwargs = {k: one(k, v) for k, v in request["kwargs"]["__dict__"].items()}
    return args, kwargs, refs


def keep(value: Any) -> dict[str, int]:
    """The ref of an object returned to the judge: kept here, under the id it already has if it was kept before."""
    ref = REFS.get(id(value))
    if ref is None:
        if len(OBJECTS) >= MAX_OBJECTS:
            raise codec.CodecError("call.too_many_objects", count=MAX_OBJECTS)
        ref = REFS[id(value)] = len(OBJECTS)
        OBJECTS.append(value)
    return {"__ref__": ref}


def changed(before: tuple[list[Any], dict[str, Any]], after: tuple[list[Any], dict[str, Any]]) -> list[int | str]:
    """Which arguments the call modified in place: positions of positional ones, names of keyword ones.

    Compared as plain data (what the judge sent); an argument that can no
    longer be compared (the student's code broke it) counts as changed.
    """
    (args, kwargs), (new_args, new_kwargs) = before, after
    found: list[int | str] = [i for i, (a, b) in enumerate(zip(args, new_args)) if not same(a, b)]
    return found + [k for k in kwargs if not same(kwargs[k], new_kwargs.get(k))]


def same(a: Any, b: Any) -> bool:
    """Equal as decoded plain data: same types, same values (arrays: dtype, shape and bits, nan equal to nan)."""
    try:
        if type(a) is not type(b):
            return False
        if isinstance(a, _ndarray):
            return a.dtype == b.dtype and a.shape == b.shape and _tobytes(a) == _tobytes(b)
        if isinstance(a, (list, tuple)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        return a == b or (a != a and b != b)
    except BaseException:
        return False


def failure(request: dict[str, Any], kind: str, type_: str, message: str) -> bytes:
    """The framed reply saying why the call gave no result."""
    return codec.frame_reply({"id": request["id"], "error": {"kind": kind, "type": type_, "message": message}})


def describe(error: BaseException) -> str:
    """``Type: message (line N)``, with the line of the student's code where it happened."""
    text = f"{type_name(error)}: {safe_text(error)}".rstrip(": ")
    try:
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename in FILENAMES]
    except BaseException:
        lines = []
    if isinstance(error, SyntaxError) and error.lineno:
        lines = [error.lineno]
    return message("error.line", LANGUAGE, error=text, line=lines[-1]) if lines else text


def type_name(error: BaseException) -> str:
    """The error's class name, even if the student made it misbehave."""
    try:
        return str(type(error).__name__)[:80]
    except BaseException:
        return "Exception"


def safe_text(error: BaseException) -> str:
    """``str(error)``, short, and never raising."""
    try:
        text = str(error)
    except BaseException:
        text = ""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def flush() -> None:
    """Push what the student printed to the captured output."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
