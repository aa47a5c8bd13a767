r"""Diagrams of the course's models, drawn with matplotlib in its colours: the LSTM cell."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyBboxPatch

from .plotting import COLORS


def draw_lstm_cell(ax: Axes) -> Axes:
    r"""Draw one step of the LSTM: its gates, the cell line and the hidden state.

    The drawing follows :func:`lstm_forward`: the four gates read :math:`x_t` and
    :math:`h_{t-1}`; the cell line carries :math:`c_{t-1}` to :math:`c_t` through one product
    with :math:`f_t` and one sum with :math:`i_t \odot g_t`; :math:`h_t = o_t \odot \tanh c_t`.
    σ boxes are blue, tanh boxes green (the course's colours).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> draw_lstm_cell(ax) is ax
    True
    >>> plt.close(fig)
    """
    blue, green, grey = COLORS["sigmoid"], COLORS["tanh"], COLORS["step"]
    arrow = {"arrowstyle": "-|>", "color": grey, "lw": 1.4, "shrinkA": 0, "shrinkB": 0}

    def line(points, head=True):
        for start, end in zip(points[:-1], points[1:], strict=False):
            last = end == points[-1]
            style = arrow if head and last else {**arrow, "arrowstyle": "-"}
            ax.annotate("", xy=end, xytext=start, arrowprops=style)

    def box(x, y, text, color, label):
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.42, y - 0.32), 0.84, 0.64, boxstyle="round,pad=0.02", fc=color, ec="none"
            )
        )
        ax.text(x, y, text, color="white", ha="center", va="center", fontsize=13)
        ax.text(x + 0.5, y + 0.62, label, ha="left", va="center", fontsize=13)

    def node(x, y, text):
        ax.add_patch(Circle((x, y), 0.27, fc="white", ec=grey, lw=1.4, zorder=3))
        ax.text(x, y, text, ha="center", va="center", fontsize=14, zorder=4)

    ax.add_patch(
        FancyBboxPatch((0.9, 0.55), 8.0, 5.0, boxstyle="round,pad=0.1", fc="#f4f6f9", ec="#c8d0da")
    )
    # The cell line, with its one product and one sum.
    line([(0.0, 5.0), (2.73, 5.0)], head=False)
    line([(3.27, 5.0), (4.73, 5.0)], head=False)
    line([(5.27, 5.0), (9.8, 5.0)])
    node(3.0, 5.0, "×")
    node(5.0, 5.0, "+")
    ax.text(0.0, 5.25, r"$c_{t-1}$", fontsize=14, va="bottom")
    ax.text(9.8, 5.25, r"$c_t$", fontsize=14, va="bottom", ha="right")
    # Inputs: h_{t-1} and x_t on one bus under the gates.
    line([(0.0, 1.0), (7.0, 1.0)], head=False)
    line([(1.6, 0.0), (1.6, 1.0)], head=False)
    ax.text(0.0, 1.2, r"$h_{t-1}$", fontsize=14, va="bottom")
    ax.text(1.75, 0.05, r"$x_t$", fontsize=14, va="bottom")
    gates = [
        (3.0, "σ", blue, "$f_t$"),
        (4.3, "σ", blue, "$i_t$"),
        (5.6, "tanh", green, "$g_t$"),
        (7.0, "σ", blue, "$o_t$"),
    ]
    for x, text, color, label in gates:
        line([(x, 1.0), (x, 2.28)])
        box(x, 2.6, text, color, label)
    line([(3.0, 2.92), (3.0, 4.73)])
    node(5.0, 3.9, "×")
    line([(4.3, 2.92), (4.3, 3.9), (4.73, 3.9)])
    line([(5.6, 2.92), (5.6, 3.9), (5.27, 3.9)])
    line([(5.0, 4.17), (5.0, 4.73)])
    # The output: h_t = o_t ⊙ tanh(c_t).
    line([(8.2, 5.0), (8.2, 4.22)])
    box(8.2, 3.9, "tanh", green, "")
    node(8.2, 2.6, "×")
    line([(8.2, 3.58), (8.2, 2.87)])
    line([(7.42, 2.6), (7.93, 2.6)])
    line([(8.2, 2.33), (8.2, 1.0), (9.8, 1.0)])
    ax.text(9.8, 1.2, r"$h_t$", fontsize=14, va="bottom", ha="right")
    ax.set(xlim=(-0.1, 10.0), ylim=(-0.1, 6.0), aspect="equal")
    ax.axis("off")
    return ax
