"""LogisticNeuron agrees with independent computations (the binomial fit, scikit-learn,
simulations), says when data are separable, and refuses bad input with what it expected."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

from sigmoid_course import sigmoid
from sigmoid_course.data import load_beetles
from sigmoid_course.glm import fit_binomial
from sigmoid_course.likelihood import negative_log_likelihood
from sigmoid_course.neuron import METHODS, LogisticNeuron, SeparationWarning


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


def test_a_constant_feature_is_a_clear_error_unless_penalised():
    X = np.column_stack([np.arange(6.0), np.ones(6)])
    y = [0, 1, 0, 1, 1, 0]
    with pytest.raises(ValueError, match="singular.*constant"):
        LogisticNeuron().fit(X, y)
    assert np.isfinite(LogisticNeuron(l2=0.5).fit(X, y).coef_).all()
