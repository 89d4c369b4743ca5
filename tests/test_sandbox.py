"""The sandbox: student code in another process, limited, unprivileged, and replaced when it misbehaves."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os

import numpy as np
import pytest

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
    assert printed.startswith("bonjour") and len(printed) < 40_000 and "octets de sortie supprimés" in printed


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
def test_as_root_the_child_cannot_read_roots_files(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("caché")
    secret.chmod(0o600)
    with sandbox(f"def peek():\n    return open({str(secret)!r}).read()") as box:
        with pytest.raises(StudentError, match="PermissionError"):
            box.call("peek")


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
