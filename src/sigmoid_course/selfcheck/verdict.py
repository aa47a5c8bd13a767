"""The verdict on an answer and the words it is given in.

A verdict is one or two short sentences, and the hint of the problem when it is not right yet;
``str(verdict)`` is the text both a notebook and the book's page show, word for word. The list of
what can be typed (:data:`~.vocabulary.VOCABULARY`) is not in that text: a notebook shows it
folded under a verdict that could not read an answer, and the page behind a "what can I type?"
link.
"""

from __future__ import annotations

import html
import math
import sys
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .problem import Problem
from .vocabulary import VOCABULARY


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`~sigmoid_course.selfcheck.check`: truthy when the answer is right.

    Attributes
    ----------
    correct : bool
    message : str
        Why, and a hint when it is not right yet.
    unread : bool
        True when the answer could not be read at all: a notebook then offers the vocabulary.
    """

    correct: bool
    message: str
    unread: bool = False

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("Right. " if self.correct else "Not yet. ") + self.message

    def _repr_markdown_(self) -> str:
        mark = "✓ **Right.**" if self.correct else "✗ **Not yet.**"
        shown = f"{mark} {self.message}"
        if self.unread:
            shown += (
                "\n\n<details><summary>What can I type?</summary>"
                f"{html.escape(VOCABULARY)}</details>"
            )
        return shown

    def __repr__(self) -> str:
        return str(self)


DEFAULT_SECONDS = 1.5
"""The time a check may take (see :func:`~sigmoid_course.selfcheck.check`)."""

EXACTLY = "; exactly, it is"
"""How a verdict on a rounded value goes on to give the exact one."""


def timed_out(spec: Problem, seconds: float) -> Verdict:
    """The verdict on an answer whose check took longer than ``seconds``."""
    return Verdict(
        False,
        f"Checking this answer took more than {seconds:g} s, so it was stopped. Write it "
        f"more simply, like `{first_line(spec.example)}`.",
    )


def cannot_read(why: str, spec: Problem, text: str | None = None) -> Verdict:
    """The verdict on an answer that cannot be read: why, and the form of an answer."""
    what = f"`{clip(text, 40)}`" if text is not None else "this answer"
    return Verdict(
        False,
        f"Could not read {what}: {why}. Write it like `{first_line(spec.example)}` "
        "(the form, not the answer).",
        unread=True,
    )


def not_finite(spec: Problem) -> Verdict:
    return Verdict(False, f"This is not a finite number.{hint_of(spec)}")


def hint_of(spec: Problem) -> str:
    """The problem's hint as the end of a message ("" when it has none)."""
    return f" Hint: {spec.hint}" if spec.hint else ""


def ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # an object's own __str__ may fail in any way
        return type(value).__name__


def show(answer: Any) -> str:
    """An answer as a message shows it: short, and safe for huge numbers and odd objects."""
    if isinstance(answer, str):
        return clip(answer.strip())
    if isinstance(answer, int) and not isinstance(answer, bool) and answer.bit_length() > 200:
        return f"an integer of {int(answer.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(answer, tuple | list):
        return clip("(" + ", ".join(show(item) for item in answer) + ")")
    if isinstance(answer, sp.Basic):
        if any(
            isinstance(n, sp.Integer) and abs(int(n)).bit_length() > 200
            for n in answer.atoms(sp.Integer)
        ):
            return "your expression"
        return clip(safe_str(answer))
    if isinstance(answer, float) or _is_numpy_float(answer):
        return repr(float(answer))
    return clip(safe_str(answer))


def _is_numpy_float(value: Any) -> bool:
    # A numpy value exists only once numpy is imported: never import it to ask.
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.floating)
