"""Gradient descent on a linear unit: all-positive inputs give one-signed gradients, a slow path."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.descent import gradient_descent_path, linear_unit_descent


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
