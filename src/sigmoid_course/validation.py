"""Checks of the arguments the fitted models take, with errors that say what was expected."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _check_number(value: object, name: str, *, low: float, strict: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value) or value < low or (strict and value == low):
        relation = ">" if strict else "≥"
        raise ValueError(f"{name} must be a finite number {relation} {low:g}, got {value}")


def _real_array(values: object, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    array = array.astype(float, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite: it contains NaN or infinity")
    return array


def _design(X: object, name: str) -> np.ndarray:
    X = _real_array(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D, of shape (n_samples, n_features), got {X.ndim}-D; "
            "for one feature use x[:, None]"
        )
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got {X.shape}")
    return X


def _binary_labels(
    y: object, n: int, allow_one_class: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    raw = np.asarray(y)
    if raw.dtype.kind == "b":
        classes = np.array([False, True])
    elif raw.dtype.kind in "iuf":
        classes = None
    else:
        raise TypeError(f"y must be labels in {{0, 1}}, {{-1, +1}} or bool, got dtype {raw.dtype}")
    if raw.ndim != 1 or raw.shape[0] != n:
        raise ValueError(f"y must be 1-D with one label per row of X ({n}), got shape {raw.shape}")
    labels = _real_array(raw, "y")
    values = set(np.unique(labels).tolist())
    if classes is None:
        if values <= {0.0, 1.0}:
            classes = np.array([0, 1])
        elif values <= {-1.0, 1.0}:
            classes = np.array([-1, 1])
        else:
            shown = sorted(values)[:5]
            raise ValueError(f"y must be labels in {{0, 1}}, {{-1, +1}} or bool, got {shown}")
    if len(values) < 2 and not allow_one_class:
        raise ValueError("y contains only one class: a classifier needs examples of both")
    return (labels > 0).astype(float), classes


def _sample_weights(sample_weight: object, n: int) -> np.ndarray:
    if sample_weight is None:
        return np.ones(n)
    weights = _real_array(sample_weight, "sample_weight")
    if weights.shape != (n,):
        raise ValueError(
            f"sample_weight must be 1-D with one weight per row of X ({n}), got shape "
            f"{weights.shape}"
        )
    if np.any(weights < 0) or not np.any(weights > 0):
        raise ValueError("sample_weight must be non-negative, with at least one positive")
    return weights


def _is_real(x: object) -> bool:
    try:
        kind = np.asarray(x).dtype.kind
    except (TypeError, ValueError):
        return False
    return kind in "biuf"


def _finite_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    if not _is_real(x):
        raise ValueError(f"{name} must be real numbers, got {x!r}")
    values = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite, got {values.tolist()}")
    return values


def _finite(x: float, name: str) -> float:
    if not _is_real(x) or np.ndim(x) != 0 or not np.isfinite(x):
        raise ValueError(f"{name} must be a finite real number, got {x!r}")
    return float(x)


def _positive(x: float, name: str) -> float:
    value = _finite(x, name)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {x!r}")
    return value
