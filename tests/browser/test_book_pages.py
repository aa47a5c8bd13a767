"""Every page of the built book, in headless Chromium, offline: it loads cleanly, its math is
typeset, its solutions stay folded until asked for, its explorers move, and it stays light.

Screenshots of every page at desktop and phone width land in ``_build/screenshots/``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import DESKTOP, PHONE
from conftest import ROOT, toc_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = toc_files()
SCREENSHOTS = ROOT / "_build" / "screenshots"
MAX_PAGE_BYTES = 3 * 1024 * 1024
"""Budget for one page: its HTML (explorer frames are inlined there) plus the images it loads."""

# Text nodes outside these elements are prose; raw TeX delimiters there mean MathJax missed it.
_RAW_TEX_IN_VISIBLE_TEXT = r"""() => {
    const skip = new Set(
        ["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "NOSCRIPT", "MJX-CONTAINER"]
    );
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        let hidden = !parent || !parent.checkVisibility({visibilityProperty: true});
        for (let e = node.parentElement; e && !hidden; e = e.parentElement) {
            if (skip.has(e.tagName)) hidden = true;
        }
        if (!hidden && /\\\(|\\\[|\$\$/.test(node.textContent)) {
            found.push(node.textContent.trim().slice(0, 120));
        }
    }
    return found;
}"""


def _slug(entry: str) -> str:
    return entry.removeprefix("book/").replace("/", "-")


def _source(entry: str) -> str:
    """The page's prose: Markdown of a .md page or of a notebook's markdown cells, no code."""
    md, ipynb = ROOT / f"{entry}.md", ROOT / f"{entry}.ipynb"
    if ipynb.exists():
        cells = json.loads(ipynb.read_text())["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = md.read_text()
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)  # fenced code
    return re.sub(r"`[^`\n]+`", "", text)  # inline code


def _has_math(source: str) -> bool:
    return bool(re.search(r"\$\$|\$[^\s$][^$\n]*\$|\\begin\{|\{math\}|\{eq\}", source))


@pytest.mark.parametrize("entry", PAGES)
def test_page_reads_offline_without_errors(entry, book_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, width in (("desktop", DESKTOP), ("phone", PHONE)):
        opened = book_page(entry, width)
        opened.page.screenshot(path=SCREENSHOTS / f"{_slug(entry)}-{name}.png", full_page=True)
        assert not opened.problems(), f"{entry} at {width}px:\n{opened.problems()}"


@pytest.mark.parametrize("entry", PAGES)
def test_math_is_typeset(entry, book_page):
    opened = book_page(entry)
    since = opened.checkpoint()
    page = opened.page
    typeset = page.locator("mjx-container").count()
    if _has_math(_source(entry)):
        assert typeset > 0, f"{entry} has math in its source but MathJax typeset none"
    untypeset = page.evaluate(
        """() => Array.from(document.querySelectorAll(".math"))
            .filter(e => !e.querySelector("mjx-container"))
            .map(e => e.textContent.trim().slice(0, 120))"""
    )
    assert not untypeset, f"math elements MathJax did not typeset: {untypeset}"
    raw = page.evaluate(_RAW_TEX_IN_VISIBLE_TEXT)
    assert not raw, f"raw TeX delimiters in the visible text of {entry}: {raw}"
    assert not opened.problems(since), opened.problems(since)


@pytest.mark.parametrize("entry", PAGES)
def test_solutions_stay_folded_until_clicked(entry, book_page):
    opened = book_page(entry)
    since = opened.checkpoint()
    solutions = opened.page.locator("div.solution")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        name = f"{entry}: solution {i + 1} ({solution.get_attribute('id')})"
        title = solution.locator(":scope > .admonition-title")
        body = solution.locator(":scope > :not(.admonition-title)")
        assert title.is_visible(), f"{name}: its title is not visible"
        assert "".join(body.all_text_contents()).strip(), f"{name} is empty"
        shown = [j for j in range(body.count()) if body.nth(j).is_visible()]
        assert not shown, f"{name} is readable before it is opened; give it `:class: dropdown`"
        toggle = solution.locator("button.toggle-button")
        assert toggle.count() == 1, f"{name} has no toggle button; give it `:class: dropdown`"
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        body.first.wait_for(state="visible", timeout=2_000)
        assert all(body.nth(j).is_visible() for j in range(body.count())), (
            f"{name}: part of it stays hidden after the click"
        )
        assert body.first.inner_text().strip(), f"{name}: no readable text after the click"
        assert toggle.get_attribute("aria-expanded") == "true"
    assert not opened.problems(since), f"while opening solutions:\n{opened.problems(since)}"


def _frame(explorer) -> str:
    """A short fingerprint of the frame the explorer shows, once it has decoded."""
    image = explorer.locator("img")
    image.evaluate("img => img.decode()")  # a broken data URI rejects here
    src = image.evaluate("img => img.src")
    return f"{hashlib.sha256(src.encode()).hexdigest()[:12]} ({len(src)} characters)"


@pytest.mark.parametrize("entry", PAGES)
def test_explorers_answer_their_sliders(entry, book_page):
    opened = book_page(entry)
    since = opened.checkpoint()
    explorers = opened.page.locator("div.sigmoid-explorer")
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        sliders = explorer.locator("input[type=range]")
        assert sliders.count() > 0, f"{entry}: explorer {i + 1} has no slider"
        for j in range(sliders.count()):
            slider = sliders.nth(j)
            name = f"{entry}: explorer {i + 1}, slider {slider.get_attribute('aria-label')!r}"
            label = slider.locator("xpath=following-sibling::output[1]")
            lowest, highest = slider.get_attribute("min"), slider.get_attribute("max")
            before_frame, before_label = _frame(explorer), label.inner_text()
            slider.fill(highest)  # sets the value and fires input and change, like a drag
            assert _frame(explorer) != before_frame, f"{name}: moving it did not change the figure"
            assert label.inner_text() != before_label, f"{name}: its value label did not change"
            slider.fill(lowest)
            assert _frame(explorer) == before_frame, f"{name}: moving back did not restore it"
            assert label.inner_text() == before_label
    assert not opened.problems(since), f"while sliding:\n{opened.problems(since)}"

    if explorers.count():
        phone = book_page(entry, PHONE)
        overflowing = phone.page.evaluate(
            """width => Array.from(document.querySelectorAll("div.sigmoid-explorer"))
                .map((e, i) => [
                    i + 1, e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth
                ])
                .filter(([, right, overflow]) => right > width || overflow > 1)""",
            PHONE,
        )
        assert not overflowing, f"{entry}: explorers wider than a {PHONE}px phone: {overflowing}"


@pytest.mark.parametrize("entry", PAGES)
def test_page_weight(entry, book_page, built_book, page_weights):
    html_dir = built_book.html_dir.resolve()
    html_file = html_dir / f"{entry}.html"
    opened = book_page(entry)
    sources = opened.page.evaluate("() => Array.from(document.images, i => i.currentSrc || i.src)")
    images = set()
    for src in sources:
        if not src.startswith("file://"):
            continue  # data: frames are already counted in the HTML
        path = Path(unquote(urlsplit(src).path)).resolve()
        if path.is_relative_to(html_dir) and not path.is_relative_to(html_dir / "_static"):
            images.add(path)
    html_bytes = html_file.stat().st_size
    image_bytes = sum(p.stat().st_size for p in images if p.exists())
    page_weights[entry] = (html_bytes, image_bytes)
    total = html_bytes + image_bytes
    assert total <= MAX_PAGE_BYTES, (
        f"{entry} weighs {total / 2**20:.2f} MiB (HTML {html_bytes / 2**20:.2f} MiB, "
        f"images {image_bytes / 2**20:.2f} MiB); the budget is {MAX_PAGE_BYTES / 2**20:.0f} MiB"
    )


def test_the_book_has_solutions_and_explorers(built_book):
    """The checks above pass vacuously on a book with nothing to fold or move."""
    assert built_book.returncode == 0, "jupyter-book build failed"
    html = {entry: (built_book.html_dir / f"{entry}.html").read_text() for entry in PAGES}
    with_solutions = [e for e, text in html.items() if re.search(r'class="solution\b', text)]
    with_explorers = [e for e, text in html.items() if 'class="sigmoid-explorer"' in text]
    assert with_solutions, "no page of the book has a solution, so none was checked"
    assert with_explorers, "no page of the book has an explorer, so none was checked"
