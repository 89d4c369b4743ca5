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

from autograder.sandbox import codec

MODULE_NAME = "devoir3"
MAX_TEXT = 500


def serve(sock: socket.socket) -> NoReturn:
    """Answer requests until the judge hangs up."""
    module = types.ModuleType(MODULE_NAME)
    module.__dict__["__builtins__"] = builtins
    sys.modules[MODULE_NAME] = module
    while True:
        try:
            request = codec.receive(sock)
        except BaseException:
            os._exit(0)
        if request.get("op") == "load":
            load(sock, module, request)
        elif request.get("op") == "call":
            reply = answer(module, request)
            flush()
            try:
                codec.send(sock, reply)
            except BaseException:
                os._exit(0)


def load(sock: socket.socket, module: types.ModuleType, request: dict[str, Any]) -> None:
    """Execute each chunk in turn; one that fails does not stop the next ones."""
    skip = set(request.get("skip", []))
    for index, chunk in enumerate(request["chunks"]):
        if index in skip:
            continue
        codec.send(sock, {"event": "chunk", "index": index})
        try:
            exec(compile(chunk["source"], chunk["filename"], "exec"), module.__dict__)
        except BaseException as error:
            flush()
            codec.send(sock, {"event": "chunk_error", "index": index, "error": describe(error)})
    flush()
    codec.send(sock, {"event": "loaded"})


def answer(module: types.ModuleType, request: dict[str, Any]) -> dict[str, Any]:
    """Call the named function with decoded arguments; report its result or its error."""
    name = request["name"]
    reply: dict[str, Any] = {"id": request["id"]}
    function = module.__dict__.get(name)
    if not callable(function):
        reply["error"] = {"kind": "missing", "type": "", "message": f"la fonction {name} n'est pas définie"}
        return reply
    try:
        result = function(*codec.decode(request["args"]), **codec.decode(request["kwargs"]))
    except BaseException as error:
        reply["error"] = {"kind": "exception", "type": type_name(error), "message": describe(error)}
        return reply
    try:
        reply["result"] = codec.encode(result)
    except BaseException as error:
        reply["error"] = {"kind": "unsupported", "type": "", "message": safe_text(error)}
    return reply


def describe(error: BaseException) -> str:
    """``Type: message (ligne N)``, with the line of the student's code where it happened."""
    text = f"{type_name(error)}: {safe_text(error)}".rstrip(": ")
    try:
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(MODULE_NAME)]
    except BaseException:
        lines = []
    if isinstance(error, SyntaxError) and error.lineno:
        lines = [error.lineno]
    return f"{text} (ligne {lines[-1]})" if lines else text


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
