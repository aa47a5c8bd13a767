"""The chapter template passes every test as it stands, so a new chapter starts from green.

The test does what CONTRIBUTING.md tells a contributor to do, in a copy of the course: copy the
template notebook into ``book/``, its answer key into ``sigmoid_course/answers/`` (where it
registers itself), list the notebook in ``_toc.yml`` (here in place of the other chapters, to
stay quick) and fold its solutions.
Then it builds that book exactly as ``make book`` does, runs the hygiene and course-map tests
on the copy, and runs the template's answer key through the self-check.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sigmoid_course import selfcheck
from sigmoid_course.selfcheck import registry

from conftest import ROOT, toc_files

TEMPLATE = ROOT / "templates" / "chapter"
NOTEBOOK = TEMPLATE / "chapter-template.ipynb"
KEY = TEMPLATE / "chapter_template.py"
KEY_NAME = "chapter-template"
BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints", "browser")

pytestmark = pytest.mark.slow


def add_template_chapter(course: Path) -> None:
    """Add the template to a copy of the course, as CONTRIBUTING.md describes."""
    shutil.copy(NOTEBOOK, course / "book" / NOTEBOOK.name)
    shutil.copy(KEY, course / "src" / "sigmoid_course" / "answers" / KEY.name)


def toc_with_only_the_template() -> dict:
    """The course's ``_toc.yml`` with every notebook replaced by the template."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    chapter_part = None
    for part in toc["parts"]:
        notebooks = [c for c in part["chapters"] if (ROOT / f"{c['file']}.ipynb").exists()]
        if notebooks and chapter_part is None:
            chapter_part = part
        part["chapters"] = [c for c in part["chapters"] if c not in notebooks]
    assert chapter_part is not None, "_toc.yml lists no chapter notebook"
    chapter_part["chapters"].append({"file": f"book/{NOTEBOOK.stem}"})
    toc["parts"] = [part for part in toc["parts"] if part["chapters"]]
    return toc


def copy_course_with_the_template(course: Path) -> Path:
    """Copy the course into the empty folder ``course``, with the template as its only chapter."""
    for name in (
        "_config.yml",
        "pyproject.toml",
        "README.md",
        "requirements.txt",
        "CITATION.cff",
        "LICENSE",
        "LICENSE-CONTENT.md",
        "package.json",
        "package-lock.json",
        ".npmrc",
    ):
        shutil.copy(ROOT / name, course / name)
    # What `npm ci` installed for the answer boxes, shared rather than copied (13 MB).
    (course / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    for folder in (".ci", "tests", "src", "tools", "book/_ext"):
        shutil.copytree(ROOT / folder, course / folder, ignore=IGNORE)
    pages = [f for f in toc_files() if (ROOT / f"{f}.md").exists()]
    for page in pages:
        shutil.copy(ROOT / f"{page}.md", course / f"{page}.md")
    shutil.copy(ROOT / "book" / "references.bib", course / "book" / "references.bib")
    (course / "_toc.yml").write_text(yaml.safe_dump(toc_with_only_the_template(), sort_keys=False))
    add_template_chapter(course)
    # "Then run make fold": its headings number the exercises as the chapter's place in the toc.
    folded = run([str(BIN / "python"), "tools/fold_solutions.py", f"book/{NOTEBOOK.name}"], course)
    assert folded.returncode == 0, folded.stderr
    return course


def run(command: list[str], course: Path) -> subprocess.CompletedProcess:
    # The copy's package comes first on the path, in the build's kernel too.
    env = {**os.environ, "PYTHONPATH": str(course / "src")}
    return subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, check=False)


def build(course: Path) -> subprocess.CompletedProcess:
    """Build a copy of the course as `make book` does (warnings are errors)."""
    return run([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], course)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return copy_course_with_the_template(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def built(course) -> Path:
    result = build(course)
    log = result.stdout + result.stderr
    assert result.returncode == 0, "the template book does not build:\n" + log[-4000:]
    return course / "_build" / "html"


def test_the_template_builds_with_warnings_as_errors(built):
    assert (built / "book" / f"{NOTEBOOK.stem}.html").exists()


def test_the_course_map_lists_the_template(built):
    intro = BeautifulSoup((built / "book" / "intro.html").read_text(), "html.parser")
    course_map = intro.select_one(".course-map").get_text(" ")
    outcomes = json.loads(NOTEBOOK.read_text())["metadata"]["course"]["outcomes"]
    assert "Chapter template" in course_map and "about" in course_map
    assert all(outcome in course_map for outcome in outcomes)


def test_hygiene_and_course_map_tests_pass_on_the_template(course):
    result = run(
        [
            str(BIN / "python"),
            "-m",
            "pytest",
            "-v",
            # Neither file runs notebooks: skip nbval and its start-up.
            "-o",
            "addopts=",
            "-p",
            "no:nbval",
            "-m",
            "not slow",
            "-p",
            "no:cacheprovider",
            "tests/test_hygiene.py",
            "tests/test_course_map.py",
        ],
        course,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # The parametrised tests ran on the template, not on an empty list.
    assert NOTEBOOK.name in result.stdout and f"book/{NOTEBOOK.stem}" in result.stdout


@pytest.fixture
def template_key():
    """The template's answer key registered for one test, then removed again."""
    saved = dict(registry._REGISTRY)
    spec = importlib.util.spec_from_file_location(f"sigmoid_course.answers.{KEY.stem}", KEY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module.PROBLEMS
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


def test_the_template_key_fills_accepts_rejects_and_reveals(template_key):
    assert selfcheck.answer_keys()[KEY_NAME] == tuple(template_key)
    for name, problem in template_key.items():
        assert len(problem.accepts) >= 3 and problem.rejects and problem.reveals, name
        for answer in problem.accepts:
            assert selfcheck.check(name, answer).correct, (name, answer)
        for answer in problem.rejects:
            verdict = selfcheck.check(name, answer)
            assert not verdict.correct and verdict.message, (name, answer)
        for garbage in ("", "s*(1 - s", None, object(), [1, "a"]):
            assert not selfcheck.check(name, garbage).correct


def test_every_problem_of_the_template_has_a_check_cell(template_key):
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    checked = [
        name
        for cell in cells
        if cell["cell_type"] == "code"
        for name in re.findall(r'check\("([^"]+)"', "".join(cell["source"]))
    ]
    assert sorted(checked) == sorted(template_key)


def test_every_typed_problem_of_the_template_gets_an_answer_box(built, template_key):
    """A new chapter gets the book's answer boxes for free (CONTRIBUTING.md, "Answer boxes")."""
    page = BeautifulSoup((built / "book" / f"{NOTEBOOK.stem}.html").read_text(), "html.parser")
    boxed = [form["data-problem"] for form in page.select("form.selfcheck")]
    typed = [name for name, problem in template_key.items() if not callable(problem.expected)]
    assert typed and boxed == typed
    assert (built / "_static" / "selfcheck" / "runtime.json").exists()


def test_no_answer_is_visible_outside_the_solution(built, template_key):
    page = BeautifulSoup((built / "book" / f"{NOTEBOOK.stem}.html").read_text(), "html.parser")
    solutions = page.select(".solution")
    assert len(solutions) == len(template_key)
    for solution in solutions:
        solution.decompose()
    text = page.get_text(" ")
    for name, problem in template_key.items():
        shown = [r for r in problem.reveals if r in text]
        assert not shown, f"{name}: {shown} visible before the solution is opened"
