"""Real data sets of the course, shipped inside the package with their sources.

Each data set is a small CSV file in ``sigmoid_course/datasets/`` whose ``#`` header lines
say where the numbers come from and on what terms; :func:`source` returns that header. The
files install with the package, so the loaders work after ``pip install`` (as on Colab) as
well as in a clone of the repository.
"""

from __future__ import annotations

import csv
import math
from importlib import resources
from typing import NamedTuple

import numpy as np

DATASETS = ("beetles", "census")
"""The names :func:`source` accepts."""


class Beetles(NamedTuple):
    """Bliss's (1935) beetle mortality: grouped binomial counts at eight doses."""

    log10_dose: np.ndarray
    """log₁₀ of the dose of carbon disulphide, in mg per litre."""
    beetles: np.ndarray
    """Number of beetles exposed at each dose."""
    killed: np.ndarray
    """Number of those killed after five hours."""


class Census(NamedTuple):
    """US census counts: 1790–1950 every ten years, and later counts kept apart."""

    year: np.ndarray
    """Census years 1790, 1800, …, 1950."""
    population: np.ndarray
    """Resident population in each of those years, in the Census Bureau's series for the
    present 50 states (with Alaska from 1880 and Hawaii from 1900)."""
    later_year: np.ndarray
    """Years of later counts, kept apart to test extrapolation (2020)."""
    later_population: np.ndarray
    """The population counted in each later year (50 states)."""
    continental: np.ndarray
    """The counts of the continental United States (without Alaska and Hawaii) in the years
    ``year``, as published at the time and used by Pearl and Reed (1920); equal to
    ``population`` up to 1870."""
    later_continental: np.ndarray
    """The continental count of each later year."""


def load_beetles() -> Beetles:
    """Load Bliss's (1935) beetle mortality data.

    Returns
    -------
    Beetles
        Arrays ``log10_dose`` (float), ``beetles`` and ``killed`` (int), one entry per dose,
        in increasing dose. Unpacks as ``dose, n, killed = load_beetles()``.

    Raises
    ------
    FileNotFoundError, ValueError
        If the CSV file is missing or malformed; the message names the file.

    Examples
    --------
    >>> dose, n, killed = load_beetles()
    >>> int(n.sum()), int(killed.sum())
    (481, 291)
    """
    dose, n, killed = _read("beetles", {"log10_dose": float, "beetles": int, "killed": int})
    _require(
        "beetles",
        {"doses must increase": np.all(np.diff(dose) > 0), "killed ≤ beetles": np.all(killed <= n)},
    )
    return Beetles(dose, n, killed)


def load_census() -> Census:
    """Load the US census counts.

    Returns
    -------
    Census
        ``year`` and ``population`` for 1790–1950 (int arrays), and ``later_year``,
        ``later_population`` for counts kept apart to test an extrapolation (2020);
        ``continental`` and ``later_continental``, the same years' counts without Alaska and
        Hawaii.

    Raises
    ------
    FileNotFoundError, ValueError
        If the CSV file is missing or malformed; the message names the file.

    Examples
    --------
    >>> census = load_census()
    >>> int(census.year[0]), int(census.population[0]), int(census.later_population[0])
    (1790, 3929214, 331449281)
    >>> int(census.continental[census.year == 1910][0])
    91972266
    """
    year, population, continental, later = _read(
        "census", {"year": int, "population": int, "continental": int, "later": bool}
    )
    _require(
        "census",
        {
            "years must increase": np.all(np.diff(year) > 0),
            "populations must be > 0": np.all(continental > 0),
            "a continental count must not exceed the 50-state count": np.all(
                continental <= population
            ),
        },
    )
    return Census(
        year[~later],
        population[~later],
        year[later],
        population[later],
        continental[~later],
        continental[later],
    )


def source(name: str) -> str:
    """The source and terms of a data set, as written at the top of its CSV file.

    Parameters
    ----------
    name : {"beetles", "census"}

    Returns
    -------
    str
        The file's comment lines, without the ``#``.
    """
    text = _text(name)
    return "\n".join(line[1:].strip() for line in text.splitlines() if line.startswith("#"))


def _path(name: str):
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; expected one of {DATASETS}")
    return resources.files("sigmoid_course") / "datasets" / f"{name}.csv"


def _text(name: str) -> str:
    path = _path(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as missing:
        raise FileNotFoundError(
            f"data file {path} is missing; reinstall the package (pip install -e .)"
        ) from missing


# What each column type accepts, as the error messages say it; a bool column holds 0 or 1.
_EXPECTED = {int: "a whole number", float: "a finite number", bool: "0 or 1"}
_FLAGS = {"0": False, "1": True}


def _read(name: str, columns: dict[str, type]) -> list[np.ndarray]:
    """The columns of data set ``name``, in the order given, each parsed as its type.

    The file must have exactly these columns, in this order, and at least one row; any
    departure raises ``ValueError`` naming the file (and the value, its column and its data row).
    """
    lines = [line for line in _text(name).splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines)
    expected = f"expected columns {', '.join(columns)}, got {reader.fieldnames}"
    _require(name, {expected: tuple(reader.fieldnames or ()) == tuple(columns)})
    rows = list(reader)
    complete = bool(rows) and not any(None in row.values() or None in row for row in rows)
    _require(name, {f"every row needs {len(columns)} values": complete})
    return [
        np.array([_parse(row[column], kind, name, column, i) for i, row in enumerate(rows, 1)])
        for column, kind in columns.items()
    ]


def _parse(text: str, kind: type, name: str, column: str, row: int) -> int | float | bool:
    try:
        value = _FLAGS[text] if kind is bool else kind(text)
    except (KeyError, ValueError):
        value = None
    valid = value is not None and (kind is not float or math.isfinite(value))
    _require(name, {f"{text!r} is not {_EXPECTED[kind]} (column {column}, data row {row})": valid})
    return value


def _require(name: str, rules: dict[str, object]) -> None:
    """Raise ``ValueError`` naming the data set's file and the first of ``rules`` (a message
    and whether it holds) that fails: the one check every loader's validation goes through."""
    for message, holds in rules.items():
        if not holds:
            raise ValueError(f"{_path(name)}: {message}")
