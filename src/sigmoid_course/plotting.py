"""One look for every figure in the course.

Chapters draw with matplotlib directly; these helpers only fix what should be the same
everywhere: the size, the colours of recurring curves, and quiet axes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

COLORS = {
    "sigmoid": "#1f5fa8",
    "derivative": "#c0392b",
    "step": "#555555",
    "tanh": "#2e8b57",
    "relu": "#8e44ad",
    "accent": "#e67e22",
}
"""Colours of the curves that recur from chapter to chapter."""


def figure(ncols: int = 1, *, width: float = 7.0, height: float = 3.4) -> tuple[Figure, np.ndarray]:
    """A new figure with ``ncols`` side-by-side axes in the course style.

    Parameters
    ----------
    ncols : int
        Number of panels.
    width, height : float
        Figure size in inches; 7 inches fill the book's text column.

    Returns
    -------
    (Figure, ndarray of Axes)
        The axes array always has ``ncols`` entries, even for one panel.
    """
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained", squeeze=False)
    for ax in axes.flat:
        style(ax)
    return fig, axes[0]


def style(ax: Axes) -> Axes:
    """Light grid, no top or right spine: the data, not the box, carries the figure."""
    ax.grid(True, alpha=0.3, linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
