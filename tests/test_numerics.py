"""Float thresholds are exact: the predicate flips between the answer and the float below it."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.numerics import float_threshold


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("edge", [-700.5, -1.5, 0.0, 2.25, 37.0])
def test_threshold_is_the_first_float_where_the_predicate_holds(dtype, edge):
    edge = dtype(edge)
    found = float_threshold(lambda x: x >= edge, -1000.0, 1000.0, dtype)
    assert found == edge and found.dtype == np.dtype(dtype)
    below = np.nextafter(found, dtype(-np.inf))
    assert not below >= edge


def test_naive_sigmoid_reaches_one_at_53_ln_2():
    with np.errstate(over="ignore"):
        found = float_threshold(lambda x: 1 / (1 + np.exp(-x)) == 1.0, 0.0, 100.0)
    assert found == pytest.approx(53 * np.log(2), rel=1e-15)


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [(1.0, 1.0, "low < high"), (5.0, 10.0, "false at low")],
)
def test_bad_brackets_are_value_errors(low, high, message):
    with pytest.raises(ValueError, match=message):
        float_threshold(lambda x: x > 0, low, high)


def test_integer_dtypes_are_type_errors():
    with pytest.raises(TypeError, match="float16, float32 or float64"):
        float_threshold(lambda x: x > 0, -1.0, 1.0, np.int32)
