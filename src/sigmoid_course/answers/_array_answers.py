"""The problem set's two answers that are Python functions: the arrays they are called on,
the reference functions (the package's own backward passes) and the key's sample answers.

numpy is imported inside the functions, so that the key imports without it (the book's page
has none; there these problems have no answer box).
"""

from __future__ import annotations

import math
import random


def random_arrays(*shapes: tuple[int, ...], seed: int) -> tuple[list, ...]:
    """Standard normal arrays of the given shapes, as nested lists (arrays when compared)."""
    rng = random.Random(seed)

    def filled(shape: tuple[int, ...]) -> list | float:
        if not shape:
            return rng.gauss(0, 1)
        return [filled(shape[1:]) for _ in range(shape[0])]

    return tuple(filled(shape) for shape in shapes)


def squashed(values: list | float, gain: float) -> list | float:
    if isinstance(values, list):
        return [squashed(v, gain) for v in values]
    return 1 / (1 + math.exp(-gain * values))


def backward_inputs() -> tuple[tuple[list, list], ...]:
    cases = []
    for seed, shape in enumerate([(5,), (4, 3), (2, 3, 2)]):
        h, grad = random_arrays(shape, shape, seed=seed)
        cases.append((squashed(h, 3), grad))
    return tuple(cases)


def weight_gradient_inputs() -> tuple[tuple[list, list], ...]:
    cases = []
    for seed, (m_out, m_in) in enumerate([(1, 2), (3, 4), (2, 5)]):
        delta, h = random_arrays((m_out,), (m_in,), seed=seed)
        cases.append((delta, squashed(h, 1)))
    return tuple(cases)


def sigmoid_backward(a, grad_a):
    from ..backprop import sigmoid_backward

    return sigmoid_backward(a, grad_a)


def dense_weight_gradient(delta, a):
    from ..backprop import dense_weight_gradient

    return dense_weight_gradient(delta, a)


def multiplied(a, g):
    import numpy as np

    return np.multiply(g, a * (1 - a))


def outer(d, a):
    import numpy as np

    return np.outer(d, a)


def einsum(d, a):
    import numpy as np

    return np.einsum("i,j->ij", d, a)


def outer_swapped(d, a):
    import numpy as np

    return np.outer(a, d)
