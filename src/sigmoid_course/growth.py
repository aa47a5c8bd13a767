r"""Logistic growth and its fit to census data.

``logistic_growth(t, K, r, t0)`` is N(τ) = K σ(r(τ − τ₀)), the solution of N' = rN(1 − N/K);
and two ways of fitting it to counts of a population: :func:`fit_logistic_growth`, by
least squares, with standard errors (it finds its own starting values, so that its result
does not depend on a guess), and :func:`logistic_through`, the curve through three equally
spaced counts, Pearl and Reed's (1920) method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import sigmoid
from .validation import _finite, _finite_array, _is_real, _positive

__all__ = [
    "LogisticFit",
    "ceiling_profile",
    "fit_logistic_growth",
    "logistic_growth",
    "logistic_through",
]


def logistic_growth(t: ArrayLike, K: float, r: float, t0: float) -> NDArray[np.float64]:
    r"""The logistic growth curve, the solution of Verhulst's equation.

    .. math:: N(\tau) = K\,\sigma\bigl(r(\tau - \tau_0)\bigr), \qquad
              N' = rN\Bigl(1 - \frac{N}{K}\Bigr)

    Parameters
    ----------
    t : array_like
        Times τ (any unit, e.g. years).
    K : float
        Carrying capacity, the ceiling the curve approaches; positive.
    r : float
        Intrinsic growth rate, per unit of time; finite and non-zero.
    t0 : float
        Time of the inflection, where N = K/2.

    Returns
    -------
    ndarray of float64
        N(τ), the shape of ``t``. Computed with the stable σ, so that no intermediate
        overflows however far τ is from τ₀.

    Examples
    --------
    >>> float(logistic_growth(1900.0, K=200.0, r=0.03, t0=1900.0))
    100.0
    """
    times = _finite_array(t, "t")
    K, r, t0 = _positive(K, "K"), _finite(r, "r"), _finite(t0, "t0")
    if r == 0:
        raise ValueError("r must be non-zero: with r = 0 the population never changes")
    return K * np.asarray(sigmoid(r * (times - t0)), dtype=np.float64)


@dataclass(frozen=True)
class LogisticFit:
    r"""The least-squares logistic curve through a population's counts.

    Attributes
    ----------
    K, r, t0 : float
        Carrying capacity, growth rate and inflection time of N(τ) = K σ(r(τ − τ₀)).
    se_K, se_r, se_t0 : float
        Their standard errors, from ``covariance``.
    covariance : ndarray, shape (3, 3)
        Estimated covariance of (K, r, t0): s² (JᵀJ)⁻¹ with s² = RSS/(m − 3) for m counts and
        J the Jacobian of the curve at the fit. It assumes independent errors of equal size;
        residuals that are correlated in time make it too small.
    residuals : ndarray
        Counts minus the fitted curve, in the order given.
    iterations : int
        Levenberg–Marquardt steps taken after the starting grid.
    """

    K: float
    r: float
    t0: float
    se_K: float
    se_r: float
    se_t0: float
    covariance: NDArray[np.float64]
    residuals: NDArray[np.float64]
    iterations: int

    def predict(self, t: ArrayLike) -> NDArray[np.float64]:
        """The fitted curve at times ``t``."""
        return logistic_growth(t, self.K, self.r, self.t0)


def fit_logistic_growth(t: ArrayLike, P: ArrayLike, *, max_iterations: int = 200) -> LogisticFit:
    r"""Fit N(τ) = K σ(r(τ − τ₀)) to counts by least squares in N, with standard errors.

    Minimises :math:`\sum_i \bigl(P_i - K\sigma(r(t_i - \tau_0))\bigr)^2`, the squared error
    in the counts themselves. (Least squares in ln P would give each count the same *relative*
    weight; in P, the large late counts, which carry the information about the ceiling, weigh
    most.) Pearl and Reed (1920) did not fit by least squares: they put the curve through three
    counts, which :func:`logistic_through` does.

    No starting values are needed: for each of 120 trial ceilings κ above the largest count,
    logit(P/κ) is linear in t, so a straight-line fit gives r and τ₀; the best of these curves
    starts a Levenberg–Marquardt iteration over (ln K, r, τ₀) in rescaled units (t centred and
    scaled, P divided by its maximum), so the result does not depend on the units or the
    origin of time.

    Parameters
    ----------
    t : array_like
        Times of the counts, finite and not all equal.
    P : array_like
        The counts, positive and finite, as many as ``t``; at least 4.
    max_iterations : int
        Most Levenberg–Marquardt steps before giving up.

    Returns
    -------
    LogisticFit

    Raises
    ------
    ValueError
        For fewer than 4 points, lengths that differ, times that are not finite or all equal,
        counts that are not positive and finite, or a fit that does not converge (for example
        counts that grow without any bend, whose ceiling the data do not determine).

    Examples
    --------
    >>> years = np.arange(0.0, 100.0, 10.0)
    >>> fit = fit_logistic_growth(years, logistic_growth(years, K=50.0, r=0.1, t0=40.0))
    >>> round(fit.K, 6), round(fit.r, 6), round(fit.t0, 6)
    (50.0, 0.1, 40.0)
    """
    times, counts = _fit_data(t, P)
    if not isinstance(max_iterations, int) or max_iterations < 1:
        raise ValueError(f"max_iterations must be a positive integer, got {max_iterations!r}")
    centre, spread = float(np.mean(times)), float(np.std(times))
    peak = float(np.max(counts))
    u, y = (times - centre) / spread, counts / peak

    # Parameters in rescaled units: y ≈ κ σ(a + b u), as (ln κ, a, b).
    params, iterations = _levenberg_marquardt(
        _starting_values(u, y), u, y, free=np.ones(3, dtype=bool), max_iterations=max_iterations
    )
    log_kappa, a, b = params
    K, r, t0 = float(np.exp(log_kappa) * peak), float(b / spread), float(centre - a / b * spread)
    covariance = _covariance(times, counts, K, r, t0)
    errors = np.sqrt(np.diag(covariance))
    return LogisticFit(
        K=K,
        r=r,
        t0=t0,
        se_K=float(errors[0]),
        se_r=float(errors[1]),
        se_t0=float(errors[2]),
        covariance=covariance,
        residuals=counts - logistic_growth(times, K, r, t0),
        iterations=iterations,
    )


def logistic_through(t: ArrayLike, P: ArrayLike) -> tuple[float, float, float]:
    r"""The logistic curve through three equally spaced counts: Pearl and Reed's (1920) method.

    With :math:`u = 1/N`, the curve :math:`N(\tau) = K\sigma\bigl(r(\tau - \tau_0)\bigr)` is
    :math:`u = \bigl(1 + e^{-r(\tau - \tau_0)}\bigr)/K`, so three counts at
    :math:`\tau_1,\ \tau_1 + h,\ \tau_1 + 2h` determine it:

    .. math:: e^{-rh} = \frac{u_2 - u_3}{u_1 - u_2}, \qquad
              \frac1K = \frac{u_1 u_3 - u_2^2}{u_1 + u_3 - 2u_2}, \qquad
              \tau_0 = \tau_1 + \frac{\ln(K u_1 - 1)}{r}.

    Parameters
    ----------
    t : array_like of 3 floats
        The times, equally spaced and increasing.
    P : array_like of 3 floats
        The counts at those times, positive and finite.

    Returns
    -------
    tuple of float
        ``(K, r, t0)``: the curve passes exactly through the three points.

    Raises
    ------
    ValueError
        For anything but three equally spaced increasing times and three positive counts, or
        counts that no logistic curve passes through (equal, exponential or bending the wrong
        way, e.g. growth that speeds up from the first to the second interval more than a
        logistic curve can).

    Examples
    --------
    >>> years = np.array([0.0, 30.0, 60.0])
    >>> K, r, t0 = logistic_through(years, logistic_growth(years, K=50.0, r=0.1, t0=40.0))
    >>> round(K, 9), round(r, 9), round(t0, 9)
    (50.0, 0.1, 40.0)
    """
    times = _finite_array(t, "t")
    if times.shape != (3,):
        raise ValueError(f"t must be three times, got {times.tolist()}")
    step = times[1] - times[0]
    if step <= 0 or not np.isclose(times[2] - times[1], step, rtol=1e-12, atol=0):
        raise ValueError(f"t must be equally spaced and increasing, got {times.tolist()}")
    if not _is_real(P) or np.shape(P) != (3,):
        raise ValueError(f"P must be three positive, finite counts, got {P!r}")
    counts = np.asarray(P, dtype=np.float64)
    if not np.all(np.isfinite(counts)) or np.any(counts <= 0):
        raise ValueError(f"P must be three positive, finite counts, got {counts.tolist()}")
    u1, u2, u3 = 1 / counts
    ratio = (u2 - u3) / (u1 - u2) if u1 != u2 else 0.0
    inverse_k = (u1 * u3 - u2**2) / (u1 + u3 - 2 * u2) if ratio not in (0.0, 1.0) else 0.0
    if ratio <= 0 or ratio == 1 or not 0 < inverse_k < min(u1, u3):
        raise ValueError(
            f"no logistic curve passes through the counts {counts.tolist()}: their reciprocals "
            "must move in one direction towards a positive limit, each step a fixed multiple "
            "(not 1) of the one before"
        )
    K, r = 1 / inverse_k, -np.log(ratio) / step
    return float(K), float(r), float(times[0] + np.log(K * u1 - 1) / r)


def ceiling_profile(t: ArrayLike, P: ArrayLike, K: ArrayLike) -> NDArray[np.float64]:
    r"""The smallest squared error of a logistic curve with a given ceiling, for each ceiling.

    .. math:: \operatorname{RSS}(K) = \min_{r,\,\tau_0}\;
              \sum_i \bigl(P_i - K\sigma(r(t_i - \tau_0))\bigr)^2

    Where this profile has a clear minimum, the counts determine the ceiling; where it keeps
    falling as K grows, they do not (any large enough K fits, the larger the better).

    Parameters
    ----------
    t, P : array_like
        Times and counts, as for :func:`fit_logistic_growth`.
    K : array_like
        Trial ceilings, each larger than every count.

    Returns
    -------
    ndarray of float64
        RSS(K), the shape of ``K``, in the squared unit of ``P``.

    Examples
    --------
    >>> years = np.arange(0.0, 100.0, 10.0)
    >>> counts = logistic_growth(years, K=50.0, r=0.1, t0=40.0)
    >>> profile = ceiling_profile(years, counts, [50.0, 55.0, 70.0])
    >>> int(np.argmin(profile))
    0
    """
    times, counts = _fit_data(t, P)
    ceilings = _finite_array(K, "K")
    if np.any(ceilings <= np.max(counts)):
        raise ValueError(f"every trial ceiling K must exceed the largest count {np.max(counts):g}")
    centre, spread, peak = float(np.mean(times)), float(np.std(times)), float(np.max(counts))
    u, y = (times - centre) / spread, counts / peak
    fixed_k = np.array([False, True, True])
    profile = np.empty(ceilings.shape)
    for index, ceiling in np.ndenumerate(ceilings):
        start = _lines_through_logits(u, y, np.array([ceiling / peak]))[0]
        params, _ = _levenberg_marquardt(start, u, y, free=fixed_k, max_iterations=200)
        profile[index] = _sse(params, u, y) * peak**2
    return profile


def _levenberg_marquardt(
    params: NDArray[np.float64],
    u: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    free: NDArray[np.bool_],
    max_iterations: int,
) -> tuple[NDArray[np.float64], int]:
    sse = _sse(params, u, y)
    damping = 1e-3
    for iteration in range(1, max_iterations + 1):
        jacobian, residual = _jacobian(params, u, y)
        jacobian = jacobian[:, free]
        normal = jacobian.T @ jacobian
        gradient = jacobian.T @ residual
        improved = False
        while damping < 1e12:
            # Marquardt's scaling by diag(JᵀJ) makes the step independent of parameter units.
            step = _solve(normal + damping * np.diag(np.diag(normal)), gradient)
            trial = params.copy()
            if step is not None:
                trial[free] += step
            trial_sse = _sse(trial, u, y) if step is not None else np.inf
            if trial_sse < sse:
                improved, damping = True, max(damping / 10, 1e-12)
                break
            damping *= 10
        if improved:
            done = sse - trial_sse <= 1e-14 * max(sse, 1e-300) or np.all(
                np.abs(step) <= 1e-12 * (1 + np.abs(params[free]))
            )
            params, sse = trial, trial_sse
            if params[0] > np.log(1e6):
                raise ValueError(
                    "the fit did not converge: the ceiling K runs off beyond a million times "
                    "the largest count; the data show no bend that would determine it"
                )
        if not improved or done:
            # No step lowers the error, or steps have become negligible: a minimum only if
            # the gradient vanishes there.
            jacobian, residual = _jacobian(params, u, y)
            if np.linalg.norm(jacobian[:, free].T @ residual) > 1e-6 * max(np.linalg.norm(y), 1):
                raise ValueError("the fit did not converge: the gradient at the end is not zero")
            return params, iteration
    raise ValueError(f"the fit did not converge in {max_iterations} iterations")


def _fit_data(t: ArrayLike, P: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    times = _finite_array(t, "t")
    if not _is_real(P):
        raise ValueError(f"P must be positive, finite counts, got {P!r}")
    counts = np.asarray(P, dtype=np.float64)
    if times.ndim != 1 or counts.ndim != 1:
        raise ValueError("t and P must be one-dimensional sequences")
    if len(times) != len(counts):
        raise ValueError(f"t and P must have the same length, got {len(times)} and {len(counts)}")
    if len(times) < 4:
        raise ValueError(f"a fit of three parameters needs at least 4 points, got {len(times)}")
    if not np.all(np.isfinite(counts)) or np.any(counts <= 0):
        raise ValueError(f"P must be positive, finite counts, got {counts.tolist()}")
    if np.ptp(times) == 0:
        raise ValueError("the times t must not all be equal")
    return times, counts


def _starting_values(u: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    candidates = _lines_through_logits(u, y, np.max(y) * np.geomspace(1.0005, 1e3, 120))
    fitted = np.exp(candidates[:, :1]) * sigmoid(candidates[:, 1:2] + candidates[:, 2:] * u)
    return candidates[np.argmin(np.sum((y - fitted) ** 2, axis=1))]


def _lines_through_logits(
    u: NDArray[np.float64], y: NDArray[np.float64], kappas: NDArray[np.float64]
) -> NDArray[np.float64]:
    # For a fixed ceiling κ, logit(y/κ) = a + b u is a straight line: fit it by least squares,
    # for every κ at once. Returns one row (ln κ, a, b) per κ.
    design = np.column_stack([np.ones_like(u), u])
    logits = np.log(y[:, None] / (kappas[None, :] - y[:, None]))
    a, b = np.linalg.pinv(design) @ logits
    return np.column_stack([np.log(kappas), a, b])


def _sse(params: NDArray[np.float64], u: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    log_kappa, a, b = params
    if not np.all(np.isfinite(params)) or log_kappa > 700:
        return np.inf
    return float(np.sum((y - np.exp(log_kappa) * sigmoid(a + b * u)) ** 2))


def _jacobian(
    params: NDArray[np.float64], u: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    log_kappa, a, b = params
    s = np.asarray(sigmoid(a + b * u))
    fitted = np.exp(log_kappa) * s
    slope = fitted * (1 - s)
    return np.column_stack([fitted, slope, slope * u]), y - fitted


def _solve(matrix: NDArray[np.float64], vector: NDArray[np.float64]) -> Any:
    try:
        step = np.linalg.solve(matrix, vector)
    except np.linalg.LinAlgError:
        return None
    return step if np.all(np.isfinite(step)) else None


def _covariance(
    times: NDArray[np.float64], counts: NDArray[np.float64], K: float, r: float, t0: float
) -> NDArray[np.float64]:
    s = np.asarray(sigmoid(r * (times - t0)))
    slope = K * s * (1 - s)
    jacobian = np.column_stack([s, slope * (times - t0), -slope * r])
    residual = counts - K * s
    variance = float(residual @ residual) / (len(times) - 3)
    # Equilibrate the columns before inverting: K is ~1e8 where r is ~1e-2.
    norms = np.linalg.norm(jacobian, axis=0)
    scaled = jacobian / norms
    inverse = np.linalg.inv(scaled.T @ scaled)
    return variance * inverse / np.outer(norms, norms)
