"""One way to decide whether two expressions agree, and how it went.

:func:`compare` returns the outcome of comparing two expressions: sympy first tries, within a
time limit, to simplify ``lhs - rhs`` to zero; when it cannot (sympy does not always see through
nested exponentials), the two sides are evaluated at many points with high-precision
arithmetic, and either agree everywhere or differ at a named point. Every derivation in the
course ends in :func:`assert_identical`, a thin wrapper that raises when they differ; the
self-check (:mod:`sigmoid_course.selfcheck`) reads the same outcome to tell a student where an
answer goes wrong. Symbols are matched by name, so ``Symbol("p", positive=True)`` and the
course's ``p`` are the same variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import mpmath
import sympy as sp

from ..time_limit import TimeLimitExceeded, time_limit
from .evaluation import NotEvaluable, as_plain_number, evaluate, format_value, is_finite_number
from .expressions import as_expression
from .sampling import interval_for, same_symbols, sample_points, unify_symbols

Outcome = Literal["simplify", "numeric", "within", "different", "incomparable"]


@dataclass(frozen=True)
class Comparison:
    """The outcome of :func:`compare`.

    Attributes
    ----------
    outcome : {"simplify", "numeric", "different", "incomparable"}
        ``"simplify"``: sympy reduced ``lhs - rhs`` to zero, a proof.
        ``"numeric"``: the sides agree to ``digits`` significant digits at ``points`` points.
        ``"within"``: they differ, but by no more than the ``allowance`` given to
        :func:`compare` at every point; not identical.
        ``"different"``: they differ at ``witness``, where they take ``lhs_value`` and
        ``rhs_value``.
        ``"incomparable"``: neither could be settled; ``reason`` says why.
    points : int
        Number of points compared numerically.
    digits : int
        Working precision of the numeric comparison.
    witness : dict from symbol name to float
        The first point where the sides differ (empty when they are not different, or
        when they are numbers).
    lhs_value, rhs_value : complex or float or None
        The two sides at ``witness``.
    reason : str
        Why the sides could not be compared.
    """

    outcome: Outcome
    points: int = 0
    digits: int = 0
    witness: Mapping[str, float] = field(default_factory=dict)
    lhs_value: complex | float | None = None
    rhs_value: complex | float | None = None
    reason: str = ""

    @property
    def identical(self) -> bool:
        """True when the sides were shown to agree, by proof or numerically."""
        return self.outcome in ("simplify", "numeric")

    def __str__(self) -> str:
        if self.outcome == "simplify":
            return "identical: sympy simplifies the difference to 0"
        if self.outcome == "within":
            return f"within the allowance at {self.points} points (not identical)"
        if self.outcome == "numeric":
            return (
                f"identical at {self.points} points to {self.digits} digits "
                "(sympy could not simplify the difference to 0)"
            )
        if self.outcome == "different":
            where = ", ".join(f"{name}={value:.6g}" for name, value in self.witness.items())
            at = f"at {where}, " if where else ""
            return (
                f"not identical: {at}lhs = {format_value(self.lhs_value)} "
                f"but rhs = {format_value(self.rhs_value)}"
            )
        return f"not comparable: {self.reason}"


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
        return str(Comparison(self.method, self.points, self.digits))


def compare(
    lhs: sp.Expr | float,
    rhs: sp.Expr | float,
    *,
    domain: Mapping[sp.Symbol, tuple[float, float]] | None = None,
    points: int = 200,
    digits: int = 50,
    seed: int = 0,
    simplify_seconds: float | None = 10.0,
    allowance: sp.Expr | None = None,
) -> Comparison:
    r"""Compare two expressions for every value of their free symbols, and say how it went.

    First, unless ``simplify_seconds`` is 0, ``sympy.simplify(lhs - rhs) == 0`` is tried for at
    most ``simplify_seconds``. Otherwise both sides are evaluated with ``digits`` significant
    digits at the domain's midpoint, at round points and at ``points`` random points, and must
    agree to within :math:`10^{-\lfloor d/2 \rfloor}` relative to their size. Points where both
    sides are undefined are skipped; where only one is, the sides differ. Exponentials and
    powers too large for any float count as infinite, so that the work stays bounded.

    Parameters
    ----------
    lhs, rhs : sympy.Expr or number
        The two expressions. Symbols with the same name are the same variable, whatever
        their assumptions.
    domain : mapping from symbol to (low, high), optional
        Where each free symbol is sampled (matched by name). Symbols not listed are sampled
        from ``(-20, 20)``, or ``(1e-3, 20)`` if declared positive.
    points : int
        Number of random points for the numeric comparison.
    digits : int
        Working precision of the numeric comparison, in decimal digits.
    seed : int
        Seed of the point sampler, so that a comparison is reproducible.
    simplify_seconds : float or None
        Time allowed to sympy's simplification (0: skip it; None: no limit).
    allowance : sympy.Expr, optional
        How far apart the sides may be at each point, an expression in their symbols: where
        they are not identical but :math:`|\text{lhs} - \text{rhs}| \le \text{allowance}`
        at every point, the outcome is ``"within"``. A formula written with rounded decimals
        (``2.197/r`` for :math:`\ln 9/r`) is within the change its rounding can make.

    Returns
    -------
    Comparison
        ``"simplify"`` or ``"numeric"`` when identical, ``"within"`` when not identical but
        within ``allowance``, ``"different"`` with a witness point, or ``"incomparable"``
        with a reason.

    Raises
    ------
    TypeError
        If a side is not a sympy expression or a number.
    ValueError
        If ``points`` or ``digits`` is not positive, or a domain interval is empty.

    Examples
    --------
    >>> from sigmoid_course.symbolic import sigma, t
    >>> compare(sp.diff(sigma(t), t), sigma(t) * (1 - sigma(t))).outcome
    'simplify'
    >>> compare(sigma(t), t, simplify_seconds=0).witness
    {'t': 0.0}
    """
    lhs, rhs = as_expression(lhs, "lhs"), as_expression(rhs, "rhs")
    if points < 1 or digits < 1:
        raise ValueError(f"points and digits must be positive, got {points} and {digits}")
    lhs, rhs, positive = unify_symbols(lhs, rhs)
    if allowance is not None:
        allowance = same_symbols(as_expression(allowance, "allowance"), lhs, rhs)
    names = sorted(positive)
    intervals = {name: interval_for(name, positive[name], domain) for name in names}
    if simplify_seconds != 0:
        try:
            with time_limit(simplify_seconds):
                if sp.simplify(lhs - rhs) == 0:
                    return Comparison("simplify")
        except TimeLimitExceeded:
            pass
    symbols = {symbol.name: symbol for symbol in lhs.free_symbols | rhs.free_symbols}
    sampled, within = 0, False
    with mpmath.workdps(digits):
        tolerance = mpmath.mpf(10) ** (-(digits // 2))
        for values in sample_points(intervals, points, seed):
            point = {symbols[n]: mpmath.mpf(repr(v)) for n, v in values.items() if n in symbols}
            try:
                left, right = evaluate(lhs, point), evaluate(rhs, point)
            except NotEvaluable as error:
                return Comparison("incomparable", reason=str(error))
            left_ok, right_ok = is_finite_number(left), is_finite_number(right)
            if not (left_ok or right_ok):
                continue
            sampled += 1
            scale = max(1, abs(left), abs(right)) if left_ok and right_ok else 1
            close = left_ok and right_ok and abs(left - right) <= tolerance * scale
            if not close and left_ok and right_ok and allowance is not None:
                slack = evaluate(allowance, point)
                close = (
                    is_finite_number(slack) and abs(left - right) <= abs(slack) + tolerance * scale
                )
                within |= close
            if not close:
                return Comparison(
                    "different",
                    points=sampled,
                    digits=digits,
                    witness={n: float(v) for n, v in values.items()},
                    lhs_value=as_plain_number(left),
                    rhs_value=as_plain_number(right),
                )
    if not sampled:
        return Comparison("incomparable", reason="both sides are undefined at every point tried")
    return Comparison("within" if within else "numeric", points=sampled, digits=digits)


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

    A thin wrapper on :func:`compare` (see there for the method), for derivations: it returns
    how the identity was established and raises when it was not.

    Parameters
    ----------
    lhs, rhs : sympy.Expr or number
        The two sides of the claimed identity.
    domain, points, digits, seed
        How the sides are sampled when sympy cannot simplify their difference to zero: as
        in :func:`compare`, and passed on to it unchanged.

    Returns
    -------
    IdentityCheck
        Which method established the identity.

    Raises
    ------
    AssertionError
        If the sides differ at some point (the message names the point and both values), or
        could not be compared (the message says why).
    TypeError
        If a side is not a sympy expression or a number.
    ValueError
        If ``points`` or ``digits`` is not positive, or a domain interval is empty.

    Examples
    --------
    >>> from sigmoid_course.symbolic import sigma, t
    >>> assert_identical(sigma(-t), 1 - sigma(t)).method
    'simplify'
    """
    outcome = compare(lhs, rhs, domain=domain, points=points, digits=digits, seed=seed)
    if not outcome.identical:
        raise AssertionError(str(outcome))
    return IdentityCheck(outcome.outcome, outcome.points, outcome.digits)  # type: ignore[arg-type]
