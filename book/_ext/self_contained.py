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
- Code wraps on a phone (a line cut off at the edge would hide its end), and a wrapped Python
  line that restarts at the left margin loses the indentation that gives code its meaning. Each
  line of a highlighted block becomes a block of its own with a hanging indent: what wraps
  continues to the right of the line's own indentation.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

_ID = re.compile(r'(<[a-zA-Z][^<>]*?\sid=")([^"]+)(")')
_HIGHLIGHTED = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre>)', re.S)
_TAG = re.compile(r"(<[^>]+>)")
HANGING = 4
"""How many characters further in than its line's indentation a wrapped code line continues."""

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


def hanging_code_lines(body: str) -> str:
    """Wrap each line of every highlighted code block in a ``span.code-line`` whose wrapped
    continuation is indented past the line's own indentation. The newlines stay in the text, so
    copying the code copies it unchanged; a token spanning lines (a docstring) is closed at the
    end of each line and reopened on the next."""

    def one_line(parts: list[str], spaces: int) -> str:
        indent = spaces + HANGING
        style = f"padding-left:{indent}ch;text-indent:-{indent}ch"
        return f'<span class="code-line" style="{style}">{"".join(parts)}</span>'

    def rewrite(match: re.Match) -> str:
        opening, code, closing = match.groups()
        lines, parts, open_tags, text_seen = [], [], [], ""
        for piece in _TAG.split(code):
            if piece.startswith("<"):
                if piece.startswith("</"):
                    open_tags.pop()
                elif not piece.endswith("/>"):
                    open_tags.append(piece)
                parts.append(piece)
                continue
            *complete, rest = piece.split("\n")
            for text in complete:
                parts.append(text + "\n")
                text_seen += text
                parts.extend("</span>" for _ in open_tags)
                spaces = len(text_seen) - len(text_seen.lstrip(" "))
                lines.append(one_line(parts, spaces))
                parts, text_seen = list(open_tags), ""
            parts.append(rest)
            text_seen += rest
        if "".join(_TAG.sub("", "".join(parts))):
            spaces = len(text_seen) - len(text_seen.lstrip(" "))
            lines.append(one_line(parts + ["</span>" for _ in open_tags], spaces))
        return f"{opening}{''.join(lines)}{closing}"

    return _HIGHLIGHTED.sub(rewrite, body)


def tidy_body(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        body = solution_titles_open_solutions(context["body"])
        context["body"] = hanging_code_lines(unique_ids(body))


STATIC = Path(__file__).parent / "static"


def add_static_files(app) -> None:
    app.config.html_static_path.append(str(STATIC))


def rewrite_after_static_change(app, env, added, changed, removed) -> list[str]:
    """Sphinx copies the static files only when some page is written; with only a style or a
    script edited it writes none, and the old copy stays. Rewrite the first page then."""
    if app.builder.name != "html":
        return []
    copied = Path(app.outdir) / "_static"
    stale = [
        source
        for source in STATIC.iterdir()
        if source.is_file()
        and (
            not (copied / source.name).exists()
            or (copied / source.name).read_bytes() != source.read_bytes()
        )
    ]
    return [env.config.root_doc] if stale else []


def setup(app):
    app.connect("builder-inited", add_static_files)
    app.connect("env-get-outdated", rewrite_after_static_change)
    app.connect("html-page-context", drop_duplicate_and_widget_scripts, priority=900)
    app.connect("html-page-context", tidy_body, priority=900)
    # Styles for narrow screens and for solutions: book/_ext/static/sigmoid.css.
    app.add_css_file("sigmoid.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
