"""Every reader can use the book: screen reader, keyboard only, high zoom, dark theme.

What the theme and the extensions leave undone, done once here for every page (the tests are
``tests/browser/test_accessibility.py``):

- **The bibliography's list.** sphinxcontrib-bibtex marks each entry ``doc-biblioentry``, a
  role that DPUB-ARIA 1.1 deprecated; inside the ``role="list"`` around them a screen reader
  then finds a list with no items. Each entry becomes a ``listitem``.
- **Names of folds.** MyST-NB names every "Show code cell source" fold "Toggle hidden
  content" (``aria-label`` on its ``summary``), which hides its visible title from a screen
  reader; the label goes, so the fold is called by what it says. sphinx-togglebutton does the
  same for the button of every folded solution; ``accessible.js`` names each button by its
  fold's title and points it at the fold it opens.
- **Contrast and focus.** ``accessible.css``: links dark enough on the tinted exercise boxes,
  and a visible focus ring on everything that takes the keyboard, in both themes.
"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).parent / "static"

_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?\srole=")doc-biblioentry(")')
_FOLD_LABEL = re.compile(r'(<summary\b[^>]*?)\saria-label="Toggle hidden content"')


def bibliography_list_items(body: str) -> str:
    """Give each bibliography entry the role ``listitem`` instead of ``doc-biblioentry``."""
    return _BIBLIOENTRY.sub(r"\1listitem\2", body)


def folds_named_by_their_titles(body: str) -> str:
    """Drop the generic ``aria-label`` of a fold's ``summary``: its visible text names it."""
    return _FOLD_LABEL.sub(r"\1", body)


def accessible_body(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = folds_named_by_their_titles(bibliography_list_items(context["body"]))


def add_static_files(app) -> None:
    if str(STATIC) not in map(str, app.config.html_static_path):
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", accessible_body, priority=910)
    app.add_css_file("accessible.css")
    app.add_js_file("accessible.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
