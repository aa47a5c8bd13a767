"""A chapter as a student opens it in JupyterLab: its solutions folded, also after Run All.

The book is not the only way in: `make lab`, Binder and Colab open the notebooks themselves,
where jupyterlab-myst renders the Markdown. A gated solution (``solution-start`` with
``:class: dropdown`` ... ``solution-end``) is a closed ``<details>`` there, and the code cells
inside it carry ``jupyter.source_hidden`` and ``jupyter.outputs_hidden``. That is not enough:
running a cell clears ``outputs_hidden``, so after "Run All" every solution's output would show.
What keeps a solution folded while it runs is the collapsed heading that
``tools/fold_solutions.py`` puts before it; the test runs every cell, then looks.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, chapter_notebooks

SCREENSHOTS = ROOT / "_build" / "screenshots"
START_TIMEOUT = 60
RENDER_TIMEOUT = 180
"""jupyterlab-myst renders a 136-cell chapter in ~75 s on the loaded 2-core dev machine."""
SOLUTION_START = re.compile(r"^\s*(`{3,}|:{3,})\{solution(-start)?\}", re.M)
SOLUTION_END = re.compile(r"^\s*(`{3,}|:{3,})\{solution-end\}", re.M)

# Settings for this test's JupyterLab only: no calls home, no autosave into the repository, and
# every cell attached to the page so that cell i of the notebook is cell i of the DOM.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def _cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text())["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _solution_cells(cells: list[dict]) -> list[int]:
    return [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown" and SOLUTION_START.search(_source(cell))
    ]


def _gated_code_cells(cells: list[dict]) -> list[int]:
    """Code cells between a ``solution-start`` and its ``solution-end``."""
    inside, found = False, []
    for i, cell in enumerate(cells):
        source = _source(cell) if cell["cell_type"] == "markdown" else ""
        if re.search(r"\{solution-start\}", source):
            inside = True
        if SOLUTION_END.search(source):
            inside = False
        if inside and cell["cell_type"] == "code":
            found.append(i)
    return found


def _first_notebook_with_a_solution() -> Path:
    for notebook in chapter_notebooks():
        if _solution_cells(_cells(notebook)):
            return notebook
    pytest.fail("no chapter notebook in book/ has a solution, so there is nothing to check")


def test_gated_solution_code_is_hidden_in_jupyter():
    """Static: JupyterLab folds a solution's code only if the cell's metadata says so."""
    unhidden = []
    for notebook in chapter_notebooks():
        cells = _cells(notebook)
        for i in _gated_code_cells(cells):
            jupyter = cells[i].get("metadata", {}).get("jupyter", {})
            if not (jupyter.get("source_hidden") and jupyter.get("outputs_hidden")):
                unhidden.append(f"{notebook.name}, cell {i}")
    assert not unhidden, (
        "code cells inside a solution need metadata "
        '{"jupyter": {"source_hidden": true, "outputs_hidden": true}}: ' + ", ".join(unhidden)
    )


def test_folded_solution_code_gives_nothing_away():
    """Static: a folded cell still shows its first line in JupyterLab, so make it a comment.

    ``assert sp.limit(sigma(t), t, sp.oo) == 1`` as a first line answers the problem above it
    before the student opens anything.
    """
    telling = []
    for notebook in chapter_notebooks():
        cells = _cells(notebook)
        for i in _gated_code_cells(cells):
            first = _source(cells[i]).lstrip("\n").split("\n", 1)[0].strip()
            if not first.startswith("#"):
                telling.append(f"{notebook.name}, cell {i}: {first!r}")
    assert not telling, (
        "JupyterLab shows the first line of a folded solution cell; start each with a comment "
        "such as '# Check the solution':\n" + "\n".join(telling)
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def jupyterlab(request, tmp_path: Path, chromium_path: str) -> str:
    """JupyterLab on the repository, on a free loopback port, without a token; its base URL.

    Its configuration, runtime files, settings and workspaces live in ``tmp_path``, so the
    user's own JupyterLab set-up neither leaks in nor is touched.
    """
    dirs = {
        name: tmp_path / name for name in ("home", "config", "runtime", "settings", "workspaces")
    }
    for directory in dirs.values():
        directory.mkdir()
    for plugin, values in LAB_SETTINGS.items():
        path = dirs["settings"] / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(
        os.environ,
        HOME=str(dirs["home"]),
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
    )
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={ROOT}", "--ServerApp.ip=127.0.0.1",
        # The extension manager would ask PyPI about extensions; this one cannot install any.
        "--LabApp.extension_manager=readonly",
        # Opening a notebook saves a first checkpoint; keep it out of the repository.
        f"--FileCheckpoints.checkpoint_dir={tmp_path / 'checkpoints'}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI runs as root in a throwaway container
    log_path = tmp_path / "jupyterlab.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )

    def stop() -> None:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()

    request.addfinalizer(stop)

    base = f"http://127.0.0.1:{port}"
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            with no_proxy.open(f"{base}/api/status", timeout=2) as response:
                if response.status == 200:
                    return base
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"JupyterLab did not answer within {START_TIMEOUT} s:\n{log_path.read_text()}"
            )
        time.sleep(0.2)


def _solution_ranges(cells: list[dict]) -> list[tuple[int, int, int]]:
    """(collapsed heading, solution-start, solution-end) cell indices of each gated solution."""
    ranges = []
    for start in _solution_cells(cells):
        end = start
        if "{solution-start}" in _source(cells[start]):  # a plain {solution} is one cell
            while end < len(cells) - 1 and not SOLUTION_END.search(
                _source(cells[end]) if cells[end]["cell_type"] == "markdown" else ""
            ):
                end += 1
        ranges.append((start - 1, start, end))
    return ranges


def test_every_solution_sits_under_a_collapsed_heading():
    """Static, for every chapter: what JupyterLab, Notebook 7 and Colab read to keep a solution
    folded, also after "Run All" (see tools/fold_solutions.py)."""
    for notebook in chapter_notebooks():
        nb = json.loads(notebook.read_text())
        cells = nb["cells"]
        collapsed_in_colab = nb["metadata"].get("colab", {}).get("collapsed_sections", [])
        for heading, start, _end in _solution_ranges(cells):
            where = f"{notebook.name}, cell {start}"
            head = cells[heading]
            assert head["cell_type"] == "markdown" and _source(head).startswith("### Solution"), (
                f"{where}: no collapsed heading before the solution; run `make fold`"
            )
            metadata = head["metadata"]
            assert metadata.get("jp-MarkdownHeadingCollapsed") is True, where
            assert metadata.get("heading_collapsed") is True, where
            assert "remove-cell" in metadata.get("tags", []), f"{where}: the book would show it"
            assert head["id"] in collapsed_in_colab, f"{where}: Colab would show the solution"


def _run_all(page, cells: list[dict], folded: set[int], timeout_ms: int) -> None:
    """Run every cell from the Run menu, as a student would, and wait until all have run.

    Cells run in order and Run All stops at an error, so the last code cell outside the folds
    gets its execution count last (cells under a collapsed heading are not drawn, prompts
    included).
    """
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    last = max(i for i, c in enumerate(cells) if c["cell_type"] == "code" and i not in folded)
    page.wait_for_function(
        r"""last => /\[\d+\]/.test(document.querySelectorAll(".jp-Notebook .jp-Cell")[last]
            .querySelector(".jp-InputPrompt").textContent)""",
        arg=last,
        timeout=timeout_ms,
    )


@pytest.mark.browser
@pytest.mark.slow
def test_solutions_stay_folded_in_jupyterlab_after_run_all(jupyterlab, sealed_page):
    """A student opens the chapter in JupyterLab and runs every cell: each solution, its text,
    code and outputs, stays under its collapsed heading until that heading is opened."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    notebook = _first_notebook_with_a_solution()
    cells = _cells(notebook)
    ranges = _solution_ranges(cells)
    folded = {i for heading, _start, end in ranges for i in range(heading + 1, end + 1)}
    sealed = sealed_page(
        lambda url: url.startswith(f"{jupyterlab}/") or url.startswith("data:"),
        height=1400,
    )
    page = sealed.page
    page.goto(f"{jupyterlab}/lab/tree/book/{notebook.name}")
    markdown = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown" and _source(c) and i not in folded
    ]
    try:
        page.wait_for_function(
            """([count, markdown]) => {
                const cells = document.querySelectorAll(".jp-Notebook .jp-Cell");
                return cells.length === count && markdown.every(i => {
                    const myst = cells[i].querySelector(".myst");
                    return myst && myst.childElementCount > 0;
                });
            }""",
            arg=[len(cells), markdown],
            timeout=RENDER_TIMEOUT * 1000,
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"JupyterLab did not render the Markdown of {notebook.name} with jupyterlab-myst "
            f"within {RENDER_TIMEOUT} s\n{sealed.problems()}"
        )
    dom_cells = page.locator(".jp-Notebook .jp-Cell")
    _run_all(page, cells, folded, timeout_ms=120_000)

    outside = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code"
        and i not in folded
        and "remove-cell" not in c["metadata"].get("tags", [])
    ]
    shown_outputs = [
        i for i in outside if dom_cells.nth(i).locator(".jp-OutputArea-output").first.is_visible()
    ]
    assert shown_outputs, "after Run All no output is visible anywhere: did the cells run?"
    for heading, start, end in ranges:
        head = dom_cells.nth(heading)
        assert head.is_visible() and "Solution" in head.inner_text(), (
            f"{notebook.name}, cell {heading}: the solution's heading is not shown"
        )
        assert head.locator(".jp-collapseHeadingButton.jp-mod-collapsed").count() == 1, (
            f"{notebook.name}, cell {heading}: the solution's heading is not collapsed"
        )
        visible = [i for i in range(start, end + 1) if dom_cells.nth(i).is_visible()]
        assert not visible, (
            f"{notebook.name}: after Run All, cells {visible} of the solution under cell "
            f"{heading} are visible"
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dom_cells.nth(ranges[0][0]).scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"lab-{notebook.stem}.png")

    # One deliberate click opens a solution; its text is then a folded <details> and its code
    # cells show placeholders, so what the student sees first is the output.
    heading, start, end = ranges[0]
    dom_cells.nth(heading).locator(".jp-showHiddenCellsButton").click()  # "+3 cells hidden"
    dom_cells.nth(start).wait_for(state="visible", timeout=5_000)
    details = dom_cells.nth(start).locator(".myst details")
    assert details.count() > 0, f"{notebook.name}, cell {start}: the solution is no <details>"
    assert "Solution" in details.first.locator(":scope > summary").inner_text()
    for i in _gated_code_cells(cells):
        if start < i < end:
            assert dom_cells.nth(i).locator(".jp-InputPlaceholder").is_visible(), (
                f"{notebook.name}, cell {i}: the solution's code is not folded"
            )
    page.screenshot(path=SCREENSHOTS / f"lab-{notebook.stem}-opened.png")
    assert not sealed.problems(), f"JupyterLab:\n{sealed.problems()}"
