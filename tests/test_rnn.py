"""The vanilla RNN agrees with finite differences and with PyTorch's ``nn.RNN``."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.lstm import init_lstm
from sigmoid_course.rnn import NONLINEARITIES, init_rnn, rnn_backward, rnn_forward

from conftest import arrays, torch_reference


@pytest.mark.parametrize("nonlinearity", NONLINEARITIES)
@pytest.mark.parametrize("batched", [False, True], ids=["single", "batch"])
def test_rnn_backward_matches_finite_differences(batched, nonlinearity):
    rng = np.random.default_rng(1)
    lead = (5, 2) if batched else (5,)
    params = {k: 2 * v for k, v in init_rnn(3, 4, seed=rng).items()}
    x, h0 = rng.normal(size=(*lead, 3)), rng.normal(size=(*lead[1:], 4))
    upstream = rng.normal(size=(*lead, 4))
    inputs = {**params, "x": x, "h0": h0}

    def loss(name, value):
        args = {**inputs, name: value}
        p = {k: args[k] for k in params}
        return float(np.sum(upstream * rnn_forward(args["x"], p, args["h0"], nonlinearity)[0]))

    _, cache = rnn_forward(x, params, h0, nonlinearity)
    grads = rnn_backward(cache, upstream)
    assert set(grads) == {*params, "x", "h0"}
    for name, value in inputs.items():
        numeric = numerical_gradient(lambda v, name=name: loss(name, v), value.copy())
        assert np.allclose(grads[name], numeric, rtol=1e-6, atol=1e-8), name


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_matches_pytorch_outputs_and_gradients(nonlinearity):
    case = torch_reference(f"rnn_{nonlinearity}")
    params = {k: np.array(v) for k, v in case["params"].items()}
    x, h0, upstream = arrays(case, "x", "h0", "upstream")
    h, cache = rnn_forward(x, params, h0, nonlinearity)
    assert np.allclose(h, case["output"], rtol=0, atol=1e-13)
    grads = rnn_backward(cache, upstream)
    for name, expected in case["grads"].items():
        assert np.allclose(grads[name], expected, rtol=0, atol=1e-12), name


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, x: rnn_forward(x, init_rnn(3, 2), nonlinearity="softsign"), "nonlinearity"),
        (lambda p, x: rnn_forward(x, p), r"weight_hh' must have shape \(H, H\)"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    params, x = init_lstm(3, 2), np.zeros((4, 3))
    with pytest.raises(ValueError, match=message):
        call(params, x)
