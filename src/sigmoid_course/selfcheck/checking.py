"""The entry point of the self-check: :func:`check`, bounded in time, never raising for an
answer; and :func:`timeout_verdict`, the words of a check stopped for taking too long."""

from __future__ import annotations

from typing import Any

from ..time_limit import TimeLimitExceeded, time_limit
from .comparing import judge
from .problem import Problem
from .registry import ENTRY_POINTS, problems
from .verdict import DEFAULT_SECONDS, Verdict, first_line, timed_out


def check(problem: str, answer: Any, *, seconds: float = DEFAULT_SECONDS) -> Verdict:
    """Say whether an answer to a problem is right, with a hint if it is not.

    Parameters
    ----------
    problem : str
        The problem's name, one registered by a chapter's answer key (see :func:`problems`).
    answer : str, sympy expression, number, tuple, or callable
        The student's answer. ``...`` (Ellipsis) means not answered yet.
    seconds : float
        Time allowed to the check; an answer that takes longer is reported as too complex
        (:func:`timeout_verdict`). Where no interval timer exists (Pyodide), the check runs
        without a limit, and whoever runs it stops it (the book's page ends its worker).

    Returns
    -------
    Verdict
        Truthy when right; ``str()`` of it is the text a notebook and the page show. Never
        raises for a bad answer; raises ``ValueError`` only for an unknown problem name,
        which is the notebook's mistake, not the student's.

    Examples
    --------
    >>> check("max-derivative", "0.2499").correct
    False
    """
    spec = _spec(problem)
    try:
        with time_limit(seconds):
            return judge(spec, answer)
    except TimeLimitExceeded:
        return timed_out(spec, seconds)
    except (Exception, RecursionError) as error:  # a last resort: a check never raises
        return Verdict(
            False,
            f"This answer could not be checked ({type(error).__name__}). Write it like "
            f"`{first_line(spec.example)}`.",
        )


def timeout_verdict(problem: str, seconds: float = DEFAULT_SECONDS) -> Verdict:
    """The verdict :func:`check` gives when checking an answer to ``problem`` takes longer
    than ``seconds``: what the book's page shows, word for word, when it stops a check.

    Examples
    --------
    >>> str(timeout_verdict("max-derivative", 1.5)).startswith("Not yet. Checking this")
    True
    """
    return timed_out(_spec(problem), seconds)


def _spec(problem: str) -> Problem:
    known = problems()
    if not known:
        raise ValueError(
            f"unknown problem {problem!r}: no answer key is registered; install the course "
            f"(pip install -e .) so that its entry points {ENTRY_POINTS!r} are found"
        )
    if problem not in known:
        raise ValueError(f"unknown problem {problem!r}; expected one of {sorted(known)}")
    return known[problem]
