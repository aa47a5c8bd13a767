"""The LSTM agrees with finite differences and with PyTorch, and keeps the chapter's promises.

``data/torch_reference.json`` holds PyTorch's outputs and autograd gradients for small layers
(written by ``data/make_torch_reference.py``); PyTorch itself is not needed to run these tests.
"""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.lstm import GATES, init_lstm, lstm_backward, lstm_forward, lstm_shapes
from sigmoid_course.rnn import init_rnn, rnn_forward

from conftest import arrays, torch_reference


def _lstm_case(batched: bool, seed: int = 0):
    rng = np.random.default_rng(seed)
    steps, batch, inputs, hidden = 4, 3, 3, 2
    lead = (steps, batch) if batched else (steps,)
    state = (batch, hidden) if batched else (hidden,)
    # Weights larger than PyTorch's default, so that the gates are not nearly linear.
    params = {k: 3 * v for k, v in init_lstm(inputs, hidden, seed=rng).items()}
    x = rng.normal(size=(*lead, inputs))
    h0, c0 = rng.normal(size=state), rng.normal(size=state)
    upstream = rng.normal(size=(*lead, hidden))
    return params, x, h0, c0, upstream


@pytest.mark.parametrize("squash_cell", [False, True], ids=["lstm", "sigma-wrapped-cell"])
@pytest.mark.parametrize("batched", [False, True], ids=["single", "batch"])
def test_lstm_backward_matches_finite_differences(batched, squash_cell):
    params, x, h0, c0, upstream = _lstm_case(batched)
    inputs = {**params, "x": x, "h0": h0, "c0": c0}

    def loss(name, value):
        args = {**inputs, name: value}
        p = {k: args[k] for k in params}
        h, _, _ = lstm_forward(args["x"], p, args["h0"], args["c0"], squash_cell=squash_cell)
        return float(np.sum(upstream * h))

    _, _, cache = lstm_forward(x, params, h0, c0, squash_cell=squash_cell)
    grads = lstm_backward(cache, upstream)
    assert set(grads) == {*params, "x", "h0", "c0"}
    for name, value in inputs.items():
        numeric = numerical_gradient(lambda v, name=name: loss(name, v), value.copy())
        assert grads[name].shape == value.shape, name
        assert np.allclose(grads[name], numeric, rtol=1e-6, atol=1e-8), name


def test_lstm_matches_pytorch_outputs_and_gradients():
    case = torch_reference("lstm")
    params = {k: np.array(v) for k, v in case["params"].items()}
    x, h0, c0, upstream = arrays(case, "x", "h0", "c0", "upstream")
    h, c, cache = lstm_forward(x, params, h0, c0)
    assert np.allclose(h, case["output"], rtol=0, atol=1e-13)
    assert np.allclose(h[-1], case["h_n"], rtol=0, atol=1e-13)
    assert np.allclose(c[-1], case["c_n"], rtol=0, atol=1e-13)
    grads = lstm_backward(cache, upstream)
    for name, expected in case["grads"].items():
        assert np.allclose(grads[name], expected, rtol=0, atol=1e-12), name


def test_single_sequence_is_a_batch_of_one():
    params, x, h0, c0, upstream = _lstm_case(batched=False)
    h, c, cache = lstm_forward(x, params, h0, c0)
    hb, cb, cache_b = lstm_forward(x[:, None], params, h0[None], c0[None])
    assert np.array_equal(h, hb[:, 0]) and np.array_equal(c, cb[:, 0])
    single, batch = lstm_backward(cache, upstream), lstm_backward(cache_b, upstream[:, None])
    assert all(np.array_equal(single[k], batch[k].reshape(single[k].shape)) for k in single)


def test_cell_gradient_without_recurrent_weights_is_the_product_of_forget_gates():
    # With weight_hh = 0 the gates do not depend on the past, the only path from c_0 to c_T
    # is the cell line, and ∂c_T/∂c_0 = ∏ f_t exactly: the chapter's central claim.
    rng = np.random.default_rng(2)
    params = init_lstm(3, 5, seed=rng, forget_bias=1.0)
    params["weight_hh"][:] = 0.0
    x = rng.normal(size=(30, 3))
    _, c, cache = lstm_forward(x, params, c0=rng.normal(size=5))
    dc_last = rng.normal(size=5)
    # An upstream gradient on h_T equivalent to dc_last on c_T: divide by ∂h_T/∂c_T.
    i, f, g, o = np.split(cache.gates[:, 0], 4, axis=-1)
    dh = np.zeros((30, 5))
    dh[-1] = dc_last / (o[-1] * (1 - np.tanh(c[-1]) ** 2))
    grads = lstm_backward(cache, dh)
    assert np.allclose(grads["c0"], dc_last * np.prod(f, axis=0), rtol=1e-12)
    assert np.allclose(grads["h0"], 0.0)


def test_forget_bias_sets_the_summed_bias_and_keeps_pytorch_bounds():
    hidden = 8
    params = init_lstm(5, hidden, seed=3, forget_bias=3.0)
    assert {k: v.shape for k, v in params.items()} == lstm_shapes(5, hidden)
    total = params["bias_ih"] + params["bias_hh"]
    forget = slice(hidden, 2 * hidden)
    assert np.all(total[forget] == 3.0)
    others = np.delete(total, np.arange(hidden, 2 * hidden))
    bound = 1 / np.sqrt(hidden)
    assert np.all(np.abs(others) <= 2 * bound)
    assert all(np.all(np.abs(params[k]) <= bound) for k in ("weight_ih", "weight_hh"))
    assert GATES.index("f") == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, x: lstm_forward(x, {k: v for k, v in p.items() if k != "bias_hh"}), "bias_hh"),
        (lambda p, x: lstm_forward(x, {**p, "weight_ih": p["weight_ih"][:, :2]}), r"\(8, 3\)"),
        (lambda p, x: lstm_forward(x, {**p, "weight_hh": np.zeros((6, 2))}), "weight_hh"),
        (lambda p, x: lstm_forward(x[0], p), r"\(T, I\) or \(T, B, I\)"),
        (lambda p, x: lstm_forward(x, p, h0=np.zeros(3)), r"h0 must have shape \(2,\)"),
        (lambda p, x: lstm_forward(x, p, c0=np.zeros((1, 2))), r"c0 must have shape \(2,\)"),
        (lambda p, x: lstm_forward(x, {**p, "extra": 1}), "unknown parameters"),
        (lambda p, x: lstm_backward(lstm_forward(x, p)[2], np.zeros((4, 3))), "dh must"),
        (lambda p, x: init_lstm(3, 0), "hidden_size"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    params, x = init_lstm(3, 2), np.zeros((4, 3))
    with pytest.raises(ValueError, match=message):
        call(params, x)


def test_lstm_backward_needs_its_own_cache():
    _, cache = rnn_forward(np.zeros((3, 2)), init_rnn(2, 2))
    with pytest.raises(TypeError, match="LSTMCache"):
        lstm_backward(cache, np.zeros((3, 2)))


def test_gates_agree_with_the_exact_sigmoid_to_rounding():
    rng = np.random.default_rng(10)
    params = {k: 20 * v for k, v in init_lstm(3, 4, seed=rng).items()}  # saturate some gates
    x = rng.normal(size=(6, 3))
    h, _, cache = lstm_forward(x, params)
    h_prev = np.vstack([np.zeros(4), h[:-1]])
    z = x @ params["weight_ih"].T + h_prev @ params["weight_hh"].T
    z += params["bias_ih"] + params["bias_hh"]
    expected = sigmoid(z)
    expected[:, 8:12] = np.tanh(z[:, 8:12])
    assert np.max(np.abs(cache.gates[:, 0] - expected)) <= 1e-15
    assert np.min(expected[:, :8]) < 1e-6  # the check reaches saturated gates
