"""The problems :func:`~sigmoid_course.selfcheck.check` knows, registered by answer keys.

The engine names no chapter. An answer key is a module that builds :class:`~.problem.Problem`
entries and passes them to :func:`register` when it is imported. The modules to import are
found through the entry-point group :data:`ENTRY_POINTS` of the installed distributions: this
course's ``pyproject.toml`` declares ``sigmoid_course.answers``, a package that imports every
module in it, so that a new chapter's key registers itself by being there; another distribution
may declare its own keys in the same group. The book's page gets the package as a wheel whose
``.dist-info`` carries the same entry points (``tools/selfcheck_bundle.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.metadata import entry_points
from types import MappingProxyType

from .problem import Problem

ENTRY_POINTS = "sigmoid_course.answer_keys"
"""The entry-point group whose modules, imported, register answer keys."""

_REGISTRY: dict[str, tuple[str, Problem]] = {}
"""Every registered problem by name, with the key that registered it."""


def register(key: str, problems: Mapping[str, Problem]) -> None:
    """Add a chapter's answer key to the problems :func:`check` knows.

    Parameters
    ----------
    key : str
        The chapter's name, e.g. ``"sigmoid-problems"``; shown when two keys clash.
    problems : mapping from problem name to Problem
        The chapter's problems. Names are unique across the course.

    Raises
    ------
    ValueError
        If a problem name is already registered by another key.
    TypeError
        If an entry is not a :class:`Problem`.
    """
    for name, problem in problems.items():
        if not isinstance(problem, Problem):
            raise TypeError(f"{key}: {name!r} must be a Problem, got {type(problem).__name__}")
        owner = _REGISTRY.get(name, (key, problem))[0]
        if owner != key:
            raise ValueError(f"{key}: problem name {name!r} is already used by {owner!r}")
    for name, problem in problems.items():
        _REGISTRY[name] = (key, problem)


@cache
def load_answer_keys() -> tuple[str, ...]:
    """Import every module of the entry-point group :data:`ENTRY_POINTS` (once), so that
    their answer keys register; returns the modules' names."""
    loaded = []
    for point in sorted(entry_points(group=ENTRY_POINTS), key=lambda point: point.name):
        point.load()
        loaded.append(point.value)
    return tuple(loaded)


def problems() -> Mapping[str, Problem]:
    """Every registered problem, by name, with every answer key loaded."""
    load_answer_keys()
    return MappingProxyType({name: problem for name, (_, problem) in _REGISTRY.items()})


def answer_keys() -> Mapping[str, tuple[str, ...]]:
    """The problem names of each registered answer key, by key."""
    load_answer_keys()
    keys: dict[str, list[str]] = {}
    for name, (key, _) in _REGISTRY.items():
        keys.setdefault(key, []).append(name)
    return MappingProxyType({key: tuple(names) for key, names in keys.items()})
