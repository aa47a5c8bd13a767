r"""Recurrent cells in numpy: the LSTM and the vanilla RNN, forward and backward.

Parameters use the names and layout of PyTorch's ``nn.LSTM`` and ``nn.RNN`` (one layer, one
direction), so the state dict of a PyTorch layer, with the ``_l0`` suffix dropped, gives the
same outputs here. For hidden size H and input size I the LSTM has

- ``weight_ih`` (4H, I) and ``weight_hh`` (4H, H): the rows of the gates i, f, g, o, in that
  order;
- ``bias_ih`` (4H) and ``bias_hh`` (4H): two bias vectors, which only ever appear summed.

Step t of the LSTM (σ the logistic function, ⊙ the elementwise product):

.. math::

    i_t &= \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}) \\
    f_t &= \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) \\
    g_t &= \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}) \\
    o_t &= \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) \\
    c_t &= f_t \odot c_{t-1} + i_t \odot g_t \\
    h_t &= o_t \odot \tanh(c_t)

The RNN has ``weight_ih`` (H, I), ``weight_hh`` (H, H), ``bias_ih`` (H), ``bias_hh`` (H) and
:math:`h_t = \phi(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})`.

Sequences are (T, I) arrays, or (T, B, I) for a batch of B sequences, as PyTorch's default
``batch_first=False``. The input projections of all steps do not depend on the recurrence and
are computed in one matrix product before the loop over time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyBboxPatch

from .activations import sigmoid
from .logistic import logloss, logloss_grad
from .plotting import COLORS

GATES = ("i", "f", "g", "o")
"""The LSTM's gates in the order of the rows of PyTorch's weight matrices."""

NONLINEARITIES = ("tanh", "relu", "sigmoid")
"""The vanilla RNN's nonlinearities: PyTorch's two, and σ for the course's comparison."""

PARAMETER_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")

Params = dict[str, np.ndarray]


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


def init_rnn(input_size: int, hidden_size: int, *, seed: int | np.random.Generator = 0) -> Params:
    r"""Vanilla RNN parameters drawn from PyTorch's default :math:`U(-1/\sqrt{H}, 1/\sqrt{H})`.

    Examples
    --------
    >>> sorted(init_rnn(3, 2))
    ['bias_hh', 'bias_ih', 'weight_hh', 'weight_ih']
    """
    return _uniform(rnn_shapes(input_size, hidden_size), hidden_size, seed)


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


@dataclass(frozen=True)
class RNNCache:
    """What :func:`rnn_forward` keeps for :func:`rnn_backward` (batched arrays, (T, B, ·))."""

    x: np.ndarray
    params: Params
    h0: np.ndarray
    h: np.ndarray
    nonlinearity: str
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
    dhb = _upstream(dh, cache.h, cache.batched)
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
    w_hh = cache.params["weight_hh"]
    da = np.empty((steps, batch, 4, hidden))
    dh_next = np.zeros((batch, hidden))
    dc_next = np.zeros((batch, hidden))
    for step in range(steps - 1, -1, -1):
        dh_t = dhb[step] + dh_next
        # dc is the gradient at the cell's update, before σ for the squashed cell.
        dc = dh_t * h_to_c[step]
        dc += dc_next * cell_slope[step] if cell_slope is not None else dc_next
        d = da[step]
        np.multiply(to_cell[step], dc[:, None, :], out=d[:, :3])
        np.multiply(dh_t, to_hidden[step], out=d[:, 3])
        dh_next = d.reshape(batch, 4 * hidden) @ w_hh
        dc_next = dc * f[step]
    da = da.reshape(steps, batch, 4 * hidden)
    return _parameter_gradients(cache, da, dh_next, extra={"c0": dc_next})


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
    dhb = _upstream(dh, cache.h, cache.batched)
    h = cache.h
    if cache.nonlinearity == "tanh":
        slope = 1.0 - h**2
    elif cache.nonlinearity == "sigmoid":
        slope = h * (1.0 - h)
    else:
        slope = (h > 0).astype(float)
    w_hh = cache.params["weight_hh"]
    da = np.empty_like(h)
    dh_next = np.zeros(h.shape[1:])
    for step in range(h.shape[0] - 1, -1, -1):
        da[step] = (dhb[step] + dh_next) * slope[step]
        dh_next = da[step] @ w_hh
    return _parameter_gradients(cache, da, dh_next, extra={})


def clip_grad_norm(
    grads: Mapping[str, np.ndarray], max_norm: float
) -> tuple[dict[str, np.ndarray], float]:
    r"""Scale gradients down so that their joint norm is at most ``max_norm``.

    .. math:: g \leftarrow g \cdot \min\Bigl(1, \frac{m}{\lVert g \rVert + 10^{-6}}\Bigr),
              \qquad \lVert g \rVert = \Bigl(\sum_k \lVert g_k \rVert^2\Bigr)^{1/2}

    with m = ``max_norm``,

    as ``torch.nn.utils.clip_grad_norm_`` does: the direction is kept, only the length is
    capped.

    Returns
    -------
    (dict, float)
        The clipped gradients (new arrays) and the norm before clipping.

    Examples
    --------
    >>> clipped, norm = clip_grad_norm({"w": np.array([3.0, 4.0])}, 1.0)
    >>> float(norm), np.round(clipped["w"], 4).tolist()
    (5.0, [0.6, 0.8])
    """
    if not np.isfinite(max_norm) or max_norm <= 0:
        raise ValueError(f"max_norm must be a positive number, got {max_norm!r}")
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads.values())))
    factor = min(1.0, max_norm / (total + 1e-6))
    return {name: np.asarray(g, dtype=float) * factor for name, g in grads.items()}, total


@dataclass(frozen=True)
class AdamState:
    """Adam's step count and running averages of the gradient and its square, per parameter."""

    step: int
    m: dict[str, np.ndarray]
    v: dict[str, np.ndarray]


def adam_step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: AdamState | None = None,
    *,
    lr: float = 1e-2,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> tuple[dict[str, np.ndarray], AdamState]:
    r"""One step of Adam (Kingma & Ba, 2015), as ``torch.optim.Adam`` computes it.

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
        \theta &\leftarrow \theta - \text{lr}\,
            \frac{m / (1 - \beta_1^k)}{\sqrt{v / (1 - \beta_2^k)} + \varepsilon}

    Parameters
    ----------
    params, grads : dict of ndarray
        Parameters and their gradients; ``grads`` must have every key of ``params``.
    state : AdamState, optional
        From the previous step; ``None`` starts from zero averages.

    Returns
    -------
    (dict, AdamState)
        New parameters and state; the inputs are not modified.

    Examples
    --------
    >>> params, state = adam_step({"w": np.array([1.0])}, {"w": np.array([0.5])}, lr=0.1)
    >>> np.round(params["w"], 6).tolist(), state.step
    ([0.9], 1)
    """
    missing = sorted(set(params) - set(grads))
    if missing:
        raise ValueError(f"grads lacks {missing}; it needs every key of params")
    if state is None:
        zeros = {name: np.zeros(np.shape(value)) for name, value in params.items()}
        state = AdamState(0, zeros, dict(zeros))
    beta1, beta2 = betas
    step = state.step + 1
    m, v, new = {}, {}, {}
    for name, value in params.items():
        g = np.asarray(grads[name], dtype=float)
        m[name] = beta1 * state.m[name] + (1 - beta1) * g
        v[name] = beta2 * state.v[name] + (1 - beta2) * g * g
        m_hat = m[name] / (1 - beta1**step)
        v_hat = v[name] / (1 - beta2**step)
        new[name] = value - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new, AdamState(step, m, v)


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
    product of the step Jacobians applied to u.

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
        ``"x"``: ‖∂L/∂x_t‖ for every step and sequence, (T, B).

    Examples
    --------
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
    return norms


def recall_batch(
    lag: int, batch: int, *, window: int = 4, seed: int | np.random.Generator = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Sequences for the task "recall the marked bit".

    Each sequence has ``lag + window + 1`` steps with two inputs: a random bit ±1 at every
    step, and a marker that is 1 at a single step, chosen at random among the first
    ``window + 1``, and 0 elsewhere. The target is the marked bit (as 0 or 1), to be given at
    the last step: it was seen between ``lag`` and ``lag + window`` steps earlier, followed by
    unrelated bits.

    Returns
    -------
    x : ndarray, (T, B, 2)
    y : ndarray, (B,)
        The marked bits, 0 or 1.

    Examples
    --------
    >>> x, y = recall_batch(5, 3)
    >>> x.shape, y.shape, x[..., 1].sum(axis=0).tolist()
    ((10, 3, 2), (3,), [1.0, 1.0, 1.0])
    """
    for name, value in (("lag", lag), ("batch", batch), ("window", window)):
        if not isinstance(value, int | np.integer) or value < (0 if name == "window" else 1):
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    rng = np.random.default_rng(seed)
    steps = lag + window + 1
    bits = rng.integers(0, 2, size=(steps, batch))
    marked = rng.integers(0, window + 1, size=batch)
    x = np.zeros((steps, batch, 2))
    x[..., 0] = 2.0 * bits - 1.0
    x[marked, np.arange(batch), 1] = 1.0
    return x, bits[marked, np.arange(batch)].astype(float)


@dataclass(frozen=True)
class RecallRun:
    """The result of :func:`train_recall`."""

    cell: str
    lag: int
    params: Params
    """The recurrent layer's parameters (PyTorch's names), after training."""
    readout: Params
    """``weight`` (H,) and ``bias`` (1,) of the logistic readout σ(w·h_T + b)."""
    losses: np.ndarray
    """The logloss of every training batch."""
    accuracy: float
    """Share of 2000 fresh test sequences whose bit is recalled."""


def train_recall(
    cell: Literal["lstm", "rnn"],
    lag: int,
    *,
    hidden: int = 16,
    steps: int = 200,
    batch: int = 32,
    lr: float = 0.03,
    forget_bias: float = 1.0,
    max_norm: float = 1.0,
    seed: int = 0,
) -> RecallRun:
    r"""Train a recurrent layer and a logistic readout to recall the marked bit.

    The prediction is :math:`q = \sigma(w^\top h_T + b)`, the loss the logloss, whose gradient
    with respect to the readout's input is :math:`(q - y)\,w`; it enters
    :func:`lstm_backward` or :func:`rnn_backward` at the last step. Gradients are clipped to
    norm ``max_norm`` (:func:`clip_grad_norm`) and applied with :func:`adam_step`. Every batch is
    new (:func:`recall_batch`), so the training loss also measures generalisation.

    Parameters
    ----------
    cell : {"lstm", "rnn"}
        An LSTM with forget-gate bias ``forget_bias``, or a tanh RNN, both with PyTorch's
        initialisation otherwise.
    lag : int
        Distance in steps from the marked bit to the end (at least; see :func:`recall_batch`).

    Returns
    -------
    RecallRun

    Examples
    --------
    >>> run = train_recall("lstm", 2, steps=5)
    >>> run.losses.shape
    (5,)
    """
    if cell not in ("lstm", "rnn"):
        raise ValueError(f"cell must be 'lstm' or 'rnn', got {cell!r}")
    rng = np.random.default_rng(seed)
    if cell == "lstm":
        params = init_lstm(2, hidden, seed=rng, forget_bias=forget_bias)
    else:
        params = init_rnn(2, hidden, seed=rng)
    bound = 1.0 / np.sqrt(hidden)
    readout = {"weight": rng.uniform(-bound, bound, size=hidden), "bias": np.zeros(1)}
    names = tuple(params)
    state = None
    losses = np.empty(steps)
    for k in range(steps):
        x, y = recall_batch(lag, batch, seed=rng)
        z, h, cache = _recall_logits(cell, x, params, readout)
        losses[k] = np.mean(logloss(y, z))
        dz = logloss_grad(y, z) / batch
        dh = np.zeros_like(h)
        dh[-1] = np.outer(dz, readout["weight"])
        grads = lstm_backward(cache, dh) if cell == "lstm" else rnn_backward(cache, dh)
        grads = {name: grads[name] for name in names}
        grads["weight"] = h[-1].T @ dz
        grads["bias"] = np.array([dz.sum()])
        grads, _ = clip_grad_norm(grads, max_norm)
        merged, state = adam_step({**params, **readout}, grads, state, lr=lr)
        params = {name: merged[name] for name in names}
        readout = {"weight": merged["weight"], "bias": merged["bias"]}
    x, y = recall_batch(lag, 2000, seed=np.random.default_rng(seed + 10_000))
    z, _, _ = _recall_logits(cell, x, params, readout)
    accuracy = float(np.mean((z > 0) == (y == 1)))
    return RecallRun(cell, lag, params, readout, losses, accuracy)


def _recall_logits(
    cell: str, x: np.ndarray, params: Params, readout: Params
) -> tuple[np.ndarray, np.ndarray, LSTMCache | RNNCache]:
    if cell == "lstm":
        h, _, cache = lstm_forward(x, params)
    else:
        h, cache = rnn_forward(x, params)
    return h[-1] @ readout["weight"] + readout["bias"][0], h, cache


def draw_lstm_cell(ax: Axes) -> Axes:
    r"""Draw one step of the LSTM: its gates, the cell line and the hidden state.

    The drawing follows :func:`lstm_forward`: the four gates read :math:`x_t` and
    :math:`h_{t-1}`; the cell line carries :math:`c_{t-1}` to :math:`c_t` through one product
    with :math:`f_t` and one sum with :math:`i_t \odot g_t`; :math:`h_t = o_t \odot \tanh c_t`.
    σ boxes are blue, tanh boxes green (the course's colours).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> draw_lstm_cell(ax) is ax
    True
    >>> plt.close(fig)
    """
    blue, green, grey = COLORS["sigmoid"], COLORS["tanh"], COLORS["step"]
    arrow = {"arrowstyle": "-|>", "color": grey, "lw": 1.4, "shrinkA": 0, "shrinkB": 0}

    def line(points, head=True):
        for start, end in zip(points[:-1], points[1:], strict=False):
            last = end == points[-1]
            style = arrow if head and last else {**arrow, "arrowstyle": "-"}
            ax.annotate("", xy=end, xytext=start, arrowprops=style)

    def box(x, y, text, color, label):
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.42, y - 0.32), 0.84, 0.64, boxstyle="round,pad=0.02", fc=color, ec="none"
            )
        )
        ax.text(x, y, text, color="white", ha="center", va="center", fontsize=13)
        ax.text(x + 0.5, y + 0.62, label, ha="left", va="center", fontsize=13)

    def node(x, y, text):
        ax.add_patch(Circle((x, y), 0.27, fc="white", ec=grey, lw=1.4, zorder=3))
        ax.text(x, y, text, ha="center", va="center", fontsize=14, zorder=4)

    ax.add_patch(
        FancyBboxPatch((0.9, 0.55), 8.0, 5.0, boxstyle="round,pad=0.1", fc="#f4f6f9", ec="#c8d0da")
    )
    # The cell line, with its one product and one sum.
    line([(0.0, 5.0), (2.73, 5.0)], head=False)
    line([(3.27, 5.0), (4.73, 5.0)], head=False)
    line([(5.27, 5.0), (9.8, 5.0)])
    node(3.0, 5.0, "×")
    node(5.0, 5.0, "+")
    ax.text(0.0, 5.25, r"$c_{t-1}$", fontsize=14, va="bottom")
    ax.text(9.8, 5.25, r"$c_t$", fontsize=14, va="bottom", ha="right")
    # Inputs: h_{t-1} and x_t on one bus under the gates.
    line([(0.0, 1.0), (7.0, 1.0)], head=False)
    line([(1.6, 0.0), (1.6, 1.0)], head=False)
    ax.text(0.0, 1.2, r"$h_{t-1}$", fontsize=14, va="bottom")
    ax.text(1.75, 0.05, r"$x_t$", fontsize=14, va="bottom")
    gates = [
        (3.0, "σ", blue, "$f_t$"),
        (4.3, "σ", blue, "$i_t$"),
        (5.6, "tanh", green, "$g_t$"),
        (7.0, "σ", blue, "$o_t$"),
    ]
    for x, text, color, label in gates:
        line([(x, 1.0), (x, 2.28)])
        box(x, 2.6, text, color, label)
    line([(3.0, 2.92), (3.0, 4.73)])
    node(5.0, 3.9, "×")
    line([(4.3, 2.92), (4.3, 3.9), (4.73, 3.9)])
    line([(5.6, 2.92), (5.6, 3.9), (5.27, 3.9)])
    line([(5.0, 4.17), (5.0, 4.73)])
    # The output: h_t = o_t ⊙ tanh(c_t).
    line([(8.2, 5.0), (8.2, 4.22)])
    box(8.2, 3.9, "tanh", green, "")
    node(8.2, 2.6, "×")
    line([(8.2, 3.58), (8.2, 2.87)])
    line([(7.42, 2.6), (7.93, 2.6)])
    line([(8.2, 2.33), (8.2, 1.0), (9.8, 1.0)])
    ax.text(9.8, 1.2, r"$h_t$", fontsize=14, va="bottom", ha="right")
    ax.set(xlim=(-0.1, 10.0), ylim=(-0.1, 6.0), aspect="equal")
    ax.axis("off")
    return ax


def _parameter_gradients(
    cache: LSTMCache | RNNCache, da: np.ndarray, dh0: np.ndarray, extra: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    xb, h = cache.x, cache.h
    rows = da.shape[-1]
    flat = da.reshape(-1, rows)
    # h_{t-1} for every step: h0, then h_0 ... h_{T-2}.
    h_prev = np.concatenate([cache.h0[None], h[:-1]]).reshape(-1, h.shape[-1])
    bias = flat.sum(axis=0)
    grads = {
        "weight_ih": flat.T @ xb.reshape(-1, xb.shape[-1]),
        "weight_hh": flat.T @ h_prev,
        "bias_ih": bias,
        "bias_hh": bias.copy(),
        "x": _unbatch((flat @ cache.params["weight_ih"]).reshape(xb.shape), cache.batched),
        "h0": dh0 if cache.batched else dh0[0],
    }
    for name, value in extra.items():
        grads[name] = value if cache.batched else value[0]
    return grads


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


def _project(xb: np.ndarray, params: Params) -> np.ndarray:
    steps, batch, inputs = xb.shape
    z = xb.reshape(-1, inputs) @ params["weight_ih"].T + (params["bias_ih"] + params["bias_hh"])
    return z.reshape(steps, batch, -1)


def _check_sizes(input_size: int, hidden_size: int) -> None:
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")


def _uniform(shapes: dict[str, tuple[int, ...]], hidden: int, seed) -> Params:
    rng = np.random.default_rng(seed)
    bound = 1.0 / np.sqrt(hidden)
    return {name: rng.uniform(-bound, bound, size=shape) for name, shape in shapes.items()}


def _sequence(x: np.ndarray) -> tuple[np.ndarray, bool]:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 2:
        return arr[:, None, :], False
    if arr.ndim == 3:
        return arr, True
    raise ValueError(f"x must have shape (T, I) or (T, B, I), got shape {arr.shape}")


def _hidden_size(params: Mapping[str, np.ndarray], gates: int) -> int:
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a dict with keys {PARAMETER_NAMES}")
    if "weight_hh" not in params:
        raise ValueError(f"missing parameter 'weight_hh' (expected shape ({gates}H, H))")
    shape = np.shape(params["weight_hh"])
    if len(shape) != 2 or shape[1] < 1 or shape[0] != gates * shape[1]:
        rows = "H" if gates == 1 else f"{gates}H"
        raise ValueError(f"parameter 'weight_hh' must have shape ({rows}, H), got {shape}")
    return shape[1]


def _checked_params(
    params: Mapping[str, np.ndarray], shapes: dict[str, tuple[int, ...]], kind: str
) -> Params:
    checked = {}
    for name, shape in shapes.items():
        if name not in params:
            raise ValueError(f"{kind}: missing parameter {name!r} (expected shape {shape})")
        value = np.asarray(params[name], dtype=float)
        if value.shape != shape:
            raise ValueError(
                f"{kind}: parameter {name!r} must have shape {shape}, got {value.shape}"
            )
        checked[name] = value
    unknown = sorted(set(params) - set(shapes))
    if unknown:
        raise ValueError(f"{kind}: unknown parameters {unknown}; expected {sorted(shapes)}")
    return checked


def _initial_state(
    state: np.ndarray | None, name: str, batch: int, hidden: int, batched: bool
) -> np.ndarray:
    if state is None:
        return np.zeros((batch, hidden))
    arr = np.asarray(state, dtype=float)
    expected = (batch, hidden) if batched else (hidden,)
    if arr.shape != expected:
        raise ValueError(f"{name} must have shape {expected}, got {arr.shape}")
    return arr.reshape(batch, hidden)


def _upstream(dh: np.ndarray, h: np.ndarray, batched: bool) -> np.ndarray:
    arr = np.asarray(dh, dtype=float)
    expected = h.shape if batched else (h.shape[0], h.shape[2])
    if arr.shape != expected:
        raise ValueError(f"dh must have the shape of h, {expected}, got {arr.shape}")
    return arr.reshape(h.shape)


def _unbatch(arr: np.ndarray, batched: bool) -> np.ndarray:
    return arr if batched else arr[:, 0, :]
