"""The sigmoid in computer algebra, and one way to prove that two expressions agree.

Every derivation in the course ends in a call to :func:`assert_identical`: sympy first tries to
simplify ``lhs - rhs`` to zero; when simplification is not strong enough (sympy cannot always
see through nested exponentials), the two sides are compared at many points with 50-digit
arithmetic. The returned :class:`IdentityCheck` says which of the two settled it, so a reader
knows whether they saw a proof or strong numerical evidence.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import mpmath
import sympy as sp

t = sp.Symbol("t", real=True)
"""The real argument of σ, as in σ(t)."""

s, p, k, y, z, z1, z2 = sp.symbols("s p k y z z1 z2", real=True)
"""The course's other shared symbols (see book/notation.md): s = σ(t), a probability p, a
steepness k, a label y, logits z, z1, z2. Chapters and answer keys import them from here, so
that an expression a student builds with them is the same object the answer key uses."""

SYMBOLS: dict[str, sp.Symbol] = {v.name: v for v in (t, s, p, k, y, z, z1, z2)}
"""The shared symbols by name."""


def sigma(arg: sp.Expr) -> sp.Expr:
    r"""The standard logistic function as a sympy expression.

    .. math:: \sigma(t) = \frac{1}{1 + e^{-t}}

    Parameters
    ----------
    arg : sympy.Expr
        The argument, e.g. ``t`` or ``k*t``.

    Returns
    -------
    sympy.Expr
        ``1 / (1 + exp(-arg))``.
    """
    return 1 / (1 + sp.exp(-_sympify(arg, "arg")))


def logit(arg: sp.Expr) -> sp.Expr:
    r"""The inverse of σ, as a sympy expression.

    .. math:: \operatorname{logit}(p) = \ln\frac{p}{1-p}, \qquad p \in (0, 1)

    Parameters
    ----------
    arg : sympy.Expr
        The probability ``p``.

    Returns
    -------
    sympy.Expr
        ``log(arg / (1 - arg))``.
    """
    arg = _sympify(arg, "arg")
    return sp.log(arg / (1 - arg))


@dataclass(frozen=True)
class IdentityCheck:
    """How :func:`assert_identical` established that two expressions agree.

    Attributes
    ----------
    method : {"simplify", "numeric"}
        ``"simplify"``: sympy reduced ``lhs - rhs`` to zero, a proof.
        ``"numeric"``: the sides agreed to ``digits`` significant digits at ``points`` points.
    points : int
        Number of points compared (0 for a symbolic proof).
    digits : int
        Working precision of the numeric comparison (0 for a symbolic proof).
    """

    method: Literal["simplify", "numeric"]
    points: int = 0
    digits: int = 0

    def __str__(self) -> str:
        if self.method == "simplify":
            return "identical: sympy simplifies the difference to 0"
        return (
            f"identical at {self.points} points to {self.digits} digits "
            "(sympy could not simplify the difference to 0)"
        )


def assert_identical(
    lhs: sp.Expr | float,
    rhs: sp.Expr | float,
    *,
    domain: Mapping[sp.Symbol, tuple[float, float]] | None = None,
    points: int = 200,
    digits: int = 50,
    seed: int = 0,
) -> IdentityCheck:
    """Assert that two expressions are equal for every value of their free symbols.

    First ``sympy.simplify(lhs - rhs) == 0`` is tried. If that fails, both sides are evaluated
    with ``digits`` significant digits at ``points`` points drawn uniformly from ``domain``
    (plus its midpoint) and must agree to within ``10**(-digits/2)`` relative to their size.

    Parameters
    ----------
    lhs, rhs : sympy.Expr or number
        The two sides of the claimed identity.
    domain : mapping from symbol to (low, high), optional
        Where each free symbol is sampled. Symbols not listed are sampled from
        ``(-20, 20)``, or ``(1e-3, 20)`` if declared positive.
    points : int
        Number of random points for the numeric comparison.
    digits : int
        Working precision of the numeric comparison, in decimal digits.
    seed : int
        Seed of the point sampler, so that a check is reproducible.

    Returns
    -------
    IdentityCheck
        Which method established the identity.

    Raises
    ------
    AssertionError
        If the sides differ at some point; the message names the point and both values.
    TypeError
        If a side is not a sympy expression or a number.
    ValueError
        If ``points`` or ``digits`` is not positive, or a domain interval is empty.
    """
    lhs, rhs = _sympify(lhs, "lhs"), _sympify(rhs, "rhs")
    if points < 1 or digits < 1:
        raise ValueError(f"points and digits must be positive, got {points} and {digits}")
    difference = lhs - rhs
    if sp.simplify(difference) == 0:
        return IdentityCheck("simplify")

    symbols = sorted(difference.free_symbols, key=str)
    intervals = {s: _interval(s, domain) for s in symbols}
    sampler = random.Random(seed)
    samples = [{s: (lo + hi) / 2 for s, (lo, hi) in intervals.items()}]
    samples += [
        {s: sampler.uniform(lo, hi) for s, (lo, hi) in intervals.items()} for _ in range(points)
    ]
    left_at = sp.lambdify(symbols, lhs, modules="mpmath")
    right_at = sp.lambdify(symbols, rhs, modules="mpmath")
    with mpmath.workdps(digits):
        tolerance = mpmath.mpf(10) ** (-(digits // 2))
        for values in samples:
            args = [mpmath.mpf(values[s]) for s in symbols]
            left, right = left_at(*args), right_at(*args)
            where = ", ".join(f"{s}={v:.6g}" for s, v in values.items())
            if not (mpmath.isfinite(left) and mpmath.isfinite(right)):
                raise AssertionError(f"not comparable: at {where}, lhs = {left}, rhs = {right}")
            scale = max(1, abs(left), abs(right))
            if not abs(left - right) <= tolerance * scale:
                raise AssertionError(
                    f"not identical: at {where}, "
                    f"lhs = {mpmath.nstr(left, 12)} but rhs = {mpmath.nstr(right, 12)}"
                )
    return IdentityCheck("numeric", points=len(samples), digits=digits)


def _interval(
    symbol: sp.Symbol, domain: Mapping[sp.Symbol, tuple[float, float]] | None
) -> tuple[float, float]:
    if domain is not None and symbol in domain:
        low, high = (float(v) for v in domain[symbol])
        if not low < high:
            raise ValueError(f"domain of {symbol} must be an interval (low, high), got {low, high}")
        return low, high
    return (1e-3, 20.0) if symbol.is_positive else (-20.0, 20.0)


def _sympify(value: object, name: str) -> sp.Expr:
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sp.sympify(value)
    raise TypeError(
        f"{name} must be a sympy expression or a real number, got {type(value).__name__}"
    )
