"""Helpers for The Sigmoid, an interactive course on the logistic function.

The chapters call these functions; the tests check them. One module per idea:

- ``activations``: σ and its relatives, numerically stable (exported here);
- ``symbolic``: σ in sympy, and ``assert_identical`` for every derivation;
- ``logistic``: the logloss and its gradient, expected losses;
- ``deepnets``: backward passes, gradient checks, deep MLPs, their training and gradients;
- ``numerics``: exact floating-point thresholds;
- ``explore``: interactive figures for Jupyter and the static book;
- ``selfcheck``: ``check(problem, answer)`` for students;
- ``plotting``: the course's figure style.
"""

from .activations import (
    log_sigmoid,
    logit,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softplus,
    tanh,
    tanh_grad,
)

__all__ = [
    "log_sigmoid",
    "logit",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softplus",
    "tanh",
    "tanh_grad",
]
