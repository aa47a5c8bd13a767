"""``{points-table}``: the points of every problem, read from the answer keys when the book is
built, so that the teacher's guide never states them a second time."""

from __future__ import annotations

from pathlib import Path

from course import chapter_docname, chapters
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

import sigmoid_course.answers
from sigmoid_course.selfcheck import answer_keys, problems


def points_lines(docnames: list[str]) -> list[str]:
    """A MyST table: each chapter with an answer key, its problems with their points, and
    its total."""
    keys, known = answer_keys(), problems()
    lines = ["| Chapter | Problems as their check cells name them (points) | Total |"]
    lines.append("|---|---|---|")
    for docname in docnames:
        names = keys.get(Path(docname).name, ())
        if not names:
            continue
        listed = ", ".join(f"`{name}` ({known[name].points})" for name in names)
        total = sum(known[name].points for name in names)
        lines.append(f"| {{doc}}`/{chapter_docname(docname)}` | {listed} | {total} |")
    return lines


class PointsTable(SphinxDirective):
    """``{points-table}``: :func:`points_lines` for the chapters of ``_toc.yml``."""

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        self.env.note_dependency(str(srcdir / "_toc.yml"))
        for key in Path(sigmoid_course.answers.__file__).parent.glob("*.py"):
            self.env.note_dependency(str(key))
        container = nodes.container(classes=["points-table"])
        # In the PDF: a chapter's title on two lines at most, and the problems' names, set
        # ragged right, in the rest (LaTeX's own widths left the titles one word wide).
        ragged = r">{\raggedright\arraybackslash}"
        container += addnodes.tabular_col_spec(spec=rf"{ragged}\X{{3}}{{10}}{ragged}\X{{6}}{{10}}r")
        lines = points_lines(chapters(srcdir))
        self.state.nested_parse(StringList(lines, source=self.env.docname), 0, container)
        return [container]


def setup(app):
    app.add_directive("points-table", PointsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
