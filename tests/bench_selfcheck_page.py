"""`make bench`: the book's answer boxes against Python's ``check()`` on the same answers.

Serves the built book on loopback (tests/browser/served.py), opens the problem-set page in
headless Chromium with an empty cache and measures, on the wall clock: the time from the first
click of Check to the first verdict (it includes fetching and starting the runtime), against a
fresh Python process that imports the engine and gives the same verdict; then each later
verdict for every answer the page's keys list, from the click to the verdict on the page and
inside the worker alone, against Python's ``check()`` on the same answers in this process.
Also the bytes the server sent for the first use. Needs the built book (``make book``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
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
    cold = [
        sys.executable,
        "-c",
        f"from sigmoid_course.selfcheck import check; check({typed[0][0]!r}, {typed[0][1]!r})",
    ]
    start = time.perf_counter()
    subprocess.run(cold, check=True)
    first_python = time.perf_counter() - start

    with serve(HTML) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM") or "/usr/bin/chromium",
            args=["--headless", "--no-sandbox"],
        )
        page = browser.new_context().new_page()
        page.goto(f"{served.url}{PAGE}.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        mark = served.mark()
        first = page.evaluate(_CHECK_ALL, [typed[0][0], [typed[0][1]]])[0]["ms"] / 1e3
        first_use = sum(s.bytes for s in served.since(mark) if s.path.startswith(RUNTIME))
        later, engine = [], []
        for name in names:
            texts = [text for n, text in typed if n == name]
            results = page.evaluate(_CHECK_ALL, [name, texts])
            later += [r["ms"] / 1e3 for r in results]
            engine += [r["engine"] / 1e3 for r in results]
        stages = page.evaluate("JSON.parse(document.documentElement.dataset.selfcheckStages)")
        browser.close()

    report(
        "first click to first verdict (loads the runtime)",
        first,
        "a fresh Python process's first check()",
        first_python,
    )
    print(
        "  in the worker, ms from its start: Python running {python}, archives unpacked "
        "{unpacked}, engine and keys imported {warm}".format(**stages)
    )
    report(
        f"median verdict after that, click to verdict ({len(later)} answers)",
        statistics.median(later),
        "Python check() median",
        statistics.median(python),
    )
    report(
        "median verdict after that, the engine in the worker alone",
        statistics.median(engine),
        "Python check() median",
        statistics.median(python),
    )
    print(f"bytes fetched on first use: {first_use / 1e6:.1f} MB (aim ≤ 25 MB)")
