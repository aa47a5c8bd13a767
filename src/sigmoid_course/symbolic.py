"""The sigmoid in computer algebra, and one way to decide whether two expressions agree.

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

import math
import random
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

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


class TimeLimitExceeded(BaseException):
    """Raised inside :func:`time_limit` when its time is up. Like ``KeyboardInterrupt`` it is
    not an ``Exception``, so that code which catches every error does not swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    r"""Interrupt the enclosed code with :class:`TimeLimitExceeded` after ``seconds``.

    The limit uses the real-time interval timer (``SIGALRM``), so it works in the main thread
    of a Unix process, which is where notebooks and tests run; elsewhere (another thread,
    Windows, WebAssembly as on the book's page, where whoever runs the code must stop it, or
    when the program uses ``SIGALRM`` itself) the code runs without a limit. Limits nest: an
    inner one never extends an outer one.

    Parameters
    ----------
    seconds : float or None
        The time allowed; ``None`` means no limit.

    Examples
    --------
    >>> with time_limit(1.0):
    ...     total = sum(range(10))
    """
    usable = (
        seconds is not None
        and sys.platform not in ("emscripten", "wasi")
        and hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, _on_alarm)
    )
    if not usable:
        yield
        return
    deadline = time.monotonic() + max(float(seconds), 1e-3)
    if _DEADLINES:
        deadline = min(deadline, _DEADLINES[-1])
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _DEADLINES.append(deadline)
    signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-4))
    try:
        yield
    finally:
        _DEADLINES.pop()
        if _DEADLINES:
            # The enclosing limit, with what is left of it (at least a moment, so that one
            # that expired meanwhile still fires).
            signal.setitimer(signal.ITIMER_REAL, max(_DEADLINES[-1] - time.monotonic(), 1e-4))
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


_DEADLINES: list[float] = []
"""The deadlines of the active :func:`time_limit` blocks, innermost last. A signal handler is
process-wide, so this one piece of state is too."""


def _on_alarm(signum: int, frame: object) -> None:
    if not _DEADLINES:
        return  # a late alarm after every limit was left: nothing to interrupt
    # Should the exception be swallowed (say, inside a finaliser), raise it again soon.
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise TimeLimitExceeded("time limit reached")


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
    >>> compare(sp.diff(sigma(t), t), sigma(t) * (1 - sigma(t))).outcome
    'simplify'
    >>> compare(sigma(t), t, simplify_seconds=0).witness
    {'t': 0.0}
    """
    lhs, rhs = _sympify(lhs, "lhs"), _sympify(rhs, "rhs")
    if points < 1 or digits < 1:
        raise ValueError(f"points and digits must be positive, got {points} and {digits}")
    lhs, rhs, positive = _unify_symbols(lhs, rhs)
    if allowance is not None:
        allowance = _same_symbols(_sympify(allowance, "allowance"), lhs, rhs)
    names = sorted(positive)
    intervals = {name: _interval(name, positive[name], domain) for name in names}
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
        for values in _sample_points(intervals, points, seed):
            point = {symbols[n]: mpmath.mpf(repr(v)) for n, v in values.items() if n in symbols}
            try:
                left, right = evaluate(lhs, point), evaluate(rhs, point)
            except NotEvaluable as error:
                return Comparison("incomparable", reason=str(error))
            left_ok, right_ok = _is_number(left), _is_number(right)
            if not (left_ok or right_ok):
                continue
            sampled += 1
            scale = max(1, abs(left), abs(right)) if left_ok and right_ok else 1
            close = left_ok and right_ok and abs(left - right) <= tolerance * scale
            if not close and left_ok and right_ok and allowance is not None:
                slack = evaluate(allowance, point)
                close = _is_number(slack) and abs(left - right) <= abs(slack) + tolerance * scale
                within |= close
            if not close:
                return Comparison(
                    "different",
                    points=sampled,
                    digits=digits,
                    witness={n: float(v) for n, v in values.items()},
                    lhs_value=_plain(left),
                    rhs_value=_plain(right),
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
    >>> assert_identical(sigma(-t), 1 - sigma(t)).method
    'simplify'
    """
    outcome = compare(lhs, rhs, domain=domain, points=points, digits=digits, seed=seed)
    if not outcome.identical:
        raise AssertionError(str(outcome))
    return IdentityCheck(outcome.outcome, outcome.points, outcome.digits)  # type: ignore[arg-type]


class NotEvaluable(Exception):
    """An expression contains something :func:`evaluate` cannot compute."""


_HUGE = 10**9
"""Beyond this, an exponent makes a value infinite or zero for every purpose of comparison
(float64 overflows at e^709.8), and computing it exactly would take unbounded time."""


def _exp(x: Any) -> Any:
    if _is_number(x) and abs(mpmath.re(x)) > _HUGE:
        return mpmath.inf if mpmath.re(x) > 0 else mpmath.mpf(0)
    return mpmath.exp(x)


def _power(base: Any, exponent: Any) -> Any:
    if base == 0:
        return mpmath.nan if mpmath.re(exponent) <= 0 else mpmath.mpf(0)
    if _is_number(base) and _is_number(exponent):
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


def _is_number(value: Any) -> bool:
    try:
        return bool(mpmath.isfinite(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> complex | float:
    if isinstance(value, mpmath.mpc):
        if value.imag == 0:
            return float(value.real)
        return complex(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _unify_symbols(lhs: sp.Expr, rhs: sp.Expr) -> tuple[sp.Expr, sp.Expr, dict[str, bool]]:
    """Make symbols with one name one symbol; also say which names are declared positive."""
    by_name: dict[str, set[sp.Symbol]] = {}
    for symbol in lhs.free_symbols | rhs.free_symbols:
        by_name.setdefault(symbol.name, set()).add(symbol)
    positive = {name: any(v.is_positive for v in group) for name, group in by_name.items()}
    renames = {}
    for name, group in by_name.items():
        if len(group) > 1:
            common = (
                sp.Symbol(name, real=True) if all(v.is_real for v in group) else sp.Symbol(name)
            )
            renames.update({v: common for v in group})
    if renames:
        lhs, rhs = lhs.xreplace(renames), rhs.xreplace(renames)
    return lhs, rhs, positive


def _same_symbols(expr: sp.Expr, lhs: sp.Expr, rhs: sp.Expr) -> sp.Expr:
    """``expr`` with each symbol replaced by the symbol of the same name in lhs or rhs."""
    by_name = {symbol.name: symbol for symbol in lhs.free_symbols | rhs.free_symbols}
    stray = sorted(v.name for v in expr.free_symbols if v.name not in by_name)
    if stray:
        raise ValueError(f"the allowance uses {', '.join(stray)}, which neither side uses")
    return expr.xreplace({v: by_name[v.name] for v in expr.free_symbols})


def _sample_points(
    intervals: Mapping[str, tuple[float, float]], points: int, seed: int
) -> Iterator[dict[str, float]]:
    """The midpoint, three points near it, then random points; all rounded to 3 significant
    digits where that stays inside the interval, so that a witness point reads well."""
    yield {n: (lo + hi) / 2 for n, (lo, hi) in intervals.items()}
    for fraction in (0.55, 0.45, 0.6):
        yield {n: _round3(lo + fraction * (hi - lo), lo, hi) for n, (lo, hi) in intervals.items()}
    sampler = random.Random(seed)
    for _ in range(points):
        yield {n: _round3(sampler.uniform(lo, hi), lo, hi) for n, (lo, hi) in intervals.items()}


def _round3(x: float, low: float, high: float) -> float:
    rounded = float(f"{x:.3g}")
    return rounded if low < rounded < high else x


def _interval(
    name: str, positive: bool, domain: Mapping[sp.Symbol, tuple[float, float]] | None
) -> tuple[float, float]:
    for symbol, bounds in (domain or {}).items():
        if getattr(symbol, "name", None) == name:
            low, high = (float(v) for v in bounds)
            if not low < high:
                raise ValueError(
                    f"domain of {name} must be an interval (low, high), got {low, high}"
                )
            return low, high
    return (1e-3, 20.0) if positive else (-20.0, 20.0)


def _sympify(value: object, name: str) -> sp.Expr:
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sp.sympify(value)
    raise TypeError(
        f"{name} must be a sympy expression or a real number, got {type(value).__name__}"
    )
