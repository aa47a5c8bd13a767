"""Answer key of the chapter "Logistic regression as a single neuron"
(book/logistic-regression.ipynb).

Each entry says what a right answer is; :func:`sigmoid_course.selfcheck.check` compares a
student's answer with it. The chapter's check cells name these problems.
"""

from __future__ import annotations

import math
import random

import sympy as sp

from ..selfcheck import Problem, computed, register


def _penalised_gradient(X, y, beta, s, lam):
    import numpy as np

    from ..activations import sigmoid

    penalised = np.concatenate([[0.0], beta[1:]])
    return X.T @ (s * (sigmoid(X @ beta) - y)) + lam * penalised


def _gradient_inputs() -> tuple[tuple, ...]:
    """(X, y, beta, omega, lam) for three sizes, as lists (arrays when compared)."""
    rng = random.Random(7)
    cases = []
    for n, m in ((5, 1), (12, 3), (30, 2)):
        X = [[1.0, *(rng.gauss(0, 1) for _ in range(m))] for _ in range(n)]
        y = [float(rng.randint(0, 1)) for _ in range(n)]
        beta = [rng.gauss(0, 1) for _ in range(m + 1)]
        omega = [rng.uniform(0.5, 3) for _ in range(n)]
        cases.append((X, y, beta, omega, rng.uniform(0.1, 2)))
    return tuple(cases)


def _with_exp(X, y, beta, s, lam):
    import numpy as np

    return X.T @ (s * (1 / (1 + np.exp(-X @ beta)) - y)) + lam * np.r_[0.0, beta[1:]]


def _as_row_times_matrix(X, y, beta, s, lam):
    import numpy as np

    from ..activations import sigmoid

    return (s * (sigmoid(X @ beta) - y)) @ X + lam * beta * (np.arange(beta.size) > 0)


def _bias_penalised(X, y, beta, s, lam):
    from ..activations import sigmoid

    return X.T @ (s * (sigmoid(X @ beta) - y)) + lam * beta


def _unweighted(X, y, beta, s, lam):
    import numpy as np

    from ..activations import sigmoid

    return X.T @ (sigmoid(X @ beta) - y) + lam * np.r_[0.0, beta[1:]]


def _sign_error(X, y, beta, s, lam):
    import numpy as np

    from ..activations import sigmoid

    return X.T @ (s * (y - sigmoid(X @ beta))) + lam * np.r_[0.0, beta[1:]]


def _beetle_fit() -> dict[str, float]:
    """The logistic fit to Bliss's beetles (log10 dose), as the chapter makes it."""
    from ..data import load_beetles
    from ..logistic import fit_binomial

    fit = fit_binomial(*load_beetles())
    return {"intercept": float(fit.intercept), "slope": float(fit.slope)}


_FIT = computed("logistic-regression/beetle-fit", _beetle_fit)
_INTERCEPT, _SLOPE = _FIT["intercept"], _FIT["slope"]
_LD90 = (math.log(9) - _INTERCEPT) / _SLOPE
# Exact in the fitted slope as printed (its repr), so that a formula typed with that slope is
# compared with the value it denotes, not with a float rounded once more.
_DOUBLING_EXACT = sp.exp(sp.Float(repr(_SLOPE), 30) * sp.log(2) / sp.log(10))
_DOUBLING = float(_DOUBLING_EXACT)

PROBLEMS: dict[str, Problem] = {
    "lr-penalised-gradient": Problem(
        expected=_penalised_gradient,
        inputs=_gradient_inputs,
        example=(
            "def gradient(X, y, beta, omega, lam):\n"
            "    return X.T @ (y - beta[0])  # shape (m + 1,)"
        ),
        hint="Each example's term is multiplied by its weight ωᵢ; the penalty (λ/2)‖w‖² adds λw "
        "to the weights' components and nothing to the bias's (beta[0]).",
        accepts=(_with_exp, _penalised_gradient, _as_row_times_matrix),
        rejects=(_bias_penalised, _unweighted, _sign_error),
        reveals=("np.r_[0.0, beta[1:]]",),
    ),
    "lr-irls-start": Problem(
        expected=(sp.Rational(1, 4), sp.Integer(2), sp.Integer(-2)),
        example="(1/3, 5, -5)",
        hint="At β = 0 every pᵢ = σ(0). The working weight is pᵢ(1 − pᵢ); the working response "
        "is zᵢ + (yᵢ − pᵢ)/(pᵢ(1 − pᵢ)) with zᵢ = 0.",
        accepts=("(1/4, 2, -2)", (0.25, 2, -2), "(sigma(0)*(1 - sigma(0)), 2, -2)"),
        rejects=("(1/2, 2, -2)", "(1/4, 1/2, -1/2)", "(1/4, -2, 2)", "(1/4, 4, -4)"),
        reveals=("(1/4, 2, -2)", "(0.25, 2, -2)"),
    ),
    "lr-ld90": Problem(
        expected=sp.Float(_LD90, 15),
        example="1.5",
        hint="Solve σ(b + wx) = 0.9 for x: b + wx = logit(0.9) = ln 9. Use the fitted b and w.",
        traps=(
            (
                sp.Float(-_INTERCEPT / _SLOPE, 15),
                "that is the LD50, where p = 1/2; the question asks for p = 0.9.",
            ),
        ),
        accepts=(
            f"{_LD90:.4f}",
            f"(log(9) + {-_INTERCEPT!r}) / {_SLOPE!r}",
            _LD90,
            # The fit as the chapter prints it: right to the precision its decimals carry.
            f"(log(9) + {-_INTERCEPT:.3f})/{_SLOPE:.3f}",
        ),
        rejects=(
            "1.7717",
            f"{(math.log(0.9) - _INTERCEPT) / _SLOPE:.4f}",
            "68.5",
            f"(log(9) - {-_INTERCEPT:.3f})/{_SLOPE:.3f}",
            f"{-_INTERCEPT:.3f}/{_SLOPE:.3f}",
        ),
        reveals=(f"{_LD90:.4f}", f"{10**_LD90:.2f}"),
    ),
    "lr-odds-doubling": Problem(
        expected=_DOUBLING_EXACT,
        example="12.5",
        hint="The log-odds are b + wx with x = log₁₀(dose); doubling the dose adds log₁₀ 2 to x.",
        traps=(
            (
                sp.Float(math.exp(_SLOPE * math.log(2)), 15),
                "that adds ln 2 to x, but x is the base-10 logarithm of the dose.",
            ),
            (
                sp.Float(math.exp(2 * _SLOPE), 15),
                "that adds 2 to x; doubling the dose adds log₁₀ 2.",
            ),
        ),
        accepts=(
            f"exp({_SLOPE!r} * log(2) / log(10))",
            f"{_DOUBLING:.0f}",
            _DOUBLING,
            f"exp({_SLOPE:.3f}*log10(2))",
            f"{_DOUBLING:,.0f}",
            f"{float(f'{_DOUBLING:.3g}'):.0f}",
        ),
        rejects=(
            f"{math.exp(_SLOPE * math.log(2)):.4g}",
            f"{_DOUBLING * 1.05:.0f}",
            "2",
            f"exp({_SLOPE - 0.1:.1f}*log10(2))",
            f"{_DOUBLING * 1.05:,.0f}",
            f"{float(f'{_DOUBLING:.1g}'):,.0f}",
        ),
        reveals=(f"{_DOUBLING:,.0f}", f"{_DOUBLING:.0f}", f"{_DOUBLING:.3g}"),
    ),
    "lr-mle-exists": Problem(
        expected=(sp.Integer(1), sp.Integer(0), sp.Integer(0), sp.Integer(1)),
        example="(0, 1, 1, 0)",
        hint="An estimate fails to exist when some line (a threshold on x, in either direction) "
        "puts every y = 1 on one side and every y = 0 on the other, ties on the line allowed.",
        accepts=("(1, 0, 0, 1)", (1, 0, 0, 1), [1.0, 0.0, 0.0, 1.0]),
        rejects=("(1, 0, 1, 1)", "(0, 1, 1, 0)", "(1, 1, 1, 1)", "(1, 0, 0, 0)"),
        reveals=("(1, 0, 0, 1)",),
    ),
}
"""The chapter's self-checks, by name."""

register("logistic-regression", PROBLEMS)
