"""Check your own answer before you open a solution.

The engine knows no chapter. Each chapter's answer key (a module of
:mod:`sigmoid_course.answers`) describes its problems with :class:`Problem` — what a right
answer is, which variables it may use, a hint for a wrong one — and passes them to
:func:`register`. A student writes an answer, a formula as a string or a
sympy expression, a number, or a Python function, and calls::

    check("sigma-derivative", "s*(1 - s)")

The verdict says right or not yet, and why. It never raises: an answer that cannot be read is
reported as such, with an example of the expected form. The expected answers live in the answer
keys, not in the notebooks, so that a check cell does not give the answer away.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

from .symbolic import SYMBOLS, assert_identical, s, sigma, t

_SYMBOLS = tuple(SYMBOLS.values())


# Formulas typed as text keep σ and softplus as named functions, so that a check can see
# whether the answer was written with them; they are expanded only for the comparison.
SIGMA = sp.Function("sigma")
SOFTPLUS = sp.Function("softplus")
_NAMED = {"sigma": SIGMA, "softplus": SOFTPLUS, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log}

NAMESPACE: Mapping[str, Any] = MappingProxyType(
    {
        **{str(v): v for v in _SYMBOLS},
        "sigma": SIGMA,
        "softplus": SOFTPLUS,
        "exp": sp.exp,
        "log": sp.log,
        "ln": sp.log,
        "sqrt": sp.sqrt,
        "tanh": sp.tanh,
        "pi": sp.pi,
        "E": sp.E,
        "oo": sp.oo,
        "inf": sp.oo,
    }
)
"""Names a formula written as a string may use."""


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`check`: truthy when the answer is right.

    Attributes
    ----------
    correct : bool
    message : str
        Why, and a hint when it is not right yet.
    """

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("Right. " if self.correct else "Not yet. ") + self.message

    def _repr_markdown_(self) -> str:
        mark = "✓ **Right.**" if self.correct else "✗ **Not yet.**"
        return f"{mark} {self.message}"

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Problem:
    """What counts as a right answer to one problem.

    Attributes
    ----------
    expected : sympy expression, number, tuple of them, or callable
        The right answer. A callable is compared on ``inputs``.
    variables : tuple of sympy symbols
        Symbols a formula may contain.
    example : str
        The form of an answer, shown when one cannot be read; never the answer itself.
    hint : str
        Shown with a wrong answer.
    substitute : dict
        Replacements made before comparing, e.g. s → σ(t) for answers "in terms of s".
    domain : dict
        Where each symbol is sampled in a numeric comparison.
    inputs : tuple
        Argument tuples on which a function answer is compared with ``expected``.
    must_use, must_not_use : tuple of str
        Names the answer must (not) contain, so that restating the question does not count.
    traps : tuple of (answer, message)
        Natural wrong answers, each with a message that says what it is instead.
    accepts : tuple
        Right answers in the notations a student writes (at least three: a string with σ or
        Unicode, plain Python syntax, a sympy expression or number). The tests check that
        every one is accepted.
    rejects : tuple
        Natural wrong answers (near numbers, sign errors, the traps). The tests check that
        every one is refused with a message.
    reveals : tuple of str
        Text that gives the answer away (``"0.475"``, ``"σ(1−σ)"``). The browser tests fail
        when one appears on a page outside the problem's folded solution.
    """

    expected: Any
    variables: tuple[sp.Symbol, ...] = ()
    example: str = ""
    hint: str = ""
    substitute: Mapping[sp.Symbol, sp.Expr] = field(default_factory=dict)
    domain: Mapping[sp.Symbol, tuple[float, float]] = field(default_factory=dict)
    inputs: tuple[tuple[Any, ...], ...] = ()
    must_use: tuple[str, ...] = ()
    must_not_use: tuple[str, ...] = ()
    traps: tuple[tuple[Any, str], ...] = ()
    accepts: tuple[Any, ...] = ()
    rejects: tuple[Any, ...] = ()
    reveals: tuple[str, ...] = ()


_REGISTRY: dict[str, tuple[str, Problem]] = {}


def register(key: str, problems: Mapping[str, Problem]) -> None:
    """Add a chapter's answer key to the problems :func:`check` knows.

    Parameters
    ----------
    key : str
        The chapter's name, e.g. ``"sigmoid-problems"``; shown when two keys clash.
    problems : mapping from problem name to Problem
        The chapter's problems. Names are unique across the course.

    Raises
    ------
    ValueError
        If a problem name is already registered by another key.
    TypeError
        If an entry is not a :class:`Problem`.
    """
    for name, problem in problems.items():
        if not isinstance(problem, Problem):
            raise TypeError(f"{key}: {name!r} must be a Problem, got {type(problem).__name__}")
        owner = _REGISTRY.get(name, (key, problem))[0]
        if owner != key:
            raise ValueError(f"{key}: problem name {name!r} is already used by {owner!r}")
    for name, problem in problems.items():
        _REGISTRY[name] = (key, problem)


def problems() -> Mapping[str, Problem]:
    """Every registered problem, by name, with every chapter's answer key loaded."""
    import_module("sigmoid_course.answers")
    return MappingProxyType({name: problem for name, (_, problem) in _REGISTRY.items()})


def answer_keys() -> Mapping[str, tuple[str, ...]]:
    """The problem names of each registered answer key, by key."""
    import_module("sigmoid_course.answers")
    keys: dict[str, list[str]] = {}
    for name, (key, _) in _REGISTRY.items():
        keys.setdefault(key, []).append(name)
    return MappingProxyType({key: tuple(names) for key, names in keys.items()})


def check(problem: str, answer: Any) -> Verdict:
    """Say whether an answer to a problem is right, with a hint if it is not.

    Parameters
    ----------
    problem : str
        The problem's name, one registered by a chapter's answer key (see :func:`problems`).
    answer : str, sympy expression, number, tuple, or callable
        The student's answer. ``...`` (Ellipsis) means not answered yet.

    Returns
    -------
    Verdict
        Truthy when right. Never raises for a bad answer; raises ``ValueError`` only for an
        unknown problem name, which is the notebook's mistake, not the student's.
    """
    known = problems()
    if problem not in known:
        raise ValueError(f"unknown problem {problem!r}; expected one of {sorted(known)}")
    spec = known[problem]
    if answer is ... or answer is None:
        return Verdict(
            False,
            "No answer yet: replace `...` with your answer, e.g. "
            f"`{spec.example.splitlines()[0]}`.",
        )
    if callable(spec.expected):
        return _check_function(spec, answer)
    if isinstance(spec.expected, tuple):
        return _check_tuple(spec, answer)
    return _check_formula(spec, spec.expected, answer)


def _check_tuple(spec: Problem, answer: Any) -> Verdict:
    if isinstance(answer, str):
        parsed = _parse(answer, spec)
        if isinstance(parsed, Verdict):
            return parsed
        answer = parsed
    if not isinstance(answer, tuple | list | sp.Tuple) or len(answer) != len(spec.expected):
        return Verdict(
            False, f"Give {len(spec.expected)} values as a tuple, like `{spec.example}`."
        )
    for position, (mine, right) in enumerate(zip(answer, spec.expected, strict=True), start=1):
        verdict = _check_formula(spec, right, mine)
        if not verdict:
            return Verdict(False, f"Value {position} of {len(spec.expected)}: {verdict.message}")
    return Verdict(True, "All values are right.")


def _check_formula(spec: Problem, expected: sp.Expr, answer: Any) -> Verdict:
    if callable(answer) and not isinstance(answer, sp.Basic):
        return Verdict(
            False, f"Give a formula or a number here, like `{spec.example}`, not a function."
        )
    if isinstance(answer, str):
        parsed = _parse(answer, spec)
        if isinstance(parsed, Verdict):
            return parsed
        answer = parsed
    if isinstance(answer, np.floating | np.integer):
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, sp.Basic | int | float):
        return Verdict(
            False,
            f"Give a formula or a number, like `{spec.example}`, not a {type(answer).__name__}.",
        )
    text = f"{answer:g}" if isinstance(answer, int | float) else str(answer)
    answer = sp.sympify(answer)
    if answer.has(sp.zoo, sp.nan, sp.I):
        return Verdict(False, f"`{text}` is not a real number. {spec.hint}")
    if s in spec.variables:
        # "1 - sigma(t)" means "1 - s": accept σ(t) written out, but nothing else in t.
        answer = answer.subs(SIGMA(t), s)
        if t in answer.free_symbols:
            return Verdict(
                False,
                f"`{text}` uses t other than through σ(t); write it with s = σ(t) only. "
                f"{spec.hint}",
            )
    allowed = set(spec.variables)
    stray = sorted(str(v) for v in answer.free_symbols - allowed)
    if stray:
        expected_names = ", ".join(str(v) for v in spec.variables) or "no variables"
        return Verdict(
            False,
            f"Your answer uses {', '.join(stray)}; this one may use {expected_names}. {spec.hint}",
        )
    for name in spec.must_use:
        if not answer.has(_NAMED[name]):
            return Verdict(
                False, f"Write the answer using {name}, like `{spec.example}`. {spec.hint}"
            )
    for name in spec.must_not_use:
        if answer.has(_NAMED[name]):
            return Verdict(False, f"Write the answer without {name}. {spec.hint}")
    candidate = answer.replace(SIGMA, sigma).replace(SOFTPLUS, lambda u: sp.log(1 + sp.exp(u)))
    candidate = candidate.subs(spec.substitute)
    if not candidate.free_symbols and not sp.sympify(expected).free_symbols:
        verdict = _compare_numbers(float(candidate), float(expected), text, spec)
        for trap, message in spec.traps if not verdict else ():
            if math.isclose(float(candidate), float(trap), rel_tol=1e-3):
                return Verdict(False, f"`{text}`: {message} Hint: {spec.hint}")
        return verdict
    try:
        assert_identical(candidate, expected, domain=spec.domain, points=60, digits=30)
    except AssertionError as difference:
        for trap, message in spec.traps:
            if _same(candidate, trap, spec):
                return Verdict(False, f"`{text}`: {message} Hint: {spec.hint}")
        where = str(difference).replace("lhs", "your answer").replace("rhs", "the right one")
        if s in spec.substitute:
            where += " (where s = σ(t))"
        return Verdict(False, f"`{text}` is not it: {where}. Hint: {spec.hint}")
    except Exception as error:  # whatever sympy makes of an odd answer, report, never raise
        return Verdict(False, f"Could not compare `{text}` with the answer ({error}). {spec.hint}")
    return Verdict(True, f"`{text}` is exactly the expected answer.")


def _compare_numbers(mine: float, right: float, text: str, spec: Problem) -> Verdict:
    if math.isinf(right) or math.isinf(mine):
        if mine == right:
            return Verdict(True, f"`{text}` is right.")
    elif math.isclose(mine, right, rel_tol=1e-3, abs_tol=1e-12):
        return Verdict(True, f"`{text}` is right.")
    value = "" if text == f"{mine:g}" else f" = {mine:.6g}"
    if math.isclose(mine, right, rel_tol=1e-2):
        return Verdict(
            False,
            f"`{text}`{value} is close but not close enough: give it exactly, as a formula, "
            "or to 4 significant digits.",
        )
    return Verdict(False, f"`{text}`{value} is not it. Hint: {spec.hint}")


def _same(candidate: sp.Expr, other: sp.Expr, spec: Problem) -> bool:
    try:
        assert_identical(candidate, other, domain=spec.domain, points=30, digits=20)
    except Exception:  # not identical, or not comparable: either way not this trap
        return False
    return True


def _check_function(spec: Problem, answer: Any) -> Verdict:
    if not callable(answer):
        return Verdict(
            False, f"Give a Python function here, like:\n\n```python\n{spec.example}\n```"
        )
    for arguments in spec.inputs:
        expected = spec.expected(*arguments)
        try:
            result = answer(*[np.copy(a) for a in arguments])
            if result is ...:
                return Verdict(
                    False,
                    "No answer yet: replace `...` in your function with the "
                    "expression it should return.",
                )
            mine = np.asarray(result, dtype=float)
        except Exception as error:  # a student's function may fail in any way
            return Verdict(
                False, f"Your function raised {type(error).__name__}: {error}. Hint: {spec.hint}"
            )
        shapes = ", ".join(str(np.shape(a)) for a in arguments)
        if mine.shape != expected.shape:
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function returns shape "
                f"{mine.shape}; expected {expected.shape}. Hint: {spec.hint}",
            )
        if not np.allclose(mine, expected, rtol=1e-7, atol=1e-12):
            worst = float(np.max(np.abs(mine - expected)))
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function is off by up to "
                f"{worst:.3g}. Hint: {spec.hint}",
            )
    return Verdict(True, f"Your function agrees with the reference on {len(spec.inputs)} tests.")


def _parse(text: str, spec: Problem) -> sp.Expr | tuple | Verdict:
    unknown = sorted(
        name for name in _names_called(text) if name not in NAMESPACE and not hasattr(sp, name)
    )
    if unknown:
        return Verdict(
            False,
            f"`{text}` uses {', '.join(unknown)}, which the checker does not know. "
            f"It knows {', '.join(sorted(_KNOWN_FUNCTIONS))} and the problem's variables.",
        )
    try:
        # Implicit multiplication lets students write 2t or s(1 - s) as on paper.
        return parse_expr(
            text,
            local_dict=dict(NAMESPACE),
            transformations=(
                *standard_transformations,
                implicit_multiplication_application,
                convert_xor,
            ),
        )
    except Exception as error:  # parse_expr raises SyntaxError, TokenError, TypeError, ...
        return Verdict(
            False,
            f"Could not read `{text}` as a formula ({type(error).__name__}). "
            "Write it in Python syntax: * for products, ** or ^ for powers, "
            f"like `{spec.example}`.",
        )


_KNOWN_FUNCTIONS = ("sigma", "softplus", "exp", "log", "ln", "sqrt", "tanh")


def _names_called(text: str) -> set[str]:
    """Names written directly before an opening parenthesis, like ``logit`` in logit(p)."""
    return set(re.findall(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(", text)) - {s.name for s in _SYMBOLS}
