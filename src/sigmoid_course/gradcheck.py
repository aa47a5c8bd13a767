r"""Gradient checks: the central finite-difference gradient every backward pass is tested by."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    r"""Central finite-difference gradient of a scalar function.

    .. math:: \frac{\partial f}{\partial x_i} \approx
              \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    The error is O(ε²) from truncation plus O(u/ε) from rounding (u ≈ 1.1e−16), so ε = 1e−6
    gives roughly 1e−10 relative accuracy on smooth functions of moderate size.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float.
    x : ndarray
        Where to differentiate.
    eps : float
        Step size.

    Returns
    -------
    ndarray
        The gradient, shaped like ``x``.
    """
    x = np.array(x, dtype=float)
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        above = f(x)
        x[index] = original - eps
        below = f(x)
        x[index] = original
        grad[index] = (above - below) / (2 * eps)
    return grad
