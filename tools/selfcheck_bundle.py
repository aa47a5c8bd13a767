"""Write what the book's page needs to run the self-check in the browser (besides Pyodide,
sympy and mpmath): the engine and the answer keys as a wheel, and a manifest.

Usage: ``python tools/selfcheck_bundle.py OUTDIR`` (the book's build calls it).

For the page (the Web Worker that runs Pyodide)
-----------------------------------------------
Files written into OUTDIR:

``selfcheck-manifest.json``
    Read it first. Its fields:

    - ``wheel``: the wheel's file name, e.g. ``sigmoid_course-0.2.0-py3-none-any.whl``;
    - ``version``: the course's version;
    - ``requires``: the packages the engine imports, pinned as installed here
      (``["mpmath==1.3.0", "sympy==1.14.0"]``): load them before the wheel;
    - ``warmup``: the Python the worker runs once after unpacking: it imports the engine and
      loads every answer key (about 6 s and 1 s in Pyodide 0.27 under Node on the 2-core
      machine), so that the first check answers as fast as the next (a few ms);
    - ``entry``: the Python the worker runs for one check (below);
    - ``seconds``: the engine's time limit for one check; past it the page stops the worker;
    - ``vocabulary``: the text behind "what can I type?" (``selfcheck.VOCABULARY``);
    - ``problems``: by problem name, ``{"key": the chapter's answer key, "typed": whether an
      answer box is shown (false only where the answer is a Python function), "example": the
      form of an answer (never the answer, fit for a placeholder), "points": int,
      "timeout_verdict": the exact text to show when the worker is stopped}``.

``sigmoid_course-<version>-py3-none-any.whl``
    The pure-Python files the engine imports (``sigmoid_course/__init__.py``, ``symbolic/``,
    ``selfcheck/``, ``answers/`` and what they import at module level), the values the keys
    compute with numpy, precomputed here (``sigmoid_course/selfcheck/computed.json``), and a
    ``.dist-info`` whose ``entry_points.txt`` lets the engine find the answer keys. Unpack it
    into site-packages with ``pyodide.unpackArchive(buffer, "wheel")``.

The entry point, with ``name`` and ``text`` passed in from JavaScript (e.g. through
``pyodide.globals`` or ``runPython`` with locals)::

    from sigmoid_course.selfcheck import check
    str(check(name, text))

It returns the verdict exactly as ``print(check(name, text))`` shows it in Jupyter, starting
with ``Right.`` or ``Not yet.``; it never raises for any text (a name not in the manifest
raises ``ValueError``). Every typed ``accepts``/``rejects`` entry and the garbage of the tests
gave the same text in Pyodide 0.27.7 (Node 20) as in CPython. Pyodide has no interval timer,
so there the engine's time limit does nothing: the page ends the worker after ``seconds`` and
shows ``timeout_verdict``, which is ``str(timeout_verdict(name, seconds))``, word for word what
Python says when it stops a check itself.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src"
PACKAGE = "sigmoid_course"
ROOTS = ("sigmoid_course.symbolic", "sigmoid_course.selfcheck", "sigmoid_course.answers")
"""The engine and the keys: every module in these, and what they import at module level."""
REQUIRES = ("mpmath", "sympy")
MANIFEST = "selfcheck-manifest.json"
ENTRY = "from sigmoid_course.selfcheck import check; str(check(name, text))"
WARMUP = "from sigmoid_course.selfcheck import check, problems; problems()"
STAMP = (1980, 1, 1, 0, 0, 0)
"""Every file in the wheel carries this date, so that the same sources give the same bytes."""


def modules(source: Path = SOURCE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    found = {}
    for path in sorted((source / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(source).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(
    path: Path, module: str, known: dict[str, Path], *, module_level: bool = True
) -> set[str]:
    """The modules of ``known`` that ``module`` (at ``path``) imports: those its module-level
    statements import (run on import, class bodies included), or with ``module_level=False``
    every import anywhere in it, functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if module_level and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return {name for name in found if name in known and name != module}


def engine_files(source: Path = SOURCE) -> list[Path]:
    """The files the engine and the keys need: the modules under :data:`ROOTS`, what they
    import at module level, their packages' ``__init__.py``, and nothing else."""
    known = modules(source)
    wanted = {name for name in known if any(name.startswith(root) for root in ROOTS)}
    queue = sorted(wanted)
    while queue:
        name = queue.pop()
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        for needed in imports(known[name], name, known) | {p for p in parents if p in known}:
            if needed not in wanted:
                wanted.add(needed)
                queue.append(needed)
    return sorted(known[name] for name in wanted)


def _entry_points() -> str:
    """The entry points of ``pyproject.toml``, in the ``entry_points.txt`` format."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = []
    for group, points in sorted(project.get("entry-points", {}).items()):
        lines.append(f"[{group}]")
        lines += [f"{name} = {target}" for name, target in sorted(points.items())]
        lines.append("")
    return "\n".join(lines)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(outdir: Path, computed: dict) -> Path:
    """The engine's wheel in ``outdir``, with the keys' ``computed`` values inside."""
    release = version("sigmoid-course")
    info = f"{PACKAGE}-{release}.dist-info"
    contents: dict[str, bytes] = {
        path.relative_to(SOURCE).as_posix(): path.read_bytes() for path in engine_files()
    }
    contents[f"{PACKAGE}/selfcheck/computed.json"] = (
        json.dumps(computed, indent=1, sort_keys=True) + "\n"
    ).encode()
    contents[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: sigmoid-course\nVersion: {release}\n"
        "Summary: The Sigmoid's self-check and answer keys, for the book's page\n"
        + "".join(f"Requires-Dist: {name}\n" for name in REQUIRES)
    ).encode()
    contents[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tools/selfcheck_bundle.py\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    contents[f"{info}/entry_points.txt"] = _entry_points().encode()
    record = [_record_line(name, data) for name, data in sorted(contents.items())]
    contents[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    wheel = outdir / f"{PACKAGE}-{release}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(contents.items()):
            archive.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)
    return wheel


def manifest(wheel: Path) -> dict:
    """What the page reads before it loads anything else (see the module's docstring)."""
    from sigmoid_course.selfcheck import (
        DEFAULT_SECONDS,
        VOCABULARY,
        answer_keys,
        problems,
        timeout_verdict,
    )

    key_of = {name: key for key, names in answer_keys().items() for name in names}
    return {
        "version": version("sigmoid-course"),
        "wheel": wheel.name,
        "requires": [f"{name}=={version(name)}" for name in REQUIRES],
        "entry": ENTRY,
        "warmup": WARMUP,
        "seconds": DEFAULT_SECONDS,
        "vocabulary": VOCABULARY,
        "problems": {
            name: {
                "key": key_of[name],
                "typed": spec.typed,
                "example": spec.example,
                "points": spec.points,
                "timeout_verdict": str(timeout_verdict(name, DEFAULT_SECONDS)),
            }
            for name, spec in sorted(problems().items())
        },
    }


def build(outdir: Path) -> dict:
    """Write the wheel and the manifest into ``outdir`` (made if missing); return the
    manifest."""
    from sigmoid_course.selfcheck import problems
    from sigmoid_course.selfcheck.computed import compute_all

    outdir.mkdir(parents=True, exist_ok=True)
    problems()  # every key loaded, so that every computation is known
    wheel = write_wheel(outdir, compute_all())
    written = manifest(wheel)
    text = json.dumps(written, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (outdir / MANIFEST).write_text(text, encoding="utf-8")
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    build(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
