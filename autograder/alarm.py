"""A wall-clock limit on a block of code, with SIGALRM: the one timer of the package.

Standard library only, so that the student's ``check.py`` can carry it. The
limit only applies in the main thread of a POSIX process (signals are
delivered there); elsewhere the block runs without one.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def alarm(seconds: float, raised: Callable[[], BaseException], repeat: float = 0.0) -> Iterator[None]:
    """Raise ``raised()`` inside the block after ``seconds``; then every ``repeat`` seconds if ``repeat`` > 0
    (code that swallows the first, with a bare ``except:``, gets the next). The previous handler comes back."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise raised()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, repeat)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
