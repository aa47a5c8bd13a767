"""Training an MLP: momentum fits XOR, clipping bounds the step, minibatches visit every example,
Adam is the optimiser's own step applied layer by layer."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.mlp import MLP
from sigmoid_course.optim import adam_step
from sigmoid_course.training import train

from conftest import small_problem


def test_training_fits_xor_with_tanh_and_momentum():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    net = MLP([2, 8, 1], "tanh", "xavier", seed=0)
    run = train(net, X, y, steps=500, learning_rate=0.5, momentum=0.9)
    assert run.losses[-1] < 0.05 < run.losses[0]
    assert np.array_equal((run.net.forward(X) > 0).astype(int), y)
    assert net.weights[0] is not run.net.weights[0]  # the starting net is untouched
    assert run.bias_grad_norms.shape == (500, 2) and run.grad_norms.shape == (500,)


def test_clipping_bounds_the_step():
    X, y = small_problem(n=8)
    net = MLP([3, 4, 4, 1], "tanh", "xavier", seed=4)
    big = MLP.from_params([w * 20 for w in net.weights], net.biases, "tanh")
    run = train(big, X, y, steps=1, learning_rate=1.0, clip=0.5)
    moved = np.sqrt(
        sum(np.sum((a - b) ** 2) for a, b in zip(run.net.weights, big.weights, strict=True))
        + sum(np.sum((a - b) ** 2) for a, b in zip(run.net.biases, big.biases, strict=True))
    )
    assert run.grad_norms[0] > 0.5
    assert moved == pytest.approx(0.5, rel=1e-9)


def test_minibatches_visit_every_example_each_epoch():
    X, y = small_problem(n=6)
    full = train(MLP([3, 4, 1], "tanh", "xavier"), X, y, steps=1, learning_rate=0.1)
    halves = train(
        MLP([3, 4, 1], "tanh", "xavier"), X, y, steps=2, learning_rate=1e-12, batch_size=3
    )
    # With a negligible step, the two half-batch losses average to the full-batch loss.
    assert halves.losses.mean() == pytest.approx(full.losses[0], rel=1e-9)


def test_adam_is_adam_step_on_every_array_after_clipping():
    X, y = small_problem(n=8)
    net = MLP([3, 4, 4, 1], "sigmoid", "xavier", seed=2)
    run = train(net, X, y, steps=3, learning_rate=0.01, clip=0.05, method="adam")
    # The same three steps by hand: backprop, clip the whole gradient, adam_step.
    params = {f"p{k}": p for k, p in enumerate(net.weights + net.biases)}
    state, L = None, len(net.weights)
    for _ in range(3):
        now = MLP.from_params(
            [params[f"p{k}"] for k in range(L)], [params[f"p{k + L}"] for k in range(L)], "sigmoid"
        )
        _, grads = now.loss_and_grads(X, y)
        flat = grads["weights"] + grads["biases"]
        scale = min(1.0, 0.05 / np.sqrt(sum(np.sum(g**2) for g in flat)))
        params, state = adam_step(
            params, {f"p{k}": scale * g for k, g in enumerate(flat)}, state, lr=0.01
        )
    for k, w in enumerate(run.net.weights + run.net.biases):
        assert np.allclose(w, params[f"p{k}"], rtol=0, atol=1e-14)
    # Adam's first step moves every entry by the learning rate, whatever its gradient's size.
    first = train(net, X, y, steps=1, learning_rate=0.01, method="adam").net
    assert np.allclose(np.abs(first.weights[0] - net.weights[0]), 0.01, rtol=1e-3)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"clip": 0}, "clip must be positive"),
        ({"batch_size": 5}, "batch_size"),
        ({"method": "sgd"}, "method must be"),
        ({"momentum": 0.9, "method": "adam"}, "momentum must be 0"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(options, message):
    with pytest.raises(ValueError, match=message):
        train(MLP([3, 1]), np.ones((2, 3)), np.array([0, 1]), steps=1, learning_rate=0.1, **options)
