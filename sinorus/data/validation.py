"""Reading one table and checking every row against its Table Schema (types, constraints, primary and foreign
keys), its source keys against ``references.bib``, and the book's rules the schema names in ``x-rules``."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .. import bib, paths
from .descriptor import resource
from .errors import DataError, Fault
from .rows import read_rows
from .rules import RULES

#: The rule each kind of value breaks, in the book's words (the check itself is the Table Schema reference
#: implementation's, frictionless).
TYPE_RULES = {
    "integer": "type: integer",
    "number": "type: number (digits with a '.' decimal point, no thousands separators)",
    "year": "type: year (four digits)",
    "date": "type: date (YYYY-MM-DD)",
    "boolean": "type: boolean (true or false)",
}
#: The constraints checked cell by cell, in the order a fault is reported (one fault per cell).
CONSTRAINTS = ("enum", "pattern", "minimum", "maximum", "minLength", "maxLength")


@functools.cache
def _reference_field(described: str):
    """The frictionless Field for a column (required and unique are checked by the loader, for its messages)."""
    import frictionless

    f = {k: v for k, v in json.loads(described).items() if not k.startswith("x-")}
    f["constraints"] = {k: v for k, v in f.get("constraints", {}).items() if k not in ("required", "unique")}
    if f.get("type") == "boolean":  # the tables write true and false, nothing else
        f.setdefault("trueValues", ["true"])
        f.setdefault("falseValues", ["false"])
    return frictionless.Field.from_descriptor(f)


def read_cell(raw: str, field: dict):
    """The typed value of a non-empty cell, or raise ValueError with the rule it breaks (Table Schema's types and
    constraints, as frictionless reads them, reported in the book's words)."""
    kind = field.get("type", "string")
    if kind not in TYPE_RULES and kind != "string":
        raise ValueError(f"type '{kind}' is not supported by the loader")
    if kind == "string" and not set(field.get("constraints", {})) & set(CONSTRAINTS):
        return raw
    value, notes = _reference_field(json.dumps(field, sort_keys=True)).read_cell(raw)
    notes = notes or {}
    if "type" in notes:
        raise ValueError(TYPE_RULES[kind])
    if kind == "number":
        value = float(value)
        if not math.isfinite(value):  # NaN and Infinity parse as numbers, but no table means them
            raise ValueError(TYPE_RULES[kind])
    for name in CONSTRAINTS:
        if name in notes:
            c = field["constraints"][name]
            raise ValueError(f"enum: one of {', '.join(c)}" if name == "enum" else f"{name}: {c}")
    return value


def validate(name: str, base: Path | None = None) -> tuple[pd.DataFrame, list[Fault]]:
    """Read and check one table; return the typed frame and every fault found."""
    res = resource(name, base)
    schema = res["schema"]
    path = paths.data_dir(base) / res["path"]
    fname = paths.relative(path, base)
    fields = schema["fields"]
    header, rows = read_rows(path, base)
    faults: list[Fault] = []

    expected = [f["name"] for f in fields]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unexpected " + ", ".join(extra))
        if not detail:
            detail.append("columns out of order")
        raise DataError(f"{fname}, line 1: header must be {','.join(expected)} ({'; '.join(detail)})")

    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else list(pk)

    def key_of(row: dict) -> str | None:
        return ", ".join(f"{k}={row[k]}" for k in pk) if pk else None

    records = []
    for line, row in rows:
        typed = {}
        for f in fields:
            col, raw = f["name"], row[f["name"]]
            if raw != raw.strip():
                faults.append(Fault(fname, line, key_of(row), col, raw, "no leading or trailing spaces"))
                continue
            if raw == "":
                if f.get("constraints", {}).get("required") or col in pk:
                    faults.append(Fault(fname, line, key_of(row), col, raw, "required: a value is needed"))
                typed[col] = None
                continue
            try:
                value = read_cell(raw, f)
            except ValueError as e:
                faults.append(Fault(fname, line, key_of(row), col, raw, str(e)))
                continue
            typed[col] = value
        records.append((line, row, typed))

    # primary key and unique fields
    if pk:
        seen: dict[tuple, int] = {}
        for line, row, _ in records:
            k = tuple(row[c] for c in pk)
            if k in seen:
                faults.append(
                    Fault(
                        fname,
                        line,
                        key_of(row),
                        ",".join(pk),
                        ", ".join(k),
                        f"primary key: duplicate of line {seen[k]}",
                    )
                )
            else:
                seen[k] = line
    for f in fields:
        if f.get("constraints", {}).get("unique") and [f["name"]] != pk:
            seen_u: dict[str, int] = {}
            for line, row, _ in records:
                v = row[f["name"]]
                if v and v in seen_u:
                    faults.append(
                        Fault(fname, line, key_of(row), f["name"], v, f"unique: duplicate of line {seen_u[v]}")
                    )
                seen_u.setdefault(v, line)

    # foreign keys
    for fk in schema.get("foreignKeys", []):
        cols = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_cols = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        ref_name = ref["resource"] or name
        ref_path = paths.data_dir(base) / resource(ref_name, base)["path"]
        _, ref_rows = read_rows(ref_path, base)
        valid = {tuple(r[c] for c in ref_cols) for _, r in ref_rows}
        for line, row, _ in records:
            v = tuple(row[c] for c in cols)
            if all(x == "" for x in v):
                continue
            if v not in valid:
                faults.append(
                    Fault(
                        fname,
                        line,
                        key_of(row),
                        ",".join(cols),
                        ", ".join(v),
                        f"foreign key: not a {','.join(ref_cols)} in {paths.relative(ref_path, base)}",
                    )
                )

    # source keys resolve in references.bib
    source_cols = [f["name"] for f in fields if f.get("x-source-key")]
    if source_cols:
        from .store import remember

        bibfile = paths.bibfile(base)  # the keys kept in the store: parsing the bibliography takes most of a second
        known = remember("bib-keys", [bibfile, Path(bib.__file__)], lambda: frozenset(bib.keys(base)), base)
        for line, row, _ in records:
            for col in source_cols:
                for k in filter(None, (s.strip() for s in row[col].split(";"))):
                    if k not in known:
                        faults.append(
                            Fault(fname, line, key_of(row), col, k, "source key: not an entry in references.bib")
                        )

    # the book's own rules
    for rule in schema.get("x-rules", []):
        check = RULES.get(rule)
        if check is None:
            faults.append(Fault(fname, None, None, None, None, f"the descriptor names an unknown rule '{rule}'"))
            continue
        faults.extend(check.check(fname, records, key_of, base))

    frame = _frame(records, fields)
    return frame, faults


def _frame(records, fields) -> pd.DataFrame:
    import pandas as pd

    data = {f["name"]: [t.get(f["name"]) for _, _, t in records] for f in fields}
    df = pd.DataFrame(data)
    for f in fields:
        col, kind = f["name"], f.get("type", "string")
        if kind in ("integer", "year"):
            df[col] = df[col].astype("Int64")
        elif kind == "number":
            df[col] = df[col].astype("float64")
        elif kind == "date":
            df[col] = pd.to_datetime(df[col])
        elif kind == "boolean":
            df[col] = df[col].astype("boolean")
        else:
            df[col] = df[col].astype("string")
    return df
