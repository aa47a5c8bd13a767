"""Figures share one size and style."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from sigmoid_course.plotting import MIN_FONT_PT, WIDTH, figure, table  # noqa: E402


def test_figure_has_the_requested_panels_in_the_course_style():
    fig, axes = figure(2, width=4, height=3)
    assert len(axes) == 2 and tuple(fig.get_size_inches()) == (4, 3)
    assert (
        not axes[0].spines["top"].get_visible() and axes[0].xaxis.get_gridlines()[0].get_visible()
    )
    plt.close(fig)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_bad_panel_counts_are_value_errors(bad):
    with pytest.raises(ValueError, match="ncols"):
        figure(bad)


@pytest.mark.parametrize(("width", "height"), [(WIDTH + 0.1, 3), (0, 3), (4, -1), ("4", 3)])
def test_too_wide_or_impossible_sizes_are_value_errors(width, height):
    with pytest.raises(ValueError, match="width|height"):
        figure(width=width, height=height)


def test_figure_text_is_never_smaller_than_the_minimum_when_drawn():
    """A chapter asking for small text still gets text a phone can read (see MIN_FONT_PT)."""
    fig, (ax,) = figure()
    ax.plot([0, 1], [0, 1], label="a curve")
    ax.legend(fontsize=6)
    ax.set_title("small", fontsize=5)
    ax.annotate("note", (0.5, 0.5), fontsize=4)
    ax.tick_params(axis="y", labelsize=5)
    fig.canvas.draw()
    sizes = [text.get_fontsize() for text in fig.findobj(Text) if text.get_text()]
    assert sizes and min(sizes) >= MIN_FONT_PT
    tick_sizes = [label.get_fontsize() for label in ax.get_xticklabels() + ax.get_yticklabels()]
    assert tick_sizes and min(tick_sizes) >= MIN_FONT_PT
    plt.close(fig)


def test_default_figure_text_reads_on_a_phone():
    """MIN_FONT_PT at 100 dpi, a WIDTH-inch figure shrunk to a 336 px phone column: ≥ 9 px."""
    assert MIN_FONT_PT * 100 / 72 * 336 / (WIDTH * 100) >= 9


def test_every_figure_shows_in_a_notebook_and_offers_a_pdf_for_print():
    # The first figure() of a kernel loads the inline backend; no later figure may get lost.
    # Each also offers a vector PDF, which the printed book (make pdf) prints.
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    make = "from sigmoid_course.plotting import figure\nfig, (ax,) = figure()\nax.plot([0, 1]);"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(make) for _ in range(3)])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    shown = [
        any(
            {"image/png", "application/pdf"} <= set(output.get("data", {}))
            for output in cell.outputs
        )
        for cell in notebook.cells
    ]
    assert shown == [True, True, True]


def test_long_titles_wrap_instead_of_widening_the_saved_figure():
    """Jupyter saves with a tight box: a title wider than the figure would shrink it on a phone."""
    fig, (ax,) = figure()
    ax.plot([0, 1], [0, 1])
    long = "a title much longer than the figure is wide, " * 3
    fig.suptitle(long)
    ax.set(title=long, xlabel=long, ylabel="short")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    width, _ = Image.open(buffer).size
    assert width <= WIDTH * 100 + 20
    plt.close(fig)


def test_a_table_shows_every_value_escaped_and_refuses_ragged_rows():
    shown = table(["link", "D"], [["a<b", 1.5], ["c", "2"]], caption="fits")
    html = shown._repr_html_()
    assert "a&lt;b" in html and "<caption>fits</caption>" in html and html.count("<tr>") == 3
    assert repr(shown).splitlines() == ["fits", "link    D", " a<b  1.5", "   c    2"]
    with pytest.raises(ValueError, match="row 2 must have 2 values"):
        table(["link", "D"], [["a", 1], ["b"]])
    with pytest.raises(ValueError, match="at least one column"):
        table([], [])
