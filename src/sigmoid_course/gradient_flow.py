r"""How much gradient reaches a deep net's first layers and a recurrent cell's first steps.

Vanishing gradients measured: :func:`layer_gradient_norms` and :func:`gradient_profile` per
layer of an :class:`~sigmoid_course.mlp.MLP`, :func:`gradient_from_last_step` per step of an
LSTM or an RNN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from .lstm import lstm_backward, lstm_forward
from .mlp import MLP
from .rnn import rnn_backward, rnn_forward


def _norm(x: np.ndarray) -> float:
    """Euclidean norm in float64, scaled first so that tiny entries do not square to 0."""
    x = np.asarray(x, dtype=np.float64)
    largest = float(np.max(np.abs(x))) if x.size else 0.0
    if largest == 0.0:
        return 0.0
    return largest * float(np.linalg.norm(x / largest))


def layer_gradient_norms(mlp: MLP, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    r"""One norm :math:`\lVert\partial\mathcal{L}/\partial\mathbf{z}_k\rVert` per layer.

    The norm is the Frobenius norm over the batch and the layer's units, taken in float64 after
    the backward pass has run in the net's dtype: a float32 gradient that underflowed to 0
    has norm exactly 0.

    Parameters
    ----------
    mlp : MLP
    X : ndarray, shape (n, n_0)
    y : ndarray, shape (n,)

    Returns
    -------
    ndarray of float64, shape (L,)
        First layer first; the last entry is the output layer's.

    Examples
    --------
    >>> net = MLP([4, 4, 4, 1], init="xavier")
    >>> layer_gradient_norms(net, np.ones((3, 4)), np.array([0, 1, 1])).shape
    (3,)
    """
    return np.array([_norm(g) for g in mlp.loss_and_grads(X, y)[1]["z"]])


def gradient_profile(
    depth: int,
    activation: str,
    init: str,
    *,
    width: int = 128,
    batch: int = 64,
    seed: int = 0,
    dtype: type = np.float64,
    residual: bool = False,
) -> np.ndarray:
    r"""Per-layer gradient norms of a fresh net of ``depth`` weight matrices on random data.

    The net is ``MLP([width] * depth + [1], …)``: ``depth − 1`` hidden layers of ``width`` units
    fed a batch of standard-normal inputs with random labels, as in the chapter's headline
    experiment.

    Returns
    -------
    ndarray, shape (depth,)
        :func:`layer_gradient_norms` of that net.

    Examples
    --------
    >>> norms = gradient_profile(5, "relu", "he", width=16, batch=8)
    >>> norms.shape
    (5,)
    """
    if not isinstance(depth, int | np.integer) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, width))
    y = rng.integers(0, 2, size=batch)
    net = MLP([width] * depth + [1], activation, init, seed=seed, dtype=dtype, residual=residual)
    return layer_gradient_norms(net, X, y)


def gradient_from_last_step(
    x: np.ndarray,
    params: Mapping[str, np.ndarray],
    *,
    cell: Literal["lstm", "rnn"] = "lstm",
    nonlinearity: Literal["tanh", "relu", "sigmoid"] = "tanh",
    squash_cell: bool = False,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    r"""How much gradient a loss on the last step sends back to the start, per sequence.

    The loss is :math:`L = u^\top h_T` for a random unit vector u (one per sequence), so that
    :math:`\lVert \partial L / \partial h_T \rVert = 1`; whatever arrives further back is the
    product of the step Jacobians applied to u. For the LSTM it also reports the part that
    travels along the cell line alone, never leaving it for a path through h:

    .. math:: \Bigl(\prod_{t=1}^{T} \operatorname{diag}(f_t)\Bigr)
              \bigl(u \odot o_T \odot (1 - \tanh^2 c_T)\bigr).

    Parameters
    ----------
    x : ndarray
        Inputs, (T, B, I).
    params : dict
        An LSTM's or an RNN's parameters, per ``cell``.
    cell : {"lstm", "rnn"}
    nonlinearity : str
        The RNN's φ (ignored for the LSTM).
    squash_cell : bool
        The LSTM with the wrong σ-wrapped cell update (see :func:`lstm_forward`).
    seed : int
        Seed of the directions u.

    Returns
    -------
    dict
        ``"h0"`` and (LSTM only) ``"c0"``: the norms ‖∂L/∂h₀‖, ‖∂L/∂c₀‖ of each sequence, (B,);
        ``"x"``: ‖∂L/∂x_t‖ for every step and sequence, (T, B); (LSTM without
        ``squash_cell`` only) ``"c0_cell_line"``: the norm of the cell line's part of
        ∂L/∂c₀, (B,).

    Examples
    --------
    >>> from sigmoid_course.lstm import init_lstm
    >>> x = np.random.default_rng(0).normal(size=(20, 4, 3))
    >>> norms = gradient_from_last_step(x, init_lstm(3, 5, forget_bias=1.0))
    >>> norms["c0"].shape, norms["x"].shape
    ((4,), (20, 4))
    """
    if np.ndim(x) != 3:
        raise ValueError(f"x must have shape (T, B, I), got shape {np.shape(x)}")
    if cell == "lstm":
        h, _, cache = lstm_forward(x, params, squash_cell=squash_cell)
    elif cell == "rnn":
        h, cache = rnn_forward(x, params, nonlinearity=nonlinearity)
    else:
        raise ValueError(f"cell must be 'lstm' or 'rnn', got {cell!r}")
    u = np.random.default_rng(seed).normal(size=h.shape[1:])
    dh = np.zeros_like(h)
    dh[-1] = u / np.linalg.norm(u, axis=1, keepdims=True)
    grads = lstm_backward(cache, dh) if cell == "lstm" else rnn_backward(cache, dh)
    norms = {"h0": np.linalg.norm(grads["h0"], axis=1), "x": np.linalg.norm(grads["x"], axis=2)}
    if cell == "lstm":
        norms["c0"] = np.linalg.norm(grads["c0"], axis=1)
    if cell == "lstm" and not squash_cell:
        n = h.shape[-1]
        at_c_T = dh[-1] * cache.gates[-1, :, 3 * n :] * (1 - cache.tanh_c[-1] ** 2)
        along = at_c_T * np.prod(cache.gates[:, :, n : 2 * n], axis=0)
        norms["c0_cell_line"] = np.linalg.norm(along, axis=1)
    return norms
