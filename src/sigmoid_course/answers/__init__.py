"""The chapters' answer keys, one module per chapter.

Importing this package registers every key with :mod:`sigmoid_course.selfcheck`; the engine
imports it (and so every chapter) only when a problem is looked up. A new chapter adds its
module here and to the import list below.
"""

from . import logistic_regression, lstm_gates, nature, sigmoid_problems, vanishing_gradients

__all__ = ["logistic_regression", "lstm_gates", "nature", "sigmoid_problems", "vanishing_gradients"]
