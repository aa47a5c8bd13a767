"""One version everywhere, and a citation file that the Citation File Format accepts."""

from __future__ import annotations

import datetime
import json
import re
import tomllib

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

import sigmoid_course

from conftest import ROOT

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(
    SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
)
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def as_json(value):
    """YAML reads dates as dates; the schema, like cffconvert, expects ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def citation() -> dict:
    return as_json(yaml.safe_load((ROOT / "CITATION.cff").read_text()))


def releases() -> list[tuple[str, str]]:
    return RELEASE.findall((ROOT / "CHANGELOG.md").read_text())


def test_citation_file_is_valid_cff_1_2_0():
    cff = citation()
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(cff)]
    assert not errors
    assert cff["cff-version"] == "1.2.0"
    assert {"title", "authors", "version", "repository-code", "license", "date-released"} <= set(
        cff
    )


@pytest.mark.parametrize(
    "broken",
    [
        {"authors": []},
        {"date-released": "25 November 2026"},
        {"license": "CC-BY"},
        {"cff-version": "1.2"},
        {"titel": "misspelt keys are refused"},
    ],
    ids=lambda broken: next(iter(broken)),
)
def test_the_schema_refuses_a_broken_citation(broken):
    assert not VALIDATOR.is_valid({**citation(), **broken})


def test_one_version_for_package_citation_and_changelog():
    assert sigmoid_course.__version__ == VERSION
    assert citation()["version"] == VERSION
    newest_version, newest_date = releases()[0]
    assert newest_version == VERSION, "CHANGELOG.md has no entry for the package's version"
    assert citation()["date-released"] == newest_date


def test_changelog_lists_versions_newest_first_with_links_to_the_repository():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    versions = [tuple(map(int, v.split("."))) for v, _ in releases()]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    for version, _ in releases():
        assert f"\n[{version}]: {url}/" in changelog, f"no link for {version}"


def test_citation_points_at_the_configured_repository_and_the_content_licence():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    cff = citation()
    assert cff["repository-code"] == config["repository"]["url"]
    assert cff["license"] == "CC-BY-4.0"
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text().splitlines()[0]


@pytest.mark.slow
def test_the_introduction_shows_the_version_and_the_citation(built_book):
    page = BeautifulSoup((built_book.html_dir / "book" / "intro.html").read_text(), "html.parser")
    cited = page.select_one(".course-citation").get_text()
    cff = citation()
    assert f"version {VERSION}" in cited and f"version = {{{VERSION}}}" in cited
    assert cff["title"] in cited and cff["repository-code"] in cited
    assert f"version {VERSION}" in page.select_one("main").get_text(" ")
