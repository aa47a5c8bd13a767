"""Assignments and their grading, end to end: student notebooks written by ``make assignments``,
submissions graded by ``tools/grade.py`` (``make grade``), which runs otter-grader's own
``otter run`` on each. Two chapters, each with four submissions: every right answer, the
untouched notebook, exactly two right answers, and one whose check cells raise, loop for
ever and print garbage (the rest right)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from browser.test_book_pages import normalise
from grading_submissions import (
    check_sources,
    fill,
    grade_folder,
    right_answers,
    write,
    write_assignments,
)

from sigmoid_course.grading import WATCH, CellRun, CellWatch, grade
from sigmoid_course.selfcheck import answer_keys, problems

pytestmark = pytest.mark.slow

CHAPTERS = ("sigmoid-problems", "logistic-regression")
"""Both have function answers; the problem set has the most problems."""

CELL_SECONDS = 15
"""The per-cell limit of the tested autograders: long enough for every cell of these chapters
(the slowest takes about 2 s), short enough that the looping cell does not slow the test."""


@pytest.fixture(scope="module")
def assignments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("assignments")
    write_assignments(out, cell_seconds=CELL_SECONDS)
    return out


def student(assignments: Path, chapter: str) -> dict:
    return json.loads((assignments / chapter / f"{chapter}.ipynb").read_text())


BROKEN = {
    "raises": "raise ValueError('the student gave up')",
    "loops": "while True:\n    pass",
    "garbage": "print(bytes(range(256)).decode('latin-1') * 400)\n{name} = '\\x00\\x1b[2J' * 100",
}
"""What goes wrong in a check cell, put just before its ``check(...)`` line: the cell that
raises and the one that loops have set the right answer first, so that only their stopping
can take the point; the garbage cell prints 100 kB of control characters and answers with
more."""


def broken_problems(chapter: str) -> dict[str, str]:
    """Which problem of ``chapter`` gets which broken cell (the first three of its key)."""
    return dict(zip(BROKEN, answer_keys()[chapter][:3], strict=False))


def broken_cell(right: str, kind: str) -> str:
    """A right check cell (from ``right_answers``) broken in the way ``kind`` says."""
    *given, checking = right.splitlines()
    name = checking.split(", ", 1)[1].rstrip(")")
    return "\n".join([*given, BROKEN[kind].format(name=name), checking])


@pytest.fixture(scope="module")
def graded(assignments: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("submissions")
    for chapter in CHAPTERS:
        notebook = student(assignments, chapter)
        names = answer_keys()[chapter]
        write(folder / f"right-{chapter}.ipynb", fill(notebook, right_answers(notebook)))
        write(folder / f"untouched-{chapter}.ipynb", notebook)
        two = (names[0], names[-1])
        write(folder / f"two-{chapter}.ipynb", fill(notebook, right_answers(notebook, two)))
        cells = right_answers(notebook)
        for kind, problem in broken_problems(chapter).items():
            cells[problem] = broken_cell(cells[problem], kind)
        write(folder / f"broken-{chapter}.ipynb", fill(notebook, cells))
    (folder / "notes.ipynb").write_text("{}")  # no chapter's name: not graded
    run = grade_folder(folder, assignments)
    return folder, run.stdout


def points(folder: Path) -> dict[tuple[str, str], tuple[int, int]]:
    with open(folder / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(r["submission"], r["problem"]): (int(r["points"]), int(r["max_points"])) for r in rows}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_right_answer_scores_full_marks(graded, chapter):
    folder, _ = graded
    scores = points(folder)
    for name in answer_keys()[chapter]:
        assert scores[f"right-{chapter}", name] == (problems()[name].points,) * 2, name


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_untouched_notebook_scores_zero(graded, chapter):
    folder, _ = graded
    scores = points(folder)
    assert {scores[f"untouched-{chapter}", name][0] for name in answer_keys()[chapter]} == {0}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_two_right_answers_score_exactly_those_two(graded, chapter):
    folder, _ = graded
    scores = points(folder)
    names = answer_keys()[chapter]
    scored = {name for name in names if scores[f"two-{chapter}", name][0] > 0}
    assert scored == {names[0], names[-1]}
    for name in scored:
        assert scores[f"two-{chapter}", name][0] == problems()[name].points


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_cell_that_raises_loops_or_prints_garbage_scores_zero_and_grading_goes_on(
    graded, chapter
):
    folder, _ = graded
    scores = points(folder)
    broken = set(broken_problems(chapter).values())
    for name in answer_keys()[chapter]:
        expected = 0 if name in broken else problems()[name].points
        assert scores[f"broken-{chapter}", name][0] == expected, name
    results = json.loads((folder / "reports" / f"broken-{chapter}.results.json").read_text())
    output = {test["name"]: test.get("output", "") for test in results["tests"]}
    looped = broken_problems(chapter)["loops"]
    assert f"ran for more than {CELL_SECONDS} s" in output[looped]
    assert "ValueError" in output[broken_problems(chapter)["raises"]]


def test_a_submission_past_its_time_is_stopped_with_its_kernel(assignments, tmp_path):
    """A loop inside C (``sum`` over 10¹³ numbers) never returns to Python, so the cell limit
    cannot stop it; the submission's limit ends otter and the kernel it started, and
    grading goes on at once."""
    import time

    import psutil

    chapter = "sigmoid-problems"
    notebook = student(assignments, chapter)
    cells = right_answers(notebook)
    first = answer_keys()[chapter][0]
    cells[first] = cells[first] + "\nsum(range(10**13))"
    write(tmp_path / f"stuck-{chapter}.ipynb", fill(notebook, cells))
    started, clock = time.time(), time.monotonic()
    run = grade_folder(tmp_path, assignments, "--seconds", "20")
    assert time.monotonic() - clock < 60
    assert "still running after 20 s, stopped" in run.stdout
    left = []
    for process in psutil.process_iter(["pid", "create_time"]):
        try:
            graded_here = "SIGMOID_COURSE_GRADING" in process.environ()
            if graded_here and process.info["create_time"] >= started:
                left.append((process.info["pid"], process.status()))
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    assert all(status == psutil.STATUS_ZOMBIE for _, status in left), f"left running: {left}"
    assert all(p == (0, 1) for (_, _), p in points(tmp_path).items())


def test_a_notebook_not_graded_is_listed_in_the_reports(graded):
    folder, stdout = graded
    listed = (folder / "reports" / "not-graded.txt").read_text()
    assert listed.startswith("notes.ipynb: its name contains no chapter's name")
    assert "Not graded: notes.ipynb" in stdout


def test_grades_csv_has_one_row_per_submission_and_problem(graded):
    folder, stdout = graded
    with open(folder / "grades.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["submission", "problem", "points", "max_points"]
    expected = {
        (f"{kind}-{chapter}", name)
        for chapter in CHAPTERS
        for kind in ("right", "untouched", "two", "broken")
        for name in answer_keys()[chapter]
    }
    assert {tuple(row[:2]) for row in rows[1:]} == expected
    assert len(rows) - 1 == len(expected)
    assert "Not graded: notes.ipynb" in stdout


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_otters_report_gives_each_submission_its_total(graded, chapter):
    folder, stdout = graded
    total = sum(problems()[name].points for name in answer_keys()[chapter])
    report = (folder / "reports" / f"right-{chapter}.txt").read_text()
    assert re.search(rf"Total Score: {total}\.000 / {total}\.000", report), report
    assert (
        f"Total Score: 0.000 / {total}.000"
        in (folder / "reports" / f"untouched-{chapter}.txt").read_text()
    )
    assert f"=== right-{chapter}" in stdout


def test_no_solution_and_no_answer_in_a_student_notebook(assignments):
    """Every chapter: no solution directive or solution text, no reveal of its key, and every
    check cell exactly as the chapter has it."""
    book = Path(__file__).resolve().parent.parent / "book"
    for chapter, names in answer_keys().items():
        notebook = student(assignments, chapter)
        text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
        assert "{solution" not in text and "Solution code" not in text, chapter
        assert "Solution to Exercise" not in text, chapter
        flat = normalise(text)
        for name in names:
            for reveal in problems()[name].reveals:
                assert normalise(reveal) not in flat, (chapter, name, reveal)
        original = json.loads((book / f"{chapter}.ipynb").read_text())
        # Every exercise's statement and every section stays.
        book_text = "\n".join("".join(cell["source"]) for cell in original["cells"])
        assert text.count("{exercise}") == book_text.count("{exercise}"), chapter
        sections = re.compile(r"^## .*$", re.M)
        assert sections.findall(text) == sections.findall(book_text), chapter
        sources = {"".join(cell["source"]) for cell in original["cells"]}
        assert set(check_sources(notebook).values()) <= sources, chapter
        assert "collapsed_sections" not in json.dumps(notebook["metadata"]), chapter


def _env(source: str, error: BaseException | None = None, **variables) -> dict:
    watch = CellWatch(1.0)
    watch.last = CellRun(source, error)
    return {WATCH: watch, **variables}


def test_grade_judges_the_answer_its_check_cell_gave():
    cell = 'answer = "1/4"\ncheck("max-derivative", answer)'
    grade("max-derivative", _env(cell, answer="1/4"))
    with pytest.raises(AssertionError, match="Not yet"):
        grade("max-derivative", _env(cell, answer="1/3"))
    inline = 'check("max-derivative", "1/4")'
    grade("max-derivative", _env(inline))


def test_grade_gives_nothing_for_a_cell_that_stopped_or_is_missing():
    cell = 'answer = "1/4"\n1/0\ncheck("max-derivative", answer)'
    stopped = _env(cell, ZeroDivisionError("division by zero"), answer="1/4")
    with pytest.raises(AssertionError, match="stopped with ZeroDivisionError"):
        grade("max-derivative", stopped)
    unreadable = 'answer = 1/4 )\ncheck("max-derivative", answer)'
    with pytest.raises(AssertionError, match="stopped with SyntaxError"):
        grade("max-derivative", _env(unreadable, SyntaxError("unmatched ')'"), answer="1/4"))
    # The last cell that ran is another problem's: this one's check cell was deleted.
    other = 'answer = "1/4"\ncheck("values-at-zero", answer)'
    with pytest.raises(AssertionError, match="deleted"):
        grade("max-derivative", _env(other, answer="1/4"))
    with pytest.raises(AssertionError, match="CellTimeLimit"):
        grade("max-derivative", {"answer": "1/4"})


def test_submissions_are_matched_to_chapters_by_name():
    import grade as tool

    names = ["logistic-regression", "sigmoid-problems", "nature"]
    assert tool.chapter_of(Path("Ada Sigmoid_Problems (1).ipynb"), names) == "sigmoid-problems"
    assert tool.chapter_of(Path("bob-nature.ipynb"), names) == "nature"
    assert tool.chapter_of(Path("notes.ipynb"), names) is None
