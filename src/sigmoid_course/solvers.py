r"""Newton's method and gradient descent on the logistic log-likelihood, as the neuron runs them.

Both take the design X, labels, sample weights and the ℓ2 penalty per coefficient and return
the estimate, its path, the losses, whether the data were found separable, whether the fit
converged, and (Newton) the Hessian at the estimate.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import cho_factor, cho_solve

from .activations import sigmoid
from .likelihood import (
    _evaluate,
    _gradient_at,
    _gram,
    _logits,
    _objective_at,
    _separable,
    _with_ones,
)

_SATURATED = 36.0
"""|z| beyond which σ(z) rounds to 0 or 1 in float64 (53 ln 2 ≈ 36.7): a fit that pushes a
training example this far is the first sign of separable data."""


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
