"""A chapter as a student opens it in JupyterLab: its solutions folded, their code hidden.

The book is not the only way in: `make lab`, Binder and Colab open the notebooks themselves,
where jupyterlab-myst renders the Markdown. A gated solution (``solution-start`` with
``:class: dropdown`` ... ``solution-end``) is a closed ``<details>`` there, and the code cells
inside it must carry ``jupyter.source_hidden`` and ``jupyter.outputs_hidden`` so that JupyterLab
folds them too.
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


@pytest.mark.browser
@pytest.mark.slow
def test_solutions_are_folded_in_jupyterlab(jupyterlab, sealed_page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    notebook = _first_notebook_with_a_solution()
    cells = _cells(notebook)
    sealed = sealed_page(
        lambda url: url.startswith(f"{jupyterlab}/") or url.startswith("data:"),
        height=1400,
    )
    page = sealed.page
    page.goto(f"{jupyterlab}/lab/tree/book/{notebook.name}")
    markdown = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and _source(c)]
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
            timeout=START_TIMEOUT * 1000,
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"JupyterLab did not render the Markdown of {notebook.name} with jupyterlab-myst "
            f"within {START_TIMEOUT} s\n{sealed.problems()}"
        )
    dom_cells = page.locator(".jp-Notebook .jp-Cell")

    for i in _solution_cells(cells):
        details = dom_cells.nth(i).locator(".myst details")
        assert details.count() > 0, (
            f"{notebook.name}, cell {i}: the solution is not a collapsible <details> in "
            "JupyterLab; give it `:class: dropdown`"
        )
        for j in range(details.count()):
            fold = details.nth(j)
            assert fold.locator(":scope > summary").is_visible()
            assert "Solution" in fold.locator(":scope > summary").inner_text()
            assert not fold.evaluate("d => d.open"), f"{notebook.name}, cell {i}: solution is open"
            body = fold.locator(":scope > :not(summary)")
            assert not any(body.nth(k).is_visible() for k in range(body.count())), (
                f"{notebook.name}, cell {i}: the solution's text shows while it is folded"
            )

    for i in _gated_code_cells(cells):
        cell = dom_cells.nth(i)
        assert cell.locator(".jp-InputPlaceholder").is_visible(), (
            f"{notebook.name}, cell {i}: the solution's code is not folded"
        )
        assert not cell.locator(".jp-InputArea-editor").is_visible()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dom_cells.nth(_solution_cells(cells)[0]).scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"lab-{notebook.stem}.png")
    assert not sealed.problems(), f"JupyterLab:\n{sealed.problems()}"
