"""An answer box under every typed exercise of the book, checked by the course's own engine.

Every check cell of a chapter (a code cell with ``check("NAME", answer)``) whose problem takes a
typed answer (a formula, a number, a tuple of them; not a Python function) gets, right after
the cell, the box the page's contract describes (CONTRIBUTING.md, "Answer boxes")::

    <form class="selfcheck" data-problem="NAME" hidden> ... <input> ... <button>Check</button>
      <p class="selfcheck-verdict" role="status"> "Right. ..." or "Not yet. ..." </p> </form>

The form is ``hidden`` until ``selfcheck.js`` shows it, so that with JavaScript or WebAssembly
off the page reads as it did, with the check cell's code. The verdict is what
``str(check(NAME, text))`` returns: the page runs the same Python engine in a Web Worker on
Pyodide, so there is no second implementation of any check.

When the builder starts, this extension writes the runtime into ``_static/selfcheck/``:

- Pyodide's core files, from the npm package pinned in ``package.json`` (``make book`` runs
  ``npm ci``, which puts them in ``node_modules/pyodide``);
- sympy and mpmath, the pure-Python packages pinned in ``requirements.txt``, from the files of
  the distributions installed in the build's environment (their wheels' contents, without their
  test suites), each as a zip for ``pyodide.unpackArchive``. The modules that importing them
  loads are shipped compiled by Pyodide's own Python (``compile_for_pyodide.mjs``, run with
  Node.js once per version and kept in ``node_modules/.cache``), which makes the first check
  several seconds faster; the others stay source;
- the engine's bundle, written by ``tools/selfcheck_bundle.py``: the package as a wheel, the
  values that need numpy computed here, and a manifest of the problems;
- ``runtime.json``, which tells the worker what to fetch and how many bytes that is.

Nothing is fetched from outside the book, at build time or when a reader checks an answer.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

TARGET = Path("_static") / "selfcheck"
"""Where the runtime goes in the built book."""

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The files of the npm package ``pyodide`` that a worker loads (its core; no packages)."""

PURE_PYTHON = ("mpmath", "sympy")
"""The engine's dependencies, shipped from the build's environment at their pinned versions."""

CACHE = Path("node_modules") / ".cache" / "sigmoid-selfcheck"
"""Compiled archives, by Pyodide and package version: compiling takes Node.js half a minute."""

_CHECK_CALL = re.compile(r'^\s*check\(\s*"([^"]+)"\s*,\s*answer\s*\)\s*$', re.M)


class RuntimeMissing(Exception):
    """The build cannot ship the runtime (a step of ``make book`` has not run)."""


def _pinned_pyodide(root: Path) -> str:
    if not (root / "package.json").exists():
        raise RuntimeMissing("package.json, which pins Pyodide, is missing")
    wanted = json.loads((root / "package.json").read_text())["dependencies"]["pyodide"]
    installed = root / "node_modules" / "pyodide" / "package.json"
    if not installed.exists():
        raise RuntimeMissing("node_modules/pyodide is missing; `make book` runs `npm ci` first")
    have = json.loads(installed.read_text())["version"]
    if have != wanted:
        raise RuntimeMissing(
            f"node_modules has pyodide {have}, package.json pins {wanted}; run `npm ci`"
        )
    return have


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == source.stat().st_size:
        if target.stat().st_mtime >= source.stat().st_mtime:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _source_archive(name: str, path: Path) -> None:
    """The installed distribution's files as a zip: its wheel's contents, without tests."""
    dist = distribution(name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for file in sorted(dist.files or [], key=str):
            relative = str(file)
            if relative.startswith("..") or "__pycache__" in relative or "/tests/" in relative:
                continue
            archive.write(file.locate(), relative)


def _compiled_archives(root: Path, pyodide_version: str) -> list[Path]:
    """sympy and mpmath for Pyodide, compiled where importing loads them; cached."""
    cache = root / CACHE
    versions = {name: distribution(name).version for name in PURE_PYTHON}
    wanted = [
        cache / f"{name}-{versions[name]}-pyodide-{pyodide_version}.zip" for name in PURE_PYTHON
    ]
    if all(path.exists() for path in wanted):
        return wanted
    cache.mkdir(parents=True, exist_ok=True)
    sources = [cache / f"{name}-{versions[name]}-source.zip" for name in PURE_PYTHON]
    for name, source in zip(PURE_PYTHON, sources, strict=True):
        _source_archive(name, source)
    node = shutil.which("node")
    if node is None:
        raise RuntimeMissing("Node.js is needed to compile sympy for Pyodide (see README)")
    script = Path(__file__).with_name("compile_for_pyodide.mjs")
    pairs = [str(p) for pair in zip(sources, wanted, strict=True) for p in pair]
    result = subprocess.run(
        [node, str(script), str(root / "node_modules" / "pyodide"), *PURE_PYTHON, *pairs],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not all(path.exists() for path in wanted):
        raise RuntimeMissing(f"compiling for Pyodide failed:\n{result.stderr[-2000:]}")
    for source in sources:
        source.unlink()
    return wanted


def _engine_bundle(root: Path, directory: Path) -> dict[str, Any]:
    """Write the engine's bundle into ``directory`` and return its manifest."""
    shutil.rmtree(directory, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "selfcheck_bundle.py"), str(directory)],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    if result.returncode != 0:
        raise RuntimeMissing(f"tools/selfcheck_bundle.py failed:\n{result.stderr[-2000:]}")
    return json.loads((directory / "selfcheck-manifest.json").read_text())


def prepare_runtime(app) -> None:
    """Write the runtime into the built book and keep the manifest for the boxes."""
    app.env.selfcheck = None
    if app.builder.format != "html":
        return
    root = Path(app.srcdir)
    target = Path(app.outdir) / TARGET
    try:
        version = _pinned_pyodide(root)
        for name in PYODIDE_FILES:
            _copy_if_changed(root / "node_modules" / "pyodide" / name, target / "pyodide" / name)
        archives = []
        for path in _compiled_archives(root, version):
            _copy_if_changed(path, target / path.name)
            archives.append(path.name)
        manifest = _engine_bundle(root, target / "engine")
    except RuntimeMissing as error:
        LOGGER.warning(f"answer boxes: {error}", type="selfcheck")
        return
    shipped = {f"{name}=={distribution(name).version}" for name in PURE_PYTHON}
    if set(manifest["requires"]) != shipped:
        LOGGER.warning(
            f"answer boxes: the engine requires {manifest['requires']}, the page ships "
            f"{sorted(shipped)}",
            type="selfcheck",
        )
        return
    archives.append(f"engine/{manifest['wheel']}")
    files = [f"pyodide/{name}" for name in PYODIDE_FILES] + archives
    runtime = {
        "pyodide": "pyodide/",
        "archives": archives,
        "warmup": manifest["warmup"],
        "entry": manifest["entry"],
        "bytes": sum((target / name).stat().st_size for name in files),
    }
    (target / "runtime.json").write_text(json.dumps(runtime, indent=1) + "\n")
    for stale in target.glob("*.zip"):  # archives of versions no longer pinned
        if stale.name not in archives:
            stale.unlink()
    # This file's own text too: it writes the boxes.
    state = json.dumps([runtime, manifest, Path(__file__).read_text()], sort_keys=True)
    digest = hashlib.sha256(state.encode()).hexdigest()
    app.env.selfcheck = {"manifest": manifest, "bytes": runtime["bytes"], "digest": digest}


def pages_to_rewrite(app, env) -> list[str]:
    """Every page again when the manifest, the runtime or this extension changed: the boxes
    carry them."""
    current = (env.selfcheck or {}).get("digest")
    if getattr(env, "selfcheck_digest", None) == current:
        return []
    env.selfcheck_digest = current
    return sorted(env.found_docs)


def box(name: str, problem: dict[str, Any], manifest: dict[str, Any], runtime_bytes: int) -> str:
    """The HTML of one answer box (hidden until the page's script shows it)."""
    quoted = {key: html.escape(str(value), quote=True) for key, value in problem.items()}
    quoted["seconds"] = html.escape(str(manifest["seconds"]))
    ident = f"selfcheck-{re.sub(r'[^A-Za-z0-9_-]', '-', name)}"
    mb = f"{runtime_bytes / 1e6:.0f}"
    return (
        f'<form class="selfcheck" data-problem="{html.escape(name, quote=True)}" '
        f'data-timeout="{quoted["timeout_verdict"]}" data-seconds="{quoted["seconds"]}" '
        f'data-bytes="{runtime_bytes}" hidden>\n'
        f'<label for="{ident}">Your answer to <code>{html.escape(name)}</code></label>\n'
        f'<div class="selfcheck-row"><input id="{ident}" name="answer" type="text" '
        f'autocomplete="off" autocapitalize="off" autocorrect="off" spellcheck="false" '
        f'placeholder="e.g. {quoted["example"]}" aria-describedby="{ident}-verdict">'
        f'<button type="submit">Check</button></div>\n'
        f'<div class="selfcheck-loading" hidden><progress max="{runtime_bytes}" value="0" '
        f'aria-label="Loading the checker"></progress> '
        f"<span>Loading the checker: {mb} MB, once for the whole book</span></div>\n"
        f'<p class="selfcheck-verdict" id="{ident}-verdict" role="status" aria-live="polite">'
        f"</p>\n"
        f'<details class="selfcheck-help"><summary>What can I type?</summary>'
        f"<p>{html.escape(manifest['vocabulary'])}</p></details>\n"
        f"</form>\n"
    )


def insert_boxes(app, doctree: nodes.document, docname: str) -> None:
    """After every check cell of a typed problem, its answer box."""
    runtime = app.env.selfcheck
    if runtime is None:
        return
    manifest = runtime["manifest"]
    for block in list(doctree.findall(nodes.literal_block)):
        match = _CHECK_CALL.search(block.astext())
        if not match:
            continue
        cell = block.parent
        while cell is not None and cell.get("nb_element") != "cell_code":
            cell = cell.parent
        if cell is None:
            continue
        name = match.group(1)
        problem = manifest["problems"].get(name)
        if problem is None:
            LOGGER.warning(
                f"answer boxes: the engine's manifest has no problem {name!r}",
                location=block,
                type="selfcheck",
            )
            continue
        if not problem["typed"]:
            continue
        markup = box(name, problem, manifest, runtime["bytes"])
        cell.parent.insert(cell.parent.index(cell) + 1, nodes.raw("", markup, format="html"))


def setup(app):
    app.connect("builder-inited", prepare_runtime)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", insert_boxes)
    # The page's side: it starts nothing until a reader uses a box (book/_ext/static/).
    app.add_js_file("selfcheck.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
