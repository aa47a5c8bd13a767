"""The Hill equation and Severinghaus's haemoglobin model: what the nature chapter relies on."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from scipy.optimize import brentq

from sigmoid_course import binding
from sigmoid_course.binding import hill, severinghaus_saturation


def test_docstring_examples_hold():
    failures, tried = doctest.testmod(binding, extraglobs={"np": np})
    assert tried > 0 and failures == 0


def test_hill_is_the_ratio_of_powers_where_that_is_computable():
    L = np.geomspace(1e-3, 1e3, 61)
    for K, n in [(1.0, 1.0), (2.5, 2.7), (0.1, 4.0), (10.0, 0.5)]:
        assert np.allclose(hill(L, K, n), L**n / (K**n + L**n), rtol=1e-13, atol=0)
    assert hill(2.0, 2.0, 3.0) == 0.5


def test_hill_is_stable_at_extreme_concentrations():
    extreme = np.array([0.0, 1e-300, 5e-324, 1e-100, 1e100, 1e300, np.inf])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        theta = hill(extreme, 1.0, 4.0)
    assert list(theta) == [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    # Where the naive ratio gives inf/inf or 0/0, the σ form keeps every digit.
    L, K = np.float64(3e-200), np.float64(1e-200)
    assert hill(L, K, 2.0) == pytest.approx(0.9, rel=1e-14)
    with np.errstate(all="ignore"):
        assert np.isnan(L**2 / (K**2 + L**2))
    assert hill(1e-150, 1.0, 2.0) == pytest.approx(1e-300, rel=1e-13)


@pytest.mark.parametrize(
    ("L", "K", "n", "message"),
    [
        (-1.0, 1.0, 1.0, "non-negative"),
        (np.nan, 1.0, 1.0, "non-negative"),
        ("one", 1.0, 1.0, "non-negative"),
        (1.0, 0.0, 1.0, "K must be positive"),
        (1.0, 1.0, -2.0, "n must be positive"),
        (1.0, 1.0, np.inf, "n must be a finite"),
    ],
)
def test_bad_hill_input_is_explained(L, K, n, message):
    with pytest.raises(ValueError, match=message):
        hill(L, K, n)


def test_severinghaus_model_is_its_published_equation():
    P = np.array([1.0, 10.0, 26.8, 40.0, 100.0, 600.0])
    assert np.allclose(severinghaus_saturation(P), 1 / (23400 / (P**3 + 150 * P) + 1), rtol=1e-14)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert list(severinghaus_saturation([0.0, 1e200, np.inf])) == [0.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="non-negative pressures"):
        severinghaus_saturation(-1.0)


def test_severinghaus_p50_and_hill_slope_two_ways():
    # P50 from the cubic P³ + 150 P = 23400, and by root finding on S(P) = 1/2.
    roots = np.roots([1.0, 0.0, 150.0, -23400.0])
    p50 = float(roots[np.isclose(roots.imag, 0)].real[0])
    assert brentq(lambda P: severinghaus_saturation(P) - 0.5, 1.0, 100.0, xtol=1e-12) == (
        pytest.approx(p50, rel=1e-10)
    )
    assert round(p50, 2) == 26.86
    # Hill slope d logit S / d ln P at P50: analytically (3P² + 150)/(P² + 150), and by
    # central differences of the package's curve.
    analytic = (3 * p50**2 + 150) / (p50**2 + 150)
    h = 1e-5
    logit = lambda P: np.log(severinghaus_saturation(P) / (1 - severinghaus_saturation(P)))  # noqa: E731
    numeric = (logit(p50 * np.exp(h)) - logit(p50 * np.exp(-h))) / (2 * h)
    assert numeric == pytest.approx(analytic, rel=1e-7)
    assert round(analytic, 2) == 2.66
