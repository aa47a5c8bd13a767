"""Backpropagation helpers agree with finite differences and with the claims built on them."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.deepnets import (
    dense_weight_gradient,
    gradient_descent_path,
    linear_unit_descent,
    numerical_gradient,
    scalar_chain_gradient,
    sigmoid_backward,
)


def test_sigmoid_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    z, upstream = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def loss(z_):
        return float(np.sum(upstream * sigmoid(z_)))

    analytic = sigmoid_backward(sigmoid(z), upstream)
    assert np.allclose(analytic, numerical_gradient(loss, z), rtol=1e-7, atol=1e-10)


def test_sigmoid_backward_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sigmoid_backward(np.zeros(3), np.zeros(4))


def test_numerical_gradient_of_a_quadratic_is_exact_to_rounding():
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = np.array([0.3, -1.2])
    assert np.allclose(numerical_gradient(lambda v: 0.5 * v @ a @ v, x), a @ x, atol=1e-9)
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_gradient(np.sum, x, eps=0)


def test_weights_after_a_sigmoid_share_the_sign_of_delta():
    rng = np.random.default_rng(1)
    delta, a = rng.normal(size=3), sigmoid(rng.normal(size=5))
    grad = dense_weight_gradient(delta, a)
    assert grad.shape == (3, 5)
    assert np.all(np.sign(grad) == np.sign(delta)[:, None])


def test_scalar_chain_is_bounded_by_a_quarter_per_layer_with_unit_weights():
    depth = 20
    gradient = scalar_chain_gradient(np.ones(depth), np.zeros(depth), 0.0)
    assert 0 < gradient <= 0.25**depth


def test_scalar_chain_grows_with_large_weights():
    # With w = 6 and b = -3 every unit sits at z = 0 (a = 1/2), so each layer multiplies by 6/4.
    depth = 10
    gradient = scalar_chain_gradient(np.full(depth, 6.0), np.full(depth, -3.0), 0.5)
    assert gradient == pytest.approx(1.5**depth)


def test_positive_features_make_gradient_descent_slow():
    rng = np.random.default_rng(2)
    h = rng.normal(size=(200, 2))
    w_star = np.array([1.0, -1.0])

    def steps_to_converge(features):
        hessian = features.T @ features / len(features)
        rate = 1.0 / np.linalg.eigvalsh(hessian)[-1]
        path = gradient_descent_path(features, features @ w_star, np.zeros(2), rate, 500)
        return int(np.argmax(np.linalg.norm(path - w_star, axis=1) < 0.01))

    positive, centred = sigmoid(h), sigmoid(h) - sigmoid(h).mean(axis=0)
    assert steps_to_converge(positive) > 5 * steps_to_converge(centred) > 0


def test_gradient_descent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="expected features"):
        gradient_descent_path(np.zeros((3, 2)), np.zeros(4), np.zeros(2), 0.1, 1)


def test_sigmoid_inputs_give_one_signed_gradients_and_slow_descent():
    rng = np.random.default_rng(1)
    h = rng.normal(size=(200, 2))
    w_star = np.array([1.0, -1.0])
    positive = linear_unit_descent(sigmoid(h), w_star)
    centred = linear_unit_descent(sigmoid(h) - sigmoid(h).mean(axis=0), w_star)
    assert positive.same_sign_fraction == 1.0
    assert 0.2 < centred.same_sign_fraction < 0.8
    assert positive.condition_number > 5 * centred.condition_number
    assert positive.steps_to_converge > 5 * centred.steps_to_converge > 0
    assert positive.path.shape == (201, 2)


def test_descent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="expected features"):
        linear_unit_descent(np.eye(2), np.ones(3))
