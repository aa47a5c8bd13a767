r"""Check your own answer before you open a solution.

The engine knows no chapter. Each chapter's answer key describes its problems with
:class:`Problem` (what a right answer is, which variables it may use, a hint for a wrong one)
and passes them to :func:`register`; the keys are found through an entry-point group (see
:mod:`.registry`). A student writes an answer, a formula as a string or a sympy expression, a
number, a tuple of them, a matrix, or a Python function, and calls::

    check("sigma-derivative", "s*(1 - s)")

The verdict says right or not yet, and why: where a wrong formula differs from the answer, or
what a formula that cannot be read should look like. A string is read by a small parser of its
own over a listed vocabulary (:data:`VOCABULARY`); nothing typed is ever run as Python. A check
never raises for any answer, and stops after ``seconds`` (1.5 s by default). The expected
answers live in the answer keys, not in the notebooks, so that a check cell does not give the
answer away. How numbers and decimals are judged: :mod:`.comparing`.

The modules, one per idea: :mod:`.problem` (the spec a key fills), :mod:`.registry` (the keys),
:mod:`.vocabulary` (what can be typed), :mod:`.parsing` (the parser of a typed answer),
:mod:`.values` (a value read and the precision its decimals claim), :mod:`.reading` (any
answer into values), :mod:`.comparing`
(the judgement) and :mod:`.functions` (answers that are functions, the only part that needs
numpy), :mod:`.verdict` (the verdict and its words), :mod:`.checking` (:func:`check`), and
:mod:`.computed` (values a key computes with numpy, shipped as data to the book's page).
Only sympy and mpmath are needed to import any of them, as on the book's page (Pyodide).
"""

from .checking import check, timeout_verdict
from .computed import computed
from .problem import Problem
from .registry import ENTRY_POINTS, answer_keys, problems, register
from .values import FLOAT_RELATIVE, MIN_DIGITS
from .verdict import DEFAULT_SECONDS, Verdict
from .vocabulary import CONSTANTS, FUNCTIONS, PREFIXES, SIGMA, SOFTPLUS, VOCABULARY

__all__ = [
    "CONSTANTS",
    "DEFAULT_SECONDS",
    "ENTRY_POINTS",
    "FLOAT_RELATIVE",
    "FUNCTIONS",
    "MIN_DIGITS",
    "PREFIXES",
    "SIGMA",
    "SOFTPLUS",
    "VOCABULARY",
    "Problem",
    "Verdict",
    "answer_keys",
    "check",
    "computed",
    "problems",
    "register",
    "timeout_verdict",
]
