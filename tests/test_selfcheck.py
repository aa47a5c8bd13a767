"""The self-check accepts every right form, rejects wrong ones with a hint, and never raises."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from sigmoid_course.selfcheck import Verdict, answer_keys, check, problems
from sigmoid_course.symbolic import assert_identical, sigma, t

PROBLEMS = problems()

RIGHT = {
    "limits": [(1, 0), "(1, 0)", (1.0, 0.0)],
    "symmetry": ["1 - s", "(1 - s)", "1 - sigma(t)"],
    "sigma-derivative": ["s*(1 - s)", "s - s**2", "s - s^2", "s(1 - s)", "sigma(t)*(1 - sigma(t))"],
    "values-at-zero": [(0.5, 0.25), "(1/2, 1/4)", (np.float32(0.5), np.float64(0.25))],
    "inverse": ["log(p/(1 - p))", "log(p) - log(1 - p)", "-log(1/p - 1)", "ln(p/(1-p))"],
    "log-derivative": ["sigma(-t)", "1 - sigma(t)", "1/(1 + exp(t))", sigma(-t)],
    "inflection": ["log(2 + sqrt(3))", 1.317, "acosh(2)"],
    "step-gap": ["sigma(-k/10)", "1/(1 + exp(k/10))", "1 - sigma(k/10)"],
    "sigmoid-backward": [lambda a, g: g * a * (1 - a), lambda a, g: a * g - a * a * g],
    "max-derivative": ["1/4", 0.25],
    "weight-gradient": [np.outer, lambda d, a: d[:, None] * a[None, :]],
    "loss-minimiser": ["p"],
    "logloss-gradient": ["sigma(z) - y", "1/(1 + exp(-z)) - y", "p - y"],
    "second-derivative": ["s*(1 - s)*(1 - 2*s)", "s - 3*s**2 + 2*s**3"],
    "tanh": ["2*sigma(2*t) - 1", "sigma(2*t) - sigma(-2*t)", "2sigma(2t) - 1"],
    "two-class-softmax": ["z1 - z2"],
    "log-sigmoid": ["-t"],
    "naive-one": ["53*log(2)", 36.74],
}

WRONG = {
    "limits": [(0, 1), "(1, 1)"],
    "symmetry": ["s - 1", "s"],
    "sigma-derivative": ["s*(1 + s)", "s**2"],
    "values-at-zero": [(0.5, 0.5)],
    "inverse": ["log(p/(1 + p))", "log(p)"],
    "log-derivative": ["sigma(t)"],
    "inflection": [1.2, "log(2)"],
    "step-gap": ["sigma(-k)", "exp(-k/10)", "exp(-k)"],
    "sigmoid-backward": [lambda a, g: g * a],
    "max-derivative": ["1/2"],
    "weight-gradient": [lambda d, a: d * a.sum()],
    "loss-minimiser": ["1 - p", "p**2"],
    "logloss-gradient": ["y - sigma(z)"],
    "second-derivative": ["s*(1 - s)"],
    "tanh": ["2*sigma(t) - 1"],
    "two-class-softmax": ["z2 - z1"],
    "log-sigmoid": ["t"],
    "naive-one": [37.43, 709.78],
}

GARBAGE = [
    "s*(1 - s",
    "logit(p)",
    "import os",
    "x y",
    "1/0",
    "I*s",
    "",
    "   ",
    None,
    ...,
    [1, "a"],
    {"a": 1},
    object(),
    lambda *args: 1 / 0,
    np.array([1.0, 2.0]),
    float("nan"),
    True,
]


def test_every_problem_has_right_and_wrong_examples():
    # Other chapters' keys test their own answers (tests/test_<chapter>_key.py).
    assert set(RIGHT) == set(answer_keys()["sigmoid-problems"]) == set(WRONG)


@pytest.mark.parametrize(
    ("problem", "answer"), [(p, a) for p, answers in RIGHT.items() for a in answers]
)
def test_right_answers_are_accepted(problem, answer):
    verdict = check(problem, answer)
    assert verdict.correct, verdict.message


@pytest.mark.parametrize(
    ("problem", "answer"), [(p, a) for p, answers in WRONG.items() for a in answers]
)
def test_wrong_answers_are_rejected_with_the_hint(problem, answer):
    verdict = check(problem, answer)
    assert not verdict.correct
    assert PROBLEMS[problem].hint in verdict.message


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("answer", GARBAGE, ids=repr)
def test_garbage_never_raises_and_is_never_right(problem, answer):
    verdict = check(problem, answer)
    assert isinstance(verdict, Verdict) and not verdict.correct and verdict.message


def test_unparsable_answer_says_how_to_write_it():
    verdict = check("sigma-derivative", "s*(1 - s")
    assert "Could not read" in verdict.message and "* for products" in verdict.message


def test_unknown_functions_are_named():
    message = check("inverse", "logit(p)").message
    assert "logit" in message and "does not know" in message and "log" in message


def test_sigma_of_t_counts_as_s_but_other_uses_of_t_do_not():
    assert check("symmetry", "1 - sigma(t)").correct
    assert "other than through σ(t)" in check("symmetry", "sigma(-t)").message


def test_natural_near_misses_are_explained():
    assert "correctly rounded" in check("naive-one", "54*log(2)").message
    assert "for large k" in check("step-gap", "exp(-k/10)").message
    assert "close but not close enough" in check("inflection", 1.32).message


def test_no_answer_yet_is_explained():
    assert "No answer yet" in check("symmetry", ...).message
    assert "No answer yet" in check("sigmoid-backward", lambda a, grad_a: ...).message


def test_restating_the_question_does_not_count():
    assert "using sigma" in check("tanh", "tanh(t)").message
    assert "using sigma" in check("tanh", "(1 - exp(-2*t))/(1 + exp(-2*t))").message
    assert "with s = σ(t) only" in check("symmetry", "sigma(-t)").message


def test_a_wrong_formula_shows_where_it_differs():
    message = check("symmetry", "s - 1").message
    assert "your answer = -0.5" in message and "the right one = 0.5" in message


def test_function_answers_are_checked_for_shape():
    message = check("weight-gradient", lambda d, a: d * a[: len(d)]).message
    assert "returns shape" in message


def test_verdict_renders_for_notebooks():
    assert check("max-derivative", "1/4")._repr_markdown_().startswith("✓")
    assert check("max-derivative", "1/2")._repr_markdown_().startswith("✗")
    assert bool(check("max-derivative", sp.Rational(1, 4)))


def test_unknown_problem_is_the_notebooks_mistake():
    with pytest.raises(ValueError, match="unknown problem"):
        check("no-such-problem", "1")


def test_expected_answers_are_what_the_chapter_proves():
    # The registry must not drift from the mathematics: spot-check two entries with sympy.
    assert_identical(PROBLEMS["tanh"].expected, 2 * sigma(2 * t) - 1)
    assert float(PROBLEMS["naive-one"].expected) == pytest.approx(53 * np.log(2))


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_the_example_of_the_answer_form_does_not_give_the_answer_away(problem):
    assert not check(problem, PROBLEMS[problem].example).correct
