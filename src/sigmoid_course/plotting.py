r"""One look for every figure and table of results in the course, legible on a phone.

Chapters draw with matplotlib directly, on figures made by :func:`figure`; this module fixes
what should be the same everywhere: the size, the colours of recurring curves, quiet axes, and
text large enough to read when the book shrinks a figure to a phone's width. Tables of
results are HTML tables made by :func:`table`, whose numbers do not wrap on a phone.

A figure drawn :data:`WIDTH` inches wide at ``dpi`` dots per inch is shown at most
``WIDTH * dpi`` CSS pixels wide, and a phone's text column (about 336 px at 390 px) scales it
down. Text of :data:`MIN_FONT_PT` points then stays above 9 CSS pixels:

.. math::

    \text{rendered px} = \text{pt} \cdot \frac{\text{dpi}}{72}
    \cdot \frac{\text{shown width}}{\text{drawn width}}
    = 11 \cdot \frac{100}{72} \cdot \frac{336}{480} \approx 10.7 .
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from html import escape

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
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
        for text in _texts(self):
            if text.get_text() and text.get_fontsize() < MIN_FONT_PT:
                text.set_fontsize(MIN_FONT_PT)
        for ax in self.axes:
            for axis in (ax.xaxis, ax.yaxis):
                # Tick labels are made as the axis is drawn, with the axis's tick settings.
                if axis._major_tick_kw.get("labelsize", MIN_FONT_PT) < MIN_FONT_PT:
                    axis.set_tick_params(which="both", labelsize=MIN_FONT_PT)
        for text in self._headings():
            text.set_wrap(True)
        super().draw(renderer)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        """The figure as a vector PDF, next to the PNG that Jupyter's inline backend adds.

        The printed book (`make pdf`) prints the PDF; the HTML book and JupyterLab show the
        PNG. The bounding box is tight, as for the PNG.
        """
        vector = io.BytesIO()
        self.savefig(vector, format="pdf", bbox_inches="tight")
        return {"application/pdf": base64.b64encode(vector.getvalue()).decode("ascii")}

    def _headings(self) -> list[Text]:
        headings = [*self.texts]
        if self._suptitle is not None:
            headings.append(self._suptitle)
        for ax in self.axes:
            headings += [ax.title, ax._left_title, ax._right_title]
            headings += [ax.xaxis.label, ax.yaxis.label]
        return headings


def _texts(artist: Artist) -> Iterator[Text]:
    """Every Text under ``artist``, without making an axis's ticks: ``Figure.findobj`` asks
    each axis for its ticks, which places and creates them, a fifth of the time to draw a
    simple figure; the ticks' labels are sized by the axis's settings instead (see
    :meth:`CourseFigure.draw`)."""
    for child in artist.get_children():
        if isinstance(child, Axis):
            yield from (child.label, child.offsetText)
            continue
        if isinstance(child, Text):
            yield child
        yield from _texts(child)


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


class Table:
    """A table of results that Jupyter and the book show as HTML, and a console as text."""

    def __init__(self, header: list[str], rows: list[list[str]], caption: str = ""):
        self.header, self.rows, self.caption = header, rows, caption

    def _repr_html_(self) -> str:
        # Numbers keep their digits on one line on a phone; the first column (names) and the
        # column titles may wrap, so that a table is as narrow as its numbers allow.
        title = "padding: 0.1em 0.5em; text-align: right; vertical-align: bottom"
        cell = "padding: 0.1em 0.5em; text-align: right; white-space: nowrap"
        first = "padding: 0.1em 0.5em; text-align: left"
        head = "".join(
            f'<th style="{first + "; vertical-align: bottom" if i == 0 else title}">'
            f"{escape(v)}</th>"
            for i, v in enumerate(self.header)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td style="{first if i == 0 else cell}">{escape(v)}</td>'
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        widths = [
            max(len(str(c)) for c in column) for column in zip(self.header, *self.rows, strict=True)
        ]
        for row in (self.header, *self.rows):
            lines.append("  ".join(f"{v:>{w}}" for v, w in zip(row, widths, strict=True)))
        return "\n".join(lines)


def table(header: list[str], rows: list[list[object]], caption: str = "") -> Table:
    r"""A table of results, shown as an HTML table in Jupyter and in the book.

    Printed columns of numbers wrap row by row on a phone; an HTML table keeps each number on
    one line and scrolls sideways, with a cue, when it is wider than the screen.

    Parameters
    ----------
    header : list of str
        Column titles; the first column usually names the rows.
    rows : list of lists
        One list per row, as long as ``header``; values are shown with ``str``, so format
        numbers first (``f"{x:.3g}"``).
    caption : str
        A line above the table.

    Returns
    -------
    Table
        An object that Jupyter displays as HTML.

    Examples
    --------
    >>> table(["link", "deviance"], [["logit", "11.23"], ["probit", "10.12"]])
      link  deviance
     logit     11.23
    probit     10.12
    """
    header = [str(v) for v in header]
    if not header:
        raise ValueError("header must name at least one column")
    shown = []
    for number, row in enumerate(rows, start=1):
        if isinstance(row, str) or len(row) != len(header):
            raise ValueError(
                f"row {number} must have {len(header)} values, one per column of the header "
                f"{header}; got {row!r}"
            )
        shown.append([str(v) for v in row])
    return Table(header, shown, str(caption))
