"""The answer key of the vanishing-gradients chapter: right by independent computation, and
every listed answer form is accepted or refused as it should be."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from sigmoid_course.answers.vanishing_gradients import PROBLEMS
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.mlp import MLP
from sigmoid_course.selfcheck import check


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_listed_answers_are_accepted_and_wrong_ones_refused(name):
    problem = PROBLEMS[name]
    assert len(problem.accepts) >= 3 and problem.rejects and problem.reveals
    for answer in problem.accepts:
        assert check(name, answer).correct, answer
    for answer in problem.rejects:
        assert not check(name, answer).correct, answer


def _layer_jacobian(residual: bool) -> np.ndarray:
    # The exercise's layer: W = [[2, −1], [0, 3]], b = (0, ln 3), at a₀ = 0.
    w, b = np.array([[2.0, -1.0], [0.0, 3.0]]), np.array([0.0, np.log(3.0)])

    def layer(a):
        out = 1 / (1 + np.exp(-(w @ a + b)))
        return a + out if residual else out

    return np.array([numerical_gradient(lambda a, i=i: layer(a)[i], np.zeros(2)) for i in range(2)])


@pytest.mark.parametrize(
    ("name", "residual"), [("sigmoid-layer-jacobian", False), ("residual-jacobian", True)]
)
def test_jacobians_agree_with_finite_differences(name, residual):
    expected = np.array([float(v) for v in PROBLEMS[name].expected]).reshape(2, 2)
    assert np.allclose(_layer_jacobian(residual), expected, atol=1e-8)


def test_bound_is_attained_by_a_chain_at_its_steepest():
    # One unit per layer, weight 2 and every z = 0: each step down multiplies δ by 2 · 1/4.
    depth = 20
    net = MLP.from_params(
        [np.array([[2.0]])] * depth,
        [np.array([-1.0])] * (depth - 1) + [np.array([0.0])],
        "sigmoid",
    )
    # With a₀ = 1/2 every pre-activation is 2 · 1/2 − 1 = 0.
    gz = net.loss_and_grads(np.array([[0.5]]), np.array([1]))[1]["z"]
    assert abs(gz[0][0, 0] / gz[-1][0, 0]) == pytest.approx(
        float(PROBLEMS["jacobian-bound"].expected)
    )


def test_leaky_relu_gain_keeps_the_second_moment():
    z = sp.Symbol("z", real=True)
    alpha, c = sp.Rational(1, 10), PROBLEMS["leaky-relu-gain"].expected
    density = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)
    second_moment = sp.integrate(z**2 * density, (z, 0, sp.oo)) + sp.integrate(
        (alpha * z) ** 2 * density, (z, -sp.oo, 0)
    )
    assert sp.simplify(c * second_moment) == 1


def test_underflow_depths_by_repeated_multiplication():
    for dtype, expected in zip(
        (np.float32, np.float64), PROBLEMS["underflow-depth"].expected, strict=True
    ):
        value, depth = dtype(1), 0
        while value != 0:
            value, depth = value * dtype(0.25), depth + 1
        assert depth == int(expected)
