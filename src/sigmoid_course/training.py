r"""Training an MLP: momentum or Adam, clipping, and how fast each layer learns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .mlp import MLP
from .optim import adam_step


@dataclass(frozen=True)
class Training:
    r"""What :func:`train` returns.

    Attributes
    ----------
    net : MLP
        The trained net (a copy: the net passed in is unchanged).
    losses : ndarray, shape (steps,)
        The loss on each step's batch, before the step.
    bias_grad_norms : ndarray, shape (steps, L)
        ‖∂L/∂b_k‖ per step and layer: how fast each layer learns.
    grad_norms : ndarray, shape (steps,)
        The norm of the whole gradient, before clipping.
    """

    net: MLP
    losses: np.ndarray
    bias_grad_norms: np.ndarray
    grad_norms: np.ndarray


def train(
    mlp: MLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    learning_rate: float,
    momentum: float = 0.0,
    batch_size: int | None = None,
    clip: float | None = None,
    seed: int = 0,
    method: Literal["momentum", "adam"] = "momentum",
) -> Training:
    r"""Gradient descent with momentum, or Adam, and optional gradient-norm clipping.

    .. math:: \mathbf{g} \leftarrow \mathbf{g}\,\min\Bigl(1, \frac{c}{\lVert\mathbf{g}\rVert}
              \Bigr), \qquad
              \mathbf{v} \leftarrow \mu\mathbf{v} - \eta\,\mathbf{g}, \qquad
              \theta \leftarrow \theta + \mathbf{v}

    With ``method="adam"`` the clipped gradient goes to :func:`~sigmoid_course.optim.adam_step`
    instead (learning rate η, its default β's), which divides each parameter's step by the root
    mean square of that parameter's gradients: a layer whose gradient is tiny still moves by
    about η per step.

    Parameters
    ----------
    mlp : MLP
        The starting point; it is not modified.
    X, y : ndarray
        Inputs (n, n_0) and labels in {0, 1}.
    steps : int
        Number of updates.
    learning_rate : float
        η.
    momentum : float
        μ in [0, 1); 0 is plain gradient descent.
    batch_size : int or None
        Minibatch size, drawn without replacement in a fresh order every epoch; None for the
        full batch.
    clip : float or None
        Largest allowed norm c of the whole gradient (all layers together).
    seed : int
        Seed of the minibatch order.
    method : {"momentum", "adam"}
        The update; Adam has its own momentum, so ``momentum`` must then be 0.

    Returns
    -------
    Training

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]]); y = np.array([0, 1])
    >>> run = train(MLP([2, 4, 1], "tanh", "xavier"), X, y, steps=50, learning_rate=0.5)
    >>> bool(run.losses[-1] < run.losses[0])
    True
    """
    if not isinstance(steps, int | np.integer) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be positive or None, got {clip!r}")
    if method not in ("momentum", "adam"):
        raise ValueError(f"method must be 'momentum' or 'adam', got {method!r}")
    if method == "adam" and momentum:
        raise ValueError(f"Adam keeps its own momentum: momentum must be 0, got {momentum!r}")
    X = mlp._inputs(X)
    n = X.shape[0]
    y = mlp._labels(y, n)
    if batch_size is not None and not (
        isinstance(batch_size, int | np.integer) and 0 < batch_size <= n
    ):
        raise ValueError(f"batch_size must be an integer in [1, {n}] or None, got {batch_size!r}")
    net = mlp.copy()
    params = net.weights + net.biases
    velocity = [np.zeros_like(p) for p in params]
    names = [f"p{k}" for k in range(len(params))]
    adam = None
    rng = np.random.default_rng(seed)
    order, position = np.arange(n), n
    losses, bias_norms, grad_norms = [], [], []
    for _ in range(steps):
        if batch_size is None:
            rows = slice(None)
        else:
            if position + batch_size > n:
                order, position = rng.permutation(n), 0
            rows = order[position : position + batch_size]
            position += batch_size
        loss, grads = net._backprop(X[rows], y[rows])
        gradient = grads["weights"] + grads["biases"]
        # Squares summed in float64: a float32 gradient's squares would underflow early.
        squares = [float(np.vdot(g, g)) for g in (g.astype(np.float64) for g in gradient)]
        total = float(np.sqrt(sum(squares)))
        scale = min(1.0, clip / total) if clip is not None and total > 0 else 1.0
        if method == "adam":
            moved, adam = adam_step(
                dict(zip(names, params, strict=True)),
                {name: scale * g for name, g in zip(names, gradient, strict=True)},
                adam,
                lr=learning_rate,
            )
            for p, name in zip(params, names, strict=True):
                p[...] = moved[name]
        else:
            for p, v, g in zip(params, velocity, gradient, strict=True):
                v *= momentum
                v -= (learning_rate * scale) * g
                p += v
        losses.append(float(loss))
        bias_norms.append(np.sqrt(squares[len(net.weights) :]))
        grad_norms.append(total)
    return Training(net, np.array(losses), np.array(bias_norms), np.array(grad_norms))
