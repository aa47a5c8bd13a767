"""`make bench` for the nature chapter: the census fit and the Hill equation, with baselines."""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import curve_fit

from sigmoid_course.data import load_census
from sigmoid_course.growth import fit_logistic_growth, hill


def _best(repeats: int, function, *args) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def run(report) -> None:
    census = load_census()
    keep = census.year <= 1910
    t, P = census.year[keep].astype(float), census.population[keep].astype(float)

    def scipy_fit() -> None:
        # scipy needs the starting values that fit_logistic_growth finds for itself.
        curve_fit(
            lambda tt, K, r, t0: K / (1 + np.exp(-r * (tt - t0))), t, P, p0=[2e8, 0.03, 1910.0]
        )

    report(
        "fit_logistic_growth, census 1790-1910",
        _best(5, fit_logistic_growth, t, P),
        "scipy curve_fit from good starting values",
        _best(5, scipy_fit),
    )
    L = np.geomspace(1e-3, 1e3, 1_000_000)
    with np.errstate(all="ignore"):
        naive = _best(5, lambda: L**2.7 / (1.0 + L**2.7))
    report(
        "hill on 1e6 concentrations", _best(5, hill, L, 1.0, 2.7), "naive L**n/(K**n + L**n)", naive
    )
