"""Helpers for The Sigmoid, an interactive course on the logistic function.

The chapters call these functions; the tests check them. One module per idea:
``activations`` (σ and friends, numerically stable), ``symbolic`` (sympy definitions and the
identity checker).
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
