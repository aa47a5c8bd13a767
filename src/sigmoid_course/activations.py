"""Numerically stable activation functions and their derivatives.

Every function here is a pure, element-wise map over real numbers:

=================  ==========================================================
``sigmoid``        logistic function σ(t) = 1 / (1 + e^{−t})
``sigmoid_pair``   σ(t) and σ(−t) = 1 − σ(t) together, from one exponential
``sigmoid_grad``   its derivative σ'(t) = σ(t)(1 − σ(t)) = σ(t)σ(−t)
``logit``          inverse of σ: logit(p) = log(p / (1 − p))
``log_sigmoid``    log σ(t) = −softplus(−t)
``softplus``       softplus(t) = log(1 + e^{t})
``tanh``           hyperbolic tangent, tanh(t) = 2σ(2t) − 1
``tanh_grad``      its derivative 1 − tanh²(t)
``relu``           rectifier max(t, 0)
``relu_grad``      its derivative, the Heaviside step (taken as 0 at t = 0)
=================  ==========================================================

Conventions shared by all of them:

* Input is a real number, a sequence of real numbers or an array of any shape
  (including 0-d and empty).  ``float16``, ``float32`` and ``float64`` keep
  their dtype; integers and booleans (and Python ``int``/``float``) give
  ``float64``.  A scalar or 0-d input gives a NumPy scalar back.
* Anything else (strings, ``None``, complex numbers, object arrays, ...)
  raises :class:`TypeError`.
* The formulas are arranged so that no intermediate overflows: no
  ``RuntimeWarning`` is emitted for any finite or infinite input, and NaN
  propagates to NaN.  The naive ``1 / (1 + np.exp(-t))`` overflows for
  t < −709.78 and so loses the subnormal tail σ(t) ≈ e^{t} down to
  t ≈ −745.1 (where e^{t} drops below half the smallest subnormal).
* Everything is computed in float64.  float64 results are within 2 units in
  the last place (ulp) of the exact value (3 for ``sigmoid_grad`` and
  ``tanh_grad``); float16 and float32 results are the float64 result rounded
  once, within 1 ulp.  ``tests/test_activations.py`` checks these bounds
  against a 60-digit mpmath reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "log_sigmoid",
    "logit",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "sigmoid_pair",
    "softplus",
    "tanh",
    "tanh_grad",
]

RealResult = np.floating[Any] | NDArray[np.floating[Any]]

_FLOAT_DTYPES = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64))


def _as_real_array(x: ArrayLike, name: str) -> tuple[NDArray[np.floating[Any]], bool]:
    """Validate ``x`` and return it as a float array plus whether it was a scalar.

    Float16/32/64 arrays are returned without a copy; integer and boolean input
    is converted to float64.  Scalars and 0-d arrays come back with shape (1,)
    because NumPy ufuncs turn 0-d results into scalars, which cannot serve as
    ``out=`` buffers.  Raises ``TypeError`` for anything that is not real-valued.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:  # e.g. ragged nested lists
        raise TypeError(_bad_input_message(name, x, None)) from err
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype not in _FLOAT_DTYPES:
        raise TypeError(_bad_input_message(name, x, arr.dtype))
    return np.atleast_1d(arr), arr.ndim == 0


def _bad_input_message(name: str, x: object, dtype: np.dtype[Any] | None) -> str:
    got = type(x).__name__
    # For containers the element dtype is what tells the user what went wrong.
    if dtype is not None and isinstance(x, list | tuple | np.ndarray):
        got = f"{got} of dtype {dtype}"
    return (
        f"{name} expects a real number or an array of real numbers "
        f"(float16/32/64, integer or bool), got {got}"
    )


def _restore(y: NDArray[np.float64], dtype: np.dtype[Any], was_scalar: bool) -> RealResult:
    # All kernels work in float64.  For float16/float32 input the float64
    # result is within a few float64 ulp of the exact value, so rounding it
    # once to the narrow type is the simplest way to be (almost) correctly
    # rounded there: <= 1 ulp of the narrow type, and no separate
    # narrow-precision formulas to maintain.
    y = y.astype(dtype, copy=False)
    return y[0] if was_scalar else y


def _exp_neg_abs(t: NDArray[np.float64]) -> NDArray[np.float64]:
    # e^{-|t|} lies in [0, 1] for every t, so it cannot overflow; the stable
    # formulas below are written in terms of it.  copysign(t, -1) is -|t| in a
    # single pass over memory.
    e = np.copysign(t, -1.0)
    return np.exp(e, out=e)


def _over_one_plus(num: NDArray[np.float64], e: NDArray[np.float64]) -> NDArray[np.float64]:
    # The sigmoid as num / (1 + e), where e = e^{-|t|} and num = e^{min(t, 0)} gives σ(t)
    # or num = e gives σ(−|t|), then one correction step y <- num - e*y (both are fixed points:
    # 1/(1+e) = 1 - e/(1+e) and e/(1+e) = e - e*e/(1+e)).  The error of the quotient,
    # mostly from rounding 1 + e, then enters only through e*y and is damped by the factor
    # e: worst case measured 2.3 ulp without this step and 1.6 ulp with it.
    y = np.add(e, 1.0)
    np.divide(num, y, out=y)
    np.multiply(e, y, out=y)
    return np.subtract(num, y, out=y)


def _sigmoid_from(negative: NDArray[np.bool_], e: NDArray[np.float64]) -> NDArray[np.float64]:
    # σ(t) = e^{min(t, 0)} / (1 + e) for e = e^{-|t|}. The numerator is e where t < 0 and 1
    # elsewhere, selected by arithmetic on the mask: e·[t < 0] + [t ≥ 0] is exact in both
    # cases (and NaN stays NaN). On random signs this is measured faster than np.where, which
    # branches on every element, and than a second exponential.
    num = np.multiply(e, negative)
    num += ~negative
    return _over_one_plus(num, e)


def _sigmoid_grad64(t: NDArray[np.float64]) -> NDArray[np.float64]:
    e = _exp_neg_abs(t)
    # (1 + e)² is evaluated as 1 + e(2 + e), whose rounding errors are scaled
    # by e(2 + e)/(1 + e)² < 1 instead of being doubled by squaring a rounded
    # 1 + e: measured worst case about 2 ulp instead of 3.6.
    d = np.add(e, 2.0)
    np.multiply(d, e, out=d)
    d += 1.0
    return np.divide(e, d, out=e)


def sigmoid(x: ArrayLike) -> RealResult:
    r"""Logistic sigmoid.

    .. math:: \sigma(t) = \frac{1}{1 + e^{-t}} = \frac{e^{\min(t, 0)}}{1 + e^{-|t|}}

    The second form, i.e. ``1 / (1 + e)`` for t ≥ 0 and ``e / (1 + e)`` for
    t < 0 with ``e = exp(-|t|)``, is evaluated (followed by one correction
    step).  No exponential in it can overflow, and the subnormal tail
    σ(t) ≈ e^{t} for −745.1 < t < −708 is kept.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        σ(t), with the dtype and shape rules of this module.  σ(−∞) = 0 and
        σ(+∞) = 1 exactly.
    """
    arr, was_scalar = _as_real_array(x, "sigmoid")
    t = arr.astype(np.float64, copy=False)
    e = _exp_neg_abs(t)
    return _restore(_sigmoid_from(np.less(t, 0.0), e), arr.dtype, was_scalar)


def sigmoid_pair(x: ArrayLike) -> tuple[RealResult, RealResult]:
    r"""The sigmoid and its mirror image, σ(t) and σ(−t) = 1 − σ(t), from one exponential.

    .. math:: \sigma(\pm t) = \frac{e^{\min(\pm t,\, 0)}}{1 + e^{-|t|}}

    Both are computed as :func:`sigmoid` computes them, from the one exponential
    :math:`e^{-|t|}` they share: the pair is exactly ``sigmoid(t), sigmoid(-t)``, at the cost of
    one exponential instead of two. The smaller one, ≤ 1/2, keeps its relative accuracy where
    ``1 - sigmoid(t)`` would cancel: σ(−40) ≈ 4.2e-18, not 0.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    (numpy.floating or numpy.ndarray, numpy.floating or numpy.ndarray)
        σ(t) and σ(−t), with the dtype and shape rules of this module.

    Examples
    --------
    >>> p, q = sigmoid_pair([-40.0, 0.0, 2.0])
    >>> p.round(4), q.round(4)
    (array([0.    , 0.5   , 0.8808]), array([1.    , 0.5   , 0.1192]))
    """
    arr, was_scalar = _as_real_array(x, "sigmoid_pair")
    t = arr.astype(np.float64, copy=False)
    # One exponential serves both: e^{-|t|} is the same for t and −t.
    e = _exp_neg_abs(t)
    lower = _sigmoid_from(np.less(t, 0.0), e)
    upper = _sigmoid_from(np.greater(t, 0.0), e)
    return _restore(lower, arr.dtype, was_scalar), _restore(upper, arr.dtype, was_scalar)


def sigmoid_grad(x: ArrayLike) -> RealResult:
    r"""Derivative of the logistic sigmoid.

    .. math:: \sigma'(t) = \sigma(t)\,(1 - \sigma(t)) = \sigma(t)\,\sigma(-t)
              = \frac{e^{-|t|}}{(1 + e^{-|t|})^2}

    The last form is used (its denominator as 1 + e(2 + e) with
    e = e^{−|t|}): ``σ(1 − σ)`` would compute ``1 − σ`` = 0 once σ(t) rounds
    to 1 (t ≳ 37), whereas σ'(40) ≈ 4.25e-18.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        σ'(t); 1/4 at t = 0 and 0 at t = ±∞.
    """
    arr, was_scalar = _as_real_array(x, "sigmoid_grad")
    t = arr.astype(np.float64, copy=False)
    return _restore(_sigmoid_grad64(t), arr.dtype, was_scalar)


def logit(x: ArrayLike) -> RealResult:
    r"""Logit, the inverse of the sigmoid.

    .. math:: \operatorname{logit}(p) = \log\frac{p}{1 - p}

    Near p = 1/2 the ratio p/(1 − p) is close to 1 and its logarithm would
    lose relative accuracy, so for 1/4 ≤ p ≤ 3/4 the equivalent
    ``±log1p(|2p − 1| / min(p, 1 − p))`` is used, in which both the numerator
    and the denominator are exact.

    Parameters
    ----------
    x : array_like
        Probability (or probabilities) p.

    Returns
    -------
    numpy.floating or numpy.ndarray
        logit(p).  As in ``scipy.special.logit``: −∞ at p = 0, +∞ at p = 1 and
        NaN for p outside [0, 1] or NaN.
    """
    arr, was_scalar = _as_real_array(x, "logit")
    p = arr.astype(np.float64, copy=False)
    # The singularities at 0 and 1 and the NaN outside [0, 1] are the intended
    # values; they arise from log(0), 1/0 and log(negative), so silence exactly
    # those floating-point flags here and nowhere else.
    with np.errstate(divide="ignore", invalid="ignore"):
        far = np.log(p / (1.0 - p))
    # Clipping keeps 2p from overflowing for huge p; those lanes take `far`.
    q = np.clip(p, 0.25, 0.75)
    centred = 2.0 * q - 1.0
    near = np.copysign(np.log1p(np.abs(centred) / np.minimum(q, 1.0 - q)), centred)
    y = np.where((p >= 0.25) & (p <= 0.75), near, far)
    return _restore(y, arr.dtype, was_scalar)


def softplus(x: ArrayLike) -> RealResult:
    r"""Softplus, a smooth version of the rectifier.

    .. math:: \operatorname{softplus}(t) = \log(1 + e^{t})
              = \max(t, 0) + \log(1 + e^{-|t|})

    The second form never overflows and adds two non-negative terms, so there
    is no cancellation.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        softplus(t); 0 at −∞, +∞ at +∞ and log 2 at 0.
    """
    arr, was_scalar = _as_real_array(x, "softplus")
    t = arr.astype(np.float64, copy=False)
    y = np.log1p(_exp_neg_abs(t))
    y += np.maximum(t, 0.0)
    return _restore(y, arr.dtype, was_scalar)


def log_sigmoid(x: ArrayLike) -> RealResult:
    r"""Logarithm of the sigmoid.

    .. math:: \log\sigma(t) = -\operatorname{softplus}(-t)
              = \min(t, 0) - \log(1 + e^{-|t|})

    Unlike ``log(sigmoid(t))`` this stays finite and exact for very negative
    t, e.g. ``log_sigmoid(-800.0) == -800.0``.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        log σ(t); −∞ at −∞, 0 at +∞ and −log 2 at 0.
    """
    arr, was_scalar = _as_real_array(x, "log_sigmoid")
    t = arr.astype(np.float64, copy=False)
    y = np.log1p(_exp_neg_abs(t))
    np.subtract(np.minimum(t, 0.0), y, out=y)
    return _restore(y, arr.dtype, was_scalar)


def tanh(x: ArrayLike) -> RealResult:
    r"""Hyperbolic tangent.

    .. math:: \tanh(t) = \frac{e^{t} - e^{-t}}{e^{t} + e^{-t}} = 2\sigma(2t) - 1

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        tanh(t); ±1 at ±∞.
    """
    arr, was_scalar = _as_real_array(x, "tanh")
    t = arr.astype(np.float64, copy=False)
    return _restore(np.tanh(t), arr.dtype, was_scalar)


def tanh_grad(x: ArrayLike) -> RealResult:
    r"""Derivative of the hyperbolic tangent.

    .. math:: \tanh'(t) = 1 - \tanh^2(t) = 4\,\sigma'(2t)
              = \frac{4 e^{-2|t|}}{(1 + e^{-2|t|})^2}

    The last form is used because ``1 − tanh²`` cancels to 0 once tanh(t)
    rounds to ±1 (|t| ≳ 19), long before the true value underflows.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        1 − tanh²(t); 1 at t = 0 and 0 at t = ±∞.
    """
    arr, was_scalar = _as_real_array(x, "tanh_grad")
    t = arr.astype(np.float64, copy=False)
    # Beyond |t| = 400 the result underflows to 0 anyway; clipping first keeps
    # 2t from overflowing for |t| near the largest float.
    y = _sigmoid_grad64(2.0 * np.clip(t, -400.0, 400.0))
    y *= 4.0
    return _restore(y, arr.dtype, was_scalar)


def relu(x: ArrayLike) -> RealResult:
    r"""Rectified linear unit.

    .. math:: \operatorname{relu}(t) = \max(t, 0)

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        max(t, 0); NaN for NaN.
    """
    arr, was_scalar = _as_real_array(x, "relu")
    t = arr.astype(np.float64, copy=False)
    return _restore(np.maximum(t, 0.0), arr.dtype, was_scalar)


def relu_grad(x: ArrayLike) -> RealResult:
    r"""Derivative of the rectifier: the Heaviside step function.

    .. math:: H(t) = \begin{cases} 0 & t \le 0 \\ 1 & t > 0 \end{cases}

    relu is not differentiable at 0; by convention (the one used by common
    deep-learning frameworks) the value there is 0, i.e. H(0) = 0.

    Parameters
    ----------
    x : array_like
        Real number(s) t.

    Returns
    -------
    numpy.floating or numpy.ndarray
        H(t): 1 for t > 0, 0 for t ≤ 0 (including t = −0.0), NaN for NaN.
    """
    arr, was_scalar = _as_real_array(x, "relu_grad")
    t = arr.astype(np.float64, copy=False)
    return _restore(np.heaviside(t, 0.0), arr.dtype, was_scalar)
