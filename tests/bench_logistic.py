"""Benchmark of the chapter "Logistic regression": the Newton fit against scikit-learn.

Both fits run on the same 10⁵ × 30 simulated data set, unpenalised, best of three, with the
BLAS limited to one thread: on a shared machine several threads fight for the cores, and the
comparison should be of algorithms, not of luck in scheduling.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from sigmoid_course import sigmoid
from sigmoid_course.logistic import LogisticNeuron


def _best_of(repeats, fit):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model = fit()
        times.append(time.perf_counter() - start)
    return min(times), model


def run(report) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 30))
    truth = rng.normal(size=30) * 0.3
    y = (rng.random(X.shape[0]) < sigmoid(X @ truth - 0.5)).astype(int)
    with threadpool_limits(1):
        ours, neuron = _best_of(3, lambda: LogisticNeuron().fit(X, y))
        results = {
            solver: _best_of(
                3,
                lambda solver=solver: LogisticRegression(
                    C=np.inf, solver=solver, tol=1e-8, max_iter=1000
                ).fit(X, y),
            )
            for solver in ("lbfgs", "newton-cholesky")
        }
    for solver, (seconds, model) in results.items():
        gap = np.max(np.abs(neuron.coef_ - model.coef_[0]))
        report(
            f"LogisticNeuron Newton fit, 1e5 x 30 ({neuron.n_iter_} iterations; "
            f"max |coef difference| {gap:.1e})",
            ours,
            f"sklearn {solver}",
            seconds,
        )
