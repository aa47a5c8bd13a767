r"""The printed course: what `make pdf` adds to Jupyter Book's LaTeX build.

Only the LaTeX builder is affected; the HTML book is built exactly as before, except that its
download button also offers the PDF (``the-sigmoid.pdf`` at the root of the site, where
`make pdf` and the Pages workflow put it).

- **Title page.** Title, version (the package's, as in the HTML footer, see ``course.py``) and
  the citation from ``CITATION.cff``; on its back the licences (from the ``message`` of
  ``CITATION.cff``) and the addresses of the online book and of the repository.
- **Numbering as in the HTML.** The introduction, the notation page, the bibliography and the
  solutions are chapters without a number and the parts are not numbered, so the first chapter
  is "Chapter 1", its sections 1.1, 1.2, … and its exercises "Exercise 1.1", … as in the HTML
  (which numbers no equation or figure; neither does the PDF).
- **Solutions at the back.** Every solution leaves its chapter for a final part, "Solutions to
  the exercises", one chapter of it per chapter of the book, in the order of the exercises.
  Each keeps its title, "Solution to Exercise 2.3 (…)", which links back to the exercise; each
  exercise ends with a line that points to the page of its solution. Nothing of a solution
  (its text, code or output) is printed before that part.
- **Explorers** (``sigmoid_course.explore``) print as their default frame, in vector form, with
  a caption that names the sliders and points to the chapter in the online book.
- **Fonts and code.** xelatex with FreeSerif, FreeSans and FreeMono (they cover σ, −, Greek) and
  Latin Modern Math; long code lines wrap, even where Python has no space to break at.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

PDF_NAME = "the-sigmoid.pdf"
"""The PDF's file name, in ``_build/pdf/`` and at the root of the published site."""

SOLUTIONS_TITLE = "Solutions to the exercises"

BIBLIOGRAPHY = "book/bibliography"
"""The page whose chapter holds the list of references."""

_EXPLORER = re.compile(r'class="sigmoid-explorer"')
_SLIDER = re.compile(r'<input type="range"[^>]*aria-label="([^"]*)"')


def online_book(repository_url: str) -> str:
    """The address where GitHub Pages publishes the book of ``repository_url``.

    >>> online_book("https://github.com/the-sigmoid/the-sigmoid")
    'https://the-sigmoid.github.io/the-sigmoid/'
    """
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", repository_url)
    if not match:
        raise ValueError(
            f"repository.url must be https://github.com/<owner>/<name>, got {repository_url!r}"
        )
    owner, name = match.groups()
    return f"https://{owner.lower()}.github.io/{name}/"


def latex_escape(text: str) -> str:
    """``text`` as LaTeX source that prints it unchanged."""
    special = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "#": r"\#",
        "$": r"\$",
        "%": r"\%",
        "&": r"\&",
        "_": r"\_",
        "^": r"\textasciicircum{}",
        "~": r"\textasciitilde{}",
    }
    return "".join(special.get(c, c) for c in text)


def _citation(cff: dict[str, Any]) -> str:
    names = [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"]]
    year = str(cff["date-released"])[:4]
    return (
        f"{latex_escape('; '.join(names))} ({year}). \\emph{{{latex_escape(cff['title'])}}} "
        f"(version {latex_escape(str(cff['version']))}). "
        f"\\url{{{cff['repository-code']}}}. Licence: {latex_escape(cff['license'])}."
    )


def title_pages(cff: dict[str, Any], version: str, book_url: str) -> str:
    """LaTeX for the title page and, on its back, the licences."""
    title, _, subtitle = cff["title"].partition(": ")
    # The message asks to cite the course "as below" (in CITATION.cff), then states the licences.
    licences = " ".join(cff["message"].split()).split(". ", 1)[-1]
    authors = "; ".join(a.get("name") or a["family-names"] for a in cff["authors"])
    return rf"""
\begin{{titlepage}}
  \centering
  \vspace*{{0.22\textheight}}
  {{\sffamily\bfseries\fontsize{{36}}{{42}}\selectfont {latex_escape(title)}\par}}
  \vspace{{1.2em}}
  {{\sffamily\Large {latex_escape(subtitle[:1].upper() + subtitle[1:])}\par}}
  \vspace{{2.5em}}
  {{\large {latex_escape(authors)}\par}}
  \vspace{{0.8em}}
  {{\large Version {latex_escape(version)}\par}}
  \vfill
  \begin{{minipage}}{{0.85\textwidth}}
    \small\raggedright
    \textbf{{How to cite.}} {_citation(cff)}
  \end{{minipage}}
  \vspace*{{2em}}
\end{{titlepage}}
\thispagestyle{{empty}}
\vspace*{{\fill}}
\begin{{flushleft}}\small
\textbf{{The Sigmoid}}, version {latex_escape(version)}.\par\medskip
{latex_escape(licences)}\par\medskip
The data sets keep their own terms, stated with each one in the package
\texttt{{sigmoid\_course}}.\par\medskip
The online book, with live sliders and notebooks to run: \url{{{book_url}}}\\
The repository, with this book's sources: \url{{{cff["repository-code"]}}}\par
\end{{flushleft}}
\cleardoublepage
"""


PREAMBLE = r"""
% Start of the preamble of book/_ext/print_edition.py
\setmathfont{Latin Modern Math}
% A character no font has is written to the log ("Missing character"): tests/test_pdf.py reads it.
\tracinglostchars=1
\usepackage[strict]{changepage}
% The cell environments of sphinx-jupyterbook-latex (its class, jupyterBook.cls, defines them
% but also loads packages that Debian's TeX Live keeps in texlive-fonts-extra).
\definecolor{CodeBlockInputBorderColor}{RGB}{204,204,204}
\definecolor{CodeBlockInputColor}{RGB}{247,247,247}
\definecolor{CodeBlockOutputBorderColor}{RGB}{247,247,247}
\definecolor{CodeBlockOutputColor}{RGB}{252,252,252}
\newenvironment{sphinxVerbatimInput}
  {\colorlet{VerbatimBorderColor}{CodeBlockInputBorderColor}%
   \colorlet{VerbatimColor}{CodeBlockInputColor}%
   \begin{adjustwidth}{5pt}{}}
  {\end{adjustwidth}}
\newenvironment{sphinxVerbatimOutput}
  {\colorlet{VerbatimBorderColor}{CodeBlockOutputBorderColor}%
   \colorlet{VerbatimColor}{CodeBlockOutputColor}%
   \begin{adjustwidth}{20pt}{}}
  {\end{adjustwidth}}
% Chapters the HTML does not number are not numbered here either (see UNNUMBERED).
\newcommand{\sigmoidnumbered}{\setcounter{secnumdepth}{\sigmoidsecnumdepth}}
\newcommand{\sigmoidunnumbered}{\setcounter{secnumdepth}{-2}}
\AtBeginDocument{\edef\sigmoidsecnumdepth{\the\value{secnumdepth}}}
% The references print in the chapter of the bibliography page, after its text (see
% SolutionsAtTheBack._bibliography_in_its_chapter): no heading or page break of their own.
\usepackage{etoolbox}
\patchcmd{\thebibliography}{\chapter*{\bibname}}{}{}{}
\AtBeginDocument{\renewenvironment{sphinxthebibliography}[1]%
  {\phantomsection\begin{thebibliography}{#1}}{\end{thebibliography}}}
% End of the preamble of book/_ext/print_edition.py
"""


def configure_latex(app, config) -> None:
    """Title pages, fonts and page layout; after sphinx-jupyterbook-latex has set its own."""
    srcdir = Path(app.srcdir)
    cff = yaml.safe_load((srcdir / "CITATION.cff").read_text(encoding="utf-8"))
    book_url = online_book(config.html_theme_options.get("repository_url", ""))
    config.sigmoid_online_book = book_url
    # sphinx-jupyterbook-latex's class loads bbm.sty (texlive-fonts-extra, a large package the
    # book does not need); Sphinx's own class with the cell environments above does the rest.
    config.latex_theme = "manual"
    elements = config.latex_elements
    elements.update(
        papersize="a4paper",
        pointsize="11pt",
        # Printed on one side as often as on two: no blank pages before chapters and parts.
        extraclassoptions="openany,oneside",
        maketitle=title_pages(cff, config.version, book_url),
        # Wrap a long code line at a space or punctuation where one is near the margin, and
        # inside a word only when none is within 30 characters of it.
        sphinxsetup="verbatimforcewraps, verbatimmaxunderfull=30, hmargin=2.4cm, vmargin=2.6cm",
        # No index: the book has no index entries (and so needs no xindy).
        makeindex="",
        printindex="",
        # "Chapter 1", as the HTML numbers it ("1."), not Sphinx's default "CHAPTER ONE".
        fncychap="",
        # The running head says "Version 0.2.0", as the title page does.
        releasename="Version",
    )
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE


def number_exercises_as_in_the_html(app) -> None:
    """Exercises are numbered by chapter, "Exercise 2.3", as in the HTML.

    sphinx-jupyterbook-latex sets ``numfig_secnum_depth`` to 2 for LaTeX, which numbers them
    by section ("Exercise 2.1.3"); the book numbers no figures or equations, so nothing else
    depends on it.
    """
    if app.builder.format == "latex":
        app.config.numfig_secnum_depth = 1


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex, format="latex")


def _walk(node: nodes.Element, parent: nodes.Element | None = None, docname: str | None = None):
    """Every node under ``node`` with its parent and the document it came from.

    Parent links of the assembled LaTeX tree cannot be trusted: sphinx-jupyterbook-latex moves
    children into new nodes without updating them. The walk finds each node's real parent.
    """
    if isinstance(node, addnodes.start_of_file):
        docname = node["docname"]
    yield node, parent, docname
    for child in list(node.children):
        if isinstance(child, nodes.Element):
            yield from _walk(child, node, docname)


class ExplorerAsFigure(SphinxPostTransform):
    """An explorer's output becomes its default frame (the PDF it offers) and a caption."""

    # Before MyST-NB picks one mime type per output (priority 4), while all are still there.
    default_priority = 3
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        book_url = self.config.sigmoid_online_book
        for bundle, parent, docname in list(_walk(self.document)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            by_type = {child["mime_type"]: child for child in bundle.children}
            page = by_type.get("text/html")
            if page is None or not _EXPLORER.search(page.astext()):
                continue
            sliders = [html.unescape(s) for s in _SLIDER.findall(page.astext())]
            for mime_type, child in by_type.items():
                if mime_type not in ("application/pdf", "image/png"):
                    bundle.remove(child)
            url = f"{book_url}{docname}.html"
            quoted = [f"“{s}”" for s in sliders]
            named = ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else quoted[0]
            slider_word, verb = ("sliders", "redraw") if len(sliders) > 1 else ("slider", "redraws")
            caption = nodes.paragraph(
                "",
                "",
                nodes.emphasis(
                    "",
                    f"Interactive figure, shown at the default setting of its {slider_word} "
                    f"{named}. In the online book the {slider_word} {verb} it: ",
                ),
                nodes.reference("", url, refuri=url),
                classes=["explorer-caption"],
            )
            parent.insert(parent.index(bundle) + 1, caption)


ANSWERS_FOLD = re.compile(r"\(contains? the answers\)", re.I)
"""How a chapter titles a fold that gives answers away (a summary of results, notes on the
source; CONTRIBUTING.md); the browser tests leave the same folds out."""


def _holds_answers(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.admonition)
        and bool(node.children)
        and isinstance(node[0], nodes.title)
        and ANSWERS_FOLD.search(node[0].astext()) is not None
    )


def _unboxed(solution: solution_node, anchor: str) -> list[nodes.Element]:
    """A solution as the solutions part prints it: its title as a heading, then its content.
    In a box (an admonition) its code could not break across pages and ran off them."""
    title, *content = solution.children
    heading = nodes.rubric("", "", *title.children, classes=["solution-heading"])
    return [heading, nodes.paragraph("", "", _raw(rf"\phantomsection\label{{{anchor}}}")), *content]


class SolutionsAtTheBack(SphinxPostTransform):
    """Move every solution into a final part, and keep the HTML's chapter numbers."""

    # After sphinx-jupyterbook-latex has arranged the parts (priority 700).
    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        files = list(self.document.findall(addnodes.start_of_file))
        if not files:
            return
        self._number_as_in_the_html(files)
        self._bibliography_in_its_chapter(files)
        found = list(_walk(self.document))
        exercises = {
            node.get("label"): (node, parent)
            for node, parent, _ in found
            if isinstance(node, (exercise_node, exercise_enumerable_node))
        }
        collected: dict[str, list[nodes.Element]] = {}
        for node, parent, docname in found:
            if not isinstance(node, solution_node):
                continue
            anchor = f"solution-{node.get('label')}"
            exercise, _ = exercises.get(node.get("target_label"), (None, None))
            if exercise is not None:
                exercise.append(
                    nodes.paragraph(
                        "",
                        "",
                        _raw(
                            rf"\hfill\hyperref[{anchor}]{{\emph{{Solution on "
                            rf"page~\pageref*{{{anchor}}}}}}}"
                        ),
                    )
                )
            parent.remove(node)
            collected.setdefault(docname, []).extend(_unboxed(node, anchor))
        for number, (node, parent, docname) in enumerate(found):
            if _holds_answers(node):
                anchor = f"answers-{number}"
                parent.replace(
                    node,
                    nodes.paragraph(
                        "",
                        "",
                        _raw(
                            rf"\emph{{{latex_escape(node[0].astext())}: printed with the "
                            rf"solutions, on page~\pageref*{{{anchor}}}.}}"
                        ),
                    ),
                )
                node.insert(1, _raw(rf"\phantomsection\label{{{anchor}}}"))
                collected.setdefault(docname, []).append(node)
        if collected:
            self._append_part(collected)

    def _number_as_in_the_html(self, files: list[addnodes.start_of_file]) -> None:
        """Number a chapter only if the HTML numbers it; parts are never numbered. The
        introduction (whose title, the book's, sphinx-jupyterbook-latex drops) is a chapter
        "Introduction"."""
        self.document.insert(
            0,
            _raw("\\sigmoidunnumbered\n\\chapter{Introduction}\n"),
        )
        for start in files:
            numbered = self.env.toc_secnumbers.get(start["docname"], {}).get("")
            start.insert(0, _raw("\\sigmoidnumbered\n" if numbered else "\\sigmoidunnumbered\n"))

    def _bibliography_in_its_chapter(self, files: list[addnodes.start_of_file]) -> None:
        """The list of references goes back into the bibliography page, after its text.

        sphinx-jupyterbook-latex moves it to the end of the document, where it makes a second
        chapter "Bibliography" after the (then empty) first; the preamble drops its heading.
        """
        lists = [n for n in self.document.children if isinstance(n, thebibliography)]
        page = next((f for f in files if f["docname"] == BIBLIOGRAPHY), None)
        section = next(iter(page.findall(nodes.section)), None) if page is not None else None
        if not lists or section is None:
            return
        for node in lists:
            self.document.remove(node)
            section.append(node)

    def _append_part(self, collected: dict[str, list[nodes.Element]]) -> None:
        part = nodes.section("", ids=["solutions-to-the-exercises"])
        part += nodes.title("", SOLUTIONS_TITLE)
        for docname, solutions in collected.items():
            number = self.env.toc_secnumbers.get(docname, {}).get("")
            prefix = f"Chapter {'.'.join(map(str, number))}: " if number else ""
            chapter = nodes.section("", ids=[f"solutions-{docname.replace('/', '-')}"])
            chapter += nodes.title("", prefix + self.env.titles[docname].astext())
            chapter.extend(solutions)
            # In its chapter's file, where the LaTeX writer resolves the chapter's own links.
            file = addnodes.start_of_file(docname=docname)
            file += chapter
            part += file
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        start = addnodes.start_of_file(docname="solutions")
        start += _raw("\\sigmoidunnumbered\n")
        start += part
        wrapper += start
        # Before the back matter (the bibliography part), if there is one.
        back = None
        for compound in self.document.findall(nodes.compound):
            if compound.parent is not self.document or "toctree-wrapper" not in compound["classes"]:
                continue
            title = next(compound.findall(nodes.title), None)
            if title is not None and title.astext() == "Back matter":
                back = compound
        if back is not None:
            self.document.insert(self.document.index(back), wrapper)
        else:
            self.document.append(wrapper)


def add_pdf_to_download_button(app, pagename, templatename, context, doctree) -> None:
    """The download button of every page also offers the whole course as a PDF."""
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](PDF_NAME, 1),
                    "text": "Course PDF",
                    "tooltip": "Download the whole course as one PDF, solutions at the back",
                    "icon": "fas fa-book",
                    "label": "download-course-pdf-button",
                }
            )


def setup(app):
    app.add_config_value("sigmoid_online_book", "", "env")
    # After course.py has set the version (500) and sphinx-jupyterbook-latex its settings.
    app.connect("config-inited", configure_latex, priority=900)
    app.connect("builder-inited", number_exercises_as_in_the_html, priority=900)
    app.add_post_transform(ExplorerAsFigure)
    app.add_post_transform(SolutionsAtTheBack)
    # After sphinx-book-theme has made its buttons.
    app.connect("html-page-context", add_pdf_to_download_button, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
