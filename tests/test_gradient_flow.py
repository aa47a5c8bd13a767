"""Gradient norms through depth and time: they vanish in deep sigmoid nets and the σ-wrapped
cell, and survive in He-initialised nets and the LSTM."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.gradient_flow import (
    gradient_from_last_step,
    gradient_profile,
    layer_gradient_norms,
)
from sigmoid_course.lstm import init_lstm
from sigmoid_course.mlp import MLP
from sigmoid_course.rnn import init_rnn, rnn_backward, rnn_forward

from conftest import small_problem


def test_deep_sigmoid_gradients_vanish_and_underflow_to_zero_in_float32():
    f64 = gradient_profile(100, "sigmoid", "xavier")
    f32 = gradient_profile(100, "sigmoid", "xavier", dtype=np.float32)
    assert np.all(f64 > 0) and f64[0] / f64[-1] < 1e-50
    assert f32[0] == 0 and f32[-1] > 0 and np.count_nonzero(f32 == 0) > 10


def test_he_initialised_relu_and_residual_nets_keep_their_gradient():
    relu = gradient_profile(50, "relu", "he", width=64, batch=32)
    assert 0.1 < relu[0] / relu[-2] < 10
    plain = gradient_profile(100, "sigmoid", "xavier", width=32, batch=16)
    skip = gradient_profile(100, "sigmoid", "xavier", width=32, batch=16, residual=True)
    assert skip[0] / skip[-1] > 0.01 and plain[0] / plain[-1] < 1e-50


def test_layer_gradient_norms_survive_tiny_values():
    X, y = small_problem()
    net = MLP([3, 4, 1], "sigmoid", "small")
    net.weights[1] *= 1e-170
    norms = layer_gradient_norms(net, X, y)
    assert norms[0] > 0
    _, grads = net.loss_and_grads(X, y)
    assert norms[0] == pytest.approx(np.linalg.norm(grads["z"][0] * 1e170) * 1e-170)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gradient_profile(0, "tanh", "he"), "depth"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_sigma_wrapped_cell_loses_the_gradient_the_lstm_keeps():
    x = np.random.default_rng(4).normal(size=(60, 4, 8))
    params = init_lstm(8, 8, seed=5, forget_bias=3.0)
    right = gradient_from_last_step(x, params)["c0"]
    wrapped = gradient_from_last_step(x, params, squash_cell=True)["c0"]
    assert np.all(right > 1e-3) and np.all(wrapped < 1e-20)


def test_gradient_from_last_step_reports_per_sequence_norms():
    x = np.random.default_rng(6).normal(size=(7, 3, 2))
    params = init_rnn(2, 4, seed=7)
    norms = gradient_from_last_step(x, params, cell="rnn", seed=8)
    h, cache = rnn_forward(x, params)
    u = np.random.default_rng(8).normal(size=(3, 4))
    dh = np.zeros_like(h)
    dh[-1] = u / np.linalg.norm(u, axis=1, keepdims=True)
    grads = rnn_backward(cache, dh)
    assert np.allclose(norms["h0"], np.linalg.norm(grads["h0"], axis=1))
    assert norms["x"].shape == (7, 3) and "c0" not in norms
    assert np.allclose(norms["x"][-1], np.linalg.norm(grads["x"][-1], axis=1))


def test_the_cell_line_is_the_whole_gradient_when_nothing_reads_the_state():
    # With W_hh = 0 no gate reads h, so c_T reaches c_0 only along the cell line.
    x = np.random.default_rng(9).normal(size=(12, 3, 4))
    params = init_lstm(4, 5, seed=10, forget_bias=1.0)
    params["weight_hh"][:] = 0
    norms = gradient_from_last_step(x, params, seed=11)
    assert np.allclose(norms["c0_cell_line"], norms["c0"], rtol=1e-12)
    # With recurrent weights the paths through h add to it, and the two part.
    coupled = gradient_from_last_step(x, init_lstm(4, 5, seed=10, forget_bias=1.0), seed=11)
    assert not np.allclose(coupled["c0_cell_line"], coupled["c0"], rtol=1e-3)
    assert "c0_cell_line" not in gradient_from_last_step(x, params, squash_cell=True)
