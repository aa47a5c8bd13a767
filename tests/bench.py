"""`make bench`: how long the course takes to build and test on this machine.

Not part of `make test`: timings depend on the machine. Prints one line per measurement,
each next to a baseline measured in the same run, since an absolute time on a shared machine
means little. Chapters add their own measurements in ``tests/bench_<chapter>.py``: a module
with ``run(report)``, where ``report(what, seconds, baseline, baseline_seconds)`` prints one
line with the ratio; they time with ``best_of`` from here (``from bench import best_of``), or
``wall_clock`` and ``timed`` for work done in other processes.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

from sigmoid_course import sigmoid

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUILD = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
"""The book's build, as `make book` runs it."""


def wall_clock(function: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds of one call, and its result: for builds and notebooks, whose work is
    done in other processes, which this process's CPU time (see :func:`best_of`) would miss."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def timed(command: list[str]) -> float:
    seconds, _ = wall_clock(
        lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    )
    return seconds


def notebook_seconds(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    )
    return wall_clock(client.execute)[0]


def best_of(repeats: int, *functions: Callable[[], object]) -> tuple[float, ...]:
    """Best CPU time of each function over ``repeats`` rounds, the functions taking turns.

    Taking turns, one call of each per round, lets a burst of load from other processes hit
    all of them alike, so that their ratio means something on a shared machine. The clock is
    this process's CPU time (``time.process_time``), not wall-clock time: it counts the work
    done, page faults included, and not the time spent waiting for a core that another
    process holds. CPU time adds up over threads, so the functions must run on one thread:
    limit the BLAS with ``threadpool_limits(1)`` around anything that calls it on large
    arrays. For example ``ours, theirs = best_of(5, lambda: f(x), lambda: g(x))``.
    """
    best = [np.inf] * len(functions)
    for _ in range(repeats):
        for i, function in enumerate(functions):
            start = time.process_time()
            function()
            best[i] = min(best[i], time.process_time() - start)
    return tuple(best)


def naive_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def report(what: str, seconds: float, baseline: str, baseline_seconds: float) -> None:
    """Print one measurement as a time and as a ratio to a baseline from the same run."""
    print(
        f"{what}: {seconds * 1e3:.2f} ms; {baseline}: {baseline_seconds * 1e3:.2f} ms; "
        f"ratio {seconds / baseline_seconds:.2f}"
    )


def chapter_benchmarks() -> None:
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"-- {path.name}")
        module.run(report)


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    html_seconds = timed(BUILD)
    print(f"clean book build:           {html_seconds:7.1f} s")
    print(f"cached rebuild (no change): {timed(BUILD):7.1f} s")
    if shutil.which("xelatex") and shutil.which("latexmk"):
        # As after `make book`: the execution cache and Sphinx's environment are reused, so
        # this is the LaTeX builder and the xelatex runs.
        shutil.rmtree(ROOT / "_build" / "latex", ignore_errors=True)
        pdf_seconds = timed(["make", "pdf", f"BIN={BIN}"])
        print(
            f"PDF build (make pdf, after the book): {pdf_seconds:5.1f} s; "
            f"ratio to the clean book build {pdf_seconds / html_seconds:.2f}"
        )
    else:
        print("PDF build: not measured (no xelatex or latexmk; see README.md)")
    for notebook in sorted((ROOT / "book").glob("*.ipynb")):
        print(f"execute {notebook.name:28s} {notebook_seconds(notebook):5.1f} s")
    print(
        f"test suite (make test):     {timed([str(BIN / 'python'), '-m', 'pytest', '-q']):7.1f} s"
    )

    x = np.random.default_rng(0).uniform(-50, 50, 10**7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the naive formula overflows below -709.78
        stable, naive = best_of(5, lambda: sigmoid(x), lambda: naive_sigmoid(x))
    print(
        f"sigmoid on 1e7 float64:     {stable * 1e3:7.1f} ms "
        f"(naive 1/(1+exp(-x)): {naive * 1e3:.1f} ms, ratio {stable / naive:.2f})"
    )
    chapter_benchmarks()


if __name__ == "__main__":
    main()
