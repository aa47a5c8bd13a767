"""The printed course (`make pdf`): complete, resolved, embedded, and no answer before its part.

The PDF is read back with poppler's tools: ``pdftotext`` (the text, page by page), ``pdffonts``
(embedded fonts) and ``pdftoppm`` (a page as pixels). Without TeX Live or poppler the tests
skip, saying what to install; in CI (``CI`` set) they fail instead, as the browser tests do.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NoReturn

import pytest
from browser.test_book_pages import _reveals, normalise
from PIL import Image

from conftest import ROOT, toc_files

pytestmark = pytest.mark.slow

PDF = ROOT / "_build" / "pdf" / "the-sigmoid.pdf"
LOG = ROOT / "_build" / "latex" / "the-sigmoid.log"
SOLUTIONS_PART = "Solutions to the exercises"
TOOLS = ("xelatex", "latexmk", "pdftotext", "pdffonts", "pdftoppm")
INSTALL_HINT = (
    "apt-get install texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
    "texlive-xetex latexmk fonts-freefont-otf texlive-plain-generic poppler-utils (see README.md)"
)
_EXERCISE = re.compile(r"^\s*(?:```+|:::+)\s*\{exercise(?:-start)?\}", re.M)


def _unavailable(reason: str) -> NoReturn:
    """Skip on a machine without TeX; fail in CI, where a skipped PDF would go unnoticed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the PDF must be built ({INSTALL_HINT})", False)
    pytest.skip(f"{reason}; to build and test the PDF: {INSTALL_HINT}")


def _body(page: str) -> str:
    """A page's text without its running head ("The Sigmoid, Version …") and foot (the page
    number and section), so that a sentence across a page break reads as one."""
    lines = page.strip("\n").splitlines()
    if lines and "The Sigmoid, Version" in lines[0]:
        lines = lines[1:]
    if lines and re.match(r"^\s*\d+\s|.*\s\d+\s*$", lines[-1]):
        lines = lines[:-1]
    return "\n".join(lines)


@dataclass
class BuiltPdf:
    pages: list[str]
    """The text of every page, in order (``pdftotext -layout``), without running heads."""

    @cached_property
    def solutions_start(self) -> int:
        """Index of the page that opens the part "Solutions to the exercises"."""
        openings = [
            i for i, page in enumerate(self.pages) if page.split()[:4] == SOLUTIONS_PART.split()
        ]
        assert openings, f"no page opens the part {SOLUTIONS_PART!r}"
        return openings[-1]

    @property
    def before_solutions(self) -> str:
        return "\n".join(self.pages[: self.solutions_start])

    @property
    def solutions(self) -> str:
        return "\n".join(self.pages[self.solutions_start :])


@pytest.fixture(scope="session")
def built_pdf(built_book) -> BuiltPdf:
    """`make pdf`, once per session, after the HTML build (whose execution it reuses)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        _unavailable(f"{', '.join(missing)} not found")
    result = subprocess.run(
        ["make", "pdf", f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode == 0, f"make pdf failed:\n{tail}"
    text = subprocess.run(
        ["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True
    ).stdout
    return BuiltPdf(pages=[_body(page) for page in text.split("\f")])


def _chapters() -> list[tuple[int, str, dict]]:
    """(number, docname, notebook) of every chapter, numbered in book order as in the HTML."""
    notebooks = [e for e in toc_files() if (ROOT / f"{e}.ipynb").exists()]
    return [
        (number, entry, json.loads((ROOT / f"{entry}.ipynb").read_text()))
        for number, entry in enumerate(notebooks, start=1)
    ]


def _markdown(notebook: dict) -> str:
    return "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def _title(notebook: dict) -> str:
    return re.search(r"^# (.+)$", _markdown(notebook), re.M).group(1).strip()


def _flat(text: str) -> str:
    """Text without layout: no spaces, line breaks or hyphens, typographic forms unified."""
    return re.sub(r"[\s\-‐]", "", normalise(text))


def test_the_pdf_is_built_with_every_reference_resolved(built_pdf):
    assert PDF.stat().st_size > 100_000
    log = LOG.read_text(errors="replace")
    unresolved = re.findall(r"LaTeX Warning: (?:Reference|Citation|Hyper reference) .*", log)
    assert not unresolved, "\n".join(unresolved[:20])
    assert "There were undefined references" not in log
    missing = sorted(set(re.findall(r"Missing character: There is no (.+?) in font", log)))
    assert not missing, f"characters no font prints (they vanish from the PDF): {missing}"
    pages = [i + 1 for i, page in enumerate(built_pdf.pages) if "??" in page]
    assert not pages, f"an unresolved reference (??) on PDF pages {pages}"


def test_title_page_licence_and_contents(built_pdf):
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]
    title, back = built_pdf.pages[0], built_pdf.pages[1]
    assert "The Sigmoid" in title and f"Version {version}" in title
    assert "How to cite" in title and f"(version {version})" in title
    assert "CC BY 4.0" in back and "MIT licence" in back
    assert any("CONTENTS" in page.upper().split("\n", 3)[0] for page in built_pdf.pages[2:6])


def test_every_chapter_in_order_numbered_as_in_the_html(built_pdf):
    text = _flat(built_pdf.before_solutions)
    at = 0
    for number, entry, notebook in _chapters():
        heading = _flat(f"Chapter {number} {_title(notebook)}")
        found = text.find(heading, at)
        assert found >= 0, f"{entry}: no heading 'Chapter {number}: {_title(notebook)}' in order"
        at = found
    assert "bibliography" in _flat(built_pdf.solutions)


def test_every_exercise_in_its_chapter_and_its_solution_at_the_back(built_pdf):
    before, after = built_pdf.before_solutions, built_pdf.solutions
    for number, entry, notebook in _chapters():
        count = len(_EXERCISE.findall(_markdown(notebook)))
        assert count, f"{entry} has no exercise"
        for k in range(1, count + 1):
            assert re.search(rf"\bExercise {number}\.{k}\b", before), f"Exercise {number}.{k}"
            assert f"Solution to Exercise {number}.{k} " in after, f"solution {number}.{k}"
            assert f"Solution to Exercise {number}.{k} " not in before
        assert f"Exercise {number}.{count + 1} " not in before, f"{entry}: an extra exercise"


def _solution_sentences(notebook: dict) -> list[str]:
    """Plain-prose lines of every solution (no markup, math or code), long enough to be unique."""
    inside, lines = False, []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            continue
        for line in source.splitlines():
            if re.match(r"\s*(```+|:::+)\s*\{solution-start\}", line):
                inside = True
            elif re.match(r"\s*(```+|:::+)\s*\{solution-end\}", line):
                inside = False
            elif inside and len(line) > 50 and not re.search(r"[$`{}*_\[\]|\\<>\"']", line):
                lines.append(line.strip())
    return lines


def test_no_solution_before_the_solutions_part(built_pdf):
    before, after = _flat(built_pdf.before_solutions), _flat(built_pdf.solutions)
    checked, unread = 0, []
    for _, entry, notebook in _chapters():
        for sentence in _solution_sentences(notebook):
            assert _flat(sentence) not in before, f"{entry}: {sentence!r} before the solutions"
            checked += 1
            if _flat(sentence) not in after:
                unread.append(sentence)
    assert checked > 20, f"only {checked} sentences of solutions were found to check"
    # The check above means something only if the sentences can be read back where they are;
    # a few cannot (a formula on the next line overlaps a word in the extracted text).
    assert len(unread) <= checked / 10, f"not read back in the solutions part: {unread}"
    assert "solutioncode" not in before  # every solution's code cell opens "# Solution code"


def _shows(reveal: str, text: str, flat: str) -> bool:
    """Whether ``text`` (``flat`` once normalised) shows ``reveal``. A number must stand on its
    own: the tick labels "2.5 3.0 3.5" of a vector figure do not show "3.03"."""
    if re.fullmatch(r"[\d.,]+", reveal):
        return re.search(rf"(?<![\d.]){re.escape(reveal)}(?![\d])", text) is not None
    return normalise(reveal) in flat


def test_no_answer_before_the_solutions_part(built_pdf):
    """Each answer key's ``reveals`` stays out of its chapter and out of the pages before the
    chapters (as in the HTML, a later chapter may build on an earlier one's results)."""
    pages = built_pdf.pages[: built_pdf.solutions_start]
    starts = {}
    for number, entry, _ in _chapters():
        opening = [
            i for i, page in enumerate(pages) if re.search(rf"^\s*Chapter {number}\s*$", page, re.M)
        ]
        assert opening, f"no page opens chapter {number}"
        starts[entry] = opening[0]
    bounds = sorted(starts.values()) + [len(pages)]
    front = "\n".join(pages[: bounds[0]])
    found = []
    for entry, start in starts.items():
        end = bounds[bounds.index(start) + 1]
        chapter = "\n".join(pages[start:end])
        for name, reveals in _reveals(entry).items():
            for reveal in reveals:
                if not normalise(reveal):
                    continue
                for where, text in (("its chapter", chapter), ("the front matter", front)):
                    if _shows(reveal, text, normalise(text)):
                        found.append(f"{entry}: {name}: {reveal!r} in {where}")
    assert not found, "answers printed before the solutions part:\n" + "\n".join(found)


def test_every_font_is_embedded(built_pdf):
    listing = subprocess.run(
        ["pdffonts", str(PDF)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "pdffonts lists no font"
    # Columns: name, type, encoding, emb, sub, uni, object ID; "emb" is the fifth from the end.
    not_embedded = [line for line in listing if line.split()[-5] != "yes"]
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)


def test_a_page_with_a_figure_is_not_blank(built_pdf, tmp_path):
    """The page of each explorer's printed frame (its caption names it) has a drawn figure."""
    pages = [i + 1 for i, page in enumerate(built_pdf.pages) if "Interactive figure" in page]
    assert len(pages) >= len(_chapters()), f"explorer captions on pages {pages}"
    for page in pages[:3]:
        prefix = tmp_path / f"page-{page}"
        subprocess.run(
            ["pdftoppm", "-f", str(page), "-l", str(page), "-r", "40", "-png", str(PDF), prefix],
            check=True,
        )
        (image,) = tmp_path.glob(f"page-{page}*.png")
        grey = Image.open(image).convert("L")
        inked = sum(grey.histogram()[:200]) / (grey.width * grey.height)
        coloured = Image.open(image).convert("RGB").getcolors(maxcolors=1 << 16) or []
        assert inked > 0.03, f"PDF page {page} is nearly blank ({inked:.1%} inked)"
        assert len(coloured) > 50, f"PDF page {page} has no figure (only {len(coloured)} colours)"


def test_the_download_button_offers_the_pdf(built_book):
    """Every page's download menu links to the PDF at the root of the site."""
    for entry in toc_files():
        html = (built_book.html_dir / f"{entry}.html").read_text()
        depth = entry.count("/")
        assert f'href="{"../" * depth}the-sigmoid.pdf"' in html, entry
