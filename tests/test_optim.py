"""Adam's step and gradient clipping agree with PyTorch's."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.lstm import init_lstm
from sigmoid_course.optim import adam_step, clip_grad_norm

from conftest import torch_reference


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, x: clip_grad_norm({"a": np.ones(2)}, 0.0), "max_norm"),
        (lambda p, x: adam_step({"a": np.ones(2)}, {}), "grads lacks"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    params, x = init_lstm(3, 2), np.zeros((4, 3))
    with pytest.raises(ValueError, match=message):
        call(params, x)


def test_adam_matches_pytorch():
    case = torch_reference("adam")
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
    case = torch_reference("clip")
    grads = {k: np.array(v) for k, v in case["grads"].items()}
    clipped, norm = clip_grad_norm(grads, case["max_norm"])
    assert norm == pytest.approx(case["norm"], rel=1e-14)
    for name, expected in case["clipped"].items():
        assert np.allclose(clipped[name], expected, rtol=1e-14, atol=0)
    small, small_norm = clip_grad_norm({"a": np.array([0.3, 0.4])}, 1.0)
    assert small_norm == pytest.approx(0.5) and np.array_equal(small["a"], [0.3, 0.4])
