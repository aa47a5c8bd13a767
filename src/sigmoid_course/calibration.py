r"""Calibration of predicted probabilities: the reliability diagram and its expected error."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .validation import _binary_labels, _real_array


class Reliability(NamedTuple):
    """A reliability diagram's points, one per non-empty bin of predicted probability."""

    predicted: np.ndarray
    """Mean predicted probability in each bin."""
    observed: np.ndarray
    """Share of y = 1 among the examples in each bin."""
    counts: np.ndarray
    """Number of examples in each bin."""
    error: float
    """Expected calibration error: Σ (count/n) |observed − predicted| over the bins."""


def reliability(y: np.ndarray, q: np.ndarray, bins: int = 10) -> Reliability:
    r"""Bin predicted probabilities and compare each bin's mean with its share of positives.

    Calibrated predictions have, in every bin, observed ≈ predicted; the expected calibration
    error summarises the gaps,

    .. math:: \mathrm{ECE} = \sum_{\text{bins } k} \frac{n_k}{n}
              \bigl|\bar y_k - \bar q_k\bigr| .

    Parameters
    ----------
    y : array_like of shape (n,)
        Labels in {0, 1}, {−1, +1} or {False, True}.
    q : array_like of shape (n,)
        Predicted probabilities P(y = 1), in [0, 1].
    bins : int
        Number of equal-width bins on [0, 1].

    Returns
    -------
    Reliability

    Examples
    --------
    >>> table = reliability([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], bins=2)
    >>> table.predicted, table.observed, round(table.error, 3)
    (array([0.15, 0.85]), array([0., 1.]), 0.15)
    """
    q = _real_array(q, "q")
    if q.ndim != 1:
        raise ValueError(f"q must be 1-D, got shape {q.shape}")
    target, _ = _binary_labels(y, q.size, allow_one_class=True)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("q must be probabilities in [0, 1]")
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise ValueError(f"bins must be a positive integer, got {bins!r}")
    which = np.minimum((q * bins).astype(int), bins - 1)
    counts = np.bincount(which, minlength=bins)
    used = counts > 0
    predicted = np.bincount(which, q, bins)[used] / counts[used]
    observed = np.bincount(which, target, bins)[used] / counts[used]
    error = float(np.sum(counts[used] * np.abs(observed - predicted)) / q.size)
    return Reliability(predicted, observed, counts[used], error)
