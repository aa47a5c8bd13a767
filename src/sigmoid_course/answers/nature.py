"""Answer key of the chapter "Nature follows the sigmoid" (book/nature.ipynb).

The chapter's symbols (growth rate r, carrying capacity K, Hill coefficient n_H, half-occupancy
concentration K_d) are declared here without assumptions, so that a formula typed as text,
which the checker reads into plain symbols, is compared with the same variables.
"""

from __future__ import annotations

import sympy as sp

from ..selfcheck import Problem, register

r, K = sp.symbols("r K")
"""Growth rate and carrying capacity of N(τ) = K σ(r(τ − τ₀))."""

n_H, K_d = sp.symbols("n_H K_d")
"""Hill coefficient and the concentration of half occupancy."""

_LN9 = sp.log(9)

PROBLEMS: dict[str, Problem] = {
    "growth-half-time": Problem(
        expected=(_LN9 / r, 2 * _LN9 / r),
        variables=(r,),
        domain={r: (0.01, 5.0)},
        example="(1/(2*r), 3/r)",
        hint="Write N(τ) = K σ(r(τ − τ₀)) and use the logit: N = qK exactly when "
        "r(τ − τ₀) = logit(q). Find τ₀ from N(0) = K/10 first.",
        accepts=(
            "(log(9)/r, 2*log(9)/r)",
            "(2*ln(3)/r, ln(81)/r)",
            (_LN9 / r, sp.log(81) / r),
            "(-log(1/9)/r, 4*log(3)/r)",
            "(2.197/r, 4.394/r)",
        ),
        rejects=(
            "(2.2/r, 4.4/r)",
            "(2.19/r, 4.39/r)",
            "(log(9)*r, 2*log(9)*r)",
            "(log(9)/r, log(9)/r)",
            "(log(10)/r, 2*log(10)/r)",
            "(log(9)/r, 2*log(10)/r)",
            "(1/r, 2/r)",
        ),
        reveals=("ln 9/r", "ln(9)/r", "log(9)/r", "2 ln 9", "2.197/r", "4.394/r"),
    ),
    "growth-max-rate": Problem(
        expected=(K / 2, r * K / 4),
        parts=("N where growth is fastest", "the fastest rate"),
        variables=(r, K),
        domain={r: (0.01, 5.0), K: (1.0, 1000.0)},
        example="(K/3, r*K**2/3)",
        hint="N' = rN(1 − N/K) is a parabola in N. Where is it largest, and what is its value "
        "there?",
        accepts=(
            "(K/2, r*K/4)",
            "(0.5*K, 0.25*K*r)",
            (K / 2, r * K / 4),
            "(K/2, r*(K/2)*(1 - 1/2))",
            "(K/2, K*r/4)",
            "(K/2, rK/4)",
        ),
        rejects=(
            "(K/2, r*K/2)",
            "(K, r*K/4)",
            "(K/4, r*K/4)",
            "(K/2, r*K)",
            "(K/2, K/4)",
            "(r*K/4, K/2)",
        ),
        reveals=("rK/4", "r K/4", "Kr/4", "K r/4", "rK/ 4"),
    ),
    "hill-half-slope": Problem(
        expected=(n_H / 4, n_H / (4 * K_d)),
        variables=(n_H, K_d),
        domain={n_H: (0.2, 6.0), K_d: (0.01, 100.0)},
        aliases={"n": "n_H", "K": "K_d"},
        example="(n_H/3, 1/K_d)",
        hint="θ = σ(n_H(ln[L] − ln K_d)): differentiate with the chain rule, first with respect "
        "to ln[L], then use d/d[L] = (1/[L]) d/d ln[L]. Evaluate at [L] = K_d.",
        accepts=(
            "(n_H/4, n_H/(4*K_d))",
            "(0.25*n_H, 0.25*n_H/K_d)",
            (n_H / 4, n_H / (4 * K_d)),
            "(n_H*(1/2)*(1 - 1/2), n_H/(4*K_d))",
            "(nH/4, nH/(4 Kd))",
        ),
        rejects=(
            "(n_H/4, n_H/4)",
            "(n_H, n_H/K_d)",
            "(1/4, 1/(4*K_d))",
            "(n_H/2, n_H/(2*K_d))",
            "(n_H/4, n_H*K_d/4)",
            "(n/4, n/(4*K))",
        ),
        reveals=("n_H/4", "n_H/(4K_d)", "n_H/(4 K_d)", "n_H/4K_d"),
    ),
    "hill-from-two-points": Problem(
        expected=(2 * sp.log(sp.Rational(7, 3)) / sp.log(sp.Rational(7, 4)), sp.sqrt(700)),
        example="(1.5, 30.2)",
        hint="On the Hill plot, logit θ = n_H(ln[L] − ln K_d) is a straight line in ln[L]: "
        "two points fix its slope n_H and the place where it crosses 0.",
        accepts=(
            "(2*log(7/3)/log(7/4), sqrt(700))",
            "(log(49/9)/log(1.75), 10*sqrt(7))",
            (3.028, 26.46),
            "(3.02814, 26.4575)",
        ),
        rejects=(
            "(log(7/3)/log(7/4), sqrt(700))",
            "(2*log(7/3)/log(7/4), 27.5)",
            "(2*log(7/3)/log(15), sqrt(700))",
            (2.9, 26.46),
            (3.028, 27.5),
        ),
        reveals=("3.028", "3.03", "26.46", "10√7", "√700"),
    ),
}
"""The chapter's self-checks, by name."""

register("nature", PROBLEMS)
