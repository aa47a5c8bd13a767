"""The course's front matter, generated from the repository so that it cannot drift.

- **Version.** The book carries the version of the package ``sigmoid-course`` (from its installed
  metadata, i.e. ``pyproject.toml``): it becomes Sphinx's ``version``/``release``, the MyST
  substitution ``{{ version }}``, and replaces ``{version}`` in ``html.extra_footer``, where
  ``{repository}`` and ``{branch}`` are replaced by ``repository.url`` and ``repository.branch``.
- **``{course-map}``.** For every notebook listed in ``_toc.yml``, in order: what a reader will be
  able to do, what the chapter assumes and which chapter (or page) provides it, whether it can
  be read on its own, and an estimated time (see :func:`time_estimate`). All of it comes from
  the notebook's top-level metadata ``"course"`` (see :func:`course_entry`) and from the
  notebook itself; a chapter without valid metadata is a build warning, so ``-W`` fails.
- **``{course-citation}``.** How to cite the course, from ``CITATION.cff``.

The time estimate needs the notebook's measured run time, known only once MyST-NB has executed
it (or read it from the execution cache): the map leaves a placeholder that is filled in when
the page is written, after every page has been read. A page with a map depends on every
chapter and on ``_toc.yml``, so it is rebuilt whenever one of them changes.
"""

from __future__ import annotations

import json
import math
import re
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

LOGGER = logging.getLogger(__name__)
PACKAGE = "sigmoid-course"

WORDS_PER_MINUTE = 200
"""Reading speed for prose and code: a common figure for careful reading of technical text."""
MINUTES_PER_EXERCISE = 8
"""Time allowed per exercise: attempting it, checking the answer, reading the solution."""

_EXERCISE = re.compile(r"^\s*(```+|:::+)\s*\{exercise(-start)?\}", re.MULTILINE)
# Markup a reader does not read: fences with their directive name, and directive options.
_FENCE = re.compile(r"^\s*(```+|:::+)\s*(\{[\w-]+\})?")
_OPTION = re.compile(r"^\s*:[\w-]+:")
# Cells the book does not show, or shows only when the reader clicks.
_HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-cell", "hide-input"}


def chapters(srcdir: Path) -> list[str]:
    """The notebooks listed in ``_toc.yml``, in book order, as docnames (``book/x``)."""
    toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [section["file"] for section in chapter.get("sections", [])]
    stems = [re.sub(r"\.(md|ipynb)$", "", f) for f in files]
    return [stem for stem in stems if (srcdir / f"{stem}.ipynb").exists()]


def chapter_docname(name: str) -> str:
    """A chapter named as ``x``, ``book/x`` or ``x.ipynb``, as the docname ``book/x``."""
    return "book/" + re.sub(r"\.ipynb$", "", str(name)).removeprefix("book/")


def course_entry(notebook: dict[str, Any], known_chapters: set[str]) -> dict[str, Any]:
    """Validate and return a notebook's course-map metadata.

    The notebook's top-level metadata must hold::

        "course": {
          "outcomes": ["what a reader will be able to do", ...],
          "assumes": [{"text": "what it assumes", "chapter": "sigmoid-problems"},
                      {"text": "...", "url": "https://..."}],
          "independent": true
        }

    ``chapter`` is the stem of another chapter's notebook in ``_toc.yml``; ``url`` is a page
    elsewhere. A chapter that is not independent names the chapter to read first.

    Raises
    ------
    ValueError
        Naming what is missing or malformed.
    """
    entry = notebook.get("metadata", {}).get("course")
    if not isinstance(entry, dict):
        raise ValueError('no "course" entry in the notebook metadata (see CONTRIBUTING.md)')
    outcomes = entry.get("outcomes")
    if not (
        isinstance(outcomes, list)
        and outcomes
        and all(isinstance(o, str) and o.strip() for o in outcomes)
    ):
        raise ValueError('"course.outcomes" must be a non-empty list of non-empty strings')
    assumes = entry.get("assumes")
    if not isinstance(assumes, list):
        raise ValueError('"course.assumes" must be a list (empty if nothing is assumed)')
    for item in assumes:
        if not (isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"]):
            raise ValueError(f'each of "course.assumes" needs a "text", got {item!r}')
        if ("chapter" in item) == ("url" in item):
            raise ValueError(f'{item["text"]!r}: give exactly one of "chapter" or "url"')
        if "chapter" in item and chapter_docname(item["chapter"]) not in known_chapters:
            raise ValueError(
                f"{item['text']!r}: chapter {item['chapter']!r} is not a notebook in _toc.yml"
            )
        if "url" in item and not str(item["url"]).startswith("https://"):
            raise ValueError(f"{item['text']!r}: url must start with https://")
    independent = entry.get("independent")
    if not isinstance(independent, bool):
        raise ValueError('"course.independent" must be true or false')
    if not independent and not any("chapter" in item for item in assumes):
        raise ValueError('"course.independent" is false, so "assumes" must name a chapter')
    return entry


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def reading_words(notebook: dict[str, Any]) -> int:
    """Words a reader reads: Markdown cells, and the code cells the book shows unfolded.

    Words are whitespace-separated tokens. Fences, directive names and options (``:label:``)
    are markup, not words; a directive's title counts. Math counts token by token, since a
    formula is read slowly. Cells tagged ``remove-*`` or ``hide-*``, and solution code (folded,
    ``source_hidden``), are not counted.
    """
    words = 0
    for cell in notebook["cells"]:
        metadata = cell.get("metadata", {})
        if cell["cell_type"] not in ("markdown", "code"):
            continue
        if _HIDDEN_TAGS & set(metadata.get("tags", [])):
            continue
        if cell["cell_type"] == "code" and metadata.get("jupyter", {}).get("source_hidden"):
            continue
        for line in _source(cell).splitlines():
            if not _OPTION.match(line):
                words += len(_FENCE.sub("", line).split())
    return words


def exercises(notebook: dict[str, Any]) -> int:
    """Number of exercises (``exercise`` or ``exercise-start`` directives) in the notebook."""
    return sum(
        len(_EXERCISE.findall(_source(cell)))
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
    )


def time_estimate(words: int, n_exercises: int, run_seconds: float | None) -> int:
    r"""Minutes for one chapter, rounded up to a multiple of 5.

    .. math::  T = \frac{\text{words}}{200\ \text{per min}}
               + 8\ \text{min} \times \text{exercises} + \text{run time}

    Examples
    --------
    >>> time_estimate(2000, 3, 12.0)  # 10 + 24 + 0.2 minutes
    35
    """
    minutes = (
        words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * n_exercises + (run_seconds or 0) / 60
    )
    return 5 * max(1, math.ceil(minutes / 5 - 1e-9))


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(p for p in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if p)


class course_time(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes so)
    """Placeholder for a chapter's time, filled in once its run time is known."""


class CourseMap(SphinxDirective):
    """``{course-map}``: the chapters of ``_toc.yml`` with their outcomes, assumptions, times."""

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        self.env.note_dependency(str(srcdir / "_toc.yml"))
        docnames = chapters(srcdir)
        container = nodes.container(classes=["course-map"])
        on_their_own = []
        for number, docname in enumerate(docnames, start=1):
            path = srcdir / f"{docname}.ipynb"
            # Re-read this page whenever a chapter changes (and so is re-executed).
            self.env.note_dependency(str(path))
            notebook = json.loads(path.read_text(encoding="utf-8"))
            try:
                entry = course_entry(notebook, set(docnames))
            except ValueError as error:
                LOGGER.warning(
                    f"course map: {docname}.ipynb: {error}",
                    location=(self.env.docname, self.lineno),
                )
                continue
            if entry["independent"]:
                on_their_own.append(f"{{doc}}`/{docname}`")
            counts = (reading_words(notebook), exercises(notebook))
            self._parse(_chapter_lines(number, docname, entry, counts), container)
        if on_their_own:
            self._parse(
                [f"Chapters that can be read on their own: {', '.join(on_their_own)}."], container
            )
        return [container]

    def _parse(self, lines: list[str], parent: nodes.Element) -> None:
        self.state.nested_parse(StringList(lines, source=self.env.docname), 0, parent)


def _chapter_lines(
    number: int, docname: str, entry: dict[str, Any], counts: tuple[int, int]
) -> list[str]:
    needs, first = [], []
    for item in entry["assumes"]:
        if "chapter" in item:
            link = f"{{doc}}`/{chapter_docname(item['chapter'])}`"
            needs.append(f"{item['text']} (see {link})")
            first.append(link)
        else:
            needs.append(f"[{item['text']}]({item['url']})")
    if entry["independent"]:
        order = "It can be read on its own."
    else:
        order = f"Read {' and '.join(dict.fromkeys(first))} first."
    return [
        f"**{number}. {{doc}}`/{docname}`** · {{course-time}}`{docname} {counts[0]} {counts[1]}`",
        "",
        "After it you will be able to:",
        "",
        *[f"- {outcome}" for outcome in entry["outcomes"]],
        "",
        "It assumes "
        + ("; ".join(needs) if needs else "nothing beyond this introduction")
        + ". "
        + order,
        "",
    ]


def course_time_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{course-time}`docname words exercises```: the time is filled in after execution."""
    docname, words, n_exercises = text.split()
    node = course_time(rawtext, "", docname=docname, words=int(words), exercises=int(n_exercises))
    return [node], []


def fill_course_times(app, doctree: nodes.document, docname: str) -> None:
    """Replace each time placeholder with the estimate, now that run times are known."""
    from myst_nb.sphinx_ import NbMetadataCollector

    metadata = NbMetadataCollector.get_doc_data(app.env)
    for node in list(doctree.findall(course_time)):
        words, n_exercises = node["words"], node["exercises"]
        result = metadata.get(node["docname"], {}).get("exec_data")
        run_seconds = result["runtime"] if result else None
        total = time_estimate(words, n_exercises, run_seconds)
        run = f"{run_seconds:.0f} s to run" if run_seconds is not None else "not run in this build"
        plural = "s" if n_exercises != 1 else ""
        node.replace_self(
            nodes.inline(
                "",
                f"about {_duration(total)} ({words:,} words to read, "
                f"{n_exercises} exercise{plural}, {run})",
                classes=["course-time"],
            )
        )


class CourseCitation(SphinxDirective):
    """``{course-citation}``: a citation of the course and a BibTeX entry, from CITATION.cff."""

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / "CITATION.cff"
        self.env.note_dependency(str(path))
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
        # An author is a person (family and given names) or an entity (a name).
        names = [
            a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"]
        ]
        year = str(cff["date-released"])[:4]
        url = cff["repository-code"]
        lines = [
            f"> {'; '.join(names)} ({year}). *{cff['title']}* "
            f"(version {cff['version']}). {url}. Licence: {cff['license']}.",
            "",
            "```bibtex",
            "@software{the_sigmoid,",
            f"  author  = {{{' and '.join(f'{{{name}}}' for name in names)}}},",
            f"  title   = {{{{{cff['title']}}}}},",
            f"  version = {{{cff['version']}}},",
            f"  year    = {{{year}}},",
            f"  url     = {{{url}}},",
            "}",
            "```",
        ]
        container = nodes.container(classes=["course-citation"])
        self.state.nested_parse(StringList(lines, source=self.env.docname), 0, container)
        return [container]


def set_version(app, config) -> None:
    """Give the book the package's version, and put it and the licences in the footer."""
    try:
        number = installed_version(PACKAGE)
    except PackageNotFoundError as error:
        raise ExtensionError(
            f"the book takes its version from the package {PACKAGE!r}, which is not installed; "
            "`make book` installs it (pip install -e .)"
        ) from error
    config.version = config.release = number
    config.myst_substitutions = {**config.myst_substitutions, "version": number}
    options = config.html_theme_options
    if "extra_footer" in options:
        options["extra_footer"] = (
            options["extra_footer"]
            .replace("{version}", number)
            .replace("{repository}", options.get("repository_url", "").rstrip("/"))
            .replace("{branch}", options.get("repository_branch", "main"))
        )


def setup(app):
    app.connect("config-inited", set_version)
    app.add_node(course_time)
    app.add_role("course-time", course_time_role)
    app.add_directive("course-map", CourseMap)
    app.add_directive("course-citation", CourseCitation)
    app.connect("doctree-resolved", fill_course_times)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
