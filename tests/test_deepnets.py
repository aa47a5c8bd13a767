"""Backpropagation helpers agree with finite differences and with the claims built on them."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import sigmoid
from sigmoid_course.backprop import dense_weight_gradient, scalar_chain_gradient, sigmoid_backward
from sigmoid_course.descent import gradient_descent_path, linear_unit_descent
from sigmoid_course.gradcheck import numerical_gradient
from sigmoid_course.gradient_flow import gradient_profile, layer_gradient_norms
from sigmoid_course.mlp import MLP
from sigmoid_course.training import train


def test_sigmoid_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    z, upstream = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def loss(z_):
        return float(np.sum(upstream * sigmoid(z_)))

    analytic = sigmoid_backward(sigmoid(z), upstream)
    assert np.allclose(analytic, numerical_gradient(loss, z), rtol=1e-7, atol=1e-10)


def test_sigmoid_backward_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sigmoid_backward(np.zeros(3), np.zeros(4))


def test_numerical_gradient_of_a_quadratic_is_exact_to_rounding():
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = np.array([0.3, -1.2])
    assert np.allclose(numerical_gradient(lambda v: 0.5 * v @ a @ v, x), a @ x, atol=1e-9)
    with pytest.raises(ValueError, match="eps must be positive"):
        numerical_gradient(np.sum, x, eps=0)


def test_weights_after_a_sigmoid_share_the_sign_of_delta():
    rng = np.random.default_rng(1)
    delta, a = rng.normal(size=3), sigmoid(rng.normal(size=5))
    grad = dense_weight_gradient(delta, a)
    assert grad.shape == (3, 5)
    assert np.all(np.sign(grad) == np.sign(delta)[:, None])


def test_scalar_chain_is_bounded_by_a_quarter_per_layer_with_unit_weights():
    depth = 20
    gradient = scalar_chain_gradient(np.ones(depth), np.zeros(depth), 0.0)
    assert 0 < gradient <= 0.25**depth


def test_scalar_chain_grows_with_large_weights():
    # With w = 6 and b = -3 every unit sits at z = 0 (a = 1/2), so each layer multiplies by 6/4.
    depth = 10
    gradient = scalar_chain_gradient(np.full(depth, 6.0), np.full(depth, -3.0), 0.5)
    assert gradient == pytest.approx(1.5**depth)


def test_positive_features_make_gradient_descent_slow():
    rng = np.random.default_rng(2)
    h = rng.normal(size=(200, 2))
    w_star = np.array([1.0, -1.0])

    def steps_to_converge(features):
        hessian = features.T @ features / len(features)
        rate = 1.0 / np.linalg.eigvalsh(hessian)[-1]
        path = gradient_descent_path(features, features @ w_star, np.zeros(2), rate, 500)
        return int(np.argmax(np.linalg.norm(path - w_star, axis=1) < 0.01))

    positive, centred = sigmoid(h), sigmoid(h) - sigmoid(h).mean(axis=0)
    assert steps_to_converge(positive) > 5 * steps_to_converge(centred) > 0


def test_gradient_descent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="expected features"):
        gradient_descent_path(np.zeros((3, 2)), np.zeros(4), np.zeros(2), 0.1, 1)


def test_sigmoid_inputs_give_one_signed_gradients_and_slow_descent():
    rng = np.random.default_rng(1)
    h = rng.normal(size=(200, 2))
    w_star = np.array([1.0, -1.0])
    positive = linear_unit_descent(sigmoid(h), w_star)
    centred = linear_unit_descent(sigmoid(h) - sigmoid(h).mean(axis=0), w_star)
    assert positive.same_sign_fraction == 1.0
    assert 0.2 < centred.same_sign_fraction < 0.8
    assert positive.condition_number > 5 * centred.condition_number
    assert positive.steps_to_converge > 5 * centred.steps_to_converge > 0
    assert positive.path.shape == (201, 2)


def test_descent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="expected features"):
        linear_unit_descent(np.eye(2), np.ones(3))


def _small_problem(seed=0, n=5, width=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, width)), rng.integers(0, 2, size=n)


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
    X, y = _small_problem()
    # Widths 3 → 4 → 4 → 4 → 1: two of the hidden layers have a skip path when residual.
    net = MLP([3, 4, 4, 4, 1], activation, "xavier", seed=1, residual=residual)
    assert _finite_difference_error(net, X, y) < 1e-6


def test_batch_norm_backward_matches_finite_differences():
    X, y = _small_problem(n=6)
    net = MLP([3, 4, 4, 1], "sigmoid", "xavier", seed=2, batch_norm=True)
    assert _finite_difference_error(net, X, y) < 1e-6


def test_z_gradients_are_the_bias_gradients_summed_over_the_batch():
    X, y = _small_problem()
    _, grads = MLP([3, 5, 5, 1], "tanh", "xavier").loss_and_grads(X, y)
    for gz, gb in zip(grads["z"], grads["biases"], strict=True):
        assert np.allclose(gz.sum(axis=0), gb)
    assert [g.shape for g in grads["z"]] == [(5, 5), (5, 5), (5, 1)]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_a_pass_leaves_its_inputs_and_earlier_results_untouched(activation):
    # The pass writes into buffers it allocates and reuses: a training loop that keeps last
    # step's gradients (momentum) or the inputs must not see them change.
    X, y = _small_problem(width=4)
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
    X, y = _small_problem()
    net = MLP([3, 1], init="he", seed=4)
    _, grads = net.loss_and_grads(X, y)
    residual = (sigmoid(X @ net.weights[0][0]) - y) / len(y)
    assert np.allclose(grads["weights"][0][0], X.T @ residual)
    assert np.allclose(grads["biases"][0], residual.sum())


def test_loss_is_the_mean_logloss_of_the_logit():
    X, y = _small_problem()
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
    X, y = _small_problem()
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
    X, y = _small_problem()
    net = MLP([3, 4, 1], "sigmoid", "small")
    net.weights[1] *= 1e-170
    norms = layer_gradient_norms(net, X, y)
    assert norms[0] > 0
    _, grads = net.loss_and_grads(X, y)
    assert norms[0] == pytest.approx(np.linalg.norm(grads["z"][0] * 1e170) * 1e-170)


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
    X, y = _small_problem(n=8)
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
    X, y = _small_problem(n=6)
    full = train(MLP([3, 4, 1], "tanh", "xavier"), X, y, steps=1, learning_rate=0.1)
    halves = train(
        MLP([3, 4, 1], "tanh", "xavier"), X, y, steps=2, learning_rate=1e-12, batch_size=3
    )
    # With a negligible step, the two half-batch losses average to the full-batch loss.
    assert halves.losses.mean() == pytest.approx(full.losses[0], rel=1e-9)


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
        (
            lambda: train(
                MLP([3, 1]), np.ones((2, 3)), np.array([0, 1]), steps=1, learning_rate=0.1, clip=0
            ),
            "clip must be positive",
        ),
        (
            lambda: train(
                MLP([3, 1]),
                np.ones((2, 3)),
                np.array([0, 1]),
                steps=1,
                learning_rate=0.1,
                batch_size=5,
            ),
            "batch_size",
        ),
        (lambda: gradient_profile(0, "tanh", "he"), "depth"),
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

    X, y = _small_problem(seed=7, n=12)
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
