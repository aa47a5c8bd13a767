"""The package's layout: its import graph runs downwards only, and has no circle.

Every module of ``src/sigmoid_course`` has a rank in :data:`RANKS`; a module imports only modules
of lower rank. The graph is read from the source with :mod:`ast`, so that it holds however the
package is imported: imports at the top, inside functions (lazy ones) and
``importlib.import_module("sigmoid_course.…")`` with a literal name all count.
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import numpy as np
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sigmoid_course"

RANKS = {
    # Foundations: they import nothing from the package.
    "activations": 0,
    "numerics": 0,
    "data": 0,
    "validation": 0,
    "gradcheck": 0,
    "optim": 0,
    "recurrent": 0,
    "plotting": 0,
    "explore": 0,
    "time_limit": 0,
    # Models and the losses, each on the foundations; σ in sympy on the time limit.
    "symbolic": 1,
    "losses": 1,
    "likelihood": 1,
    "calibration": 1,
    "growth": 1,
    "binding": 1,
    "backprop": 1,
    "mlp": 1,
    "lstm": 1,
    "rnn": 1,
    "diagrams": 1,
    # What fits or measures the models.
    "solvers": 2,
    "glm": 2,
    "descent": 2,
    "training": 2,
    "gradient_flow": 2,
    "neuron": 3,
    "recall": 3,
    # The self-check engine, then the answer keys, which use it and the models.
    "selfcheck": 4,
    "answers": 5,
    # Grading a handed-out chapter with the engine and the keys.
    "grading": 6,
    # The package itself, which exports the activations.
    "": 7,
}
"""Rank of each module, by its name inside the package ("" is ``sigmoid_course`` itself). A
sub-package listed by its name alone (``answers``) is one layer: every module in it has its rank,
and arrows between its modules are checked only for circles."""

KNOWN_UPWARD: dict[tuple[str, str], str] = {}
"""Arrows that run upwards today, each with the issue that removes it. An entry no longer in the
graph can go."""


def module_name(path: Path) -> str:
    """``lstm`` for ``lstm.py``, ``answers`` for ``answers/__init__.py``, "" for the package."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The package's module ``name`` stands for (``sigmoid_course.x.y`` → ``x.y``), or None."""
    if name != "sigmoid_course" and not name.startswith("sigmoid_course."):
        return None
    inner = name.removeprefix("sigmoid_course").removeprefix(".")
    while inner not in known:  # an attribute of a module: sigmoid_course.lstm.lstm_forward
        inner = inner.rpartition(".")[0]
    return inner


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(
                    ["sigmoid_course", *base, *([node.module] if node.module else [])]
                )
            else:
                source = node.module or ""
            # `from . import lstm` names the module lstm, `from .lstm import f` an attribute of it.
            targets = [f"{source}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]
        for target in targets:
            inner = resolve(target, known)
            if inner is not None and inner != name:
                found.add(inner)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def rank(name: str) -> tuple[int, str]:
    """The module's rank and the entry of :data:`RANKS` it comes from."""
    entry = name
    while entry not in RANKS:
        if not entry:
            raise KeyError(name)
        entry = entry.rpartition(".")[0]
    return RANKS[entry], entry


def test_every_module_has_a_rank():
    unranked = []
    for name in modules():
        try:
            rank(name)
        except KeyError:
            unranked.append(name)
    assert not unranked, f"add these modules to RANKS in {Path(__file__).name}: {unranked}"


def test_no_module_imports_one_above_it():
    upward = []
    for name, targets in graph().items():
        mine, group = rank(name)
        for target in sorted(targets):
            theirs, their_group = rank(target)
            # Arrows inside a sub-package ranked as one are left to the circle test.
            if group != their_group and (group, their_group) not in KNOWN_UPWARD and theirs >= mine:
                upward.append(f"{name or 'sigmoid_course'} (rank {mine}) → {target} ({theirs})")
    assert not upward, "imports that do not run downwards:\n" + "\n".join(upward)


def test_the_import_graph_has_no_circle():
    edges = graph()
    for pair in KNOWN_UPWARD:
        edges[pair[0]].discard(pair[1])
    state: dict[str, int] = {}  # 1 while on the current path, 2 when done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target] if target in path else [target]
            if target not in state:
                circle = visit(target, [*path, target])
                if circle:
                    return circle
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            circle = visit(start, [start])
            assert circle is None, "import circle: " + " → ".join(
                m or "sigmoid_course" for m in circle
            )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from .lstm import lstm_forward\n", {"lstm"}),
        ("from . import lstm, rnn\n", {"lstm", "rnn"}),
        ("import sigmoid_course.mlp\n", {"mlp"}),
        ("def f():\n    from .optim import adam_step\n", {"optim"}),
        ("import importlib\nimportlib.import_module('sigmoid_course.answers')\n", {"answers"}),
        ("import numpy as np\nfrom collections import abc\n", set()),
    ],
)
def test_the_graph_sees_every_kind_of_import(tmp_path, source, expected):
    path = tmp_path / "probe.py"
    path.write_text(source)
    assert imports("probe", path, modules()) == expected


def test_the_graph_resolves_imports_inside_a_sub_package():
    # Each answer key, a module of the answers sub-package, imports the engine.
    edges = graph()
    assert "selfcheck" in edges["answers.lstm_gates"]


WITH_EXAMPLES = sorted(name for name, path in modules().items() if ">>> " in path.read_text())


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name):
    module = importlib.import_module(f"sigmoid_course.{name}" if name else "sigmoid_course")
    results = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert results.attempted > 0 and results.failed == 0


MOST_LINES = 450
"""A module holds one idea, which reads in a sitting: a few hundred lines at most."""


def test_every_module_is_a_few_hundred_lines_at_most():
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text().splitlines())) > MOST_LINES
    }
    assert not long, f"modules longer than {MOST_LINES} lines; split them by idea: {long}"


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md"])
def test_the_documents_list_every_module(document):
    """The layout table (README) and the list of where code goes (CONTRIBUTING) name every
    module, a sub-package's modules by their last name (`parsing` or `selfcheck.parsing`);
    the answer keys, one per chapter, go by the name of their folder."""
    import re

    text = (PACKAGE.parent.parent / document).read_text()
    named = set(re.findall(r"`(?:[a-z_]+\.)?\.?([a-z_]+)/?`", text))
    listed = [name for name in modules() if name and not name.startswith("answers.")]
    missing = [name for name in listed if name.rpartition(".")[2] not in named]
    assert not missing, f"{document} does not name these modules: {missing}"
