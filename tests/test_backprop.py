"""Backward passes by hand agree with finite differences and with the claims built on them."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.backprop import dense_weight_gradient, scalar_chain_gradient, sigmoid_backward
from sigmoid_course.gradcheck import numerical_gradient


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
