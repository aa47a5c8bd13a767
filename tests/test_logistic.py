"""Logloss from logits is exact where probabilities round, its gradient does not saturate, and
the fits agree with independent computations: direct minimisation, published tables, sklearn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import optimize, stats
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

from sigmoid_course import sigmoid
from sigmoid_course.calibration import reliability
from sigmoid_course.data import load_beetles
from sigmoid_course.glm import LINKS, fieller_interval, fit_binomial
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.likelihood import negative_log_likelihood
from sigmoid_course.losses import (
    expected_hinge,
    expected_losses,
    logloss,
    logloss_grad,
    squared_error_grad,
)
from sigmoid_course.neuron import METHODS, LogisticNeuron, SeparationWarning


def test_logloss_matches_the_definition_where_it_is_safe():
    z = np.linspace(-5, 5, 11)
    for y in (0.0, 1.0, 0.3):
        naive = -y * np.log(sigmoid(z)) - (1 - y) * np.log(1 - sigmoid(z))
        assert np.allclose(logloss(y, z), naive, rtol=1e-12)


def test_logloss_stays_finite_for_confident_mistakes():
    assert logloss(1.0, -800.0) == pytest.approx(800.0)
    assert logloss(0.0, 800.0) == pytest.approx(800.0)


def test_logloss_gradient_is_sigma_minus_y():
    z = np.array([-3.0, 0.2, 4.0])
    y = np.array([1.0, 0.0, 1.0])
    numeric = numerical_gradient(lambda v: float(np.sum(logloss(y, v))), z)
    assert np.allclose(logloss_grad(y, z), numeric, atol=1e-8)


def test_squared_error_saturates_where_logloss_does_not():
    # The content notes' example: z = -10, y = 1.
    assert logloss_grad(1.0, -10.0) == pytest.approx(-1.0, abs=1e-4)
    assert squared_error_grad(1.0, -10.0) == pytest.approx(-4.5e-5, rel=0.01)


@pytest.mark.parametrize("bad", [("a", 0.0), (0.0, "b")])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="real numbers"):
        logloss(*bad)


def test_labels_outside_unit_interval_are_value_errors():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        logloss(2.0, 0.0)


def test_logloss_and_squared_error_are_minimised_by_the_probability():
    answers = np.linspace(0.001, 0.999, 999)
    for p in (0.1, 0.3, 0.8):
        losses = expected_losses(p, answers)
        assert answers[np.argmin(losses["logloss"])] == pytest.approx(p, abs=1e-3)
        assert answers[np.argmin(losses["squared error"])] == pytest.approx(p, abs=1e-3)
        best_absolute = answers[np.argmin(losses["absolute error"])]
        assert best_absolute == (answers[-1] if p > 0.5 else answers[0])


def test_hinge_is_minimised_by_the_likelier_class():
    scores = np.linspace(-2, 2, 401)
    assert scores[np.argmin(expected_hinge(0.3, scores))] == pytest.approx(-1)
    assert scores[np.argmin(expected_hinge(0.8, scores))] == pytest.approx(1)


def test_expected_losses_reject_bad_inputs():
    with pytest.raises(ValueError, match="probability"):
        expected_losses(1.5, [0.5])
    with pytest.raises(ValueError, match="strictly between"):
        expected_losses(0.5, [0.0, 0.5])


# --------------------------------------------------------------------------------------------
# Fitting: LogisticNeuron and fit_binomial, against independent computations
# --------------------------------------------------------------------------------------------

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


def test_logit_standard_errors_are_the_inverse_observed_information():
    # For the canonical link observed and expected information agree; differentiate the
    # likelihood numerically, twice, instead of using the IRLS weights.
    dose, n, killed = load_beetles()
    fit = fit_binomial(dose, n, killed)

    def minus_log_likelihood(params):
        return -np.sum(stats.binom.logpmf(killed, n, _curve("logit", params[0] + params[1] * dose)))

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
    assert np.allclose(np.linalg.inv(information), fit.covariance, rtol=1e-4)


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


def _beetle_rows():
    dose, n, killed = load_beetles()
    X = np.concatenate([dose, dose])[:, None]
    return X, np.repeat([1, 0], dose.size), np.concatenate([killed, n - killed])


def test_neuron_with_count_weights_equals_the_binomial_fit_and_expanded_rows():
    X, y, weights = _beetle_rows()
    neuron = LogisticNeuron().fit(X, y, sample_weight=weights)
    fit = fit_binomial(*load_beetles())
    assert neuron.intercept_ == pytest.approx(fit.intercept, rel=1e-8)
    assert neuron.coef_[0] == pytest.approx(fit.slope, rel=1e-8)
    assert neuron.standard_errors_ == pytest.approx(fit.standard_errors, rel=1e-6)
    expanded = LogisticNeuron().fit(np.repeat(X, weights, axis=0), np.repeat(y, weights))
    assert expanded.coef_ == pytest.approx(neuron.coef_, rel=1e-8)


def test_gradient_and_hessian_match_finite_differences():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 2, 40)
    weights = rng.uniform(0.5, 2, 40)
    theta = rng.normal(size=4)
    for l2 in (0.0, 2.5):

        def loss(v, l2=l2):
            return negative_log_likelihood(v, X, y, weights, l2)[0]

        _, gradient, hessian = negative_log_likelihood(theta, X, y, weights, l2)
        assert np.allclose(gradient, numerical_gradient(loss, theta), rtol=1e-6, atol=1e-7)
        numeric = np.array(
            [
                numerical_gradient(
                    lambda v, i=i, l2=l2: negative_log_likelihood(v, X, y, weights, l2)[1][i],
                    theta,
                )
                for i in range(4)
            ]
        )
        assert np.allclose(hessian, numeric, rtol=1e-6, atol=1e-6)
        assert np.all(np.linalg.eigvalsh(hessian) > 0)


def _simulated(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    truth = np.array([-0.5, 1.5, -1.0])
    y = (rng.random(n) < sigmoid(truth[0] + X @ truth[1:])).astype(int)
    return X, y, truth


def test_known_coefficients_are_recovered_within_standard_errors():
    misses = 0
    for seed in range(20):
        X, y, truth = _simulated(seed=seed)
        neuron = LogisticNeuron().fit(X, y)
        estimate = np.concatenate([[neuron.intercept_], neuron.coef_])
        misses += np.sum(np.abs(estimate - truth) > 1.96 * neuron.standard_errors_)
    # 60 intervals at 95 %: expect 3 misses; 9 or more has probability below 0.5 %.
    assert misses <= 8


def test_standard_errors_match_the_spread_over_replications():
    estimates = []
    for seed in range(200):
        X, y, _ = _simulated(n=500, seed=100 + seed)
        neuron = LogisticNeuron().fit(X, y)
        estimates.append(neuron.coef_[0])
    X, y, _ = _simulated(n=500, seed=99)
    se = LogisticNeuron().fit(X, y).standard_errors_[1]
    assert np.std(estimates) == pytest.approx(se, rel=0.2)


def test_gradient_descent_reaches_newton_with_defaults_on_standardised_features():
    X, y, weights = _beetle_rows()
    X = (X - X.mean()) / X.std()
    newton = LogisticNeuron().fit(X, y, weights)
    descent = LogisticNeuron(method="gd").fit(X, y, weights)
    assert abs(descent.intercept_ - newton.intercept_) < 1e-2
    assert np.max(np.abs(descent.coef_ - newton.coef_)) < 1e-2
    X, y, _ = _simulated()
    newton, descent = LogisticNeuron().fit(X, y), LogisticNeuron(method="gd").fit(X, y)
    assert np.max(np.abs(descent.coef_ - newton.coef_)) < 1e-2
    assert descent.n_iter_ > newton.n_iter_


def test_newton_converges_quadratically():
    X, y, _ = _simulated()
    neuron = LogisticNeuron().fit(X, y)
    errors = np.max(np.abs(neuron.path_ - neuron.path_[-1]), axis=1)[:-1]
    # Each error is at most a constant times the square of the one before, once close.
    close = (errors[:-1] < 0.5) & (errors[1:] > 1e-12)
    assert close.sum() >= 2
    assert np.all(errors[1:][close] < 2 * errors[:-1][close] ** 2)


def test_sklearn_agrees_on_breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    # All 30 features separate the classes (the package says so, below); the ten "mean"
    # features do not, so the unpenalised estimate exists for them.
    for features, l2 in ((slice(0, 10), 0.0), (slice(None), 1.0), (slice(None), 0.1)):
        ours = LogisticNeuron(l2=l2).fit(X[:, features], y)
        theirs = LogisticRegression(
            C=np.inf if l2 == 0 else 1 / l2, solver="newton-cholesky", tol=1e-10, max_iter=1000
        ).fit(X[:, features], y)
        assert ours.coef_ == pytest.approx(theirs.coef_[0], abs=1e-6)
        assert ours.intercept_ == pytest.approx(theirs.intercept_[0], abs=1e-6)
        assert np.allclose(
            ours.predict_proba(X[:, features]), theirs.predict_proba(X[:, features]), atol=1e-8
        )
        assert np.array_equal(ours.predict(X[:, features]), theirs.predict(X[:, features]))
    with pytest.warns(SeparationWarning, match="separable.*l2 > 0"):
        neuron = LogisticNeuron().fit(X, y)
    assert neuron.separable_


@pytest.mark.parametrize("l2", [0.0, 10.0])
def test_large_fits_started_from_a_subsample_reach_the_same_estimate(l2):
    # From 50 000 rows Newton starts from a fit to 10 000 of them. A feature that is non-zero
    # in three rows only is (almost surely) constant in the subsample, whose unpenalised
    # Hessian is then singular: the fit must fall back to the constant start, not fail.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50_000, 3))
    X[:, 2] = 0.0
    X[[10, 20_000, 40_000], 2] = 1.0
    y = (rng.random(X.shape[0]) < sigmoid(X @ [1.0, -0.5, 0.0] + 0.3)).astype(int)
    y[[10, 20_000, 40_000]] = [0, 1, 1]
    ours = LogisticNeuron(l2=l2).fit(X, y)
    theirs = LogisticRegression(
        C=np.inf if l2 == 0 else 1 / l2, solver="newton-cholesky", tol=1e-12, max_iter=100
    ).fit(X, y)
    assert ours.coef_ == pytest.approx(theirs.coef_[0], abs=1e-8)
    assert ours.intercept_ == pytest.approx(theirs.intercept_[0], abs=1e-8)
    direct = np.linalg.inv(
        negative_log_likelihood(np.r_[ours.intercept_, ours.coef_], X, y, l2=l2)[2]
    )
    assert np.allclose(ours.covariance_, direct, rtol=1e-7)


def test_separable_data_warns_and_stops():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = [0, 0, 1, 1]
    for method in METHODS:
        with pytest.warns(SeparationWarning, match="separable"):
            neuron = LogisticNeuron(method=method).fit(X, y)
        assert neuron.separable_ and np.all(np.isfinite(neuron.coef_))
    # Quasi-complete separation: one tie at the boundary, everything else separated.
    with pytest.warns(SeparationWarning):
        LogisticNeuron().fit(np.array([[-1.0], [0.0], [0.0], [1.0]]), [0, 0, 1, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ridge = LogisticNeuron(l2=1.0).fit(X, y)
    assert not ridge.separable_ and np.isfinite(ridge.standard_errors_).all()
    with pytest.raises(ValueError, match="separable"):
        fit_binomial([1.0, 2.0, 3.0], [10, 10, 10], [0, 0, 10])


def test_loss_is_finite_and_silent_for_huge_logits():
    X = np.array([[-1.0], [1.0], [2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, gradient, hessian = negative_log_likelihood([0.0, 1e4], X, [1, 0, 1])
        assert loss == pytest.approx(2e4)
        assert np.all(np.isfinite(gradient)) and np.all(np.isfinite(hessian))
        assert logloss(1.0, -1e4) == 1e4 and logloss(0.0, 1e4) == 1e4


def test_labels_in_every_accepted_form_give_one_fit():
    X, y, _ = _simulated(n=300)
    reference = LogisticNeuron().fit(X, y)
    for labels in (2 * y - 1, y.astype(bool), y.astype(float)):
        neuron = LogisticNeuron().fit(X, labels)
        assert neuron.coef_ == pytest.approx(reference.coef_)
        assert set(neuron.predict(X).tolist()) <= set(np.unique(labels).tolist())


GOOD_X = np.array([[0.0], [1.0], [2.0], [3.0]])
GOOD_Y = np.array([0, 1, 0, 1])


@pytest.mark.parametrize(
    ("X", "y", "weights", "error", "message"),
    [
        (GOOD_X, [0, 1, 2, 1], None, ValueError, r"\{0, 1\}, \{-1, \+1\} or bool"),
        (GOOD_X, [0.0, 0.5, 1.0, 1.0], None, ValueError, r"\{0, 1\}"),
        (GOOD_X, [1, 1, 1, 1], None, ValueError, "only one class"),
        (GOOD_X, ["a", "b", "a", "b"], None, TypeError, "labels"),
        (np.array([[0.0], [np.nan], [2.0], [3.0]]), GOOD_Y, None, ValueError, "NaN or inf"),
        (np.array([[0.0], [np.inf], [2.0], [3.0]]), GOOD_Y, None, ValueError, "NaN or inf"),
        (GOOD_X, [0, 1, 0], None, ValueError, "one label per row"),
        (GOOD_X[:, 0], GOOD_Y, None, ValueError, "2-D"),
        (GOOD_X[None], GOOD_Y, None, ValueError, "2-D"),
        (GOOD_X, GOOD_Y[:, None], None, ValueError, "1-D"),
        (GOOD_X, GOOD_Y, [1, 1, -1, 1], ValueError, "non-negative"),
        (GOOD_X, GOOD_Y, [1, 1, 1], ValueError, "one weight per row"),
        (GOOD_X, GOOD_Y, [1, np.nan, 1, 1], ValueError, "NaN or inf"),
        (np.array([["a"], ["b"], ["c"], ["d"]]), GOOD_Y, None, TypeError, "real numbers"),
        (GOOD_X, GOOD_Y, ["1", "1", "1", "1"], TypeError, "real numbers"),
    ],
)
def test_bad_inputs_to_fit_say_what_was_expected(X, y, weights, error, message):
    with pytest.raises(error, match=message):
        LogisticNeuron().fit(X, y, weights)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"method": "adam"}, ValueError, "newton"),
        ({"l2": -1.0}, ValueError, "l2"),
        ({"l2": "big"}, TypeError, "l2"),
        ({"tol": 0.0}, ValueError, "tol"),
        ({"max_iter": 0}, ValueError, "max_iter"),
        ({"max_iter": 2.5}, TypeError, "max_iter"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
    ],
)
def test_bad_settings_say_what_was_expected(kwargs, error, message):
    with pytest.raises(error, match=message):
        LogisticNeuron(**kwargs)


def test_predicting_needs_a_fit_with_the_same_features():
    with pytest.raises(ValueError, match="not fitted"):
        LogisticNeuron().predict(GOOD_X)
    neuron = LogisticNeuron().fit(GOOD_X, GOOD_Y)
    with pytest.raises(ValueError, match="fitted with 1"):
        neuron.predict_proba(np.ones((2, 3)))


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


def test_a_constant_feature_is_a_clear_error_unless_penalised():
    X = np.column_stack([np.arange(6.0), np.ones(6)])
    y = [0, 1, 0, 1, 1, 0]
    with pytest.raises(ValueError, match="singular.*constant"):
        LogisticNeuron().fit(X, y)
    assert np.isfinite(LogisticNeuron(l2=0.5).fit(X, y).coef_).all()


def test_docstring_examples_run():
    import doctest

    from sigmoid_course import calibration, glm, likelihood, neuron

    for module in (calibration, glm, likelihood, neuron):
        results = doctest.testmod(module, extraglobs={"np": np})
        assert results.failed == 0 and results.attempted >= 1, module.__name__


def test_reliability_of_calibrated_and_overconfident_predictions():
    rng = np.random.default_rng(4)
    q = rng.uniform(0, 1, 20000)
    y = (rng.random(q.size) < q).astype(int)
    calibrated = reliability(y, q)
    assert calibrated.counts.sum() == q.size and calibrated.error < 0.02
    assert np.allclose(calibrated.observed, calibrated.predicted, atol=0.03)
    # σ(3·logit q) pushes every probability away from 1/2: overconfident.
    overconfident = reliability(y, sigmoid(3 * np.log(q / (1 - q))))
    assert overconfident.error > 0.1
    # The definition, by hand, for two bins.
    table = reliability([0, 1, 1, 1], [0.2, 0.4, 0.6, 1.0], bins=2)
    assert np.allclose(table.predicted, [0.3, 0.8]) and np.allclose(table.observed, [0.5, 1.0])
    assert table.error == pytest.approx((2 * 0.2 + 2 * 0.2) / 4)


@pytest.mark.parametrize(
    ("y", "q", "bins", "message"),
    [
        ([0, 1], [0.5, 1.5], 10, r"\[0, 1\]"),
        ([0, 1, 1], [0.5, 0.5], 10, "one label per row"),
        ([0, 2], [0.5, 0.5], 10, r"\{0, 1\}"),
        ([0, 1], [0.5, 0.5], 0, "positive integer"),
        ([0, 1], [np.nan, 0.5], 10, "NaN or inf"),
    ],
)
def test_reliability_rejects_bad_input(y, q, bins, message):
    with pytest.raises(ValueError, match=message):
        reliability(y, q, bins=bins)
