"""The binomial GLM agrees with direct minimisation and the published beetle table; its LD50
intervals are right."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from sigmoid_course.data import load_beetles
from sigmoid_course.glm import LINKS, fieller_interval, fit_binomial

BEETLE_LINKS = {
    # Dobson & Barnett (2018), Table 7.3 and section 7.3: estimates, standard errors, deviance.
    "logit": ((-60.72, 34.27), (5.18, 2.91), 11.23),
    "probit": ((-34.94, 19.73), (2.65, 1.49), 10.12),
    "cloglog": ((-39.57, 22.04), (3.24, 1.80), 3.45),
}


def _curve(link, eta):
    if link == "logit":
        return 1 / (1 + np.exp(-eta))
    if link == "probit":
        return stats.norm.cdf(eta)
    return 1 - np.exp(-np.exp(eta))


def _direct_binomial_fit(link):
    """The beetle fit by direct minimisation of the binomial likelihood (no IRLS)."""
    dose, n, killed = load_beetles()
    centre = dose.mean()

    def minus_log_likelihood(params):
        # Centring the dose makes the problem well conditioned for a general optimiser.
        mu = np.clip(_curve(link, params[0] + params[1] * (dose - centre)), 1e-300, 1 - 1e-16)
        return -np.sum(stats.binom.logpmf(killed, n, mu))

    result = optimize.minimize(
        minus_log_likelihood,
        [0.0, 10.0],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000},
    )
    a_centred, slope = result.x
    mu = _curve(link, a_centred + slope * (dose - centre))
    saturated = np.sum(stats.binom.logpmf(killed, n, killed / n))
    deviance = 2 * (saturated + result.fun)
    return a_centred - slope * centre, slope, deviance, mu * n


@pytest.mark.parametrize("link", sorted(BEETLE_LINKS))
def test_beetle_fit_matches_direct_minimisation_and_the_published_table(link):
    fit = fit_binomial(*load_beetles(), link=link)
    intercept, slope, deviance, fitted = _direct_binomial_fit(link)
    assert fit.intercept == pytest.approx(intercept, rel=1e-5)
    assert fit.slope == pytest.approx(slope, rel=1e-5)
    assert fit.deviance == pytest.approx(deviance, rel=1e-6)
    assert np.allclose(fit.fitted, fitted, rtol=1e-5)
    (a, b), (se_a, se_b), published_deviance = BEETLE_LINKS[link]
    assert (fit.intercept, fit.slope) == (pytest.approx(a, abs=0.005), pytest.approx(b, abs=0.005))
    assert fit.standard_errors == pytest.approx([se_a, se_b], abs=0.005)
    assert fit.deviance == pytest.approx(published_deviance, abs=0.005)
    assert fit.df == 6


def test_cloglog_fits_the_beetles_best():
    deviances = {link: fit_binomial(*load_beetles(), link=link).deviance for link in LINKS}
    assert min(deviances, key=deviances.get) == "cloglog"
    # Against chi-squared with 6 df: the logit and probit fits are poor, the cloglog fit fine.
    assert stats.chi2.sf(deviances["logit"], 6) < 0.10 < stats.chi2.sf(deviances["cloglog"], 6)


@pytest.mark.parametrize("link", LINKS)
def test_standard_errors_are_the_inverse_observed_information_for_the_logit_only(link):
    # For the canonical link observed and expected information agree; for probit and cloglog
    # the observed has a term weighted by the residuals, which on the beetles moves the
    # covariance by about 0.6 %. The likelihood is differentiated numerically, twice,
    # instead of using the IRLS weights.
    dose, n, killed = load_beetles()
    fit = fit_binomial(dose, n, killed, link=link)

    def minus_log_likelihood(params):
        return -np.sum(stats.binom.logpmf(killed, n, _curve(link, params[0] + params[1] * dose)))

    theta, h = np.array([fit.intercept, fit.slope]), 1e-4
    information = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            di, dj = np.eye(2)[i] * h, np.eye(2)[j] * h
            information[i, j] = (
                minus_log_likelihood(theta + di + dj)
                - minus_log_likelihood(theta + di - dj)
                - minus_log_likelihood(theta - di + dj)
                + minus_log_likelihood(theta - di - dj)
            ) / (4 * h * h)
    gap = np.max(np.abs(np.linalg.inv(information) / fit.covariance - 1))
    assert gap < 1e-4 if link == "logit" else gap > 1e-3


def test_ld50_intervals():
    fit = fit_binomial(*load_beetles())
    assert fit.ld50 == pytest.approx(-fit.intercept / fit.slope)
    critical = stats.norm.ppf(0.975)
    # Fieller: the ends are where the Wald statistic of a + b θ = 0 equals the critical value.
    for theta in fit.ld50_fieller:
        g = np.array([1.0, theta])
        wald = (fit.intercept + fit.slope * theta) ** 2 / (g @ fit.covariance @ g)
        assert wald == pytest.approx(critical**2, rel=1e-9)
    # Delta: a symmetric interval from a numerical gradient of -a/b.
    params = np.array([fit.intercept, fit.slope])
    grad = optimize.approx_fprime(params, lambda q: -q[0] / q[1], 1e-7)
    half = critical * np.sqrt(grad @ fit.covariance @ grad)
    assert fit.ld50_delta == pytest.approx((fit.ld50 - half, fit.ld50 + half), rel=1e-6)
    lower, upper = fit.ld50_fieller
    assert lower < fit.ld50 < upper


def test_fieller_interval_is_unbounded_when_the_slope_is_not_significant():
    assert fieller_interval(1.0, 0.5, np.diag([0.1, 1.0]), 1.96) == (-np.inf, np.inf)


def test_cloglog_ld50_is_where_the_curve_crosses_one_half():
    fit = fit_binomial(*load_beetles(), link="cloglog")
    assert fit.probability(fit.ld50) == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (([1.0, 2.0], [10, 10], [3, 5], "logistic"), ValueError, "logit"),
        (([1.0, 2.0], [10, 10], [3, 11]), ValueError, "0 <= k <= n"),
        (([1.0, 2.0], [10, 0], [3, 0]), ValueError, "n > 0"),
        (([1.0, 2.0], [10, 10.5], [3, 5]), ValueError, "whole numbers"),
        (([1.0, 2.0, 3.0], [10, 10], [3, 5]), ValueError, "one length"),
        (([1.0, 1.0], [10, 10], [3, 5]), ValueError, "two distinct doses"),
        (([1.0, np.nan], [10, 10], [3, 5]), ValueError, "NaN or inf"),
        ((["a", "b"], [10, 10], [3, 5]), TypeError, "real numbers"),
    ],
)
def test_bad_inputs_to_fit_binomial_say_what_was_expected(args, error, message):
    with pytest.raises(error, match=message):
        fit_binomial(*args)
