"""Grading a class: 30 submissions of the problem set against one, through ``tools/grade.py``
(otter-grader's ``otter run`` on each, two at a time).

Wall-clock time, not CPU time: the work happens in otter's processes and their kernels. Each
submission answers every problem right (the first ``accepts`` entry of each key), so that
every test runs its check.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from grading_submissions import fill, grade_folder, right_answers, write, write_assignments

CHAPTER = "sigmoid-problems"
CLASS_SIZE = 30


def _graded(assignments_dir: Path, notebook: dict, count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        for student in range(count):
            write(Path(folder) / f"student{student:02d}-{CHAPTER}.ipynb", notebook)
        start = time.perf_counter()
        grade_folder(Path(folder), assignments_dir)
        seconds = time.perf_counter() - start
        rows = (Path(folder) / "grades.csv").read_text().splitlines()[1:]
        assert len(rows) == count * len(right_answers(notebook)), "a submission was not graded"
        assert all(row.split(",")[2] == row.split(",")[3] for row in rows), "a point was lost"
    return seconds


def run(report) -> None:
    with tempfile.TemporaryDirectory() as out:
        write_assignments(Path(out))
        student = json.loads((Path(out) / CHAPTER / f"{CHAPTER}.ipynb").read_text())
        notebook = fill(student, right_answers(student))
        one = _graded(Path(out), notebook, 1)
        many = _graded(Path(out), notebook, CLASS_SIZE)
    report(f"grading {CLASS_SIZE} submissions of {CHAPTER}", many, "grading one", one)
