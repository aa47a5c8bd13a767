"""Where floating point changes an answer: exact thresholds found by bisection over floats."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_UINT_OF = {
    np.dtype(np.float64): np.uint64,
    np.dtype(np.float32): np.uint32,
    np.dtype(np.float16): np.uint16,
}


def float_threshold(
    predicate: Callable[[np.floating], bool],
    low: float,
    high: float,
    dtype: type[np.floating] = np.float64,
) -> np.floating:
    """The smallest float in [low, high] at which a predicate becomes true.

    Bisection runs over the floats themselves (their ordered bit patterns), not over the reals,
    so the result is exact: ``predicate`` is false at the float just below it.

    Parameters
    ----------
    predicate : callable
        Maps a scalar of ``dtype`` to bool; must be false at ``low``, true at ``high``, and change
        only once in between.
    low, high : float
        The bracket, ``low < high``.
    dtype : numpy floating type
        float16, float32 or float64.

    Returns
    -------
    numpy floating scalar
        The first float, in ``dtype``, where ``predicate`` holds.
    """
    dtype = np.dtype(dtype)
    if dtype not in _UINT_OF:
        raise TypeError(f"dtype must be float16, float32 or float64, got {dtype}")
    lo, hi = dtype.type(low), dtype.type(high)
    if not lo < hi:
        raise ValueError(f"need low < high, got {low} and {high}")
    if predicate(lo) or not predicate(hi):
        raise ValueError("predicate must be false at low and true at high")
    lo_key, hi_key = _ordered_key(lo), _ordered_key(hi)
    while hi_key - lo_key > 1:
        mid_key = (lo_key + hi_key) // 2
        if predicate(_float_of_key(mid_key, dtype)):
            hi_key = mid_key
        else:
            lo_key = mid_key
    return _float_of_key(hi_key, dtype)


def _ordered_key(x: np.floating) -> int:
    # A float's bits read as an unsigned integer grow with |x|; negating the magnitude of
    # negative floats makes the keys grow with x itself, -0.0 and 0.0 both becoming 0.
    unsigned = int(np.array(x).view(_UINT_OF[x.dtype]))
    sign_bit = 1 << (8 * x.dtype.itemsize - 1)
    return -(unsigned & ~sign_bit) if unsigned & sign_bit else unsigned


def _float_of_key(key: int, dtype: np.dtype) -> np.floating:
    sign_bit = 1 << (8 * dtype.itemsize - 1)
    unsigned = key if key >= 0 else (-key) | sign_bit
    return np.array(unsigned, dtype=_UINT_OF[dtype]).view(dtype)[()]
