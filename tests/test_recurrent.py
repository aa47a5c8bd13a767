"""The recurrent cells agree with finite differences and with PyTorch, and keep their promises.

``data/torch_reference.json`` holds PyTorch's outputs and autograd gradients for small layers
(written by ``data/make_torch_reference.py``); PyTorch itself is not needed to run these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.gradient_flow import gradient_from_last_step
from sigmoid_course.lstm import GATES, init_lstm, lstm_backward, lstm_forward, lstm_shapes
from sigmoid_course.optim import adam_step, clip_grad_norm
from sigmoid_course.recall import recall_batch, train_recall
from sigmoid_course.rnn import NONLINEARITIES, init_rnn, rnn_backward, rnn_forward

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())


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


def _arrays(case: dict, *names: str) -> list[np.ndarray]:
    return [np.array(case[name]) for name in names]


def test_lstm_matches_pytorch_outputs_and_gradients():
    case = REFERENCE["lstm"]
    params = {k: np.array(v) for k, v in case["params"].items()}
    x, h0, c0, upstream = _arrays(case, "x", "h0", "c0", "upstream")
    h, c, cache = lstm_forward(x, params, h0, c0)
    assert np.allclose(h, case["output"], rtol=0, atol=1e-13)
    assert np.allclose(h[-1], case["h_n"], rtol=0, atol=1e-13)
    assert np.allclose(c[-1], case["c_n"], rtol=0, atol=1e-13)
    grads = lstm_backward(cache, upstream)
    for name, expected in case["grads"].items():
        assert np.allclose(grads[name], expected, rtol=0, atol=1e-12), name


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_matches_pytorch_outputs_and_gradients(nonlinearity):
    case = REFERENCE[f"rnn_{nonlinearity}"]
    params = {k: np.array(v) for k, v in case["params"].items()}
    x, h0, upstream = _arrays(case, "x", "h0", "upstream")
    h, cache = rnn_forward(x, params, h0, nonlinearity)
    assert np.allclose(h, case["output"], rtol=0, atol=1e-13)
    grads = rnn_backward(cache, upstream)
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
        (lambda p, x: rnn_forward(x, init_rnn(3, 2), nonlinearity="softsign"), "nonlinearity"),
        (lambda p, x: rnn_forward(x, p), r"weight_hh' must have shape \(H, H\)"),
        (lambda p, x: init_lstm(3, 0), "hidden_size"),
        (lambda p, x: clip_grad_norm({"a": np.ones(2)}, 0.0), "max_norm"),
        (lambda p, x: adam_step({"a": np.ones(2)}, {}), "grads lacks"),
        (lambda p, x: recall_batch(0, 4), "lag"),
        (lambda p, x: train_recall("gru", 3), "cell"),
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


def test_adam_matches_pytorch():
    case = REFERENCE["adam"]
    params, state = {"w": np.array(case["start"])}, None
    for gradient in case["grads"]:
        params, state = adam_step(params, {"w": np.array(gradient)}, state, lr=case["lr"])
    assert state.step == 3
    assert np.allclose(params["w"], case["end"], rtol=0, atol=1e-14)


def test_adam_leaves_its_inputs_alone_and_minimises_a_quadratic():
    params = {"w": np.array([3.0, -2.0])}
    start = params["w"].copy()
    state = None
    for _ in range(500):
        params, state = adam_step(params, {"w": 2 * params["w"]}, state, lr=0.05)
    assert np.allclose(start, [3.0, -2.0]) and np.all(np.abs(params["w"]) < 1e-2)


def test_clipping_matches_pytorch_and_keeps_the_direction():
    case = REFERENCE["clip"]
    grads = {k: np.array(v) for k, v in case["grads"].items()}
    clipped, norm = clip_grad_norm(grads, case["max_norm"])
    assert norm == pytest.approx(case["norm"], rel=1e-14)
    for name, expected in case["clipped"].items():
        assert np.allclose(clipped[name], expected, rtol=1e-14, atol=0)
    small, small_norm = clip_grad_norm({"a": np.array([0.3, 0.4])}, 1.0)
    assert small_norm == pytest.approx(0.5) and np.array_equal(small["a"], [0.3, 0.4])


def test_recall_batch_targets_the_marked_bit():
    x, y = recall_batch(6, 50, window=3, seed=9)
    assert x.shape == (10, 50, 2)
    marks = x[..., 1]
    assert np.all(marks.sum(axis=0) == 1) and np.all(marks[4:] == 0)
    marked = marks.argmax(axis=0)
    assert np.array_equal(y, (x[marked, np.arange(50), 0] > 0).astype(float))


def test_an_lstm_learns_a_short_recall():
    run = train_recall("lstm", 2, steps=150, seed=0)
    assert run.losses[-10:].mean() < 0.1 * run.losses[:10].mean()
    assert run.accuracy > 0.95


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
