"""Keep every page of the built book self-contained, valid and kind to a student.

- sphinx-thebe registers its inline configuration script twice under Sphinx 7; the second copy
  redeclares a ``const`` and raises a JavaScript error on every page.
- Executing a notebook stores the state of its live widgets, which the book never uses (the
  explorers ship their own static form) and which would carry every frame a second time.
- sphinx-exercise gives the body of every exercise and solution the same ``id``
  (``exercise-content``, ``solution-content``); ids must be unique on a page, so repeats get a
  number.
- sphinx-exercise makes a solution's title a link back to its exercise, so clicking the title
  of a folded solution jumps away instead of opening it. The title becomes plain text, and the
  link moves inside the solution, where it is read after the solution.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

_ID = re.compile(r'(<[a-zA-Z][^<>]*?\sid=")([^"]+)(")')
_SOLUTION_TITLE = re.compile(
    r'(<div class="solution\b[^"]*"[^>]*>\s*<p class="admonition-title">)\s*(.*?)\s*'
    r'<a class="reference internal" href="(#[^"]+)">\s*(.*?)</a>\s*</p>(\s*<section\b[^>]*>)?',
    re.S,
)


def drop_duplicate_and_widget_scripts(app, pagename, templatename, context, doctree) -> None:
    seen = set()
    kept = []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        # The copies differ only in a filename of None versus "" (both mean inline).
        key = (getattr(script, "filename", None) or "", attributes.get("body"))
        if key in seen or attributes.get("type") == WIDGET_STATE:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def unique_ids(body: str) -> str:
    """Number the second and later uses of an ``id`` in ``body``: ``x``, ``x-2``, ``x-3``."""
    taken = Counter(match.group(2) for match in _ID.finditer(body))
    seen: Counter[str] = Counter()

    def renumber(match: re.Match) -> str:
        name = match.group(2)
        seen[name] += 1
        if seen[name] == 1:
            return match.group(0)
        candidate, n = name, seen[name]
        while candidate in taken:
            candidate = f"{name}-{n}"
            n += 1
        taken[candidate] += 1
        return f"{match.group(1)}{candidate}{match.group(3)}"

    return _ID.sub(renumber, body)


def solution_titles_open_solutions(body: str) -> str:
    """Make a solution's title plain text and put the link to its exercise inside it."""

    def rewrite(match: re.Match) -> str:
        opening, before, target, label, section = match.groups()
        title = f"{before} {label.strip()}".strip()
        back = (
            f'<p class="solution-back"><a class="reference internal" href="{target}">'
            f"Back to {label.strip().split(' (')[0]}</a></p>"
        )
        return f"{opening}{title}</p>{section or ''}\n{back}"

    return _SOLUTION_TITLE.sub(rewrite, body)


def tidy_body(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = unique_ids(solution_titles_open_solutions(context["body"]))


def add_static_files(app) -> None:
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app):
    app.connect("builder-inited", add_static_files)
    app.connect("html-page-context", drop_duplicate_and_widget_scripts, priority=900)
    app.connect("html-page-context", tidy_body, priority=900)
    # Styles for narrow screens and for solutions: book/_ext/static/sigmoid.css.
    app.add_css_file("sigmoid.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
