"""Author-year labels in the bibliography, to match the author-year citations in the text.

sphinxcontrib-bibtex cites "(Ulyankin, 2023)" in the text (``bibtex_reference_style:
author_year``) but labels the list with pybtex's alpha style ("[Uly23]"). This registers a
pybtex style whose labels are "Ulyankin 2023", "Dobson & Barnett 2018", "Karpathy et al. 2016",
or, for a work without an author, the start of its title, as the text cites it; entries are
sorted by those names, then year and title.
"""

from __future__ import annotations

import re
from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

STYLE = "sigmoid_author_year"


def _surname(person) -> str:
    return re.sub(r"[{}]", "", " ".join(person.prelast_names + person.last_names))


def _who(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        words = re.sub(r"[{}]", "", entry.fields.get("title", "Anonymous")).split()
        return " ".join(words[:4]).rstrip(",.;:") + ("…" if len(words) > 4 else "")
    if len(people) == 1:
        return _surname(people[0])
    if len(people) == 2:
        return f"{_surname(people[0])} & {_surname(people[1])}"
    return f"{_surname(people[0])} et al."


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        plain = [f"{_who(e)} {e.fields.get('year', 'n.d.')}" for e in entries]
        repeated = Counter(plain)
        seen: Counter[str] = Counter()
        for label in plain:
            if repeated[label] > 1:
                seen[label] += 1
                label = f"{label}{'abcdefghijklmnopqrstuvwxyz'[seen[label] - 1]}"
            yield label


class AuthorYearStyle(UnsrtStyle):
    default_label_style = STYLE
    default_sorting_style = "author_year_title"


def setup(app):
    register_plugin("pybtex.style.labels", STYLE, AuthorYearLabels)
    register_plugin("pybtex.style.formatting", STYLE, AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
