"""`make bench`: the book's answer boxes against Python's ``check()`` on the same answers.

Serves the built book on loopback (tests/browser/served.py), opens the problem-set page in
headless Chromium with an empty cache and measures, on the wall clock: the time from the first
click of Check to the first verdict (it includes fetching and starting the runtime), then each
later verdict for every answer the page's keys list; Python's ``check()`` is timed on the same
answers in this process. Also the bytes the server sent for the first use. Needs the built
book (``make book``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from sigmoid_course.selfcheck import check, problems

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browser.served import serve  # noqa: E402
from browser.test_selfcheck_page import _CHECK_ALL, answers, boxes_by_page  # noqa: E402

HTML = HERE.parent / "_build" / "html"
PAGE = "book/sigmoid-problems"
RUNTIME = "/_static/selfcheck/"


def run(report) -> None:
    from playwright.sync_api import sync_playwright

    names = boxes_by_page(HTML).get(PAGE)
    if not names:
        print(f"no answer boxes on {PAGE}: run `make book` first")
        return
    typed = [(name, text) for name in names for text in answers(problems()[name])]
    python = []
    for name, text in typed:
        start = time.perf_counter()
        check(name, text)
        python.append(time.perf_counter() - start)
    first_python = python[0]

    with serve(HTML) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        page = browser.new_context().new_page()
        page.goto(f"{served.url}{PAGE}.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        mark = served.mark()
        first = page.evaluate(_CHECK_ALL, [typed[0][0], [typed[0][1]]])[0]["ms"] / 1e3
        first_use = sum(s.bytes for s in served.since(mark) if s.path.startswith(RUNTIME))
        later = []
        for name in names:
            texts = [text for n, text in typed if n == name]
            later += [r["ms"] / 1e3 for r in page.evaluate(_CHECK_ALL, [name, texts])]
        browser.close()

    report(
        "first click to first verdict (loads the runtime)", first, "Python check()", first_python
    )
    report(
        f"median verdict after that ({len(later)} answers)",
        statistics.median(later),
        "Python check() median",
        statistics.median(python),
    )
    print(f"bytes fetched on first use: {first_use / 1e6:.1f} MB (aim ≤ 25 MB)")
