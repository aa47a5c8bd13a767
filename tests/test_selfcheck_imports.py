"""The self-check, symbolic and the answer keys import one another without a cycle, and the
engine imports without numpy, scipy or matplotlib (the book's page has none of them)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from conftest import ROOT

TOOL = ROOT / "tools" / "selfcheck_bundle.py"
GROUPS = ("sigmoid_course.selfcheck", "sigmoid_course.answers", "sigmoid_course.symbolic")


def _tool():
    spec = importlib.util.spec_from_file_location("selfcheck_bundle", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _graph(module_level: bool) -> dict[str, set[str]]:
    tool = _tool()
    known = tool.modules()
    return {
        name: tool.imports(path, name, known, module_level=module_level)
        for name, path in known.items()
        if name.startswith(GROUPS)
    }


def _group(name: str) -> str:
    return next(group for group in GROUPS if name.startswith(group))


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of the graph, as the path around it, or []."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for after in sorted(graph.get(node, ())):
            if state.get(after) == "open":
                return path[path.index(after) :] + [after]
            if after not in state and (found := visit(after)):
                return found
        state[node] = "done"
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_graph_sees_the_imports_it_should():
    graph = _graph(module_level=True)
    assert "sigmoid_course.selfcheck" in graph["sigmoid_course.answers.nature"]
    assert "sigmoid_course.symbolic" in graph["sigmoid_course.selfcheck.reading"]
    assert "sigmoid_course.selfcheck.verdict" in graph["sigmoid_course.selfcheck.reading"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycle_among_selfcheck_answers_and_symbolic():
    # Every import counts, also inside functions: the engine never reaches back to a key.
    graph = _graph(module_level=False)
    assert not _cycle(graph), " -> ".join(_cycle(graph))
    groups: dict[str, set[str]] = {}
    for name, imported in graph.items():
        groups.setdefault(_group(name), set()).update(
            _group(other) for other in imported if other.startswith(GROUPS)
        )
    groups = {group: others - {group} for group, others in groups.items()}
    assert not _cycle(groups), groups
    assert groups["sigmoid_course.selfcheck"] == {"sigmoid_course.symbolic"}
    assert groups["sigmoid_course.symbolic"] == set()


def test_the_engine_and_symbolic_import_without_numpy():
    script = (
        "import sys\n"
        "class Absent:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] in ('numpy', 'scipy', 'matplotlib'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Absent())\n"
        "import sigmoid_course, sigmoid_course.selfcheck, sigmoid_course.symbolic\n"
        "from sigmoid_course.selfcheck import Problem, check, problems, register\n"
        "from sigmoid_course.symbolic import compare, sigma, t\n"
        "assert compare(sigma(-t), 1 - sigma(t)).identical\n"
        "assert 'numpy' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ}
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_activations_still_come_from_the_package():
    from sigmoid_course import __all__, sigmoid

    assert sigmoid(0.0) == 0.5 and "sigmoid" in __all__
    import sigmoid_course

    assert "tanh_grad" in dir(sigmoid_course)
