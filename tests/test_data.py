"""The shipped data sets load with the numbers of their published sources."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_course import data


def test_beetles_are_bliss_table():
    dose, n, killed = data.load_beetles()
    assert len(dose) == 8 and dose[0] == 1.6907 and dose[-1] == 1.8839
    assert int(n.sum()) == 481 and int(killed.sum()) == 291
    assert n.dtype.kind == "i" and killed.dtype.kind == "i"


def test_census_keeps_later_counts_apart():
    census = data.load_census()
    assert list(census.year[[0, -1]]) == [1790, 1950] and len(census.year) == 17
    assert int(census.population[census.year == 1910][0]) == 92_228_496
    assert list(census.later_year) == [2020] and int(census.later_population[0]) == 331_449_281


def test_census_holds_both_series():
    census = data.load_census()
    early = census.year < 1880
    assert np.array_equal(census.continental[early], census.population[early])
    # Alaska from 1880 (33,426 people then), Hawaii from 1900 (with Alaska 256,230 in 1910).
    gap = dict(zip(census.year, census.population - census.continental, strict=True))
    assert gap[1880] == 33_426 and gap[1910] == 256_230
    assert all(difference > 0 for year, difference in gap.items() if year >= 1880)
    assert int(census.continental[census.year == 1910][0]) == 91_972_266
    assert int(census.later_continental[0]) == 331_449_281 - 733_391 - 1_455_271


@pytest.mark.parametrize("name", data.DATASETS)
def test_every_data_set_names_its_source(name):
    assert "Source:" in data.source(name)


def test_unknown_data_set_is_named():
    with pytest.raises(ValueError, match="unknown data set 'iris'"):
        data.source("iris")


def test_a_malformed_file_names_itself(monkeypatch):
    monkeypatch.setattr(data, "_text", lambda name: "# x\nyear,people\n1790,1\n")
    with pytest.raises(ValueError, match=r"census\.csv: expected columns year, population"):
        data.load_census()
    monkeypatch.setattr(data, "_text", lambda name: "log10_dose,beetles,killed\n1.7,10,x\n")
    with pytest.raises(ValueError, match=r"beetles\.csv: 'x' is not a whole number"):
        data.load_beetles()


@pytest.mark.parametrize(
    "load, text, message",
    [
        (
            "load_beetles",
            "log10_dose,beetles,killed\n1.7,10,3\nnan,10,3\n",
            r"beetles\.csv: 'nan' is not a finite number \(column log10_dose, data row 2\)",
        ),
        (
            "load_beetles",
            "log10_dose,beetles,killed\n1.7,ten,3\n",
            r"beetles\.csv: 'ten' is not a whole number \(column beetles, data row 1\)",
        ),
        (
            "load_census",
            "year,population,continental,later\n1790,3929214,3929214,yes\n",
            r"census\.csv: 'yes' is not 0 or 1 \(column later, data row 1\)",
        ),
        ("load_beetles", "log10_dose,beetles,killed\n1.8,10,3\n1.7,10,3\n", "doses must increase"),
        ("load_beetles", "log10_dose,beetles,killed\n1.7,10,11\n", "killed ≤ beetles"),
        (
            "load_census",
            "year,population,continental,later\n1790,0,0,0\n",
            r"census\.csv: populations must be > 0",
        ),
        (
            "load_census",
            "year,population,continental,later\n1790,5,6,0\n",
            r"census\.csv: a continental count must not exceed the 50-state count",
        ),
        (
            "load_census",
            "year,population\n1790,1\n",
            "expected columns year, population, continental, later",
        ),
        (
            "load_census",
            "year,population,continental,later\n1790,1,1\n",
            "every row needs 4 values",
        ),
    ],
)
def test_a_bad_value_is_named_with_its_file_column_and_row(monkeypatch, load, text, message):
    monkeypatch.setattr(data, "_text", lambda name: text)
    with pytest.raises(ValueError, match=message):
        getattr(data, load)()
