"""Layers, backpropagation and gradient checks, small enough to read in one sitting.

Shapes follow the course notation: a batch of ``n`` examples is a matrix with one row per
example; a dense layer maps ``a`` of shape (n, m_in) to ``z = a @ W.T + b`` of shape (n, m_out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def gradient_descent_path(
    features: np.ndarray,
    targets: np.ndarray,
    w0: np.ndarray,
    learning_rate: float,
    steps: int,
) -> np.ndarray:
    r"""Full-batch gradient descent on a linear neuron's mean squared error.

    .. math:: \mathcal{L}(\mathbf{w}) = \frac{1}{2n}\lVert X\mathbf{w} - \mathbf{y}\rVert^2,
              \qquad \nabla\mathcal{L} = \tfrac1n X^\top (X\mathbf{w} - \mathbf{y}),
              \qquad \nabla^2\mathcal{L} = \tfrac1n X^\top X

    The Hessian XᵀX/n is fixed, so its condition number alone decides how many steps are
    needed: features that are all positive (as sigmoid outputs are) share a large common
    component, which makes XᵀX/n ill-conditioned and the path zig-zag.

    Parameters
    ----------
    features : ndarray, shape (n, m)
    targets : ndarray, shape (n,)
    w0 : ndarray, shape (m,)
        Starting weights.
    learning_rate : float
    steps : int

    Returns
    -------
    ndarray, shape (steps + 1, m)
        The weights before the first step and after every step.
    """
    features = np.asarray(features, dtype=float)
    targets = np.asarray(targets, dtype=float)
    w = np.array(w0, dtype=float)
    n = features.shape[0] if features.ndim == 2 else 0
    if features.ndim != 2 or targets.shape != (n,) or w.shape != (features.shape[1],):
        raise ValueError(
            "expected features (n, m), targets (n,) and w0 (m,), got "
            f"{features.shape}, {targets.shape} and {w.shape}"
        )
    path = [w.copy()]
    for _ in range(steps):
        w -= learning_rate * features.T @ (features @ w - targets) / n
        path.append(w.copy())
    return np.array(path)


@dataclass(frozen=True)
class DescentRun:
    """What :func:`linear_unit_descent` measured.

    Attributes
    ----------
    path : ndarray, shape (steps + 1, m)
        Weights before the first step and after each step.
    same_sign_fraction : float
        Share of examples whose weight gradient has no two entries of opposite sign.
    condition_number : float
        Largest over smallest eigenvalue of the Hessian XᵀX/n.
    steps_to_converge : int
        First step within ``tolerance`` of the target weights, or -1 if none.
    """

    path: np.ndarray
    same_sign_fraction: float
    condition_number: float
    steps_to_converge: int


def linear_unit_descent(
    features: np.ndarray,
    w_star: np.ndarray,
    *,
    steps: int = 200,
    tolerance: float = 0.01,
) -> DescentRun:
    """Fit a linear unit to targets ``features @ w_star`` by gradient descent from zero.

    The learning rate is the best fixed one for this quadratic, 2 / (λ_max + λ_min) of the
    Hessian XᵀX/n: the error then shrinks by (κ − 1)/(κ + 1) per step, κ = λ_max/λ_min, so runs
    on different features compare at their best.

    Parameters
    ----------
    features : ndarray, shape (n, m)
        The unit's inputs, e.g. outputs of a sigmoid layer.
    w_star : ndarray, shape (m,)
        The weights that fit the targets exactly.
    steps : int
    tolerance : float
        Distance to ``w_star`` that counts as converged.

    Returns
    -------
    DescentRun
    """
    features = np.asarray(features, dtype=float)
    w_star = np.asarray(w_star, dtype=float)
    if features.ndim != 2 or w_star.shape != (features.shape[1],):
        raise ValueError(
            f"expected features (n, m) and w_star (m,), got {features.shape} and {w_star.shape}"
        )
    targets = features @ w_star
    # At w = 0 the per-example error is -y, so each example's gradient is -y_i x_i.
    gradients = [dense_weight_gradient([-y], x)[0] for y, x in zip(targets, features, strict=True)]
    same_sign = np.mean([np.all(g >= 0) or np.all(g <= 0) for g in gradients])
    eigenvalues = np.linalg.eigvalsh(features.T @ features / len(features))
    path = gradient_descent_path(
        features, targets, np.zeros_like(w_star), 2 / (eigenvalues[-1] + eigenvalues[0]), steps
    )
    close = np.linalg.norm(path - w_star, axis=1) < tolerance
    return DescentRun(
        path=path,
        same_sign_fraction=float(same_sign),
        condition_number=float(eigenvalues[-1] / eigenvalues[0]),
        steps_to_converge=int(np.argmax(close)) if close.any() else -1,
    )
