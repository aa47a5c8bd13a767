"""The repository keeps its promises to a newcomer: clean notebooks, a complete TOC, a README
that starts with the two commands, and one repository URL everywhere."""

from __future__ import annotations

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
