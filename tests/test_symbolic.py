"""The identity checker proves what is true and rejects what is not."""

from __future__ import annotations

import pytest
import sympy as sp

from sigmoid_course.symbolic import IdentityCheck, assert_identical, logit, sigma, t


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
