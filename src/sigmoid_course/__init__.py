"""Helpers for The Sigmoid, an interactive course on the logistic function.

The chapters call these functions; the tests check them. One module per idea:

- ``activations``: σ and its relatives, numerically stable (exported here);
- ``symbolic``: σ in sympy, and ``assert_identical`` for every derivation;
- ``logistic``: the logloss, logistic regression fitted as one neuron, dose–response curves;
- ``deepnets``: backward passes, gradient checks, deep MLPs, their training and gradients;
- ``recurrent``: LSTM and RNN forward and backward passes in PyTorch's layout, Adam, clipping;
- ``growth``: logistic growth, its fit to census counts, the Hill equation;
- ``data``: the real data sets shipped with the package, with their sources;
- ``numerics``: exact floating-point thresholds;
- ``explore``: interactive figures for Jupyter and the static book;
- ``selfcheck``: ``check(problem, answer)`` for students;
- ``plotting``: the course's figure style.
"""

import importlib.metadata

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

__version__ = importlib.metadata.version("sigmoid-course")
"""The course's version: the package's and the book's (see CHANGELOG.md)."""

__all__ = [
    "__version__",
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
