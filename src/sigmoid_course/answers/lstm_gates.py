"""Answer key of the chapter "LSTM gates" (book/lstm-gates.ipynb).

Each entry says what a right answer is; :func:`sigmoid_course.selfcheck.check` compares a
student's answer with it. The chapter's check cells name these problems.
"""

from __future__ import annotations

import sympy as sp

from ..selfcheck import Problem, computed, register
from ..symbolic import s, sigma

# The chapter's own symbols: a forget gate's constant value ρ, a number of steps, a cell state.
rho, T, c = sp.symbols("rho T c")

_INPUTS, _HIDDEN = 10, 20


def _parameter_count() -> int:
    """The number of parameters of the chapter's LSTM, from the shapes the package uses."""
    from ..lstm import lstm_shapes

    return sum(int(sp.prod(shape)) for shape in lstm_shapes(_INPUTS, _HIDDEN).values())


_COUNT = computed("lstm-gates/parameter-count", _parameter_count)

PROBLEMS: dict[str, Problem] = {
    "lstm-parameter-count": Problem(
        expected=sp.Integer(_COUNT),
        example="3*(7 + 5)",
        hint="There are four gates, each with a weight for every input and every hidden unit, "
        "and PyTorch keeps two bias vectors, bias_ih and bias_hh.",
        traps=(
            (4 * _HIDDEN * (_INPUTS + _HIDDEN) + 4 * _HIDDEN, "that counts one bias vector."),
            (4 * _HIDDEN * (_INPUTS + _HIDDEN), "that leaves out the biases."),
        ),
        accepts=(
            _COUNT,
            "4*20*(10 + 20) + 2*4*20",
            "80*31 + 80",
            sp.Integer(_COUNT),
            f"{_COUNT:,}",
        ),
        rejects=(2480, 2400, 640, 3200, "4*20*(10 + 20)", f"{_COUNT - 80:,}"),
        reveals=(str(_COUNT),),
    ),
    "lstm-constant-gates": Problem(
        expected=rho**T,
        variables=(rho, T),
        domain={rho: (0.05, 0.99), T: (1.0, 60.0)},
        example="T*rho/2",
        hint="With gates that do not depend on the past, c_t = ρ c_{t−1} + (something that "
        "does not depend on c_{t−1}). Differentiate one step, then chain T of them.",
        traps=((T * rho, "the factors of the steps multiply, they do not add."),),
        aliases={"f": "rho", "f_t": "rho"},
        accepts=("rho**T", "rho^T", "exp(T*log(rho))", rho**T),
        rejects=("T*rho", "rho", "(rho/4)**T", "rho**(T - 1)", "1", "f**T"),
        reveals=("ρ^T", "ρ^{T}", "rho^T", "rho**T"),
    ),
    "lstm-forget-product": Problem(
        expected=(sigma(1) ** 50, sigma(3) ** 100),
        example="(0.5**3, 0.25)",
        hint="With zero weights, what is the forget gate at each step, from its bias alone? "
        "∂c_T/∂c_0 has one such factor per step: count them for T = 50 and T = 100.",
        accepts=(
            "(sigma(1)**50, sigma(3)**100)",
            "((1/(1 + exp(-1)))**50, (1/(1 + exp(-3)))**100)",
            (float(sigma(1) ** 50), float(sigma(3) ** 100)),
            (sigma(1) ** 50, sigma(3) ** 100),
            "(1.58e-7, 7.76e-3)",
            # σ(1) and σ(3) rounded to 4 digits: right to the precision they carry.
            f"({float(sigma(1)):.4f}**50, {float(sigma(3)):.4f}**100)",
        ),
        rejects=(
            (float(sigma(1) ** 100), float(sigma(3) ** 100)),
            (float(sigma(1) ** 50), float(sigma(3) ** 50)),
            (0.5**50, 0.5**100),
            (float(sigma(1) * 50), float(sigma(3) * 100)),
            f"({float(sigma(1)):.2f}**50, {float(sigma(3)):.2f}**100)",
        ),
        reveals=(
            "σ(1)^50",
            "sigma(1)**50",
            f"{float(sigma(1) ** 50):.2g}",
            f"{float(sigma(1) ** 50):.3g}",
            f"{float(sigma(3) ** 100):.2g}",
            f"{float(sigma(3) ** 100):.3g}",
        ),
    ),
    "lstm-squashed-bound": Problem(
        expected=(rho / 4) ** T,
        variables=(rho, T),
        domain={rho: (0.05, 0.99), T: (1.0, 60.0)},
        example="rho**(2*T)",
        hint="With the σ-wrapped update c_t = σ(c̃_t), c̃_t = ρ c_{t−1} + i g, the chain rule adds "
        "a factor σ'(c̃_t) to every step. How large can σ' be?",
        traps=((rho**T, "that is the right LSTM's factor, without the σ'."),),
        aliases={"f": "rho", "f_t": "rho"},
        accepts=("(rho/4)**T", "rho**T/4**T", "(rho*(1/2)*(1 - 1/2))**T", (rho / 4) ** T),
        rejects=("rho**T", "(rho/2)**T", "rho/4", "T*rho/4", "(1/4)**T", "(f_t/4)**T"),
        reveals=("(ρ/4)^T", "(rho/4)^T", "(rho/4)**T", "4^{-T}", "ρ^T/4^T"),
    ),
    "lstm-output-gate": Problem(
        expected=s * (1 - s) * sp.tanh(c),
        variables=(s, c),
        domain={s: (0.01, 0.99), c: (-3.0, 3.0)},
        example="s**2*c",
        hint="h_t = o_t tanh(c_t) with o_t = σ(z); the chain rule gives ∂h/∂o · ∂o/∂z, and "
        "σ' can be written with s = σ(z) alone.",
        traps=((sp.tanh(c), "that is ∂h_t/∂o_t; the gate's σ adds one more factor."),),
        accepts=(
            "s*(1 - s)*tanh(c)",
            "(s - s**2)*tanh(c)",
            "s(1 - s)tanh(c)",
            s * (1 - s) * sp.tanh(c),
        ),
        aliases={"o": "s", "o_t": "s"},
        rejects=(
            "tanh(c)",
            "s*tanh(c)",
            "s*(1 - s)",
            "(1 - s)*tanh(c)",
            "s*(1 - s)*c",
            "o*(1 - o)*tanh(c)",
            "o_t(1 − o_t)tanh(c)",
        ),
        reveals=("s(1-s)tanh", "s(1 − s) tanh", r"s(1-s)\tanh"),
    ),
}

register("lstm-gates", PROBLEMS)
