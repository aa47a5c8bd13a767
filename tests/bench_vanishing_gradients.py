"""`make bench`, chapter on vanishing gradients: one forward and backward pass of a deep net.

The floor is the matrix products alone: per hidden layer one 64×128 by 128×128 product forward
(z = a Wᵀ) and two backward (∂L/∂a = δ W and ∂L/∂W = δᵀ a), each written into an array
allocated once, outside the timing. Everything else in a pass (f, its slope, the bias sums,
the memory for the outputs it returns) is the overhead that the ratio shows.
"""

from __future__ import annotations

import numpy as np
from bench import best_of
from threadpoolctl import threadpool_limits

from sigmoid_course.mlp import MLP

DEPTH, WIDTH, BATCH = 100, 128, 64


def run(report) -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((BATCH, WIDTH))
    y = rng.integers(0, 2, size=BATCH)
    net = MLP([WIDTH] * DEPTH + [1], "sigmoid", "xavier")
    a, delta = rng.standard_normal((2, BATCH, WIDTH))
    z, grad_a, grad_w = np.empty((BATCH, WIDTH)), np.empty((BATCH, WIDTH)), np.empty((WIDTH, WIDTH))
    weights = net.weights[:-1]

    def products():
        for w in weights:
            np.matmul(a, w.T, out=z)
            np.matmul(delta, w, out=grad_a)
            np.matmul(delta.T, a, out=grad_w)

    # Small matrices: one BLAS thread avoids threads fighting for the shared cores.
    with threadpool_limits(limits=1):
        for activation in ("sigmoid", "tanh", "relu"):
            same = MLP.from_params(net.weights, net.biases, activation)
            seconds, floor = best_of(40, lambda net=same: net.loss_and_grads(X, y), products)
            what = f"forward+backward, {DEPTH} layers × {WIDTH}, batch {BATCH}, {activation}"
            report(what, seconds, "its matrix products alone", floor)


if __name__ == "__main__":
    from bench import report as _report

    run(_report)
