"""The recall task marks one bit, an LSTM learns to recall it over a short lag, and the training
records the gradient norms it clips."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.lstm import init_lstm
from sigmoid_course.optim import clip_grad_norm
from sigmoid_course.recall import recall_batch, train_recall


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, x: recall_batch(0, 4), "lag"),
        (lambda p, x: train_recall("gru", 3), "cell"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    params, x = init_lstm(3, 2), np.zeros((4, 3))
    with pytest.raises(ValueError, match=message):
        call(params, x)


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


def test_training_records_the_norm_before_clipping():
    clipped = train_recall("lstm", 3, steps=30, seed=1, max_norm=0.05)
    free = train_recall("lstm", 3, steps=30, seed=1, max_norm=None)
    # The first step sees the same gradient; after it, the runs part.
    assert clipped.grad_norms[0] == pytest.approx(free.grad_norms[0], rel=1e-12)
    assert clipped.grad_norms.shape == (30,) and np.all(clipped.grad_norms > 0)
    assert not np.allclose(clipped.losses, free.losses)
    assert clip_grad_norm({"g": np.ones(4)}, 1.0)[1] == 2.0


def test_no_forget_bias_keeps_pytorchs_random_one():
    drawn = train_recall("lstm", 3, steps=1, seed=4, forget_bias=None)
    set_to_zero = train_recall("lstm", 3, steps=1, seed=4, forget_bias=0.0)
    assert not np.allclose(drawn.params["bias_ih"], set_to_zero.params["bias_ih"])
