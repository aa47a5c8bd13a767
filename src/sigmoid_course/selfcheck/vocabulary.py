"""What a typed answer may contain: the parser's tables of functions, constants and module
prefixes, and the sentence that lists them (:data:`VOCABULARY`), made from the same tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import sympy as sp

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
    "numbers (2, 0.25, 1e-3, ½; 1,500 is 1500); the problem's variables (z_1 and z₁ are z1, "
    "ρ is rho; in a formula in s = σ(t), σ alone is s); + - * / and ^ or ** for powers "
    "(also −, ·, ×, ÷ and superscripts such as ²); round or square brackets; implicit products "
    "(2t, 3(t + 1), rK for r·K); "
    + ", ".join(" or ".join(names) + note for names, _, note in _FUNCTION_NAMES)
    + "; "
    + ", ".join(" or ".join(names) for names, _ in _CONSTANT_NAMES)
    + "; "
    + " or ".join(f"{prefix}." for prefix in PREFIXES)
    + " before a name is ignored; several values as a tuple (1, 2), a matrix as its rows "
    "[[1, 2], [3, 4]]"
)
"""The vocabulary of typed answers, made from the parser's own tables: what a notebook shows
under a verdict that could not read an answer, and the page behind "what can I type?"."""
