"""Values an answer key needs that only numpy or scipy can compute (a fit to data, a count
from a model's shapes), computed where numpy is and shipped as data where it is not.

A key writes ``fit = computed("logistic-regression/beetle-fit", fit_beetles)``. In an ordinary
installation this calls ``fit_beetles()``, which may import numpy inside. The book's page runs
the engine without numpy: the bundle it loads (``tools/selfcheck_bundle.py``) carries
:data:`FILE` next to this module, written by :func:`compute_all` with numpy at build time, and
where that file exists every value is read from it instead, never computed. Either way the value
goes through JSON, so that both give the same numbers of the same types; the bundle's test
checks that every verdict agrees.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

FILE = "computed.json"
"""The file of shipped values, by name, in this package (present only in the page's bundle)."""

_COMPUTATIONS: dict[str, Callable[[], Any]] = {}
"""Every computation a key has asked for, by name."""


def computed(name: str, compute: Callable[[], Any]) -> Any:
    """The value of ``compute()``: computed, or read from the shipped :data:`FILE`.

    Parameters
    ----------
    name : str
        A name unique across the course, e.g. ``"logistic-regression/beetle-fit"``.
    compute : callable without arguments
        Returns numbers, strings, lists or dicts of them (what JSON holds).

    Returns
    -------
    Any
        The value, as JSON gives it back (a tuple comes back as a list).

    Raises
    ------
    ValueError
        If another function already uses ``name``.
    LookupError
        If the shipped file lacks ``name`` (the bundle is older than the key).
    """
    known = _COMPUTATIONS.get(name)
    if known is not None and _where(known) != _where(compute):
        raise ValueError(f"{name!r} is already computed by {_where(known)}")
    _COMPUTATIONS[name] = compute
    shipped = _shipped()
    if shipped is None:
        return json.loads(json.dumps(compute()))
    if name not in shipped:
        raise LookupError(f"{name!r} is not in the shipped {FILE}; rebuild the bundle")
    return shipped[name]


def computations() -> Mapping[str, Callable[[], Any]]:
    """Every computation the loaded keys asked for, by name."""
    return MappingProxyType(_COMPUTATIONS)


def compute_all() -> dict[str, Any]:
    """Every computation of the loaded keys, computed now: what :data:`FILE` holds."""
    return {name: json.loads(json.dumps(compute())) for name, compute in _COMPUTATIONS.items()}


@cache
def _shipped() -> dict[str, Any] | None:
    resource = files(__package__) / FILE
    return json.loads(resource.read_text(encoding="utf-8")) if resource.is_file() else None


def _where(function: Callable[[], Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"
