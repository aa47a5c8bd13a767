"""Shared fixtures: the repository's layout and one build of the book per test session."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = ROOT / "book"
HTML_DIR = ROOT / "_build" / "html"


def toc_files() -> list[str]:
    """Every document in ``_toc.yml``, as paths relative to the root without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [section["file"] for section in chapter.get("sections", [])]
    return files


def small_problem(seed: int = 0, n: int = 5, width: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A batch of n standard-normal inputs of ``width`` features and random labels in {0, 1}."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, width)), rng.integers(0, 2, size=n)


def torch_reference(case: str) -> dict:
    """One case of ``data/torch_reference.json``: PyTorch's outputs and autograd gradients for
    small layers (written by ``data/make_torch_reference.py``; PyTorch is not needed here)."""
    return json.loads((ROOT / "tests" / "data" / "torch_reference.json").read_text())[case]


def arrays(case: dict, *names: str) -> list[np.ndarray]:
    return [np.array(case[name]) for name in names]


def chapter_notebooks() -> list[Path]:
    return sorted(BOOK_DIR.glob("*.ipynb"))


@dataclass(frozen=True)
class BookBuild:
    returncode: int
    log: str
    html_dir: Path


@pytest.fixture(scope="session")
def built_book() -> BookBuild:
    """Build the book once, exactly as `make book` does (warnings are errors)."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return BookBuild(result.returncode, result.stdout + result.stderr, HTML_DIR)


NOTEBOOKS_RUN = pytest.StashKey[set[str]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[NOTEBOOKS_RUN] = {
        Path(item.fspath).name for item in items if str(item.fspath).endswith(".ipynb")
    }


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Say which notebooks nbval executed, so that running none is never silent."""
    run = sorted(config.stash.get(NOTEBOOKS_RUN, set()))
    on_disk = [n.name for n in chapter_notebooks()]
    if run:
        terminalreporter.write_line(f"nbval: executed {len(run)} notebook(s): {', '.join(run)}")
    elif on_disk:
        terminalreporter.write_line(
            f"nbval: selected none of the notebooks in book/ ({len(on_disk)})"
        )
    else:
        terminalreporter.write_line("nbval: no notebooks in book/ yet, so none were executed")
