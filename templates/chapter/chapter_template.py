"""Answer key of the chapter "Chapter template" (book/chapter-template.ipynb).

Template: copy this file to ``src/sigmoid_course/answers/<your_chapter>.py`` (every module
there registers itself), rename the key and the problems, and write your own. A key imports
without numpy, as the book's page runs it: see CONTRIBUTING.md. Each entry says what a right
answer is;
:func:`sigmoid_course.selfcheck.check` compares a student's answer with it, and the tests run
every ``accepts`` and ``rejects`` through it.
"""

from __future__ import annotations

import sympy as sp

from ..selfcheck import Problem, register
from ..symbolic import sigma

SLOPE = sp.Rational(3, 16)

PROBLEMS: dict[str, Problem] = {
    "template-slope": Problem(
        expected=SLOPE,
        # The form of an answer, never the answer: shown when an answer cannot be read.
        example="2/7",
        hint="First find σ(ln 3) from the definition; then use the derivative in terms of σ.",
        traps=(
            (sp.Rational(3, 4), "That is the height σ(ln 3); the question asks for the slope."),
            (sp.Rational(1, 4), "That is the slope at t = 0, not at t = ln 3."),
        ),
        # Right answers in different notations: a fraction, a float, a sympy number, a formula.
        accepts=("3/16", 0.1875, SLOPE, "sigma(log(3))*(1 - sigma(log(3)))"),
        # The natural wrong answers: the height, the slope at 0, a sign error, too few digits.
        rejects=("3/4", "1/4", "-3/16", 0.19, sigma(sp.log(3))),
        # Text that would give the answer away on the page outside the folded solution.
        reveals=("3/16", "0.1875", "0.188"),
    ),
}

register("chapter-template", PROBLEMS)
