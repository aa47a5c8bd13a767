"""Grade every notebook in a folder with otter-grader and write ``grades.csv`` next to them.

Each ``*.ipynb`` of the folder is matched to its chapter by name: the longest chapter name
its file name contains (``ada-sigmoid-problems.ipynb`` and ``Ada Sigmoid_Problems (1).ipynb``
are the problem set). It is graded by
``otter run`` with that chapter's ``autograder.zip`` (``make assignments``), two at a time on
two cores, each within a time limit for the whole submission on top of the per-cell limit
the autograder sets. ``grades.csv`` has one row per submission and problem,
``submission,problem,points,max_points``; otter's own report of each submission, with its
total, is printed and kept in ``<folder>/reports/<submission>.txt`` with otter's
``results.json`` (which says why each problem lost its points) beside it. A submission that
otter cannot grade at all (not a notebook, or over the time limit) scores 0 on every
problem, and its report says why; the other submissions are graded normally.

Usage: ``python tools/grade.py FOLDER [--assignments DIR] [--seconds S] [--jobs N]``
(``make grade SUBMISSIONS=FOLDER``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
from assignments import ROOT, chapters

from sigmoid_course.selfcheck import answer_keys, problems

SUBMISSION_SECONDS = 600.0
"""A submission still running after this long is stopped and scores 0: the per-cell limit
stops a loop in Python, this one also what never returns to Python (a huge computation in C)."""

OTTER = Path(sys.executable).with_name("otter")


@dataclass(frozen=True)
class Graded:
    """One submission's points by problem, and the report that says how they came about."""

    submission: str
    points: dict[str, tuple[float, float]]
    report: str
    results: str | None


def chapter_of(path: Path, names: list[str]) -> str | None:
    """The chapter a submission belongs to: the longest chapter name in its file name, read
    in lower case with spaces and underscores as hyphens (``Ada Sigmoid_Problems (1)``)."""
    stem = re.sub(r"[\s_]+", "-", path.stem.lower())
    inside = [name for name in names if name in stem]
    return max(inside, key=len) if inside else None


def _zeros(chapter: str) -> dict[str, tuple[float, float]]:
    known = problems()
    return {name: (0.0, float(known[name].points)) for name in answer_keys()[chapter]}


NOT_GRADED = "not-graded.txt"
"""In ``reports/``: the notebooks of the folder that were not graded, and why."""

MARK = "SIGMOID_COURSE_GRADING"
"""An environment variable set for each ``otter run``, with a value of its own: every process
it starts inherits it, and keeps it when its parent is gone."""


def _stop(process: subprocess.Popen, mark: str) -> None:
    """End ``otter run`` and everything it started. The notebook's kernel runs in a session of
    its own, out of reach of the process group, and would go on computing (a loop in C ignores
    the cell limit) while holding the report's pipe open; it is found by its environment."""
    os.killpg(process.pid, signal.SIGKILL)
    for _ in range(3):
        started = []
        for candidate in psutil.process_iter():
            try:
                if candidate.environ().get(MARK) == mark:
                    candidate.kill()
                    started.append(candidate)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        if not started:
            break
        psutil.wait_procs(started, timeout=10)
    process.communicate()


def grade_one(path: Path, chapter: str, assignments: Path, seconds: float) -> Graded:
    """Run ``otter run`` on one submission; its points, otter's report and results."""
    points = _zeros(chapter)
    with tempfile.TemporaryDirectory() as out:
        command = [
            str(OTTER),
            "run",
            "--no-logo",
            "-a",
            str(assignments / chapter / "autograder.zip"),
            "-o",
            out,
            str(path),
        ]
        mark = f"{os.getpid()}-{path.name}"
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", start_new_session=True, env={**os.environ, MARK: mark},
        )  # fmt: skip
        try:
            report, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process, mark)
            report = f"Not graded: still running after {seconds:g} s, stopped. Every problem 0."
            return Graded(path.stem, points, report, None)
        results_path = Path(out) / "results.json"
        if process.returncode != 0 or not results_path.exists():
            tail = "\n".join(report.strip().splitlines()[-15:])
            failed = f"Not graded: otter run failed (exit {process.returncode}). Every problem 0."
            report = f"{failed}\n{tail}"
            return Graded(path.stem, points, report, None)
        results = results_path.read_text()
    for test in json.loads(results)["tests"]:
        if test["name"] in points:
            points[test["name"]] = (float(test["score"]), float(test["max_score"]))
    return Graded(path.stem, points, _tidy(report), results)


def _tidy(report: str) -> str:
    """Otter's report without the kernel's start-up warnings and runs of blank lines."""
    lines = [line for line in report.splitlines() if not line.startswith("[IPKernelApp]")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def grade_folder(
    folder: Path, assignments: Path, seconds: float = SUBMISSION_SECONDS, jobs: int = 2
) -> list[Graded]:
    """Grade every notebook in ``folder``; writes ``grades.csv`` and ``reports/``."""
    names = chapters()
    work, skipped = [], []
    for path in sorted(folder.glob("*.ipynb")):
        chapter = chapter_of(path, names)
        if chapter is None:
            skipped.append(path.name)
        else:
            work.append((path, chapter))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        graded = list(pool.map(lambda job: grade_one(*job, assignments, seconds), work))
    reports = folder / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir()
    with open(folder / "grades.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "problem", "points", "max_points"])
        for result in graded:
            for problem, (score, most) in result.points.items():
                writer.writerow([result.submission, problem, _number(score), _number(most)])
            (reports / f"{result.submission}.txt").write_text(result.report + "\n")
            if result.results is not None:
                (reports / f"{result.submission}.results.json").write_text(result.results)
    why = f"its name contains no chapter's name: {', '.join(names)}"
    if skipped:
        # In the folder a teacher opens, not only on the screen: a file nobody graded.
        (reports / NOT_GRADED).write_text("".join(f"{name}: {why}\n" for name in skipped))
    for name in skipped:
        print(f"Not graded: {name} ({why})")
    return graded


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--assignments", type=Path, default=ROOT / "_build" / "assignments")
    parser.add_argument("--seconds", type=float, default=SUBMISSION_SECONDS)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder of submitted notebooks")
    for result in grade_folder(args.folder, args.assignments, args.seconds, args.jobs):
        print(f"=== {result.submission}\n{result.report}\n")
    print(f"Wrote {args.folder / 'grades.csv'}")
    if (args.folder / "reports" / NOT_GRADED).exists():
        print(f"Some notebooks were not graded: see {args.folder / 'reports' / NOT_GRADED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
