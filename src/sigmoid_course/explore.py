"""Interactive figures that work in Jupyter and in the static book alike.

A chapter declares an explorer once: a function that draws a matplotlib figure from a few
named parameters, and the values each parameter may take::

    def draw(k):
        fig, ax = plt.subplots()
        ax.plot(t, sigmoid(k * t))
        return fig

    explore(draw, {"k": [1, 10, 100, 1000]}, alt="σ(kt) for k = {k}: ...")

Every combination of values is drawn once, when the explorer is made, into a small PNG frame
(identical frames are stored once). Displaying the explorer offers two forms of one output:

- ``application/vnd.jupyter.widget-view+json``: ipywidgets sliders over the frames, for a live
  kernel in JupyterLab;
- ``text/html``: the same sliders as plain HTML with a few lines of JavaScript, for the built
  book, which has no kernel. ``_config.yml`` tells the book to prefer this form;
- ``application/pdf``: the default frame (every parameter at its first value) as a vector
  figure, for the printed book (`make pdf`), which cannot move a slider.

Each frame has its own text alternative (``alt``: a template of the parameters, or a function
of them), which the page shows with the frame, and each slider tells a screen reader its value.

Drawing every frame up front costs a second or two per explorer, and buys a figure that moves in
a static page, errors that appear where the explorer is declared, and one set of pictures for
both worlds.
"""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import io
import itertools
import json
import math
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

MAX_FRAMES = 60
"""Most frames one explorer may draw: each costs drawing time and page weight."""

FRAME_DPI = 100
"""Resolution of the frames: a 7-inch figure becomes 700 px, the width of the book's column."""

_SCRIPT = """
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector("script.sigmoid-explorer-data").textContent);
  var image = root.querySelector("img");
  var sliders = root.querySelectorAll("input[type=range]");
  var first = image.src;
  function update() {
    var index = 0;
    sliders.forEach(function (slider, i) {
      var position = parseInt(slider.value, 10);
      index += position * data.strides[i];
      slider.nextElementSibling.textContent = data.labels[i][position];
      slider.setAttribute("aria-valuetext", data.labels[i][position]);
    });
    var frame = data.frames[data.order[index]];
    image.src = frame === null ? first : "data:image/png;base64," + frame;
    image.alt = data.alts[index];
  }
  sliders.forEach(function (slider) { slider.addEventListener("input", update); });
})();
"""

_STYLE = (
    "display:grid;grid-template-columns:max-content minmax(8em,24em) max-content;"
    "gap:0.3em 0.8em;align-items:center;margin:0.4em 0 1em 0;font-family:sans-serif"
)


class Explorer:
    """A figure with one slider per parameter; see :func:`explore`.

    Attributes
    ----------
    params : dict of str to tuple
        Each parameter's values, in slider order.
    alt : str or callable
        The text alternative as given: a template or a function of the parameters.
    alts : tuple of str
        For each combination of values (first parameter slowest), the text alternative of its
        frame.
    frames : tuple of bytes
        The distinct PNG frames.
    order : tuple of int
        For each combination of values (first parameter slowest), the index of its frame.
    default_pdf : bytes
        The default frame (every parameter at its first value) as a PDF, for print.
    """

    def __init__(
        self,
        draw: Callable[..., Figure],
        params: Mapping[str, Sequence[Any]],
        *,
        alt: str | Callable[..., str],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        if not callable(draw):
            raise TypeError(
                f"draw must be a function returning a Figure, got {type(draw).__name__}"
            )
        if not isinstance(params, Mapping):
            raise TypeError(
                f"params must be a dict of parameter name to values, got {type(params).__name__}"
            )
        self.params = _checked_params(draw, params)
        self.labels = _checked_labels(labels or {}, self.params)
        self.alt = alt
        self.alts = _frame_alts(alt, self.params, self.labels)
        self.frames, self.order, self.default_pdf = _draw_frames(draw, self.params)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of values of each parameter."""
        return tuple(len(values) for values in self.params.values())

    def frame(self, **values: Any) -> bytes:
        """The PNG frame drawn for one value of every parameter."""
        positions = []
        for name, options in self.params.items():
            if name not in values:
                raise ValueError(f"frame needs a value for parameter {name!r}")
            if values[name] not in options:
                raise ValueError(
                    f"{values[name]!r} is not one of the values of {name!r}: {options}"
                )
            positions.append(options.index(values[name]))
        return self.frames[self.order[_flat_index(positions, self.shape)]]

    def to_html(self) -> str:
        """Self-contained HTML: the first frame, one range slider per parameter, a small script."""
        encoded = [base64.b64encode(f).decode("ascii") for f in self.frames]
        first = encoded[self.order[0]]
        data = {
            # The first frame is already the image's src; the script reuses it from there.
            "frames": [None if i == self.order[0] else f for i, f in enumerate(encoded)],
            "order": list(self.order),
            "strides": _strides(self.shape),
            "labels": [[_label(v) for v in values] for values in self.params.values()],
            "alts": list(self.alts),
        }
        # "</" inside the JSON would end the script element early.
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        width, height = Image.open(io.BytesIO(self.frames[0])).size
        controls = "".join(
            f'<span style="font-weight:600">{html.escape(self.labels[name])}</span>'
            f'<input type="range" min="0" max="{len(values) - 1}" step="1" value="0" '
            f'aria-label="{html.escape(self.labels[name])}" '
            f'aria-valuetext="{html.escape(_label(values[0]))}" data-param="{html.escape(name)}">'
            # The slider itself tells a screen reader its value; the output would repeat it.
            f'<output aria-hidden="true">{html.escape(_label(values[0]))}</output>'
            for name, values in self.params.items()
        )
        return (
            '<div class="sigmoid-explorer">'
            f'<img src="data:image/png;base64,{first}" '
            f'alt="{html.escape(self.alts[0])}" width="{width}" height="{height}" '
            'style="max-width:100%;height:auto">'
            f'<div class="sigmoid-explorer-controls" style="{_STYLE}">{controls}</div>'
            '<script type="application/json" class="sigmoid-explorer-data">'
            f"{payload}</script>"
            f"<script>{_SCRIPT}</script></div>"
        )

    def widget(self):
        """Live ipywidgets sliders over the same frames, for a running kernel."""
        import ipywidgets as widgets

        image = widgets.Image(value=self.frames[self.order[0]], format="png")
        sliders = [
            widgets.SelectionSlider(
                options=[(_label(v), i) for i, v in enumerate(values)],
                value=0,
                description=self.labels[name],
                continuous_update=True,
            )
            for name, values in self.params.items()
        ]

        def show(_change: object) -> None:
            positions = [slider.value for slider in sliders]
            image.value = self.frames[self.order[_flat_index(positions, self.shape)]]

        for slider in sliders:
            slider.observe(show, names="value")
        return widgets.VBox([*sliders, image])

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        bundle = dict(self.widget()._repr_mimebundle_() or {})
        bundle["text/html"] = self.to_html()
        bundle["application/pdf"] = base64.b64encode(self.default_pdf).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}: {len(values)} values" for name, values in self.params.items())
        return f"<Explorer of {self.alts[0]!r} ({sizes}; {len(self.frames)} distinct frames)>"


def explore(
    draw: Callable[..., Figure],
    params: Mapping[str, Sequence[Any]],
    *,
    alt: str | Callable[..., str],
    labels: Mapping[str, str] | None = None,
) -> Explorer:
    """Declare an interactive figure: one slider per parameter over the values given.

    Parameters
    ----------
    draw : callable
        ``draw(**values) -> matplotlib.figure.Figure``; called once for every combination of
        values. The figure is closed after it is rendered.
    params : dict of str to sequence
        Each parameter's name (an argument of ``draw``) and the values its slider steps
        through. At most :data:`MAX_FRAMES` combinations in all.
    alt : str or callable
        Text alternative of each frame: what it plots against what, and what it shows for the
        values chosen. Either a template whose fields are parameter names, filled in with each
        value as its slider shows it (``"σ(kt) for k = {k}"``; literal braces doubled), or
        ``alt(**values) -> str``. A template without fields describes every frame alike; the
        frame's values are then added to it: ``"σ(kt) and H(t) (k = 10)"``.
    labels : dict of str to str, optional
        What a slider is called on the page, for parameters whose argument name is not how the
        text writes them: ``{"tau0": "τ₀"}``. Unlisted parameters are shown by name.

    Returns
    -------
    Explorer
        Displays as live sliders in Jupyter and as an HTML slider in the book.

    Raises
    ------
    ValueError
        If a parameter is not an argument of ``draw``, has no values or repeated values, an
        argument of ``draw`` is given no values, there are too many combinations, or ``draw``
        raises; the message names the parameter. If ``alt`` is empty, names a field that is not
        a parameter, or (as a function) returns anything but non-empty text.
    TypeError
        If ``draw`` is not callable or does not return a Figure.
    """
    return Explorer(draw, params, alt=alt, labels=labels)


def _checked_labels(
    labels: Mapping[str, str], params: Mapping[str, tuple[Any, ...]]
) -> dict[str, str]:
    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must be a dict of parameter name to label, got {labels!r}")
    for name, label in labels.items():
        if name not in params:
            raise ValueError(f"labels names {name!r}, which is not a parameter: {list(params)}")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"the label of {name!r} must be a non-empty string, got {label!r}")
    return {name: labels.get(name, name) for name in params}


def _frame_alts(
    alt: str | Callable[..., str],
    params: Mapping[str, tuple[Any, ...]],
    labels: Mapping[str, str],
) -> tuple[str, ...]:
    combinations = [
        dict(zip(params, combination, strict=True))
        for combination in itertools.product(*params.values())
    ]
    if callable(alt):
        texts = []
        for values in combinations:
            text = alt(**values)
            if not isinstance(text, str) or not text.strip():
                where = ", ".join(f"{name}={value!r}" for name, value in values.items())
                raise ValueError(
                    f"alt({where}) must return text describing the frame, got {text!r}"
                )
            texts.append(text)
        return tuple(texts)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(
            "alt must describe the figure for readers who cannot see it: text, or a function "
            "of the parameters returning text"
        )
    try:
        fields = {field for _, field, _, _ in string.Formatter().parse(alt) if field is not None}
    except ValueError as error:
        raise ValueError(f"alt is not a valid template ({error}); double literal braces") from None
    unknown = sorted(fields - set(params))
    if unknown:
        raise ValueError(
            f"alt names {unknown}, which are not parameters {list(params)} "
            "(write a literal brace as {{ or }})"
        )
    if fields:
        return tuple(
            alt.format(**{name: _label(value) for name, value in values.items()})
            for values in combinations
        )
    return tuple(
        f"{alt.rstrip()} ("
        + ", ".join(f"{labels[name]} = {_label(value)}" for name, value in values.items())
        + ")"
        for values in combinations
    )


def _checked_params(
    draw: Callable[..., Figure], params: Mapping[str, Sequence[Any]]
) -> dict[str, tuple[Any, ...]]:
    if not params:
        raise ValueError("an explorer needs at least one parameter with values")
    signature = inspect.signature(draw)
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    checked = {}
    for name, values in params.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"parameter names must be identifiers, got {name!r}")
        if not accepts_any and name not in signature.parameters:
            raise ValueError(f"parameter {name!r} is not an argument of {draw.__name__}{signature}")
        if isinstance(values, str) or not isinstance(values, Sequence | range):
            raise ValueError(
                f"parameter {name!r} needs a list of values, got {type(values).__name__}"
            )
        if len(values) == 0:
            raise ValueError(f"parameter {name!r} has no values")
        if len(set(map(_label, values))) != len(values):
            raise ValueError(f"parameter {name!r} has repeated values: {list(values)}")
        checked[name] = tuple(values)
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.default is p.empty
        and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        and p.name not in checked
    ]
    if missing:
        raise ValueError(f"argument(s) {missing} of {draw.__name__} have no values to explore")
    count = math.prod(len(v) for v in checked.values())
    if count > MAX_FRAMES:
        raise ValueError(
            f"{count} combinations of {list(checked)} is more than {MAX_FRAMES} frames; "
            "give the parameters fewer values"
        )
    return checked


def _draw_frames(
    draw: Callable[..., Figure], params: dict[str, tuple[Any, ...]]
) -> tuple[tuple[bytes, ...], tuple[int, ...], bytes]:
    frames: list[bytes] = []
    seen: dict[str, int] = {}
    order = []
    vector = io.BytesIO()
    for combination in itertools.product(*params.values()):
        values = dict(zip(params, combination, strict=True))
        png = _render(draw, values, vector if not order else None)
        digest = hashlib.sha256(png).hexdigest()
        if digest not in seen:
            seen[digest] = len(frames)
            frames.append(png)
        order.append(seen[digest])
    return tuple(frames), tuple(order), vector.getvalue()


def _render(draw: Callable[..., Figure], values: dict[str, Any], pdf: io.BytesIO | None) -> bytes:
    """The frame drawn for ``values``, as PNG; written also as PDF into ``pdf`` if given."""
    where = ", ".join(f"{name}={value!r}" for name, value in values.items())
    try:
        figure = draw(**values)
    except Exception as error:
        raise ValueError(
            f"{draw.__name__}({where}) raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(figure, Figure):
        raise TypeError(
            f"{draw.__name__}({where}) must return a matplotlib Figure, got {type(figure).__name__}"
        )
    # A fixed canvas (no tight bounding box) keeps every frame the same size, so the page does
    # not jump as the slider moves. The pixels go straight from the renderer to PIL: a PNG in
    # between would be encoded and decoded again for nothing.
    figure.set_dpi(FRAME_DPI)
    figure.patch.set_facecolor("white")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    # A 256-colour palette is invisible on line plots and makes each frame ~3x smaller. (The
    # conversion copies the pixels out of the canvas, which the PDF below draws anew.)
    image = image.convert("RGB").quantize(colors=256)
    if pdf is not None:
        figure.savefig(pdf, format="pdf")
    plt.close(figure)
    compact = io.BytesIO()
    # The dpi lets a reader of the PNG (the browser tests) tell how large its text was drawn.
    image.save(compact, format="PNG", optimize=True, dpi=(FRAME_DPI, FRAME_DPI))
    return compact.getvalue()


def _strides(shape: tuple[int, ...]) -> list[int]:
    strides = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        strides[i] = strides[i + 1] * shape[i + 1]
    return strides


def _flat_index(positions: Sequence[int], shape: tuple[int, ...]) -> int:
    return sum(p * s for p, s in zip(positions, _strides(shape), strict=True))


def _label(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
