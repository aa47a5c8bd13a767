r"""Logistic regression as a single neuron, p = σ(wᵀx + b), with scikit-learn's conventions.

:class:`LogisticNeuron` fits the weights and bias by Newton's method or gradient descent
(:mod:`~sigmoid_course.solvers`) on the log-likelihood (:mod:`~sigmoid_course.likelihood`),
and says when the data are separable or the fit did not converge.
"""

from __future__ import annotations

import warnings

import numpy as np

from .activations import sigmoid_pair
from .solvers import _gradient_descent, _inverse_spd, _newton
from .validation import _binary_labels, _check_number, _design, _sample_weights

METHODS = ("newton", "gd")
"""The fitting methods :class:`LogisticNeuron` accepts."""


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
