r"""Updating a network's parameters: Adam's step and gradient-norm clipping, as PyTorch does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


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
