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
- ``selfcheck``: ``check(problem, answer)`` for students (a package; needs no numpy);
- ``plotting``: the course's figure style.

The activations are imported on first use (PEP 562), so that importing
``sigmoid_course.selfcheck`` or ``sigmoid_course.symbolic`` does not import numpy: the book's
page runs the self-check where numpy is absent.
"""

import importlib
import importlib.metadata

__version__ = importlib.metadata.version("sigmoid-course")
"""The course's version: the package's and the book's (see CHANGELOG.md)."""

_ACTIVATIONS = (
    "log_sigmoid",
    "logit",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softplus",
    "tanh",
    "tanh_grad",
)

__all__ = ["__version__", *_ACTIVATIONS]


def __getattr__(name: str) -> object:
    if name in _ACTIVATIONS:
        value = getattr(importlib.import_module(".activations", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_ACTIVATIONS})
