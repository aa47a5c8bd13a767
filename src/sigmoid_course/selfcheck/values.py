"""What an answer's values are, once read, and the precision each decimal in them claims.

A decimal claims half a unit in its last digit (3.14 claims ±0.005), a whole number its digits
up to the last that is not 0, a float no more than :data:`FLOAT_RELATIVE`: the comparison holds
an answer to the digits it shows, and no more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import sympy as sp

MIN_DIGITS = 3
"""A decimal answer to an exact number must show at least this many significant digits."""

FLOAT_RELATIVE = 1e-12
"""How far (relatively) a float64 answer may be from the exact value: a float computed in a few
steps is off by a few ulps times the problem's condition (``np.exp(34.27 * np.log10(2))`` by
about ten), far less than this, and a wrong answer is off by far more. A narrower float
(float32) may be off by as many of its own ulps: this scaled by its machine epsilon."""


@dataclass(frozen=True)
class Written:
    """A decimal written in an answer: how many significant digits it shows, and half a unit
    in its last digit relative to its size (the precision it claims)."""

    digits: int
    relative: float


@dataclass(frozen=True)
class Value:
    """One value of an answer, read: the expression and the decimals it was written with."""

    expr: sp.Expr
    decimals: tuple[Written, ...] = ()
    text: str = ""


def decimal_of(text: str) -> Written | None:
    """The precision a decimal literal claims; None for zero (it claims exactness)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if value == 0:
        return None
    _, digits, exponent = value.as_tuple()
    significant = len("".join(map(str, digits)).lstrip("0"))
    half_unit = Decimal(5) * Decimal(10) ** (int(exponent) - 1)
    # A decimal of more digits than a float carries (1.8358354579712512) is a computed value
    # copied whole; like a float, it claims no more than FLOAT_RELATIVE.
    claimed = min(significant, round(-math.log10(FLOAT_RELATIVE)))
    return Written(claimed, max(float(half_unit / abs(value)), FLOAT_RELATIVE))


def whole_number(number: int) -> Written | None:
    """The precision a whole number claims as a rounded value: its digits up to the last
    that is not 0 (30224 claims 5, 30200 claims 3); None for 0."""
    if number == 0:
        return None
    text = str(abs(number))
    significant = text.rstrip("0")
    half_unit = 5 * 10 ** (len(text) - len(significant) - 1)
    return Written(len(significant), max(half_unit / abs(number), FLOAT_RELATIVE))


def float_decimal(value: float) -> tuple[sp.Expr, Written | None]:
    """A float read as the decimal its repr shows; it claims that many digits, but no more
    than :data:`FLOAT_RELATIVE` (see :func:`decimal_of`), since its last digits carry the
    rounding of the computation."""
    text = repr(float(value))
    return sp.Rational(Fraction(Decimal(text))), decimal_of(text)
