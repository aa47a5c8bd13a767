"""The engine, ``symbolic`` and the answer keys import without numpy, scipy or matplotlib (the
book's page has none of them). The package's import graph (no circle, arrows downwards only)
is checked in ``test_package.py``."""

from __future__ import annotations

import os
import subprocess
import sys


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
