"""Every reader can use the built book: axe-core finds nothing against WCAG 2.1 A and AA on any
page, at desktop and phone width, in the light theme and the dark one; every image says what it
shows; formulas carry MathML for screen readers; the keyboard reaches and works every slider and
every fold, with a visible focus ring.

axe-core comes with the ``axe-playwright-python`` package (its ``axe.min.js`` is injected into
the page, so the audit needs no network). Each page is audited with every fold open, so that
what solutions and hidden code show is audited too.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import AUDIT_SECONDS, DESKTOP, PHONE, TYPESET, _open_sealed, inside
from .test_book_pages import _OPEN_ALL_FOLDS, PAGES, _reveals, normalise

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The success criteria of WCAG 2.0 and 2.1 at levels A and AA, as axe-core tags its rules."""
THEMES = ("light", "dark")

ACCEPTED: dict[str, dict[str, tuple[int, str]]] = {}
"""Findings the project decided to live with, by page and axe rule id: (number of elements,
the reason). Asserted exactly, so that a new finding, or one more of an accepted kind, fails."""

CHAPTERS = [entry for entry in PAGES if entry not in ("book/intro", "book/notation")]


def open_in_theme(browser, html_dir, entry: str, width: int, theme: str):
    """A sealed page in its own context, in ``theme`` (as the theme's switch leaves it), loaded
    and typeset. Returns the context (to close) and the SealedPage."""
    context, sealed = _open_sealed(browser, inside(html_dir), width, 900)
    # pydata-sphinx-theme reads the reader's choice from localStorage before it paints.
    sealed.page.add_init_script(f'localStorage.setItem("mode", "{theme}");')
    sealed.page.goto((html_dir / f"{entry}.html").as_uri(), wait_until="load")
    sealed.page.evaluate(TYPESET)
    assert sealed.page.evaluate("() => document.documentElement.dataset.theme") == theme
    return context, sealed


def axe_violations(page) -> list[dict]:
    """axe-core's violations of the WCAG 2.1 A and AA rules on the page as it is now.

    MathJax's MathML copy of each formula (``mjx-assistive-mml``) is left out: it is clipped to
    nothing, so nobody sees its colours, and checking the contrast of its thousands of elements
    took half of the audit's time. The formulas as drawn are audited, and
    ``test_formulas_carry_mathml_for_screen_readers`` checks the copies.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
        # axe would fetch each stylesheet again to read it (for css-orientation-lock), which a
        # browser refuses on a page opened from disk: the book locks no orientation anyway.
        "preload": False,
    }
    context = {"exclude": [["mjx-assistive-mml"]]}
    return Axe().run(page, context=context, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:140]}")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("entry", PAGES)
def test_axe_finds_no_wcag_violation(entry, width, theme, browser, built_book, pytestconfig):
    assert built_book.returncode == 0, "jupyter-book build failed"
    context, sealed = open_in_theme(browser, built_book.html_dir, entry, width, theme)
    try:
        sealed.page.evaluate(_OPEN_ALL_FOLDS)
        sealed.page.wait_for_timeout(300)  # the folds' transitions
        start = time.perf_counter()
        violations = axe_violations(sealed.page)
        seconds = time.perf_counter() - start
        assert not sealed.problems(), sealed.problems()
    finally:
        context.close()
    pytestconfig.stash.setdefault(AUDIT_SECONDS, {})[entry, width, theme] = seconds
    found = {v["id"]: len(v["nodes"]) for v in violations}
    accepted = {rule: count for rule, (count, _) in ACCEPTED.get(entry, {}).items()}
    assert found == accepted, (
        f"{entry} at {width}px, {theme} theme: axe-core found {found}, the project accepts "
        f"{accepted}:\n{describe(violations)}"
    )


def test_accepted_findings_give_their_reasons():
    for entry, rules in ACCEPTED.items():
        assert entry in PAGES, f"ACCEPTED names {entry}, which is not a page of the book"
        for rule, (count, reason) in rules.items():
            assert count > 0 and len(reason.split()) >= 5, f"{entry}: {rule} needs a reason"


_PATH_LIKE = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|gif|svg|webp)$|^[0-9a-f]{16,}|^data:", re.I)


def _is_description(text: str | None) -> bool:
    return bool(text and text.strip()) and not _PATH_LIKE.search(text.strip())


@pytest.mark.parametrize("entry", PAGES)
def test_every_image_says_what_it_shows(entry, book_page):
    """Every content image (figures, explorer frames) has an ``alt`` that is text, not its file
    name or nothing; every frame of an explorer has its own, and none gives an answer away."""
    page = book_page(entry, PHONE).page
    images = page.evaluate(
        """() => Array.from(document.querySelectorAll(".bd-article img"), img => ({
            src: (img.currentSrc || img.src).slice(0, 120), alt: img.getAttribute("alt"),
            decorative: img.getAttribute("role") === "presentation"
        }))"""
    )
    missing = [
        f"image {i} ({unquote(urlsplit(image['src']).path.rsplit('/', 1)[-1])}): "
        f"alt={image['alt']!r}"
        for i, image in enumerate(images, start=1)
        if not image["decorative"] and not _is_description(image["alt"])
    ]
    assert not missing, (
        f"{entry}: images without a text alternative (set it in the cell's metadata, "
        '"mystnb": {"image": {"alt": "..."}}, or with explore(..., alt=...)):\n'
        + "\n".join(missing)
    )
    explorers = page.evaluate(
        """() => Array.from(document.querySelectorAll("div.sigmoid-explorer"), e => ({
            alts: JSON.parse(e.querySelector("script.sigmoid-explorer-data").textContent).alts,
            inSolution: !!e.closest(".solution")
        }))"""
    )
    reveals = _reveals(entry)
    for i, explorer in enumerate(explorers, start=1):
        alts = explorer["alts"]
        assert alts and all(_is_description(alt) for alt in alts), f"explorer {i}: {alts}"
        if explorer["inSolution"]:
            continue
        text = normalise(" ".join(alts))
        given_away = [
            f"{name}: {reveal!r}"
            for name, found in reveals.items()
            for reveal in found
            if normalise(reveal) and normalise(reveal) in text
        ]
        assert not given_away, f"{entry}: explorer {i}'s frames give answers away: {given_away}"


@pytest.mark.parametrize("entry", PAGES)
def test_formulas_carry_mathml_for_screen_readers(entry, book_page):
    """MathJax's assistive MathML: each typeset formula holds a MathML copy that a screen
    reader reads as mathematics, while the drawn glyphs are hidden from it; MathJax is the
    book's own copy, and formulas are not Tab stops unless they scroll sideways (then the
    keyboard scrolls them)."""
    page = book_page(entry).page
    formulas = page.evaluate(
        """() => Array.from(document.querySelectorAll("mjx-container"), c => ({
            mathml: !!c.querySelector(":scope > mjx-assistive-mml > math"),
            hidden: c.querySelector(":scope > mjx-math")?.getAttribute("aria-hidden") === "true",
            tab: c.getAttribute("tabindex"), text: c.textContent.slice(0, 60),
            scrolls: c.scrollWidth > c.clientWidth + 1
        }))"""
    )
    unread = [f["text"] for f in formulas if not (f["mathml"] and f["hidden"])]
    assert not unread, f"{entry}: formulas without assistive MathML: {unread[:5]}"
    stops = [f["text"] for f in formulas if f["tab"] not in (None, "-1") and not f["scrolls"]]
    assert not stops, f"{entry}: formulas in the Tab order: {stops[:5]}"
    scripts = page.evaluate("() => Array.from(document.scripts, s => s.src).filter(Boolean)")
    mathjax = [src for src in scripts if "mathjax" in src.lower()]
    if formulas:
        assert mathjax and all("/_static/mathjax/" in src for src in mathjax), mathjax


_FOCUS = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(), type: e.type || "",
        key: e.id || e.dataset.param || e.textContent.trim().slice(0, 40),
        explorer: [...document.querySelectorAll("div.sigmoid-explorer input[type=range]")]
            .indexOf(e),
        toggle: [...document.querySelectorAll("button.toggle-button")].indexOf(e),
        summary: [...document.querySelectorAll(".bd-article details > summary")].indexOf(e),
        ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
        visible: e.checkVisibility()
    };
}"""

_COUNTS = """() => [
    document.querySelectorAll("div.sigmoid-explorer input[type=range]").length,
    document.querySelectorAll("button.toggle-button").length,
    document.querySelectorAll(".bd-article details > summary").length
]"""


def _walk(page, limit: int = 3000) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page or comes back."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus["tag"] == "body" or (stops and focus == stops[0]):
            break
        stops.append(focus)
    return stops


@pytest.mark.parametrize("entry", CHAPTERS)
def test_keyboard_reaches_and_works_every_slider_and_fold(entry, browser, built_book):
    """Tab reaches every slider and every fold, each with a visible focus ring; the arrow keys
    move a slider, and its figure, its text alternative and its spoken value follow; Enter
    opens a folded solution."""
    assert built_book.returncode == 0, "jupyter-book build failed"
    context, sealed = open_in_theme(browser, built_book.html_dir, entry, DESKTOP, "light")
    try:
        page = sealed.page
        sliders, toggles, summaries = page.evaluate(_COUNTS)
        stops = _walk(page)
        reached = Counter()
        for kind in ("explorer", "toggle", "summary"):
            reached[kind] = len({s[kind] for s in stops if s[kind] >= 0})
        assert (reached["explorer"], reached["toggle"], reached["summary"]) == (
            sliders,
            toggles,
            summaries,
        ), f"{entry}: Tab reached {dict(reached)} of {sliders} sliders, {toggles} folded "
        f"solutions and {summaries} other folds"
        unringed = [s["key"] for s in stops if s["visible"] and not s["ring"]]
        assert not unringed, f"{entry}: focused without a visible focus ring: {unringed[:10]}"

        explorers = page.locator("div.sigmoid-explorer")
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            slider = explorer.locator("input[type=range]").first
            image = explorer.locator("img")
            before = (image.get_attribute("src"), image.get_attribute("alt"))
            value = slider.get_attribute("aria-valuetext")
            slider.focus()
            page.keyboard.press("ArrowRight")
            after = (image.get_attribute("src"), image.get_attribute("alt"))
            assert slider.input_value() == "1", f"{entry}: explorer {i + 1}: ArrowRight did nothing"
            assert after[0] != before[0], f"{entry}: explorer {i + 1}: the figure did not change"
            assert after[1] != before[1], f"{entry}: explorer {i + 1}: its alt did not change"
            assert slider.get_attribute("aria-valuetext") != value
            page.keyboard.press("ArrowLeft")
            assert (image.get_attribute("src"), image.get_attribute("alt")) == before

        if toggles:
            button = page.locator("button.toggle-button").first
            button.focus()
            page.keyboard.press("Enter")
            assert button.get_attribute("aria-expanded") == "true", f"{entry}: Enter did not open"
            title = button.get_attribute("aria-label")
            assert title and "Toggle hidden content" not in title, (
                f"{entry}: a folded solution's button is not named by its title: {title!r}"
            )
        assert not sealed.problems(), sealed.problems()
    finally:
        context.close()
