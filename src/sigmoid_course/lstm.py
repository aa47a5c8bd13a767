r"""The LSTM cell in numpy, forward and backward through time, in PyTorch's layout.

Step t (σ the logistic function, ⊙ the elementwise product), gate rows in the order i, f, g, o:

.. math::

    (i_t, f_t, g_t, o_t) &= (\sigma, \sigma, \tanh, \sigma)
        (W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}) \\
    c_t &= f_t \odot c_{t-1} + i_t \odot g_t \\
    h_t &= o_t \odot \tanh(c_t)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .recurrent import (
    Params,
    _check_sizes,
    _checked_params,
    _hidden_size,
    _initial_state,
    _parameter_gradients,
    _project,
    _sequence,
    _through_time,
    _unbatch,
    _uniform,
)

GATES = ("i", "f", "g", "o")
"""The LSTM's gates in the order of the rows of PyTorch's weight matrices."""


def lstm_shapes(input_size: int, hidden_size: int) -> dict[str, tuple[int, ...]]:
    r"""Shapes of the LSTM's parameters in PyTorch's layout.

    Examples
    --------
    >>> lstm_shapes(3, 2)["weight_ih"]
    (8, 3)
    """
    _check_sizes(input_size, hidden_size)
    four = 4 * hidden_size
    return {
        "weight_ih": (four, input_size),
        "weight_hh": (four, hidden_size),
        "bias_ih": (four,),
        "bias_hh": (four,),
    }


def init_lstm(
    input_size: int,
    hidden_size: int,
    *,
    seed: int | np.random.Generator = 0,
    forget_bias: float | None = None,
) -> Params:
    r"""LSTM parameters initialised as PyTorch does, optionally with a set forget-gate bias.

    Every entry is drawn from :math:`U(-1/\sqrt{H}, 1/\sqrt{H})`, PyTorch's default. With
    ``forget_bias = b`` the forget gate's total bias (``bias_ih + bias_hh`` in rows H to 2H)
    is set to exactly b: ``bias_ih`` gets b and ``bias_hh`` gets 0 there. The forget gate then
    starts near σ(b); b = 1 is the initialisation of Jozefowicz et al. (2015).

    Examples
    --------
    >>> p = init_lstm(3, 2, forget_bias=1.0)
    >>> (p["bias_ih"] + p["bias_hh"])[2:4].tolist()
    [1.0, 1.0]
    """
    params = _uniform(lstm_shapes(input_size, hidden_size), hidden_size, seed)
    if forget_bias is not None:
        forget = slice(hidden_size, 2 * hidden_size)
        params["bias_ih"][forget] = float(forget_bias)
        params["bias_hh"][forget] = 0.0
    return params


@dataclass(frozen=True)
class LSTMCache:
    """What :func:`lstm_forward` keeps for :func:`lstm_backward` (batched arrays, (T, B, ·))."""

    x: np.ndarray
    params: Params
    h0: np.ndarray
    c0: np.ndarray
    gates: np.ndarray
    """(T, B, 4H): i, f, g, o after their nonlinearities."""
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray
    squash_cell: bool
    batched: bool


def lstm_forward(
    x: np.ndarray,
    params: Mapping[str, np.ndarray],
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    *,
    squash_cell: bool = False,
) -> tuple[np.ndarray, np.ndarray, LSTMCache]:
    r"""Run an LSTM over a sequence.

    .. math::

        (i_t, f_t, g_t, o_t) &= (\sigma, \sigma, \tanh, \sigma)
            (W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}) \\
        c_t &= f_t \odot c_{t-1} + i_t \odot g_t \\
        h_t &= o_t \odot \tanh(c_t)

    Parameters
    ----------
    x : ndarray
        Inputs, (T, I) for one sequence or (T, B, I) for a batch.
    params : dict
        ``weight_ih`` (4H, I), ``weight_hh`` (4H, H), ``bias_ih`` (4H), ``bias_hh`` (4H), gate
        rows in the order i, f, g, o (PyTorch's layout).
    h0, c0 : ndarray, optional
        Initial hidden and cell states, (H,) or (B, H); zeros if not given.
    squash_cell : bool
        If true, use the *wrong* update :math:`c_t = \sigma(f_t \odot c_{t-1} + i_t \odot g_t)`
        of some blog posts, for measuring what it does. Not an LSTM.

    Returns
    -------
    h, c : ndarray
        Hidden and cell states of every step, (T, H) or (T, B, H).
    cache : LSTMCache
        Input of :func:`lstm_backward`.

    Raises
    ------
    ValueError
        If a parameter is missing or misshapen, or ``x``, ``h0`` or ``c0`` has the wrong shape;
        the message names it and the shape expected.

    Notes
    -----
    The gates use σ(a) = (1 + tanh(a/2))/2, so that one call of tanh evaluates all four.
    This is accurate to a few units of 1e−16 in absolute terms, not relative: a gate far below
    zero, σ(−40) ≈ 4e−18, comes out as 0. That never matters for a gate's product with a
    state of order 1; the σ-wrapped cell, whose σ is the point, uses :func:`sigmoid`.

    Examples
    --------
    >>> p = init_lstm(3, 2)
    >>> h, c, cache = lstm_forward(np.ones((5, 3)), p)
    >>> h.shape, c.shape
    ((5, 2), (5, 2))
    """
    xb, batched = _sequence(x)
    hidden = _hidden_size(params, 4)
    params = _checked_params(params, lstm_shapes(xb.shape[2], hidden), "LSTM")
    steps, batch = xb.shape[:2]
    h_prev = _initial_state(h0, "h0", batch, hidden, batched)
    c_prev = _initial_state(c0, "c0", batch, hidden, batched)
    h0b, c0b = h_prev, c_prev
    # σ(a) = (1 + tanh(a/2))/2: one tanh evaluates all four gates, with the rows of i, f, o
    # scaled by 1/2 beforehand, and the input projections of all steps are one product.
    scale, offset = _gate_scale(hidden)
    w_hh_t = (params["weight_hh"] * scale[:, None]).T
    z = _project(xb, params) * scale
    gates = np.empty_like(z)
    c = np.empty((steps, batch, hidden))
    tanh_c = np.empty_like(c)
    h = np.empty_like(c)
    for step in range(steps):
        act = gates[step]
        np.matmul(h_prev, w_hh_t, out=act)
        act += z[step]
        np.tanh(act, out=act)
        act *= scale
        act += offset
        i, f, g, o = _split(act, hidden)
        c_t = c[step]
        np.multiply(f, c_prev, out=c_t)
        c_t += i * g
        if squash_cell:
            c_t[:] = sigmoid(c_t)
        np.tanh(c_t, out=tanh_c[step])
        np.multiply(o, tanh_c[step], out=h[step])
        h_prev, c_prev = h[step], c_t
    cache = LSTMCache(xb, params, h0b, c0b, gates, c, tanh_c, h, squash_cell, batched)
    return _unbatch(h, batched), _unbatch(c, batched), cache


def lstm_backward(cache: LSTMCache, dh: np.ndarray) -> dict[str, np.ndarray]:
    r"""Backpropagation through time for :func:`lstm_forward`.

    Going backwards, with :math:`\delta h_t` the gradient reaching :math:`h_t` (its upstream
    gradient plus what flows back from step t + 1):

    .. math::

        \delta c_t &= \delta c_{t+1} \odot f_{t+1}
            + \delta h_t \odot o_t \odot (1 - \tanh^2 c_t) \\
        \delta i_t = \delta c_t \odot g_t,\quad
        \delta f_t &= \delta c_t \odot c_{t-1},\quad
        \delta g_t = \delta c_t \odot i_t,\quad
        \delta o_t = \delta h_t \odot \tanh c_t

    and each gate's pre-activation gradient is its gradient times σ' = σ(1 − σ) (or
    tanh' = 1 − g² for g), which reuses the forward outputs.

    Parameters
    ----------
    cache : LSTMCache
        From :func:`lstm_forward`.
    dh : ndarray
        ∂L/∂h_t for every step, the shape of the forward pass's ``h``.

    Returns
    -------
    dict
        ∂L/∂ of ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` (the parameters' shapes),
        ``x``, ``h0`` and ``c0`` (the shapes given to, or implied by, the forward pass).

    Examples
    --------
    >>> p = init_lstm(3, 2)
    >>> h, c, cache = lstm_forward(np.ones((5, 3)), p)
    >>> sorted(lstm_backward(cache, np.ones_like(h)))
    ['bias_hh', 'bias_ih', 'c0', 'h0', 'weight_hh', 'weight_ih', 'x']
    """
    if not isinstance(cache, LSTMCache):
        raise TypeError(f"cache must be the LSTMCache of lstm_forward, got {type(cache).__name__}")
    steps, batch, hidden = cache.h.shape
    gates, c, tanh_c = cache.gates, cache.c, cache.tanh_c
    # Everything that does not depend on the backward recurrence, for all steps at once: each
    # gate's local derivative from its forward output, σ' = σ(1 − σ) and tanh' = 1 − g², times
    # the factor the gate meets on its way to the loss: ∂c_t/∂(i_t, f_t, g_t) = (g_t, c_{t-1},
    # i_t) and ∂h_t/∂o_t = tanh c_t.
    i, f, g, o = _split(gates, hidden)
    c_prev = np.concatenate([cache.c0[None], c[:-1]])
    local = (gates * (1.0 - gates)).reshape(steps, batch, 4, hidden)
    local[:, :, 2] = 1.0 - g**2
    to_cell = np.stack([g, c_prev, i], axis=2) * local[:, :, :3]
    to_hidden = tanh_c * local[:, :, 3]
    h_to_c = o * (1.0 - tanh_c**2)
    cell_slope = c * (1.0 - c) if cache.squash_cell else None
    if cell_slope is not None:
        h_to_c *= cell_slope
    da = np.empty((steps, batch, 4, hidden))
    dc_next = np.zeros((batch, hidden))

    def step_back(step: int, dh_t: np.ndarray, d: np.ndarray) -> None:
        nonlocal dc_next
        # dc is the gradient at the cell's update, before σ for the squashed cell.
        dc = dh_t * h_to_c[step]
        dc += dc_next * cell_slope[step] if cell_slope is not None else dc_next
        np.multiply(to_cell[step], dc[:, None, :], out=d[:, :3])
        np.multiply(dh_t, to_hidden[step], out=d[:, 3])
        dc_next = dc * f[step]

    dh0 = _through_time(cache, dh, da, step_back)
    da = da.reshape(steps, batch, 4 * hidden)
    return _parameter_gradients(cache, da, dh0, extra={"c0": dc_next})


def _gate_scale(hidden: int) -> tuple[np.ndarray, np.ndarray]:
    scale = np.full(4 * hidden, 0.5)
    offset = np.full(4 * hidden, 0.5)
    scale[2 * hidden : 3 * hidden] = 1.0
    offset[2 * hidden : 3 * hidden] = 0.0
    return scale, offset


def _split(act: np.ndarray, hidden: int) -> tuple[np.ndarray, ...]:
    return (
        act[..., :hidden],
        act[..., hidden : 2 * hidden],
        act[..., 2 * hidden : 3 * hidden],
        act[..., 3 * hidden :],
    )
