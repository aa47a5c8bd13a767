"""Keep every page of the built book self-contained.

- sphinx-thebe registers its inline configuration script twice under Sphinx 7; the second copy
  redeclares a ``const`` and raises a JavaScript error on every page.
- Executing a notebook stores the state of its live widgets, which the book never uses (the
  explorers ship their own static form) and which would carry every frame a second time.
"""

from __future__ import annotations

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


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


def setup(app):
    app.connect("html-page-context", drop_duplicate_and_widget_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
