"""The repository keeps its promises to a newcomer: clean notebooks, a complete TOC, a README
that starts with the two commands, and one repository URL everywhere."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
import yaml

from conftest import BOOK_DIR, ROOT, chapter_notebooks, toc_files


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_is_committed_clean(notebook):
    nb = json.loads(notebook.read_text())
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert not [c for c in code_cells if c.get("outputs")], "commit notebooks without outputs"
    assert not [c for c in code_cells if c.get("execution_count")], "clear execution counts"
    kernelspec = nb["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3" and kernelspec.get("language") == "python"


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_is_in_the_toc(notebook):
    assert f"book/{notebook.stem}" in toc_files()


def test_every_toc_entry_exists():
    for entry in toc_files():
        candidates = [ROOT / f"{entry}{suffix}" for suffix in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists {entry}, which is missing"


def test_every_page_in_book_dir_is_in_the_toc():
    pages = {f"book/{p.stem}" for p in BOOK_DIR.iterdir() if p.suffix in (".md", ".ipynb")}
    assert pages <= set(toc_files())


def test_readme_starts_with_the_two_commands():
    first_lines = "\n".join((ROOT / "README.md").read_text().splitlines()[:25])
    assert "make book" in first_lines and "make test" in first_lines


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_notebooks_install_the_package_from_the_configured_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for notebook in chapter_notebooks():
        first_code = next(
            "".join(c["source"])
            for c in json.loads(notebook.read_text())["cells"]
            if c["cell_type"] == "code"
        )
        assert f"git+{url}" in first_code, f"{notebook.name}: set-up cell must install {url}"


def test_requirements_are_pinned_exactly():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    unpinned = [line for line in lines if line != "-e ." and not re.fullmatch(r"\S+==\S+", line)]
    assert not unpinned
    assert "jupyter-book==1.0.4.post1" in lines


def _fold_tool():
    path = ROOT / "tools" / "fold_solutions.py"
    spec = importlib.util.spec_from_file_location("fold_solutions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_solutions_are_folded_outside_the_book(notebook):
    """JupyterLab, Notebook 7 and Colab keep a solution folded, also after Run All, only under a
    collapsed heading; tools/fold_solutions.py puts one before every solution."""
    fold = _fold_tool()
    text = notebook.read_text()
    chapter = fold.chapter_numbers(fold.TOC).get(notebook.resolve())
    assert fold.dumps(fold.fold(json.loads(text), chapter)) == text, (
        f"{notebook.name}: its solutions are not folded for JupyterLab and Colab; run `make fold`"
    )


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_a_cell_that_ends_a_solution_holds_nothing_else(notebook):
    """What follows a solution (the next exercise, a section) starts a cell of its own: a
    student notebook drops the solution's cells whole, and JupyterLab folds them whole."""
    fold = _fold_tool()
    for cell in json.loads(notebook.read_text())["cells"]:
        text = "".join(cell["source"])
        end = fold.SOLUTION_END.search(text)
        if cell["cell_type"] == "markdown" and end:
            after = text[end.end() :].lstrip("\n").removeprefix("```").strip()
            assert not after, f"{notebook.name}, cell {cell['id']}: split after the solution-end"


def test_fold_headings_number_exercises_as_the_book_does():
    """The chapters are numbered in the order of ``_toc.yml``, so the second exercise of the
    fourth chapter is 4.2 in the book and in the notebook's fold headings alike."""
    chapters = [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]
    assert chapters, "_toc.yml lists no chapter notebook"
    for number, chapter in enumerate(chapters, start=1):
        cells = json.loads((ROOT / f"{chapter}.ipynb").read_text())["cells"]
        headings = [
            "".join(c["source"])
            for c in cells
            if c.get("metadata", {}).get("sigmoid_fold") == "solution"
        ]
        found = [re.match(r"### Solution to Exercise (\d+)\.(\d+)\b", h) for h in headings]
        assert all(found), f"{chapter}: fold headings without a chapter number: {headings}"
        assert {int(m.group(1)) for m in found} <= {number}, f"{chapter} is chapter {number}"


def test_fold_tool_folds_a_solution_and_is_idempotent():
    fold = _fold_tool()

    def md(text):
        return {"cell_type": "markdown", "id": f"c{abs(hash(text)) % 10**8}", "metadata": {},
                "source": text}  # fmt: skip

    cells = [
        md("## Part"),
        md("```{exercise} First\n:label: x-one\n\nQ?\n```"),
        md("```{solution-start} x-one\n:class: dropdown\n```\nA."),
        {
            "cell_type": "code",
            "id": "code1",
            "metadata": {},
            "source": "# check",
            "outputs": [],
            "execution_count": None,
        },  # fmt: skip
        md("```{solution-end}\n```"),
        md("```{exercise} Second\n:label: x-two\n\nQ?\n```"),
    ]
    folded = fold.fold({"cells": cells, "metadata": {}})
    sources = ["".join(c["source"]) for c in folded["cells"]]
    assert sources[2] == "### Solution to Exercise 1 (First)"
    assert sources[6] == "### Exercise 2 (Second)"
    assert folded["cells"][2]["metadata"]["jp-MarkdownHeadingCollapsed"] is True
    assert folded["metadata"]["colab"]["collapsed_sections"] == [folded["cells"][2]["id"]]
    assert fold.fold(folded) == folded
    in_chapter_4 = fold.fold({"cells": cells, "metadata": {}}, 4)
    assert "".join(in_chapter_4["cells"][2]["source"]) == "### Solution to Exercise 4.1 (First)"
    with pytest.raises(ValueError, match="no exercise"):
        fold.fold({"cells": [md("```{solution} x-none\n```")], "metadata": {}})


FIGURE_CALLS = re.compile(r"\bplt\.(?:subplots|figure|subplot)\s*\(|\bFigure\s*\(")


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_figures_come_from_the_course_style(notebook):
    """Figures made by sigmoid_course.plotting.figure draw text a phone can read; the browser
    tests measure it assuming they were."""
    code = [
        "".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
        if c["cell_type"] == "code"
    ]  # fmt: skip
    calls = [m.group(0) for source in code for m in FIGURE_CALLS.finditer(source)]
    assert not calls, f"{notebook.name} makes figures with {calls}; use plotting.figure()"


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.name)
def test_cross_references_stay_inside_their_notebook(notebook):
    """JupyterLab (jupyterlab-myst) resolves a {ref} only within the open notebook and logs an
    error for any other; links to another chapter are Markdown links to its .ipynb."""
    sources = [
        "".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
        if c["cell_type"] == "markdown"
    ]  # fmt: skip
    labels = {m for s in sources for m in re.findall(r"^:label:\s*(\S+)|^\((\S+)\)=", s, re.M)}
    defined = {a or b for a, b in labels}
    used = {
        m.rsplit("<", 1)[-1].rstrip(">")
        for s in sources
        for m in re.findall(r"\{(?:ref|numref|prf:ref)\}`([^`]*)`", s)
    }
    assert used <= defined, f"{notebook.name} refers to labels of other pages: {used - defined}"
