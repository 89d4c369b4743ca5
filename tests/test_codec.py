"""Only plain data crosses the sandbox boundary, and nothing read from the child can run code."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.sandbox import codec


def roundtrip(value):
    return codec.decode(codec.loads(codec.dumps({"v": codec.encode(value)})[4:])["v"])


def test_plain_values_survive_with_their_types() -> None:
    value = {"a": (1, 2.5, "x", None, True), "b": [complex(1, 2)], "c": np.int64(7), "d": np.float32(0.5)}
    assert roundtrip(value) == {"a": (1, 2.5, "x", None, True), "b": [complex(1, 2)], "c": 7, "d": 0.5}


@pytest.mark.parametrize("array", [np.arange(6.0).reshape(2, 3), np.array([True, False]), np.zeros((0, 4)),
                                   np.array([1 + 2j]), np.array([np.inf, -np.inf, np.nan]), np.int8([1, -2])])
def test_numeric_arrays_survive_exactly(array: np.ndarray) -> None:
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_array_subclasses_arrive_as_plain_arrays() -> None:
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True
    back = roundtrip(np.arange(3.0).view(Liar))
    assert type(back) is np.ndarray


@pytest.mark.parametrize("value", [object(), np.array([object()]), {1: 2}, lambda: 0,
                                   np.zeros(2, dtype=[("a", "f8")]), type("Eq", (), {"__eq__": lambda s, o: True})()])
def test_anything_else_is_refused(value: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.encode(value)


@pytest.mark.parametrize("data", [
    {"__ndarray__": ["O", [1], ""]},
    {"__ndarray__": ["<f8", [2], "AAAAAAAAAAA="]},
    {"__ndarray__": ["<f8", [-1], ""]},
    {"__ndarray__": ["V8", [1], "AAAAAAAAAAA="]},
    {"__pickle__": "gASV"},
    {"__tuple__": "no", "extra": 1},
])
def test_malformed_or_dangerous_messages_are_refused(data: dict) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)


def test_deep_nesting_is_refused() -> None:
    nested: list = []
    for _ in range(100):
        nested = [nested]
    with pytest.raises(codec.CodecError):
        codec.encode(nested)
    with pytest.raises(codec.CodecError):
        codec.loads(b"[" * 100000 + b"]" * 100000)
