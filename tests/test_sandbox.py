"""The sandbox: student code in another process, limited, unprivileged, and replaced when it misbehaves."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from autograder.sandbox import host
from autograder.sandbox.host import Chunk, Sandbox, StudentError
from autograder.sandbox.limits import Limits


def sandbox(*sources: str, timeout: float = 1.0, limits: Limits = Limits()) -> Sandbox:
    return Sandbox([Chunk(s, "devoir3.py", f"bloc {i}") for i, s in enumerate(sources)], timeout=timeout, limits=limits)


def test_calls_return_plain_data_computed_in_another_process() -> None:
    with sandbox("import numpy as np, os\ndef f(x):\n    return np.exp(x), os.getpid()") as box:
        values, pid = box.call("f", np.zeros(2))
        assert pid != os.getpid()
        np.testing.assert_array_equal(values, [1.0, 1.0])


def test_errors_come_back_as_student_errors_with_the_line() -> None:
    with sandbox("def f():\n    raise ValueError('non')", "def g():\n    raise NotImplementedError") as box:
        with pytest.raises(StudentError, match=r"ValueError: non \(ligne 2\)"):
            box.call("f")
        with pytest.raises(NotImplementedError):
            box.call("g")
        with pytest.raises(StudentError, match="n'est pas définie"):
            box.call("missing")


def test_a_timeout_kills_the_child_and_the_next_call_gets_a_fresh_one() -> None:
    with sandbox("def spin():\n    while True: pass", "def ok():\n    return 1", timeout=0.5) as box:
        with pytest.raises(StudentError) as caught:
            box.call("spin")
        assert caught.value.kind == "timeout"
        assert box.call("ok") == 1


def test_a_chunk_that_hangs_or_exits_at_load_is_skipped_and_the_rest_still_loads() -> None:
    with sandbox("import os\nos._exit(1)", "while True: pass", "def ok():\n    return 2", timeout=0.5) as box:
        assert box.call("ok") == 2
        assert sorted(box.skipped) == [0, 1]


def test_output_is_captured_and_capped() -> None:
    with sandbox("print('bonjour')\nimport sys\nsys.stdout.write('z' * 3_000_000)\ndef ok():\n    return 3") as box:
        assert box.call("ok") == 3
    printed = box.printed()
    assert printed.startswith("│ bonjour") and len(printed) < 40_000 and "octets de sortie supprimés" in printed


def test_memory_is_limited() -> None:
    with sandbox("def hog():\n    return bytearray(900 * 1024 * 1024)", limits=Limits(memory_mb=256)) as box:
        with pytest.raises(StudentError, match="MemoryError"):
            box.call("hog")


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")
def test_as_root_the_child_runs_as_an_unprivileged_uid_without_groups() -> None:
    with sandbox("import os\ndef who():\n    return os.getuid(), os.geteuid(), os.getgroups()") as box:
        uid, euid, groups = box.call("who")
        assert uid == euid != 0 and groups == []


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")
def test_as_root_the_child_cannot_read_roots_files() -> None:
    folder = Path(tempfile.mkdtemp(dir=Path.home()))  # not under /tmp: the child may have a /tmp of its own
    try:
        secret = folder / "secret.txt"
        secret.write_text("caché")
        secret.chmod(0o600)
        folder.chmod(0o755)
        with sandbox(f"def peek():\n    return open({str(secret)!r}).read()") as box:
            with pytest.raises(StudentError, match="PermissionError|FileNotFoundError"):  # refused, or covered
                box.call("peek")
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="sandbox uids exist only when grading as root")
def test_graders_running_at_once_get_distinct_sandbox_uids() -> None:
    from autograder.sandbox.limits import sandbox_uid

    context = multiprocessing.get_context("spawn")
    uids, done = context.Queue(), context.Event()
    graders = [context.Process(target=_hold_a_sandbox_uid, args=(uids, done)) for _ in range(3)]
    for grader in graders:
        grader.start()
    claimed = [uids.get(timeout=60) for _ in graders]
    done.set()
    for grader in graders:
        grader.join(timeout=60)
    assert len(set(claimed + [sandbox_uid()])) == 4


def _hold_a_sandbox_uid(uids: multiprocessing.Queue, done: multiprocessing.synchronize.Event) -> None:
    from autograder.sandbox.limits import sandbox_uid

    uids.put(sandbox_uid())
    done.wait(timeout=60)


@pytest.mark.skipif(os.geteuid() != 0, reason="the process count is per uid: it needs the sandbox uid")
def test_as_root_the_child_can_start_neither_a_process_nor_a_thread() -> None:
    source = ("import os, threading\n"
              "def fork():\n    return os.fork()\n"
              "def thread():\n    threading.Thread(target=print).start()\n")
    with sandbox(source) as box:
        with pytest.raises(StudentError, match="BlockingIOError|Resource temporarily unavailable"):
            box.call("fork")
        with pytest.raises(StudentError, match="can't start new thread|RuntimeError"):
            box.call("thread")


FORGE = """
import socket, struct

def forge(payload, header=None):
    channel = socket.socket(fileno=3)  # where the fork server puts the child's channel
    try:
        channel.sendall(struct.pack(">I", len(payload) if header is None else header) + payload)
    finally:
        channel.detach()
"""


def test_a_forged_chunk_error_skips_its_statement_and_nothing_else() -> None:
    with sandbox(FORGE, 'forge(b\'{"event": "chunk_error", "index": 1000000000, "error": "x"}\')',
                 "def ok():\n    return 4") as box:
        assert box.call("ok") == 4
        assert list(box.skipped) == [1] and box.load_errors == {}
        assert "a envoyé au correcteur un message refusé" in box.skipped[1]


@pytest.mark.parametrize("event", [
    b'{"event": "chunk", "index": 0}',              # already announced
    b'{"event": "chunk", "index": 3}',              # ahead of the next one
    b'{"event": "chunk", "index": true}',
    b'{"event": "chunk_error", "index": 0, "error": "x"}',  # not the running chunk
    b'{"event": "chunk_error", "index": 1, "error": 5}',
    b'{"event": "loaded"}',                         # before the last chunk
    b'{"event": "loaded", "extra": 1}',
    b'{"id": 1, "result": 1}',
    b'[]',
    b'not json',
])
def test_every_load_message_outside_the_protocol_kills_the_child(event: bytes) -> None:
    with sandbox(FORGE, f"forge({event!r})", "def ok():\n    return 5") as box:
        assert box.call("ok") == 5
        assert list(box.skipped) == [1]


@pytest.mark.parametrize("reply", [
    b'{"id": 99, "result": 1}',
    b'{"id": true, "result": 1}',
    b'{"id": 1, "result": 1, "extra": 0}',
    b'{"id": 1, "error": {"kind": "other", "type": "", "message": ""}}',
    b'{"id": 1, "error": {"kind": "exception", "type": "", "message": "' + b"x" * 5000 + b'"}}',
    b'{"id": 1, "error": {"kind": "exception", "type": "", "message": "", "more": 1}}',
    b'{"id": 1, "result": {"__ndarray__": ["<f8", [100000000], "AAAAAAAAAAA="]}}',
    b'{"id": 1, "result": {"__pickle__": "gASV"}}',
    b'{"id": 1, "result": 1, "changed": [0]}',         # lie() has no argument 0
    b'{"id": 1, "result": 1, "changed": ["params"]}',  # nor a keyword argument params
    b'{"id": 1, "result": 1, "changed": "0"}',
    b'{"id": 1, "result": 1, "changed": [true]}',
    b'{"id": 1, "result": 1, "changed": [], "extra": 0}',
])
def test_every_reply_outside_the_protocol_fails_its_call_only(reply: bytes) -> None:
    with sandbox(FORGE, f"def lie():\n    forge({reply!r})\n    return 1", "def ok():\n    return 6") as box:
        with pytest.raises(StudentError, match="réponse de lie refusée"):
            box.call("lie")
        assert box.call("ok") == 6


def test_error_texts_from_the_child_arrive_encodable() -> None:
    """A lone surrogate in an exception message would make writing results.json fail."""
    with sandbox("def f():\n    raise ValueError('\\ud800 non')") as box:
        with pytest.raises(StudentError) as caught:
            box.call("f")
    str(caught.value).encode("utf-8")
    assert "non" in str(caught.value)


def test_a_huge_forged_reply_costs_the_judge_neither_memory_nor_time() -> None:
    """16 MB of empty lists, which json would turn into 800 MB, are refused from their header."""
    bomb = 'b"[" + b"[]," * ((16 << 20) // 3 - 2) + b"[]]"'
    source = f"def bomb():\n    forge({bomb})\ndef count():\n    forge(b'[' + b'[],' * 1000000 + b'[]]')"
    with sandbox(FORGE, source, "def ok():\n    return 7", timeout=5.0) as box:
        box.call("ok")
        tracemalloc.start()
        try:
            for name in ("bomb", "count"):
                started = time.monotonic()
                with pytest.raises(StudentError, match="volumineux|complexe"):
                    box.call(name)
                assert time.monotonic() - started < 2.0
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 24 * 1024 * 1024
        assert box.call("ok") == 7


def test_a_header_announcing_4_gb_is_refused_without_waiting() -> None:
    with sandbox(FORGE, "def lie():\n    forge(b'', header=2**32 - 1)\n    import time; time.sleep(60)",
                 timeout=5.0) as box:
        started = time.monotonic()
        with pytest.raises(StudentError, match="volumineux"):
            box.call("lie")
        assert time.monotonic() - started < 2.0


def test_a_return_value_too_big_for_the_judge_is_refused_by_the_child_which_lives_on() -> None:
    with sandbox("import numpy as np\ndef big():\n    return np.zeros(10**6)\ndef ok():\n    return 8") as box:
        assert box.call("ok") == 8
        pid = box.child.pid
        with pytest.raises(StudentError, match="volumineux"):
            box.call("big")
        assert box.call("ok") == 8 and box.child.pid == pid


def test_a_loaded_forged_by_the_last_statement_costs_only_the_attacker() -> None:
    with sandbox(FORGE, "def ok():\n    return 9", "forge(b'{\"event\": \"loaded\"}')") as box:
        for _ in range(3):
            with pytest.raises(StudentError):
                box.call("ok")


def test_the_budget_bounds_the_whole_submission_and_later_calls_fail_at_once() -> None:
    with Sandbox([Chunk("import time\ndef slow():\n    time.sleep(0.4)\n    return 1", "devoir3.py", "bloc")],
                 timeout=3.0, budget=1.0) as box:
        assert box.call("slow") == 1
        assert box.call("slow") == 1
        started = time.monotonic()
        with pytest.raises(StudentError, match=r"temps total de correction épuisé \(1 s\)") as caught:
            box.call("slow")
        assert caught.value.kind == "stopped" and time.monotonic() - started < 0.5
        started = time.monotonic()
        with pytest.raises(StudentError, match="n'a pas été appelée"):
            box.call("slow")
        assert time.monotonic() - started < 0.05
        assert any(note.startswith("Correction interrompue") for note in box.notes())


def test_a_child_that_dies_on_every_call_is_not_reloaded_once_reloads_cost_too_much(monkeypatch) -> None:
    monkeypatch.setattr(host, "RELOAD_STREAK_SECONDS", 1.0)
    source = "import os, time\ntime.sleep(0.3)\ndef crash():\n    os._exit(0)\ndef ok():\n    return 1"
    with sandbox(source, timeout=3.0) as box:
        started = time.monotonic()
        kinds = []
        for _ in range(20):
            with pytest.raises(StudentError) as caught:
                box.call("crash")
            kinds.append(caught.value.kind)
        assert kinds[:4] == ["crashed"] * 4 and kinds[-1] == "stopped"
        assert time.monotonic() - started < 3.0
        assert "n'est plus rechargé" in box.notes()[-1]


def test_an_answer_between_crashes_keeps_the_child_reloaded(monkeypatch) -> None:
    monkeypatch.setattr(host, "RELOAD_STREAK_SECONDS", 0.5)
    source = "import os, time\ntime.sleep(0.2)\ndef crash():\n    os._exit(0)\ndef ok():\n    return 1"
    with sandbox(source, timeout=3.0) as box:
        for _ in range(5):
            with pytest.raises(StudentError, match="processus s'est arrêté"):
                box.call("crash")
            assert box.call("ok") == 1


def test_calls_that_time_out_do_not_count_as_reloads_that_cost(monkeypatch) -> None:
    """Each timeout costs its own seconds, which the budget bounds; a slow import then does not stop the grading."""
    monkeypatch.setattr(host, "RELOAD_STREAK_SECONDS", 0.3)
    source = "import time\ntime.sleep(0.2)\ndef spin():\n    while True:\n        pass"
    with sandbox(source, timeout=0.3) as box:
        for _ in range(4):
            with pytest.raises(StudentError) as caught:
                box.call("spin")
            assert caught.value.kind == "timeout"


def test_a_skipped_statement_is_named_as_check_py_names_it() -> None:
    chunks = [Chunk("while True: pass", "devoir3.py", "l'instruction de la ligne 1"),
              Chunk("import os\nos._exit(0)", "devoir3.py", "les instructions des lignes 2 à 3", line=2,
                    group=True),
              Chunk("def ok():\n    return 1", "devoir3.py", "l'instruction de la ligne 4", line=4)]
    with Sandbox(chunks, timeout=0.5) as box:
        assert box.call("ok") == 1
    assert box.notes() == [
        "L'instruction de la ligne 1 ne s'est pas terminée en 0.5 s (boucle infinie ?) : ignorée.",
        "Les instructions des lignes 2 à 3 ont arrêté le processus "
        "(os._exit, mémoire épuisée, récursion infinie ?) : ignorées."]


def test_errors_name_the_lines_of_the_file_not_of_the_chunk() -> None:
    chunks = [Chunk("x = 1", "devoir3.py", "l'instruction de la ligne 1"),
              Chunk("def f():\n    raise ValueError('non')", "devoir3.py", "l'instruction de la ligne 29", line=29),
              Chunk("1 / 0", "devoir3.py", "l'instruction de la ligne 40", line=40)]
    with Sandbox(chunks) as box:
        with pytest.raises(StudentError, match=r"ValueError: non \(ligne 30\)"):
            box.call("f")
    assert box.load_errors == {2: "«ZeroDivisionError: division by zero (ligne 40)»"}


def test_a_fork_server_stopped_before_it_is_ready_prints_nothing() -> None:
    """A grader that runs no student code (an unreadable upload) exits while its fork server still starts."""
    run = subprocess.run([sys.executable, "-c", "from autograder.sandbox.host import Zygote; Zygote.shared()"],
                         capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 0 and run.stderr == ""


def test_the_arguments_a_call_changed_in_place_are_reported() -> None:
    """Interface 4: positions of positional arguments, names of keyword ones, compared as plain data."""
    source = ("def step(params, grads, rate=0.1):\n    params['w'] -= rate * grads['w']\n    return params\n\n"
              "def pure(params, grads, rate=0.1):\n    return {'w': params['w'] - rate * grads['w']}\n\n"
              "def grow(items, more=None):\n    items.append(1)\n    if more is not None:\n        more[0] = 9\n"
              "    return len(items)\n\n"
              "def fails(items):\n    items.append(1)\n    raise ValueError('non')\n")
    params, grads = {"w": np.ones(3)}, {"w": np.ones(3)}
    with sandbox(source) as box:
        box.watch()
        box.call("step", params, grads)
        assert box.changed == (0,)
        box.call("step", params, grads)
        assert box.changed == ()  # not watched: no copy made, nothing reported
        box.watch()
        box.call("pure", params, grads)
        assert box.changed == ()
        box.watch()
        box.call("step", params=params, grads=grads)
        assert box.changed == ("params",)
        box.watch()
        box.call("grow", [], more=[0.0])
        assert box.changed == (0, "more")
        box.watch()
        with pytest.raises(StudentError):
            box.call("fails", [])
        assert box.changed == ()
    np.testing.assert_array_equal(params["w"], np.ones(3))  # the judge's own copies are never touched


def test_patching_copy_or_builtins_does_not_hide_a_change() -> None:
    source = ("import builtins, copy\ncopy.deepcopy = lambda value, *rest: value\nbuiltins.all = lambda items: True\n"
              "\ndef step(params):\n    params['w'] += 1\n    return params\n")
    with sandbox(source) as box:
        box.watch()
        box.call("step", {"w": np.zeros(2)})
        assert box.changed == (0,)


def test_a_submission_imports_what_the_fork_server_did_not_load() -> None:
    """The fork server preloads numpy and a few modules; a child imports any other module its file asks for."""
    source = ("import statistics\nfrom fractions import Fraction\nimport numpy.fft\n\n"
              "def spectrum(x):\n    return float(abs(numpy.fft.rfft(x)).sum()) + statistics.mean(x) + float(Fraction(1, 4))\n")
    x = [1.0, 2.0, 3.0, 5.0]
    with sandbox(source, timeout=5.0) as box:
        assert box.call("spectrum", x) == pytest.approx(float(abs(np.fft.rfft(x)).sum()) + 2.75 + 0.25)
