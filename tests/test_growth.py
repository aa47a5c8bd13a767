"""Logistic growth and the census fits: what the nature chapter relies on."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from scipy.optimize import curve_fit, least_squares

from sigmoid_course import growth
from sigmoid_course.data import load_census
from sigmoid_course.growth import (
    ceiling_profile,
    fit_logistic_growth,
    logistic_growth,
    logistic_through,
)


def census_until(last_year: int) -> tuple[np.ndarray, np.ndarray]:
    census = load_census()
    keep = census.year <= last_year
    return census.year[keep].astype(float), census.population[keep].astype(float)


def test_docstring_examples_hold():
    failures, tried = doctest.testmod(growth, extraglobs={"np": np})
    assert tried > 0 and failures == 0


def test_logistic_growth_solves_verhulst_equation():
    t = np.linspace(1800.0, 2000.0, 2001)
    K, r, t0 = 200.0, 0.03, 1915.0
    N = logistic_growth(t, K, r, t0)
    slope = np.gradient(N, t)
    assert np.allclose(slope[1:-1], (r * N * (1 - N / K))[1:-1], rtol=1e-4, atol=1e-6)
    assert logistic_growth(t0, K, r, t0) == K / 2
    # Far from τ₀ the stable σ neither overflows nor loses the exponential tail.
    assert logistic_growth(-1e6, K, r, 0.0) == 0.0
    assert logistic_growth(-2e4, 1.0, 0.03, 0.0) == pytest.approx(np.exp(-600.0), rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fit_recovers_known_parameters_within_their_standard_errors(seed):
    rng = np.random.default_rng(seed)
    K, r, t0 = 300.0, 0.04, 1900.0
    t = np.arange(1800.0, 2001.0, 5.0)
    noisy = logistic_growth(t, K, r, t0) + rng.normal(0.0, 3.0, t.size)
    fit = fit_logistic_growth(t, noisy)
    for true, estimate, error in [
        (K, fit.K, fit.se_K),
        (r, fit.r, fit.se_r),
        (t0, fit.t0, fit.se_t0),
    ]:
        assert abs(estimate - true) < 3 * error
    assert np.allclose(fit.residuals, noisy - fit.predict(t))
    assert np.allclose(np.sqrt(np.diag(fit.covariance)), [fit.se_K, fit.se_r, fit.se_t0])


def test_standard_errors_match_their_spread_over_many_simulations():
    # The SEs claim to be standard deviations of the estimates: check that on 200 fits.
    rng = np.random.default_rng(7)
    t = np.arange(20.0, 101.0, 4.0)
    truth = logistic_growth(t, 100.0, 0.1, 50.0)
    fits = [fit_logistic_growth(t, truth + rng.normal(0.0, 1.0, t.size)) for _ in range(200)]
    spread = np.std([[f.K, f.r, f.t0] for f in fits], axis=0)
    typical = np.median([[f.se_K, f.se_r, f.se_t0] for f in fits], axis=0)
    assert np.allclose(spread, typical, rtol=0.2)


def test_census_fit_agrees_with_scipy():
    t, P = census_until(1910)
    fit = fit_logistic_growth(t, P)
    popt, pcov = curve_fit(
        lambda tt, K, r, t0: K / (1 + np.exp(-r * (tt - t0))), t, P, p0=[2e8, 0.03, 1910.0]
    )
    assert np.allclose([fit.K, fit.r, fit.t0], popt, rtol=1e-6)
    assert np.allclose(fit.covariance, pcov, rtol=1e-4)
    # The numbers the chapter prints.
    assert round(fit.K / 1e6, 1) == 198.5 and round(fit.se_K / 1e6, 1) == 10.5
    assert round(fit.r, 4) == 0.0313 and round(fit.t0, 1) == 1914.7 and round(fit.se_t0, 1) == 3.1


@pytest.mark.parametrize("last_year", [1870, 1880, 1890, 1950])
def test_census_refits_agree_with_scipy_least_squares(last_year):
    t, P = census_until(last_year)
    fit = fit_logistic_growth(t, P)
    reference = least_squares(
        lambda q: q[0] * 1e8 / (1 + np.exp(-q[1] * (t - q[2]))) - P,
        [2.0, 0.03, 1900.0],
        x_scale=[1.0, 0.01, 10.0],
        xtol=1e-14,
        ftol=1e-14,
    )
    assert np.allclose([fit.K, fit.r, fit.t0], reference.x * [1e8, 1, 1], rtol=1e-6)


def test_census_before_the_bend_has_no_ceiling():
    t, P = census_until(1850)
    with pytest.raises(ValueError, match="no bend"):
        fit_logistic_growth(t, P)
    # The profile falls all the way: a larger ceiling always fits better.
    ceilings = np.geomspace(30e6, 3e9, 12)
    assert np.all(np.diff(ceiling_profile(t, P, ceilings)) < 0)


def test_profile_minimum_is_the_fitted_ceiling():
    t, P = census_until(1910)
    fit = fit_logistic_growth(t, P)
    ceilings = fit.K * np.array([0.9, 0.99, 1.0, 1.01, 1.1])
    profile = ceiling_profile(t, P, ceilings)
    assert np.argmin(profile) == 2
    assert profile[2] == pytest.approx(np.sum(fit.residuals**2), rel=1e-9)


def test_fit_does_not_depend_on_units_or_origin_of_time():
    t, P = census_until(1910)
    fit = fit_logistic_growth(t, P)
    moved = fit_logistic_growth(t - 1790.0, P / 1e6)
    assert moved.K == pytest.approx(fit.K / 1e6, rel=1e-7)
    assert moved.r == pytest.approx(fit.r, rel=1e-7)
    assert moved.t0 == pytest.approx(fit.t0 - 1790.0, rel=1e-7)


def test_fit_follows_a_declining_curve_too():
    t = np.linspace(0.0, 10.0, 12)
    fit = fit_logistic_growth(t, logistic_growth(t, 5.0, -1.5, 4.0))
    assert np.allclose([fit.K, fit.r, fit.t0], [5.0, -1.5, 4.0], rtol=1e-6)


@pytest.mark.parametrize(
    ("t", "P", "message"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], "at least 4 points"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0], "same length"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, 0.0, 3.0, 4.0], "positive, finite"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, -2.0, 3.0, 4.0], "positive, finite"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, np.nan, 3.0, 4.0], "positive, finite"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, np.inf, 3.0, 4.0], "positive, finite"),
        ([1.0, 2.0, 3.0, 4.0], ["a", "b", "c", "d"], "positive, finite"),
        ([1.0, np.nan, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], "t must be finite"),
        ([2.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0], "all be equal"),
        ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], "one-dimensional"),
        (np.arange(10.0), np.exp(np.arange(10.0)), "did not converge"),
    ],
)
def test_bad_input_to_the_fit_is_explained(t, P, message):
    with pytest.raises(ValueError, match=message):
        fit_logistic_growth(t, P)


def test_too_few_iterations_is_non_convergence():
    t, P = census_until(1910)
    with pytest.raises(ValueError, match="did not converge in 1 iterations"):
        fit_logistic_growth(t, P, max_iterations=1)
    with pytest.raises(ValueError, match="max_iterations"):
        fit_logistic_growth(t, P, max_iterations=0)


def test_profile_needs_ceilings_above_the_counts():
    t, P = census_until(1910)
    with pytest.raises(ValueError, match="must exceed the largest count"):
        ceiling_profile(t, P, [50e6])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1.0, 0.0, 0.1, 0.0), "K must be positive"),
        ((1.0, 1.0, 0.0, 0.0), "r must be non-zero"),
        ((1.0, 1.0, np.nan, 0.0), "r must be a finite"),
        ((np.inf, 1.0, 0.1, 0.0), "t must be finite"),
    ],
)
def test_bad_growth_parameters_are_explained(args, message):
    with pytest.raises(ValueError, match=message):
        logistic_growth(*args)


@pytest.mark.parametrize("K, r, t0", [(50.0, 0.1, 40.0), (3.0, -0.5, 2.0), (197.0, 0.0313, 1914.0)])
def test_curve_through_three_points_recovers_the_curve(K, r, t0):
    times = np.array([1790.0, 1850.0, 1910.0]) if K == 197.0 else np.array([0.0, 3.0, 6.0])
    got = logistic_through(times, logistic_growth(times, K, r, t0))
    assert np.allclose(got, (K, r, t0), rtol=1e-9, atol=1e-9)


def test_curve_through_pearl_and_reeds_counts_agrees_with_scipy():
    # Their counts of 1790, 1850 and 1910 in thousands; scipy solves the three equations
    # N(τ_i) = N_i from a rough start, without the closed form.
    times, counts = np.array([10.0, 70.0, 130.0]), np.array([3929.0, 23192.0, 91972.0])
    K, r, t0 = logistic_through(times, counts)
    solved = least_squares(
        lambda v: logistic_growth(times, v[0], v[1], v[2]) / counts - 1,
        [150_000.0, 0.02, 120.0],
        xtol=1e-15,
        ftol=1e-15,
        gtol=1e-15,
    ).x
    assert np.allclose((K, r, t0), solved, rtol=1e-8)
    assert np.allclose(logistic_growth(times, K, r, t0), counts, rtol=1e-12)


@pytest.mark.parametrize(
    "t, P, message",
    [
        ([0.0, 1.0], [1.0, 2.0], "three times"),
        ([0.0, 1.0, 3.0], [1.0, 2.0, 3.0], "equally spaced and increasing"),
        ([2.0, 1.0, 0.0], [1.0, 2.0, 3.0], "equally spaced and increasing"),
        ([0.0, 1.0, 2.0], [1.0, -2.0, 3.0], "positive, finite counts"),
        ([0.0, 1.0, 2.0], "abc", "positive, finite counts"),
        ([0.0, 1.0, 2.0], [2.0, 2.0, 2.0], "no logistic curve"),
        ([0.0, 1.0, 2.0], [1.0, 10.0, 100.0], "no logistic curve"),  # exponential
        ([0.0, 1.0, 2.0], [1.0, 2.0, 4.0], "no logistic curve"),  # 1/N runs past 0
        ([0.0, 1.0, 2.0], [1.0, 3.0, 2.0], "no logistic curve"),  # up, then down
    ],
)
def test_no_curve_through_three_points_is_explained(t, P, message):
    with pytest.raises(ValueError, match=message):
        logistic_through(t, P)
