"""Benchmark of the LSTM chapter: one forward and backward pass, T = 100, H = I = 64.

Run by ``make bench`` (tests/bench.py). The floor is the part of the pass that cannot be
hoisted out of the loop over time: the 2T products with the recurrent weights (one per step
forwards, one backwards), timed alone in the same run. BLAS is limited to one thread for both,
since threads only add overhead to products this small on a shared machine.
"""

from __future__ import annotations

import numpy as np
from bench import best_of
from threadpoolctl import threadpool_limits

from sigmoid_course.lstm import init_lstm, lstm_backward, lstm_forward

STEPS, HIDDEN, INPUTS = 100, 64, 64


def run(report) -> None:
    params = init_lstm(INPUTS, HIDDEN, seed=0)
    rng = np.random.default_rng(0)
    x, dh = rng.normal(size=(STEPS, INPUTS)), rng.normal(size=(STEPS, HIDDEN))
    w_hh = params["weight_hh"]

    def pass_through_time():
        _, _, cache = lstm_forward(x, params)
        lstm_backward(cache, dh)

    def recurrent_products():
        h, d = np.zeros((1, HIDDEN)), np.zeros((1, 4 * HIDDEN))
        for _ in range(STEPS):
            h @ w_hh.T
        for _ in range(STEPS):
            d @ w_hh

    with threadpool_limits(limits=1):
        full, floor = best_of(30, pass_through_time, recurrent_products)
    report(
        f"LSTM forward+backward, T={STEPS}, H={HIDDEN}, I={INPUTS}, float64",
        full,
        "floor: the 2T recurrent products alone",
        floor,
    )


if __name__ == "__main__":
    from bench import report

    run(report)
