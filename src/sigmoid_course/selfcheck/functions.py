"""Checking an answer that is a Python function: called on the problem's inputs and compared
with the reference. The only part of the engine that needs numpy, imported when it runs."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .problem import Problem
from .verdict import Verdict, clip, hint_of, safe_str


def check_function(spec: Problem, answer: Any) -> Verdict:
    """The verdict on a function answer: its results on every input, against the reference's."""
    if not callable(answer) or isinstance(answer, sp.Basic | type):
        return Verdict(
            False, f"Give a Python function here, like:\n\n```python\n{spec.example}\n```"
        )
    import numpy as np

    cases = spec.input_cases()
    for case in cases:
        # Inputs may be written as nested lists: each becomes a float array, and every call
        # gets its own copy, so that a function that writes into its arguments changes nothing.
        arguments = [np.array(a, dtype=float) if isinstance(a, list) else a for a in case]
        expected = spec.expected(*[np.copy(a) for a in arguments])
        try:
            result = answer(*[np.copy(a) for a in arguments])
            if result is ...:
                return Verdict(
                    False,
                    "No answer yet: replace `...` in your function with the "
                    "expression it should return.",
                )
            with np.errstate(all="ignore"):
                mine = np.asarray(result, dtype=float)
        except Exception as error:  # a student's function may fail in any way
            return Verdict(
                False,
                f"Your function raised {type(error).__name__}: {clip(safe_str(error))}."
                f"{hint_of(spec)}",
            )
        shapes = ", ".join(str(np.shape(a)) for a in arguments)
        if mine.shape != expected.shape:
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function returns shape "
                f"{mine.shape}; expected {expected.shape}.{hint_of(spec)}",
            )
        if not np.allclose(mine, expected, rtol=1e-7, atol=1e-12):
            with np.errstate(all="ignore"):
                difference = np.abs(mine - expected)
                worst = float(np.max(np.where(np.isnan(difference), np.inf, difference)))
            return Verdict(
                False,
                f"For inputs of shapes {shapes} your function is off by up to "
                f"{worst:.3g}.{hint_of(spec)}",
            )
    return Verdict(True, f"Your function agrees with the reference on {len(cases)} tests.")
