r"""Check your own answer before you open a solution.

The engine knows no chapter. Each chapter's answer key (a module of
:mod:`sigmoid_course.answers`) describes its problems with :class:`Problem` — what a right
answer is, which variables it may use, a hint for a wrong one — and passes them to
:func:`register`. A student writes an answer, a formula as a string or a sympy expression, a
number, a tuple of them, or a Python function, and calls::

    check("sigma-derivative", "s*(1 - s)")

The verdict says right or not yet, and why: where a wrong formula differs from the answer, or
what a formula that cannot be read should look like. A string is read by a small parser of its
own over a listed vocabulary (:data:`VOCABULARY`); nothing typed is ever run as Python. A check
never raises for any answer, and stops after ``seconds`` (1.5 s by default). The expected
answers live in the answer keys, not in the notebooks, so that a check cell does not give the
answer away.

Numbers are checked exactly: an exact answer (``1/4``, ``53*log(2)``) must equal the expected
value, and a decimal (``36.74``, or a float) must be right to every digit it shows, and show
at least :data:`MIN_DIGITS` significant digits. In a typed formula, a decimal of that many
digits is read the same way (``2.197/r`` is right for ln 9/r to the 4 digits it shows), and a
shorter one (``0.25*r*K``) is exact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib import import_module
from types import MappingProxyType
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from .symbolic import (
    SYMBOLS,
    NotEvaluable,
    TimeLimitExceeded,
    compare,
    evaluate,
    format_value,
    s,
    sigma,
    t,
    time_limit,
)

SIGMA = sp.Function("sigma")
"""σ kept as a named function in a parsed answer, so that a check can see whether the answer
uses it; it is expanded to 1/(1 + e^(−u)) only for the comparison."""

SOFTPLUS = sp.Function("softplus")
"""softplus(u) = ln(1 + e^u), kept by name like :data:`SIGMA`."""

_FUNCTION_NAMES: tuple[tuple[tuple[str, ...], Callable[[sp.Expr], sp.Expr], str], ...] = (
    (("sigma", "σ"), SIGMA, ""),
    (("softplus",), SOFTPLUS, ""),
    (("exp",), sp.exp, " (or e^x)"),
    (("log", "ln"), sp.log, ""),
    (("log10",), lambda u: sp.log(u, 10), " (base 10)"),
    (("sqrt", "√"), sp.sqrt, ""),
    (("tanh",), sp.tanh, ""),
    (("sinh",), sp.sinh, ""),
    (("cosh",), sp.cosh, ""),
    (("asinh",), sp.asinh, ""),
    (("acosh",), sp.acosh, ""),
    (("atanh",), sp.atanh, ""),
    (("H",), sp.Heaviside, " (the unit step)"),
    (("sign",), sp.sign, ""),
    (("abs",), sp.Abs, ""),
)
_CONSTANT_NAMES: tuple[tuple[tuple[str, ...], sp.Expr], ...] = (
    (("pi", "π"), sp.pi),
    (("e",), sp.E),
    (("inf", "∞"), sp.oo),
)

FUNCTIONS: Mapping[str, Callable[[sp.Expr], sp.Expr]] = MappingProxyType(
    {name: function for names, function, _ in _FUNCTION_NAMES for name in names}
)
"""The functions a typed answer may use, by every name it may use them under."""

CONSTANTS: Mapping[str, sp.Expr] = MappingProxyType(
    {name: value for names, value in _CONSTANT_NAMES for name in names}
)
"""Constants by name; ``e`` is Euler's number unless a problem has a variable named e."""

PREFIXES = ("np", "numpy", "math")
"""Module names allowed (and ignored) before a function or constant: ``np.log(2)``."""

VOCABULARY = (
    "numbers (2, 0.25, 1e-3, ½); the problem's variables (z_1 is z1, ρ is rho; in a formula in "
    "s = σ(t), σ alone is s); + - * / and ^ or ** for powers "
    "(also −, ·, ×, ÷ and superscripts such as ²); round or square brackets; implicit products "
    "(2t, s(1 - s)); "
    + ", ".join(" or ".join(names) + note for names, _, note in _FUNCTION_NAMES)
    + "; "
    + ", ".join(" or ".join(names) for names, _ in _CONSTANT_NAMES)
    + "; "
    + " or ".join(f"{prefix}." for prefix in PREFIXES)
    + " before a name is ignored"
)
"""The vocabulary of typed answers, as messages list it; made from the parser's own tables."""

MIN_DIGITS = 3
"""A decimal answer to an exact number must show at least this many significant digits."""

FLOAT_RELATIVE = 1e-12
"""How far (relatively) a float answer may be from the exact value: a float computed in a few
steps is off by a few ulps times the problem's condition (``np.exp(34.27 * np.log10(2))`` by
about ten), far less than this, and a wrong answer is off by far more."""

MAX_LENGTH = 400
MAX_NUMBER_DIGITS = 30
MAX_POWER_DIGITS = 1000
MAX_NESTING = 30


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
        The right answer. A callable is compared on ``inputs``; a tuple value by value.
    variables : tuple of sympy symbols
        Symbols a formula may contain (matched by name).
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
        Natural wrong answers, each with a message that says what it is instead. For a tuple
        problem a trap is one value, recognised in whichever place it is given.
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
    parts : tuple of str
        For a tuple answer, what each value is (``"σ(0)"``, ``"σ'(0)"``), named in messages.
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
    parts: tuple[str, ...] = ()


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


def check(problem: str, answer: Any, *, seconds: float = 1.5) -> Verdict:
    """Say whether an answer to a problem is right, with a hint if it is not.

    Parameters
    ----------
    problem : str
        The problem's name, one registered by a chapter's answer key (see :func:`problems`).
    answer : str, sympy expression, number, tuple, or callable
        The student's answer. ``...`` (Ellipsis) means not answered yet.
    seconds : float
        Time allowed to the check; an answer that takes longer is reported as too complex.

    Returns
    -------
    Verdict
        Truthy when right. Never raises for a bad answer; raises ``ValueError`` only for an
        unknown problem name, which is the notebook's mistake, not the student's.

    Examples
    --------
    >>> check("max-derivative", "0.2499").correct
    False
    """
    known = problems()
    if problem not in known:
        raise ValueError(f"unknown problem {problem!r}; expected one of {sorted(known)}")
    spec = known[problem]
    try:
        with time_limit(seconds):
            return _check(spec, answer)
    except TimeLimitExceeded:
        return Verdict(
            False,
            f"Checking this answer took more than {seconds:g} s, so it was stopped. Write it "
            f"more simply, like `{_first_line(spec.example)}`.",
        )
    except (Exception, RecursionError) as error:  # a last resort: a check never raises
        return Verdict(
            False,
            f"This answer could not be checked ({type(error).__name__}). Write it like "
            f"`{_first_line(spec.example)}`.",
        )


# --- reading an answer ------------------------------------------------------------------------


class Unreadable(Exception):
    """An answer the parser cannot read; the message says what is wrong with it."""


@dataclass(frozen=True)
class _Decimal:
    """A decimal written in an answer: how many significant digits it shows, and half a unit
    in its last digit relative to its size (the precision it claims)."""

    digits: int
    relative: float


@dataclass(frozen=True)
class _Answer:
    """One value of an answer, read: the expression and the decimals it was written with."""

    expr: sp.Expr
    decimals: tuple[_Decimal, ...] = ()
    text: str = ""


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)
  | (?P<fraction>[½¼¾⅓⅔])
  | (?P<op>\*\*|[-+*/^(),\[\]σπ√∞])
    """,
    re.VERBOSE,
)
_SAME_AS = str.maketrans(
    {
        "−": "-",
        "–": "-",
        "·": "*",
        "⋅": "*",
        "×": "*",
        "∗": "*",
        "÷": "/",
        "\u00a0": " ",
        "ᵀ": "^T",
        "ⁿ": "^n",
        # A Greek variable as the book prints it reads as its name (σ and π keep their meaning).
        "α": "alpha",
        "β": "beta",
        "γ": "gamma",
        "η": "eta",
        "θ": "theta",
        "κ": "kappa",
        "λ": "lambda",
        "ρ": "rho",
        "τ": "tau",
        "φ": "phi",
        "ω": "omega",
    }
)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_FRACTIONS = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3)}
_ATOM_START = {"number", "name", "fraction", "(", "[", "σ", "π", "√", "∞"}


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position] in "'′":
                raise Unreadable(
                    "a prime (σ') is not read: write the derivative out as a formula, "
                    "in the variables of the problem"
                )
            raise Unreadable(f"the character `{text[position]}` is not in the vocabulary")
        kind = match.lastgroup or ""
        value = match.group()
        start, position = position, match.end()
        if kind == "space":
            continue
        if kind == "op":
            kind = value
        elif kind == "name" and "." in value:
            prefix, _, rest = value.partition(".")
            if prefix not in PREFIXES or "." in rest:
                raise Unreadable(
                    f"`{_clip(value)}` uses a dot (attribute access), which is not read; "
                    "write log(2), not math.log2, and only np. or math. before a name"
                )
            value = rest
        tokens.append((kind, value, start, position))
    return tokens


class _Parser:
    """Recursive descent over the tokens of an answer, building a sympy expression.

    ``top := expr ("," expr)*``; ``expr := term (("+"|"-") term)*``;
    ``term := factor (("*"|"/"|juxtaposition) factor)*``; ``factor := ("-"|"+") factor | power``;
    ``power := postfix (("^"|"**") factor)?``; ``postfix := atom superscript*``.
    """

    def __init__(
        self,
        text: str,
        variables: Mapping[str, sp.Symbol],
        sigma_is_s: bool = False,
        nudge: tuple[int, int] | None = None,
    ):
        self.text = text
        # (i, ±1): read the i-th decimal literal as itself ± half a unit in its last digit.
        self.nudge = nudge
        self.tokens = _tokens(text)
        self.position = 0
        self.variables = variables
        self.sigma_is_s = sigma_is_s
        self.decimals: list[_Decimal] = []
        self.depth = 0

    def peek(self) -> str:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else "end"

    def take(self) -> tuple[str, str]:
        kind, value, _, _ = self.tokens[self.position]
        self.position += 1
        return kind, value

    def expect(self, kind: str) -> None:
        if self.peek() != kind:
            found = "the end" if self.peek() == "end" else f"`{self.tokens[self.position][1]}`"
            raise Unreadable(f"expected `{kind}` but found {found} (are the brackets balanced?)")
        self.take()

    def top(self) -> list[_Answer]:
        if self.tuple_in_brackets():
            self.tokens = self.tokens[1:-1]
        values = self.sequence()
        if self.peek() != "end":
            raise Unreadable(
                f"`{self.tokens[self.position][1]}` is out of place (are the brackets balanced?)"
            )
        return values

    def tuple_in_brackets(self) -> bool:
        """Whether the whole answer is (a, b, …): brackets that close at the end, with a
        comma at their own level."""
        if not self.tokens or self.tokens[0][0] not in ("(", "["):
            return False
        depth, comma = 0, False
        for index, (kind, *_) in enumerate(self.tokens):
            depth += kind in ("(", "[")
            depth -= kind in (")", "]")
            comma |= kind == "," and depth == 1
            if depth == 0:
                return comma and index == len(self.tokens) - 1
        return False

    def sequence(self) -> list[_Answer]:
        values = []
        while True:
            start, first = len(self.decimals), self.position
            expr = self.expr()
            text = self.text[self.tokens[first][2] : self.tokens[self.position - 1][3]]
            values.append(_Answer(expr, tuple(self.decimals[start:]), text))
            if self.peek() != ",":
                return values
            self.take()
            if self.peek() in ("end", ")", "]"):
                return values

    def at_argument_t(self) -> bool:
        """Whether the next tokens are (t) or [t]."""
        kinds = [token[:2] for token in self.tokens[self.position : self.position + 3]]
        return (
            len(kinds) == 3
            and kinds[1] == ("name", "t")
            and kinds[0][0] + kinds[2][0]
            in (
                "()",
                "[]",
            )
        )

    def nested(self, parse: Callable[[], sp.Expr]) -> sp.Expr:
        """Parse one level deeper; the depth is bounded so that no input exhausts the stack."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise Unreadable(f"it nests more than {MAX_NESTING} levels deep")
        value = parse()
        self.depth -= 1
        return value

    def expr(self) -> sp.Expr:
        return self.nested(self.sum)

    def sum(self) -> sp.Expr:
        value = self.term()
        while self.peek() in ("+", "-"):
            sign = 1 if self.take()[0] == "+" else -1
            value = value + sign * self.term()
        return value

    def term(self) -> sp.Expr:
        value = self.factor()
        while True:
            kind = self.peek()
            if kind in ("*", "/"):
                self.take()
                right = self.factor()
                value = value * right if kind == "*" else value / right
            elif kind in _ATOM_START:
                if kind == "number" and self.tokens[self.position - 1][0] == "number":
                    raise Unreadable("two numbers stand side by side; put * or + between them")
                value = value * self.factor()
            else:
                return value

    def factor(self) -> sp.Expr:
        if self.peek() in ("-", "+"):
            sign = 1 if self.take()[0] == "+" else -1
            return sign * self.nested(self.factor)
        return self.power()

    def power(self) -> sp.Expr:
        base = self.postfix()
        if self.peek() not in ("^", "**"):
            return base
        self.take()
        bracketed = self.peek() in ("(", "[")
        exponent = self.nested(self.factor)
        if not bracketed and self.peek() in _ATOM_START:
            raise Unreadable(
                "an exponent without brackets is followed by more: write e^(2t) for e to the "
                "power 2t, or e^2*t"
            )
        return _power(base, exponent)

    def postfix(self) -> sp.Expr:
        value = self.atom()
        while self.peek() == "superscript":
            text = self.take()[1].translate(_SUPERSCRIPT)
            if not re.fullmatch(r"[-+]?\d{1,3}", text):
                raise Unreadable(f"the superscript `{text}` is not a whole number")
            value = _power(value, sp.Integer(int(text)))
        return value

    def atom(self) -> sp.Expr:
        kind = self.peek()
        if kind == "end":
            raise Unreadable("it ends too early")
        kind, text = self.take()
        if kind == "number":
            return self.number(text)
        if kind == "fraction":
            return sp.Rational(*_FRACTIONS[text])
        if kind in ("(", "["):
            values = self.sequence()
            self.expect(")" if kind == "(" else "]")
            if len(values) != 1:
                raise Unreadable("a tuple (values separated by commas) cannot be part of a formula")
            return values[0].expr
        if kind in ("σ", "√"):
            return self.apply(kind)
        if kind in ("π", "∞"):
            return CONSTANTS[kind]
        if kind == "name":
            return self.name(text)
        raise Unreadable(f"`{text}` is out of place")

    def number(self, text: str) -> sp.Expr:
        mantissa, _, exponent = text.lower().partition("e")
        if len(mantissa.replace(".", "").lstrip("0")) > MAX_NUMBER_DIGITS:
            raise Unreadable(f"numbers may have at most {MAX_NUMBER_DIGITS} digits")
        if exponent and abs(int(exponent)) > 400:
            raise Unreadable("a number's exponent (after e) may be at most 400")
        if "." not in text and not exponent:
            return sp.Integer(int(text))
        decimal = _decimal_of(text)
        value = sp.Rational(Fraction(Decimal(text)))
        if decimal is not None:
            if self.nudge is not None and self.nudge[0] == len(self.decimals):
                exponent = Decimal(text).as_tuple().exponent
                value += self.nudge[1] * sp.Rational(5) * sp.Rational(10) ** (exponent - 1)
            self.decimals.append(decimal)
        return value

    def name(self, text: str) -> sp.Expr:
        if text in self.variables:
            return self.variables[text]
        if text.replace("_", "") in self.variables:  # z_1 as the book typesets z1
            return self.variables[text.replace("_", "")]
        glued = {name.replace("_", ""): v for name, v in self.variables.items() if "_" in name}
        if text in glued:  # nH for n_H
            return glued[text]
        if len(text) > 1 and all(letter in self.variables for letter in text):
            raise Unreadable(
                f"`{text}` reads as one name; if you mean {'*'.join(text)}, write the `*`"
            )
        if text in FUNCTIONS:
            return self.apply(text)
        if text in CONSTANTS:
            return CONSTANTS[text]
        slip = re.fullmatch(r"(sigma|softplus|exp|log|ln|sqrt|tanh|sinh|cosh)(\w+)", text)
        if slip and (slip[2].isdigit() or slip[2] in self.variables or slip[2] in CONSTANTS):
            raise Unreadable(
                f"`{text}` reads as one name; if you mean {slip[1]}({slip[2]}), write the brackets"
            )
        raise Unreadable(f"`{_clip(text)}` is not in the vocabulary")

    def apply(self, function: str) -> sp.Expr:
        builder = FUNCTIONS[function]
        if builder is SIGMA and self.sigma_is_s and not self.at_argument_t():
            # In a problem about s = σ(t), σ alone is s, as in the book's σ(1 − σ).
            return s
        if self.peek() in ("(", "["):
            closing = ")" if self.take()[0] == "(" else "]"
            arguments = self.sequence()
            self.expect(closing)
            if len(arguments) != 1:
                raise Unreadable(f"{function} takes one argument, not {len(arguments)}")
            return _apply(builder, arguments[0].expr)
        if self.peek() not in _ATOM_START:
            raise Unreadable(f"{function} needs an argument in brackets, like {function}(2)")
        # √3 and ln 2 as on paper: the argument is the one atom that follows.
        argument = self.postfix()
        if self.peek() in _ATOM_START:
            raise Unreadable(
                f"it is unclear how far the argument of {function} reaches: write "
                f"{function}(...) with brackets"
            )
        return _apply(builder, argument)


def _apply(function: Callable[[sp.Expr], sp.Expr], argument: sp.Expr) -> sp.Expr:
    """function(argument), refusing exponentials of numbers too large to compute: sympy
    would try, and take minutes over exp(-exp(exp(exp(100))))."""
    if function is sp.exp and argument.is_number:
        return _power(sp.E, argument)
    return function(argument)


def _power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """base**exponent, refusing powers of numbers too large to compute (10^10^10)."""
    if base.is_number and exponent.is_number:
        size = _log10_size(base, exponent)
        if size is None or size > MAX_POWER_DIGITS:
            raise Unreadable(
                f"a power or exponential of numbers would have more than {MAX_POWER_DIGITS} digits"
            )
    return sp.Pow(base, exponent)


def _log10_size(base: sp.Expr, exponent: sp.Expr) -> float | None:
    """About how many digits base**exponent has, without computing it (None: unknown)."""
    try:
        with mpmath.workdps(15):
            magnitude = abs(evaluate(base, {}))
            power = abs(evaluate(exponent, {}))
            if magnitude == 0 or not mpmath.isfinite(magnitude) or not mpmath.isfinite(power):
                return 0.0
            return float(power * abs(mpmath.log10(magnitude)))
    except (NotEvaluable, TypeError, ValueError):
        return None


def _decimal_of(text: str) -> _Decimal | None:
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
    return _Decimal(claimed, max(float(half_unit / abs(value)), FLOAT_RELATIVE))


def _float_decimal(value: float) -> tuple[sp.Expr, _Decimal | None]:
    """A float read as the decimal its repr shows; it claims that many digits, but no more
    than :data:`FLOAT_RELATIVE` (see :func:`_decimal_of`), since its last digits carry the
    rounding of the computation."""
    text = repr(float(value))
    return sp.Rational(Fraction(Decimal(text))), _decimal_of(text)


# --- turning any answer into values ------------------------------------------------------------


def _read(answer: Any, spec: Problem) -> list[_Answer] | Verdict:
    """The values of an answer, one for a formula or number, several for a tuple."""
    if isinstance(answer, str):
        return _read_text(answer, spec)
    if isinstance(answer, tuple | list | sp.Tuple):
        if len(answer) > 20:
            return _cannot_read("it has more than 20 values", spec)
        values: list[_Answer] = []
        for item in answer:
            read = _read_text(item, spec) if isinstance(item, str) else _read_one(item, spec)
            if isinstance(read, Verdict):
                return read
            if len(read) != 1:
                return _cannot_read("a value of the tuple is itself a tuple", spec)
            values += read
        return values
    if isinstance(answer, np.ndarray) and answer.ndim <= 2 and answer.size <= 20:
        # A matrix reads row by row, as the exercises that ask for one say.
        return _read(answer.item() if answer.ndim == 0 else tuple(answer.ravel().tolist()), spec)
    if isinstance(answer, sp.MatrixBase) and answer.rows * answer.cols <= 20:
        return _read(tuple(answer), spec)
    return _read_one(answer, spec)


def _read_text(text: str, spec: Problem) -> list[_Answer] | Verdict:
    if not text.strip():
        return _cannot_read("it is empty", spec)
    if len(text) > MAX_LENGTH:
        return _cannot_read(f"it is longer than {MAX_LENGTH} characters", spec, text)
    try:
        return _parser(text, spec).top()
    except Unreadable as why:
        return _cannot_read(str(why), spec, text)


def _parser(text: str, spec: Problem, nudge: tuple[int, int] | None = None) -> _Parser:
    """The parser of a typed answer to ``spec``: its characters normalised, its names known."""
    sigma_is_s = s in spec.variables and t not in spec.variables
    return _Parser(text.translate(_SAME_AS), _readable_names(spec), sigma_is_s, nudge)


def _read_one(value: Any, spec: Problem) -> list[_Answer] | Verdict:
    if callable(value) and not isinstance(value, sp.Basic):
        return Verdict(
            False,
            f"Give a formula or a number here, like `{_first_line(spec.example)}`, not a function.",
        )
    if isinstance(value, bool) or value is None:
        if value is None:
            return _cannot_read("it is None, not a number or formula", spec)
        return _cannot_read(f"it is {value}; write {int(value)} for {value}", spec)
    if isinstance(value, np.generic) and isinstance(value, np.integer | np.floating):
        if isinstance(value, np.floating) and np.finfo(value.dtype).bits < 64:
            # str() shows the digits of the value's own type (float32 0.1 as 0.1).
            return _read_text(str(value), spec) if np.isfinite(value) else _not_finite(spec)
        value = float(value) if isinstance(value, np.floating) else int(value)
    if isinstance(value, int):
        return [_Answer(sp.Integer(value), text=_show(value))]
    if isinstance(value, Fraction):
        return [_Answer(sp.Rational(value), text=_show(value))]
    if isinstance(value, float):
        if not math.isfinite(value):
            return _not_finite(spec)
        expr, decimal = _float_decimal(value)
        return [_Answer(expr, (decimal,) if decimal else (), _show(value))]
    if isinstance(value, sp.Basic) and not isinstance(value, sp.Tuple):
        if not isinstance(value, sp.Expr):
            return _cannot_read(f"it is a {type(value).__name__}, not a formula", spec)
        if sp.count_ops(value, visual=False) > 500:
            return _cannot_read("it is too long a formula", spec)
        floats = list(value.atoms(sp.Float))
        decimals = []
        for number in floats:
            exact, decimal = _float_decimal(float(number))
            value = value.xreplace({number: exact})
            if decimal:
                decimals.append(decimal)
        return [_Answer(value, tuple(decimals), _show(value))]
    return _cannot_read(f"it is a {type(value).__name__}, not a number or formula", spec)


def _names(spec: Problem) -> dict[str, sp.Symbol]:
    return {v.name: v for v in spec.variables}


def _readable_names(spec: Problem) -> dict[str, sp.Symbol]:
    """Names a typed answer may use: the course's symbols (so that a stray one gets a precise
    message) and the problem's variables."""
    return dict(SYMBOLS) | _names(spec)


# --- checking ----------------------------------------------------------------------------------


def _check(spec: Problem, answer: Any) -> Verdict:
    if answer is ... or (isinstance(answer, str) and answer.strip() == "..."):
        return Verdict(
            False,
            f"No answer yet: replace `...` with your answer, e.g. `{_first_line(spec.example)}`.",
        )
    if callable(spec.expected):
        return _check_function(spec, answer)
    read = _read(answer, spec)
    if isinstance(read, Verdict):
        return read
    shown = _show(answer)
    if isinstance(spec.expected, tuple):
        return _check_tuple(spec, read, shown)
    if len(read) != 1:
        return Verdict(
            False,
            f"`{shown}` has {len(read)} values; give one, like `{_first_line(spec.example)}`.",
        )
    return _check_value(spec, spec.expected, read[0], shown)


def _check_tuple(spec: Problem, values: list[_Answer], shown: str) -> Verdict:
    count = len(spec.expected)
    if len(values) != count:
        what = f" ({', '.join(spec.parts)})" if spec.parts else ""
        return Verdict(
            False,
            f"Give {count} values{what} as a tuple, like `{spec.example}`; `{shown}` has "
            f"{len(values)}.",
        )
    wrong, notes = [], []
    for place, (value, right) in enumerate(zip(values, spec.expected, strict=True)):
        label = _ordinal(place + 1) + (f" ({spec.parts[place]})" if spec.parts else "")
        shown_value = _clip(value.text) if value.text else _show(value.expr)
        verdict = _check_value(spec, right, value, shown_value, hint=False)
        if not verdict.correct:
            wrong.append(f"The {label} value: {verdict.message}")
        elif _EXACTLY in verdict.message:
            notes.append(f"The {label} value: {verdict.message}")
    if wrong:
        right_count = count - len(wrong)
        return Verdict(
            False,
            f"{right_count} of the {count} values {'is' if right_count == 1 else 'are'} right. "
            + " ".join(wrong)
            + _hint(spec),
        )
    every = "Both values are" if count == 2 else f"All {count} values are"
    return Verdict(True, " ".join([f"{every} right.", *notes]))


def _check_value(
    spec: Problem, expected: Any, value: _Answer, shown: str, *, hint: bool = True
) -> Verdict:
    tail = _hint(spec) if hint else ""
    prepared = _prepare(value.expr, spec)
    if isinstance(prepared, str):
        return Verdict(False, f"`{shown}` {prepared}{tail}")
    candidate = prepared
    expected = sp.sympify(expected)
    if not candidate.free_symbols and not expected.free_symbols:
        return _check_number(spec, candidate, expected, value.decimals, shown, tail)
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
    spec: Problem, value: _Answer, candidate: sp.Expr, expected: sp.Expr, shown: str, tail: str
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
            read = _read_nudged(spec, value.text, (index, sign), count)
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
                True, f"`{shown}` is right to the {digits} digits you gave{_EXACTLY} {exact}."
            )
        return Verdict(
            False,
            f"`{shown}` agrees with the answer only to the {digits} significant "
            f"digit{'s' * (digits > 1)} you gave: give at least {MIN_DIGITS}, or the exact "
            f"value.{tail}",
        )
    return None


def _read_nudged(spec: Problem, text: str, nudge: tuple[int, int], count: int) -> sp.Expr | None:
    """The formula ``text`` with one decimal moved by half a unit, ready to compare."""
    try:
        parser = _parser(text, spec, nudge)
        (read,) = parser.top()
    except (Unreadable, ValueError):
        return None
    prepared = _prepare(read.expr, spec)
    if isinstance(prepared, str) or len(parser.decimals) != count:
        return None
    return prepared


def _prepare(expr: sp.Expr, spec: Problem) -> sp.Expr | str:
    """The answer ready to compare (σ expanded, substitutions made), or why it cannot be."""
    names = _names(spec)
    renames = {}
    for symbol in expr.free_symbols:
        if not isinstance(symbol, sp.Symbol):
            return "contains something that is not a variable"
        same = names.get(symbol.name) or SYMBOLS.get(symbol.name)
        if same is not None and same != symbol:
            renames[symbol] = same
    wrote = expr.xreplace(renames) if renames else expr
    for call in wrote.atoms(AppliedUndef):
        known = {"sigma": SIGMA, "σ": SIGMA, "softplus": SOFTPLUS}.get(call.func.__name__)
        if known is None or len(call.args) != 1:
            return f"uses {call.func.__name__}(…), a function the checker does not know"
        wrote = wrote.xreplace({call: known(*call.args)})
    if wrote.has(sp.nan, sp.zoo, sp.I):
        return "is not a real number."
    wrote = _fold_sigma(wrote)
    if s in spec.variables and t not in spec.variables:
        # "1 - σ(t)" means "1 - s": accept σ(t) written out, but nothing else in t.
        wrote = wrote.xreplace({SIGMA(t): s})
        if t in wrote.free_symbols:
            return "uses t other than through σ(t); write it with s = σ(t) only."
    stray = sorted(v.name for v in wrote.free_symbols if v.name not in names)
    if stray:
        allowed = ", ".join(names) or "no variables (it is a number)"
        return f"uses {', '.join(stray)}; this answer may use {allowed}."
    for name in spec.must_use:
        if not wrote.has(FUNCTIONS[name]):
            return f"must be written using {name}, like `{_first_line(spec.example)}`."
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
    if s in spec.substitute and "t" in point:
        shown = f"s = {1 / (1 + math.exp(-point['t'])):.4g} (t = {point['t']:.4g})"
    else:
        shown = ", ".join(f"{name} = {value:.4g}" for name, value in point.items())
    mine, right = outcome.lhs_value, outcome.rhs_value
    if mine is None or (isinstance(mine, float) and math.isnan(mine)):
        yours = "yours is undefined (a logarithm of a negative number, or a division by 0?)"
    elif isinstance(mine, complex):
        yours = "yours is not a real number"
    elif isinstance(mine, float) and math.isinf(mine):
        yours = "yours is infinite"
    else:
        yours = f"yours is {format_value(mine)}"
    at = f"at {shown} " if shown else ""
    message = f"{at}{yours}, the answer is {format_value(right)}."
    if missing:
        message = f"it does not depend on {', '.join(missing)}, but the answer does: " + message
    return message


def _check_number(
    spec: Problem,
    mine_expr: sp.Expr,
    right_expr: sp.Expr,
    decimals: tuple[_Decimal, ...],
    shown: str,
    tail: str,
) -> Verdict:
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
        if not decimals and isinstance(mine_expr, sp.Integer) and 100 <= abs(mine_expr) < 10**30:
            # A whole number of three or more digits, like 30224, is a rounded value as much
            # as 30224.0 is; it claims its digits, and the check holds it to them.
            decimals = tuple(d for d in (_decimal_of(str(mine_expr)),) if d is not None)
        digits = min((d.digits for d in decimals), default=0)
        if not _number_matches(mine, right, decimals):
            for trap, message in spec.traps:
                trap = sp.sympify(trap)
                if not trap.free_symbols and _number_matches(mine, evaluate(trap, {}), decimals):
                    return Verdict(False, f"`{shown}`: {message}{tail}")
            if not decimals:
                return Verdict(False, f"`{shown}` {_side(mine, right)}.{tail}")
            return Verdict(
                False,
                f"`{shown}` {_side(mine, right)}: it is not the answer to the {digits} "
                f"digit{'s' * (digits > 1)} you gave.{tail}",
            )
        if digits < MIN_DIGITS:
            return Verdict(
                False,
                f"`{shown}` agrees with the answer only to the {digits} significant "
                f"digit{'s' * (digits > 1)} you gave: give at least {MIN_DIGITS}, or the "
                "exact value.",
            )
        exact = sp.sstr(right_expr)
        value = mpmath.nstr(right, 15)
        shown_exact = exact if exact == value else f"{exact} ≈ {value}"
        return Verdict(
            True, f"`{shown}` is right to the {digits} digits you gave{_EXACTLY} {shown_exact}."
        )


_EXACTLY = "; exactly, it is"


def _number_matches(mine: Any, right: Any, decimals: tuple[_Decimal, ...]) -> bool:
    if not decimals or not mpmath.isfinite(right):
        return bool(abs(mine - right) <= mpmath.mpf(10) ** -30 * max(1, abs(right)))
    relative = max(d.relative for d in decimals)
    return bool(abs(mine - right) <= relative * abs(mine) * (1 + 1e-12))


def _side(mine: Any, right: Any) -> str:
    return "is too large" if mine > right else "is too small"


def _real(value: Any) -> bool:
    if isinstance(value, mpmath.mpc):
        return value.imag == 0 and not mpmath.isnan(value.real)
    return not mpmath.isnan(value)


def _check_function(spec: Problem, answer: Any) -> Verdict:
    if not callable(answer) or isinstance(answer, sp.Basic | type):
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
            with np.errstate(all="ignore"):
                mine = np.asarray(result, dtype=float)
        except Exception as error:  # a student's function may fail in any way
            return Verdict(
                False,
                f"Your function raised {type(error).__name__}: {_clip(_safe_str(error))}."
                f"{_hint(spec)}",
            )
        shapes = ", ".join(str(np.shape(a)) for a in arguments)
        if mine.shape != expected.shape:
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function returns shape "
                f"{mine.shape}; expected {expected.shape}.{_hint(spec)}",
            )
        if not np.allclose(mine, expected, rtol=1e-7, atol=1e-12):
            with np.errstate(all="ignore"):
                difference = np.abs(mine - expected)
                worst = float(np.max(np.where(np.isnan(difference), np.inf, difference)))
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function is off by up to "
                f"{worst:.3g}.{_hint(spec)}",
            )
    return Verdict(True, f"Your function agrees with the reference on {len(spec.inputs)} tests.")


# --- messages ----------------------------------------------------------------------------------


def _cannot_read(why: str, spec: Problem, text: str | None = None) -> Verdict:
    what = f"`{_clip(text)}`" if text is not None else "this answer"
    return Verdict(
        False,
        f"Could not read {what}: {why}. Write it like `{_first_line(spec.example)}` "
        f"(the form, not the answer), with {VOCABULARY}.",
    )


def _not_finite(spec: Problem) -> Verdict:
    return Verdict(False, f"This is not a finite number.{_hint(spec)}")


def _hint(spec: Problem) -> str:
    return f" Hint: {spec.hint}" if spec.hint else ""


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # an object's own __str__ may fail in any way
        return type(value).__name__


def _show(answer: Any) -> str:
    """An answer as a message shows it: short, and safe for huge numbers and odd objects."""
    if isinstance(answer, str):
        return _clip(answer.strip())
    if isinstance(answer, int) and not isinstance(answer, bool) and answer.bit_length() > 200:
        return f"an integer of {int(answer.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(answer, tuple | list):
        return _clip("(" + ", ".join(_show(item) for item in answer) + ")")
    if isinstance(answer, sp.Basic):
        if any(
            isinstance(n, sp.Integer) and abs(int(n)).bit_length() > 200
            for n in answer.atoms(sp.Integer)
        ):
            return "your expression"
        return _clip(_safe_str(answer))
    if isinstance(answer, float | np.floating):
        return repr(float(answer))
    return _clip(_safe_str(answer))
