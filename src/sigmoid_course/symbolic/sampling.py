"""Where :func:`~sigmoid_course.symbolic.compare` evaluates two expressions: the symbols they
share by name, an interval for each, and the points drawn from those intervals."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

import sympy as sp


def unify_symbols(lhs: sp.Expr, rhs: sp.Expr) -> tuple[sp.Expr, sp.Expr, dict[str, bool]]:
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


def same_symbols(expr: sp.Expr, lhs: sp.Expr, rhs: sp.Expr) -> sp.Expr:
    """``expr`` with each symbol replaced by the symbol of the same name in lhs or rhs."""
    by_name = {symbol.name: symbol for symbol in lhs.free_symbols | rhs.free_symbols}
    stray = sorted(v.name for v in expr.free_symbols if v.name not in by_name)
    if stray:
        raise ValueError(f"the allowance uses {', '.join(stray)}, which neither side uses")
    return expr.xreplace({v: by_name[v.name] for v in expr.free_symbols})


def sample_points(
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


def interval_for(
    name: str, positive: bool, domain: Mapping[sp.Symbol, tuple[float, float]] | None
) -> tuple[float, float]:
    """The interval of ``domain`` for the symbol called ``name``, or the default one:
    ``(1e-3, 20)`` for a positive symbol, ``(-20, 20)`` otherwise.

    Raises
    ------
    ValueError
        If the interval given is empty.
    """
    for symbol, bounds in (domain or {}).items():
        if getattr(symbol, "name", None) == name:
            low, high = (float(v) for v in bounds)
            if not low < high:
                raise ValueError(
                    f"domain of {name} must be an interval (low, high), got {low, high}"
                )
            return low, high
    return (1e-3, 20.0) if positive else (-20.0, 20.0)
