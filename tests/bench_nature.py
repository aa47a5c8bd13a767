"""`make bench` for the nature chapter: the census fit and the Hill equation, with baselines."""

from __future__ import annotations

import numpy as np
from bench import best_of
from scipy.optimize import curve_fit

from sigmoid_course.binding import hill
from sigmoid_course.data import load_census
from sigmoid_course.growth import fit_logistic_growth


def run(report) -> None:
    census = load_census()
    keep = census.year <= 1910
    t, P = census.year[keep].astype(float), census.population[keep].astype(float)

    def scipy_fit() -> None:
        # scipy needs the starting values that fit_logistic_growth finds for itself.
        curve_fit(
            lambda tt, K, r, t0: K / (1 + np.exp(-r * (tt - t0))), t, P, p0=[2e8, 0.03, 1910.0]
        )

    ours, scipy_seconds = best_of(5, lambda: fit_logistic_growth(t, P), scipy_fit)
    report(
        "fit_logistic_growth, census 1790-1910",
        ours,
        "scipy curve_fit from good starting values",
        scipy_seconds,
    )
    L = np.geomspace(1e-3, 1e3, 1_000_000)

    def naive_hill() -> np.ndarray:
        with np.errstate(all="ignore"):
            return L**2.7 / (1.0 + L**2.7)

    ours, naive = best_of(5, lambda: hill(L, 1.0, 2.7), naive_hill)
    report("hill on 1e6 concentrations", ours, "naive L**n/(K**n + L**n)", naive)
