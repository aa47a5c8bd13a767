"""`make bench`: how long tests/test_template.py's build of the chapter template takes.

The baseline is a cached rebuild of the whole book with nothing changed, measured in the same
run: both start Sphinx and read every page, but only the template's build executes a notebook.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from test_template import build, copy_course_with_the_template

ROOT = Path(__file__).resolve().parent.parent
BUILD = [
    str(Path(sys.executable).parent / "jupyter-book"),
    "build",
    ".",
    "-W",
    "-n",
    "--keep-going",
]


def run(report) -> None:
    subprocess.run(BUILD, cwd=ROOT, check=True, capture_output=True)  # fill the cache
    start = time.perf_counter()
    subprocess.run(BUILD, cwd=ROOT, check=True, capture_output=True)
    cached = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        course = copy_course_with_the_template(Path(folder))
        start = time.perf_counter()
        result = build(course)
        seconds = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError("the template book does not build:\n" + result.stdout[-2000:])
    report("clean build of the template book", seconds, "cached rebuild of the book", cached)
