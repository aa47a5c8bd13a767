"""Answer key of the chapter "Vanishing gradients, measured" (book/vanishing-gradients.ipynb).

Each entry says what a right answer is; :func:`sigmoid_course.selfcheck.check` compares a
student's answer with it. The chapter's check cells name these problems.
"""

from __future__ import annotations

import sympy as sp

from ..selfcheck import Problem, register

_HALF, _QUARTER = sp.Rational(1, 2), sp.Rational(1, 4)

PROBLEMS: dict[str, Problem] = {
    "sigmoid-layer-jacobian": Problem(
        expected=(_HALF, -_QUARTER, sp.Integer(0), sp.Rational(9, 16)),
        example="(1, 2/3, 0, 1/5)",
        hint="Row i of the Jacobian holds ∂a_i/∂a_j = σ'(z_i) W_ij. Work out z = W·0 + b first, "
        "then σ'(z_i) = σ(z_i)(1 − σ(z_i)) with σ(ln 3) = 3/4.",
        accepts=(
            (0.5, -0.25, 0, 0.5625),
            "(1/2, -1/4, 0, 9/16)",
            "(2/4, -1/4, 0, 3*3/16)",
            (_HALF, -_QUARTER, 0, sp.Rational(9, 16)),
            # A matrix as its rows, typed or as a list.
            "[[1/2, -1/4], [0, 9/16]]",
            [[0.5, -0.25], [0, 0.5625]],
        ),
        rejects=(
            (2, -1, 0, 3),
            "[[0.5, 0], [-0.25, 0.5625]]",
            [[0.5, -0.25, 0], [0.5625]],
            (0.5, -0.25, 0, 0.75),
            (0.5, 0, -0.25, 0.5625),
            (0.5, 0.25, 0, 0.5625),
        ),
        reveals=("9/16", "0.5625", "\\tfrac{9}{16}"),
    ),
    "jacobian-bound": Problem(
        expected=_HALF**19,
        example="3**-7",
        hint="Going down one layer multiplies the norm by at most ‖W‖₂ · max σ'. "
        "Count how many such steps separate layer L from layer 1.",
        accepts=("(1/2)**19", "2**-19", 2.0**-19, "(2/4)^19", sp.Rational(1, 524288)),
        rejects=(0.25**19, 0.5**20, 2**19, 0.5**18, 0.25**20),
        reveals=("2^{-19}", "1.907e-06", "1.91e-06", "524288"),
    ),
    "leaky-relu-gain": Problem(
        expected=sp.Rational(200, 101),
        example="3/2",
        hint="For a symmetric z, E[φ(z)²] collects ½E[z²] from z > 0 and ½α²E[z²] from z < 0; "
        "choose n_in·v so that n_in·v times that factor is 1.",
        aliases={"alpha": "0.1"},
        accepts=("2/(1 + 0.1**2)", "200/101", 1.9802, sp.Rational(200, 101)),
        rejects=(2, 2 / 1.1, 1 / 1.01, 1.01, 2.02, "2/(1 + alpha**2)", "2/(1 + α²)"),
        reveals=("200/101", "1.980"),
    ),
    "underflow-depth": Problem(
        expected=(sp.Integer(75), sp.Integer(538)),
        example="(10, 100)",
        hint="0.25^L = 2^{−2L}. The smallest positive float32 is 2^{−149} (float64: 2^{−1074}); "
        "a product rounds to 0 once it is at most half of that (ties go to the even neighbour, "
        "0).",
        accepts=((75, 538), "(75, 538)", (75.0, 538.0), (sp.Integer(75), sp.Integer(538))),
        rejects=((76, 538), (75, 537), (63, 512), (74, 537), (64, 511)),
        reveals=("(75, 538)", "after 538"),
    ),
    "residual-jacobian": Problem(
        expected=(sp.Rational(3, 2), -_QUARTER, sp.Integer(0), sp.Rational(25, 16)),
        example="(1, 2/3, 0, 1/5)",
        hint="a₁ = a₀ + σ(W a₀ + b): differentiate both terms. The second is the sigmoid "
        "layer's Jacobian from the first exercise.",
        accepts=(
            (1.5, -0.25, 0, 1.5625),
            "(3/2, -1/4, 0, 25/16)",
            "(1 + 1/2, -1/4, 0, 1 + 9/16)",
            (sp.Rational(3, 2), -_QUARTER, 0, sp.Rational(25, 16)),
            "[[1.5, -0.25], [0, 1.5625]]",
            [[sp.Rational(3, 2), -_QUARTER], [0, sp.Rational(25, 16)]],
        ),
        rejects=(
            "[[0.5, -0.25], [0, 0.5625]]",
            (0.5, -0.25, 0, 0.5625),
            (1.5, 0.75, 1, 1.5625),
            (3, -1, 0, 4),
            (1.5, 0, -0.25, 1.5625),
        ),
        reveals=("25/16", "1.5625"),
    ),
}
"""The chapter's self-checks, by name."""

register("vanishing-gradients", PROBLEMS)
