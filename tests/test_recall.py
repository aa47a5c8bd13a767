"""The recall task marks one bit, and an LSTM learns to recall it over a short lag."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course.lstm import init_lstm
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
