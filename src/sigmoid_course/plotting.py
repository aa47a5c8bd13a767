r"""One look for every figure in the course, legible on a phone.

Chapters draw with matplotlib directly, on figures made by :func:`figure`; this module fixes
what should be the same everywhere: the size, the colours of recurring curves, quiet axes, and
text large enough to read when the book shrinks a figure to a phone's width.

A figure drawn :data:`WIDTH` inches wide at ``dpi`` dots per inch is shown at most
``WIDTH * dpi`` CSS pixels wide, and a phone's text column (about 336 px at 390 px) scales it
down. Text of :data:`MIN_FONT_PT` points then stays above 9 CSS pixels:

.. math::

    \text{rendered px} = \text{pt} \cdot \frac{\text{dpi}}{72}
    \cdot \frac{\text{shown width}}{\text{drawn width}}
    = 11 \cdot \frac{100}{72} \cdot \frac{336}{480} \approx 10.7 .
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

COLORS = {
    "sigmoid": "#1f5fa8",
    "derivative": "#c0392b",
    "step": "#555555",
    "tanh": "#2e8b57",
    "relu": "#8e44ad",
    "accent": "#e67e22",
}
"""Colours of the curves that recur from chapter to chapter."""

WIDTH = 4.8
"""Default and widest figure width in inches: 480 px at 100 dpi, plus what a tight bounding
box adds for labels, narrow enough to survive a phone."""

MIN_FONT_PT = 11.0
"""Smallest text a course figure draws, in points; smaller requests are raised to it."""

_FONT_SIZES = {
    "font.size": 12.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 12.0,
    "figure.titlesize": 12.0,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
}


class CourseFigure(Figure):
    """A matplotlib Figure whose text is never smaller than :data:`MIN_FONT_PT` when drawn,
    and whose titles and axis labels wrap rather than widen it.

    A chapter may still ask for ``fontsize=8`` somewhere; the figure raises it when it is drawn,
    so that every figure of every chapter reads on a phone. A title longer than the figure is
    wide would make the saved image wider (Jupyter saves with a tight bounding box), and the
    phone would shrink all of its text; wrapped onto a second line, it keeps the width.
    """

    def draw(self, renderer) -> None:
        for text in self.findobj(Text):
            if text.get_text() and text.get_fontsize() < MIN_FONT_PT:
                text.set_fontsize(MIN_FONT_PT)
        for text in self._headings():
            text.set_wrap(True)
        super().draw(renderer)

    def _headings(self) -> list[Text]:
        headings = [*self.texts]
        if self._suptitle is not None:
            headings.append(self._suptitle)
        for ax in self.axes:
            headings += [ax.title, ax._left_title, ax._right_title]
            headings += [ax.xaxis.label, ax.yaxis.label]
        return headings


def figure(
    ncols: int = 1,
    *,
    nrows: int = 1,
    width: float = WIDTH,
    height: float = 3.4,
    layout: str | None = "constrained",
    sharex: bool = False,
    sharey: bool = False,
) -> tuple[Figure, np.ndarray]:
    r"""A new figure with ``nrows`` × ``ncols`` axes in the course style.

    Parameters
    ----------
    ncols, nrows : int
        Number of panels side by side, and stacked. On a phone, stacked panels read better
        than side-by-side ones.
    width, height : float
        Figure size in inches. The default width, :data:`WIDTH`, is also the widest: a wider
        figure is shrunk further on a phone, and its text with it.
    layout : {"constrained", None}
        ``None`` leaves the layout to ``fig.subplots_adjust``: an explorer that draws dozens
        of frames draws them several times faster without constrained layout.
    sharex, sharey : bool
        Share the x or y axis between panels, as in :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    (Figure, ndarray of Axes)
        A one-dimensional array of the panels when there is one row or one column (always,
        even for a single panel), otherwise an ``nrows × ncols`` array. The figure is a
        :class:`CourseFigure`: its text is at least :data:`MIN_FONT_PT` points.

    Examples
    --------
    >>> fig, (ax,) = figure()
    >>> ax.legend(fontsize=6) is not None  # drawn at MIN_FONT_PT all the same
    True
    >>> fig, (top, bottom) = figure(nrows=2, height=6.0)
    """
    for name, count in (("ncols", ncols), ("nrows", nrows)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ValueError(f"{name} must be a positive integer, got {count!r}")
    for name, inches in (("width", width), ("height", height)):
        if isinstance(inches, bool) or not isinstance(inches, (int, float)) or not inches > 0:
            raise ValueError(f"{name} must be a positive number of inches, got {inches!r}")
    if width > WIDTH:
        raise ValueError(
            f"width must be at most WIDTH = {WIDTH} inches, so that the figure's text reads on a "
            f"phone; got {width!r}. Stack panels with nrows instead of widening the figure."
        )
    if layout not in ("constrained", None):
        raise ValueError(f"layout must be 'constrained' or None, got {layout!r}")
    # The figure is made outside the context: making the first one loads the backend, which
    # may set rcParams (Jupyter's inline backend turns on interactive mode, without which it
    # shows no later figure), and the context would undo that on leaving.
    fig = plt.figure(figsize=(width, height), layout=layout, FigureClass=CourseFigure)
    # Tick labels, titles and legends read these sizes when they are created, which happens
    # both inside this context and later in the chapter's code; the context covers the first,
    # CourseFigure.draw the second.
    with plt.rc_context(_FONT_SIZES):
        axes = fig.subplots(nrows, ncols, squeeze=False, sharex=sharex, sharey=sharey)
        for ax in axes.flat:
            style(ax)
    return fig, axes.ravel() if min(nrows, ncols) == 1 else axes


def style(ax: Axes) -> Axes:
    """Light grid, no top or right spine: the data, not the box, carries the figure."""
    ax.grid(True, alpha=0.3, linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
