"""`make bench`: how long tests/test_template.py's build of the chapter template takes.

The baseline is a cached rebuild of the whole book with nothing changed, measured in the same
run: both start Sphinx and read every page, but only the template's build executes a notebook.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import BUILD, timed, wall_clock
from test_template import build, copy_course_with_the_template


def run(report) -> None:
    timed(BUILD)  # fill the cache
    cached = timed(BUILD)
    with tempfile.TemporaryDirectory() as folder:
        course = copy_course_with_the_template(Path(folder))
        seconds, result = wall_clock(lambda: build(course))
    if result.returncode:
        raise RuntimeError("the template book does not build:\n" + result.stdout[-2000:])
    report("clean build of the template book", seconds, "cached rebuild of the book", cached)
