"""What book/_ext/self_contained.py does to every page's HTML, checked on small pieces of it."""

from __future__ import annotations

import importlib.util
import re

from bs4 import BeautifulSoup

from conftest import BOOK_DIR

_spec = importlib.util.spec_from_file_location(
    "self_contained", BOOK_DIR / "_ext" / "self_contained.py"
)
tidy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tidy)

CODE = (
    '<div class="highlight"><pre><span></span><span class="k">def</span> <span class="nf">f'
    '</span>():\n    <span class="s2">"""A docstring\n    on two lines."""</span>\n\n'
    '    <span class="k">return</span> <span class="mi">1</span>\n</pre></div>'
)


def test_each_code_line_hangs_past_its_own_indentation_and_copies_unchanged():
    page = BeautifulSoup(tidy.hanging_code_lines(CODE), "html.parser")
    lines = page.select("span.code-line")
    assert page.pre.get_text() == BeautifulSoup(CODE, "html.parser").pre.get_text()
    indents = [int(re.search(r"padding-left:(\d+)ch", s["style"]).group(1)) for s in lines]
    assert indents == [4, 8, 8, 4, 8]  # the empty line hangs from column 0
    # The docstring's token is closed at the end of its first line and reopened on the next.
    assert [s.get_text() for s in lines[1].select("span.s2")] == ['"""A docstring\n']
    assert [s.get_text() for s in lines[2].select("span.s2")] == ['    on two lines."""']


def test_pages_without_code_are_left_alone():
    text = '<p>No code, only <span class="x">prose</span>.</p>'
    assert tidy.hanging_code_lines(text) == text
