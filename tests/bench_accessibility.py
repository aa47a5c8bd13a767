"""`make bench` for the accessibility audit: axe-core's time per page of the built book.

The audit is a test that people should keep running, so its cost is measured: for every page
at desktop width in the light theme, the wall-clock time of one axe-core run (WCAG 2.1 A and AA,
every fold open), against the time the same browser took to load and typeset that page.
Wall-clock, not CPU time: both run in Chromium, not in this process. Needs the built book
(``bench.py`` builds it first) and Chromium.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from browser.conftest import CHROMIUM_ARGS, DESKTOP
from browser.test_accessibility import axe_violations, open_in_theme
from browser.test_book_pages import _OPEN_ALL_FOLDS, PAGES
from playwright.sync_api import sync_playwright

HTML_DIR = Path(__file__).resolve().parent.parent / "_build" / "html"


def run(report) -> None:
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        total_audit = total_load = 0.0
        for entry in PAGES:
            start = time.perf_counter()
            context, sealed = open_in_theme(browser, HTML_DIR, entry, DESKTOP, "light")
            load = time.perf_counter() - start
            sealed.page.evaluate(_OPEN_ALL_FOLDS)
            sealed.page.wait_for_timeout(300)
            start = time.perf_counter()
            found = axe_violations(sealed.page)
            audit = time.perf_counter() - start
            context.close()
            total_audit, total_load = total_audit + audit, total_load + load
            report(
                f"axe audit of {entry} ({len(found)} rules violated)",
                audit,
                "loading and typesetting it",
                load,
            )
        report(
            f"axe audit, mean per page over {len(PAGES)} pages",
            total_audit / len(PAGES),
            "loading and typesetting, mean",
            total_load / len(PAGES),
        )
        browser.close()
