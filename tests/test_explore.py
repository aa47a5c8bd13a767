"""Explorers draw every frame once, fail early with clear messages, and offer both forms."""

from __future__ import annotations

import base64
import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sigmoid_course.explore import MAX_FRAMES, explore  # noqa: E402


def draw_line(slope, intercept=0.0):
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(-1, 1, 50)
    ax.plot(x, slope * x + intercept)
    ax.set_ylim(-3, 3)
    return fig


def draw_ignoring(slope, colour):
    # colour deliberately unused: every frame for one slope is the same picture.
    return draw_line(slope)


@pytest.fixture(scope="module")
def line():
    return explore(draw_line, {"slope": [0.5, 1.0, 2.0]}, alt="a line of varying slope")


def test_each_value_gets_its_own_png_frame(line):
    assert line.shape == (3,)
    assert len(line.frames) == 3 and line.order == (0, 1, 2)
    assert all(frame.startswith(b"\x89PNG") for frame in line.frames)
    assert line.frame(slope=2.0) == line.frames[2]


def test_identical_frames_are_stored_once():
    explorer = explore(
        draw_ignoring, {"slope": [1, 2], "colour": ["red", "blue", "green"]}, alt="x"
    )
    assert explorer.shape == (2, 3)
    assert len(explorer.frames) == 2
    assert explorer.order == (0, 0, 0, 1, 1, 1)


def test_no_figures_are_left_open(line):
    before = plt.get_fignums()
    explore(draw_line, {"slope": [1, 2]}, alt="x")
    assert plt.get_fignums() == before


def test_frames_are_small_enough_for_a_page(line):
    assert max(len(f) for f in line.frames) < 40_000


def test_html_form_carries_every_distinct_frame_once(line):
    page = line.to_html()
    data = json.loads(re.search(r'class="sigmoid-explorer-data">(.*?)</script>', page).group(1))
    first = re.search(r'<img src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(first) == line.frames[0]
    assert data["frames"][0] is None  # served by the img itself, not twice
    assert [base64.b64decode(f) for f in data["frames"][1:]] == list(line.frames[1:])
    assert data["labels"] == [["0.5", "1", "2"]]
    assert page.count('type="range"') == 1
    assert 'alt="a line of varying slope (slope = 0.5)"' in page
    assert data["alts"] == [f"a line of varying slope (slope = {v})" for v in ("0.5", "1", "2")]
    assert 'aria-valuetext="0.5"' in page


def test_bundle_offers_the_live_widget_and_the_static_page(line):
    bundle = line._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == line.to_html()
    assert "3 distinct frames" in bundle["text/plain"]
    # The printed book's form: the default frame, drawn as a vector PDF.
    assert base64.b64decode(bundle["application/pdf"]) == line.default_pdf
    assert line.default_pdf.startswith(b"%PDF") and b"/Subtype /Image" not in line.default_pdf


def test_live_widget_shows_the_frame_of_the_chosen_value(line):
    box = line.widget()
    slider, image = box.children
    assert image.value == line.frames[0]
    slider.value = 2
    assert image.value == line.frame(slope=2.0)


def test_multi_parameter_frame_lookup_matches_drawing():
    explorer = explore(draw_line, {"slope": [1, 2], "intercept": [-1.0, 1.0]}, alt="x")
    assert len(explorer.frames) == 4
    assert explorer.frame(slope=2, intercept=-1.0) == explorer.frames[explorer.order[2]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "at least one parameter"),
        ({"slope": []}, "parameter 'slope' has no values"),
        ({"slope": [1], "gradient": [1]}, "parameter 'gradient' is not an argument"),
        ({"slope": "123"}, "parameter 'slope' needs a list of values"),
        ({"slope": [1, 1]}, "parameter 'slope' has repeated values"),
        ({"intercept": [0.0]}, r"argument\(s\) \['slope'\]"),
        ({"slope": list(range(MAX_FRAMES + 1))}, "more than"),
    ],
)
def test_bad_specs_are_value_errors_naming_the_parameter(params, message):
    with pytest.raises(ValueError, match=message):
        explore(draw_line, params, alt="x")


def test_a_drawing_that_raises_names_the_values():
    def draw(k):
        raise ZeroDivisionError("boom")

    with pytest.raises(ValueError, match=r"draw\(k=3\) raised ZeroDivisionError: boom"):
        explore(draw, {"k": [3]}, alt="x")


def test_a_drawing_that_returns_no_figure_is_a_type_error():
    with pytest.raises(TypeError, match="must return a matplotlib Figure"):
        explore(lambda k: None, {"k": [1]}, alt="x")


def test_alt_text_is_required():
    with pytest.raises(ValueError, match="alt"):
        explore(draw_line, {"slope": [1]}, alt=" ")


def test_each_frame_has_its_own_text_alternative():
    params = {"slope": [1, 2.5], "intercept": [0, 1]}
    templated = explore(draw_line, params, alt="slope {slope}, intercept {intercept}; {{x}}")
    assert templated.alts == (
        "slope 1, intercept 0; {x}",
        "slope 1, intercept 1; {x}",
        "slope 2.5, intercept 0; {x}",
        "slope 2.5, intercept 1; {x}",
    )
    computed = explore(
        draw_line, params, alt=lambda slope, intercept: f"rises {slope} per unit from {intercept}"
    )
    assert computed.alts[3] == "rises 2.5 per unit from 1"
    assert 'alt="rises 1 per unit from 0"' in computed.to_html()
    fixed = explore(draw_line, params, alt="a line", labels={"intercept": "b₀"})
    assert fixed.alts[1] == "a line (slope = 1, b₀ = 1)"


@pytest.mark.parametrize(
    ("alt", "message"),
    [
        ("slope {gradient}", r"alt names \['gradient'\], which are not parameters"),
        ("a set {of", "not a valid template"),
        (lambda slope: "", r"alt\(slope=1\) must return text"),
        (42, "alt must describe the figure"),
    ],
)
def test_a_bad_alt_is_a_value_error(alt, message):
    with pytest.raises(ValueError, match=message):
        explore(draw_line, {"slope": [1]}, alt=alt)


def test_sliders_carry_the_labels_the_text_uses():
    shown = explore(
        draw_line, {"slope": [1, 2], "intercept": [0, 1]}, alt="x", labels={"intercept": "b₀"}
    )
    page = shown.to_html()
    assert ">b₀</span>" in page and 'data-param="intercept"' in page and ">slope</span>" in page
    assert [s.description for s in shown.widget().children[:2]] == ["slope", "b₀"]
    with pytest.raises(ValueError, match="'offset', which is not a parameter"):
        explore(draw_line, {"slope": [1]}, alt="x", labels={"offset": "c"})
    with pytest.raises(ValueError, match="non-empty string"):
        explore(draw_line, {"slope": [1]}, alt="x", labels={"slope": ""})
