"""Reliability diagrams: calibrated predictions have observed ≈ predicted; overconfident do not."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.calibration import reliability


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
