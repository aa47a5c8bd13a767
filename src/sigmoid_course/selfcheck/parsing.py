r"""The parser of a typed answer: a small recursive descent over a listed vocabulary.

Nothing typed is ever run as Python. The tokens are numbers, the names and symbols of
:mod:`.vocabulary`, brackets and operators (with their Unicode forms: −, ·, ×, superscripts,
½); the parser builds a sympy expression and records every decimal literal with the precision
it claims (:mod:`.values`). Powers and exponentials of numbers too large to compute are refused
before sympy tries them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction

import mpmath
import sympy as sp

from ..symbolic import NotEvaluable, evaluate, s
from .values import Value, Written, decimal_of
from .verdict import clip
from .vocabulary import CONSTANTS, FUNCTIONS, PREFIXES, SIGMA

MAX_NUMBER_DIGITS = 30
MAX_POWER_DIGITS = 1000
MAX_NESTING = 30
MAX_VALUES = 20


class Unreadable(Exception):
    """An answer the parser cannot read; the message says what is wrong with it."""


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
SAME_AS = str.maketrans(
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
        # Subscript digits name a variable as the book prints it: z₁ is z1.
        **{chr(0x2080 + digit): str(digit) for digit in range(10)},
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
            before = text[:position].rstrip()[-1:]
            if text[position] == "′" or (
                text[position] == "'" and (before.isalnum() or before in ")σ")
            ):
                raise Unreadable("a prime (σ') is not read: write the derivative out as a formula")
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
                raise Unreadable("a dot is read only in np. or math. before a name: write log(2)")
            value = rest
        tokens.append((kind, value, start, position))
    return tokens


class Parser:
    """Recursive descent over the tokens of an answer, building a sympy expression.

    ``top := expr ("," expr)* | row ("," row)*`` with ``row := "[" expr ("," expr)* "]"``;
    ``expr := term (("+"|"-") term)*``;
    ``term := factor (("*"|"/"|juxtaposition) factor)*``; ``factor := ("-"|"+") factor | power``;
    ``power := postfix (("^"|"**") factor)?``; ``postfix := atom superscript*``.
    """

    def __init__(
        self,
        text: str,
        variables: Mapping[str, sp.Symbol],
        sigma_is_s: bool = False,
        nudge: tuple[int, float] | None = None,
        own: frozenset[str] = frozenset(),
        aliases: Mapping[str, str] | None = None,
    ):
        self.text = text
        # (i, f): read the i-th decimal literal as itself times 1 + f (f: ± the precision it
        # claims, to see how far that moves the formula).
        self.nudge = nudge
        self.tokens = _tokens(text)
        self.position = 0
        self.variables = variables
        # The problem's own variables, whose single letters glue into products (rK is r·K).
        self.own = own
        self.aliases = aliases or {}
        self.sigma_is_s = sigma_is_s
        self.decimals: list[Written] = []
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

    def top(self) -> list[Value]:
        if self.tuple_in_brackets():
            self.tokens = self.tokens[1:-1]
        values = self.rows() if self.at_row() else self.sequence()
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

    def at_row(self) -> bool:
        """Whether the next tokens are a bracketed row of values, [a, b, …], as in a matrix."""
        if self.peek() not in ("(", "["):
            return False
        depth = 0
        for kind, *_ in self.tokens[self.position :]:
            depth += kind in ("(", "[")
            depth -= kind in (")", "]")
            if kind == "," and depth == 1:
                return True
            if depth == 0:
                return False
        return False

    def rows(self) -> list[Value]:
        """A matrix as its rows, [[a, b], [c, d]]: its values row by row."""
        values, lengths = [], set()
        while True:
            if self.peek() not in ("(", "["):
                raise Unreadable("a matrix is a list of rows in brackets, like [[1, 2], [3, 4]]")
            closing = ")" if self.take()[0] == "(" else "]"
            row = self.sequence()
            self.expect(closing)
            values += row
            lengths.add(len(row))
            if self.peek() != ",":
                break
            self.take()
            if self.peek() == "end":
                break
        if len(lengths) > 1:
            raise Unreadable("the rows of the matrix have different lengths")
        return values

    def sequence(self) -> list[Value]:
        values = []
        while True:
            start, first = len(self.decimals), self.position
            expr = self.expr()
            text = self.text[self.tokens[first][2] : self.tokens[self.position - 1][3]]
            values.append(Value(expr, tuple(self.decimals[start:]), text))
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
        decimal = decimal_of(text)
        value = sp.Rational(Fraction(Decimal(text)))
        if decimal is not None:
            if self.nudge is not None and self.nudge[0] == len(self.decimals):
                value *= 1 + sp.Rational(self.nudge[1])
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
        if text in FUNCTIONS:
            return self.apply(text)
        if text in CONSTANTS:
            return CONSTANTS[text]
        if text in self.aliases:
            raise Unreadable(
                f"`{text}` is not a name this problem uses: write {self.aliases[text]} for it"
            )
        if len(text) > 1 and all(letter in self.own for letter in text):
            # rK as the book writes r·K: no variable or function has that name.
            if self.peek() in ("superscript", "^", "**"):
                raise Unreadable(
                    f"it is unclear whether the power applies to `{text}` or to its last "
                    f"letter: write {'*'.join(text)} with brackets where you mean them"
                )
            return sp.Mul(*(self.variables[letter] for letter in text))
        if len(text) > 1 and all(letter in self.variables for letter in text):
            raise Unreadable(
                f"`{text}` reads as one name; if you mean {'*'.join(text)}, write the `*`"
            )
        slip = re.fullmatch(r"(sigma|softplus|exp|log|ln|sqrt|tanh|sinh|cosh)(\w+)", text)
        if slip and (slip[2].isdigit() or slip[2] in self.variables or slip[2] in CONSTANTS):
            raise Unreadable(
                f"`{text}` reads as one name; if you mean {slip[1]}({slip[2]}), write the brackets"
            )
        raise Unreadable(f"`{clip(text)}` is not in the vocabulary")

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
