"""The book's search, served as `make serve` serves it: browsers refuse the search index to a
page opened from disk, so a reader who wants search runs `make serve`, and this test does too."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERY = "logit"
EXPECTED = "book/sigmoid-problems.html"


@pytest.fixture
def served_book(built_book, request) -> str:
    """The built book on a free loopback port, served exactly as `make serve` does."""
    assert built_book.returncode == 0, "jupyter-book build failed"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
         str(built_book.html_dir), str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )  # fmt: skip

    def stop() -> None:
        server.terminate()
        server.wait(timeout=10)

    request.addfinalizer(stop)
    base = f"http://127.0.0.1:{port}"
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 20
    while True:
        try:
            with no_proxy.open(f"{base}/index.html", timeout=2):
                return base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("python -m http.server did not serve the book")
            time.sleep(0.1)


def test_search_finds_the_problem_set(served_book, sealed_page):
    sealed = sealed_page(lambda url: url.startswith(f"{served_book}/") or url.startswith("data:"))
    page = sealed.page
    page.goto(f"{served_book}/search.html?q={QUERY}", wait_until="load")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=30_000)
    links = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(EXPECTED in link for link in links), f"searching {QUERY!r} found {links}"
    assert not sealed.problems(), f"the search page:\n{sealed.problems()}"
