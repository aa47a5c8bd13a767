"""Answer key of the chapter "The sigmoid problem set" (book/sigmoid-problems.ipynb).

Each entry says what a right answer is; :func:`sigmoid_course.selfcheck.check` compares a
student's answer with it. The chapter's check cells name these problems.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..deepnets import dense_weight_gradient, sigmoid_backward
from ..selfcheck import Problem, register
from ..symbolic import k, p, s, sigma, t, y, z, z1, z2


def _random_arrays(*shapes: tuple[int, ...], seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(size=shape) for shape in shapes)


def _backward_inputs() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    cases = []
    for seed, shape in enumerate([(5,), (4, 3), (2, 3, 2)]):
        h, grad = _random_arrays(shape, shape, seed=seed)
        cases.append((1 / (1 + np.exp(-3 * h)), grad))
    return tuple(cases)


def _weight_gradient_inputs() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    cases = []
    for seed, (m_out, m_in) in enumerate([(1, 2), (3, 4), (2, 5)]):
        delta, h = _random_arrays((m_out,), (m_in,), seed=seed)
        cases.append((delta, 1 / (1 + np.exp(-h))))
    return tuple(cases)


PROBLEMS: dict[str, Problem] = {
    "limits": Problem(
        expected=(sp.Integer(1), sp.Integer(0)),
        example="(0.3, 0.7)",
        hint="Give the pair (limit as t → +∞, limit as t → −∞). What does e^{−t} do in each?",
    ),
    "symmetry": Problem(
        expected=1 - sigma(t),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**2 + 1",
        hint="Write σ(−t) = 1/(1 + e^t), then compare it with 1 − σ(t).",
    ),
    "sigma-derivative": Problem(
        expected=sp.diff(sigma(t), t),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**2 - s/2",
        hint="Differentiate 1/(1 + e^{−t}) by the chain rule, then split e^{−t}/(1 + e^{−t})² "
        "into two factors you recognise.",
        reveals=("σ(1−σ)", "σ(t)(1−σ(t))"),
    ),
    "values-at-zero": Problem(
        expected=(sp.Rational(1, 2), sp.Rational(1, 4)),
        example="(1/3, 2/5)",
        hint="Give the pair (σ(0), σ'(0)); e^0 = 1, and σ' = σ(1 − σ).",
    ),
    "inverse": Problem(
        expected=sp.log(p / (1 - p)),
        variables=(p,),
        domain={p: (1e-6, 1 - 1e-6)},
        example="log(1 + p)",
        hint="Solve p = 1/(1 + e^{−t}) for t: first isolate e^{−t}.",
        must_not_use=("sigma",),
    ),
    "log-derivative": Problem(
        expected=sigma(-t),
        variables=(t,),
        example="sigma(2*t)",
        hint="d/dt ln σ(t) = σ'(t)/σ(t); then use problems on σ' and on σ(−t).",
        must_not_use=("log",),
    ),
    "inflection": Problem(
        expected=sp.log(2 + sp.sqrt(3)),
        example="log(3)",
        hint="The inflection points of σ' are the zeros of σ'''. Write σ''' as a polynomial "
        "in s = σ(t), solve for s, then t = logit(s). Give the positive one.",
        reveals=("ln(2+√3)", "1.317"),
    ),
    "step-gap": Problem(
        expected=sigma(-k / 10),
        variables=(k,),
        domain={k: (0.5, 200.0)},
        example="k**2/(1 + k)",
        hint="On |t| ≥ 0.1 the gap |σ(kt) − H(t)| is largest at the edges t = ±0.1; "
        "by symmetry both edges give the same value.",
        reveals=("0.475", "σ(−k/10)"),
        traps=(
            (
                sp.exp(-k / 10),
                "close: e^{−k/10} is what the gap tends to for large k, but not its exact value.",
            ),
        ),
    ),
    "sigmoid-backward": Problem(
        expected=sigmoid_backward,
        inputs=_backward_inputs(),
        example="def backward(a, grad_a):\n    return ...",
        hint="∂L/∂z = ∂L/∂a · σ'(z), and σ'(z) can be written with a = σ(z) alone.",
    ),
    "max-derivative": Problem(
        expected=sp.Rational(1, 4),
        example="1/3",
        hint="σ' = s(1 − s) with s = σ(t) ∈ (0, 1): where does this parabola peak?",
        reveals=("σ' ≤ 1/4", "max σ' = 1/4"),
    ),
    "weight-gradient": Problem(
        expected=dense_weight_gradient,
        inputs=_weight_gradient_inputs(),
        example="def weight_gradient(delta, a):\n    return ...",
        hint="z_i = Σ_j W_ij a_j + b_i, so ∂z_i/∂W_ij = a_j; multiply by δ_i = ∂ℓ/∂z_i. "
        "The answer is a matrix of shape (len(delta), len(a)).",
    ),
    "loss-minimiser": Problem(
        expected=p,
        variables=(p,),
        domain={p: (1e-3, 1 - 1e-3)},
        example="p**2",
        hint="Minimise g(q) = −p ln q − (1 − p) ln(1 − q) over q ∈ (0, 1): set g'(q) = 0.",
    ),
    "logloss-gradient": Problem(
        expected=sigma(z) - y,
        variables=(z, y, p),
        substitute={p: sigma(z)},
        domain={y: (0.0, 1.0)},
        example="y*sigma(z)",
        hint="ℓ = −y ln σ(z) − (1 − y) ln σ(−z); use [ln σ(t)]' = σ(−t) on both terms.",
    ),
    "second-derivative": Problem(
        expected=sp.diff(sigma(t), t, 2),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**3 - s",
        hint="Differentiate s(1 − s) with respect to t, remembering that ds/dt = s(1 − s).",
    ),
    "tanh": Problem(
        expected=sp.tanh(t),
        variables=(t,),
        example="sigma(t) + 1",
        hint="tanh(t) = (1 − e^{−2t})/(1 + e^{−2t}); compare with σ(2t).",
        must_use=("sigma",),
        must_not_use=("tanh", "exp"),
    ),
    "two-class-softmax": Problem(
        expected=z1 - z2,
        variables=(z1, z2),
        example="z1 + z2",
        hint="Divide the numerator and denominator of e^{z1}/(e^{z1} + e^{z2}) by e^{z1}.",
    ),
    "log-sigmoid": Problem(
        expected=-t,
        variables=(t,),
        example="2*t",
        hint="ln σ(t) = −ln(1 + e^{−t}); compare with softplus(u) = ln(1 + e^u).",
    ),
    "naive-one": Problem(
        expected=53 * sp.log(2),
        example="40.5",
        hint="Find where 1 + e^{−t} first rounds to 1.0: how far is 1.0 from the next float64, "
        "and how do floats round a tie?",
        traps=(
            (
                54 * sp.log(2),
                "that is where the correctly rounded σ reaches 1.0; the question asks about "
                "the textbook formula.",
            ),
        ),
    ),
}
"""The problem set's self-checks, by name."""

register("sigmoid-problems", PROBLEMS)
