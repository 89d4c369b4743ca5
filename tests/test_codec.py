"""Only plain data crosses the sandbox boundary, and nothing read from the child can run code."""

from __future__ import annotations

import json
import time

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


def test_what_the_child_sends_is_bounded_before_it_is_parsed() -> None:
    """A reply costs the judge a few megabytes and milliseconds at most, whatever its bytes."""
    for payload, reason in [(b"[" + b"[]," * 2_000_000 + b"[]]", "volumineux"),
                            (b"[" + b"[]," * 500_000 + b"[]]", "complexe"),
                            (b'["' + b'\\"' * 1_000_000, "complexe"),  # escaped quotes: no string ever ends
                            (b"[" * 1000 + b"]" * 1000, "profonde"),
                            (b"[" * 80 + b'"' + b"x" * 3_000_000, "profonde")]:  # an unclosed string, read once
        started = time.perf_counter()
        with pytest.raises(codec.CodecError, match=reason):
            codec.parse_reply(payload)
        assert time.perf_counter() - started < 0.5


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    message = {"id": 1, "error": {"kind": "exception", "type": "E", "message": "[" * 300 + "\\\"{"}}
    assert codec.parse_reply(json.dumps(message).encode()) == message


def test_every_value_encode_accepts_fits_in_a_reply() -> None:
    """The bounds on replies leave room for the deepest structure :func:`codec.encode` accepts."""
    value: object = np.zeros((2, 2))
    while True:
        deeper = ({"k": value},)
        try:
            codec.encode(deeper)
        except codec.CodecError:
            break
        value = deeper
    frame = codec.frame_reply({"id": 1, "result": codec.encode(value)})
    back = codec.decode(codec.parse_reply(frame[4:])["result"])
    while isinstance(back, tuple):
        back = back[0]["k"]
    np.testing.assert_array_equal(back, np.zeros((2, 2)))


def test_the_child_refuses_to_send_what_the_judge_would_refuse() -> None:
    with pytest.raises(codec.CodecError, match="volumineux"):
        codec.frame_reply({"id": 1, "result": codec.encode(np.zeros(1_000_000))})
    with pytest.raises(codec.CodecError, match="complexe"):
        codec.frame_reply({"id": 1, "result": codec.encode([0.0] * 200_000)})


@pytest.mark.parametrize("body", [
    ["<f8", [10**9], "AAAAAAAAAAA="],    # shape and bytes disagree: refused before base64 is decoded
    ["<f8", [True], "AAAAAAAAAAA="],     # a boolean is not a dimension
    ["<f8", [0, 2**40], ""],             # no dimension beyond 2**31
    ["|O", [1], "AAAAAAAAAAA="],         # objects
    ["<U1", [1], "AAAA"],                # strings
    ["f8,f8", [1], "AAAAAAAAAAAAAAAAAAAAAA=="],
    ["<f8", [1], "!!!!!!!!!!!="],         # not base64
    ["<f8", [1], 12],
    ["<f8", "1", "AAAAAAAAAAA="],
])
def test_arrays_are_checked_against_their_dtype_and_shape(body: list) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode({"__ndarray__": body})


@pytest.mark.parametrize("data", [{"__complex__": ["1", 2]}, {"__complex__": [[], 2]}, {"__dict__": []}, {"a": 1}])
def test_tagged_values_need_their_exact_form(data: dict) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)
