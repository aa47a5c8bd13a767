"""The sigmoid and the course's symbols in computer algebra (sympy).

The symbols are the ones of ``book/notation.md``; chapters and answer keys import them from
here, so that an expression a student builds is made of the same objects as the answer key's.
"""

from __future__ import annotations

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
    return 1 / (1 + sp.exp(-as_expression(arg, "arg")))


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
    arg = as_expression(arg, "arg")
    return sp.log(arg / (1 - arg))


def as_expression(value: object, name: str) -> sp.Expr:
    """``value`` as a sympy expression: an expression as it is, a real number sympified.

    Raises
    ------
    TypeError
        If ``value`` is neither (a bool is not a number here); the message names ``name``.
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sp.sympify(value)
    raise TypeError(
        f"{name} must be a sympy expression or a real number, got {type(value).__name__}"
    )
