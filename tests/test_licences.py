"""A teacher can tell what they may reuse: the licences exist, say what they cover, and are
named in the README, the introduction and the footer of every page; each data set states its
source and terms."""

from __future__ import annotations

import csv
import re
import tomllib

import pytest
from bs4 import BeautifulSoup

import sigmoid_course

from conftest import ROOT, toc_files

DATASETS = ROOT / "src" / "sigmoid_course" / "datasets"
LEGAL_CODE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode"


def test_code_licence_is_mit_as_the_package_says():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Permission is hereby granted" in text
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"


def test_content_licence_is_cc_by_4_0_with_its_legal_code():
    text = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "Creative Commons Attribution 4.0 International" in text and LEGAL_CODE_URL in text
    sections = re.findall(r"^Section (\d) -- ", text, re.MULTILINE)
    assert sections == [str(n) for n in range(1, 9)], "the legal code is incomplete"


def test_readme_names_the_licences_and_links_contributing_and_citation():
    readme = (ROOT / "README.md").read_text()
    for target in ("LICENSE", "LICENSE-CONTENT.md", "CONTRIBUTING.md", "CITATION.cff"):
        assert f"]({target})" in readme, f"README.md does not link {target}"
    assert "MIT" in readme and "CC BY 4.0" in readme


@pytest.mark.parametrize("path", sorted(DATASETS.glob("*.csv")), ids=lambda p: p.name)
def test_every_data_set_states_its_source_and_terms(path):
    header = [line for line in path.read_text().splitlines() if line.startswith("#")]
    assert any(line.startswith("# Source:") for line in header), f"{path.name}: no source"
    assert any(re.search(r"public domain|Terms:", line) for line in header), path.name
    rows = list(csv.reader(line for line in path.read_text().splitlines() if line[:1] != "#"))
    assert len(rows) > 2, f"{path.name}: no data"
    assert f"`{path.name}`" in (DATASETS / "README.md").read_text()


def test_the_haemoglobin_curve_is_declared_a_model_not_data():
    readme = (DATASETS / "README.md").read_text()
    assert "Severinghaus (1979)" in readme and "**not a data set**" in readme
    assert not list(DATASETS.glob("*haemoglobin*")) and not list(DATASETS.glob("*severinghaus*"))


@pytest.mark.slow
def test_every_page_names_the_version_and_both_licences_in_its_footer(built_book):
    for entry in toc_files():
        page = BeautifulSoup((built_book.html_dir / f"{entry}.html").read_text(), "html.parser")
        footer = page.select_one(".extra_footer")
        assert footer is not None, f"{entry}: no footer"
        text = footer.get_text(" ")
        assert f"version {sigmoid_course.__version__}" in text, entry
        assert "CC BY 4.0" in text and "MIT licence" in text, entry
        links = [a["href"] for a in footer.select("a")]
        assert any(h.endswith("/LICENSE") for h in links), entry
        assert any(h.endswith("/LICENSE-CONTENT.md") for h in links), entry


@pytest.mark.slow
def test_the_introduction_names_both_licences_and_offers_their_text(built_book):
    html_dir = built_book.html_dir
    page = BeautifulSoup((html_dir / "book" / "intro.html").read_text(), "html.parser")
    text = page.select_one("main").get_text(" ")
    assert "CC BY 4.0" in text and "MIT licence" in text
    downloads = [a["href"] for a in page.select("main a.download")]
    for name in ("LICENSE", "LICENSE-CONTENT.md"):
        served = [h for h in downloads if h.endswith(f"/{name}")]
        assert served, f"the introduction does not offer {name}"
        assert (html_dir / "book" / served[0]).read_bytes() == (ROOT / name).read_bytes()
