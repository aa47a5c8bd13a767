r"""Cooperative binding: the Hill equation and a model of haemoglobin's oxygen saturation.

Two curves, each σ of a logarithm:

================================  ===========================================================
``hill(L, K, n)``                 θ = [L]ⁿ / (K_dⁿ + [L]ⁿ) = σ(n (ln [L] − ln K_d))
``severinghaus_saturation(po2)``  Severinghaus's (1979) model of haemoglobin's O₂ saturation
================================  ===========================================================
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import sigmoid
from .validation import _is_real, _positive

__all__ = ["hill", "severinghaus_saturation"]

SEVERINGHAUS_CONSTANTS = (23400.0, 150.0)
"""The two constants of Severinghaus's (1979) equation, in mmHg³ and mmHg²."""


def hill(L: ArrayLike, K: float, n: float) -> NDArray[np.float64]:
    r"""The Hill equation: the fraction of binding sites occupied at ligand concentration L.

    .. math:: \theta = \frac{[\mathrm{L}]^{n}}{K_d^{n} + [\mathrm{L}]^{n}}
              = \sigma\bigl(n(\ln[\mathrm{L}] - \ln K_d)\bigr)

    The second form is the one computed: it cannot overflow, so θ stays exact where the first
    form gives ∞/∞ (large [L]) or 0/0 (tiny [L] and K_d).

    Parameters
    ----------
    L : array_like
        Ligand concentrations, non-negative (0 and +∞ allowed).
    K : float
        K_d, the concentration of half occupancy, in the unit of ``L``; positive.
    n : float
        Hill coefficient n_H; positive.

    Returns
    -------
    ndarray of float64
        θ in [0, 1], the shape of ``L``.

    Examples
    --------
    >>> float(hill(2.0, K=2.0, n=3.0))
    0.5
    >>> float(hill(1e200, K=1.0, n=4.0))   # L**4 would overflow
    1.0
    """
    concentration = np.asarray(L, dtype=np.float64) if _is_real(L) else None
    if concentration is None or np.any(np.isnan(concentration)) or np.any(concentration < 0):
        raise ValueError(f"L must be non-negative concentrations, got {L!r}")
    K, n = _positive(K, "K"), _positive(n, "n")
    with np.errstate(divide="ignore"):  # ln 0 = −∞ is wanted: θ(0) = σ(−∞) = 0
        log_l = np.log(concentration)
    return np.asarray(sigmoid(n * (log_l - np.log(K))), dtype=np.float64)


def severinghaus_saturation(po2: ArrayLike) -> NDArray[np.float64]:
    r"""Haemoglobin's oxygen saturation in Severinghaus's (1979) model (a model, not data).

    .. math:: S = \Bigl(\frac{23400}{P^3 + 150\,P} + 1\Bigr)^{-1}
              = \sigma\bigl(\ln(P^3 + 150\,P) - \ln 23400\bigr)

    Severinghaus fitted this equation to human blood at 37 °C, pH 7.40 and base excess 0; it
    is a smooth summary of measurements, not the measurements themselves. The σ form is the
    one computed, so that P = 0 gives 0 and huge P gives 1 without a warning.

    Parameters
    ----------
    po2 : array_like
        Partial pressure of oxygen P in mmHg, non-negative.

    Returns
    -------
    ndarray of float64
        The saturation S in [0, 1].

    Examples
    --------
    >>> round(float(severinghaus_saturation(100.0)), 4)
    0.9775
    """
    pressure = np.asarray(po2, dtype=np.float64) if _is_real(po2) else None
    if pressure is None or np.any(np.isnan(pressure)) or np.any(pressure < 0):
        raise ValueError(f"po2 must be non-negative pressures in mmHg, got {po2!r}")
    scale, linear = SEVERINGHAUS_CONSTANTS
    with np.errstate(divide="ignore", over="ignore"):  # ln 0 = −∞ and P² = ∞ are both exact
        log_q = np.log(pressure) + np.log(pressure**2 + linear)
    return np.asarray(sigmoid(log_q - np.log(scale)), dtype=np.float64)
