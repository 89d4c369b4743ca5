"""The unprivileged side: execute the submission, then answer calls to its functions.

Runs in the forked child, after :func:`limits.apply`. Whatever the student's
code does here (patch numpy, exit, loop, fork) only affects the answers this
process gives; the judge compares them elsewhere.
"""

from __future__ import annotations

import builtins
import os
import socket
import sys
import traceback
import types
from typing import Any, NoReturn

from autograder.messages import DEFAULT_LANGUAGE, LANGUAGES, message
from autograder.pieces import compile_piece, compile_statements
from autograder.sandbox import codec

MAX_TEXT = 500
# Set by the judge's load request: the language of error texts, and the file names of the submission's chunks
# (only the frames of those name a line of the student's code).
LANGUAGE = DEFAULT_LANGUAGE
FILENAMES: set[str] = set()


def serve(sock: socket.socket) -> NoReturn:
    """Answer requests until the judge hangs up; the first request loads the submission into its module."""
    module = None
    while True:
        try:
            request = codec.receive(sock)
        except BaseException:
            os._exit(0)
        if request.get("op") == "load" and module is None:
            module = new_module(request)
            load(sock, module, request)
        elif request.get("op") == "call" and module is not None:
            reply = answer(module, request)
            flush()
            try:
                sock.sendall(reply)
            except BaseException:
                os._exit(0)


def new_module(request: dict[str, Any]) -> types.ModuleType:
    """The module the submission runs in, named as the judge says (what ``import`` of the student file gives)."""
    global LANGUAGE
    if request.get("language") in LANGUAGES:
        LANGUAGE = request["language"]
    FILENAMES.update(str(chunk.get("filename")) for chunk in request["chunks"])
    name = str(request["module"])
    module = types.ModuleType(name)
    module.__dict__["__builtins__"] = builtins
    sys.modules[name] = module
    return module


def load(sock: socket.socket, module: types.ModuleType, request: dict[str, Any]) -> None:
    """Execute each chunk in turn; one that fails does not stop the next ones."""
    skip = set(request.get("skip", []))
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
    except BaseException as error:
        return [describe(error)]
    errors = []
    for code in statements:
        try:
            exec(code, module.__dict__)
        except BaseException as error:
            errors.append(describe(error))
    return errors


def answer(module: types.ModuleType, request: dict[str, Any]) -> bytes:
    """Call the named function with decoded arguments; the framed reply with its result or its error."""
    name = request["name"]
    function = module.__dict__.get(name)
    if not callable(function):
        return failure(request, "missing", "", "")  # worded by the judge
    try:
        result = function(*codec.decode(request["args"]), **codec.decode(request["kwargs"]))
    except BaseException as error:
        return failure(request, "exception", type_name(error), describe(error))
    try:
        return codec.frame_reply({"id": request["id"], "result": codec.encode(result)})
    except BaseException as error:  # not plain data, or more than the judge accepts
        reason = error.text(LANGUAGE) if isinstance(error, codec.CodecError) else safe_text(error)
        return failure(request, "unsupported", "", reason)


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
