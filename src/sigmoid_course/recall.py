r"""The task "recall the marked bit" and the training loop of a recurrent layer that learns it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .losses import logloss, logloss_grad
from .lstm import LSTMCache, init_lstm, lstm_backward, lstm_forward
from .optim import adam_step, clip_grad_norm
from .recurrent import Params
from .rnn import RNNCache, init_rnn, rnn_backward, rnn_forward


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
    grad_norms: np.ndarray
    """The norm of every step's whole gradient, before clipping."""


def train_recall(
    cell: Literal["lstm", "rnn"],
    lag: int,
    *,
    hidden: int = 16,
    steps: int = 200,
    batch: int = 32,
    lr: float = 0.03,
    forget_bias: float | None = 1.0,
    max_norm: float | None = 1.0,
    seed: int = 0,
) -> RecallRun:
    r"""Train a recurrent layer and a logistic readout to recall the marked bit.

    The prediction is :math:`q = \sigma(w^\top h_T + b)`, the loss the logloss, whose gradient
    with respect to the readout's input is :math:`(q - y)\,w`; it enters
    :func:`lstm_backward` or :func:`rnn_backward` at the last step. Gradients are clipped to
    norm ``max_norm`` (:func:`clip_grad_norm`; ``None`` does not clip) and applied with
    :func:`adam_step`. Every batch is
    new (:func:`recall_batch`), so the training loss also measures generalisation.

    Parameters
    ----------
    cell : {"lstm", "rnn"}
        An LSTM with forget-gate bias ``forget_bias``, or a tanh RNN, both with PyTorch's
        initialisation otherwise. ``forget_bias=None`` keeps PyTorch's random forget-gate
        bias too (:func:`init_lstm`).
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
    losses, grad_norms = np.empty(steps), np.empty(steps)
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
        if max_norm is None:
            grad_norms[k] = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
        else:
            grads, grad_norms[k] = clip_grad_norm(grads, max_norm)
        merged, state = adam_step({**params, **readout}, grads, state, lr=lr)
        params = {name: merged[name] for name in names}
        readout = {"weight": merged["weight"], "bias": merged["bias"]}
    x, y = recall_batch(lag, 2000, seed=np.random.default_rng(seed + 10_000))
    z, _, _ = _recall_logits(cell, x, params, readout)
    accuracy = float(np.mean((z > 0) == (y == 1)))
    return RecallRun(cell, lag, params, readout, losses, accuracy, grad_norms)


def _recall_logits(
    cell: str, x: np.ndarray, params: Params, readout: Params
) -> tuple[np.ndarray, np.ndarray, LSTMCache | RNNCache]:
    if cell == "lstm":
        h, _, cache = lstm_forward(x, params)
    else:
        h, cache = rnn_forward(x, params)
    return h[-1] @ readout["weight"] + readout["bias"][0], h, cache
