"""Fold every solution of a chapter notebook where the book's folds do not reach.

The book folds a solution with sphinx-exercise's dropdown. A notebook opened in JupyterLab
(``make lab``, Binder), Jupyter Notebook 7 or Colab does not: jupyterlab-myst folds the
solution's text, but "Run All" clears ``outputs_hidden`` on every code cell, so the solution's
outputs appear; Colab shows the text and the outputs in plain view. What all of them honour is
a collapsed heading: the cells under it stay hidden, also when they run, until the student
opens the heading.

So before every solution this script puts a heading cell, "Solution to Exercise C.N (title)",
stored collapsed (``jp-MarkdownHeadingCollapsed`` for JupyterLab and Notebook 7,
``heading_collapsed`` for the classic notebook's collapsible headings, the cell's id in
``colab.collapsed_sections`` for Colab), and after it, unless a heading follows anyway, a
heading that ends the fold ("Exercise C.N+1 (title)"). Both are tagged ``remove-cell``: the book
never shows them. C is the chapter's number in the book's numbered table of contents, so that
the notebook names each exercise as the book does; a notebook outside it has plain numbers.
The script is idempotent; ``make fold`` runs it over ``book/*.ipynb`` and
``tests/test_hygiene.py`` fails until it has been run.

Usage: ``python tools/fold_solutions.py book/*.ipynb``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

TOC = Path(__file__).resolve().parent.parent / "_toc.yml"

LEVEL = 3
"""Heading level of the inserted cells: below the chapters' ``##`` sections, so a section
heading also ends a fold."""

MARK = "sigmoid_fold"
"""Cell metadata key that marks the cells this script inserted."""

_FENCE = r"^\s*(?:`{3,}|:{3,})"
EXERCISE = re.compile(_FENCE + r"\{exercise(?:-start)?\}[ \t]*(.*)$", re.M)
SOLUTION = re.compile(_FENCE + r"\{solution(?:-start)?\}[ \t]*(\S+)", re.M)
SOLUTION_END = re.compile(_FENCE + r"\{solution-end\}", re.M)
GATED = re.compile(_FENCE + r"\{solution-start\}", re.M)
LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
HEADING = re.compile(r"^(#{1,6})\s", re.M)


def _text(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _markdown(cell: dict) -> str:
    return _text(cell) if cell["cell_type"] == "markdown" else ""


def _heading_level(cell: dict) -> int | None:
    """Level of the first heading of a markdown cell, if it starts with one."""
    match = HEADING.match(_markdown(cell).lstrip("\n"))
    return len(match.group(1)) if match else None


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def _heading_cell(cell_id: str, text: str, *, collapsed: bool) -> dict:
    metadata: dict = {MARK: "solution" if collapsed else "end", "tags": ["remove-cell"]}
    if collapsed:
        # Colab finds the collapsed section by this id (notebook metadata below).
        metadata.update(
            {"heading_collapsed": True, "id": cell_id, "jp-MarkdownHeadingCollapsed": True}
        )
    return {
        "cell_type": "markdown",
        "id": cell_id,
        "metadata": metadata,
        "source": _lines(f"{'#' * LEVEL} {text}"),
    }


def exercises(cells: list[dict], chapter: int | None = None) -> dict[str, str]:
    """Each exercise's label and its name as the book numbers it: "Exercise 2.3 (The
    derivative)" in chapter 2, "Exercise 3 (The derivative)" without a chapter number."""
    found, number = {}, 0
    for cell in cells:
        text = _markdown(cell)
        for match in EXERCISE.finditer(text):
            block = text[match.end() :]
            label = LABEL.search(block)
            if ":nonumber:" not in block.split("\n\n", 1)[0]:
                number += 1
            title = match.group(1).strip()
            prefix = f"{chapter}." if chapter is not None else ""
            name = f"Exercise {prefix}{number}" + (f" ({title})" if title else "")
            if label:
                found[label.group(1)] = name
    return found


def fold(notebook: dict, chapter: int | None = None) -> dict:
    """The notebook with a collapsed heading before every solution and a heading after it."""
    cells = [c for c in notebook["cells"] if MARK not in c.get("metadata", {})]
    names = exercises(cells, chapter)
    folded: list[dict] = []
    collapsed_ids: list[str] = []
    i = 0
    while i < len(cells):
        start = SOLUTION.search(_markdown(cells[i]))
        if not start:
            folded.append(cells[i])
            i += 1
            continue
        label = start.group(1)
        if label not in names:
            raise ValueError(f"a solution refers to {label!r}, which is no exercise's label")
        end = i
        if GATED.search(_markdown(cells[i])):
            while not SOLUTION_END.search(_markdown(cells[end])):
                end += 1
                if end == len(cells):
                    raise ValueError(f"the solution to {label!r} has no solution-end")
        for cell in cells[i + 1 : end + 1]:
            level = _heading_level(cell)
            if level is not None and level <= LEVEL:
                raise ValueError(
                    f"the solution to {label!r} contains a heading of level {level}, which "
                    f"would end its fold; use level {LEVEL + 1} or deeper"
                )
        heading_id = f"fold-{label}"[:60]
        folded.append(_heading_cell(heading_id, f"Solution to {names[label]}", collapsed=True))
        collapsed_ids.append(heading_id)
        folded.extend(cells[i : end + 1])
        following = cells[end + 1] if end + 1 < len(cells) else None
        level = _heading_level(following) if following else None
        if following is not None and (level is None or level > LEVEL):
            after = EXERCISE.search(_markdown(following))
            nxt = LABEL.search(_markdown(following)[after.end() :]) if after else None
            text = names[nxt.group(1)] if nxt and nxt.group(1) in names else "Continued"
            folded.append(_heading_cell(f"{heading_id}-end"[:64], text, collapsed=False))
        i = end + 1
    result = dict(notebook, cells=folded)
    metadata = dict(notebook.get("metadata", {}))
    colab = {k: v for k, v in metadata.get("colab", {}).items() if k != "collapsed_sections"}
    if collapsed_ids:
        colab["collapsed_sections"] = collapsed_ids
    if colab:
        metadata["colab"] = colab
    else:
        metadata.pop("colab", None)
    result["metadata"] = metadata
    return result


def dumps(notebook: dict) -> str:
    """The notebook as the repository stores it (the layout Jupyter itself writes)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def chapter_numbers(toc: Path) -> dict[Path, int]:
    """The number Sphinx gives each chapter of the numbered parts of a Jupyter Book ``_toc.yml``
    (numbered continuously across parts, as Jupyter Book does), by its notebook's path."""
    config = yaml.safe_load(toc.read_text())
    numbers, count = {}, 0
    for part in config.get("parts", []):
        if not part.get("numbered"):
            continue
        for entry in part.get("chapters", []):
            count += 1
            numbers[(toc.parent / entry["file"]).with_suffix(".ipynb").resolve()] = count
    return numbers


def main(paths: list[str]) -> int:
    numbers = chapter_numbers(TOC)
    for path in map(Path, paths):
        before = path.read_text()
        after = dumps(fold(json.loads(before), numbers.get(path.resolve())))
        if after != before:
            path.write_text(after)
            print(f"folded the solutions of {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
