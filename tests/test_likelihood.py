"""The logistic log-likelihood's gradient and Hessian agree with finite differences, and stay
finite for huge logits."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.likelihood import negative_log_likelihood
from sigmoid_course.losses import (
    logloss,
)


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


def test_loss_is_finite_and_silent_for_huge_logits():
    X = np.array([[-1.0], [1.0], [2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, gradient, hessian = negative_log_likelihood([0.0, 1e4], X, [1, 0, 1])
        assert loss == pytest.approx(2e4)
        assert np.all(np.isfinite(gradient)) and np.all(np.isfinite(hessian))
        assert logloss(1.0, -1e4) == 1e4 and logloss(0.0, 1e4) == 1e4
