"""Tables for the book's pages: rendered as Markdown, so they typeset as real tables in HTML and in the PDF.

Every cell is escaped: a data value is always shown as text, never interpreted as HTML or Markdown."""

from __future__ import annotations

import html
import re

import pandas as pd


def escape(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)  # < > & become entities, so no tag survives
    return re.sub(r"([\\`*_\[\]{}|$#~^])", r"\\\1", text)


def source_labels(keys) -> str:
    """Source keys ("a;b") as the bibliography's labels ("Xinhua 2012; TASS 2024b"); an unknown key stays as it is."""
    if keys is None or (isinstance(keys, float) and pd.isna(keys)) or keys is pd.NA:
        return ""
    from . import biblabels

    known = biblabels.labels()
    return "; ".join(known.get(k.strip(), k.strip()) for k in str(keys).split(";") if k.strip())


class Table:
    """A data frame shown as a table; ``columns`` maps frame columns to the headers readers see."""

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str] | None = None, floatfmt: str = "{:,.2f}"):
        columns = columns or {c: c for c in frame.columns}
        frame = frame[list(columns)].copy()
        for c in frame.columns:  # a source shows as the bibliography's label ("TASS 2024b"), never as its key
            if str(c).endswith("source_key"):
                frame[c] = frame[c].map(source_labels)
        self.frame = frame.rename(columns=columns)
        self.floatfmt = floatfmt

    def _cell(self, v) -> str:
        if isinstance(v, float) and not pd.isna(v):
            return escape(self.floatfmt.format(v))
        return escape(v)

    def _repr_markdown_(self) -> str:
        if self.frame.empty:  # a header with no rows is not a table (and the LaTeX writer cannot typeset one)
            return "*No rows.*\n"
        head = "| " + " | ".join(escape(c) for c in self.frame.columns) + " |"
        rule = "|" + "|".join("---" for _ in self.frame.columns) + "|"
        body = ["| " + " | ".join(self._cell(v) for v in row) + " |" for row in self.frame.itertuples(index=False)]
        return "\n".join([head, rule, *body]) + "\n"

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, floatfmt: str = "{:,.2f}") -> Table:
    return Table(frame, columns, floatfmt)


def schema_table(name: str) -> Table:
    """A table's columns as its dataset page shows them: column, type, rules and description, from the
    descriptor (data/datapackage.json)."""
    from .data import fields_table

    return table(
        fields_table(name), {"column": "Column", "type": "Type", "rules": "Rules", "description": "Description"}
    )


def provenance_table(name: str) -> Table:
    """Where a derived table's upstream file(s) come from, as its dataset page shows them: the repository that
    carries the copy, the commit, the path and the file's SHA-256, from the resource's ``x-provenance`` in the
    descriptor (written by the table's script in data/derive/)."""
    from .data import resource

    prov = resource(name).get("x-provenance")
    if not prov:
        raise ValueError(f"table '{name}' has no x-provenance in data/datapackage.json")

    def spaced(h: str, n: int) -> str:  # a long hash in groups, so that a narrow column (and the PDF) can break it
        return " ".join(h[i : i + n] for i in range(0, len(h), n))

    rows = [
        {"script": prov["script"], **u, "commit": spaced(u["commit"], 10), "sha256": spaced(u["sha256"], 16)}
        for u in prov["upstream"]
    ]
    return table(
        pd.DataFrame(rows),
        {"script": "Script", "repository": "Repository", "commit": "Commit", "path": "Path", "sha256": "SHA-256"},
    )
