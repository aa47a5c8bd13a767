"""Answer key of the chapter "The sigmoid problem set" (book/sigmoid-problems.ipynb).

Each entry says what a right answer is; :func:`sigmoid_course.selfcheck.check` compares a
student's answer with it. The chapter's check cells name these problems.
"""

from __future__ import annotations

import math

import sympy as sp

from ..selfcheck import Problem, register
from ..symbolic import k, p, s, sigma, t, y, z, z1, z2
from . import _array_answers as arrays


def _log_largest_float(significand_bits: int, max_exponent: int) -> sp.Expr:
    """ln of the largest finite float, (2 − 2^(1−b))·2^e_max = 2^(e_max+1)·(1 − 2^(−b)),
    exactly."""
    return (max_exponent + 1) * sp.log(2) + sp.log(1 - sp.Rational(1, 2**significand_bits))


LN2 = sp.log(2)
HALF = sp.Rational(1, 2)
_P_POSITIVE = sp.Symbol("p", positive=True)
_Q = sp.Symbol("q", real=True)
"""The answer q = σ(z) a model gives (book/notation.md)."""
_SATURATED = sigma(-10)
"""q = σ(z) at z = −10, where a confident model is wrong about y = 1."""

_FLOAT_PARTS = (
    "textbook formula returns 1.0 from",
    "correctly rounded σ is 1.0 from",
    "exp(−t) overflows below",
    "true σ(t) rounds to 0 below",
)
_FLOAT_HINT = (
    "A float with b significand bits has spacing 2^(1−b) just above 1 and 2^(−b) just below "
    "it; 1 + x rounds to 1 once x is at most half the spacing above. exp overflows past the "
    "largest float, and a tiny value rounds to 0 below half the smallest subnormal."
)

PROBLEMS: dict[str, Problem] = {
    "limits": Problem(
        expected=(sp.Integer(1), sp.Integer(0)),
        example="(0.3, 0.7)",
        hint="Give the pair (limit as t → +∞, limit as t → −∞). What does e^{−t} do in each?",
        parts=("t → +∞", "t → −∞"),
        accepts=((1, 0), "(1, 0)", (1.0, 0.0), "1, 0", (sp.Integer(1), sp.Integer(0))),
        rejects=((0, 1), "(1, 1)", "(0.9995, 0)", "(1, 0.5)", "(oo, 0)"),
        reveals=("limit 1 as t → +∞", "limits are 1 and 0"),
    ),
    "logistic-moments": Problem(
        expected=(sp.Integer(0), sp.pi**2 / 3),
        example="(1, 2*pi)",
        hint="σ' is the density; it is symmetric about 0. The variance is ∫ t² σ'(t) dt: "
        "expand σ' in powers of e^{−|t|} and integrate term by term, or look up the "
        "logistic distribution with scale 1.",
        parts=("mean", "variance"),
        accepts=("(0, pi^2/3)", "(0, π²/3)", (0, sp.pi**2 / 3), "0, 3.290", (0.0, 3.28987)),
        rejects=("(0, pi^2)", "(0, 1)", "(0, pi**2/6)", "(1/2, pi^2/3)", "(0, 3.28)"),
        reveals=("π²/3", "pi**2/3", "pi^2/3", "3.29"),
    ),
    "symmetry": Problem(
        expected=1 - sigma(t),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**2 + 1",
        hint="Write σ(−t) = 1/(1 + e^t) and add it to σ(t) = 1/(1 + e^{−t}): what is the sum?",
        accepts=("1 - s", "1 − s", "1 - σ(t)", "(1 - sigma(t))", 1 - s),
        rejects=("s - 1", "s", "-s", "1 + s", "1/s"),
        reveals=("σ(−t) = 1 − σ(t)", "σ(−t) = 1 − s", "1 − σ(t)"),
    ),
    "sigma-derivative": Problem(
        expected=sp.diff(sigma(t), t),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**2 - s/2",
        hint="Differentiate 1/(1 + e^{−t}) by the chain rule, then split e^{−t}/(1 + e^{−t})² "
        "into two factors you recognise.",
        accepts=(
            "s*(1 - s)",
            "s(1 − s)",
            "σ(t)*(1-σ(t))",
            "s - s²",
            "s - s^2",
            "σ(1 − σ)",
            s * (1 - s),
            sigma(t) * (1 - sigma(t)),
        ),
        rejects=("s*(1 + s)", "s**2", "s", "s*(1 - s)**2", "1 - s"),
        reveals=("s*(1 - s)", "s(1 − s)", "σ(1−σ)", "σ(1 − σ)", "σ(t)(1−σ(t))"),
    ),
    "values-at-zero": Problem(
        expected=(HALF, sp.Rational(1, 4)),
        example="(1/3, 2/5)",
        hint="Give the pair (σ(0), σ'(0)); e^0 = 1, and σ' can be written with σ alone (the "
        "problem on σ' above).",
        parts=("σ(0)", "σ'(0)"),
        accepts=(
            (0.5, 0.25),
            "(1/2, 1/4)",
            "(½, ¼)",
            (HALF, sp.Rational(1, 4)),
        ),
        rejects=("(0.5, 0.2498)", (0.5, 0.5), "(1/4, 1/2)", "(0, 1/4)", "(1/2)"),
        reveals=("σ(0) = 1/2", "σ(0) = 0.5", "σ'(0) = 1/4", "σ'(0) = 0.25"),
    ),
    "inverse": Problem(
        expected=sp.log(p / (1 - p)),
        variables=(p,),
        domain={p: (1e-6, 1 - 1e-6)},
        example="log(1 + p)",
        hint="Solve p = 1/(1 + e^{−t}) for t: first isolate e^{−t}.",
        must_not_use=("sigma",),
        accepts=(
            "log(p/(1 - p))",
            "ln(p/(1−p))",
            "log(p) - log(1 - p)",
            "np.log(p/(1-p))",
            "-log(1/p - 1)",
            sp.log(_P_POSITIVE / (1 - _P_POSITIVE)),
        ),
        rejects=("log(p/(1 + p))", "log(p)", "log((1 - p)/p)", "logit(p)", "sigma(p)"),
        reveals=("log(p/(1 - p))", "ln(p/(1−p))"),
    ),
    "logit-domain": Problem(
        expected=(sp.Integer(0), sp.Integer(1)),
        example="(-2, 5)",
        hint="σ^{-1}(p) is defined for the values σ takes. Give the ends (lower, upper) of "
        "that interval; use inf or ∞ for an unbounded end.",
        parts=("lower end", "upper end"),
        accepts=("(0, 1)", (0, 1), (0.0, 1.0), "0, 1", "[0, 1]"),
        rejects=("(-oo, oo)", "(-inf, inf)", "(0, ∞)", "(-1, 1)", "(1, 0)"),
        reveals=("p ∈ (0, 1)", "p∈(0,1)", "domain (0, 1)"),
    ),
    "log-derivative": Problem(
        expected=sigma(-t),
        variables=(t, s),
        substitute={s: sigma(t)},
        example="sigma(2*t)",
        hint="d/dt ln σ(t) = σ'(t)/σ(t); then use the problems on σ' and on σ(−t).",
        must_not_use=("log",),
        accepts=("sigma(-t)", "σ(−t)", "1 - s", "1/(1 + exp(t))", "1 - sigma(t)", sigma(-t)),
        rejects=("sigma(t)", "s*(1 - s)", "-sigma(-t)", "s", "log(sigma(-t))"),
        reveals=("]' = σ(−t)", "]' = sigma(-t)"),
    ),
    "inflection": Problem(
        expected=sp.log(2 + sp.sqrt(3)),
        example="log(3)",
        hint="The inflection points of σ' are the zeros of σ'''. Write σ''' as a polynomial "
        "in s = σ(t), solve for s, then t = logit(s). Give the positive one.",
        accepts=(
            "log(2 + sqrt(3))",
            "ln(2 + √3)",
            1.317,
            "acosh(2)",
            "np.log(2 + np.sqrt(3))",
            sp.log(2 + sp.sqrt(3)),
        ),
        rejects=(1.31, "log(3)", "-log(2 + sqrt(3))", "log(2 - sqrt(3))", 1.2, "1.3"),
        reveals=("1.317", "2 + √3", "2+√3", "2 + sqrt(3)", "ln(2+√3)"),
    ),
    "step-gap": Problem(
        expected=sigma(-k / 10),
        variables=(k,),
        domain={k: (0.5, 200.0)},
        example="k**2/(1 + k)",
        hint="On |t| ≥ 0.1 the gap |σ(kt) − H(t)| is largest at the edges t = ±0.1; "
        "by symmetry both edges give the same value.",
        traps=(
            (
                sp.exp(-k / 10),
                "close: e^{−k/10} is what the gap tends to for large k, but not its exact value.",
            ),
        ),
        accepts=(
            "sigma(-k/10)",
            "1/(1 + e^(k/10))",
            "1 − σ(k/10)",
            "1/(1+exp(k/10))",
            sigma(-k / 10),
        ),
        rejects=("sigma(-k)", "exp(-k/10)", "sigma(k/10)", "e^(-k)", "1/(1 + k/10)"),
        reveals=("σ(−k/10)", "sigma(-k/10)", "σ(-k/10)", "0.475"),
    ),
    "sigmoid-backward": Problem(
        expected=arrays.sigmoid_backward,
        inputs=arrays.backward_inputs,
        example="def backward(a, grad_a):\n    return ...",
        hint="∂L/∂z = ∂L/∂a · σ'(z), and σ'(z) can be written with a = σ(z) alone.",
        accepts=(
            lambda a, g: g * a * (1 - a),
            lambda a, g: a * g - a * a * g,
            arrays.multiplied,
        ),
        rejects=(
            lambda a, g: g * a,
            lambda a, g: g * a * (1 + a),
            lambda a, g: (g * a * (1 - a)).sum(),
            "g*a*(1 - a)",
        ),
        reveals=("grad_a * a * (1 - a)",),
    ),
    "max-derivative": Problem(
        expected=sp.Rational(1, 4),
        example="1/3",
        hint="Write σ' with s = σ(t) ∈ (0, 1) alone (the problem on σ' above): it is a parabola "
        "in s. Where does it peak?",
        accepts=("1/4", 0.25, "¼", sp.Rational(1, 4), "0.250"),
        rejects=("0.2499", "1/2", "0.2", 0.26, "1"),
        reveals=("σ' ≤ 1/4", "σ′ ≤ 1/4", "max σ' = 1/4", "at most 1/4"),
    ),
    "weight-gradient": Problem(
        expected=arrays.dense_weight_gradient,
        inputs=arrays.weight_gradient_inputs,
        example="def weight_gradient(delta, a):\n    return ...",
        hint="z_i = Σ_j W_ij a_j + b_i, so ∂z_i/∂W_ij = a_j; multiply by δ_i = ∂ℓ/∂z_i. "
        "The answer is a matrix of shape (len(delta), len(a)).",
        accepts=(
            arrays.outer,
            lambda d, a: d[:, None] * a[None, :],
            arrays.einsum,
        ),
        rejects=(
            lambda d, a: d * a.sum(),
            arrays.outer_swapped,
            lambda d, a: d[:, None] * (1 - a)[None, :],
        ),
        reveals=("np.outer(delta, a)",),
    ),
    "loss-minimiser": Problem(
        expected=(p, p, sp.Heaviside(p - HALF), sp.sign(p - HALF)),
        variables=(p,),
        domain={p: (0.01, 0.98)},
        example="(p**2, 1 - p, sqrt(p), 2*p)",
        hint="Minimise each expected loss over the model's answer: for logloss and squared "
        "error set the derivative in q to 0; the absolute error p(1 − q) + (1 − p)q and the "
        "expected hinge loss are piecewise linear, so their minimum is at an end or a kink. "
        "H(x) (the unit step) and sign(x) are understood.",
        parts=("logloss", "squared error", "absolute error", "hinge loss"),
        accepts=(
            "(p, p, H(p - 1/2), sign(p - 1/2))",
            "p, p, H(2p − 1), sign(2p − 1)",
            (p, p, sp.Heaviside(p - HALF), sp.sign(2 * p - 1)),
            "(p, p, (1 + sign(p - 0.5))/2, 2*H(p - 0.5) - 1)",
        ),
        rejects=(
            "p",
            "(p, p, p, p)",
            "(p, p, H(p - 1/2), H(p - 1/2))",
            "(p, p**2, H(p - 1/2), sign(p - 1/2))",
            "(p, p, 1/2, 0)",
            "(1 - p, p, H(p - 1/2), sign(p - 1/2))",
        ),
        reveals=("q* = p", "q⋆ = p", "minimised at q = p"),
    ),
    "saturated-gradients": Problem(
        expected=(
            _SATURATED - 1,
            (_SATURATED - 1) * _SATURATED * (1 - _SATURATED),
        ),
        example="(-0.5, 1e-3)",
        hint="With q = σ(z): differentiate each loss with respect to q, then multiply by "
        "dq/dz = σ'(z) (the chain rule). Evaluate both at z = −10, y = 1.",
        parts=("logloss", "halved squared error"),
        traps=(
            (
                2 * (_SATURATED - 1) * _SATURATED * (1 - _SATURATED),
                "that is the gradient of (y − q)² without the ½.",
            ),
        ),
        accepts=(
            "(sigma(-10) - 1, (sigma(-10) - 1)*sigma(-10)*(1 - sigma(-10)))",
            "(−σ(10), −σ(10)²σ(−10))",
            "(-0.99995, -4.539e-5)",
            (-0.9999546021312976, -4.5393746863032394e-05),
        ),
        rejects=(
            "(-1.0, -4.5e-5)",
            "(0.99995, 4.539e-5)",
            "(-0.99995, -9.079e-5)",
            "(-0.99995, -0.99995)",
            "(-1, 0)",
        ),
        reveals=("4.54e-05", "4.5e-05", "-0.99995"),
    ),
    "logloss-gradient": Problem(
        expected=sigma(z) - y,
        # The exercise writes the model's answer q = σ(z) (the notation table's q); p for it
        # is read too.
        variables=(z, y, p, _Q),
        substitute={p: sigma(z), _Q: sigma(z)},
        domain={y: (0.0, 1.0)},
        example="y*sigma(z)",
        hint="ℓ = −y ln σ(z) − (1 − y) ln σ(−z); differentiate both logarithms with the problem "
        "on ln σ above, and the chain rule for σ(−z).",
        accepts=(
            "sigma(z) - y",
            "σ(z) − y",
            "p - y",
            "q - y",
            "1/(1 + exp(-z)) - y",
            sigma(z) - y,
        ),
        rejects=(
            "y - sigma(z)",
            "sigma(z) + y",
            "sigma(z)",
            "1 - y",
            "sigma(z) - y + 1",
            "y - q",
        ),
        reveals=("σ(z) − y", "sigma(z) - y", "σ(z) - y"),
    ),
    "second-derivative": Problem(
        expected=sp.diff(sigma(t), t, 2),
        variables=(s,),
        substitute={s: sigma(t)},
        example="s**3 - s",
        hint="Write σ' with s alone (the problem on σ' above), differentiate that with respect to "
        "s, and multiply by ds/dt (the chain rule), which is σ' again.",
        accepts=(
            "s*(1 - s)*(1 - 2*s)",
            "s(1 − s)(1 − 2s)",
            "s - 3s² + 2s³",
            "s - 3*s**2 + 2*s**3",
            "σ(1−σ)(1−2σ)",
            s * (1 - s) * (1 - 2 * s),
        ),
        rejects=("s*(1 - s)", "s*(1 - s)*(1 + 2*s)", "1 - 2*s", "s*(1 - s)*(2*s - 1)"),
        reveals=("(1 - 2*s)", "(1 − 2s)", "(1−2σ)", "(1 − 2σ)"),
    ),
    "tanh": Problem(
        expected=sp.tanh(t),
        variables=(t,),
        example="sigma(t) + 1",
        hint="tanh(t) = (1 − e^{−2t})/(1 + e^{−2t}); compare with σ(2t).",
        must_use=("sigma",),
        must_not_use=("tanh", "exp"),
        accepts=(
            "2*sigma(2*t) - 1",
            "2σ(2t) − 1",
            "sigma(2*t) - sigma(-2*t)",
            "2sigma(2t) - 1",
            2 * sigma(2 * t) - 1,
        ),
        rejects=("2*sigma(t) - 1", "tanh(t)", "sigma(2*t)", "(1 - exp(-2*t))/(1 + exp(-2*t))"),
        reveals=("2σ(2t) − 1", "2*sigma(2*t) - 1", "2σ(2t)−1"),
    ),
    "two-class-softmax": Problem(
        expected=z1 - z2,
        variables=(z1, z2),
        example="z1 + z2",
        hint="Divide the numerator and denominator of e^{z1}/(e^{z1} + e^{z2}) by e^{z1}.",
        accepts=("z1 - z2", "z1 − z2", "-(z2 - z1)", z1 - z2),
        rejects=("z2 - z1", "z1 + z2", "z1/z2", "z1", "exp(z1 - z2)"),
        reveals=("σ(z1 − z2)", "sigma(z1 - z2)"),
    ),
    "log-sigmoid": Problem(
        expected=-t,
        variables=(t,),
        example="2*t",
        hint="ln σ(t) = −ln(1 + e^{−t}); compare with softplus(t) = ln(1 + e^t).",
        accepts=("-t", "−t", "-1*t", -t),
        rejects=("t", "-2*t", "t - 1", "1 - t", "exp(-t)"),
        reveals=("softplus(−t)", "softplus(-t)"),
    ),
    "naive-one": Problem(
        expected=53 * LN2,
        example="40.5",
        hint="Find where 1 + e^{−t} first rounds to 1.0: how far is 1.0 from the next float64, "
        "and how do floats round a tie?",
        traps=(
            (
                54 * LN2,
                "that is where the correctly rounded σ reaches 1.0; the question asks about "
                "the textbook formula.",
            ),
        ),
        accepts=("53*log(2)", "53 ln 2", 36.74, "36.74", 53 * math.log(2), 53 * LN2),
        rejects=(36.73, "37.43", "54 ln 2", 709.78, "53*log2", "36.8"),
        reveals=("36.74", "53 ln 2", "53*log(2)"),
    ),
    "float64-thresholds": Problem(
        expected=(53 * LN2, 54 * LN2, -_log_largest_float(53, 1023), -1075 * LN2),
        example="(10.5, 11, -300.25, -310)",
        hint=_FLOAT_HINT,
        parts=_FLOAT_PARTS,
        traps=(
            (
                -1074 * LN2,
                "that is where σ(t) equals the smallest subnormal; values down to half of it "
                "still round up to it.",
            ),
        ),
        accepts=(
            "(53 ln 2, 54 ln 2, -709.78, -745.13)",
            (36.74, 37.43, -709.78, -745.13),
            "53*log(2), 54*log(2), -log(1.7976931348623157e308), -1075*log(2)",
            (36.7368005696771, 37.42994775023705, -709.782712893384, -745.1332191019412),
        ),
        rejects=(
            "(37.43, 36.74, -709.78, -745.13)",
            "(36.74, 37.43, 709.78, -745.13)",
            "(36.74, 37.43, -709.78, -744.44)",
            "(36.73, 37.43, -709.78, -745.13)",
            "(36.74, 37.43, -709.78)",
        ),
        reveals=("37.43", "709.78", "745.13"),
    ),
    "float32-thresholds": Problem(
        expected=(24 * LN2, 25 * LN2, -_log_largest_float(24, 127), -150 * LN2),
        example="(10.5, 11, -300.25, -310)",
        hint=_FLOAT_HINT,
        parts=_FLOAT_PARTS,
        traps=(
            (
                -149 * LN2,
                "that is where σ(t) equals the smallest subnormal; values down to half of it "
                "still round up to it.",
            ),
        ),
        accepts=(
            "(24 ln 2, 25 ln 2, -88.72, -103.97)",
            (16.64, 17.33, -88.72, -103.97),
            "24*log(2), 25*log(2), -log(3.4028235e38), -150*log(2)",
        ),
        rejects=(
            "(16.64, 17.33, -88.73, -103.97)",
            "(17.33, 16.64, -88.72, -103.97)",
            "(16.64, 17.33, -88.72, -103.28)",
            "(36.74, 37.43, -709.78, -745.13)",
        ),
        reveals=("16.64", "17.33", "88.72", "103.97"),
    ),
}
"""The problem set's self-checks, by name."""

register("sigmoid-problems", PROBLEMS)
