"""The bibliography: one ``references.bib`` for the book, its citations and every data row's source."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pybtex.database import BibliographyData, parse_file

from . import paths

#: Fields each entry type must have, beyond author-or-editor (checked by :func:`problems`).
REQUIRED = {
    "article": ("title", "journal", "year"),
    "book": ("title", "year"),
    "incollection": ("title", "booktitle", "year"),
    "online": ("title", "url"),  # undated web pages are labelled n.d.
    "misc": ("title",),  # undated items are labelled n.d.
    "report": ("title", "year", "institution"),
}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class BibliographyError(ValueError):
    """A reference that is malformed, or a source key that resolves to nothing."""


@lru_cache(maxsize=8)
def _parse(path: str, mtime: float) -> BibliographyData:
    return parse_file(path, bib_format="bibtex")


def entries(base: Path | None = None) -> BibliographyData:
    path = paths.bibfile(base)
    if not path.exists():
        raise BibliographyError(f"{paths.relative(path, base)}: the bibliography file is missing")
    return _parse(str(path), path.stat().st_mtime)


def keys(base: Path | None = None) -> set[str]:
    return set(entries(base).entries.keys())


def problems(base: Path | None = None) -> list[str]:
    """Every malformed entry, as messages naming the key and the rule broken."""
    out = []
    name = paths.relative(paths.bibfile(base), base)
    for key, entry in entries(base).entries.items():
        kind = entry.type.lower()
        if not KEY_RE.match(key):
            out.append(f"{name}: entry '{key}': key must be lowercase ASCII letters, digits and '_'")
        if kind not in REQUIRED:
            out.append(f"{name}: entry '{key}': type @{kind} is not one the book uses ({', '.join(sorted(REQUIRED))})")
            continue
        if not (entry.persons.get("author") or entry.persons.get("editor")):
            out.append(f"{name}: entry '{key}': has no author or editor")
        for field in REQUIRED[kind]:
            if not entry.fields.get(field, "").strip():
                out.append(f"{name}: entry '{key}': @{kind} needs the field '{field}'")
        year = entry.fields.get("year", "")
        if year and not re.fullmatch(r"\d{4}", year):
            out.append(f"{name}: entry '{key}': year '{year}' is not a four-digit year")
        url = entry.fields.get("url", "")
        if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            out.append(f"{name}: entry '{key}': url '{url}' is not a well-formed http(s) URL")
    return out


#: A citation role: {cite}`a,b`, {cite:p}`a{p. 5}`, {cite:t}`{see}a{pp. 3-4},b`.
CITE_RE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
#: A pre-note ``{see}`` or a locator ``{p. 5}`` around a key inside a citation role.
NOTE_RE = re.compile(r"\{[^{}]*\}")


def citations_in_text(text: str) -> list[str]:
    """Every key cited with a MyST citation role, in order, one item per citation (repeats kept)."""
    found: list[str] = []
    for group in CITE_RE.findall(text):
        found.extend(k for k in (NOTE_RE.sub("", part).strip() for part in group.split(",")) if k)
    return found


def cited_in_text(text: str) -> set[str]:
    """Keys cited with MyST roles such as {cite}`a,b`, {cite:p}`a{p. 5}`, {cite:t}`a`."""
    return set(citations_in_text(text))


# ------------------------------------------------------------------------------------------------- labels
def _who(entry) -> str:
    """The author part of a label: "Maxwell", "Lukin and Yakunin", "Li et al.", or the organisation."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        return re.sub(r"[{}]", "", entry.fields.get("organization", entry.key))
    names = [re.sub(r"[{}]", "", " ".join(p.last_names) or " ".join(p.first_names)) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def author_year_labels(sorted_entries) -> list[str]:
    """The labels of entries in bibliography order: "Maxwell 2007", "TASS 2024a", "TASS 2024b", "Xinhua n.d.".
    Entries with the same author part and year get a, b, c... in that order. The one label function: the
    bibliography (sinorus.sphinx.bibstyle) and figure source lines (:func:`labels`, sinorus.cite_labels) both use it."""
    from collections import Counter

    entries = list(sorted_entries)
    base = [f"{_who(e)} {e.fields.get('year', 'n.d.')}" for e in entries]
    counts, seen, out = Counter(base), Counter(), []
    for label in base:
        if counts[label] > 1:
            seen[label] += 1
            out.append(label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1])
        else:
            out.append(label)
    return out


def sorted_entries(base: Path | None = None) -> list:
    """Every entry in the order of the book's bibliography (author, year, title), as it lists them all."""
    from pybtex.style.sorting.author_year_title import SortingStyle

    return SortingStyle().sort(list(entries(base).entries.values()))


def labels(base: Path | None = None) -> dict[str, str]:
    """Key -> the label the bibliography prints for it."""
    path = paths.bibfile(base)
    return dict(_labels(str(path), path.stat().st_mtime if path.exists() else 0.0, base))


@lru_cache(maxsize=8)
def _labels(path: str, mtime: float, base: Path | None) -> tuple[tuple[str, str], ...]:
    ordered = sorted_entries(base)
    return tuple(zip((e.key for e in ordered), author_year_labels(ordered)))
