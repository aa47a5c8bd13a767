r"""Binomial GLMs for dose–response counts: three links, Fisher scoring, deviance, LD50 intervals.

:func:`fit_binomial` fits grouped counts with three S-curves (logit, probit, complementary
log-log) and gives the LD50 with the delta method's and Fieller's confidence intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri, xlogy

from .activations import sigmoid
from .likelihood import _separable
from .validation import _check_number, _real_array

LINKS = ("logit", "probit", "cloglog")
"""The S-curves :func:`fit_binomial` accepts."""


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
    models; the standard errors come from the inverse Fisher (expected) information
    :math:`(\tilde X^\top U \tilde X)^{-1}`. For the logit link, the canonical one, this is
    Newton's method and the information is also the Hessian of −ln L (the observed
    information); for probit and cloglog the Hessian has an extra term weighted by the
    residuals, so the two differ.

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
