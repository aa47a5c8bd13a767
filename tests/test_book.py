"""The book builds with warnings as errors, produces every page, and reads without network."""

from __future__ import annotations

import re

from conftest import toc_files


def test_book_builds_without_warnings(built_book):
    tail = "\n".join(built_book.log.splitlines()[-40:])
    # -W turns every Sphinx warning into a failure, so success means there were none.
    assert built_book.returncode == 0, f"jupyter-book build failed:\n{tail}"
    assert "build succeeded" in built_book.log, tail


def test_every_toc_page_is_produced(built_book):
    missing = [f for f in toc_files() if not (built_book.html_dir / f"{f}.html").exists()]
    assert not missing
    assert (built_book.html_dir / "index.html").exists()


def test_math_is_served_from_the_book_itself(built_book):
    mathjax = built_book.html_dir / "_static" / "mathjax" / "tex-chtml.js"
    assert mathjax.exists()
    for entry in toc_files():
        html = (built_book.html_dir / f"{entry}.html").read_text()
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        if 'class="math' in html:
            assert any(s.split("?")[0].endswith("mathjax/tex-chtml.js") for s in scripts), entry
        remote = [s for s in scripts if s.startswith(("http:", "https:", "//"))]
        assert not remote, f"{entry} loads scripts from the network: {remote}"
