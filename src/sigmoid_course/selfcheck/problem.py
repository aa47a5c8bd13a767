"""What counts as a right answer to one problem: the :class:`Problem` an answer key fills."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp


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
    inputs : tuple, or a function returning one
        Argument tuples on which a function answer is compared with ``expected``; arrays
        may be nested lists (each becomes a float array when compared). A function is called
        when a check needs the inputs, so that a key can build arrays without importing numpy.
    must_use, must_not_use : tuple of str
        Names the answer must (not) contain, so that restating the question does not count.
    traps : tuple of (answer, message)
        Natural wrong answers, each with a message that says what it is instead. For a tuple
        problem a trap is one value, recognised in whichever place it is given.
    aliases : dict from str to str
        Names a student may use for a variable that the problem writes otherwise (``"o"``
        for the output gate the problem calls ``s``), each with the variable to use instead;
        such an answer is told which name to write.
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
    points : int
        The points a problem is worth in grading (a positive whole number, 1 by default).

    Raises
    ------
    TypeError
        If ``points`` is not a whole number.
    ValueError
        If ``points`` is not positive.
    """

    expected: Any
    variables: tuple[sp.Symbol, ...] = ()
    example: str = ""
    hint: str = ""
    substitute: Mapping[sp.Symbol, sp.Expr] = field(default_factory=dict)
    domain: Mapping[sp.Symbol, tuple[float, float]] = field(default_factory=dict)
    inputs: tuple[tuple[Any, ...], ...] | Callable[[], tuple[tuple[Any, ...], ...]] = ()
    must_use: tuple[str, ...] = ()
    must_not_use: tuple[str, ...] = ()
    traps: tuple[tuple[Any, str], ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    accepts: tuple[Any, ...] = ()
    rejects: tuple[Any, ...] = ()
    reveals: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    points: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.points, bool) or not isinstance(self.points, int):
            raise TypeError(
                f"points must be a positive whole number, got {type(self.points).__name__}"
            )
        if self.points < 1:
            raise ValueError(f"points must be a positive whole number, got {self.points}")

    @property
    def typed(self) -> bool:
        """Whether an answer can be typed as text: every problem but one whose answer is a
        Python function."""
        return not self.wants_function

    @property
    def wants_function(self) -> bool:
        """Whether the answer is a Python function, compared with ``expected`` on ``inputs``."""
        return callable(self.expected) and not isinstance(self.expected, sp.Basic)

    def input_cases(self) -> tuple[tuple[Any, ...], ...]:
        """The argument tuples a function answer is compared on (see ``inputs``)."""
        return self.inputs() if callable(self.inputs) else self.inputs
