"""The finite-difference gradient is exact to rounding where it can be."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.gradcheck import numerical_gradient


def test_numerical_gradient_of_a_quadratic_is_exact_to_rounding():
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = np.array([0.3, -1.2])
    assert np.allclose(numerical_gradient(lambda v: 0.5 * v @ a @ v, x), a @ x, atol=1e-9)
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_gradient(np.sum, x, eps=0)
