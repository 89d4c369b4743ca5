"""Plain data across the sandbox boundary: JSON, with numeric numpy arrays as base64.

Nothing read here can execute code: decoding builds only None, bool, int,
float, complex, str, list, tuple, dict, base-class ``np.ndarray`` of a
numeric dtype and float16/float32 scalars. Both sides of the boundary use
it. What the child sends is bounded before it is parsed (size, number of
values, nesting), so that no message can cost the judge more than a few
megabytes or milliseconds.
"""

from __future__ import annotations

import base64
import json
import math
import re
import socket
import struct
from builtins import (all, bool, bytearray, bytes, complex, dict, float, int, isinstance, len, list, min, ord, str, sum,
                      tuple, type)
from typing import Any

import numpy as np
from numpy import ndarray

from autograder.messages import DEFAULT_LANGUAGE, message

# The names above are bound in this module, before any submission runs, so that a
# submission patching builtins or numpy changes its own answers, never their encoding.
_array = np.array
_frombuffer = np.frombuffer
_dtype = np.dtype
_generic = np.generic
_dumps = json.dumps
_loads = json.loads
_b64encode = base64.b64encode
_b64decode = base64.b64decode
_prod = math.prod

MAX_MESSAGE = 16 * 1024 * 1024  # judge to child: the submission itself travels in one message
MAX_REPLY = 4 * 1024 * 1024  # child to judge: an honest reply is under a kilobyte
MAX_TOKENS = 100_000
"""Brackets, commas, quotes and backslashes of a reply: a bound on the objects json builds from it
and on the work of finding its nesting."""
MAX_DEPTH = 32
MAX_NESTING = 2 * MAX_DEPTH + 8  # JSON brackets: two per tagged level, plus the envelope and an array's shape
MAX_ARRAY_DIMS = 8
MAX_DIM = 1 << 31
NUMERIC_KINDS = "biufc"
DTYPE = re.compile(r"[<>|=][biufc][0-9]{1,2}")  # what ``dtype.str`` gives for a numeric dtype
NARROW_FLOAT = re.compile(r"[<>|=]f[24]")  # float16, float32: scalars that keep their type (a precision choice)
HEADER = struct.Struct(">I")
TOKENS = (b"[", b"{", b"]", b"}", b",", b'"', b"\\")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?')  # one pass, linear: an unclosed string runs to the end
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


class CodecError(ValueError):
    """A value that cannot cross the boundary, or a malformed message.

    It carries a catalogue key rather than a sentence: the host words it in the
    assignment's language (``str()`` is the default language).
    """

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(message(key, DEFAULT_LANGUAGE, **fields))
        self.key, self.fields = key, fields

    def text(self, language: str) -> str:
        """The reason in ``language``."""
        return message(self.key, language, **self.fields)


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-ready form of ``value``; raises CodecError for anything else than plain data."""
    if depth > MAX_DEPTH:
        raise CodecError("codec.too_deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, ndarray):
        array = _array(value, subok=False, copy=True, order="C")
        if array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields is not None:
            raise CodecError("codec.dtype", dtype=str(array.dtype))
        return {"__ndarray__": [array.dtype.str, list(array.shape), _b64encode(array.tobytes()).decode("ascii")]}
    if isinstance(value, _generic):
        if value.dtype.kind == "f" and value.dtype.itemsize < 8:  # checking grades float32 at its own precision
            return {"__float__": [value.dtype.str, float(value)]}
        return encode(value.item(), depth + 1)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return {"__complex__": [float(value.real), float(value.imag)]}
    if isinstance(value, (list, tuple)):
        items = [encode(v, depth + 1) for v in value]
        return items if isinstance(value, list) else {"__tuple__": items}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise CodecError("codec.keys")
        return {"__dict__": {str(k): encode(v, depth + 1) for k, v in value.items()}}
    raise CodecError("codec.type", type=type(value).__name__)


def decode(data: Any, depth: int = 0) -> Any:
    """The inverse of :func:`encode`, validating everything that comes in; only CodecError escapes."""
    if depth > MAX_DEPTH:
        raise CodecError("codec.too_deep")
    if data is None or type(data) in (bool, str, int, float):
        return data
    if type(data) is list:
        return [decode(v, depth + 1) for v in data]
    if type(data) is dict and len(data) == 1:
        (tag, body), = data.items()
        if tag == "__tuple__" and type(body) is list:
            return tuple(decode(v, depth + 1) for v in body)
        if tag == "__dict__" and type(body) is dict:
            return {k: decode(v, depth + 1) for k, v in body.items()}
        if tag == "__complex__" and type(body) is list and len(body) == 2 \
                and all(type(v) in (int, float) for v in body):
            return complex(float(body[0]), float(body[1]))
        if tag == "__float__" and type(body) is list and len(body) == 2 and type(body[0]) is str \
                and NARROW_FLOAT.fullmatch(body[0]) and type(body[1]) in (int, float):
            return _dtype(body[0]).type(body[1])
        if tag == "__ndarray__":
            return decode_array(body)
    raise CodecError("codec.malformed")


def decode_array(body: Any) -> np.ndarray:
    """A fresh base-class array from ``[dtype, shape, base64]``; the byte count is checked before decoding."""
    if not (type(body) is list and len(body) == 3):
        raise CodecError("codec.bad_array")
    dtype_text, shape, payload = body
    if not (type(dtype_text) is str and DTYPE.fullmatch(dtype_text)):
        raise CodecError("codec.array_type")
    if not (type(shape) is list and len(shape) <= MAX_ARRAY_DIMS
            and all(type(n) is int and 0 <= n <= MAX_DIM for n in shape)):
        raise CodecError("codec.bad_shape")
    if type(payload) is not str:
        raise CodecError("codec.bad_array")
    try:
        dtype = _dtype(dtype_text)
    except TypeError:
        raise CodecError("codec.unknown_dtype") from None
    size = _prod(shape) * dtype.itemsize
    if len(payload) != 4 * -(-size // 3):
        raise CodecError("codec.array_size")
    try:
        raw = _b64decode(payload, validate=True)
        return _frombuffer(raw, dtype=dtype).reshape(shape).copy()
    except ValueError:  # binascii.Error included
        raise CodecError("codec.bad_array") from None


def dumps(message: dict[str, Any]) -> bytes:
    """One framed message: a 4-byte length, then JSON."""
    payload = _dumps(message, separators=(",", ":")).encode()
    if len(payload) > MAX_MESSAGE:
        raise CodecError("codec.too_large")
    return HEADER.pack(len(payload)) + payload


def loads(payload: bytes) -> dict[str, Any]:
    """A message body back into a dict (not yet decoded with :func:`decode`)."""
    try:
        message = _loads(payload)
    except (ValueError, RecursionError):
        raise CodecError("codec.unreadable") from None
    if type(message) is not dict:
        raise CodecError("codec.malformed")
    return message


def check_reply(payload: bytes) -> None:
    """Refuse, before json builds anything, a body from the child that could cost the judge memory or time.

    The counts include characters inside strings, so they only overestimate;
    honest replies are far below every bound.
    """
    check_reply_size(len(payload))
    if len(payload) > MAX_TOKENS and sum(payload.count(token) for token in TOKENS) > MAX_TOKENS:
        raise CodecError("codec.too_complex", count=MAX_TOKENS)
    if payload.count(b"[") + payload.count(b"{") > MAX_NESTING and nesting(payload) > MAX_NESTING:
        raise CodecError("codec.too_deep")


def check_reply_size(size: int) -> None:
    """Refuse a body from the child larger than any reply needs (checked on the frame's header, before reading it)."""
    if size > MAX_REPLY:
        raise CodecError("codec.too_large_mb", megabytes=MAX_REPLY // (1024 * 1024))


def nesting(payload: bytes) -> int:
    """The deepest bracket level of a JSON text, brackets inside strings left out; linear in its length."""
    brackets = _frombuffer(_STRING.sub(b"", payload).translate(None, _NOT_BRACKETS), dtype=np.uint8)
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
    return int(steps.cumsum().max(initial=0))


def parse_reply(payload: bytes) -> dict[str, Any]:
    """A message body from the child, bounded by :func:`check_reply` before it is parsed."""
    check_reply(payload)
    return loads(payload)


def frame_reply(message: dict[str, Any]) -> bytes:
    """What the child sends: a framed message, refused here (CodecError) if the judge would refuse it."""
    frame = dumps(message)
    check_reply(frame[HEADER.size:])
    return frame


def receive(sock: socket.socket) -> dict[str, Any]:
    """Read one framed message, blocking; EOFError when the peer is gone."""
    (size,) = HEADER.unpack(read_exactly(sock, HEADER.size))
    if size > MAX_MESSAGE:
        raise CodecError("codec.too_large")
    return loads(read_exactly(sock, size))


def read_exactly(sock: socket.socket, size: int) -> bytes:
    """Exactly ``size`` bytes from a blocking socket."""
    chunks = bytearray()
    while len(chunks) < size:
        block = sock.recv(min(size - len(chunks), 1 << 20))
        if not block:
            raise EOFError
        chunks += block
    return bytes(chunks)
