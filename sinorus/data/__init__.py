"""The one way the book reads its data.

``load(name)`` reads ``data/<name>.csv``, checks every row against the table's schema in
``data/datapackage.json`` (a Frictionless Tabular Data Package) and the book's own rules, and returns a typed
pandas frame. Anything wrong stops with :class:`DataError`, whose message names the file, the line, the column,
the value and the rule broken, one line per fault.

The modules: :mod:`.descriptor` (the tables and what each reads), :mod:`.validation` (Table Schema checks),
:mod:`.rules` (the book's rules), :mod:`.dates` (dates, precision, the Julian calendar), :mod:`.errors`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from . import store
from .dates import GREGORIAN_IN_RUSSIA, julian_label, label, parse_date, to_julian
from .descriptor import dependencies, descriptor, reads, resource, table_names
from .errors import DataError, Fault

__all__ = [
    "DataError",
    "Fault",
    "GREGORIAN_IN_RUSSIA",
    "check_declared_dependencies",
    "dependencies",
    "descriptor",
    "fields_table",
    "load",
    "reads",
    "resource",
    "table_names",
    "to_julian",
    "validate",
]

_loaded: list[str] = []  # tables loaded in this kernel, checked against what a chapter declared


def load(name: str, base: Path | None = None) -> pd.DataFrame:
    """Read ``data/<name>.csv``, validated; raise :class:`DataError` listing every fault."""
    frame, faults = validate(name, base)
    if faults:
        shown = "\n".join(f"  {f}" for f in faults[:50])
        more = f"\n  ... and {len(faults) - 50} more" if len(faults) > 50 else ""
        raise DataError(f"{len(faults)} problem(s) in table '{name}':\n{shown}{more}")
    if name not in _loaded:
        _loaded.append(name)
    frame.attrs["table"] = name
    frame.attrs["source_file"] = f"data/{resource(name, base)['path']}"
    return _derive(name, frame)


def validate(name: str, base: Path | None = None) -> tuple[pd.DataFrame, list[Fault]]:
    """Read and check one table (:func:`.validation.validate`): the typed frame and every fault found.

    A table is checked once per change of what its check reads: a table without faults is stored under a hash of
    those files (:mod:`.store`), and later calls, in this process or another, read it back without checking again.
    A table with faults is never stored, so it is checked, and refused, every time."""
    if not store.enabled():
        return _check(name, base)
    digest = store.key(name, base)
    frame = store.read(name, digest, base)
    if frame is None:
        with store.lock(name, digest, base):  # chapters executing at once: one checks, the others wait
            frame = store.read(name, digest, base)
            if frame is None:
                frame, faults = _check(name, base)
                if faults:
                    return frame, faults
                store.write(name, digest, frame, base)
    return frame, []


def _check(name: str, base: Path | None) -> tuple[pd.DataFrame, list[Fault]]:
    from .validation import validate as check  # imported when a table is checked (pybtex, frictionless), not before

    return check(name, base)


def _derive(name: str, df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if "date" in df.columns and "date_precision" in df.columns:
        starts = [parse_date(d)[0] for d in df["date"]]
        df["start"] = pd.to_datetime(starts)
        df["year"] = df["start"].dt.year.astype("Int64")
        df["date_label"] = [label(d, p) for d, p in zip(df["date"], df["date_precision"])]
        if "calendar" in df.columns:
            df["date_old_style"] = [
                julian_label(to_julian(s)) if c == "julian" and p == "day" else ""
                for s, c, p in zip(starts, df["calendar"], df["date_precision"])
            ]
    return df


def check_declared_dependencies(declared: list[str]) -> None:
    """Called by the build at the end of each chapter: every table the chapter loaded was found by the
    dependency scan, so editing that table re-executes the chapter. A table loaded in a way the scan cannot
    see (a computed name) would leave a stale page: stop instead."""
    hidden = [t for t in _loaded if t not in declared]
    if hidden:
        raise DataError(
            f"this chapter loaded table(s) {', '.join(hidden)} that the build's dependency scan did not see; "
            f'write the name literally, as load("{hidden[0]}"), so edits to that data re-execute the chapter'
        )


def fields_table(name: str, base: Path | None = None) -> pd.DataFrame:
    """The schema of a table as a reader-facing table: column, type, rules, description."""
    import pandas as pd

    rows = []
    for f in resource(name, base)["schema"]["fields"]:
        c = f.get("constraints", {})
        rules = []
        if c.get("required"):
            rules.append("required")
        if "enum" in c:
            rules.append("one of: " + ", ".join(c["enum"]))
        if "pattern" in c:
            rules.append(f"pattern {c['pattern']}")
        if "minimum" in c or "maximum" in c:
            rules.append(f"range {c.get('minimum', '')}..{c.get('maximum', '')}")
        if f.get("x-source-key"):
            rules.append("key(s) in references.bib")
        rows.append(
            {
                "column": f["name"],
                "type": f.get("type", "string"),
                "rules": "; ".join(rules),
                "description": f.get("description", ""),
            }
        )
    return pd.DataFrame(rows)
