r"""Comparing an answer, read, with the right one, and the verdict it gets.

Numbers are checked exactly: an exact answer (``1/4``, ``53*log(2)``) must equal the expected
value, and a decimal (``36.74``, or a float) must be right to every digit it shows, and show at
least :data:`~.reading.MIN_DIGITS` significant digits. A formula of numbers carries the
precision of the decimals typed through it: ``exp(34.270*log10(2))`` is right when the answer
lies within the change that moving each decimal by half a unit in its last digit makes (each
move's largest change, summed). In a formula with variables, a decimal of that many digits is
read the same way (``2.197/r`` is right for ln 9/r to the 4 digits it shows), and a shorter one
(``0.25*r*K``) is exact. Formulas are compared numerically, at 40 points of the problem's
domain, to 30 digits (:func:`sigmoid_course.symbolic.compare`).
"""

from __future__ import annotations

import math
import re
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic import SYMBOLS, NotEvaluable, compare, evaluate, format_value, s, sigma, t
from .functions import check_function
from .parsing import Unreadable
from .problem import Problem
from .reading import names, parser, read
from .values import MIN_DIGITS, Value, whole_number
from .verdict import EXACTLY, Verdict, clip, first_line, hint_of, ordinal, show
from .vocabulary import FUNCTIONS, SIGMA, SOFTPLUS


def judge(spec: Problem, answer: Any) -> Verdict:
    """The verdict on an answer to ``spec``; raises only on an error nobody foresaw."""
    if answer is ... or (isinstance(answer, str) and answer.strip() == "..."):
        return Verdict(
            False,
            f"No answer yet: replace `...` with your answer, e.g. `{first_line(spec.example)}`.",
        )
    if spec.wants_function:
        return check_function(spec, answer)
    values = read(answer, spec)
    if isinstance(values, Verdict):
        return values
    shown = show(answer)
    if isinstance(spec.expected, tuple):
        return _check_tuple(spec, values, shown)
    if len(values) != 1:
        return Verdict(
            False,
            f"`{shown}` has {len(values)} values; give one, like `{first_line(spec.example)}`.",
        )
    return _check_value(spec, spec.expected, values[0], shown)


def _check_tuple(spec: Problem, values: list[Value], shown: str) -> Verdict:
    count = len(spec.expected)
    if len(values) != count:
        return Verdict(
            False,
            f"Give {count} values as a tuple, like `{spec.example}`; `{clip(shown, 30)}` has "
            f"{len(values)}.",
        )
    wrong, rounded = [], False
    for place, (value, right) in enumerate(zip(values, spec.expected, strict=True)):
        shown_value = clip(value.text) if value.text else show(value.expr)
        verdict = _check_value(spec, right, value, shown_value, hint=False)
        if not verdict.correct:
            wrong.append((place, verdict.message))
        rounded |= EXACTLY in verdict.message
    every = "Both values are" if count == 2 else f"All {count} values are"
    if not wrong:
        return Verdict(True, f"{every} right" + (", to the digits you gave." if rounded else "."))
    # Two sentences: which values are not right yet, and what is wrong with the first of them.
    right_count = count - len(wrong)
    if not right_count:
        summary = "Neither value is right" if count == 2 else f"None of the {count} values is right"
    else:
        summary = f"{right_count} of the {count} values {'is' if right_count == 1 else 'are'} right"
        if len(wrong) > 1:
            summary += f"; not yet the {_listed([ordinal(place + 1) for place, _ in wrong])}"
    place, message = wrong[0]
    label = ordinal(place + 1) + (f" ({spec.parts[place]})" if spec.parts else "")
    return Verdict(False, f"{summary}. The {label} value: {message}{hint_of(spec)}")


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_value(
    spec: Problem, expected: Any, value: Value, shown: str, *, hint: bool = True
) -> Verdict:
    tail = hint_of(spec) if hint else ""
    prepared = _prepare(value.expr, spec)
    if isinstance(prepared, str):
        return Verdict(False, f"`{shown}` {prepared}{tail}")
    candidate = prepared
    expected = sp.sympify(expected)
    if not candidate.free_symbols and not expected.free_symbols:
        return _check_number(spec, candidate, expected, value, shown, tail)
    outcome = _compared(spec, candidate, expected)
    if outcome.identical:
        return Verdict(True, f"`{shown}` is right.")
    rounded = _within_rounding(spec, value, candidate, expected, shown, tail)
    if rounded is not None:
        return rounded
    for trap, message in spec.traps:
        trap = sp.sympify(trap)
        if trap.free_symbols and _agrees(candidate, trap, spec):
            return Verdict(False, f"`{shown}`: {message}{tail}")
    if outcome.outcome == "incomparable":
        return Verdict(
            False, f"`{shown}` could not be compared with the answer: {outcome.reason}.{tail}"
        )
    where = _where(spec, outcome, expected, candidate)
    return Verdict(False, f"`{shown}` is not it: {where}{tail}")


def _compared(
    spec: Problem, candidate: sp.Expr, expected: sp.Expr, allowance: sp.Expr | None = None
) -> Any:
    """How an answer compares with the expected formula: numerically only (a check must answer
    within its time limit), at 40 points of the problem's domain, to 30 digits."""
    return compare(
        candidate,
        expected,
        domain=spec.domain,
        points=40,
        digits=30,
        seed=0,
        simplify_seconds=0,
        allowance=allowance,
    )


MAX_ROUNDED = 8
"""At most this many decimals in a formula are read as rounded values (see
:func:`_within_rounding`); a formula with more is compared exactly."""


def _within_rounding(
    spec: Problem, value: Value, candidate: sp.Expr, expected: sp.Expr, shown: str, tail: str
) -> Verdict | None:
    """The verdict on a formula typed with rounded decimals (``2.197/r`` for ln 9/r), or None.

    A decimal of :data:`MIN_DIGITS` or more significant digits claims only its digits, as a
    number does: the formula is right if, at every point compared, it is as close to the
    answer as moving each such decimal by half a unit in its last digit can bring it (the
    change each move makes, summed). Shorter decimals (0.5, 2.5) are read as exact; a
    formula that needs them rounded is told how many digits it showed.
    """
    count = len(value.decimals)
    if not value.text or not 0 < count <= MAX_ROUNDED:
        return None
    changes = {}
    for index in range(count):
        moved = []
        for sign in (1, -1):
            read = _read_nudged(
                spec, value.text, (index, sign * value.decimals[index].relative), count
            )
            if read is None:
                return None
            moved.append(sp.Abs(read - candidate))
        changes[index] = (moved[0] + moved[1]) / 2
    long = [i for i, d in enumerate(value.decimals) if d.digits >= MIN_DIGITS]
    for group in (long, range(count)):
        if not group:
            continue
        allowance = sp.Add(*(changes[i] for i in group))
        outcome = _compared(spec, candidate, expected, allowance)
        if outcome.outcome != "within":
            continue
        digits = min(value.decimals[i].digits for i in group)
        if group is long:
            exact = sp.sstr(expected)
            return Verdict(
                True, f"`{shown}` is right to the {digits} digits you gave{EXACTLY} {exact}."
            )
        return Verdict(
            False,
            f"`{shown}` is not the answer as written; if its decimals are rounded, give "
            f"at least {MIN_DIGITS} significant digits, or the exact value.{tail}",
        )
    return None


def _read_nudged(spec: Problem, text: str, nudge: tuple[int, float], count: int) -> sp.Expr | None:
    """The formula ``text`` with one decimal moved by the precision it claims, ready to
    compare."""
    try:
        reader = parser(text, spec, nudge)
        (moved,) = reader.top()
    except (Unreadable, ValueError):
        return None
    prepared = _prepare(moved.expr, spec)
    if isinstance(prepared, str) or len(reader.decimals) != count:
        return None
    return prepared


def _prepare(expr: sp.Expr, spec: Problem) -> sp.Expr | str:
    """The answer ready to compare (σ expanded, substitutions made), or why it cannot be."""
    known = names(spec)
    renames = {}
    for symbol in expr.free_symbols:
        if not isinstance(symbol, sp.Symbol):
            return "contains something that is not a variable"
        same = known.get(symbol.name) or SYMBOLS.get(symbol.name)
        if same is not None and same != symbol:
            renames[symbol] = same
    wrote = expr.xreplace(renames) if renames else expr
    for call in wrote.atoms(AppliedUndef):
        function = {"sigma": SIGMA, "σ": SIGMA, "softplus": SOFTPLUS}.get(call.func.__name__)
        if function is None or len(call.args) != 1:
            return f"uses {call.func.__name__}(…), a function the checker does not know"
        wrote = wrote.xreplace({call: function(*call.args)})
    if wrote.has(sp.nan, sp.zoo, sp.I):
        return "is not a real number."
    wrote = _fold_sigma(wrote)
    if s in spec.variables and t not in spec.variables:
        # "1 - σ(t)" means "1 - s": accept σ(t) written out, but nothing else in t.
        wrote = wrote.xreplace({SIGMA(t): s})
        if t in wrote.free_symbols:
            return "uses t other than through σ(t); write it with s = σ(t) only."
    stray = sorted(v.name for v in wrote.free_symbols if v.name not in known)
    if stray:
        allowed = ", ".join(known) or "no variables (it is a number)"
        return f"uses {', '.join(stray)}; this answer may use {allowed}."
    for name in spec.must_use:
        if not wrote.has(FUNCTIONS[name]):
            return f"must be written using {name}, like `{first_line(spec.example)}`."
    for name in spec.must_not_use:
        if wrote.has(FUNCTIONS[name]):
            return f"must be written without {name}."
    candidate = wrote.replace(SIGMA, sigma).replace(SOFTPLUS, lambda u: sp.log(1 + sp.exp(u)))
    return candidate.subs(spec.substitute)


def _fold_sigma(expr: sp.Expr) -> sp.Expr:
    """Write 1/(1 + e^(−u)) as σ(u), so that σ built with sympy counts as σ."""

    def is_sigma(node: sp.Basic) -> bool:
        if not (isinstance(node, sp.Pow) and node.exp == -1 and isinstance(node.base, sp.Add)):
            return False
        terms = node.base.args
        return (
            len(terms) == 2
            and sp.Integer(1) in terms
            and any(isinstance(term, sp.exp) for term in terms)
        )

    def as_sigma(node: sp.Pow) -> sp.Expr:
        exponential = next(term for term in node.base.args if isinstance(term, sp.exp))
        return SIGMA(-exponential.args[0])

    return expr.replace(is_sigma, as_sigma)


def _agrees(candidate: sp.Expr, other: sp.Expr, spec: Problem) -> bool:
    outcome = compare(
        candidate, other, domain=spec.domain, points=20, digits=20, simplify_seconds=0
    )
    return outcome.identical


def _where(spec: Problem, outcome: Any, expected: sp.Expr, candidate: sp.Expr) -> str:
    """Where a formula differs from the answer, in the problem's own variables."""
    expected_names = {v.name for v in expected.free_symbols}
    # Used after substitution: p - y uses z through p = σ(z).
    used = {v.name for v in candidate.free_symbols}
    missing = sorted(n for n in expected_names & {v.name for v in spec.variables} if n not in used)
    if s in spec.substitute and "t" in expected_names and "t" not in used:
        missing.append("s")
    point = dict(outcome.witness)
    # The point as computed (the answer there is not given: for K/2 it would be the answer).
    if s in spec.substitute and "t" in point:
        shown = f"s = {format_value(1 / (1 + math.exp(-point['t'])))} (t = {point['t']:.6g})"
    else:
        shown = ", ".join(f"{name} = {value:.6g}" for name, value in point.items())
    mine, right = outcome.lhs_value, outcome.rhs_value
    if mine is None or (isinstance(mine, float) and math.isnan(mine)):
        yours = "yours is undefined (a logarithm of a negative number, or a division by 0?)"
    elif isinstance(mine, complex):
        yours = "yours is not a real number"
    elif isinstance(mine, float) and math.isinf(mine):
        yours = "yours is infinite"
    elif isinstance(right, float) and math.isfinite(right):
        yours = (
            f"yours is {format_value(mine)}, {'more' if mine > right else 'less'} than the answer"
        )
    else:
        yours = f"yours is {format_value(mine)}, but the answer is undefined there"
    at = f"at {shown}, " if shown else ""
    message = f"{at}{yours}."
    if missing:
        message = f"it does not depend on {', '.join(missing)}, but the answer does: " + message
    return message


def _check_number(
    spec: Problem, mine_expr: sp.Expr, right_expr: sp.Expr, value: Value, shown: str, tail: str
) -> Verdict:
    decimals = value.decimals
    with mpmath.workdps(40):
        try:
            mine, right = evaluate(mine_expr, {}), evaluate(right_expr, {})
        except NotEvaluable as why:
            return Verdict(False, f"`{shown}` could not be evaluated: {why}.{tail}")
        if not _real(mine):
            return Verdict(False, f"`{shown}` is not a real number.{tail}")
        mine, right = mpmath.re(mine), mpmath.re(right)
        if mpmath.isinf(right) or mpmath.isinf(mine):
            if mine == right:
                return Verdict(True, f"`{shown}` is right.")
            return Verdict(False, f"`{shown}` {_side(mine, right)}.{tail}")
        difference = abs(mine - right)
        if difference <= mpmath.mpf(10) ** -30 * max(1, abs(right)):
            return Verdict(True, f"`{shown}` is right" + (", exactly." if decimals else "."))
        if not decimals and re.fullmatch(r"[-+]?\d{3,30}", value.text.strip()):
            # A whole number of three or more digits, like 30224, is a rounded value as much
            # as 30224.0 is, and 30200 as much as 3.02e4: it claims its significant digits.
            decimals = tuple(d for d in (whole_number(int(mine_expr)),) if d is not None)
        slack = _slack(spec, value, mine) if value.decimals else None
        if slack is None:
            # Each decimal claims its own precision; the answer, the least precise of them.
            relative = max((d.relative for d in decimals), default=0.0)
            slack = relative * abs(mine)
        digits = min((d.digits for d in decimals), default=0)

        def matches(target: Any) -> bool:
            if not decimals or not mpmath.isfinite(target):
                return bool(abs(mine - target) <= mpmath.mpf(10) ** -30 * max(1, abs(target)))
            return bool(abs(mine - target) <= slack * (1 + 1e-12))

        if not matches(right):
            for trap, message in spec.traps:
                trap = sp.sympify(trap)
                if not trap.free_symbols and matches(evaluate(trap, {})):
                    return Verdict(False, f"`{shown}`: {message}{tail}")
            if not decimals:
                return Verdict(False, f"`{shown}` {_side(mine, right)}.{tail}")
            return Verdict(
                False,
                f"`{shown}` {_side(mine, right)}: it is not the answer to the {digits} "
                f"digit{'s' * (digits > 1)} you gave.{tail}",
            )
        if digits < MIN_DIGITS:
            # Read as written (0.5 as one half) it is wrong; read as rounded, too short to
            # tell. Say both: 0.5^18 may be a wrong count, 0.73^50 a value rounded too soon.
            plain = _PLAIN_DECIMAL.fullmatch(value.text) or not value.decimals
            rounded = "it is" if plain else "its decimals are"
            return Verdict(
                False,
                f"`{shown}` {_side(mine, right)} as written; if {rounded} rounded, give at "
                f"least {MIN_DIGITS} significant digits, or the exact value.{tail}",
            )
        exact = sp.sstr(right_expr)
        number = mpmath.nstr(right, 15)
        shown_exact = exact if exact == number else f"{exact} ≈ {number}"
        return Verdict(
            True, f"`{shown}` is right to the {digits} digits you gave{EXACTLY} {shown_exact}."
        )


_PLAIN_DECIMAL = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")
"""A typed value that is one decimal and nothing else."""


def _slack(spec: Problem, value: Value, mine: Any) -> Any | None:
    """How far a formula of numbers typed with decimals can be from its own value, given the
    digits typed: each decimal moved by the precision it claims (half a unit in its last
    digit) changes the formula by at most the larger of its two moves; the changes add up.
    None when the formula cannot be read again with its decimals moved."""
    count = len(value.decimals)
    if not value.text or count > MAX_ROUNDED:
        return None
    if count == 1 and _PLAIN_DECIMAL.fullmatch(value.text):
        return value.decimals[0].relative * abs(mine)  # what moving it changes, unparsed
    total = mpmath.mpf(0)
    for index in range(count):
        moves = []
        for sign in (1, -1):
            moved = _read_nudged(
                spec, value.text, (index, sign * value.decimals[index].relative), count
            )
            if moved is None or moved.free_symbols:
                return None
            try:
                there = evaluate(moved, {})
            except NotEvaluable:
                return None
            if not _real(there):
                return None
            moves.append(abs(mpmath.re(there) - mine))
        total += max(moves)
    return total


def _side(mine: Any, right: Any) -> str:
    return "is too large" if mine > right else "is too small"


def _real(value: Any) -> bool:
    if isinstance(value, mpmath.mpc):
        return value.imag == 0 and not mpmath.isnan(value.real)
    return not mpmath.isnan(value)
