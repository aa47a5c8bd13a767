"""Logistic regression as a single neuron: its loss, its fit, and dose–response curves.

The model is p = σ(z) with z = wᵀx + b and labels y ∈ {0, 1}. Losses take the logit z rather
than the probability p, so that they stay finite and exact where p rounds to 0 or 1.
:class:`LogisticNeuron` fits the model by Newton's method or gradient descent with
scikit-learn's conventions; :func:`fit_binomial` fits grouped counts with three S-curves
(logit, probit, complementary log-log) and gives the LD50 with two confidence intervals;
:func:`reliability` checks whether predicted probabilities are calibrated.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.optimize import linprog
from scipy.special import ndtr, ndtri, xlogy

from .activations import sigmoid, sigmoid_pair, softplus


def logloss(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Logloss of one or many examples, from the logit.

    .. math:: \ell(y, z) = -y \ln\sigma(z) - (1-y)\ln(1-\sigma(z))
              = \operatorname{softplus}(z) - y z

    The right-hand form never takes the logarithm of a rounded probability, so
    ``logloss(1, -800)`` is 800, not infinity.

    Parameters
    ----------
    y : array_like
        Labels in {0, 1} (values in [0, 1] are allowed: soft labels).
    z : array_like
        Logits, broadcastable against ``y``.

    Returns
    -------
    ndarray
        ℓ for each example.
    """
    y, z = _labels_and_logits(y, z)
    return softplus(z) - y * z


def logloss_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Derivative of the logloss with respect to the logit.

    .. math:: \frac{\partial \ell}{\partial z} = \sigma(z) - y

    No σ' factor: the gradient is large exactly when the prediction is confidently wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    return sigmoid(z) - y


def squared_error_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Derivative of the squared error of the probability with respect to the logit.

    .. math:: \ell = \tfrac12(\sigma(z) - y)^2, \qquad
              \frac{\partial \ell}{\partial z} = (\sigma(z) - y)\,\sigma'(z)

    The σ'(z) factor makes this vanish where σ saturates, even when the prediction is wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    p = sigmoid(z)
    return (p - y) * p * sigmoid(-z)


def _labels_and_logits(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    for name, value in (("y", y), ("z", z)):
        kind = np.asarray(value).dtype.kind
        if kind not in "biuf":
            raise TypeError(f"{name} must be real numbers, got an array of dtype {kind!r}")
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels y must lie in [0, 1]")
    return y, z


def expected_losses(p: float, answers: np.ndarray) -> dict[str, np.ndarray]:
    r"""Expected loss of answering ``a`` when y ~ Bernoulli(p), for three losses.

    .. math:: \mathbb{E}[\ell(y, a)] = p\,\ell(1, a) + (1 - p)\,\ell(0, a)

    with ℓ the logloss −y ln a − (1−y) ln(1−a), the squared error (y − a)² and the absolute
    error |y − a|.

    Parameters
    ----------
    p : float
        P(y = 1), in [0, 1].
    answers : ndarray
        Candidate answers a in (0, 1).

    Returns
    -------
    dict of str to ndarray
        ``"logloss"``, ``"squared error"`` and ``"absolute error"``, each shaped like ``answers``.
    """
    answers = _probability_answers(p, answers)
    return {
        "logloss": -p * np.log(answers) - (1 - p) * np.log1p(-answers),
        "squared error": p * (1 - answers) ** 2 + (1 - p) * answers**2,
        "absolute error": p * (1 - answers) + (1 - p) * answers,
    }


def expected_hinge(p: float, scores: np.ndarray) -> np.ndarray:
    r"""Expected hinge loss of a score f when the label ỹ = ±1 is +1 with probability p.

    .. math:: \mathbb{E}[\max(0, 1 - \tilde y f)] = p\max(0, 1 - f) + (1-p)\max(0, 1 + f)

    Parameters
    ----------
    p : float
        P(ỹ = +1), in [0, 1].
    scores : ndarray
        Candidate scores f.

    Returns
    -------
    ndarray
        Shaped like ``scores``.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    scores = np.asarray(scores, dtype=float)
    return p * np.maximum(0, 1 - scores) + (1 - p) * np.maximum(0, 1 + scores)


def _probability_answers(p: float, answers: np.ndarray) -> np.ndarray:
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    answers = np.asarray(answers, dtype=float)
    if np.any((answers <= 0) | (answers >= 1)):
        raise ValueError("answers must lie strictly between 0 and 1")
    return answers


# --------------------------------------------------------------------------------------------
# Fitting: one neuron / logistic regression
# --------------------------------------------------------------------------------------------

METHODS = ("newton", "gd")
"""The fitting methods :class:`LogisticNeuron` accepts."""

LINKS = ("logit", "probit", "cloglog")
"""The S-curves :func:`fit_binomial` accepts."""

_SATURATED = 36.0
"""|z| beyond which σ(z) rounds to 0 or 1 in float64 (53 ln 2 ≈ 36.7): a fit that pushes a
training example this far is the first sign of separable data."""


class SeparationWarning(UserWarning):
    """The data are separable: the maximum-likelihood estimate does not exist."""


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped at ``max_iter`` before its gradient reached ``tol``."""


class LogisticNeuron:
    r"""Logistic regression, fitted as one sigmoid neuron, with scikit-learn's conventions.

    The model is :math:`P(y=1\mid\mathbf x) = \sigma(\mathbf w^\top\mathbf x + b)`. The fit
    minimises the weighted logloss plus an optional ℓ2 penalty on the weights (not the bias):

    .. math:: J(b, \mathbf w) = \sum_i s_i\,
              \ell\bigl(y_i, \sigma(\mathbf w^\top\mathbf x_i + b)\bigr)
              + \frac{\lambda}{2}\lVert\mathbf w\rVert^2 ,

    with :math:`s_i` the sample weights and :math:`\lambda` = ``l2``. This is scikit-learn's
    ``LogisticRegression(C=1/l2)``; ``l2=0`` is its unpenalised fit.

    Parameters
    ----------
    method : {"newton", "gd"}
        ``"newton"``: Newton's method (iteratively reweighted least squares) with a
        backtracking line search; gives standard errors. It starts from the best constant
        model, or, with 50 000 rows or more, from a rough fit to a random subsample of
        10 000 of them, which saves it two or three iterations over all the rows. ``"gd"``:
        gradient descent on :math:`J / \sum_i s_i`, the neuron's way.
    l2 : float
        Penalty strength :math:`\lambda \ge 0`; ``l2 = 1/C`` in scikit-learn's terms.
    max_iter : int, optional
        Most iterations; default 100 for Newton, 10 000 for gradient descent.
    tol : float
        Newton stops after a step whose largest component is below ``tol`` times
        max(1, largest coefficient); the error is then of order ``tol``². Gradient descent
        stops when every component of the gradient of :math:`J / \sum_i s_i` is below
        ``tol`` in absolute value.
    learning_rate : float, optional
        Step size η of gradient descent. Default :math:`1/L`, with
        :math:`L = \bigl(\lambda_{\max}(\tilde X^\top \operatorname{diag}(s)\tilde X)/4
        + \lambda\bigr)/\sum_i s_i` a bound on the curvature of the mean objective
        (:math:`\tilde X` is X with a column of ones), a step that never overshoots.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights **w**.
    intercept_ : float
        The bias b.
    classes_ : ndarray of shape (2,)
        The two labels, in the form they were given ({0, 1}, {−1, +1} or {False, True}).
    n_iter_ : int
        Iterations taken.
    loss_curve_ : ndarray of shape (n_iter_ + 1,)
        :math:`J / \sum_i s_i` at the start and after each iteration.
    path_ : ndarray of shape (n_iter_ + 1, n_features + 1)
        (b, **w**) at the start and after each iteration.
    covariance_ : ndarray of shape (n_features + 1, n_features + 1)
        After a Newton fit: the inverse of the Hessian of J at the estimate, intercept first.
        With ``l2 = 0`` and sample weights that count examples, this is the inverse Fisher
        information, the large-sample covariance of the estimate. NaN if the data are separable.
    standard_errors_ : ndarray of shape (n_features + 1,)
        After a Newton fit: square roots of the diagonal of ``covariance_``, intercept first.
    separable_ : bool
        Whether the data were found to be separable (see Warns).

    Warns
    -----
    SeparationWarning
        With ``l2 = 0``, when some direction of (b, **w**) classifies every example correctly
        or on the boundary: the likelihood then keeps increasing as the coefficients grow, and
        the estimate does not exist. The fit stops (Newton) or returns the last iterate
        (gradient descent) and says so; ``l2 > 0`` makes the estimate exist.
    ConvergenceWarning
        When ``max_iter`` is reached before ``tol``.

    Examples
    --------
    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> neuron = LogisticNeuron().fit(x, [0, 1, 0, 1])
    >>> round(neuron.intercept_, 3), neuron.coef_.round(3), neuron.n_iter_
    (-1.362, array([0.908]), 5)
    >>> neuron.predict_proba([[0.0]]).round(3)
    array([[0.796, 0.204]])
    """

    def __init__(
        self,
        method: str = "newton",
        l2: float = 0.0,
        max_iter: int | None = None,
        tol: float = 1e-8,
        learning_rate: float | None = None,
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        _check_number(l2, "l2", low=0.0)
        _check_number(tol, "tol", low=0.0, strict=True)
        if learning_rate is not None:
            _check_number(learning_rate, "learning_rate", low=0.0, strict=True)
        if max_iter is None:
            max_iter = 100 if method == "newton" else 10_000
        if isinstance(max_iter, bool) or not isinstance(max_iter, int | np.integer):
            raise TypeError(f"max_iter must be a positive integer, got {max_iter!r}")
        if max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, got {max_iter}")
        self.method = method
        self.l2 = float(l2)
        self.max_iter = int(max_iter)
        self.tol = float(tol)
        self.learning_rate = learning_rate

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None):
        r"""Fit the weights and bias by maximum (penalised) likelihood.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features; for one feature pass ``x[:, None]``.
        y : array_like of shape (n_samples,)
            Labels in {0, 1}, {−1, +1} or {False, True}; both classes must occur.
        sample_weight : array_like of shape (n_samples,), optional
            Non-negative frequency weights: a row with weight 5 counts as five identical
            examples, so grouped counts fit without expanding rows.

        Returns
        -------
        LogisticNeuron
            ``self``, fitted.
        """
        X = _design(X, "X")
        target, self.classes_ = _binary_labels(y, X.shape[0])
        weights = _sample_weights(sample_weight, X.shape[0])
        penalty = np.full(X.shape[1] + 1, self.l2)
        penalty[0] = 0.0
        fit = _newton if self.method == "newton" else _gradient_descent
        theta, path, losses, separable, converged, hessian = fit(
            X, target, weights, penalty, self.max_iter, self.tol, self.learning_rate
        )
        self.intercept_ = float(theta[0])
        self.coef_ = theta[1:].copy()
        self.path_ = np.array(path)
        self.loss_curve_ = np.array(losses)
        self.n_iter_ = len(losses) - 1
        self.separable_ = separable
        if separable:
            warnings.warn(
                "the data are separable: some direction of (b, w) classifies every example "
                "correctly, so the likelihood keeps growing with the coefficients and the "
                "maximum-likelihood estimate does not exist; the fit stopped at "
                f"|coefficients| = {np.max(np.abs(theta)):.3g}. Use l2 > 0 for an estimate.",
                SeparationWarning,
                stacklevel=2,
            )
        elif not converged:
            warnings.warn(
                f"{self.method} stopped after max_iter={self.max_iter} iterations before the "
                f"gradient reached tol={self.tol:g}; raise max_iter"
                + (" or standardise the features" if self.method == "gd" else ""),
                ConvergenceWarning,
                stacklevel=2,
            )
        if self.method == "newton":
            if separable:
                self.covariance_ = np.full((theta.size, theta.size), np.nan)
            else:
                self.covariance_ = _inverse_spd(hessian)
            self.standard_errors_ = np.sqrt(np.diag(self.covariance_))
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        r"""The logit :math:`z = \mathbf w^\top\mathbf x + b` of each row of X."""
        X = self._features(X)
        return X @ self.coef_ + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        r"""Probabilities of the two classes, shape (n_samples, 2): columns σ(−z), σ(z)."""
        p, one_minus_p = sigmoid_pair(self.decision_function(X))
        return np.column_stack([one_minus_p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The likelier class of each row, as one of ``classes_``; ties go to the first."""
        z = self.decision_function(X)
        return self.classes_[(z > 0).astype(int)]

    def _features(self, X: np.ndarray) -> np.ndarray:
        if not hasattr(self, "coef_"):
            raise ValueError("this LogisticNeuron is not fitted yet: call fit(X, y) first")
        X = _design(X, "X")
        if X.shape[1] != self.coef_.size:
            raise ValueError(
                f"X has {X.shape[1]} features, but the neuron was fitted with {self.coef_.size}"
            )
        return X


def negative_log_likelihood(
    theta: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    sample_weight: np.ndarray | None = None,
    l2: float = 0.0,
) -> tuple[float, np.ndarray, np.ndarray]:
    r"""The objective :class:`LogisticNeuron` minimises, with its gradient and Hessian.

    With :math:`\tilde X` = X with a leading column of ones, :math:`\boldsymbol\beta` =
    (b, **w**), :math:`\mathbf p = \sigma(\tilde X\boldsymbol\beta)` and sample weights s,

    .. math:: J = \sum_i s_i\,\ell(y_i, p_i) + \tfrac{\lambda}{2}\lVert\mathbf w\rVert^2,\qquad
              \nabla J = \tilde X^\top S_w(\mathbf p - \mathbf y) + \lambda\mathbf w,\qquad
              \nabla^2 J = \tilde X^\top S\,\tilde X + \lambda I_{\mathbf w},

    where :math:`S_w = \operatorname{diag}(s_i)`, :math:`S = \operatorname{diag}(s_i p_i(1-p_i))`
    and :math:`I_{\mathbf w}` is the identity with a 0 in the bias's place.

    Parameters
    ----------
    theta : array_like of shape (n_features + 1,)
        (b, **w**), bias first.
    X, y, sample_weight
        As in :meth:`LogisticNeuron.fit`.
    l2 : float
        λ ≥ 0.

    Returns
    -------
    (float, ndarray, ndarray)
        J, its gradient (shape (n_features + 1,)) and its Hessian.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]])
    >>> loss, gradient, hessian = negative_log_likelihood([0.0, 0.0], X, [0, 1])
    >>> round(loss, 4), gradient, hessian
    (1.3863, array([ 0. , -0.5]), array([[0.5 , 0.25],
           [0.25, 0.25]]))
    """
    X = _design(X, "X")
    target, _ = _binary_labels(y, X.shape[0])
    weights = _sample_weights(sample_weight, X.shape[0])
    _check_number(l2, "l2", low=0.0)
    theta = _real_array(theta, "theta")
    if theta.shape != (X.shape[1] + 1,):
        raise ValueError(
            f"theta must be (b, w) of shape ({X.shape[1] + 1},) for X with {X.shape[1]} "
            f"features, got shape {theta.shape}"
        )
    penalty = np.full(theta.size, float(l2))
    penalty[0] = 0.0
    _, loss, gradient, hessian = _evaluate(X, theta, target, weights, penalty)
    return loss, gradient, hessian


def _logits(X, theta) -> np.ndarray:
    return X @ theta[1:] + theta[0]


def _objective_at(z, target, weights, penalty, theta) -> float:
    return float(weights @ (softplus(z) - target * z) + 0.5 * penalty @ theta**2)


def _gradient_at(X, residual, penalty, theta) -> np.ndarray:
    # X̃ᵀr for X̃ = [1, X]: the bias's entry is Σr, so X̃ is never built.
    gradient = np.empty(theta.size)
    gradient[0] = residual.sum()
    gradient[1:] = residual @ X
    return gradient + penalty * theta


_BLOCK = 8192
"""Rows per block in :func:`_evaluate` and :func:`_gram`: a block of X and its scaled copy
(about 2 MB each for 30 features) stay in cache between the passes over them, and the blocks
are few enough that numpy's overhead per call stays small."""


def _evaluate(X, theta, target, weights, penalty, gradient=True, hessian=True):
    r"""The logits z, J and, as asked, ∇J and ∇²J at θ (else None), in one pass over X.

    With :math:`\tilde X = [\mathbf 1, X]`, residuals :math:`r_i = s_i(\sigma(z_i) - y_i)`,
    curvatures :math:`c_i = s_i\sigma(z_i)\sigma(-z_i)` and :math:`\Lambda` = diag(penalty),

    .. math:: \nabla J = \tilde X^\top\mathbf r + \Lambda\boldsymbol\theta,\qquad
              \nabla^2 J = \tilde X^\top\operatorname{diag}(\mathbf c)\,\tilde X + \Lambda .

    X is read from memory once, block by block: each block's logits, their terms of J and
    its share of both sums are computed while it is in cache, instead of reading all of X
    once for z and again for each sum (about 20 % faster on 10⁵ × 30). :math:`\tilde X` is
    never built: the Hessian's share is added as :math:`A^\top A` for the block A of
    :math:`\operatorname{diag}(\sqrt{\mathbf c})\,\tilde X` (see :func:`_add_gram`).
    """
    n, d = X.shape
    z = np.empty(n)
    loss = 0.5 * penalty @ theta**2
    nabla = penalty * theta if gradient else None
    if hessian:
        gram, buffer = _gram_buffers(d, n)
    for start in range(0, n, _BLOCK):
        rows = slice(start, min(start + _BLOCK, n))
        block_z = np.matmul(X[rows], theta[1:], out=z[rows])
        block_z += theta[0]
        block_loss, residual, curvature = _pointwise(block_z, target[rows], weights[rows])
        loss += block_loss
        if gradient:
            nabla[0] += residual.sum()
            nabla[1:] += residual @ X[rows]
        if hessian:
            _add_gram(gram, buffer, X[rows], np.sqrt(curvature))
    return z, float(loss), nabla, gram[: d + 1, : d + 1] + np.diag(penalty) if hessian else None


def _pointwise(z, target, weights) -> tuple[float, np.ndarray, np.ndarray]:
    r"""The weighted loss :math:`\sum_i s_i(\operatorname{softplus}(z_i) - y_i z_i)`, the
    residuals :math:`s_i(\sigma(z_i) - y_i)` and the curvatures
    :math:`s_i\sigma(z_i)\sigma(-z_i)`, all from one exponential :math:`e = \exp(-|z|)`:

    .. math:: \sigma(|z|) = \frac{1}{1+e},\qquad \sigma(-|z|) = \frac{e}{1+e},\qquad
              \operatorname{softplus}(z) = \max(z, 0) + \ln(1 + e).

    :func:`sigmoid_pair` and :func:`softplus` would take an exponential each and, on a block
    of 8192 logits, about 50 % more time.
    """
    e = np.exp(np.copysign(z, -1.0))
    u = 1.0 + e
    large = 1.0 / u
    small = e * large
    # ln(1 + e) is ln u corrected, to first order, by u's rounding error (u − 1) − e, which is
    # exact: as accurate as np.log1p (within 2 ulp), which is more than twice as slow.
    log_u = np.log(u) - ((u - 1.0) - e) * large
    loss = weights @ (log_u + np.maximum(z, 0.0) - target * z)
    # σ(z) is σ(|z|) where z ≥ 0 and σ(−|z|) elsewhere. Arithmetic selects it about three
    # times faster than np.where, whose branch on the sign of z is mispredicted on real data.
    p = (large - small) * (z >= 0) + small
    return float(loss), weights * (p - target), weights * small * large


def _gram(X: np.ndarray, curvature: np.ndarray) -> np.ndarray:
    r"""The bordered Gram matrix :math:`\tilde X^\top \operatorname{diag}(c)\,\tilde X` of
    :math:`\tilde X = [\mathbf 1, X]`, block by block (see :func:`_add_gram`)."""
    n, d = X.shape
    gram, buffer = _gram_buffers(d, n)
    root = np.sqrt(curvature)
    for start in range(0, n, _BLOCK):
        rows = slice(start, min(start + _BLOCK, n))
        _add_gram(gram, buffer, X[rows], root[rows])
    return gram[: d + 1, : d + 1]


def _gram_buffers(d: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Columns of zeros pad the width to a multiple of 4: OpenBLAS's rank-k update is fastest
    # for such widths and slowest for odd ones (measured: 32 columns about 20 % faster than 31).
    width = -(-(d + 1) // 4) * 4
    return np.zeros((width, width)), np.zeros((min(n, _BLOCK), width))


def _add_gram(gram: np.ndarray, buffer: np.ndarray, block: np.ndarray, root: np.ndarray) -> None:
    r"""Add :math:`A^\top A` to ``gram`` for :math:`A = \operatorname{diag}(\sqrt c)[\mathbf
    1, B]` of a block B of rows, written into ``buffer``.

    numpy computes :math:`A^\top A` by a symmetric rank-k update, half the work of a general
    product. Scaling all of X at once would write and re-read a full copy of it; block by
    block the copy stays in cache, about twice as fast on 10⁵ × 30.
    """
    scaled = buffer[: block.shape[0]]
    scaled[:, 0] = root
    # The same product as block * root[:, None], about 10 % faster into a strided buffer.
    np.einsum("ij,i->ij", block, root, out=scaled[:, 1 : block.shape[1] + 1])
    gram += scaled.T @ scaled


def _with_ones(X: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(X.shape[0]), X])


def _inverse_spd(matrix: np.ndarray) -> np.ndarray:
    factor = _cholesky(matrix)
    return cho_solve(factor, np.eye(matrix.shape[0]))


def _cholesky(matrix: np.ndarray):
    try:
        return cho_factor(matrix)
    except np.linalg.LinAlgError as singular:
        raise ValueError(
            "the Hessian is singular: a feature is constant or a linear combination of others "
            "(the bias already plays the constant); drop it or use l2 > 0"
        ) from singular


_SUBSAMPLE = 10_000
"""Rows of the random subsample whose fit starts Newton's method on data sets of at least five
times as many rows (see :func:`_starting_point`)."""


def _starting_point(X, target, weights, penalty) -> np.ndarray:
    r"""Where Newton's method starts: the best constant model, σ(b) = the weighted share of
    positives, or on large data the (rough) fit to a random subsample of its rows.

    The subsample's estimate lies within its sampling error, of order
    :math:`m^{-1/2}` for m rows, of the full estimate: about where Newton's method from the
    constant model is after two or three full iterations, at a small part of their cost. The
    penalty is scaled with the subsample's share of the weight, so that both objectives
    estimate the same thing. A subsample can miss a rare feature value (singular Hessian) or
    be (nearly) separable when the full data are not: its coefficients then grow without
    converging, and a start out there would cost Newton's method many halved steps on the full
    data. Unless the subsample's fit converges, the constant model is the start.
    """
    total = weights.sum()
    theta = np.zeros(X.shape[1] + 1)
    share = weights @ target / total
    theta[0] = np.log(share / (1 - share))
    if X.shape[0] < 5 * _SUBSAMPLE:
        return theta
    rows = np.sort(np.random.default_rng(0).choice(X.shape[0], _SUBSAMPLE, replace=False))
    sub_weights, sub_target = weights[rows], target[rows]
    sub_total = sub_weights.sum()
    if not 0 < sub_weights @ sub_target < sub_total:
        return theta
    # tol=1e-2 leaves an error of order 1e-4, far below the sampling error (a few 1e-2 for
    # 10 000 rows), and saves the subsample fit an iteration. take copies the rows several
    # times faster than X[rows].
    try:
        start, _, _, separable, converged, _ = _newton(
            X.take(rows, axis=0),
            sub_target,
            sub_weights,
            penalty * (sub_total / total),
            20,
            1e-2,
            None,
            final_hessian=False,
        )
    except ValueError:
        return theta
    return start if converged and not separable else theta


def _newton(X, target, weights, penalty, max_iter, tol, _learning_rate, final_hessian=True):
    total = weights.sum()
    theta = _starting_point(X, target, weights, penalty)
    z, loss, gradient, hessian = _evaluate(X, theta, target, weights, penalty)
    path, losses = [theta.copy()], [loss / total]
    checked = penalty[1:].any()
    # Rows of weight 0 do not count; without any, z needs no mask (a copy of it).
    counted = weights > 0 if np.any(weights == 0) else slice(None)
    for _ in range(max_iter):
        try:
            factor = cho_factor(hessian)
        except np.linalg.LinAlgError:
            # Under quasi-complete separation the examples off the boundary saturate, and
            # the few left on it cannot pin down every coefficient.
            if not checked and _separable(_with_ones(X), target, weights):
                return theta, path, losses, True, False, None
            factor = _cholesky(hessian)
        step = cho_solve(factor, gradient)
        # Convergence is quadratic: after a step of relative size tol the error is about tol².
        converged = np.max(np.abs(step)) <= tol * max(1.0, np.max(np.abs(theta)))
        # The derivatives at a full step are computed with its loss, in the same pass over X,
        # for the step is almost always taken: the next iteration needs both, and after the
        # last step the Hessian at the estimate gives the covariance (unless this fit only
        # starts another, final_hessian=False).
        wanted = final_hessian or not converged
        scale = 1.0
        # Full Newton steps almost always decrease J; halving guards the rare overshoot. A
        # converged step is taken whole: the change it makes to J is below J's rounding error.
        while True:
            trial = theta - scale * step
            trial_z, trial_loss, gradient, hessian = _evaluate(
                X,
                trial,
                target,
                weights,
                penalty,
                gradient=not converged and scale == 1.0,
                hessian=wanted and scale == 1.0,
            )
            if converged or trial_loss <= loss or scale <= 1e-10:
                break
            scale /= 2
        theta, z, loss = trial, trial_z, trial_loss
        if wanted and hessian is None:
            _, _, gradient, hessian = _evaluate(X, theta, target, weights, penalty)
        path.append(theta.copy())
        losses.append(loss / total)
        if not checked and np.max(np.abs(z[counted])) > _SATURATED:
            checked = True
            if _separable(_with_ones(X), target, weights):
                return theta, path, losses, True, False, None
        if converged:
            break
    return theta, path, losses, False, converged, hessian


def _gradient_descent(X, target, weights, penalty, max_iter, tol, learning_rate):
    total = weights.sum()
    if learning_rate is None:
        bound = np.linalg.eigvalsh(_gram(X, weights))[-1] / 4 + penalty.max()
        learning_rate = total / bound
    theta = np.zeros(X.shape[1] + 1)
    z = _logits(X, theta)
    path = [theta.copy()]
    losses = [_objective_at(z, target, weights, penalty, theta) / total]
    converged = False
    for _ in range(max_iter):
        residual = weights * (sigmoid(z) - target)
        gradient = _gradient_at(X, residual, penalty, theta) / total
        if np.max(np.abs(gradient)) <= tol:
            converged = True
            break
        theta = theta - learning_rate * gradient
        z = _logits(X, theta)
        path.append(theta.copy())
        losses.append(_objective_at(z, target, weights, penalty, theta) / total)
    if not np.all(np.isfinite(theta)):
        raise ValueError(
            f"gradient descent diverged with learning_rate={learning_rate:g}; use a smaller one"
        )
    separable = (
        not converged
        and not penalty[1:].any()
        and np.max(np.abs(z[weights > 0])) > 5
        and _separable(_with_ones(X), target, weights)
    )
    return theta, path, losses, separable, converged, None


def _separable(design: np.ndarray, target: np.ndarray, weights: np.ndarray) -> bool:
    r"""Whether some direction β ≠ 0 has ỹᵢ x̃ᵢᵀβ ≥ 0 for every example.

    By Albert and Anderson (1984) the logistic MLE exists exactly when no such β exists (for a
    design of full rank). A linear programme finds one: maximise Σᵢ ỹᵢ x̃ᵢᵀβ subject to
    ỹᵢ x̃ᵢᵀβ ≥ 0 and |βⱼ| ≤ 1; the optimum is positive exactly when the data are separable.
    """
    keep = weights > 0
    signed = (2 * target[keep] - 1)[:, None] * design[keep]
    signed = signed / np.maximum(np.max(np.abs(signed), axis=0), 1e-300)
    result = linprog(
        -signed.sum(axis=0),
        A_ub=-signed,
        b_ub=np.zeros(signed.shape[0]),
        bounds=[(-1, 1)] * signed.shape[1],
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > 1e-7 * signed.shape[0])


def _check_number(value: object, name: str, *, low: float, strict: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value) or value < low or (strict and value == low):
        relation = ">" if strict else "≥"
        raise ValueError(f"{name} must be a finite number {relation} {low:g}, got {value}")


def _real_array(values: object, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    array = array.astype(float, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite: it contains NaN or infinity")
    return array


def _design(X: object, name: str) -> np.ndarray:
    X = _real_array(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D, of shape (n_samples, n_features), got {X.ndim}-D; "
            "for one feature use x[:, None]"
        )
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got {X.shape}")
    return X


def _binary_labels(
    y: object, n: int, allow_one_class: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    raw = np.asarray(y)
    if raw.dtype.kind == "b":
        classes = np.array([False, True])
    elif raw.dtype.kind in "iuf":
        classes = None
    else:
        raise TypeError(f"y must be labels in {{0, 1}}, {{-1, +1}} or bool, got dtype {raw.dtype}")
    if raw.ndim != 1 or raw.shape[0] != n:
        raise ValueError(f"y must be 1-D with one label per row of X ({n}), got shape {raw.shape}")
    labels = _real_array(raw, "y")
    values = set(np.unique(labels).tolist())
    if classes is None:
        if values <= {0.0, 1.0}:
            classes = np.array([0, 1])
        elif values <= {-1.0, 1.0}:
            classes = np.array([-1, 1])
        else:
            shown = sorted(values)[:5]
            raise ValueError(f"y must be labels in {{0, 1}}, {{-1, +1}} or bool, got {shown}")
    if len(values) < 2 and not allow_one_class:
        raise ValueError("y contains only one class: a classifier needs examples of both")
    return (labels > 0).astype(float), classes


def _sample_weights(sample_weight: object, n: int) -> np.ndarray:
    if sample_weight is None:
        return np.ones(n)
    weights = _real_array(sample_weight, "sample_weight")
    if weights.shape != (n,):
        raise ValueError(
            f"sample_weight must be 1-D with one weight per row of X ({n}), got shape "
            f"{weights.shape}"
        )
    if np.any(weights < 0) or not np.any(weights > 0):
        raise ValueError("sample_weight must be non-negative, with at least one positive")
    return weights


# --------------------------------------------------------------------------------------------
# Grouped dose-response data and three S-curves
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BinomialFit:
    r"""A dose–response curve :math:`P(\text{killed}\mid x) = F(b + w x)` fitted to counts.

    Attributes
    ----------
    link : str
        ``"logit"`` (F = σ), ``"probit"`` (F = Φ, the standard normal CDF) or ``"cloglog"``
        (F(η) = 1 − exp(−e^η), the complementary log-log).
    intercept, slope : float
        The maximum-likelihood estimates b and w.
    covariance : ndarray of shape (2, 2)
        Inverse Fisher information at the estimate, intercept first.
    standard_errors : ndarray of shape (2,)
        Standard errors of (b, w).
    deviance : float
        :math:`D = 2\sum_j\bigl[d_j\ln\frac{d_j}{\hat d_j}
        + (n_j-d_j)\ln\frac{n_j-d_j}{n_j-\hat d_j}\bigr]`, twice the log-likelihood ratio
        against the model that fits every group exactly.
    df : int
        Residual degrees of freedom: number of groups minus 2.
    fitted : ndarray
        Expected counts :math:`\hat d_j = n_j F(b + w x_j)`.
    ld50 : float
        The dose x at which F = 1/2: :math:`(F^{-1}(1/2) - b)/w`.
    ld50_delta : tuple of float
        Delta-method confidence interval for ``ld50``, at ``level``.
    ld50_fieller : tuple of float
        Fieller's confidence interval for ``ld50``, at ``level``; (−inf, inf) when the slope is
        not significantly different from 0 at that level.
    level : float
        Confidence level of the intervals.
    n_iter : int
        Fisher-scoring iterations taken.
    """

    link: str
    intercept: float
    slope: float
    covariance: np.ndarray
    standard_errors: np.ndarray
    deviance: float
    df: int
    fitted: np.ndarray
    ld50: float
    ld50_delta: tuple[float, float]
    ld50_fieller: tuple[float, float]
    level: float
    n_iter: int

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The fitted curve F(b + wx) at doses x."""
        return _inverse_link(self.link, self.intercept + self.slope * _real_array(x, "x"))[0]


def fit_binomial(
    x: np.ndarray, n: np.ndarray, k: np.ndarray, link: str = "logit", level: float = 0.95
) -> BinomialFit:
    r"""Fit a dose–response curve to grouped binomial counts by Fisher scoring.

    Group j has :math:`n_j` subjects at dose :math:`x_j`, of whom :math:`d_j` (``k``)
    respond. The model is :math:`d_j \sim \operatorname{Binomial}(n_j, F(b + w x_j))` with
    F the inverse of the link. Fisher scoring (iteratively reweighted least squares) repeats

    .. math:: \eta_j = b + w x_j,\quad \mu_j = F(\eta_j),\quad
              u_j = \frac{n_j F'(\eta_j)^2}{\mu_j(1-\mu_j)},\quad
              \zeta_j = \eta_j + \frac{d_j/n_j - \mu_j}{F'(\eta_j)},

    and regresses ζ on x by least squares with weights u, the method of generalized linear
    models; the standard errors come from the inverse Fisher information
    :math:`(\tilde X^\top U \tilde X)^{-1}`. For the logit link this is Newton's method.

    Parameters
    ----------
    x : array_like of shape (n_groups,)
        Doses (for Bliss's beetles, log10 of the concentration).
    n, k : array_like of shape (n_groups,)
        Subjects and responders per group, whole numbers with 0 ≤ k ≤ n, n > 0.
    link : {"logit", "probit", "cloglog"}
    level : float
        Confidence level of the LD50 intervals, in (0, 1).

    Returns
    -------
    BinomialFit

    Raises
    ------
    ValueError
        For bad counts or links, fewer than two distinct doses, or separable data (every
        group below some dose has no responders and every group above it only responders):
        then the estimate does not exist.

    Examples
    --------
    >>> from sigmoid_course.data import load_beetles
    >>> fit = fit_binomial(*load_beetles())
    >>> round(fit.intercept, 2), round(fit.slope, 2), round(fit.deviance, 2)
    (-60.72, 34.27, 11.23)
    """
    if link not in LINKS:
        raise ValueError(f"link must be one of {LINKS}, got {link!r}")
    _check_number(level, "level", low=0.0, strict=True)
    if level >= 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")
    x, n, k = _grouped_counts(x, n, k)
    design = np.column_stack([np.ones_like(x), x])
    rows = np.concatenate([design, design])
    if _separable(rows, np.repeat([1.0, 0.0], x.size), np.concatenate([k, n - k])):
        raise ValueError(
            "the data are separable (no responders below some dose, only responders above "
            "it): the maximum-likelihood estimate does not exist"
        )
    share = (k + 0.5) / (n + 1)
    eta = _link(link, share)
    deviance = np.inf
    iteration = 0
    while iteration < 100:
        iteration += 1
        mu, density, one_minus_mu = _inverse_link(link, eta)
        weights = n * density**2 / (mu * one_minus_mu)
        response = eta + (k / n - mu) / density
        information = (design.T * weights) @ design
        theta = np.linalg.solve(information, design.T @ (weights * response))
        eta = design @ theta
        previous, deviance = deviance, _deviance(link, eta, n, k)
        if abs(previous - deviance) <= 1e-12 * (1 + deviance):
            break
    mu, density, one_minus_mu = _inverse_link(link, eta)
    weights = n * density**2 / (mu * one_minus_mu)
    covariance = np.linalg.inv((design.T * weights) @ design)
    intercept, slope = theta
    centre = float(_link(link, np.array(0.5)))
    ld50 = (centre - intercept) / slope
    critical = float(ndtri(0.5 + level / 2))
    gradient = np.array([-1.0, -ld50]) / slope
    half = critical * np.sqrt(gradient @ covariance @ gradient)
    return BinomialFit(
        link=link,
        intercept=float(intercept),
        slope=float(slope),
        covariance=covariance,
        standard_errors=np.sqrt(np.diag(covariance)),
        deviance=float(deviance),
        df=x.size - 2,
        fitted=n * mu,
        ld50=float(ld50),
        ld50_delta=(float(ld50 - half), float(ld50 + half)),
        ld50_fieller=fieller_interval(intercept - centre, slope, covariance, critical),
        level=float(level),
        n_iter=iteration,
    )


def fieller_interval(
    a: float, b: float, covariance: np.ndarray, critical: float
) -> tuple[float, float]:
    r"""Fieller's confidence interval for the ratio :math:`\theta = -a/b`.

    The interval is every θ at which :math:`a + b\theta = 0` is not rejected:

    .. math:: (a + b\theta)^2 \le c^2\,(V_{aa} + 2\theta V_{ab} + \theta^2 V_{bb}),

    a quadratic inequality in θ, with c the normal critical value. When b is significantly
    different from 0 (:math:`b^2 > c^2 V_{bb}`) the set is a finite interval; otherwise it is
    unbounded and (−inf, inf) is returned. Unlike the delta method's symmetric
    :math:`\hat\theta \pm c\,\mathrm{se}`, it is exact for normally distributed (a, b), and it
    is lopsided when b is imprecise, :math:`g = c^2 V_{bb}/b^2` not small.

    Parameters
    ----------
    a, b : float
        The estimates; θ = −a/b.
    covariance : ndarray of shape (2, 2)
        Their covariance, a first.
    critical : float
        Critical value c (1.96 for 95 %).

    Returns
    -------
    tuple of float
        (lower, upper).
    """
    (vaa, vab), (_, vbb) = np.asarray(covariance, dtype=float)
    quadratic = b * b - critical**2 * vbb
    if quadratic <= 0:
        return (-np.inf, np.inf)
    linear = a * b - critical**2 * vab
    constant = a * a - critical**2 * vaa
    root = np.sqrt(linear * linear - quadratic * constant)
    return (float((-linear - root) / quadratic), float((-linear + root) / quadratic))


def _link(link: str, mu: np.ndarray) -> np.ndarray:
    if link == "logit":
        return np.log(mu / (1 - mu))
    if link == "probit":
        return ndtri(mu)
    return np.log(-np.log1p(-mu))


def _inverse_link(link: str, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """μ = F(η), F'(η) and 1 − μ, each computed without cancellation."""
    if link == "logit":
        return sigmoid(eta), sigmoid(eta) * sigmoid(-eta), sigmoid(-eta)
    if link == "probit":
        return ndtr(eta), np.exp(-0.5 * eta**2) / np.sqrt(2 * np.pi), ndtr(-eta)
    survival = np.exp(-np.exp(eta))
    return -np.expm1(-np.exp(eta)), np.exp(eta) * survival, survival


def _deviance(link: str, eta: np.ndarray, n: np.ndarray, k: np.ndarray) -> float:
    mu, _, one_minus_mu = _inverse_link(link, eta)
    fitted_k, fitted_rest = n * mu, n * one_minus_mu
    rest = n - k
    ratio_k = np.divide(k, fitted_k, out=np.ones_like(k), where=k > 0)
    ratio_rest = np.divide(rest, fitted_rest, out=np.ones_like(k), where=rest > 0)
    return float(2 * np.sum(xlogy(k, ratio_k) + xlogy(rest, ratio_rest)))


def _grouped_counts(x: object, n: object, k: object) -> tuple[np.ndarray, ...]:
    x, n, k = (_real_array(v, name) for v, name in ((x, "x"), (n, "n"), (k, "k")))
    if x.ndim != 1 or n.shape != x.shape or k.shape != x.shape:
        raise ValueError(
            f"x, n and k must be 1-D arrays of one length, got shapes {x.shape}, {n.shape}, "
            f"{k.shape}"
        )
    if np.any(n != np.round(n)) or np.any(k != np.round(k)):
        raise ValueError("n and k must be whole numbers (counts)")
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n):
        raise ValueError("counts must satisfy n > 0 and 0 <= k <= n in every group")
    if np.unique(x).size < 2:
        raise ValueError("a dose-response curve needs at least two distinct doses x")
    return x, n, k


# --------------------------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------------------------


class Reliability(NamedTuple):
    """A reliability diagram's points, one per non-empty bin of predicted probability."""

    predicted: np.ndarray
    """Mean predicted probability in each bin."""
    observed: np.ndarray
    """Share of y = 1 among the examples in each bin."""
    counts: np.ndarray
    """Number of examples in each bin."""
    error: float
    """Expected calibration error: Σ (count/n) |observed − predicted| over the bins."""


def reliability(y: np.ndarray, q: np.ndarray, bins: int = 10) -> Reliability:
    r"""Bin predicted probabilities and compare each bin's mean with its share of positives.

    Calibrated predictions have, in every bin, observed ≈ predicted; the expected calibration
    error summarises the gaps,

    .. math:: \mathrm{ECE} = \sum_{\text{bins } k} \frac{n_k}{n}
              \bigl|\bar y_k - \bar q_k\bigr| .

    Parameters
    ----------
    y : array_like of shape (n,)
        Labels in {0, 1}, {−1, +1} or {False, True}.
    q : array_like of shape (n,)
        Predicted probabilities P(y = 1), in [0, 1].
    bins : int
        Number of equal-width bins on [0, 1].

    Returns
    -------
    Reliability

    Examples
    --------
    >>> table = reliability([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], bins=2)
    >>> table.predicted, table.observed, round(table.error, 3)
    (array([0.15, 0.85]), array([0., 1.]), 0.15)
    """
    q = _real_array(q, "q")
    if q.ndim != 1:
        raise ValueError(f"q must be 1-D, got shape {q.shape}")
    target, _ = _binary_labels(y, q.size, allow_one_class=True)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("q must be probabilities in [0, 1]")
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise ValueError(f"bins must be a positive integer, got {bins!r}")
    which = np.minimum((q * bins).astype(int), bins - 1)
    counts = np.bincount(which, minlength=bins)
    used = counts > 0
    predicted = np.bincount(which, q, bins)[used] / counts[used]
    observed = np.bincount(which, target, bins)[used] / counts[used]
    error = float(np.sum(counts[used] * np.abs(observed - predicted)) / q.size)
    return Reliability(predicted, observed, counts[used], error)
