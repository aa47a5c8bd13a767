r"""What the LSTM and the RNN share: PyTorch's layout, sequences, backpropagation through time.

Parameters use the names and layout of PyTorch's ``nn.LSTM`` and ``nn.RNN`` (one layer, one
direction), so the state dict of a PyTorch layer, with the ``_l0`` suffix dropped, gives the
same outputs here. For hidden size H and input size I the LSTM has

- ``weight_ih`` (4H, I) and ``weight_hh`` (4H, H): the rows of the gates i, f, g, o, in that
  order;
- ``bias_ih`` (4H) and ``bias_hh`` (4H): two bias vectors, which only ever appear summed.

The RNN has ``weight_ih`` (H, I), ``weight_hh`` (H, H), ``bias_ih`` (H), ``bias_hh`` (H) and
:math:`h_t = \phi(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})`.

Sequences are (T, I) arrays, or (T, B, I) for a batch of B sequences, as PyTorch's default
``batch_first=False``. The input projections of all steps do not depend on the recurrence and
are computed in one matrix product before the loop over time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np

PARAMETER_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")

Params = dict[str, np.ndarray]


class Cache(Protocol):
    """What both cells' forward passes keep for the backward pass (batched arrays, (T, B, ·))."""

    x: np.ndarray
    params: Params
    h0: np.ndarray
    h: np.ndarray
    batched: bool


def _through_time(
    cache: Cache,
    dh: np.ndarray,
    da: np.ndarray,
    step_back: Callable[[int, np.ndarray, np.ndarray], None],
) -> np.ndarray:
    r"""Backpropagation through time's loop, the part both cells share.

    From the last step to the first, the gradient reaching :math:`h_t` is its upstream part
    plus what step t + 1 sends back through the recurrent weights,

    .. math:: \delta h_t = \delta h_t^{\text{up}} + W_{hh}^\top \delta a_{t+1},

    and ``step_back(t, δh_t, da[t])`` writes the cell's own part, the gradient
    :math:`\delta a_t` at step t's pre-activations (all gates' rows), into ``da[t]``.

    Returns
    -------
    ndarray, (B, H)
        The gradient reaching :math:`h_0`, the initial state.
    """
    dhb = _upstream(dh, cache.h, cache.batched)
    steps, batch, hidden = cache.h.shape
    w_hh = cache.params["weight_hh"]
    dh_next = np.zeros((batch, hidden))
    for step in range(steps - 1, -1, -1):
        d = da[step]
        step_back(step, dhb[step] + dh_next, d)
        dh_next = d.reshape(batch, -1) @ w_hh
    return dh_next


def _parameter_gradients(
    cache: Cache, da: np.ndarray, dh0: np.ndarray, extra: dict[str, np.ndarray]
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
