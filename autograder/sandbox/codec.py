"""Plain data across the sandbox boundary: JSON, with numeric numpy arrays as base64.

Nothing read here can execute code: decoding builds only None, bool, int,
float, complex, str, list, tuple, dict and base-class ``np.ndarray`` of a
numeric dtype. Both sides of the boundary use it.
"""

from __future__ import annotations

import base64
import json
import math
import socket
import struct
from builtins import bool, bytearray, bytes, complex, dict, float, int, isinstance, len, list, min, str, tuple
from typing import Any

import numpy as np
from numpy import ndarray

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

MAX_MESSAGE = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_ARRAY_DIMS = 8
NUMERIC_KINDS = "biufc"
HEADER = struct.Struct(">I")


class CodecError(ValueError):
    """A value that cannot cross the boundary, or a malformed message."""


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-ready form of ``value``; raises CodecError for anything else than plain data."""
    if depth > MAX_DEPTH:
        raise CodecError("structure trop profonde")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, ndarray):
        array = _array(value, subok=False, copy=True, order="C")
        if array.dtype.kind not in NUMERIC_KINDS or array.dtype.fields is not None:
            raise CodecError(f"tableau de type {array.dtype} (seuls les nombres sont acceptés)")
        return {"__ndarray__": [array.dtype.str, list(array.shape), _b64encode(array.tobytes()).decode("ascii")]}
    if isinstance(value, _generic):
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
            raise CodecError("dictionnaire dont les clés ne sont pas toutes des chaînes")
        return {"__dict__": {str(k): encode(v, depth + 1) for k, v in value.items()}}
    raise CodecError(f"valeur de type {type(value).__name__} (attendu : nombres, chaînes, tableaux numpy, listes, tuples, dictionnaires)")


def decode(data: Any, depth: int = 0) -> Any:
    """The inverse of :func:`encode`, validating everything that comes in."""
    if depth > MAX_DEPTH:
        raise CodecError("structure trop profonde")
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, int):
        return int(data)
    if isinstance(data, float):
        return float(data)
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if isinstance(data, dict) and len(data) == 1:
        (tag, body), = data.items()
        if tag == "__tuple__" and isinstance(body, list):
            return tuple(decode(v, depth + 1) for v in body)
        if tag == "__dict__" and isinstance(body, dict):
            return {str(k): decode(v, depth + 1) for k, v in body.items()}
        if tag == "__complex__" and isinstance(body, list) and len(body) == 2:
            return complex(float(body[0]), float(body[1]))
        if tag == "__ndarray__":
            return decode_array(body)
    raise CodecError("message mal formé")


def decode_array(body: Any) -> np.ndarray:
    """A fresh base-class array from ``[dtype, shape, base64]``, checked for size and type."""
    if not (isinstance(body, list) and len(body) == 3):
        raise CodecError("tableau mal formé")
    dtype_text, shape, payload = body
    try:
        dtype = _dtype(str(dtype_text))
    except TypeError:
        raise CodecError("type de tableau inconnu") from None
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise CodecError(f"tableau de type {dtype} (seuls les nombres sont acceptés)")
    if not (isinstance(shape, list) and len(shape) <= MAX_ARRAY_DIMS
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)):
        raise CodecError("forme de tableau invalide")
    raw = _b64decode(str(payload), validate=True)
    if len(raw) != _prod(shape) * dtype.itemsize:
        raise CodecError("taille de tableau incohérente")
    return _frombuffer(raw, dtype=dtype).reshape(shape).copy()


def dumps(message: dict[str, Any]) -> bytes:
    """One framed message: a 4-byte length, then JSON."""
    payload = _dumps(message, separators=(",", ":")).encode()
    if len(payload) > MAX_MESSAGE:
        raise CodecError("message trop volumineux")
    return HEADER.pack(len(payload)) + payload


def loads(payload: bytes) -> dict[str, Any]:
    """A message body back into a dict (not yet decoded with :func:`decode`)."""
    try:
        message = _loads(payload)
    except (ValueError, RecursionError):
        raise CodecError("message illisible") from None
    if not isinstance(message, dict):
        raise CodecError("message mal formé")
    return message


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    """Write one framed message, blocking."""
    sock.sendall(dumps(message))


def receive(sock: socket.socket) -> dict[str, Any]:
    """Read one framed message, blocking; EOFError when the peer is gone."""
    (size,) = HEADER.unpack(read_exactly(sock, HEADER.size))
    if size > MAX_MESSAGE:
        raise CodecError("message trop volumineux")
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
