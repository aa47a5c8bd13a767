"""Logistic regression as a single neuron: the logloss and its gradient, computed stably.

The model is p = σ(z) with z = wᵀx + b and labels y ∈ {0, 1}. Losses take the logit z rather
than the probability p, so that they stay finite and exact where p rounds to 0 or 1.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, softplus


def logloss(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Logloss of one or many examples, from the logit.

    .. math:: \\ell(y, z) = -y \\ln\\sigma(z) - (1-y)\\ln(1-\\sigma(z))
              = \\operatorname{softplus}(z) - y z

    The right-hand form never takes the logarithm of a rounded probability, so
    ``logloss(1, -800)`` is 800, not infinity.

    Parameters
    ----------
    y : array_like
        Labels in {0, 1} (values in [0, 1] are allowed: soft labels).
    z : array_like
        Logits, broadcastable against ``y``.

    Returns
    -------
    ndarray
        ℓ for each example.
    """
    y, z = _labels_and_logits(y, z)
    return softplus(z) - y * z


def logloss_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Derivative of the logloss with respect to the logit.

    .. math:: \\frac{\\partial \\ell}{\\partial z} = \\sigma(z) - y

    No σ' factor: the gradient is large exactly when the prediction is confidently wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    return sigmoid(z) - y


def squared_error_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Derivative of the squared error of the probability with respect to the logit.

    .. math:: \\ell = \\tfrac12(\\sigma(z) - y)^2, \\qquad
              \\frac{\\partial \\ell}{\\partial z} = (\\sigma(z) - y)\\,\\sigma'(z)

    The σ'(z) factor makes this vanish where σ saturates, even when the prediction is wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    p = sigmoid(z)
    return (p - y) * p * sigmoid(-z)


def _labels_and_logits(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    for name, value in (("y", y), ("z", z)):
        kind = np.asarray(value).dtype.kind
        if kind not in "biuf":
            raise TypeError(f"{name} must be real numbers, got an array of dtype {kind!r}")
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels y must lie in [0, 1]")
    return y, z
