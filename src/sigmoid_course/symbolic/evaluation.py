"""Evaluating a sympy expression at a point in mpmath, by walking it: bounded and safe.

Nothing is compiled or executed, only arithmetic and the course's functions are computed, and
exponents too large for any float give infinity or zero, so that a value takes bounded time
whatever the expression (a student's answer included).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import sympy as sp


class NotEvaluable(Exception):
    """An expression contains something :func:`evaluate` cannot compute."""


_HUGE = 10**9
"""Beyond this, an exponent makes a value infinite or zero for every purpose of comparison
(float64 overflows at e^709.8), and computing it exactly would take unbounded time."""


def _exp(x: Any) -> Any:
    if is_finite_number(x) and abs(mpmath.re(x)) > _HUGE:
        return mpmath.inf if mpmath.re(x) > 0 else mpmath.mpf(0)
    return mpmath.exp(x)


def _power(base: Any, exponent: Any) -> Any:
    if base == 0:
        return mpmath.nan if mpmath.re(exponent) <= 0 else mpmath.mpf(0)
    if is_finite_number(base) and is_finite_number(exponent):
        size = mpmath.re(exponent * mpmath.log(base))
        if abs(size) > _HUGE:
            return mpmath.inf if size > 0 else mpmath.mpf(0)
    return mpmath.power(base, exponent)


def _heaviside(x: Any, *at_zero: Any) -> Any:
    if x == 0:
        return at_zero[0] if at_zero else mpmath.mpf(0.5)
    return mpmath.mpf(1) if x > 0 else mpmath.mpf(0)


_FUNCTIONS: dict[type, Callable[..., Any]] = {
    sp.exp: _exp,
    sp.log: mpmath.log,
    sp.tanh: mpmath.tanh,
    sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh,
    sp.asinh: mpmath.asinh,
    sp.acosh: mpmath.acosh,
    sp.atanh: mpmath.atanh,
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.Abs: abs,
    sp.sign: mpmath.sign,
    sp.Heaviside: _heaviside,
    sp.erf: mpmath.erf,
}


def evaluate(expr: sp.Expr, point: Mapping[sp.Symbol, Any]) -> Any:
    r"""The value of an expression at a point, in mpmath at the current precision.

    Only arithmetic, powers and the functions of the course (exp, log, the hyperbolic functions
    and their inverses, sin, cos, abs, sign, Heaviside, erf) are evaluated, by walking the
    expression; nothing is compiled or executed. Exponents beyond :math:`10^9` give ``inf``
    or 0, so the work is bounded.

    Parameters
    ----------
    expr : sympy.Expr
        The expression.
    point : mapping from symbol to mpmath number
        A value for every free symbol.

    Returns
    -------
    mpmath.mpf or mpmath.mpc
        The value; ``nan`` where the expression is undefined.

    Raises
    ------
    NotEvaluable
        If the expression has a free symbol without a value or an unknown function.

    Examples
    --------
    >>> from sigmoid_course.symbolic import sigma, t
    >>> float(evaluate(sigma(t), {t: mpmath.mpf(0)}))
    0.5
    """
    if isinstance(expr, sp.Symbol):
        if expr not in point:
            raise NotEvaluable(f"no value for {expr}")
        return point[expr]
    if isinstance(expr, sp.Integer):
        return mpmath.mpf(int(expr))
    if isinstance(expr, sp.Rational):
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if isinstance(expr, sp.Float):
        return mpmath.mpf(expr._mpf_)
    if expr in _CONSTANTS:
        return _CONSTANTS[expr]()
    args = [evaluate(arg, point) for arg in expr.args]
    if isinstance(expr, sp.Add):
        return mpmath.fsum(args)
    if isinstance(expr, sp.Mul):
        return mpmath.fprod(args)
    if isinstance(expr, sp.Pow):
        return _power(*args)
    function = _FUNCTIONS.get(type(expr)) if isinstance(expr, sp.Function) else None
    if function is None:
        raise NotEvaluable(f"cannot evaluate {type(expr).__name__} numerically")
    try:
        return function(*args)
    except (ValueError, ZeroDivisionError, OverflowError):
        return mpmath.nan


_CONSTANTS: dict[sp.Expr, Callable[[], Any]] = {
    sp.pi: lambda: +mpmath.pi,
    sp.E: lambda: +mpmath.e,
    sp.oo: lambda: mpmath.inf,
    -sp.oo: lambda: -mpmath.inf,
    sp.nan: lambda: mpmath.nan,
    sp.zoo: lambda: mpmath.nan,
    sp.I: lambda: mpmath.mpc(0, 1),
}


def format_value(value: complex | float | None) -> str:
    """A value for a message: 6 significant digits, ``undefined`` for nan or None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    if isinstance(value, complex):
        if math.isnan(value.real) or math.isnan(value.imag):
            return "undefined"
        return f"{value.real:.6g}{value.imag:+.6g}i"
    return f"{value:.6g}"


def is_finite_number(value: Any) -> bool:
    """True for a finite number (mpmath's or Python's), False for nan, infinities and the rest."""
    try:
        return bool(mpmath.isfinite(value))
    except (TypeError, ValueError):
        return False


def as_plain_number(value: Any) -> complex | float:
    """An mpmath value as a Python float (a complex one only if its imaginary part is not 0)."""
    if isinstance(value, mpmath.mpc):
        if value.imag == 0:
            return float(value.real)
        return complex(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan
