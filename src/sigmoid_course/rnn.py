r"""The vanilla (Elman) RNN in numpy, forward and backward through time, in PyTorch's layout.

.. math:: h_t = \phi(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}),
          \qquad \phi \in \{\tanh, \mathrm{ReLU}, \sigma\}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

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

NONLINEARITIES = ("tanh", "relu", "sigmoid")
"""The vanilla RNN's nonlinearities: PyTorch's two, and σ for the course's comparison."""


def rnn_shapes(input_size: int, hidden_size: int) -> dict[str, tuple[int, ...]]:
    r"""Shapes of the vanilla RNN's parameters in PyTorch's layout.

    Examples
    --------
    >>> rnn_shapes(3, 2)["weight_hh"]
    (2, 2)
    """
    _check_sizes(input_size, hidden_size)
    return {
        "weight_ih": (hidden_size, input_size),
        "weight_hh": (hidden_size, hidden_size),
        "bias_ih": (hidden_size,),
        "bias_hh": (hidden_size,),
    }


def init_rnn(input_size: int, hidden_size: int, *, seed: int | np.random.Generator = 0) -> Params:
    r"""Vanilla RNN parameters drawn from PyTorch's default :math:`U(-1/\sqrt{H}, 1/\sqrt{H})`.

    Examples
    --------
    >>> sorted(init_rnn(3, 2))
    ['bias_hh', 'bias_ih', 'weight_hh', 'weight_ih']
    """
    return _uniform(rnn_shapes(input_size, hidden_size), hidden_size, seed)


@dataclass(frozen=True)
class RNNCache:
    """What :func:`rnn_forward` keeps for :func:`rnn_backward` (batched arrays, (T, B, ·))."""

    x: np.ndarray
    params: Params
    h0: np.ndarray
    h: np.ndarray
    nonlinearity: str
    batched: bool


def rnn_forward(
    x: np.ndarray,
    params: Mapping[str, np.ndarray],
    h0: np.ndarray | None = None,
    nonlinearity: Literal["tanh", "relu", "sigmoid"] = "tanh",
) -> tuple[np.ndarray, RNNCache]:
    r"""Run a vanilla (Elman) RNN over a sequence.

    .. math:: h_t = \phi(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}),
              \qquad \phi \in \{\tanh, \mathrm{ReLU}, \sigma\}

    Parameters
    ----------
    x : ndarray
        Inputs, (T, I) or (T, B, I).
    params : dict
        ``weight_ih`` (H, I), ``weight_hh`` (H, H), ``bias_ih`` (H), ``bias_hh`` (H).
    h0 : ndarray, optional
        Initial state, (H,) or (B, H); zeros if not given.
    nonlinearity : {"tanh", "relu", "sigmoid"}
        φ; PyTorch's ``nn.RNN`` offers the first two.

    Returns
    -------
    h : ndarray
        States of every step, (T, H) or (T, B, H).
    cache : RNNCache
        Input of :func:`rnn_backward`.

    Raises
    ------
    ValueError
        For a missing or misshapen parameter, a wrong input shape or an unknown nonlinearity.

    Examples
    --------
    >>> h, cache = rnn_forward(np.ones((4, 3)), init_rnn(3, 2), nonlinearity="relu")
    >>> h.shape
    (4, 2)
    """
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {NONLINEARITIES}, got {nonlinearity!r}")
    xb, batched = _sequence(x)
    hidden = _hidden_size(params, 1)
    params = _checked_params(params, rnn_shapes(xb.shape[2], hidden), "RNN")
    steps, batch = xb.shape[:2]
    h_prev = _initial_state(h0, "h0", batch, hidden, batched)
    h0b = h_prev
    phi = {"tanh": np.tanh, "relu": lambda a: np.maximum(a, 0.0), "sigmoid": sigmoid}[nonlinearity]
    w_hh_t = params["weight_hh"].T
    z = _project(xb, params)
    h = np.empty((steps, batch, hidden))
    for step in range(steps):
        h[step] = phi(z[step] + h_prev @ w_hh_t)
        h_prev = h[step]
    return _unbatch(h, batched), RNNCache(xb, params, h0b, h, nonlinearity, batched)


def rnn_backward(cache: RNNCache, dh: np.ndarray) -> dict[str, np.ndarray]:
    r"""Backpropagation through time for :func:`rnn_forward`.

    .. math:: \delta a_t = (\delta h_t^{\text{up}} + W_{hh}^\top \delta a_{t+1})
              \odot \phi'(a_t)

    with φ' computed from the outputs: 1 − h² (tanh), h(1 − h) (σ), [h > 0] (ReLU).

    Parameters
    ----------
    cache : RNNCache
        From :func:`rnn_forward`.
    dh : ndarray
        ∂L/∂h_t for every step, the shape of the forward pass's ``h``.

    Returns
    -------
    dict
        ∂L/∂ of every parameter, of ``x`` and of ``h0``.

    Examples
    --------
    >>> h, cache = rnn_forward(np.ones((4, 3)), init_rnn(3, 2))
    >>> rnn_backward(cache, np.ones_like(h))["weight_hh"].shape
    (2, 2)
    """
    if not isinstance(cache, RNNCache):
        raise TypeError(f"cache must be the RNNCache of rnn_forward, got {type(cache).__name__}")
    h = cache.h
    if cache.nonlinearity == "tanh":
        slope = 1.0 - h**2
    elif cache.nonlinearity == "sigmoid":
        slope = h * (1.0 - h)
    else:
        slope = (h > 0).astype(float)
    da = np.empty_like(h)

    def step_back(step: int, dh_t: np.ndarray, d: np.ndarray) -> None:
        np.multiply(dh_t, slope[step], out=d)

    dh0 = _through_time(cache, dh, da, step_back)
    return _parameter_gradients(cache, da, dh0, extra={})
