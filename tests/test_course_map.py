"""Every chapter in ``_toc.yml`` has a course-map entry, and the map's times are computed as the
introduction says (book/_ext/course.py)."""

from __future__ import annotations

import importlib.util
import json

import pytest
from bs4 import BeautifulSoup

from conftest import BOOK_DIR, ROOT, toc_files

_spec = importlib.util.spec_from_file_location("course", BOOK_DIR / "_ext" / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

CHAPTERS = [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


def load(docname: str) -> dict:
    return json.loads((ROOT / f"{docname}.ipynb").read_text())


def test_the_toc_lists_chapters_and_the_map_follows_it():
    assert CHAPTERS, "_toc.yml lists no notebook"
    assert course.chapters(ROOT) == CHAPTERS


@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_has_a_course_map_entry(docname):
    entry = course.course_entry(load(docname), set(CHAPTERS))
    assert entry["outcomes"]


def notebook_with(course_metadata) -> dict:
    return {"cells": [], "metadata": {} if course_metadata is None else {"course": course_metadata}}


GOOD = {"outcomes": ["do a thing"], "assumes": [], "independent": True}
CHAPTER_LINK = {"text": "the derivative", "chapter": "sigmoid-problems"}
KNOWN = {"book/sigmoid-problems"}


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (None, 'no "course" entry'),
        ({**GOOD, "outcomes": []}, "outcomes"),
        ({**GOOD, "outcomes": ["", "x"]}, "outcomes"),
        ({k: v for k, v in GOOD.items() if k != "assumes"}, "assumes"),
        ({**GOOD, "assumes": [{"chapter": "sigmoid-problems"}]}, '"text"'),
        ({**GOOD, "assumes": [{**CHAPTER_LINK, "url": "https://a.org"}]}, "exactly one"),
        ({**GOOD, "assumes": [{"text": "x"}]}, "exactly one"),
        ({**GOOD, "assumes": [{"text": "x", "chapter": "nowhere"}]}, "not a notebook"),
        ({**GOOD, "assumes": [{"text": "x", "url": "http://a.org"}]}, "https://"),
        ({**GOOD, "independent": "yes"}, "true or false"),
        ({**GOOD, "independent": False}, "must name a chapter"),
    ],
)
def test_malformed_entries_are_refused_with_a_reason(metadata, message):
    with pytest.raises(ValueError, match=message):
        course.course_entry(notebook_with(metadata), KNOWN)


@pytest.mark.parametrize(
    "name", ["sigmoid-problems", "book/sigmoid-problems", "sigmoid-problems.ipynb"]
)
def test_a_dependent_chapter_names_what_to_read_first(name):
    metadata = {**GOOD, "assumes": [{**CHAPTER_LINK, "chapter": name}], "independent": False}
    assert course.course_entry(notebook_with(metadata), KNOWN)["independent"] is False
    assert course.chapter_docname(name) == "book/sigmoid-problems"


def cell(kind: str, source: str, **metadata) -> dict:
    return {"cell_type": kind, "source": source, "metadata": metadata}


def test_words_count_prose_and_shown_code_but_not_markup_or_folded_code():
    notebook = {
        "cells": [
            cell("markdown", "```{exercise} Two words\n:label: x-one\n\nThree more words.\n```"),
            cell("code", "answer = ..."),
            cell("code", "hidden setup", tags=["remove-cell"]),
            cell("code", "folded figure code", tags=["hide-input"]),
            cell("code", "solution code here", jupyter={"source_hidden": True}),
            cell("markdown", "### A heading only JupyterLab shows", tags=["remove-cell"]),
            cell("raw", "not read"),
        ]
    }
    assert course.reading_words(notebook) == 2 + 3 + 3


def test_exercises_are_counted_in_both_forms():
    notebook = {
        "cells": [
            cell("markdown", "```{exercise} A\n:label: a\n```\n\n:::{exercise} B\n:::"),
            cell("markdown", "```{exercise-start} C\n```\n```{exercise-end}\n```"),
            cell("code", "# {exercise} in a comment is not an exercise"),
        ]
    }
    assert course.exercises(notebook) == 3


@pytest.mark.parametrize(
    ("words", "exercises", "seconds", "minutes"),
    [
        (1000, 0, None, 5),  # 5 minutes of reading exactly
        (1001, 0, 0.0, 10),  # a word more rounds up to the next 5 minutes
        (0, 0, None, 5),  # never less than 5
        (2000, 3, 12.0, 35),  # 10 + 24 + 0.2 minutes
        (0, 0, 301.0, 10),  # the run time counts
        (5412, 18, 30.0, 175),  # 27.06 + 144 + 0.5 minutes
    ],
)
def test_time_estimate(words, exercises, seconds, minutes):
    assert course.time_estimate(words, exercises, seconds) == minutes


@pytest.mark.slow
def test_the_built_introduction_maps_every_chapter(built_book):
    page = BeautifulSoup((built_book.html_dir / "book" / "intro.html").read_text(), "html.parser")
    course_map = page.select_one(".course-map")
    assert course_map is not None, "the introduction has no course map"
    links = [a["href"].split("#")[0] for a in course_map.select("strong a")]
    assert links == [f"{docname.removeprefix('book/')}.html" for docname in CHAPTERS]
    times = course_map.select(".course-time")
    assert len(times) == len(CHAPTERS)
    assert all(t.get_text().startswith("about ") and "to run" in t.get_text() for t in times)
    # Sphinx typesets quotes: compare words, not apostrophes.
    text = " ".join(course_map.get_text(" ").replace("’", "'").split())
    for docname in CHAPTERS:
        for outcome in load(docname)["metadata"]["course"]["outcomes"]:
            assert outcome in text, f"{docname}: outcome missing from the map: {outcome}"
