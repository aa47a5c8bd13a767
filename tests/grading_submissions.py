"""Submissions for testing the grader, written from the answer keys (tests/test_grading.py and
tests/bench_grading.py).

A right answer is each problem's first ``accepts`` entry, written into its check cell as a
student would type it: a string or number as a literal, a sympy expression through
``sympy.sympify`` of its ``srepr``, and a function answer as the source of the key's accepted
function (a ``def`` with its imports made absolute, or a ``lambda`` cut out of the key's
source), assigned to the name the check cell passes to ``check``.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import inspect
import json
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
sys.path.insert(0, str(TOOLS))

from assignments import check_cells  # noqa: E402
from assignments import write as write_assignments  # noqa: E402, F401

from sigmoid_course.grading import checked_argument  # noqa: E402
from sigmoid_course.selfcheck import answer_keys, problems  # noqa: E402


class _AbsoluteImports(ast.NodeTransformer):
    def __init__(self, package: str):
        self.package = package

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.ImportFrom:
        if node.level:
            name = "." * node.level + (node.module or "")
            node = ast.ImportFrom(importlib.util.resolve_name(name, self.package), node.names, 0)
        return node


def function_source(function: Any) -> tuple[str, str]:
    """Python that defines ``function`` in a notebook, and the name it defines."""
    module = inspect.getmodule(function)
    if function.__name__ == "<lambda>":
        tree = ast.parse(inspect.getsource(module))
        code = function.__code__
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Lambda)
                and node.lineno == code.co_firstlineno
                and [a.arg for a in node.args.args] == list(code.co_varnames[: code.co_argcount])
            ):
                return f"_key_function = {ast.unparse(node)}", "_key_function"
        raise ValueError(f"cannot find the source of {function!r}")
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    tree = _AbsoluteImports(module.__package__).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree)), function.__name__


def literal(value: Any) -> str:
    """Python source that evaluates to ``value`` in a notebook."""
    if isinstance(value, sp.Basic):
        return f"__import__('sympy').sympify({sp.srepr(value)!r})"
    if isinstance(value, tuple | list):
        items = ", ".join(literal(item) for item in value)
        return f"({items},)" if isinstance(value, tuple) else f"[{items}]"
    if isinstance(value, str | int | float | bool):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


def answer_cell(source: str, problem: str, value: Any) -> str:
    """The check cell ``source`` with ``value`` given as the answer to ``problem``."""
    name = ast.unparse(checked_argument(source, problem))
    if callable(value):
        definition, defined = function_source(value)
        given = f"{definition}\n\n\n{name} = {defined}"
    else:
        given = f"{name} = {literal(value)}"
    return f'{given}\ncheck("{problem}", {name})'


def right_answer(problem: str) -> Any:
    return problems()[problem].accepts[0]


def fill(notebook: dict, answers: Mapping[str, str]) -> dict:
    """A copy of a student notebook with the check cells of ``answers`` replaced by its sources
    (built with :func:`answer_cell`, or any other cell a student might write)."""
    filled = copy.deepcopy(notebook)
    names = tuple(answer_keys()[notebook_chapter(notebook)])
    for index, problem in check_cells(filled["cells"], names).items():
        if problem in answers:
            filled["cells"][index]["source"] = answers[problem]
    return filled


def notebook_chapter(notebook: dict) -> str:
    """The chapter of a student notebook: the key its check cells belong to."""
    checked = {
        test
        for cell in notebook["cells"]
        for test in cell.get("metadata", {}).get("otter", {}).get("tests", [])
    }
    (chapter,) = {key for key, names in answer_keys().items() if checked <= set(names)}
    return chapter


def check_sources(notebook: dict) -> dict[str, str]:
    """Each problem's check cell source in a student notebook."""
    names = tuple(answer_keys()[notebook_chapter(notebook)])
    cells = notebook["cells"]
    found = check_cells(cells, names).items()
    return {problem: "".join(cells[index]["source"]) for index, problem in found}


def right_answers(notebook: dict, only: tuple[str, ...] | None = None) -> dict[str, str]:
    """Check cells with every right answer (or only those of ``only``)."""
    return {
        problem: answer_cell(source, problem, right_answer(problem))
        for problem, source in check_sources(notebook).items()
        if only is None or problem in only
    }


def write(path: Path, notebook: dict) -> None:
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def grade_folder(folder: Path, assignments: Path, *options: str) -> subprocess.CompletedProcess:
    """Run ``tools/grade.py`` (``make grade``'s command) on a folder of submissions."""
    command = [sys.executable, str(TOOLS / "grade.py"), str(folder)]
    command += ["--assignments", str(assignments), *options]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
