"""Write every chapter as an assignment: a student notebook and otter-grader's autograder.

For each chapter of ``_toc.yml``'s numbered part, ``OUTDIR/<chapter>/`` receives

``<chapter>.ipynb``
    The chapter as it reads in Jupyter, without its solutions (a note after the title says
    so): the cells from each
    ``solution-start`` to its ``solution-end`` (or a one-cell ``solution``), and the fold
    headings that ``tools/fold_solutions.py`` put around them, are removed, and so is every
    folded admonition titled "(contains the answers)". The check cells
    stay as they are; each carries otter's metadata naming its problem
    (``{"otter": {"tests": [name]}}``), which the student does not see.
``autograder.zip``
    What ``otter run -a autograder.zip <submission>`` needs: ``otter_config.json`` (the
    per-cell time limit, :class:`sigmoid_course.grading.CellTimeLimit`) and one test file per
    problem, each calling :func:`sigmoid_course.grading.grade`. It holds no answer: the tests
    read the answer keys of the installed ``sigmoid_course``.

Usage: ``python tools/assignments.py [OUTDIR] [--cell-seconds S]``
(``make assignments`` writes ``_build/assignments``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from pathlib import Path

from fold_solutions import GATED, MARK, SOLUTION, SOLUTION_END, TOC, chapter_numbers

from sigmoid_course.grading import checked_argument, test_file
from sigmoid_course.selfcheck import answer_keys

ROOT = TOC.parent
BOOK = ROOT / "book"

CELL_SECONDS = 60.0
"""A cell of a submission that runs longer is stopped (its problem scores 0): fifteen times the
slowest cell of any chapter's student notebook on the 2-core development machine (4 s)."""


ANSWERS_FOLD = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{admonition\}[ \t]*(?P<title>.*?)[ \t]*\(contains? the answers\)\s*$"
)
"""The opening of a folded admonition that says it gives answers away, such as
``:::{admonition} Summary (contains the answers)`` (the convention of CONTRIBUTING.md)."""


ASSIGNMENT_NOTE = {
    "cell_type": "markdown",
    "id": "assignment-note",
    "metadata": {},
    "source": [
        "**The assignment version of this chapter.** Its solutions are left out, so what the\n",
        "text says about opening them does not apply here. Write each answer into its check cell\n",
        "and run the cell: the verdict you see is how it is graded. Before you hand the notebook\n",
        "in, run it from the top in a fresh kernel (*Restart Kernel and Run All*), as the grader\n",
        "does.",
    ],
}
"""The cell a student notebook starts with, after the chapter's title."""


def without_answer_folds(text: str) -> str:
    """Markdown without its admonitions titled "(contains the answers)": the book folds them,
    a notebook without jupyterlab-myst shows them. Each leaves a line saying it was left out."""
    lines, kept, fence = text.split("\n"), [], None
    for line in lines:
        if fence is not None:
            fence = None if line.strip() == fence else fence
            continue
        opening = ANSWERS_FOLD.match(line)
        if opening:
            fence = opening.group("fence")
            title = opening.group("title") or "A fold"
            kept.append(f"*{title}: left out of the assignment, as it gives answers away.*")
            continue
        kept.append(line)
    return "\n".join(kept)


def _text(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _markdown(cell: dict) -> str:
    return _text(cell) if cell["cell_type"] == "markdown" else ""


def chapters() -> list[str]:
    """The chapters' names (``sigmoid-problems``), in the book's order."""
    return [path.stem for path in sorted(chapter_numbers(TOC), key=chapter_numbers(TOC).get)]


def check_cells(cells: list[dict], names: tuple[str, ...]) -> dict[int, str]:
    """The index of each check cell among ``cells``, with the problem it checks."""
    found = {}
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        hits = [name for name in names if checked_argument(_text(cell), name) is not None]
        if len(hits) > 1:
            raise ValueError(f"one cell checks {hits}; give each problem its own check cell")
        if hits:
            found[index] = hits[0]
    return found


def student_notebook(notebook: dict, names: tuple[str, ...]) -> dict:
    """The chapter without its solutions, each check cell marked for otter.

    Raises ``ValueError`` when a problem of the key has no check cell, or has two: such a
    problem could not be graded."""
    cells, inside = [], False
    for cell in notebook["cells"]:
        text = _markdown(cell)
        if MARK in cell.get("metadata", {}):
            continue
        if inside or GATED.search(text):
            inside = not SOLUTION_END.search(text)
            continue
        if SOLUTION.search(text):
            continue
        if without_answer_folds(text) != text:
            cell = dict(cell, source=without_answer_folds(text))
        cells.append(cell)
    found = check_cells(cells, names)
    missing = sorted(set(names) - set(found.values()))
    twice = sorted({n for n in found.values() if list(found.values()).count(n) > 1})
    if missing or twice:
        raise ValueError(f"problems without one check cell: {missing + twice}")
    title = next(
        (i for i, cell in enumerate(cells) if _markdown(cell).startswith("# ")), len(cells) - 1
    )
    marked = []
    for index, cell in enumerate(cells):
        if index == title + 1:
            marked.append(ASSIGNMENT_NOTE)
        if index in found:
            metadata = dict(cell.get("metadata", {}), otter={"tests": [found[index]]})
            cell = dict(cell, metadata=metadata)
        marked.append(cell)
    metadata = dict(notebook.get("metadata", {}))
    colab = {k: v for k, v in metadata.pop("colab", {}).items() if k != "collapsed_sections"}
    if colab:
        metadata["colab"] = colab
    return dict(notebook, cells=marked, metadata=metadata)


def autograder(path: Path, names: tuple[str, ...], cell_seconds: float) -> None:
    """Write otter's autograder zip for the problems ``names``."""
    config = {"plugins": [{"sigmoid_course.grading.CellTimeLimit": {"seconds": cell_seconds}}]}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("otter_config.json", json.dumps(config, indent=1) + "\n")
        for name in names:
            archive.writestr(f"tests/{name}.py", test_file(name))


def write(outdir: Path, cell_seconds: float = CELL_SECONDS) -> list[Path]:
    """Write every chapter's assignment into ``outdir``; returns the student notebooks."""
    keys = answer_keys()
    written = []
    for chapter in chapters():
        names = keys.get(chapter, ())
        if not names:
            continue
        notebook = json.loads((BOOK / f"{chapter}.ipynb").read_text())
        folder = outdir / chapter
        folder.mkdir(parents=True, exist_ok=True)
        student = folder / f"{chapter}.ipynb"
        text = json.dumps(student_notebook(notebook, names), indent=1, ensure_ascii=False)
        student.write_text(text + "\n")
        autograder(folder / "autograder.zip", names, cell_seconds)
        written.append(student)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "_build" / "assignments"))
    parser.add_argument("--cell-seconds", type=float, default=CELL_SECONDS)
    args = parser.parse_args(argv)
    for student in write(Path(args.outdir), args.cell_seconds):
        print(f"wrote {student} and its autograder.zip")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
