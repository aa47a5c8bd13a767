r"""Deep multilayer perceptrons in numpy: the forward pass and a backward pass written by hand.

Sigmoid, tanh or ReLU hidden layers, three initialisations, optional residual connections and
batch normalisation, in PyTorch's ``nn.Linear`` layout, in float64 or float32.
"""

from __future__ import annotations

from itertools import groupby
from math import prod

import numpy as np
from scipy.special import expit

ACTIVATIONS = ("sigmoid", "tanh", "relu")
"""Hidden-layer activations an :class:`MLP` knows."""


INITS = ("small", "xavier", "he")
"""Initialisation schemes: standard deviation 0.01, variance 2/(n_in + n_out), variance 2/n_in."""


def _activate(name: str, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """f(z), written into ``out`` when given (``out=z`` saves a fresh array per layer)."""
    if name == "sigmoid":
        # expit is 1/(1 + e^{−z}), whose overflow to e^{−z} = inf gives the right limit 0, and
        # it keeps float32 in float32. Its exp is most of a sigmoid layer's cost beyond the
        # products: numpy and scipy evaluate float64 exp one element at a time without AVX-512.
        return expit(z, out=out)
    if name == "tanh":
        return np.tanh(z, out=out)
    return np.maximum(z, 0, out=out)


def _backward_through(name: str, h: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    r"""∂L/∂z = ∂L/∂a ⊙ f'(z), with f'(z) read off the layer's output h = f(z): σ' = h(1 − h),
    tanh' = 1 − h², relu' = [h > 0]; no layer needs to keep z.

    The result overwrites ``h``, which the backward pass no longer needs: that saves a fresh
    array per layer.
    """
    if name == "relu":
        # The mask written as floats straight into h: multiplying by a boolean array would
        # make numpy cast it to floats in a buffered loop first.
        np.greater(h, 0, out=h)
    elif name == "tanh":
        np.multiply(h, h, out=h)
        np.subtract(1, h, out=h)
    else:
        np.multiply(h, 1 - h, out=h)
    h *= grad_a
    return h


def _blocks(shapes: list[tuple[int, ...]], dtype: np.dtype) -> list[np.ndarray]:
    r"""Arrays of the given shapes, as views of one fresh allocation.

    A pass needs ~20 MB of new arrays (every layer's output and weight gradient). Allocated as a
    hundred separate arrays, each is typically a fresh mapping that the kernel must fault in and
    zero on every pass; one large block freed by a pass is kept by the allocator (glibc malloc)
    and handed to the next, which measured ~25 times cheaper than the hundred arrays.
    """
    flat = np.empty(sum(prod(shape) for shape in shapes), dtype=dtype)
    views, start = [], 0
    # Consecutive equal shapes (a deep net's hidden layers) are cut by one reshape, whose first
    # axis yields the views: 100 views took 25 µs instead of 63 µs sliced and reshaped one by one.
    for shape, run in groupby(shapes):
        count = len(list(run))
        stop = start + count * prod(shape)
        views.extend(flat[start:stop].reshape(count, *shape))
        start = stop
    return views


def _weight_std(init: str, fan_in: int, fan_out: int) -> float:
    if init == "small":
        return 0.01
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    return float(np.sqrt(2.0 / fan_in))


def _batch_norm(z: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    mean = z.mean(axis=0)
    inv_std = 1 / np.sqrt(z.var(axis=0) + eps)
    return (z - mean) * inv_std, inv_std


def _batch_norm_backward(grad: np.ndarray, normed: np.ndarray, inv_std: np.ndarray) -> np.ndarray:
    # d/dz of (z − mean)/std over the batch: the mean and the variance depend on z too.
    return inv_std * (grad - grad.mean(axis=0) - normed * (grad * normed).mean(axis=0))


class MLP:
    r"""A fully connected network with one output logit, and its own backward pass.

    Layer k (k = 1, …, L) computes, in PyTorch's ``nn.Linear`` layout,

    .. math:: \mathbf{z}_k = \mathbf{a}_{k-1} W_k^\top + \mathbf{b}_k, \qquad
              \mathbf{a}_k = f(\mathbf{z}_k) \quad (k < L),

    with ``weights[k]`` of shape (fan_out, fan_in). The last layer has one unit and no
    activation: its output is the logit of P(y = 1 | x). With ``residual=True`` a hidden layer
    whose input and output widths agree computes :math:`\mathbf{a}_k = \mathbf{a}_{k-1} +
    f(\mathbf{z}_k)`. With ``batch_norm=True`` every hidden layer standardises
    :math:`\mathbf{z}_k` over the batch (no learned scale or shift) before ``f``.
    Every array stays in the net's dtype, so a float32 net rounds and underflows as float32 does.

    Parameters
    ----------
    layer_sizes : sequence of int
        Input width, hidden widths, and 1 for the output: e.g. ``[2, 16, 16, 1]`` is three
        weight matrices.
    activation : {"sigmoid", "tanh", "relu"}
        The hidden layers' activation f.
    init : {"small", "xavier", "he"}
        Weights are Gaussian with standard deviation 0.01 (``small``), variance
        2/(n_in + n_out) (``xavier``, Glorot & Bengio 2010) or 2/n_in (``he``, He et al. 2015);
        biases are 0.
    seed : int
        Seed of the weights; nets of different dtypes with one seed share their weights
        (rounded).
    dtype : numpy float type
        float64 or float32.
    residual : bool
        Add skip connections around hidden layers of equal width.
    batch_norm : bool
        Standardise each hidden layer's pre-activations over the batch.

    Examples
    --------
    >>> net = MLP([2, 8, 8, 1], activation="tanh", init="xavier")
    >>> X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    >>> loss, grads = net.loss_and_grads(X, y)
    >>> round(float(loss), 4)  # the logit is 0 for every input: loss ln 2
    0.6931
    """

    def __init__(
        self,
        layer_sizes: list[int] | tuple[int, ...],
        activation: str = "sigmoid",
        init: str = "small",
        seed: int = 0,
        dtype: type = np.float64,
        residual: bool = False,
        batch_norm: bool = False,
    ) -> None:
        sizes = list(layer_sizes)
        if len(sizes) < 2 or not all(isinstance(m, int | np.integer) and m > 0 for m in sizes):
            raise ValueError(f"layer_sizes must be at least two positive integers, got {sizes}")
        if sizes[-1] != 1:
            raise ValueError(f"the last layer must have 1 unit (one logit), got {sizes[-1]}")
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            std = _weight_std(init, fan_in, fan_out)
            weights.append((rng.standard_normal((fan_out, fan_in)) * std).astype(dtype))
            biases.append(np.zeros(fan_out, dtype=dtype))
        self._set(weights, biases, activation, residual, batch_norm)

    @classmethod
    def from_params(
        cls,
        weights: list[np.ndarray],
        biases: list[np.ndarray],
        activation: str,
        residual: bool = False,
        batch_norm: bool = False,
    ) -> MLP:
        r"""A net with the given parameters, in ``nn.Linear`` layout: W_k (fan_out, fan_in).

        The arrays are copied; their common float dtype becomes the net's dtype.
        """
        net = cls.__new__(cls)
        net._set(
            [np.array(w) for w in weights],
            [np.array(b) for b in biases],
            activation,
            residual,
            batch_norm,
        )
        return net

    def _set(self, weights, biases, activation, residual, batch_norm) -> None:
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        if len(weights) != len(biases) or not weights:
            raise ValueError(
                f"expected as many bias vectors as weight matrices (≥ 1), got {len(weights)} "
                f"weights and {len(biases)} biases"
            )
        dtype = weights[0].dtype
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"weights must be float32 or float64 arrays, got {dtype}")
        for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
            if w.ndim != 2 or b.shape != (w.shape[0],):
                raise ValueError(
                    f"layer {k + 1}: expected W (fan_out, fan_in) and b (fan_out,), got "
                    f"{w.shape} and {b.shape}"
                )
            if k and w.shape[1] != weights[k - 1].shape[0]:
                raise ValueError(
                    f"layer {k + 1}: expected fan_in {weights[k - 1].shape[0]} (the previous "
                    f"layer's width), got W of shape {w.shape}"
                )
            if w.dtype != dtype or b.dtype != dtype:
                raise ValueError(f"layer {k + 1}: expected every array in {dtype}")
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise ValueError(f"layer {k + 1}: expected finite parameters, found NaN or inf")
        if weights[-1].shape[0] != 1:
            raise ValueError(f"the last layer must have 1 unit, got {weights[-1].shape[0]}")
        self.weights, self.biases = weights, biases
        self.activation = activation
        self.residual, self.batch_norm = bool(residual), bool(batch_norm)
        self.dtype = np.dtype(dtype)

    @property
    def layer_sizes(self) -> list[int]:
        r"""Input width, then each layer's width."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def copy(self) -> MLP:
        r"""An independent net with equal parameters."""
        return MLP.from_params(
            self.weights, self.biases, self.activation, self.residual, self.batch_norm
        )

    def _inputs(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.weights[0].shape[1]:
            raise ValueError(f"expected X of shape (n, {self.weights[0].shape[1]}), got {X.shape}")
        if not np.issubdtype(X.dtype, np.number) or not np.isfinite(X).all():
            raise ValueError("expected finite numbers in X, found NaN, inf or non-numbers")
        return X.astype(self.dtype, copy=False)

    def _skips(self, k: int) -> bool:
        w = self.weights[k]
        return self.residual and w.shape[0] == w.shape[1]

    def _forward(self, X: np.ndarray) -> tuple[np.ndarray, list]:
        a, tape = X, []
        outputs = _blocks([(len(X), w.shape[0]) for w in self.weights[:-1]], self.dtype)
        for k, z in enumerate(outputs):
            np.matmul(a, self.weights[k].T, out=z)
            z += self.biases[k]
            normed = inv_std = None
            if self.batch_norm:
                z, inv_std = _batch_norm(z, self.dtype.type(1e-5))
                normed = z
            # Only the output h is needed later (f' is read off it), so it may overwrite z,
            # unless batch normalisation keeps the normalised z for its backward pass.
            h = _activate(self.activation, z, out=None if self.batch_norm else z)
            tape.append((a, h, normed, inv_std))
            a = a + h if self._skips(k) else h
        logit = a @ self.weights[-1].T
        logit += self.biases[-1]
        tape.append((a, None, None, None))
        return logit[:, 0], tape

    def forward(self, X: np.ndarray) -> np.ndarray:
        r"""The logits, shape (n,), for inputs X of shape (n, n_0)."""
        return self._forward(self._inputs(X))[0]

    def hidden_activations(self, X: np.ndarray) -> list[np.ndarray]:
        r"""Each hidden layer's output :math:`\mathbf{a}_k`, shape (n, width), first layer first."""
        tape = self._forward(self._inputs(X))[1]
        return [entry[0] for entry in tape[1:]]

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray) -> tuple[np.floating, dict]:
        r"""Mean logloss and its gradient by backpropagation.

        .. math:: \mathcal{L} = \frac1n\sum_i \bigl[\operatorname{softplus}(z_{L,i})
                  - y_i z_{L,i}\bigr], \qquad
                  \frac{\partial\mathcal{L}}{\partial\mathbf{z}_{k}}
                  = \Bigl(\frac{\partial\mathcal{L}}{\partial\mathbf{z}_{k+1}} W_{k+1}\Bigr)
                  \odot f'(\mathbf{z}_k)

        (plus the skip term :math:`\partial\mathcal{L}/\partial\mathbf{a}_k` itself for a
        residual layer, and the batch-normalisation Jacobian when it is on).

        Parameters
        ----------
        X : ndarray, shape (n, n_0)
        y : ndarray, shape (n,)
            Labels in {0, 1}.

        Returns
        -------
        loss : numpy floating scalar, in the net's dtype
        grads : dict
            ``"weights"`` and ``"biases"``: lists shaped like the parameters;
            ``"z"``: ∂L/∂z_k for every layer, shape (n, width), first layer first.
        """
        X, y = self._inputs(X), self._labels(y, len(X))
        return self._backprop(X, y)

    def _labels(self, y: np.ndarray, n: int) -> np.ndarray:
        y = np.asarray(y)
        if y.shape != (n,):
            raise ValueError(f"expected y of shape ({n},), got {y.shape}")
        if not ((y == 0) | (y == 1)).all():
            raise ValueError("expected labels y in {0, 1}")
        return y.astype(self.dtype)

    def _backprop(self, X: np.ndarray, y: np.ndarray) -> tuple[np.floating, dict]:
        logit, tape = self._forward(X)
        n = self.dtype.type(X.shape[0])
        loss = np.mean(np.logaddexp(self.dtype.type(0), logit) - y * logit)
        grad_z = ((expit(logit) - y) / n)[:, None]
        W, L, name = self.weights, len(self.weights), self.activation
        gw, gb, gz = _blocks([w.shape for w in W], self.dtype), [None] * L, [None] * L
        grad_out = None  # ∂L/∂a_k, the gradient arriving at layer k's output
        # ∂L/∂a goes into two reused buffers per shape, taken in turn: a residual layer still
        # reads the one above's while it writes its own.
        work = {}
        for k in range(L - 1, -1, -1):
            a_in, h, normed, inv_std = tape[k]
            if k < L - 1:
                grad_z = _backward_through(name, h, grad_out)
                if normed is not None:
                    grad_z = _batch_norm_backward(grad_z, normed, inv_std)
            np.matmul(grad_z.T, a_in, out=gw[k])
            gz[k], gb[k] = grad_z, np.add.reduce(grad_z, axis=0)
            if k:
                key = (a_in.shape, k % 2)
                if key not in work:  # not setdefault, which would allocate on every layer
                    work[key] = np.empty(a_in.shape, self.dtype)
                grad_in = work[key]
                np.matmul(grad_z, W[k], out=grad_in)
                if k < L - 1 and self._skips(k):
                    # The skip path carries ∂L/∂a_k back unchanged: the I in I + diag(f')W.
                    grad_in += grad_out
                grad_out = grad_in
        return loss, {"weights": gw, "biases": gb, "z": gz}
