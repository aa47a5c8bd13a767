r"""Backpropagation by hand: through a sigmoid layer, a dense layer's weights, a chain of units.

Shapes follow the course notation: a batch of ``n`` examples is a matrix with one row per
example; a dense layer maps ``a`` of shape (n, m_in) to ``z = a @ W.T + b`` of shape (n, m_out).
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, sigmoid_grad


def sigmoid_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    r"""Backward pass through a sigmoid layer, from its forward output.

    .. math:: \frac{\partial \mathcal{L}}{\partial z}
              = \frac{\partial \mathcal{L}}{\partial a} \odot a \odot (1 - a),
              \qquad a = \sigma(z)

    The layer needs to remember only its output ``a``: σ' = σ(1 − σ) reuses it, so the backward
    pass evaluates no exponential.

    Parameters
    ----------
    a : ndarray
        The layer's forward output σ(z).
    grad_a : ndarray
        ∂L/∂a, the gradient arriving from the layer above; same shape as ``a``.

    Returns
    -------
    ndarray
        ∂L/∂z, same shape as ``a``.
    """
    a, grad_a = np.asarray(a, dtype=float), np.asarray(grad_a, dtype=float)
    if a.shape != grad_a.shape:
        raise ValueError(f"a and grad_a must have the same shape, got {a.shape} and {grad_a.shape}")
    return grad_a * a * (1.0 - a)


def dense_weight_gradient(delta: np.ndarray, a: np.ndarray) -> np.ndarray:
    r"""Per-example gradient of a dense layer's weights.

    .. math:: \frac{\partial \ell}{\partial W_{ij}} = \delta_i \, a_j

    Parameters
    ----------
    delta : ndarray, shape (m_out,)
        ∂ℓ/∂z for one example.
    a : ndarray, shape (m_in,)
        The layer's input for that example.

    Returns
    -------
    ndarray, shape (m_out, m_in)
        The outer product δ aᵀ: row i has the sign of δ_i wherever every a_j > 0.
    """
    delta, a = np.asarray(delta, dtype=float), np.asarray(a, dtype=float)
    if delta.ndim != 1 or a.ndim != 1:
        raise ValueError(f"delta and a must be vectors, got shapes {delta.shape} and {a.shape}")
    return np.outer(delta, a)


def scalar_chain_gradient(weights: np.ndarray, biases: np.ndarray, x: float) -> float:
    r"""Derivative of a chain of one-unit sigmoid layers with respect to its input.

    .. math:: a_l = \sigma(w_l a_{l-1} + b_l), \quad a_0 = x, \qquad
              \frac{d a_L}{d x} = \prod_{l=1}^{L} w_l \, \sigma'(w_l a_{l-1} + b_l)

    Every σ' factor is at most 1/4, but each comes multiplied by its weight: the product can
    shrink faster than 4^{-L} or grow.

    Parameters
    ----------
    weights, biases : ndarray, shape (L,)
        One weight and one bias per layer.
    x : float
        The input a_0.

    Returns
    -------
    float
        d a_L / d x.
    """
    weights, biases = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float)
    if weights.shape != biases.shape or weights.ndim != 1:
        raise ValueError(
            f"weights and biases must be vectors of one length, got {weights.shape}, {biases.shape}"
        )
    a, derivative = float(x), 1.0
    for w, b in zip(weights, biases, strict=True):
        z = w * a + b
        derivative *= w * float(sigmoid_grad(z))
        a = float(sigmoid(z))
    return derivative
