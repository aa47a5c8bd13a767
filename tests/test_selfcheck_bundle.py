"""The page's bundle (tools/selfcheck_bundle.py) runs the self-check without numpy, scipy or
matplotlib, as Pyodide will, and gives every verdict word for word as the installed package.

The wheel is unpacked into a folder, and a fresh Python without site hooks (so that the
editable install cannot supply the package) imports it from there, with an import hook that
makes numpy, scipy and matplotlib raise ImportError, and runs every ``accepts`` and ``rejects``
entry of every typed problem through ``str(check(...))``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from sigmoid_course.selfcheck import (
    DEFAULT_SECONDS,
    VOCABULARY,
    answer_keys,
    check,
    problems,
    timeout_verdict,
)
from sigmoid_course.selfcheck.computed import compute_all

from conftest import ROOT

TOOL = ROOT / "tools" / "selfcheck_bundle.py"
GARBAGE = ["", "import os", "10**10**10", "9" * 5000, "sigma(", "s" * 500]
"""What issue 19 types into a box to see that the page survives it."""

WITHOUT_NUMPY = r"""
import json, sys

class Absent:
    # Pyodide's core has neither numpy, scipy nor matplotlib.
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("numpy", "scipy", "matplotlib"):
            raise ImportError(f"No module named {name!r} (absent, as on the page)")

sys.meta_path.insert(0, Absent())

import sigmoid_course
from sigmoid_course.selfcheck import check, problems, timeout_verdict

GARBAGE = json.loads(sys.argv[1])
verdicts = {}
for name, spec in sorted(problems().items()):
    if spec.typed:
        for table in ("accepts", "rejects"):
            for index, answer in enumerate(getattr(spec, table)):
                verdicts[f"{name} {table} {index}"] = str(check(name, answer))
        for index, answer in enumerate(GARBAGE):
            verdicts[f"{name} garbage {index}"] = str(check(name, answer))
        verdicts[f"{name} timeout"] = str(timeout_verdict(name))
print(json.dumps({
    "verdicts": verdicts,
    "package": sigmoid_course.__file__,
    "version": sigmoid_course.__version__,
    "loaded": sorted(
        m for m in sys.modules if m.partition(".")[0] in ("numpy", "scipy", "matplotlib")
    ),
}))
"""


def _tool():
    spec = importlib.util.spec_from_file_location("selfcheck_bundle", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, dict]:
    outdir = tmp_path_factory.mktemp("bundle")
    return outdir, _tool().build(outdir)


@pytest.fixture(scope="module")
def without_numpy(bundle, tmp_path_factory) -> dict:
    outdir, manifest = bundle
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(outdir / manifest["wheel"]) as wheel:
        wheel.extractall(site)
    # -S: no site hooks, so no editable install; sympy and mpmath come from this environment.
    path = os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])
    result = subprocess.run(
        [sys.executable, "-S", "-c", WITHOUT_NUMPY, json.dumps(GARBAGE)],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert Path(report["package"]).is_relative_to(site), report["package"]
    return report


def test_every_verdict_without_numpy_is_the_packages_word_for_word(without_numpy):
    assert without_numpy["loaded"] == []
    expected = {}
    for name, spec in sorted(problems().items()):
        if spec.typed:
            for table in ("accepts", "rejects"):
                for index, answer in enumerate(getattr(spec, table)):
                    expected[f"{name} {table} {index}"] = str(check(name, answer))
            for index, answer in enumerate(GARBAGE):
                expected[f"{name} garbage {index}"] = str(check(name, answer))
            expected[f"{name} timeout"] = str(timeout_verdict(name))
    assert len(expected) > 300
    differ = {k: (v, without_numpy["verdicts"].get(k)) for k, v in expected.items()}
    differ = {k: v for k, v in differ.items() if v[0] != v[1]}
    assert not differ, differ
    assert set(without_numpy["verdicts"]) == set(expected)


def test_the_shipped_values_are_the_computed_ones(bundle):
    outdir, manifest = bundle
    with zipfile.ZipFile(outdir / manifest["wheel"]) as wheel:
        shipped = json.loads(wheel.read("sigmoid_course/selfcheck/computed.json"))
    computed = compute_all()
    assert shipped == computed
    assert {"logistic-regression/beetle-fit", "lstm-gates/parameter-count"} <= set(shipped)
    # The beetle fit as the chapter makes it, recomputed here, not read from the key.
    from sigmoid_course.data import load_beetles
    from sigmoid_course.glm import fit_binomial

    fit = fit_binomial(*load_beetles())
    assert shipped["logistic-regression/beetle-fit"] == {
        "intercept": fit.intercept,
        "slope": fit.slope,
    }


def test_the_manifest_describes_every_problem(bundle, without_numpy):
    outdir, manifest = bundle
    assert json.loads((outdir / "selfcheck-manifest.json").read_text()) == manifest
    assert manifest["version"] == without_numpy["version"]
    assert manifest["vocabulary"] == VOCABULARY and manifest["seconds"] == DEFAULT_SECONDS
    assert manifest["entry"] == "from sigmoid_course.selfcheck import check; str(check(name, text))"
    assert "problems()" in manifest["warmup"]
    assert {r.partition("==")[0] for r in manifest["requires"]} == {"sympy", "mpmath"}
    known = problems()
    assert set(manifest["problems"]) == set(known)
    keys = answer_keys()
    functions = {"lr-penalised-gradient", "sigmoid-backward", "weight-gradient"}
    for name, entry in manifest["problems"].items():
        assert entry["typed"] is (name not in functions), name
        assert entry["example"] == known[name].example and entry["points"] == known[name].points
        assert name in keys[entry["key"]]
        timeout = str(timeout_verdict(name, DEFAULT_SECONDS))
        assert entry["timeout_verdict"] == timeout
        if entry["typed"]:
            assert without_numpy["verdicts"][f"{name} timeout"] == timeout


def test_the_wheel_holds_the_engine_and_only_what_it_imports(bundle):
    outdir, manifest = bundle
    with zipfile.ZipFile(outdir / manifest["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = f"sigmoid_course-{manifest['version']}.dist-info"
        entry_points = wheel.read(f"{info}/entry_points.txt")
    for needed in (
        "selfcheck/parsing.py",
        "answers/nature.py",
        "symbolic/__init__.py",
        "symbolic/comparison.py",
        "time_limit.py",
    ):
        assert f"sigmoid_course/{needed}" in names, needed
    for heavy in ("activations", "glm", "neuron", "lstm", "backprop", "data", "plotting"):
        assert f"sigmoid_course/{heavy}.py" not in names, heavy
    assert b"[sigmoid_course.answer_keys]" in entry_points
    assert not any("__pycache__" in name for name in names)


def test_the_bundle_is_reproducible(bundle, tmp_path):
    outdir, manifest = bundle
    again = _tool().build(tmp_path)
    assert again == manifest
    assert (tmp_path / manifest["wheel"]).read_bytes() == (outdir / manifest["wheel"]).read_bytes()
