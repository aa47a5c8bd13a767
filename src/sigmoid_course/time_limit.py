"""A time limit on a block of code, for computations that may not end (sympy's simplify)."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """Raised inside :func:`time_limit` when its time is up. Like ``KeyboardInterrupt`` it is
    not an ``Exception``, so that code which catches every error does not swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    r"""Interrupt the enclosed code with :class:`TimeLimitExceeded` after ``seconds``.

    The limit uses the real-time interval timer (``SIGALRM``), so it works in the main thread
    of a Unix process, which is where notebooks and tests run; elsewhere (another thread,
    Windows, WebAssembly as on the book's page, where whoever runs the code must stop it, or
    when the program uses ``SIGALRM`` itself) the code runs without a limit. Limits nest: an
    inner one never extends an outer one.

    Parameters
    ----------
    seconds : float or None
        The time allowed; ``None`` means no limit.

    Examples
    --------
    >>> with time_limit(1.0):
    ...     total = sum(range(10))
    """
    usable = (
        seconds is not None
        and sys.platform not in ("emscripten", "wasi")
        and hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, _on_alarm)
    )
    if not usable:
        yield
        return
    deadline = time.monotonic() + max(float(seconds), 1e-3)
    if _DEADLINES:
        deadline = min(deadline, _DEADLINES[-1])
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _DEADLINES.append(deadline)
    signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-4))
    try:
        yield
    finally:
        _DEADLINES.pop()
        if _DEADLINES:
            # The enclosing limit, with what is left of it (at least a moment, so that one
            # that expired meanwhile still fires).
            signal.setitimer(signal.ITIMER_REAL, max(_DEADLINES[-1] - time.monotonic(), 1e-4))
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


_DEADLINES: list[float] = []
"""The deadlines of the active :func:`time_limit` blocks, innermost last. A signal handler is
process-wide, so this one piece of state is too."""


def _on_alarm(signum: int, frame: object) -> None:
    if not _DEADLINES:
        return  # a late alarm after every limit was left: nothing to interrupt
    # Should the exception be swallowed (say, inside a finaliser), raise it again soon.
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise TimeLimitExceeded("time limit reached")
