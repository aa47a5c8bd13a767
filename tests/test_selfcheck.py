"""The self-check accepts every right form, rejects wrong ones with a hint, and never raises.

The table tests run over every registered answer key, so a new chapter's key is tested as soon
as it is registered; a key whose problems lack their notations table fails here.
"""

from __future__ import annotations

import html
import re
import time
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigmoid_course.selfcheck import (
    CONSTANTS,
    FUNCTIONS,
    MIN_DIGITS,
    PREFIXES,
    VOCABULARY,
    Problem,
    Verdict,
    answer_keys,
    check,
    problems,
    register,
    timeout_verdict,
)
from sigmoid_course.symbolic import compare, sigma, t

PROBLEMS = problems()
SLOWEST_ALLOWED = 2.0
"""Seconds; every check must return within this, whatever it is given."""
INTERNAL_ERROR = "could not be checked ("
"""The last-resort message of a check that met an error it did not foresee."""

ACCEPTS = [(name, answer) for name, spec in PROBLEMS.items() for answer in spec.accepts]
REJECTS = [(name, answer) for name, spec in PROBLEMS.items() for answer in spec.rejects]


def _raises() -> None:
    raise RuntimeError("a student's function that fails")


class _Odd:
    """An object whose every conversion fails."""

    def __str__(self) -> str:
        raise ValueError("no str")

    __repr__ = __str__

    def __float__(self) -> float:
        raise ValueError("no float")


GARBAGE = [
    "",
    "   ",
    "(",
    ")",
    "s*(1 - s",
    "((((((((((s))))))))",
    "(1, (2, 3))",
    "()",
    "1,,2",
    "x y",
    "import os",
    "__import__('os').system('true')",
    "os.system",
    "sigma.__class__",
    "lambda t: 1",
    "1/0",
    "0**-1",
    "log(0)",
    "log(-1)",
    "sqrt(-1)",
    "nan",
    "oo",
    "-oo",
    "zoo",
    "I",
    "inf - inf",
    "10**400",
    "10**10**10",
    "2^2^2^2^2^2",
    "9" * 5000,
    "1e999999",
    "exp(exp(exp(exp(100))))",
    "exp(exp(exp(exp(exp(exp(exp(exp(10))))))))",
    "s" * 500,
    "s " * 150,
    "(" * 200 + "1" + ")" * 200,
    "-" * 300 + "1",
    "sigma(" * 40 + "t" + ")" * 40,
    "t**t**t**t",
    "\x00",
    "σ(",
    "√",
    "log",
    "e^",
    "1.2.3",
    10**400,
    -(10**5000),
    float("nan"),
    float("inf"),
    1e308,
    complex(1, 1),
    True,
    None,
    [1, "a"],
    (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21),
    {"a": 1},
    {1, 2},
    object(),
    _Odd(),
    b"1/4",
    Fraction(10**400, 3),
    np.array([1.0, 2.0]),
    np.array([[1.0]]),
    np.float64("nan"),
    sp.nan,
    sp.zoo,
    sp.I,
    sp.oo,
    sp.Integer(10) ** 5000,
    sp.Function("f")(t),
    sp.Eq(t, 1),
    sp.Symbol("x"),
    lambda *args: 1 / 0,
    lambda *args: _raises(),
    lambda *args: "a string",
    lambda *args: None,
    print,
    int,
]


# --- every answer key: its notations table -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_every_problem_has_its_notations_table(name):
    spec = PROBLEMS[name]
    assert len(spec.accepts) >= 3, f"{name}: give at least 3 right answers in `accepts`"
    assert len(spec.rejects) >= 1, f"{name}: give the natural wrong answers in `rejects`"
    assert all(isinstance(text, str) and text for text in spec.reveals)
    if isinstance(spec.expected, tuple):
        assert not spec.parts or len(spec.parts) == len(spec.expected)


@pytest.mark.parametrize(("name", "answer"), ACCEPTS, ids=repr)
def test_every_right_notation_is_accepted(name, answer):
    verdict = check(name, answer)
    assert verdict.correct, verdict.message


@pytest.mark.parametrize(("name", "answer"), REJECTS, ids=repr)
def test_every_natural_wrong_answer_is_rejected_with_a_hint_or_the_form(name, answer):
    verdict = check(name, answer)
    assert not verdict.correct
    spec = PROBLEMS[name]
    message = verdict.message
    helps = (spec.hint, _first_line(spec.example), f"give at least {MIN_DIGITS}")
    assert any(text in message for text in helps), message


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_the_example_of_the_answer_form_does_not_give_the_answer_away(name):
    assert not check(name, PROBLEMS[name].example).correct


def test_every_key_registers_its_problems_and_names_are_unique():
    keys = answer_keys()
    assert "sigmoid-problems" in keys
    names = [name for key_names in keys.values() for name in key_names]
    assert len(names) == len(set(names)) == len(PROBLEMS)


def test_a_name_used_by_another_key_is_refused():
    with pytest.raises(ValueError, match="already used by 'sigmoid-problems'"):
        register("another-chapter", {"limits": Problem(expected=1)})
    with pytest.raises(TypeError, match="must be a Problem"):
        register("another-chapter", {"new-name": 1})


# --- never raises, always bounded, garbage is never right --------------------------------------


@pytest.mark.parametrize("answer", GARBAGE, ids=lambda a: type(a).__name__ + ":" + _label(a))
def test_garbage_never_raises_is_never_right_and_returns_in_time(answer):
    for name in PROBLEMS:
        started = time.perf_counter()
        verdict = check(name, answer)
        elapsed = time.perf_counter() - started
        assert isinstance(verdict, Verdict) and not verdict.correct and verdict.message, name
        assert elapsed <= SLOWEST_ALLOWED, f"{name}: {elapsed:.2f} s"
        assert INTERNAL_ERROR not in verdict.message, f"{name}: {verdict.message}"


TOKENS = sorted(
    {*FUNCTIONS, *CONSTANTS, *(f"{p}.log" for p in PREFIXES)}
    | {"s", "t", "p", "k", "y", "z", "z1", "z2", "x", "1", "2", "0.5", "1e-3", "10", "99999"}
    | {"+", "-", "−", "*", "·", "×", "/", "^", "**", "(", ")", "[", "]", ",", " ", "²", "³"}
    | {"½", "⁻¹", ".", "e"}
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(PROBLEMS)),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
)
def test_random_strings_over_the_vocabulary_never_raise(name, text):
    started = time.perf_counter()
    verdict = check(name, text)
    assert isinstance(verdict, Verdict) and verdict.message
    assert time.perf_counter() - started <= SLOWEST_ALLOWED
    assert INTERNAL_ERROR not in verdict.message, verdict.message


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(PROBLEMS)), st.text(max_size=40))
def test_random_text_never_raises(name, text):
    assert isinstance(check(name, text), Verdict)


def test_a_check_that_runs_too_long_is_stopped():
    def forever(a, grad_a):
        while True:
            pass

    started = time.perf_counter()
    verdict = check("sigmoid-backward", forever, seconds=0.2)
    assert time.perf_counter() - started < 1.0
    assert not verdict.correct and "took more than 0.2 s" in verdict.message


def test_unknown_problem_is_the_notebooks_mistake():
    with pytest.raises(ValueError, match="unknown problem"):
        check("no-such-problem", "1")


# --- the student's report: right answers that were rejected -----------------------------------

P_POSITIVE = sp.Symbol("p", positive=True)
T_POSITIVE = sp.Symbol("t", positive=True)


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("sigma-derivative", "σ(t)*(1-σ(t))"),
        ("symmetry", "1 - σ(t)"),
        ("sigma-derivative", "s*(1−s)"),
        ("step-gap", "1/(1+e^(k/10))"),
        ("naive-one", "53*np.log(2)"),
        ("naive-one", "53*math.log(2)"),
        ("inverse", sp.log(P_POSITIVE / (1 - P_POSITIVE))),
        ("symmetry", 1 - sp.Function("sigma")(t)),
        ("log-sigmoid", -T_POSITIVE),
        ("tanh", 2 * sigma(2 * t) - 1),
        ("sigma-derivative", sigma(t) * (1 - sigma(t))),
        ("log-derivative", "1 - s"),
        ("inflection", "acosh(2)"),
        ("second-derivative", "s(1 − s)(1 − 2s)"),
        ("tanh", "2·σ(2t) − 1"),
        ("max-derivative", "1/4"),
        ("max-derivative", "¼"),
        ("values-at-zero", "[1/2, 1/4]"),
        ("two-class-softmax", "z_1 − z_2"),
        ("values-at-zero", np.array([0.5, 0.25])),
        ("max-derivative", np.array(0.25)),
    ],
)
def test_right_answers_from_the_students_report_are_accepted(name, answer):
    verdict = check(name, answer)
    assert verdict.correct, verdict.message


def test_in_a_problem_about_s_sigma_alone_is_s_as_the_book_writes_it():
    assert check("sigma-derivative", "σ(1 − σ)").correct
    assert check("second-derivative", "sigma*(1 - sigma)*(1 - 2*sigma)").correct
    assert "through σ(t)" in check("symmetry", "σ(2t)").message
    assert check("tanh", "2σ(2t) − 1").correct  # a problem in t: σ is the function


def test_a_slip_without_brackets_is_named():
    message = check("naive-one", "53*log2").message
    assert "`log2` reads as one name" in message and "log(2)" in message
    # ln 2t and e^2k are ambiguous on paper: never silently read one way.
    assert "unclear how far" in check("naive-one", "ln 2t").message
    assert "exponent without brackets" in check("step-gap", "1/(1 + e^2k)").message


# --- wrong answers that were accepted -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("max-derivative", "0.2499"),
        ("max-derivative", 0.2499),
        ("values-at-zero", (0.5, 0.2498)),
        ("limits", (0.9995, 0)),
        ("naive-one", "36.73"),
        ("naive-one", 36.73),
        ("inflection", "1.316"),
        ("loss-minimiser", "p"),
    ],
)
def test_near_numbers_and_guesses_are_rejected(name, answer):
    assert not check(name, answer).correct


def test_a_decimal_is_right_to_the_digits_it_shows_and_says_so():
    right = check("naive-one", "36.74")
    assert right.correct
    assert (
        "`36.74` is right to the 4 digits you gave; exactly, it is 53*log(2) ≈ 36.7368"
        in right.message
    )
    assert check("naive-one", "36.7").correct  # 36.7368 is 36.7 to 3 digits
    assert not check("naive-one", "36.8").correct
    assert "too small" in check("naive-one", "36.73").message
    exact = check("naive-one", "53 ln 2")
    assert exact.correct and "digits" not in exact.message


def test_a_decimal_needs_three_digits():
    verdict = check("inflection", "1.3")
    assert not verdict.correct and "give at least 3" in verdict.message


@pytest.mark.parametrize(
    ("name", "answer", "side"),
    [
        ("jacobian-bound", "0.5^18", "too large"),  # one layer too many, 0.5 meant exactly
        ("max-derivative", "0.5*0.6", "too large"),
        ("lstm-forget-product", "(0.73^50, 0.95^100)", "too small"),  # σ(1) rounded too soon
    ],
)
def test_short_decimals_are_judged_as_written_and_asked_for_more_digits(name, answer, side):
    """A formula of short decimals off the answer as written is never said to agree with it:
    the verdict says which side it is on as written, and asks for digits in case they are
    rounded, with the hint."""
    message = check(name, answer).message
    assert f"{side} as written" in message and f"give at least {MIN_DIGITS}" in message
    assert "agrees" not in message and problems()[name].hint in message
    assert check("jacobian-bound", "0.5^19").correct


def test_a_wrong_formula_never_shows_the_answer_at_its_point():
    """The answer's value where a formula differs would give a simple answer away (K/2 at
    K = 500.5 is 250.25); the verdict says only whether yours is more or less there."""
    for name, answer in [("growth-max-rate", "(K, rK/4)"), ("log-sigmoid", "t"), ("symmetry", "s")]:
        message = check(name, answer).message
        assert "the answer is" not in message
        assert re.search(r"yours is [-\d.e]+, (more|less) than the answer", message), message
    # The point is shown as it was computed, so that it can be checked by hand.
    assert "K_d = 50.005" in check("hill-half-slope", "(n_H/4, n_H/4)").message


def test_no_hint_gives_away_an_answer_of_its_chapter():
    """A hint shows after any wrong answer, on the chapter's page: it may point to an earlier
    problem, never state that problem's answer (its ``reveals``) or its own."""
    from browser.test_book_pages import normalise

    known = problems()
    for key, names in answer_keys().items():
        reveals = {(n, r) for n in names for r in known[n].reveals if normalise(r)}
        for name in names:
            hint = normalise(known[name].hint or "")
            given = [f"{other}: {r!r}" for other, r in reveals if normalise(r) in hint]
            assert not given, f"{key}, the hint of {name} gives away {given}"


def test_a_formula_with_rounded_decimals_is_right_to_the_digits_it_shows():
    """ln 9/r typed as 2.197/r: each decimal of 3 or more digits claims only its digits."""
    right = check("growth-half-time", "(2.197/r, 4.394/r)")
    assert right.correct and right.message == "Both values are right, to the digits you gave."
    one = check("growth-half-time", "(2.197/r, 2*log(9)/r)")
    assert one.correct and one.message == "Both values are right, to the digits you gave."
    assert check("growth-half-time", "(2.1972246/r, 2*2.1972246/r)").correct
    wrong_digit = check("growth-half-time", "(2.196/r, 4.394/r)")
    assert not wrong_digit.correct and "`2.196/r` is not it" in wrong_digit.message
    short = check("growth-half-time", "(2.2/r, 4.4/r)")
    assert not short.correct and "`2.2/r` is not the answer as written" in short.message
    assert f"give at least {MIN_DIGITS} significant digits" in short.message
    # Short decimals are exact: 0.25 is 1/4, and 0.26 is not rounded to it.
    assert check("growth-max-rate", "(0.5*K, 0.25*K*r)").message == "Both values are right."
    assert not check("growth-max-rate", "(K/2, 0.26*K*r)").correct
    assert not check("growth-max-rate", "(K/2, 0.2501*K*r)").correct


def test_a_float_counts_the_digits_of_its_repr():
    assert check("naive-one", float(53 * np.log(2))).correct
    assert check("max-derivative", 0.25).correct
    assert not check("max-derivative", 0.25000001).correct
    assert check("values-at-zero", (np.float32(0.5), np.float32(0.25))).correct


def test_a_float_may_carry_the_rounding_of_its_computation():
    # sigmoid(1)**50 in float64 is about 50 ulps from the exact value; still the right answer.
    computed = (float(1 / (1 + np.exp(-1.0))) ** 50, float(1 / (1 + np.exp(-3.0))) ** 100)
    assert check("lstm-forget-product", computed).correct
    assert not check("lstm-forget-product", (computed[0] * (1 + 1e-9), computed[1])).correct


def test_glued_names():
    assert check("hill-half-slope", "(nH/4, nH/(4*Kd))").correct  # as n_H and K_d
    # rK is r·K, as the book writes it: both letters are the problem's own variables.
    assert check("growth-max-rate", "(K/2, rK/4)").correct
    assert check("growth-max-rate", "(K/2, Kr/4)").correct
    assert not check("growth-max-rate", "(K/2, rKK/4)").correct
    # A power after glued letters could mean either: never read one way silently.
    assert "unclear whether the power" in check("growth-max-rate", "(K/2, rK²/4)").message
    # Letters that are course symbols but not this problem's variables stay one name.
    message = check("symmetry", "st").message
    assert "`st` reads as one name" in message and "s*t" in message


# --- messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answer", "where"),
    [
        ("logloss-gradient", "sigma(z) + y", "at y = 0.5, z = 0, yours is 1, more than the answer"),
        ("symmetry", "-s", "at s = 0.5 (t = 0), yours is -0.5, less than the answer"),
        ("logloss-gradient", "1 - y", "does not depend on z"),
        ("logloss-gradient", "p - 1", "does not depend on y, but"),  # p stands for σ(z)
        ("two-class-softmax", "z1 + z2", "yours is 4, more than the answer"),
        ("two-class-softmax", "z1/z2", "yours is undefined"),
        ("two-class-softmax", "z1", "does not depend on z2"),
        ("sigma-derivative", "s**2", "at s = 0.880797 (t = 2), yours is 0.775803"),
    ],
)
def test_a_wrong_formula_says_where_it_differs_and_hints(name, answer, where):
    verdict = check(name, answer)
    assert not verdict.correct
    assert where in verdict.message and PROBLEMS[name].hint in verdict.message


def test_a_wrong_number_says_which_side_it_is_on():
    assert "too large" in check("max-derivative", "1/2").message
    assert "too small" in check("max-derivative", "1/5").message


def test_a_wrong_tuple_says_which_value_is_wrong():
    message = check("values-at-zero", "(1/2, 1/2)").message
    assert "1 of the 2 values is right" in message and "second (σ'(0))" in message
    assert "Give 2 values" in check("values-at-zero", "1/2").message


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("diff(sigma(t), t)", "`diff` is not in the vocabulary"),
        ("logit(p)", "`logit` is not in the vocabulary"),
        ("s*(1 - s", "brackets"),
        ("sp.log(2)", "dot"),
        ("s;", "`;`"),
    ],
)
def test_an_unreadable_answer_shows_the_form_and_offers_the_vocabulary(answer, why):
    verdict = check("sigma-derivative", answer)
    message = verdict.message
    assert message.startswith("Could not read") and why in message
    assert "s**2 - s/2" in message
    # The vocabulary is folded under the verdict in a notebook, not in its text (the page
    # shows the same text, and the vocabulary behind a link).
    assert VOCABULARY not in str(verdict) and len(str(verdict)) < 200
    shown = verdict._repr_markdown_()
    assert "What can I type?" in shown and html.escape(VOCABULARY) in shown


def test_the_vocabulary_listed_is_exactly_the_one_read():
    tables = VOCABULARY.split("implicit products")[1].split("before a name is ignored")[0]
    listed = set(re.findall(r"[A-Za-z]+\d*|[σπ√∞]", tables))
    assert set(FUNCTIONS) | set(CONSTANTS) | set(PREFIXES) == listed - {
        "or",
        "x",
        "the",
        "unit",
        "step",
        "before",
        "a",
        "name",
        "is",
        "ignored",
        "s",
        "t",
        "base",
        "rK",
        "for",
        "r",
        "K",
    }
    for name in FUNCTIONS:
        assert not check("max-derivative", f"{name}(1/3)").message.startswith("Could not read")
    for name in CONSTANTS:
        assert not check("max-derivative", f"{name}").message.startswith("Could not read")
    for prefix in PREFIXES:
        assert check("naive-one", f"53*{prefix}.log(2)").correct
    for name in ("acos", "arctan", "gamma", "factorial", "Heaviside", "logit", "erf", "oo"):
        assert f"`{name}` is not in the vocabulary" in check("max-derivative", f"{name}(1)").message


def test_restating_the_question_does_not_count():
    assert "using sigma" in check("tanh", "tanh(t)").message
    assert "without exp" in check("tanh", "(1 - exp(-2*t))/(1 + exp(-2*t))").message
    assert "with s = σ(t) only" in check("symmetry", "sigma(-t)").message
    assert "without sigma" in check("inverse", "sigma(p)").message


def test_natural_near_misses_are_explained():
    assert "correctly rounded" in check("naive-one", "54*log(2)").message
    assert "for large k" in check("step-gap", "exp(-k/10)").message
    assert "without the ½" in check("saturated-gradients", "(-0.99995, -9.079e-5)").message
    assert (
        "smallest subnormal"
        in check("float64-thresholds", "(53 ln 2, 54 ln 2, -709.78, -1074 ln 2)").message
    )


def test_no_answer_yet_is_explained():
    assert "No answer yet" in check("symmetry", ...).message
    assert "No answer yet" in check("sigmoid-backward", lambda a, grad_a: ...).message


def test_function_answers_are_checked_for_shape():
    message = check("weight-gradient", lambda d, a: d * a[: len(d)]).message
    assert "returns shape" in message


def test_verdict_renders_for_notebooks():
    assert check("max-derivative", "1/4")._repr_markdown_().startswith("✓")
    assert check("max-derivative", "1/2")._repr_markdown_().startswith("✗")
    assert bool(check("max-derivative", sp.Rational(1, 4)))


# --- every part of an exercise is checked -------------------------------------------------------


def test_every_part_of_the_problem_set_is_checked():
    def size(name):
        expected = PROBLEMS[name].expected
        return len(expected) if isinstance(expected, tuple) else 1

    assert size("logistic-moments") == 2 and size("logit-domain") == 2
    assert size("loss-minimiser") == 4 and size("saturated-gradients") == 2
    assert size("float64-thresholds") + size("float32-thresholds") == 8


def test_expected_answers_are_what_the_chapter_proves():
    # The key must not drift from the mathematics: recompute entries independently.
    assert compare(PROBLEMS["tanh"].expected, 2 * sigma(2 * t) - 1, simplify_seconds=0).identical
    assert float(PROBLEMS["naive-one"].expected) == pytest.approx(53 * np.log(2))
    f64 = [float(v) for v in PROBLEMS["float64-thresholds"].expected]
    f32 = [float(v) for v in PROBLEMS["float32-thresholds"].expected]
    for values, dtype in ((f64, np.float64), (f32, np.float32)):
        info = np.finfo(dtype)
        assert values[0] == pytest.approx((info.nmant + 1) * np.log(2))
        assert values[2] == pytest.approx(-np.log(float(info.max)))
        assert values[3] == pytest.approx(np.log(float(info.smallest_subnormal)) - np.log(2))
    mean, variance = (float(v) for v in PROBLEMS["logistic-moments"].expected)
    grid = np.linspace(-50, 50, 20_001)
    density = np.exp(-np.abs(grid)) / (1 + np.exp(-np.abs(grid))) ** 2
    assert mean == pytest.approx(np.trapezoid(grid * density, grid), abs=1e-9)
    assert variance == pytest.approx(np.trapezoid(grid**2 * density, grid), rel=1e-6)


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _label(answer: object) -> str:
    try:
        text = answer if isinstance(answer, str) else repr(answer)
    except Exception:  # _Odd
        text = "odd"
    return text[:20]


def test_a_computed_float_is_not_held_to_its_last_ulps():
    # The beetles' odds factor computed as the chapter's solution does is ~10 ulps from the
    # exact value; a float claims its repr's 17 digits only down to FLOAT_RELATIVE.
    from sigmoid_course.data import load_beetles
    from sigmoid_course.glm import fit_binomial

    computed = np.exp(fit_binomial(*load_beetles()).slope * np.log10(2))
    assert isinstance(computed, np.float64)  # as the solution cell computes it
    assert check("lr-odds-doubling", computed).correct
    computed = float(computed)
    assert check("lr-odds-doubling", computed).correct
    assert check("lr-odds-doubling", computed * (1 + 5e-13)).correct
    assert not check("lr-odds-doubling", computed * (1 + 1e-10)).correct
    assert not check("max-derivative", 0.25 * (1 + 1e-11)).correct


def test_a_matrix_reads_row_by_row():
    rows = [[0.5, -0.25], [0, 0.5625]]
    assert check("sigmoid-layer-jacobian", np.array(rows)).correct
    assert check("sigmoid-layer-jacobian", sp.Matrix(rows)).correct
    assert not check("sigmoid-layer-jacobian", np.array(rows).T).correct


def test_a_wrong_function_is_told_how_far_off_it_is():
    from sigmoid_course.answers.logistic_regression import PROBLEMS as LR

    def halved(X, y, beta, omega, lam):
        return LR["lr-penalised-gradient"].expected(X, y, beta, omega, lam) / 2

    message = check("lr-penalised-gradient", halved).message
    off_by = float(re.search(r"off by up to (\S+?)\.\s", message).group(1))
    assert 0 < off_by < np.inf, message


def test_log10_is_the_base_10_logarithm():
    # The beetles' doses are log10 doses; a student writes log10(2) as numpy does.
    assert check("lr-odds-doubling", "exp(34.27*log10(2))").correct
    assert check("lr-odds-doubling", "exp(34.27 * np.log10(2))").correct
    assert not check("lr-odds-doubling", "exp(34.27*log(2))").correct


def test_messages_from_the_student_review_read_well():
    assert check("lstm-constant-gates", "ρᵀ").correct  # ρ and the power ᵀ as the book prints them
    prime = check("sigma-derivative", "σ'(t)")
    assert not prime.correct and "write the derivative out" in prime.message
    boolean = check("lr-mle-exists", (True, False, False, True))
    assert not boolean.correct and "write 1 for True" in boolean.message
    assert "Could not read this answer: it is empty" in check("lr-ld90", "").message
    one_digit = check("residual-jacobian", "(0.5, -0.25, 0, 1.5625)")
    assert "the 1 digit you gave" in one_digit.message


def test_a_decimal_copied_from_a_float_claims_no_more_than_a_float():
    """17 digits typed from a printed float carry its rounding, like the float itself."""
    assert check("lr-ld90", "1.8358354579712512").correct
    assert not check("lr-ld90", "1.8358354579").correct  # wrong in the 11th digit


# --- issue 19: verdicts that fit a box; issue 24: precision, matrices, separators, names -------

SENTENCES = re.compile(r"(?<=[.?!])\s+(?=[A-Z`(])")


@pytest.mark.parametrize("name", sorted(n for n, spec in PROBLEMS.items() if spec.typed))
def test_every_verdict_fits_a_box(name):
    """One or two short sentences (and the problem's hint when it is not right yet)."""
    spec = PROBLEMS[name]
    answers = [*spec.accepts, *spec.rejects, *(g for g in GARBAGE if not callable(g))]
    for answer in answers:
        verdict = check(name, answer)
        words = verdict.message.split(" Hint: ")[0]
        assert len(SENTENCES.split(words)) <= 2 and len(words) <= 240, words
        assert VOCABULARY not in str(verdict)


def test_right_answers_as_the_book_writes_them():
    assert check("growth-max-rate", "(K/2, rK/4)").correct  # rK is r·K
    assert check("sigma-derivative", "σ(1 − σ)").correct
    assert check("growth-half-time", "(2.197/r, 4.394/r)").correct
    assert check("values-at-zero", "(1/2, 1/4)").correct
    assert check("values-at-zero", (np.float32(0.5), np.float64(0.25))).correct


def _interval_of(text: str, names: dict) -> mpmath.iv.mpf:
    """The formula ``text`` over intervals: each decimal in it ± half a unit in its last digit
    (mpmath's interval arithmetic, independent of the check's own propagation)."""

    def widened(match: re.Match) -> str:
        digits = match.group()
        exponent = Decimal(digits).as_tuple().exponent
        half = Decimal(5) * Decimal(10) ** (exponent - 1)
        return f"iv.mpf(['{Decimal(digits) - half}', '{Decimal(digits) + half}'])"

    code = re.sub(r"\d+\.\d+", widened, text)
    saved, mpmath.iv.dps = mpmath.iv.dps, 30
    try:
        return eval(code, {"iv": mpmath.iv, **names})  # our own test strings only
    finally:
        mpmath.iv.dps = saved


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("lr-odds-doubling", "exp(34.270*log10(2))", None),
        ("lr-ld90", "(log(9) + 60.717)/34.270", None),
        ("lr-odds-doubling", "exp(34.3*log10(2))", None),
        ("lr-odds-doubling", "exp(34.2*log10(2))", None),
        ("lstm-forget-product", "0.7311**50", 0),
        ("lstm-forget-product", "0.9526**100", 1),
        ("lstm-forget-product", "0.7310**50", 0),
        ("lstm-forget-product", "0.7312**50", 0),
    ],
)
def test_a_formula_of_numbers_carries_the_precision_of_its_decimals(name, text, value):
    """Right exactly when the answer lies within the formula's range over its decimals'
    intervals, as interval arithmetic (mpmath.iv) finds it: two independent ways."""
    names = {"exp": mpmath.iv.exp, "log": mpmath.iv.log, "log10": mpmath.iv.log10}
    interval = _interval_of(text, names)
    expected = PROBLEMS[name].expected
    exact = float(expected if value is None else expected[value])
    inside = interval.a <= exact <= interval.b
    answer = text if value is None else tuple(text if i == value else expected[i] for i in (0, 1))
    verdict = check(name, answer)
    assert verdict.correct == inside, (verdict.message, interval, exact)


def test_the_precision_of_a_formula_is_not_refused_but_held_to_its_digits():
    right = check("lr-odds-doubling", "exp(34.270*log10(2))")
    assert right.correct and "right to the 5 digits you gave" in right.message
    short = check("lstm-forget-product", "(0.73**50, 0.95**100)")
    assert not short.correct and "`0.73**50` is too small as written" in short.message
    assert f"give at least {MIN_DIGITS} significant digits" in short.message


def test_float32_results_claim_float32_precision():
    f = np.float32
    s1, s3 = f(1) / (f(1) + np.exp(f(-1))), f(1) / (f(1) + np.exp(f(-3)))
    assert check("lstm-forget-product", (s1**50, s3**100)).correct
    assert check("lstm-forget-product", np.array([s1**50, s3**100])).correct
    assert not check("lstm-forget-product", (s1**51, s3**100)).correct
    thresholds = (
        f(24) * np.log(f(2)),
        f(25) * np.log(f(2)),
        -np.log(np.finfo(np.float32).max),
        f(-150) * np.log(f(2)),
    )
    assert check("float32-thresholds", thresholds).correct
    assert not check("float32-thresholds", (thresholds[1], thresholds[0], *thresholds[2:])).correct
    # Printed and typed, the same digits claim all eight of them.
    assert not check("lstm-forget-product", (str(s1**50), str(s3**100))).correct


def test_nested_lists_read_as_matrices():
    assert check("sigmoid-layer-jacobian", "[[0.5, -0.25], [0, 0.5625]]").correct
    assert check("sigmoid-layer-jacobian", "((1/2, -1/4), (0, 9/16))").correct
    assert check("sigmoid-layer-jacobian", [[0.5, -0.25], [0, 0.5625]]).correct
    assert not check("sigmoid-layer-jacobian", "[[0.5, 0], [-0.25, 0.5625]]").correct
    ragged = check("sigmoid-layer-jacobian", "[[0.5, -0.25, 0], [0.5625]]")
    assert "rows of the matrix have different lengths" in ragged.message
    assert "different lengths" in check("residual-jacobian", [[1.5], [-0.25, 0, 1.5625]]).message


def test_thousands_separators_and_round_numbers_where_one_number_is_asked():
    assert check("lr-odds-doubling", "30,224").correct
    assert check("lr-odds-doubling", "30200").correct  # 3 significant digits
    assert "`30,000` is too small as written; if it is rounded, give at least 3" in (
        check("lr-odds-doubling", "30,000").message
    )
    assert check("lstm-parameter-count", "2,560").correct
    # Where a pair is asked, a comma separates its values.
    assert check("limits", "1,0").correct


def test_a_name_the_problem_writes_otherwise_is_told_the_name_to_use():
    message = check("lstm-output-gate", "o*(1 - o)*tanh(c)").message
    assert "`o` is not a name this problem uses: write s for it" in message
    assert "write 0.1 for it" in check("leaky-relu-gain", "2/(1 + α²)").message
    assert "write rho for it" in check("lstm-constant-gates", "f^T").message


def test_points_are_a_positive_whole_number():
    assert Problem(expected=1).points == 1 and Problem(expected=1, points=3).points == 3
    with pytest.raises(ValueError, match="positive"):
        Problem(expected=1, points=0)
    with pytest.raises(TypeError, match="whole number"):
        Problem(expected=1, points=1.5)
    assert all(spec.points >= 1 for spec in PROBLEMS.values())


def test_the_timeout_verdict_is_what_a_stopped_check_says():
    def forever(a, grad_a):
        while True:
            pass

    stopped = check("sigmoid-backward", forever, seconds=0.2)
    assert str(stopped) == str(timeout_verdict("sigmoid-backward", 0.2))


def test_without_any_registered_key_the_error_says_how_keys_are_found(monkeypatch):
    from sigmoid_course.selfcheck import registry

    monkeypatch.setattr(registry, "_REGISTRY", {})
    with pytest.raises(ValueError, match="no answer key is registered.*sigmoid_course.answer_keys"):
        check("max-derivative", "1/4")
