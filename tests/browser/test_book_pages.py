"""Every page of the built book, in headless Chromium, offline: it loads cleanly, its math is
typeset, its solutions stay folded until asked for and give nothing away before, its explorers
move, its figures read on a phone, nothing is wider than the column, and it stays light.

Screenshots of every page at desktop and phone width land in ``_build/screenshots/``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from sigmoid_course.plotting import MIN_FONT_PT
from sigmoid_course.selfcheck import answer_keys, problems

from .conftest import DESKTOP, FIGURE_TEXT_PX, PHONE
from conftest import ROOT, toc_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = toc_files()
SCREENSHOTS = ROOT / "_build" / "screenshots"
MAX_PAGE_BYTES = 3 * 1024 * 1024
"""Budget for one page: its HTML (explorer frames are inlined there) plus the images it loads."""
MIN_FIGURE_TEXT_PX = 9.0
"""Smallest text in a figure, in CSS pixels as displayed, that a phone reader can still read."""

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
    page = opened.page
    solutions = page.locator("div.solution")
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
        assert not title.locator("a").count(), f"{name}: a link in its title jumps away"
        url = page.url
        title.click()  # the whole title opens the solution
        assert page.url == url, f"{name}: clicking its title left {url} for {page.url}"
        body.first.wait_for(state="visible", timeout=2_000)
        assert all(body.nth(j).is_visible() for j in range(body.count())), (
            f"{name}: part of it stays hidden after the click"
        )
        assert body.first.inner_text().strip(), f"{name}: no readable text after the click"
        assert toggle.get_attribute("aria-expanded") == "true"
        back = solution.locator(".solution-back a")
        if back.count():
            target = back.first.get_attribute("href")
            assert target.startswith("#") and page.locator(f"[id='{target[1:]}']").count() == 1, (
                f"{name}: its link back to the exercise points nowhere ({target})"
            )
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


# What a student can read without opening a solution: every text node and image description
# of the page, including folds that are not solutions (hidden code is one click away), with
# each typeset formula replaced by its TeX source. Solutions and folds titled "... (contains the
# answers)" are left out.
_TEXT_OUTSIDE_SOLUTIONS = r"""() => {
    const tex = new Map();
    if (window.MathJax && MathJax.startup && MathJax.startup.document) {
        for (const item of MathJax.startup.document.math) {
            if (item.typesetRoot) tex.set(item.typesetRoot, item.math);
        }
    }
    const title = e => {
        const t = e.querySelector(":scope > .admonition-title, :scope > summary");
        return t ? t.textContent : "";
    };
    const answers = e => e.matches(".solution") || (
        e.matches(".dropdown, details, .toggle") && /contains? the answers/i.test(title(e))
    );
    const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
    const parts = [];
    const walk = node => {
        if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
        if (node.nodeType !== Node.ELEMENT_NODE || skip.has(node.tagName) || answers(node)) return;
        if (node.tagName === "MJX-CONTAINER") {
            parts.push(" " + (tex.has(node) ? tex.get(node) : node.textContent) + " ");
            return;
        }
        if (node.tagName === "IMG" && node.alt) parts.push(" " + node.alt + " ");
        node.childNodes.forEach(walk);
    };
    walk(document.querySelector("main") || document.body);
    return parts.join(" ");
}"""

_TEX_WORDS = {
    "sigma": "σ", "pi": "π", "infty": "∞", "ell": "ℓ", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "cdot": "", "times": "×", "pm": "±", "approx": "≈", "to": "→", "eta": "η",
    "varepsilon": "ε", "delta": "δ", "odot": "⊙", "prime": "'", "ln": "ln", "log": "log",
    "exp": "exp", "tanh": "tanh", "max": "max", "min": "min", "lim": "lim",
}  # fmt: skip


def normalise(text: str) -> str:
    r"""Text and TeX reduced to one comparable form: ``\sigma(1-\sigma)`` == ``σ(1 − σ)``.

    Unicode minus, dashes, primes and spaces are unified; TeX commands become the symbols they
    print; fractions become ``a/b``; grouping (spaces, braces, parentheses, ``*``) is dropped
    from both sides, so that ``σ(t)*(1-σ(t))`` and ``\sigma(t)\,(1-\sigma(t))`` agree.
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\\(?:left|right|[bB]igg?[lr]?)\b", "", text)
    text = re.sub(r"\\[,;:! ]|\\q?quad\b", "", text)
    text = re.sub(r"\\(?:operatorname|math[a-z]+|boldsymbol|text)\s*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\[dt]?frac\s*(\w)\s*(\w)", r"\1/\2", text)
    text = re.sub(r"\\sqrt\s*\{([^{}]*)\}", r"√(\1)", text)
    text = re.sub(r"\\sqrt\s*(\w)", r"√\1", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_WORDS.get(m.group(1), m.group(1)), text)
    text = re.sub(r"[−–—‐‑]", "-", text)
    text = re.sub(r"[′’ʹ]", "'", text)
    text = text.replace("**", "^")
    text = re.sub(r"[\s{}()*·⋅]", "", text)
    return text.lower()


def _reveals(entry: str | None = None) -> dict[str, tuple[str, ...]]:
    """What gives an answer away, by problem; for ``entry``, only what that page must not show.

    A problem's answer must stay hidden on its own chapter's page (outside its solution) and on
    the pages every reader passes first (the introduction, the notation). Another chapter may
    teach or use it: the logistic-regression chapter derives the logloss's gradient, which the
    problem set also asks for, and later chapters build on the problem set's results.
    """
    keys = answer_keys()
    chapters = {e for e in PAGES if (ROOT / f"{e}.ipynb").exists()}
    applies = {
        name
        for key, names in keys.items()
        for name in names
        if entry is None or entry not in chapters or f"book/{key}" == entry
    }
    return {
        name: problem.reveals
        for name, problem in problems().items()
        if problem.reveals and name in applies
    }


def test_normalise_matches_text_with_its_tex():
    """The matcher itself: a reveal is found in its TeX and Unicode spellings, and only there."""
    pairs = [
        ("σ(1−σ)", r"\sigma' = \sigma\,\bigl(1-\sigma\bigr)"),
        ("ln(2+√3)", r"t = \pm\ln\bigl(2+\sqrt3\bigr)"),
        ("σ' ≤ 1/4", r"\sigma' \le \tfrac14"),
        ("0.475", "gaps are 0.475, 0.269"),
        ("σ(−k/10)", r"that is $\sigma(-k/10)$"),
    ]
    for reveal, page in pairs:
        assert normalise(reveal) in normalise(page), (reveal, page)
    assert normalise("f**T") == normalise("f^{T}")
    assert normalise("σ(1−σ)") not in normalise(r"\sigma(1+\sigma)")
    assert normalise("ln(2+√3)") not in normalise(r"\ln\bigl(2+\sqrt{5}\bigr)")


@pytest.mark.parametrize("entry", PAGES)
def test_no_answer_before_its_solution_is_opened(entry, book_page):
    """The intro, notation, figure descriptions, visible or one-click-away code, hints and open
    summaries say nothing an exercise asks for: no answer key's ``reveals`` string appears."""
    opened = book_page(entry, PHONE)  # no test opens anything on the phone pages before this
    text = normalise(opened.page.evaluate(_TEXT_OUTSIDE_SOLUTIONS))
    found = [
        f"{name}: {reveal!r}"
        for name, reveals in _reveals(entry).items()
        for reveal in reveals
        if normalise(reveal) and normalise(reveal) in text
    ]
    assert not found, (
        f"{entry} gives answers away outside their solutions (move them into the solution, or "
        "into a fold titled '... (contains the answers)'):\n" + "\n".join(found)
    )


def test_answer_keys_name_what_gives_them_away():
    """The check above is vacuous if no answer key says what would give it away."""
    assert _reveals(), "no registered Problem has `reveals`, so no page was checked for answers"


@pytest.mark.parametrize("entry", PAGES)
def test_ids_are_unique(entry, book_page):
    opened = book_page(entry)
    repeated = opened.page.evaluate(
        """() => {
            const counts = {};
            document.querySelectorAll("[id]").forEach(e => counts[e.id] = (counts[e.id] || 0) + 1);
            return Object.entries(counts).filter(([, n]) => n > 1);
        }"""
    )
    assert not repeated, f"{entry}: ids used more than once: {repeated}"


def _image_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    return Path(unquote(urlsplit(src).path)).read_bytes()


@pytest.mark.parametrize("entry", PAGES)
def test_figures_are_legible_on_a_phone(entry, book_page, pytestconfig):
    """Figure text, MIN_FONT_PT points drawn at the PNG's dpi, scaled to its displayed width."""
    opened = book_page(entry, PHONE)
    figures = opened.page.evaluate(
        """() => Array.from(document.querySelectorAll(
                ".bd-article .cell_output img, .bd-article .sigmoid-explorer img"
            )).map(img => [img.currentSrc || img.src, img.naturalWidth,
                           img.getBoundingClientRect().width])"""
    )
    smallest = pytestconfig.stash.setdefault(FIGURE_TEXT_PX, {})
    illegible = []
    for i, (src, natural, shown) in enumerate(figures, start=1):
        image = Image.open(io.BytesIO(_image_bytes(src)))
        dpi = image.info.get("dpi")
        assert dpi, f"{entry}: figure {i} records no dpi; draw it with sigmoid_course.plotting"
        px = MIN_FONT_PT * float(dpi[0]) / 72 * shown / natural
        smallest[entry] = min(px, smallest.get(entry, px))
        if px < MIN_FIGURE_TEXT_PX:
            illegible.append(f"figure {i}: {natural}px drawn, {shown:.0f}px shown, text {px:.1f}px")
    assert not illegible, (
        f"{entry}: figure text below {MIN_FIGURE_TEXT_PX}px on a {PHONE}px phone "
        "(draw narrower figures with sigmoid_course.plotting.figure):\n" + "\n".join(illegible)
    )


_OVERFLOW = r"""() => {
    // MathJax's copy of each formula for screen readers is clipped to nothing by design; it
    // would count as overflow of every formula.
    const quiet = document.createElement("style");
    quiet.textContent = "mjx-assistive-mml { display: none !important; }";
    document.head.appendChild(quiet);
    const article = document.querySelector(".bd-article");
    const box = article.getBoundingClientRect();
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + (e.className && typeof e.className === "string"
           ? "." + e.className.trim().split(/\s+/).slice(0, 2).join(".") : "")
        + ": " + (e.textContent || "").trim().slice(0, 60);
    const scrolls = s => s.overflowX === "auto" || s.overflowX === "scroll";
    const problems = [];
    for (const e of article.querySelectorAll("*")) {
        if (e.tagName !== "MJX-CONTAINER" && e.closest("mjx-container")) continue;
        if (!e.checkVisibility()) continue;
        const style = getComputedStyle(e);
        const overflows = e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1;
        if (overflows && e.tagName === "PRE") {
            problems.push("code or output cut off (it should wrap): " + name(e));
        } else if (overflows && scrolls(style) && !style.backgroundImage.includes("gradient")) {
            problems.push("scrolls sideways with no cue that it does: " + name(e));
        } else if (overflows && (style.overflowX === "hidden" || style.overflowX === "clip")) {
            problems.push("content cut off: " + name(e));
        }
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)) {
            let contained = false;
            for (let a = e.parentElement; a && a !== article; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== "visible") { contained = true; break; }
            }
            const wide = `wider than the column (${Math.round(r.width)}px): `;
            if (!contained) problems.push(wide + name(e));
        }
    }
    quiet.remove();
    return [box.width, problems];
}"""

_OPEN_ALL_FOLDS = """() => {
    document.querySelectorAll("button.toggle-button[aria-expanded=false]").forEach(b => b.click());
    document.querySelectorAll(".bd-article details:not([open])").forEach(d => d.open = true);
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("entry", PAGES)
def test_nothing_is_wider_than_the_column(entry, width, book_page):
    """With every fold open, no element sticks out of the text column or is cut off; what
    scrolls sideways (wide tables and equations) shows a cue, and code and outputs wrap."""
    opened = book_page(entry, width)
    opened.page.evaluate(_OPEN_ALL_FOLDS)
    opened.page.wait_for_timeout(300)  # the folds' transitions
    column, problems_found = opened.page.evaluate(_OVERFLOW)
    assert not problems_found, f"{entry} at {width}px (column {column:.0f}px):\n" + "\n".join(
        problems_found[:20]
    )
