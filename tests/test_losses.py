"""The losses from the logit are exact where probabilities round; the expected losses show which
answer each loss rewards."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.losses import (
    expected_hinge,
    expected_losses,
    logloss,
    logloss_grad,
    squared_error_grad,
)


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
