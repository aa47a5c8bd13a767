"""Every identity the problem set proves, proved again here, so a change to the package or to
sympy that breaks one fails the tests and not only the book build."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from sigmoid_course.symbolic import assert_identical, logit, sigma, t

s = sp.Symbol("s")
p = sp.Symbol("p", positive=True)
y, z, z1, z2 = sp.symbols("y z z1 z2", real=True)
UNIT = {p: (0.001, 0.999)}

IDENTITIES = {
    "symmetry": (sigma(-t), 1 - sigma(t), {}),
    "derivative": (sp.diff(sigma(t), t), sigma(t) * (1 - sigma(t)), {}),
    "inverse": (sigma(logit(p)), p, UNIT),
    "logit": (logit(p), sp.log(p) - sp.log(1 - p), UNIT),
    "log-derivative": (sp.diff(sp.log(sigma(t)), t), sigma(-t), {}),
    "second derivative": (
        sp.diff(sigma(t), t, 2),
        sigma(t) * (1 - sigma(t)) * (1 - 2 * sigma(t)),
        {},
    ),
    "third derivative": (
        sp.diff(sigma(t), t, 3),
        sigma(t) * (1 - sigma(t)) * (1 - 6 * sigma(t) + 6 * sigma(t) ** 2),
        {},
    ),
    "logloss gradient": (
        sp.diff(-y * sp.log(sigma(z)) - (1 - y) * sp.log(1 - sigma(z)), z),
        sigma(z) - y,
        {y: (0, 1)},
    ),
    "tanh": (sp.tanh(t), 2 * sigma(2 * t) - 1, {}),
    "two-class softmax": (sp.exp(z1) / (sp.exp(z1) + sp.exp(z2)), sigma(z1 - z2), {}),
    "log-sigmoid": (sp.log(sigma(t)), -sp.log(1 + sp.exp(-t)), {}),
    "step gap": (1 - sigma(t / 10), sigma(-t / 10), {}),
}


@pytest.mark.parametrize("name", sorted(IDENTITIES))
def test_identity(name):
    lhs, rhs, domain = IDENTITIES[name]
    assert_identical(lhs, rhs, domain=domain)


def test_limits_and_values_at_zero():
    assert sp.limit(sigma(t), t, sp.oo) == 1 and sp.limit(sigma(t), t, -sp.oo) == 0
    assert sigma(t).subs(t, 0) == sp.Rational(1, 2)
    assert sp.diff(sigma(t), t).subs(t, 0) == sp.Rational(1, 4)


def test_maximum_slope_is_a_quarter():
    assert sp.maximum(sigma(t) * (1 - sigma(t)), t, sp.Reals) == sp.Rational(1, 4)


def test_inflection_points_of_the_derivative():
    roots = sp.solve(1 - 6 * s + 6 * s**2, s)
    points = sorted(sp.log(r / (1 - r)) for r in roots)
    assert_identical(points[1], sp.log(2 + sp.sqrt(3)))
    assert_identical(points[0], -sp.log(2 + sp.sqrt(3)))


def test_logistic_distribution_has_variance_pi_squared_over_three():
    density = sp.lambdify(t, sp.diff(sigma(t), t), "mpmath")
    line = [-mpmath.inf, 0, mpmath.inf]
    assert abs(mpmath.quad(density, line) - 1) < 1e-12
    assert abs(mpmath.quad(lambda u: u**2 * density(u), line) - mpmath.pi**2 / 3) < 1e-12


def test_logloss_minimiser_is_the_probability():
    a = sp.Symbol("a", positive=True)
    expected = -p * sp.log(a) - (1 - p) * sp.log(1 - a)
    assert sp.solve(sp.diff(expected, a), a) == [p]
    assert sp.solve(sp.diff(p * (1 - a) ** 2 + (1 - p) * a**2, a), a) == [p]


@pytest.mark.parametrize("label", [0, 1])
def test_plus_minus_one_labels_give_the_same_loss(label):
    loss = -y * sp.log(sigma(z)) - (1 - y) * sp.log(1 - sigma(z))
    assert_identical(loss.subs(y, label), sp.log(1 + sp.exp(-(2 * label - 1) * z)))
