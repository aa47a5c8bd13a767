"""The book builds with warnings as errors, produces every page, and reads without network."""

from __future__ import annotations

import json
import re

from conftest import ROOT, toc_files


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


_LINK = re.compile(r"\]\(([^()\s#]+\.(?:ipynb|md))(?:#[^)]*)?\)|\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`")


def _prose(entry: str) -> str:
    """The Markdown of a page: a .md file, or a notebook's markdown cells."""
    notebook = ROOT / f"{entry}.ipynb"
    if notebook.exists():
        cells = json.loads(notebook.read_text())["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return (ROOT / f"{entry}.md").read_text()


def test_links_between_pages_point_to_pages_of_the_book():
    """A cross-reference to a chapter that has not landed yet fails here, by name."""
    pages = set(toc_files())
    broken = []
    for entry in toc_files():
        folder = (ROOT / entry).parent
        for match in _LINK.finditer(_prose(entry)):
            target = match.group(1) or match.group(2)
            path = (folder / target).resolve() if not target.startswith("/") else ROOT / target[1:]
            page = path.with_suffix("").relative_to(ROOT.resolve()).as_posix()
            if page not in pages:
                broken.append(f"{entry} links to {target}, which is not a page of the book")
    assert not broken, "\n".join(broken)


def test_a_chapter_is_linked_wherever_it_is_named():
    """ "The chapter on vanishing gradients" may be plain text until that chapter exists; from
    then on, every mention (as "chapter on ..." or a bold title) links to it."""
    chapters = [e for e in toc_files() if (ROOT / f"{e}.ipynb").exists()]
    unlinked = []
    for chapter in chapters:
        slug = chapter.rsplit("/", 1)[-1]
        phrase = re.escape(slug.replace("-", " "))
        mention = re.compile(rf"chapter on (?:the )?{phrase}|\*\*{phrase}", re.I)
        for entry in toc_files():
            if entry == chapter:
                continue
            for line in _prose(entry).splitlines():
                if mention.search(line) and slug not in line:
                    unlinked.append(f"{entry}: {line.strip()[:100]!r} names {chapter} unlinked")
    assert not unlinked, "\n".join(unlinked)


def test_bibliography_labels_are_author_year_like_the_citations(built_book):
    """The text cites "(Ulyankin, 2023)"; the list must say "Ulyankin 2023", not "[Uly23]"."""
    html = (built_book.html_dir / "book" / "bibliography.html").read_text()
    labels = [
        re.sub(r"<[^>]+>", "", label)  # a cited entry's label links back to the citation
        for label in re.findall(
            r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">',
            html,
        )
    ]
    assert labels, "the bibliography lists nothing"
    odd = [label for label in labels if not re.fullmatch(r".+ (\d{4}|n\.d\.)[a-z]?", label)]
    assert not odd, f"bibliography labels that are not 'Author Year': {odd}"
