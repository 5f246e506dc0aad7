"""Where the book cites what, as the evidence standard and its report read it: the pages in the order of
``_toc.yml`` and the chapter each belongs to, the keys each page cites, and the keys each data table names in its
source-key columns."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .. import bib, paths


def chapters(base: Path | None = None) -> list[Path]:
    """The book's pages in the order of ``_toc.yml``."""
    root = base or paths.root()
    return [root / f"{page}.md" for page, _ in paths.toc_pages(base)]


def chapter_of(base: Path | None = None) -> dict[str, str]:
    """Page (relative path) -> its chapter (relative path): the dataset pages belong to the datasets chapter."""
    return {f"{page}.md": f"{chapter}.md" for page, chapter in paths.toc_pages(base)}


def citations(base: Path | None = None) -> dict[str, list[str]]:
    """For each page (path relative to the root, in table-of-contents order), the keys it cites, with repeats."""
    root = base or paths.root()
    out = {}
    for page in chapters(base):
        if page.exists():
            out[str(page.relative_to(root))] = bib.citations_in_text(page.read_text(encoding="utf-8"))
    return out


def data_citations(base: Path | None = None) -> list[tuple[str, str, int]]:
    """(table file, key, number of rows) for every key named by a source-key column (``x-source-key``)."""
    import csv

    from ..data import descriptor

    out = []
    for res in descriptor(base)["resources"]:
        cols = [f["name"] for f in res.get("schema", {}).get("fields", []) if f.get("x-source-key")]
        if not cols:
            continue
        path = paths.data_dir(base) / res["path"]
        counts: Counter = Counter()
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                counts.update({k.strip() for c in cols for k in (row.get(c) or "").split(";") if k.strip()})
        out.extend((paths.relative(path, base), k, n) for k, n in sorted(counts.items()))
    return out


def source_keys_in_data(base: Path | None = None) -> set[str]:
    """Every key named by a source-key column of a data table (columns marked ``x-source-key``)."""
    return {key for _, key, _ in data_citations(base)}
