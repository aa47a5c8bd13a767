"""The identity checker proves what is true and rejects what is not."""

from __future__ import annotations

import math
import time

import mpmath
import pytest
import sympy as sp

from sigmoid_course.symbolic import (
    IdentityCheck,
    NotEvaluable,
    assert_identical,
    compare,
    evaluate,
    logit,
    p,
    sigma,
    t,
)


def test_derivative_of_sigma_is_proved_symbolically():
    check = assert_identical(sp.diff(sigma(t), t), sigma(t) * (1 - sigma(t)))
    assert check == IdentityCheck("simplify")


def test_identity_sympy_cannot_simplify_falls_back_to_numbers():
    check = assert_identical(sp.tanh(t), 2 * sigma(2 * t) - 1)
    assert check.method == "numeric" and check.points > 100 and check.digits == 50
    assert "could not simplify" in str(check)


def test_logit_inverts_sigma_on_its_domain():
    p = sp.Symbol("p", positive=True)
    assert_identical(sigma(logit(p)), p, domain={p: (0, 1)})


def test_a_false_identity_is_rejected_with_the_point():
    with pytest.raises(AssertionError, match=r"not identical: at t=0, lhs = 0.5"):
        assert_identical(sigma(t), t)


def test_an_identity_true_almost_everywhere_is_rejected():
    # 1/4 bounds σ' but equals it only at t = 0: sampling must find the difference.
    with pytest.raises(AssertionError):
        assert_identical(sp.diff(sigma(t), t), sp.Rational(1, 4) * sp.exp(-(t**2) / 1000))


def test_checks_are_reproducible():
    first = assert_identical(sp.tanh(t), 2 * sigma(2 * t) - 1, seed=3)
    assert first == assert_identical(sp.tanh(t), 2 * sigma(2 * t) - 1, seed=3)


@pytest.mark.parametrize("bad", ["sigma(t)", None, [t]])
def test_non_expressions_are_a_type_error(bad):
    with pytest.raises(TypeError, match="sympy expression or a real number"):
        assert_identical(bad, t)


def test_empty_domain_is_a_value_error():
    with pytest.raises(ValueError, match="domain of t"):
        assert_identical(sp.tanh(t), 2 * sigma(2 * t) - 1, domain={t: (1, 1)})


# --- compare: the outcome, returned ---------------------------------------------------------


def test_compare_says_how_two_expressions_agree():
    proved = compare(sigma(-t), 1 - sigma(t))
    assert proved.outcome == "simplify" and proved.identical
    measured = compare(sp.tanh(t), 2 * sigma(2 * t) - 1, simplify_seconds=0, points=20)
    assert measured.outcome == "numeric" and measured.identical and measured.points == 24


def test_compare_names_a_witness_point_with_both_values():
    outcome = compare(sigma(t), 1 - sigma(t), simplify_seconds=0)
    assert outcome.outcome == "different" and not outcome.identical
    # The midpoint t = 0 cannot tell them apart; the next point can, and is round.
    assert outcome.witness == {"t": 2.0}
    assert outcome.lhs_value == pytest.approx(1 / (1 + math.exp(-2)))
    assert outcome.rhs_value == pytest.approx(1 / (1 + math.exp(2)))
    assert "not identical: at t=2, lhs = 0.880797 but rhs = 0.119203" == str(outcome)


def test_compare_reports_what_it_cannot_compare():
    f = sp.Function("f")
    outcome = compare(f(t), t, simplify_seconds=0)
    assert outcome.outcome == "incomparable" and "cannot evaluate f" in outcome.reason
    nowhere = compare(sp.log(-1 - t**2) * sp.zoo, sp.zoo * t, simplify_seconds=0)
    assert nowhere.outcome in ("incomparable", "different")


def test_a_side_undefined_where_the_other_is_not_differs_there():
    outcome = compare(sp.log(t), sp.log(t) + 0 * t, simplify_seconds=0)
    assert outcome.identical  # both undefined for t <= 0: those points are skipped
    one_sided = compare(1 / t, 1 / (t + sp.Rational(1, 10**40)), simplify_seconds=0)
    assert one_sided.outcome == "different" and one_sided.witness == {"t": 0.0}


def test_symbols_with_one_name_are_one_variable_whatever_their_assumptions():
    p_any, p_positive = sp.Symbol("p"), sp.Symbol("p", positive=True)
    assert compare(sp.log(p_positive / (1 - p_positive)), logit(p), simplify_seconds=0).identical
    assert compare(p_any**2, p**2).identical
    # A positive symbol is sampled where it is positive, so sqrt(p**2) = p holds.
    assert compare(sp.sqrt(p_positive**2), p, simplify_seconds=0).identical


def test_simplification_is_time_limited_and_falls_back_to_numbers():
    started = time.perf_counter()
    outcome = compare(sp.tanh(t), 2 * sigma(2 * t) - 1, simplify_seconds=1e-3, points=20)
    assert outcome.outcome == "numeric"
    assert time.perf_counter() - started < 5


def test_towers_evaluate_in_bounded_time():
    tower = sp.exp(sp.exp(sp.exp(sp.exp(100))))
    started = time.perf_counter()
    with mpmath.workdps(30):
        assert evaluate(tower, {}) == mpmath.inf
        assert evaluate(sp.exp(-tower, evaluate=False), {}) == 0
        assert evaluate(sp.Pow(10, sp.Pow(10, 10, evaluate=False), evaluate=False), {}) == (
            mpmath.inf
        )
    assert time.perf_counter() - started < 1


def test_evaluate_refuses_unknown_functions_and_missing_values():
    with pytest.raises(NotEvaluable, match="no value for t"):
        evaluate(t + 1, {})
    with pytest.raises(NotEvaluable, match="cannot evaluate g"):
        evaluate(sp.Function("g")(1), {})


def test_an_allowance_accepts_a_difference_it_covers_and_says_so():
    """Within the allowance is not identical: the outcome says which."""
    x = sp.Symbol("x")
    rounded = sp.Rational(2197, 1000) / x
    half_unit_change = sp.Rational(5, 10**4) / x
    within = compare(rounded, sp.log(9) / x, simplify_seconds=0, allowance=half_unit_change)
    assert within.outcome == "within" and not within.identical
    assert compare(sp.log(9) / x, sp.log(9) / x, allowance=half_unit_change).identical
    too_far = compare(rounded, sp.log(9) / x, simplify_seconds=0, allowance=half_unit_change / 10)
    assert too_far.outcome == "different"
    with pytest.raises(ValueError, match="allowance uses y"):
        compare(x, x, allowance=sp.Symbol("y"))
