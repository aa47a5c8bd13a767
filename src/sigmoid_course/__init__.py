"""Helpers for The Sigmoid, an interactive course on the logistic function.

The chapters call these functions; the tests check them. One module per idea, each importing
only modules listed above it (``tests/test_package.py`` checks the order):

- ``activations``: σ and its relatives, numerically stable (exported here);
- ``numerics``: exact floating-point thresholds;
- ``data``: the real data sets shipped with the package, with their sources;
- ``validation``: checks of the fitted models' arguments;
- ``gradcheck``: the finite-difference gradient every backward pass is checked with;
- ``optim``: Adam's step and gradient-norm clipping;
- ``recurrent``: what the LSTM and the RNN share (PyTorch's layout, the loop of BPTT);
- ``plotting``: the course's figure style; ``explore``: interactive figures;
- ``time_limit``: a time limit on a block of code;
- ``symbolic``: σ in sympy, and ``assert_identical`` for every derivation (a package);
- ``losses``: the logloss, the squared error and the expected losses of a probability;
- ``likelihood``: the logistic log-likelihood, its derivatives, and separable data;
- ``calibration``: reliability diagrams and the expected calibration error;
- ``growth``: logistic growth, its fit to census counts, the Hill equation;
- ``backprop``: backward passes by hand (a sigmoid layer, a dense layer, a chain of units);
- ``mlp``: deep multilayer perceptrons, forward and backward;
- ``lstm``, ``rnn``: the two recurrent cells, forward and backward through time;
- ``diagrams``: the LSTM cell drawn;
- ``solvers``: Newton's method and gradient descent for the logistic log-likelihood;
- ``glm``: binomial GLMs for dose–response counts: links, deviance, LD50 intervals;
- ``descent``: gradient descent on a linear unit, and why positive inputs zig-zag;
- ``training``: training an MLP with momentum and clipping;
- ``gradient_flow``: how much gradient reaches early layers and early steps;
- ``neuron``: logistic regression fitted as one neuron;
- ``recall``: the "recall the marked bit" task and a recurrent layer trained on it;
- ``selfcheck``: ``check(problem, answer)`` for students (a package; needs no numpy);
  ``answers``: each chapter's key.

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
