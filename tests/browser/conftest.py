"""Headless Chromium for the browser tests: one browser per session, one sealed context per page.

A sealed context lets a page fetch only what a predicate allows (for the book: its own files)
and records every request it refused, every ``console.error`` and every uncaught exception, so a
test can assert that a page reads offline and cleanly.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

import pytest

DESKTOP = 1280
PHONE = 390
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPESET = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    await document.fonts.ready;
}"""
"""Script that resolves once a loaded page's formulas are typeset and its fonts are in."""
INSTALL_HINT = "sudo apt-get install chromium, or set CHROMIUM=/path/to/chrome"

PAGE_WEIGHTS = pytest.StashKey[dict[str, tuple[int, int]]]()
"""Per page of the book: bytes of its HTML file and of the image files it loads."""
FIGURE_TEXT_PX = pytest.StashKey[dict[str, float]]()
"""Per page of the book: the smallest figure text on a phone, in CSS pixels."""
AUDIT_SECONDS = pytest.StashKey[dict[tuple[str, int, str], float]]()
"""Per page of the book, width and theme: how long axe-core's audit took, in seconds."""


def _unavailable(reason: str) -> NoReturn:
    """Skip on a laptop without a browser; fail in CI, where a skipped suite would be silent."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason}; CI is set, so the browser tests must run ({INSTALL_HINT})", pytrace=False
        )
    pytest.skip(f"{reason}; to run the browser tests: {INSTALL_HINT}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chromium to drive: $CHROMIUM if set, else /usr/bin/chromium."""
    wanted = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    path = shutil.which(wanted) or wanted
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        source = "CHROMIUM" if os.environ.get("CHROMIUM") else "the default path"
        _unavailable(f"no Chromium executable at {wanted} (from {source})")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class SealedPage:
    """A page in its own browser context, with what it was refused and what went wrong."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def checkpoint(self) -> tuple[int, int]:
        """Mark the problems so far, to ask later only for what came after."""
        return len(self.blocked), len(self.errors)

    def problems(self, since: tuple[int, int] = (0, 0)) -> str:
        blocked, errors = self.blocked[since[0] :], self.errors[since[1] :]
        return "\n".join([f"blocked request: {url}" for url in blocked] + errors)


def _open_sealed(browser, allow: Callable[[str], bool], width: int, height: int):
    """A new context whose requests ``allow`` rejects are aborted and recorded; and its page."""
    context = browser.new_context(viewport={"width": width, "height": height})
    sealed = SealedPage(page=None)

    def guard(route) -> None:
        url = route.request.url
        if allow(url):
            route.continue_()
        else:
            sealed.blocked.append(url)
            route.abort()

    def console(message) -> None:
        if message.type == "error":
            where = message.location.get("url") or "?"
            sealed.errors.append(f"console.error: {message.text} (at {where})")

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", console)
    page.on("pageerror", lambda error: sealed.errors.append(f"page error: {error}"))
    sealed.page = page
    return context, sealed


@pytest.fixture
def sealed_page(browser) -> Iterator[Callable[..., SealedPage]]:
    """Factory: ``sealed_page(allow, width=..., height=...)`` opens a page in a new context.

    Every request whose URL ``allow`` rejects is aborted and recorded. The contexts close at
    the end of the test.
    """
    contexts = []

    def open_(allow: Callable[[str], bool], width: int = DESKTOP, height: int = 900):
        context, sealed = _open_sealed(browser, allow, width, height)
        contexts.append(context)
        return sealed

    yield open_
    for context in contexts:
        context.close()


def inside(directory: Path) -> Callable[[str], bool]:
    """Allow data: URLs and file:// URLs of files inside ``directory``, nothing else."""
    root = directory.resolve()

    def allow(url: str) -> bool:
        if url.startswith("data:"):
            return True
        parts = urlsplit(url)
        if parts.scheme != "file":
            return False
        return Path(unquote(parts.path)).resolve().is_relative_to(root)

    return allow


@pytest.fixture(scope="session")
def book_page(built_book, browser) -> Iterator[Callable[[str, int], SealedPage]]:
    """Factory: ``book_page("book/intro", width)`` is that built page, loaded offline.

    Each page is loaded once per width and session, in its own context, and shared by the tests
    (which run in file order: the screenshots are taken before any test clicks or slides).
    The page has loaded and MathJax has finished its first typesetting.
    """
    tail = "\n".join(built_book.log.splitlines()[-40:])
    assert built_book.returncode == 0, f"jupyter-book build failed:\n{tail}"
    html_dir = built_book.html_dir
    opened: dict[tuple[str, int], SealedPage] = {}
    contexts = []

    def get(entry: str, width: int = DESKTOP) -> SealedPage:
        if (entry, width) not in opened:
            context, sealed = _open_sealed(browser, inside(html_dir), width, 900)
            contexts.append(context)
            sealed.page.goto((html_dir / f"{entry}.html").as_uri(), wait_until="load")
            sealed.page.evaluate(TYPESET)
            opened[entry, width] = sealed
        return opened[entry, width]

    yield get
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page_weights(pytestconfig: pytest.Config) -> dict[str, tuple[int, int]]:
    return pytestconfig.stash.setdefault(PAGE_WEIGHTS, {})


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print each page's weight, smallest figure text and accessibility audit time, so that a
    page growing towards the budget, a figure shrinking towards illegible or an audit growing
    too slow to keep running is noticed early."""
    audits = config.stash.get(AUDIT_SECONDS, {})
    if audits:
        terminalreporter.write_sep("-", "axe-core audit time per page (widths and themes)")
        by_page: dict[str, list[float]] = {}
        for (entry, _, _), seconds in audits.items():
            by_page.setdefault(entry, []).append(seconds)
        for entry, times in sorted(by_page.items()):
            terminalreporter.write_line(
                f"{entry}  {sum(times) / len(times):.2f} s mean, {max(times):.2f} s slowest "
                f"of {len(times)}"
            )
    figure_text = config.stash.get(FIGURE_TEXT_PX, {})
    if figure_text:
        terminalreporter.write_sep("-", "smallest figure text on a 390px phone")
        for entry, px in sorted(figure_text.items()):
            terminalreporter.write_line(f"{entry}  {px:.1f} px")
    weights = config.stash.get(PAGE_WEIGHTS, {})
    if not weights:
        return
    terminalreporter.write_sep("-", "page weight (HTML + images it loads)")
    width = max(len(entry) for entry in weights)
    for entry, (html_bytes, image_bytes) in sorted(weights.items()):
        total = html_bytes + image_bytes
        terminalreporter.write_line(
            f"{entry:<{width}}  {total / 1024:8.1f} KiB  "
            f"(HTML {html_bytes / 1024:.1f} KiB, images {image_bytes / 1024:.1f} KiB)"
        )
