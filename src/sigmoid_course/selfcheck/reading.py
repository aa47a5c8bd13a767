r"""Reading what a student gave: a typed formula, a number, a tuple or a matrix, into values.

A string goes to the parser (:mod:`.parsing`); other answers (numbers, floats of any width,
sympy expressions, tuples, lists of rows, numpy arrays) are turned into the same values
(:mod:`.values`). numpy is never imported here: an answer can only be a numpy object once
numpy is loaded.
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction
from typing import Any

import sympy as sp

from ..symbolic import SYMBOLS, s, t
from .parsing import SAME_AS, Parser, Unreadable
from .problem import Problem
from .values import FLOAT_RELATIVE, Value, Written, float_decimal
from .verdict import Verdict, cannot_read, first_line, not_finite, show

MAX_LENGTH = 400
MAX_VALUES = 20


def read(answer: Any, spec: Problem) -> list[Value] | Verdict:
    """The values of an answer, one for a formula or number, several for a tuple."""
    if isinstance(answer, str):
        return read_text(answer, spec)
    numpy = sys.modules.get("numpy")  # an answer is a numpy array only if numpy is loaded
    if numpy is not None and isinstance(answer, numpy.ndarray):
        if answer.ndim > 2 or answer.size > MAX_VALUES:
            return cannot_read(f"it is an array of shape {answer.shape}, not a number", spec)
        # A matrix reads row by row, as the exercises that ask for one say; its elements stay
        # numpy numbers, so that a float32 claims only float32's precision.
        return read(answer[()] if answer.ndim == 0 else tuple(answer.ravel()), spec)
    if isinstance(answer, sp.MatrixBase) and answer.rows * answer.cols <= MAX_VALUES:
        return read(tuple(answer), spec)
    if isinstance(answer, tuple | list | sp.Tuple):
        if len(answer) > MAX_VALUES:
            return cannot_read(f"it has more than {MAX_VALUES} values", spec)
        if answer and all(isinstance(row, tuple | list) and row for row in answer):
            if len({len(row) for row in answer}) > 1:
                return cannot_read("the rows of the matrix have different lengths", spec)
            # A list of rows is a matrix, read row by row.
            answer = [item for row in answer for item in row]
            if len(answer) > MAX_VALUES:
                return cannot_read(f"it has more than {MAX_VALUES} values", spec)
        values: list[Value] = []
        for item in answer:
            one = read_text(item, spec) if isinstance(item, str) else read_one(item, spec)
            if isinstance(one, Verdict):
                return one
            if len(one) != 1:
                return cannot_read("a value of the tuple is itself a tuple", spec)
            values += one
        return values
    return read_one(answer, spec)


_THOUSANDS = re.compile(r"\s*[-+−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*")
"""A number written with thousands separators, 30,224."""


def read_text(text: str, spec: Problem) -> list[Value] | Verdict:
    """The values of a typed answer; 30,224 is one number where the problem asks for one."""
    if not text.strip():
        return cannot_read("it is empty", spec)
    if len(text) > MAX_LENGTH:
        return cannot_read(f"it is longer than {MAX_LENGTH} characters", spec, text)
    if not isinstance(spec.expected, tuple) and _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    try:
        return parser(text, spec).top()
    except Unreadable as why:
        return cannot_read(str(why), spec, text)


def parser(text: str, spec: Problem, nudge: tuple[int, float] | None = None) -> Parser:
    """The parser of a typed answer to ``spec``: its characters normalised, its names known."""
    sigma_is_s = s in spec.variables and t not in spec.variables
    own = frozenset(v.name for v in spec.variables if len(v.name) == 1)
    return Parser(
        text.translate(SAME_AS), _readable_names(spec), sigma_is_s, nudge, own, spec.aliases
    )


def read_one(value: Any, spec: Problem) -> list[Value] | Verdict:
    if callable(value) and not isinstance(value, sp.Basic):
        return Verdict(
            False,
            f"Give a formula or a number here, like `{first_line(spec.example)}`, not a function.",
        )
    if isinstance(value, bool) or value is None:
        if value is None:
            return cannot_read("it is None, not a number or formula", spec)
        return cannot_read(f"it is {value}; write {int(value)} for {value}", spec)
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.integer | numpy.floating):
        if isinstance(value, numpy.floating) and numpy.finfo(value.dtype).bits < 64:
            return _narrow_float(value, numpy.finfo(value.dtype).eps, spec)
        value = float(value) if isinstance(value, numpy.floating) else int(value)
    if isinstance(value, int):
        return [Value(sp.Integer(value), text=show(value))]
    if isinstance(value, Fraction):
        return [Value(sp.Rational(value), text=show(value))]
    if isinstance(value, float):
        if not math.isfinite(value):
            return not_finite(spec)
        expr, decimal = float_decimal(value)
        return [Value(expr, (decimal,) if decimal else (), show(value))]
    if isinstance(value, sp.Basic) and not isinstance(value, sp.Tuple):
        if not isinstance(value, sp.Expr):
            return cannot_read(f"it is a {type(value).__name__}, not a formula", spec)
        if sp.count_ops(value, visual=False) > 500:
            return cannot_read("it is too long a formula", spec)
        floats = list(value.atoms(sp.Float))
        decimals = []
        for number in floats:
            exact, decimal = float_decimal(float(number))
            value = value.xreplace({number: exact})
            if decimal:
                decimals.append(decimal)
        return [Value(value, tuple(decimals), show(value))]
    return cannot_read(f"it is a {type(value).__name__}, not a number or formula", spec)


def _narrow_float(value: Any, epsilon: float, spec: Problem) -> list[Value] | Verdict:
    """A float narrower than float64 (float32), read as the digits ``str()`` shows for its
    own type (float32 0.1 as 0.1), claiming no more than :data:`FLOAT_RELATIVE` scaled to
    its machine epsilon: a float32 computed in a few steps carries its rounding."""
    if not math.isfinite(float(value)):
        return not_finite(spec)
    values = read_text(str(value), spec)
    if isinstance(values, Verdict):
        return values
    floor = FLOAT_RELATIVE * float(epsilon) / sys.float_info.epsilon
    digits = max(1, math.floor(-math.log10(floor)))
    return [
        Value(
            item.expr,
            tuple(Written(min(d.digits, digits), max(d.relative, floor)) for d in item.decimals),
            item.text,
        )
        for item in values
    ]


def names(spec: Problem) -> dict[str, sp.Symbol]:
    return {v.name: v for v in spec.variables}


def _readable_names(spec: Problem) -> dict[str, sp.Symbol]:
    """Names a typed answer may use: the course's symbols (so that a stray one gets a precise
    message) and the problem's variables."""
    return dict(SYMBOLS) | names(spec)
