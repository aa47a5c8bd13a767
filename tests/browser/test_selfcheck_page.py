"""The answer boxes of the built book, in headless Chromium over http on loopback, every request
outside the book refused: each box gives, for everything its key lists, the verdict Python's
``check()`` gives, word for word; garbage gets a ``Not yet.`` while the page keeps running; a
page fetches nothing of the checker before it is used; a check past the time limit is stopped
and the box works again; on ``file://`` and without JavaScript the page reads as before.

Answers come from each key's ``accepts`` and ``rejects``. A string is typed as it is. Other
entries are typed as a student would type them: a float as Python prints it (``repr``, every
digit that identifies it), an int in decimal, a sympy expression as ``str`` prints it (which
the engine reads: ``sigma(t)``, ``log(2)``, ``**``; ``Heaviside`` as the vocabulary's ``H``),
a tuple or list as ``(a, b, ...)`` of those. The test compares the box's verdict with
``str(check(name, typed))`` for that same text, so the comparison holds whatever the text's
verdict is; ``test_typed_forms_keep_their_verdict`` says where a converted entry reads
differently from the original (none does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from numbers import Integral, Real

import pytest
import sympy as sp

from sigmoid_course.selfcheck import check, problems

from .conftest import DESKTOP, PHONE
from .served import ServedBook, serve
from conftest import ROOT, toc_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = ROOT / "_build" / "screenshots"
RUNTIME = "/_static/selfcheck/"
MAX_PAGE_BYTES = 3 * 1024 * 1024
GARBAGE = ("", "import os", "10**10**10", "7" * 5000, "sigma(", "s" * 500)
SLOW = ("book/sigmoid-problems", "max-derivative", "(1+10**-900)**(10**900)/(4*e)")
"""A page, a problem on it and a genuinely slow answer to it: an exact power with a
900-digit exponent, which Python stops at the engine's time limit and Pyodide would compute
for minutes (its engine cannot stop itself: no interval timer)."""

# Submits each answer through the box as a reader does (the form's submit), waits for its
# verdict, and counts how often a 50 ms timer fired meanwhile (the page must keep running).
_CHECK_ALL = r"""async ([problem, answers]) => {
    const form = document.querySelector(`form.selfcheck[data-problem="${problem}"]`);
    const input = form.querySelector("input");
    const verdict = form.querySelector("[role=status]");
    const results = [];
    for (const answer of answers) {
        input.value = answer;
        let ticks = 0, longest = 0, last = performance.now();
        const timer = setInterval(() => {
            const now = performance.now();
            longest = Math.max(longest, now - last);
            last = now;
            ticks += 1;
        }, 50);
        const done = new Promise((resolve) => {
            const watch = new MutationObserver(() => {
                if (!form.hasAttribute("aria-busy")) {
                    watch.disconnect();
                    resolve();
                }
            });
            watch.observe(form, {attributes: true, attributeFilter: ["aria-busy"]});
        });
        const start = performance.now();
        form.requestSubmit();
        await done;
        clearInterval(timer);
        const ms = performance.now() - start;
        const engine = Number(verdict.dataset.ms);
        // The verdict's text with its code marked as Python writes it: `...`.
        const text = [...verdict.childNodes]
            .map(n => n.nodeName === "CODE" ? "`" + n.textContent + "`" : n.textContent)
            .join("");
        results.push({text, ms, engine, ticks, longest});
    }
    return results;
}"""


def typed(answer) -> str:
    """An answer key's entry as a student would type it into the box (see the module's doc)."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool):
        return str(int(answer))
    if isinstance(answer, Integral):
        return str(int(answer))
    if isinstance(answer, Real) and not isinstance(answer, sp.Basic):
        return repr(float(answer))
    if isinstance(answer, sp.Basic):
        # The vocabulary calls the unit step H; sympy prints it Heaviside.
        return str(answer).replace("Heaviside(", "H(")
    if isinstance(answer, tuple | list):
        return "(" + ", ".join(typed(part) for part in answer) + ")"
    raise TypeError(f"no typed form for {answer!r}")


def typed_problems() -> dict[str, object]:
    return {name: p for name, p in problems().items() if not callable(p.expected)}


def answers(problem) -> list[str]:
    entries = [typed(a) for a in (*problem.accepts, *problem.rejects)]
    return list(dict.fromkeys(entries))


def check_cells() -> dict[str, list[str]]:
    """The problems of each chapter's check cells, in page order, from the notebooks."""
    found = {}
    for entry in toc_files():
        notebook = ROOT / f"{entry}.ipynb"
        if notebook.exists():
            found[entry] = re.findall(r'check\(\\"([^"\\]+)\\", answer\)', notebook.read_text())
    return found


def boxes_by_page(html_dir) -> dict[str, list[str]]:
    found = {}
    for entry in toc_files():
        text = (html_dir / f"{entry}.html").read_text()
        names = re.findall(r'<form class="selfcheck" data-problem="([^"]+)"', text)
        if names:
            found[entry] = names
    return found


@pytest.fixture(scope="module")
def served(built_book) -> Iterator[ServedBook]:
    assert built_book.returncode == 0, built_book.log[-3000:]
    with serve(built_book.html_dir) as book:
        yield book


@pytest.fixture(scope="module")
def pages(built_book) -> dict[str, list[str]]:
    return boxes_by_page(built_book.html_dir)


def served_html(served: ServedBook):
    return ROOT / "_build" / "html"


def open_page(sealed_page, served: ServedBook, entry: str, width: int = DESKTOP):
    sealed = sealed_page(served.allow, width=width)
    mark = served.mark()
    sealed.page.goto(f"{served.url}{entry}.html", wait_until="load")
    sealed.page.wait_for_load_state("networkidle")
    return sealed, mark


def page_problems(sealed, served: ServedBook) -> str:
    """What went wrong on a page, but for the browser's own request of /favicon.ico, which the
    book does not have (the console reports its 404 as an error)."""
    lines = sealed.problems().splitlines()
    missing = {s.path for s in served.log if s.status == 404}
    if missing <= {"/favicon.ico"}:
        lines = [line for line in lines if "404 (File not found)" not in line]
    return "\n".join(lines)


def test_every_typed_check_cell_has_a_box_and_no_function_problem_has_one(pages):
    typed_names = typed_problems()
    for entry, names in check_cells().items():
        assert pages.get(entry, []) == [n for n in names if n in typed_names], entry
    boxed = {name for names in pages.values() for name in names}
    assert boxed and not boxed - set(typed_names)


def test_typed_forms_keep_their_verdict():
    """Each converted (non-string) entry is still right, or still not right, when typed."""
    changed = []
    for name, problem in typed_problems().items():
        for answer, right in [(a, True) for a in problem.accepts] + [
            (r, False) for r in problem.rejects
        ]:
            if not isinstance(answer, str) and check(name, typed(answer)).correct != right:
                changed.append(f"{name}: {answer!r} typed as {typed(answer)!r}")
    assert not changed, "\n".join(changed)


def test_a_page_fetches_nothing_of_the_checker_until_a_box_is_used(sealed_page, served, pages):
    """Before its first use a page fetches no byte of the runtime, and the boxes add little:
    the page's budget (its HTML and images, as test_book_pages counts it) still holds. (The
    theme's Font Awesome script, 1.5 MB, and MathJax, 1.2 MB, come on top of it on every page.)"""
    for entry in pages:
        sealed, mark = open_page(sealed_page, served, entry)
        sent = served.since(mark)
        assert not [s.path for s in sent if s.path.startswith(RUNTIME)], entry
        assert not page_problems(sealed, served), page_problems(sealed, served)
        page_bytes = sum(s.bytes for s in sent if s.path.endswith((".html", ".png")))
        assert page_bytes < MAX_PAGE_BYTES, (entry, page_bytes)
        script = sum(s.bytes for s in sent if s.path == "/_static/selfcheck.js")
        html = (served_html(served) / f"{entry}.html").read_text()
        boxes = sum(len(f) for f in re.findall(r'<form class="selfcheck".*?</form>', html, re.S))
        assert 0 < script + boxes < 40_000, (entry, script, boxes)
        form = sealed.page.locator("form.selfcheck").first
        assert form.is_visible()
        # Focusing a box starts the download, with its size shown.
        mark = served.mark()
        form.locator("input").focus()
        sealed.page.wait_for_function(
            "() => document.querySelector('form.selfcheck progress').value > 0", timeout=60000
        )
        assert " MB, once for the whole book" in form.locator(".selfcheck-loading").inner_text()
        assert any(s.path.startswith(RUNTIME) for s in served.since(mark)), entry
        sealed.page.context.close()


@pytest.mark.parametrize(
    "entry", [e for e, names in check_cells().items() if set(names) & set(typed_problems())]
)
def test_every_box_gives_pythons_verdict_for_every_listed_answer(sealed_page, served, pages, entry):
    names = pages[entry]
    sealed, _ = open_page(sealed_page, served, entry)
    wrong = []
    for name in names:
        typed_answers = answers(problems()[name])
        results = sealed.page.evaluate(_CHECK_ALL, [name, typed_answers])
        for text, result in zip(typed_answers, results, strict=True):
            expected = str(check(name, text))
            if result["text"] != expected:
                wrong.append(f"{name} {text!r}:\n  page:   {result['text']}\n  Python: {expected}")
    assert not wrong, "\n".join(wrong)
    assert not page_problems(sealed, served), page_problems(sealed, served)


def test_garbage_gets_not_yet_and_the_page_keeps_running(sealed_page, served, pages):
    entry, names = next(iter(pages.items()))
    sealed, _ = open_page(sealed_page, served, entry)
    # The first check loads the runtime, seconds of work in the worker; a 50 ms timer on the
    # page kept firing all along.
    (first,) = sealed.page.evaluate(_CHECK_ALL, [names[0], ["1/2"]])
    assert first["ms"] > 1000 and first["ticks"] >= first["ms"] / 50 / 3, first
    assert first["longest"] < 500, first
    results = sealed.page.evaluate(_CHECK_ALL, [names[0], list(GARBAGE)])
    for text, result in zip(GARBAGE, results, strict=True):
        assert result["text"].startswith("Not yet. "), (text[:20], result["text"])
        assert result["text"] == str(check(names[0], text)), text[:20]
        assert result["longest"] < 500, (text[:20], result)
    assert not page_problems(sealed, served), page_problems(sealed, served)


def test_enter_checks_and_the_verdict_is_announced(sealed_page, served, pages):
    entry, names = next(iter(pages.items()))
    sealed, _ = open_page(sealed_page, served, entry, width=PHONE)
    page = sealed.page
    form = page.locator(f'form.selfcheck[data-problem="{names[0]}"]')
    label = form.locator("label")
    box = page.get_by_label(label.inner_text())
    assert box.count() == 1
    box.focus()
    page.keyboard.type("1/2")
    page.keyboard.press("Enter")
    status = form.get_by_role("status")
    page.wait_for_function(
        "(form) => !form.hasAttribute('aria-busy') && form.querySelector('[role=status]')"
        ".textContent.length > 0 && !form.querySelector('[role=status]').textContent"
        ".startsWith('Checking')",
        arg=form.element_handle(),
        timeout=60000,
    )
    # As the notebook shows it: the quoted answer `1/2` set as code, without the backticks.
    said = str(check(names[0], "1/2"))
    assert status.inner_text() == said.replace("`", "")
    if "`1/2`" in said:
        assert "1/2" in status.locator("code").all_inner_texts()
    assert status.get_attribute("aria-live") == "polite"
    assert form.locator("button").inner_text() == "Check"
    # Nothing wider than the phone.
    overflow = page.evaluate(
        "(form) => form.getBoundingClientRect().right - document.documentElement.clientWidth",
        form.element_handle(),
    )
    assert overflow <= 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    form.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "selfcheck-phone.png")


def test_a_check_past_the_time_limit_is_stopped_and_the_box_works_again(sealed_page, served):
    entry, name, slow = SLOW
    sealed, _ = open_page(sealed_page, served, entry)
    form = sealed.page.locator(f'form.selfcheck[data-problem="{name}"]')
    sealed.page.evaluate(_CHECK_ALL, [name, ["1/2"]])
    results = sealed.page.evaluate(_CHECK_ALL, [name, [slow, "1/2"]])
    assert results[0]["text"] == form.get_attribute("data-timeout") == str(check(name, slow))
    limit = float(form.get_attribute("data-seconds")) * 1000
    assert limit <= results[0]["ms"] < limit + 5000
    assert results[1]["text"] == str(check(name, "1/2"))
    assert not page_problems(sealed, served), page_problems(sealed, served)


def test_on_file_the_box_says_why_it_cannot_check(book_page, pages):
    entry = next(iter(pages))
    sealed = book_page(entry)
    form = sealed.page.locator("form.selfcheck").first
    assert form.is_visible()
    assert form.locator("input").is_disabled()
    message = form.get_by_role("status").inner_text()
    assert "make serve" in message and "\n" not in message


def test_without_javascript_the_page_reads_as_before(browser, served, pages):
    entry, names = next(iter(pages.items()))
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{served.url}{entry}.html")
        assert not page.locator("form.selfcheck").first.is_visible()
        assert page.get_by_text(f'check("{names[0]}", answer)').first.is_visible()
    finally:
        context.close()


def test_screenshot_of_a_verdict_on_a_desktop(sealed_page, served, pages):
    entry, names = next(iter(pages.items()))
    sealed, _ = open_page(sealed_page, served, entry, width=DESKTOP)
    results = sealed.page.evaluate(_CHECK_ALL, [names[0], ["1/2"]])
    assert results[0]["text"].startswith(("Right. ", "Not yet. "))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    form = sealed.page.locator(f'form.selfcheck[data-problem="{names[0]}"]')
    form.scroll_into_view_if_needed()
    sealed.page.screenshot(path=SCREENSHOTS / "selfcheck-desktop.png")
