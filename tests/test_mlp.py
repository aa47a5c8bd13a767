"""The MLP's backward pass agrees with finite differences and scikit-learn, in both dtypes."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.mlp import MLP
from sigmoid_course.training import train

from conftest import small_problem


def _finite_difference_error(net, X, y):
    """Largest relative error of the backward pass against central differences, all layers."""
    _, grads = net.loss_and_grads(X, y)
    worst = 0.0
    for kind in ("weights", "biases"):
        for k, param in enumerate(getattr(net, kind)):

            def loss(value, kind=kind, k=k):
                params = {"weights": list(net.weights), "biases": list(net.biases)}
                params[kind][k] = value
                moved = MLP.from_params(
                    params["weights"],
                    params["biases"],
                    net.activation,
                    net.residual,
                    net.batch_norm,
                )
                return float(moved.loss_and_grads(X, y)[0])

            numeric = numerical_gradient(loss, param)
            # Batch normalisation makes hidden biases irrelevant: their gradient is 0 (to rounding).
            scale = max(np.max(np.abs(numeric)), 1e-3)
            worst = max(worst, np.max(np.abs(numeric - grads[kind][k])) / scale)
    return worst


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("residual", [False, True])
def test_backward_pass_matches_finite_differences(activation, residual):
    X, y = small_problem()
    # Widths 3 → 4 → 4 → 4 → 1: two of the hidden layers have a skip path when residual.
    net = MLP([3, 4, 4, 4, 1], activation, "xavier", seed=1, residual=residual)
    assert _finite_difference_error(net, X, y) < 1e-6


def test_batch_norm_backward_matches_finite_differences():
    X, y = small_problem(n=6)
    net = MLP([3, 4, 4, 1], "sigmoid", "xavier", seed=2, batch_norm=True)
    assert _finite_difference_error(net, X, y) < 1e-6


def test_z_gradients_are_the_bias_gradients_summed_over_the_batch():
    X, y = small_problem()
    _, grads = MLP([3, 5, 5, 1], "tanh", "xavier").loss_and_grads(X, y)
    for gz, gb in zip(grads["z"], grads["biases"], strict=True):
        assert np.allclose(gz.sum(axis=0), gb)
    assert [g.shape for g in grads["z"]] == [(5, 5), (5, 5), (5, 1)]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_a_pass_leaves_its_inputs_and_earlier_results_untouched(activation):
    # The pass writes into buffers it allocates and reuses: a training loop that keeps last
    # step's gradients (momentum) or the inputs must not see them change.
    X, y = small_problem(width=4)
    net = MLP([4, 4, 4, 4, 1], activation, "xavier", seed=3, residual=True)
    X_before, weights_before = X.copy(), [w.copy() for w in net.weights]
    first = net.loss_and_grads(X, y)[1]
    kept = {kind: [g.copy() for g in grads] for kind, grads in first.items()}
    net.loss_and_grads(2 * X, 1 - y)
    assert np.array_equal(X, X_before)
    assert all(map(np.array_equal, net.weights, weights_before))
    for kind, grads in first.items():
        assert all(map(np.array_equal, grads, kept[kind]))


def test_a_net_without_hidden_layers_has_the_logistic_regression_gradient():
    X, y = small_problem()
    net = MLP([3, 1], init="he", seed=4)
    _, grads = net.loss_and_grads(X, y)
    residual = (sigmoid(X @ net.weights[0][0]) - y) / len(y)
    assert np.allclose(grads["weights"][0][0], X.T @ residual)
    assert np.allclose(grads["biases"][0], residual.sum())


def test_loss_is_the_mean_logloss_of_the_logit():
    X, y = small_problem()
    net = MLP([3, 4, 1], "relu", "he", seed=3)
    q = sigmoid(net.forward(X))
    expected = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
    assert net.loss_and_grads(X, y)[0] == pytest.approx(expected, rel=1e-12)


def test_from_params_uses_the_nn_linear_layout():
    # weights[k] has shape (fan_out, fan_in) and a layer computes a @ W.T + b.
    w1 = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    b1 = np.array([0.1, 0.2, 0.3])
    w2, b2 = np.array([[1.0, -1.0, 2.0]]), np.array([0.5])
    net = MLP.from_params([w1, w2], [b1, b2], "relu")
    x = np.array([[1.0, -2.0]])
    hidden = np.maximum(x @ w1.T + b1, 0)
    assert net.forward(x) == pytest.approx((hidden @ w2.T + b2)[:, 0])
    assert net.layer_sizes == [2, 3, 1]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_float32_nets_compute_in_float32(activation):
    X, y = small_problem()
    net = MLP([3, 4, 4, 1], activation, "xavier", dtype=np.float32)
    loss, grads = net.loss_and_grads(X, y)
    assert loss.dtype == np.float32 and net.forward(X).dtype == np.float32
    for kind in ("weights", "biases", "z"):
        assert all(g.dtype == np.float32 for g in grads[kind])
    run = train(net, X, y, steps=3, learning_rate=0.1, momentum=0.5)
    assert all(w.dtype == np.float32 for w in run.net.weights)


def test_same_seed_gives_the_same_weights_in_both_dtypes():
    a = MLP([4, 6, 1], init="he", seed=5)
    b = MLP([4, 6, 1], init="he", seed=5, dtype=np.float32)
    assert np.array_equal(a.weights[0].astype(np.float32), b.weights[0])


@pytest.mark.parametrize(
    ("init", "variance"),
    [
        ("small", lambda i, o: 1e-4),
        ("xavier", lambda i, o: 2 / (i + o)),
        ("he", lambda i, o: 2 / i),
    ],
)
def test_initial_weight_variances(init, variance):
    net = MLP([300, 200, 1], init=init, seed=0)
    w = net.weights[0]
    # 60,000 Gaussian draws: the sample variance is within 2 % of the true one (6 sigma).
    assert w.var() == pytest.approx(variance(300, 200), rel=0.02)
    assert abs(w.mean()) < 5 * np.sqrt(variance(300, 200) / w.size)
    assert not net.biases[0].any()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: MLP([3, 4, 1], activation="softsign"), "activation must be one of"),
        (lambda: MLP([3, 4, 1], init="lecun"), "init must be one of"),
        (lambda: MLP([3, 4, 2]), "1 unit"),
        (lambda: MLP([3]), "at least two"),
        (
            lambda: MLP.from_params(
                [np.ones((4, 3)), np.ones((1, 5))], [np.ones(4), np.ones(1)], "tanh"
            ),
            "fan_in 4",
        ),
        (lambda: MLP.from_params([np.ones((4, 3))], [np.ones(4)], "tanh"), "1 unit"),
        (lambda: MLP.from_params([np.full((1, 3), np.nan)], [np.ones(1)], "tanh"), "finite"),
        (lambda: MLP([3, 4, 1]).forward(np.ones((2, 5))), r"X of shape \(n, 3\)"),
        (lambda: MLP([3, 4, 1]).forward(np.array([[1.0, np.inf, 0.0]])), "finite"),
        (lambda: MLP([3, 4, 1]).loss_and_grads(np.ones((2, 3)), np.array([0, 2])), "in {0, 1}"),
        (lambda: MLP([3, 4, 1]).loss_and_grads(np.ones((2, 3)), np.array([0])), "y of shape"),
    ],
)
def test_bad_input_is_refused_with_what_was_expected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("activation", "sklearn_name"), [("sigmoid", "logistic"), ("tanh", "tanh"), ("relu", "relu")]
)
def test_gradients_agree_with_scikit_learn(activation, sklearn_name):
    # An independent implementation: one plain SGD step of scikit-learn's MLPClassifier, from
    # our weights, moves each parameter by −η × its gradient of the same mean logloss.
    from sklearn.neural_network import MLPClassifier

    X, y = small_problem(seed=7, n=12)
    y[:2] = (0, 1)  # both classes present
    net = MLP([3, 4, 5, 1], activation, "xavier", seed=8)
    rate = 0.01
    reference = MLPClassifier(
        hidden_layer_sizes=(4, 5),
        activation=sklearn_name,
        solver="sgd",
        alpha=0.0,
        momentum=0.0,
        nesterovs_momentum=False,
        learning_rate_init=rate,
        batch_size=len(y),
        shuffle=False,
        random_state=0,
    )
    reference.partial_fit(X, y, classes=[0, 1])  # builds the layers; then load our weights
    reference.coefs_ = [w.T.copy() for w in net.weights]
    reference.intercepts_ = [b.copy() for b in net.biases]
    reference.partial_fit(X, y)
    _, grads = net.loss_and_grads(X, y)
    for w, after, g in zip(net.weights, reference.coefs_, grads["weights"], strict=True):
        assert np.allclose((w.T - after) / rate, g.T, rtol=1e-6, atol=1e-10)
    for b, after, g in zip(net.biases, reference.intercepts_, grads["biases"], strict=True):
        assert np.allclose((b - after) / rate, g, rtol=1e-6, atol=1e-10)
