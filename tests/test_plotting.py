"""Figures share one size and style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from sigmoid_course.plotting import figure  # noqa: E402


def test_figure_has_the_requested_panels_in_the_course_style():
    fig, axes = figure(2, width=8, height=3)
    assert len(axes) == 2 and tuple(fig.get_size_inches()) == (8, 3)
    assert (
        not axes[0].spines["top"].get_visible() and axes[0].xaxis.get_gridlines()[0].get_visible()
    )
    plt.close(fig)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_bad_panel_counts_are_value_errors(bad):
    with pytest.raises(ValueError, match="ncols"):
        figure(bad)
