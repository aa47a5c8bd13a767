"""The sigmoid in computer algebra, and one way to decide whether two expressions agree.

- :mod:`.expressions`: σ and logit as sympy expressions, and the course's symbols;
- :mod:`.evaluation`: an expression's value at a point, in mpmath, in bounded time;
- :mod:`.sampling`: the intervals and points where two expressions are compared;
- :mod:`.comparison`: :func:`compare` (simplify, else evaluate at many points) and
  :func:`assert_identical`, which every derivation of the course ends in.

Everything is importable from here (``from sigmoid_course.symbolic import sigma, t``), and none
of it needs numpy: the book's page runs it in the browser.
"""

from ..time_limit import TimeLimitExceeded, time_limit
from .comparison import Comparison, IdentityCheck, Outcome, assert_identical, compare
from .evaluation import NotEvaluable, evaluate, format_value
from .expressions import SYMBOLS, k, logit, p, s, sigma, t, y, z, z1, z2

__all__ = [
    "SYMBOLS",
    "Comparison",
    "IdentityCheck",
    "NotEvaluable",
    "Outcome",
    "TimeLimitExceeded",
    "assert_identical",
    "compare",
    "evaluate",
    "format_value",
    "k",
    "logit",
    "p",
    "s",
    "sigma",
    "t",
    "time_limit",
    "y",
    "z",
    "z1",
    "z2",
]
