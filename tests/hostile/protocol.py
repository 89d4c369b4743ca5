"""Attacks on the judge's side of the sandbox: frames written on the child's channel, and reloads that cost.

The student's code finds the channel among its process's descriptors and
writes frames there itself, as the child does. The judge refuses anything the protocol
does not allow, before parsing it when it is large: the child is killed, the
statement that wrote it is skipped (at import) or the call fails (in a
function), and nothing else changes. A child that dies on every call is
reloaded only while reloading stays cheap.

A "loaded" forged by the file's last statement is the one frame the judge can
only catch later (the real one arrives during the first call): then every call
fails, which costs the attacker alone; here it is forged before the last one.
"""

from __future__ import annotations

from tests.hostile.catalogue import WRONG_RELU, Attack

FORGE = '''
import resource as _resource, socket as _socket, struct as _struct, sys as _sys

def _write(data):
    """Write raw bytes on every socket of this process (the child's channel is one), found by trying each descriptor."""
    for fd in range(min(_resource.getrlimit(_resource.RLIMIT_NOFILE)[0], 1024)):
        try:
            channel = _socket.socket(fileno=fd)
        except OSError:  # closed, or not a socket
            continue
        try:
            channel.sendall(data)
        except OSError:
            pass
        finally:
            channel.detach()

def _forge(payload):
    """Write ``payload`` framed as the child frames its messages."""
    _write(_struct.pack(">I", len(payload)) + payload)

def _request_id():
    """The id of the call being answered, read from the child's own frame: a forged reply can carry it."""
    frame = _sys._getframe(1)
    while frame is not None and "request" not in frame.f_locals:
        frame = frame.f_back
    return frame.f_locals["request"]["id"] if frame is not None else 1
'''

RAISE = WRONG_RELU.replace("return np.abs(x)", "raise RuntimeError('no')")


def in_function(forged: str, how: str = "_forge") -> str:
    """relu_product writes ``forged`` (an expression of bytes) on the channel, framed or raw, then answers."""
    return WRONG_RELU.replace("return np.abs(x)", f"{how}({forged})\n    return np.abs(x)")


def at_import(forged: str) -> str:
    """A statement that writes the frame ``forged`` (an expression of bytes) on the channel while the file loads."""
    return f"\n_forge({forged})\n"


def attack(name: str, body: str, twin: str = "") -> Attack:
    """An attack using the helpers above; its twin does without them."""
    return Attack(name, FORGE + body, twin)


SLOW_IMPORT_CRASHING_PART_3 = '''
import os, time
time.sleep(2.5)

def _crash(*args, **kwargs):
    os._exit(0)

conv_output_size = network_output_dim = conv_weight_count = last_layer_weight_count = _crash
convolve1d = frequency_response = describe_effect = _crash
'''

CATALOGUE = [
    # bounded before parsing: size, number of values, nesting
    attack("reply_frame_of_16_mb_of_lists", in_function('b"[" + b"[]," * ((16 << 20) // 3 - 2) + b"[]]"'), RAISE),
    attack("reply_frame_of_a_million_lists", in_function('b"[" + b"[]," * 1_000_000 + b"[]]"'), RAISE),
    attack("reply_frame_nested_a_thousand_deep", in_function('b"[" * 1000 + b"]" * 1000'), RAISE),
    attack("reply_frame_announcing_4_gb",
           in_function('_struct.pack(">I", 2**32 - 1) + b"[" * 4096', how="_write"), RAISE),
    attack("frame_of_lists_at_import", at_import('b"[" + b"[]," * 1_000_000 + b"[]]"')),
    # well-formed JSON that the protocol does not allow
    attack("chunk_error_out_of_range", at_import(
        'b\'{"event": "chunk_error", "index": 1000000000, "error": "x"}\'')),
    Attack("loaded_announced_early", FORGE + at_import('b\'{"event": "loaded"}\''), first=True),
    attack("chunk_announced_out_of_order", at_import('b\'{"event": "chunk", "index": -1}\'')),
    attack("garbage_on_the_channel", at_import('bytes(range(256))')),
    attack("reply_with_a_wrong_id", in_function('b\'{"id": 123456789, "result": 1.0}\''), RAISE),
    attack("reply_array_shorter_than_its_shape", in_function(
        'b\'{"id": %d, "result": {"__ndarray__": ["<f8", [1000000000], "AAAAAAAAAAA="]}}\' % _request_id()'), RAISE),
    attack("reply_array_of_objects", in_function(
        'b\'{"id": %d, "result": {"__ndarray__": ["|O", [1], "AAAAAAAAAAA="]}}\' % _request_id()'), RAISE),
    attack("reply_error_of_an_unknown_kind", in_function(
        'b\'{"id": %d, "error": {"kind": 7, "type": [], "message": {}}}\' % _request_id()'), RAISE),
    attack("reply_with_extra_keys", in_function(
        'b\'{"id": %d, "result": 1.0, "event": "loaded"}\' % _request_id()'), RAISE),
    # a file that loads slowly and kills its process in every function of part 3
    Attack("slow_import_crashing_every_call", SLOW_IMPORT_CRASHING_PART_3,
           "\ndef _fail(*args, **kwargs):\n    raise RuntimeError('no')\n\n"
           "conv_output_size = network_output_dim = conv_weight_count = last_layer_weight_count = _fail\n"
           "convolve1d = frequency_response = describe_effect = _fail\n"),
]
