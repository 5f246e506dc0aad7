"""The bibliography: one ``references.bib`` for the book, read and checked (every entry well formed), its keys (a
page's citations and every data row's source name them), the page of the bibliography that lists each source
class, and the keys a page cites. How entries are labelled, ordered and written for the reader is
:mod:`sinorus.biblabels`."""

from __future__ import annotations

import hashlib
import re
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


#: The bibliography's pages (book/references/<page>.md), each with the source classes it lists (the ``sourcetype``
#: field; sinorus.evidence.CLASSES says what each class holds). Every class is on exactly one page.
PAGES = {  # the page's heading is in its Markdown file
    "documents": ("primary", "statistics", "reference", "commissioning"),
    "scholarship": ("scholarly", "analysis"),
    "news": ("news",),
    "state-media": ("state-media",),
}


def page_of(sourcetype: str) -> str:
    """The bibliography page that lists works of this source class."""
    return next(page for page, classes in PAGES.items() if sourcetype in classes)


class BibliographyError(ValueError):
    """A reference that is malformed, or a source key that resolves to nothing."""


_PARSED: dict[str, BibliographyData] = {}  # by the file's content: copies of the book share one parse


def entries(base: Path | None = None) -> BibliographyData:
    path = paths.bibfile(base)
    if not path.exists():
        raise BibliographyError(f"{paths.relative(path, base)}: the bibliography file is missing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest not in _PARSED:
        if len(_PARSED) >= 8:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[digest] = parse_file(str(path), bib_format="bibtex")
    return _PARSED[digest]


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
