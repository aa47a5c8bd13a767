r"""Grade a chapter handed out as an assignment: otter-grader runs it, the self-check judges it.

A student notebook (``make assignments``, ``tools/assignments.py``) is the chapter without its
solutions. Each check cell, ``answer = ...`` then ``check("name", answer)``, carries otter's
cell metadata ``{"otter": {"tests": ["name"]}}``, so that ``otter run`` runs the problem's test
right after that cell has run, with the student's variables as they are at that moment. The
test (one file per problem, :func:`test_file`) calls :func:`grade`, which takes the value the
cell passed to ``check`` and judges it with :func:`~sigmoid_course.selfcheck.check` itself:
the grade comes from the same answer key and the same comparison as the self-check, and the
points from the key (``Problem.points``).

A cell that raises scores 0 for its problem, even if ``answer`` was set before the error; a
cell that runs longer than the limit of :class:`CellTimeLimit` is stopped, and scores 0 the
same way. Either way the notebook runs on, and the other problems are graded normally.

This module needs otter-grader (pinned in the course's ``requirements.txt``); nothing else in
the package imports it.
"""

from __future__ import annotations

import ast
import re
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import nbformat
from otter.plugins import AbstractOtterPlugin

from .selfcheck import check, problems

GRADE_SECONDS = 10.0
"""Time allowed to judging one answer: the self-check's own 1.5 s would fail a right answer on
a grading machine that is busy with other submissions; the comparison is the same."""

WATCH = "_sigmoid_course_cells"
"""Name of the :class:`CellWatch` in the graded notebook's namespace."""


class CellTimeLimitExceeded(BaseException):
    """Stops a cell that runs too long. A ``BaseException``, like ``KeyboardInterrupt``, so that
    a student's ``except Exception`` around a loop does not swallow it."""


@dataclass(frozen=True)
class CellRun:
    """One cell as it ran: its source, and the error that ended it (``None`` if it finished)."""

    source: str
    error: BaseException | None


class CellWatch:
    """Stops any cell after ``seconds`` and remembers the last cell that ran.

    Installed in the graded kernel by :class:`CellTimeLimit`, through IPython's
    ``pre_run_cell`` and ``post_run_cell`` events. The limit is a timer thread that sends
    ``SIGUSR2`` to the main thread; the handler raises :class:`CellTimeLimitExceeded` there
    (also inside ``time.sleep``). ``SIGALRM`` stays free for the self-check's own time limit.
    A computation in C that never returns to Python is not stopped: ``tools/grade.py``
    limits each submission as a whole as well.
    """

    def __init__(self, seconds: float):
        if not seconds > 0:
            raise ValueError(f"seconds must be positive, got {seconds!r}")
        self.seconds = float(seconds)
        self.last: CellRun | None = None
        self._running = False
        self._timer: threading.Timer | None = None
        self._main = threading.main_thread().ident

    def install(self, shell: Any) -> None:
        """Register with an IPython shell (``get_ipython()``) and the main thread's signals."""
        signal.signal(signal.SIGUSR2, self._on_signal)
        shell.events.register("pre_run_cell", self.pre_run_cell)
        shell.events.register("post_run_cell", self.post_run_cell)
        shell.user_ns[WATCH] = self

    def pre_run_cell(self, info: Any) -> None:
        self._running = True
        self._timer = threading.Timer(self.seconds, self._interrupt)
        self._timer.daemon = True
        self._timer.start()

    def post_run_cell(self, result: Any) -> None:
        self._running = False
        if self._timer is not None:
            self._timer.cancel()
        error = result.error_before_exec or result.error_in_exec
        self.last = CellRun(result.info.raw_cell or "", error)

    def _interrupt(self) -> None:
        if self._running:
            signal.pthread_kill(self._main, signal.SIGUSR2)

    def _on_signal(self, signum: int, frame: Any) -> None:
        if self._running:
            raise CellTimeLimitExceeded(
                f"this cell ran for more than {self.seconds:g} s and was stopped"
            )


class CellTimeLimit(AbstractOtterPlugin):
    """An otter plugin that puts a :class:`CellWatch` into the notebook before it is graded.

    Listed in the autograder's ``otter_config.json`` as
    ``{"sigmoid_course.grading.CellTimeLimit": {"seconds": 30}}``.
    """

    def before_execution(self, submission: Any) -> Any:
        seconds = float((self.plugin_config or {}).get("seconds", 30))
        source = (
            "from sigmoid_course.grading import CellWatch\n"
            f"CellWatch({seconds!r}).install(get_ipython())"
        )
        submission.cells.insert(0, nbformat.v4.new_code_cell(source))
        return submission


def checked_argument(source: str, problem: str) -> ast.expr | None:
    r"""The expression a cell passes to ``check(problem, ...)``, or None if it has no such call.

    A cell that checks the problem more than once is graded by its last call, the verdict the
    student saw last.

    Examples
    --------
    >>> cell = 'answer = 1/4\ncheck("max-derivative", answer)'
    >>> ast.unparse(checked_argument(cell, "max-derivative"))
    'answer'
    >>> ast.unparse(checked_argument('check("limits", (0, 1))\ncheck("limits", (1, 0))', "limits"))
    '(1, 0)'
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "check"
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == problem
    ]
    if not calls:
        return None
    return max(calls, key=lambda call: (call.lineno, call.col_offset)).args[1]


def grade(problem: str, env: Mapping[str, Any]) -> None:
    """Judge the answer the check cell of ``problem`` gave, right after that cell ran.

    Parameters
    ----------
    problem : str
        A registered problem's name.
    env : mapping
        The graded notebook's namespace (otter passes it to the test).

    Raises
    ------
    AssertionError
        Unless the answer is right; the message says why (the self-check's own words), and
        otter shows it in the submission's results.
    """
    watch = env.get(WATCH)
    if not isinstance(watch, CellWatch):
        raise AssertionError("graded without the CellTimeLimit plugin, which records the cells")
    cell = watch.last
    argument = checked_argument(cell.source, problem) if cell is not None else None
    if cell is None or (argument is None and not _mentions(cell.source, problem)):
        raise AssertionError(
            f'No cell ran check("{problem}", ...) just before this test: the check cell was '
            "deleted, lost its otter metadata, or names another problem (a misspelt name?)."
        )
    if cell.error is not None:
        raise AssertionError(
            f"The check cell stopped with {type(cell.error).__name__}: {cell.error}"
        )
    if argument is None:
        raise AssertionError(f'The check cell does not call check("{problem}", answer).')
    try:
        if isinstance(argument, ast.Name):
            answer = env[argument.id]
        else:
            answer = eval(compile(ast.Expression(argument), "<check cell>", "eval"), dict(env))
    except Exception as error:  # the student's expression may fail in any way
        raise AssertionError(
            f"The answer could not be read: {type(error).__name__}: {error}"
        ) from None
    verdict = check(problem, answer, seconds=GRADE_SECONDS)
    assert verdict.correct, str(verdict)


def _mentions(source: str, problem: str) -> bool:
    """Whether a cell that cannot be read as Python still looks like ``problem``'s check cell."""
    return re.search(rf"""check\(\s*["']{re.escape(problem)}["']""", source) is not None


def test_file(problem: str) -> str:
    """The source of otter's test file for one problem (``tests/<problem>.py`` in the
    autograder): its points are read from the answer key when it is graded."""
    if problem not in problems():
        raise ValueError(f"unknown problem {problem!r}; expected one of {sorted(problems())}")
    return (
        f'"""Problem {problem!r}: graded by the course\'s self-check '
        '(sigmoid_course.grading.grade)."""\n\n'
        "from otter.test_files import test_case\n\n"
        "from sigmoid_course.grading import grade\n"
        "from sigmoid_course.selfcheck import problems\n\n"
        "OK_FORMAT = False\n"
        f"name = {problem!r}\n"
        "points = problems()[name].points\n\n\n"
        "@test_case(points=points, hidden=False)\n"
        "def right_answer(env):\n"
        "    grade(name, env)\n"
    )
