"""The time limit interrupts runaway code, nests, and stands aside where there is no timer."""

from __future__ import annotations

import signal
import sys
import time

import pytest

from sigmoid_course.time_limit import TimeLimitExceeded, time_limit


def test_time_limit_interrupts_and_nests():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            while True:
                pass
    started = time.perf_counter()
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.1):
            with time_limit(10):  # an inner limit never extends the outer one
                while True:
                    pass
    assert time.perf_counter() - started < 1
    with time_limit(None):
        pass


@pytest.mark.parametrize("where", ["emscripten", "no interval timer"])
def test_time_limit_does_nothing_where_there_is_no_timer(monkeypatch, where):
    """In Pyodide (WebAssembly) there is no interval timer: the code runs to its end, and
    whoever runs it stops it (the book's page ends its worker)."""
    if where == "emscripten":
        monkeypatch.setattr(sys, "platform", "emscripten")
    else:
        monkeypatch.delattr(signal, "setitimer")
    started = time.perf_counter()
    with time_limit(0.01):
        while time.perf_counter() - started < 0.1:
            pass
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN)
