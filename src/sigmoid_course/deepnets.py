"""Layers, backpropagation and gradient checks, small enough to read in one sitting.

Shapes follow the course notation: a batch of ``n`` examples is a matrix with one row per
example; a dense layer maps ``a`` of shape (n, m_in) to ``z = a @ W.T + b`` of shape (n, m_out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from math import prod

import numpy as np
from scipy.special import expit

from .activations import sigmoid, sigmoid_grad


def sigmoid_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    r"""Backward pass through a sigmoid layer, from its forward output.

    .. math:: \frac{\partial \mathcal{L}}{\partial z}
              = \frac{\partial \mathcal{L}}{\partial a} \odot a \odot (1 - a),
              \qquad a = \sigma(z)

    The layer needs to remember only its output ``a``: σ' = σ(1 − σ) reuses it, so the backward
    pass evaluates no exponential.

    Parameters
    ----------
    a : ndarray
        The layer's forward output σ(z).
    grad_a : ndarray
        ∂L/∂a, the gradient arriving from the layer above; same shape as ``a``.

    Returns
    -------
    ndarray
        ∂L/∂z, same shape as ``a``.
    """
    a, grad_a = np.asarray(a, dtype=float), np.asarray(grad_a, dtype=float)
    if a.shape != grad_a.shape:
        raise ValueError(f"a and grad_a must have the same shape, got {a.shape} and {grad_a.shape}")
    return grad_a * a * (1.0 - a)


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    r"""Central finite-difference gradient of a scalar function.

    .. math:: \frac{\partial f}{\partial x_i} \approx
              \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    The error is O(ε²) from truncation plus O(u/ε) from rounding (u ≈ 1.1e−16), so ε = 1e−6
    gives roughly 1e−10 relative accuracy on smooth functions of moderate size.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float.
    x : ndarray
        Where to differentiate.
    eps : float
        Step size.

    Returns
    -------
    ndarray
        The gradient, shaped like ``x``.
    """
    x = np.array(x, dtype=float)
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        above = f(x)
        x[index] = original - eps
        below = f(x)
        x[index] = original
        grad[index] = (above - below) / (2 * eps)
    return grad


def dense_weight_gradient(delta: np.ndarray, a: np.ndarray) -> np.ndarray:
    r"""Per-example gradient of a dense layer's weights.

    .. math:: \frac{\partial \ell}{\partial W_{ij}} = \delta_i \, a_j

    Parameters
    ----------
    delta : ndarray, shape (m_out,)
        ∂ℓ/∂z for one example.
    a : ndarray, shape (m_in,)
        The layer's input for that example.

    Returns
    -------
    ndarray, shape (m_out, m_in)
        The outer product δ aᵀ: row i has the sign of δ_i wherever every a_j > 0.
    """
    delta, a = np.asarray(delta, dtype=float), np.asarray(a, dtype=float)
    if delta.ndim != 1 or a.ndim != 1:
        raise ValueError(f"delta and a must be vectors, got shapes {delta.shape} and {a.shape}")
    return np.outer(delta, a)


def scalar_chain_gradient(weights: np.ndarray, biases: np.ndarray, x: float) -> float:
    r"""Derivative of a chain of one-unit sigmoid layers with respect to its input.

    .. math:: a_l = \sigma(w_l a_{l-1} + b_l), \quad a_0 = x, \qquad
              \frac{d a_L}{d x} = \prod_{l=1}^{L} w_l \, \sigma'(w_l a_{l-1} + b_l)

    Every σ' factor is at most 1/4, but each comes multiplied by its weight: the product can
    shrink faster than 4^{-L} or grow.

    Parameters
    ----------
    weights, biases : ndarray, shape (L,)
        One weight and one bias per layer.
    x : float
        The input a_0.

    Returns
    -------
    float
        d a_L / d x.
    """
    weights, biases = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float)
    if weights.shape != biases.shape or weights.ndim != 1:
        raise ValueError(
            f"weights and biases must be vectors of one length, got {weights.shape}, {biases.shape}"
        )
    a, derivative = float(x), 1.0
    for w, b in zip(weights, biases, strict=True):
        z = w * a + b
        derivative *= w * float(sigmoid_grad(z))
        a = float(sigmoid(z))
    return derivative


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


# ---------------------------------------------------------------------------------------------
# Deep multilayer perceptrons: forward, backward, and the measurements of the chapter on
# vanishing gradients.

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
) -> Training:
    r"""Gradient descent with momentum and optional gradient-norm clipping.

    .. math:: \mathbf{g} \leftarrow \mathbf{g}\,\min\Bigl(1, \frac{c}{\lVert\mathbf{g}\rVert}
              \Bigr), \qquad
              \mathbf{v} \leftarrow \mu\mathbf{v} - \eta\,\mathbf{g}, \qquad
              \theta \leftarrow \theta + \mathbf{v}

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
        for p, v, g in zip(params, velocity, gradient, strict=True):
            v *= momentum
            v -= (learning_rate * scale) * g
            p += v
        losses.append(float(loss))
        bias_norms.append(np.sqrt(squares[len(net.weights) :]))
        grad_norms.append(total)
    return Training(net, np.array(losses), np.array(bias_norms), np.array(grad_norms))
