r"""Gradient descent on a linear unit: its path, and why all-positive inputs make it zig-zag."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backprop import dense_weight_gradient


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
