"""The one way the book reads its data.

``load(name)`` reads ``data/<name>.csv``, checks every row against the table's schema in
``data/datapackage.json`` (a Frictionless Tabular Data Package) and the book's own rules, and returns a typed
pandas frame. Anything wrong stops with :class:`DataError`, whose message names the file, the line, the column,
the value and the rule broken, one line per fault.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import bib, paths

#: Russia (RSFSR) moved from the Julian to the Gregorian calendar: 1 February 1918 (Old Style) became 14 February.
GREGORIAN_IN_RUSSIA = dt.date(1918, 2, 14)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_OF_PARTS = {1: "year", 2: "month", 3: "day"}

_loaded: list[str] = []  # tables loaded in this kernel, checked against what a chapter declared


class DataError(ValueError):
    """Raised when a data table breaks its schema or one of the book's rules."""


@dataclass(frozen=True)
class Fault:
    file: str
    line: int | None
    key: str | None
    column: str | None
    value: object
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key:
            where += f" ({self.key})"
        if self.column is not None:
            where += f", column '{self.column}'"
            return f"{where}: value {self.value!r} breaks rule: {self.rule}"
        return f"{where}: {self.rule}"


# --------------------------------------------------------------------------------------------- descriptor
def descriptor(base: Path | None = None) -> dict:
    path = paths.data_dir(base) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{paths.relative(path, base)}: the data package descriptor is missing") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{paths.relative(path, base)}, line {e.lineno}: not valid JSON ({e.msg})") from None


def resource(name: str, base: Path | None = None) -> dict:
    for res in descriptor(base)["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in descriptor(base)["resources"])
    raise DataError(f"data/datapackage.json: no table named '{name}' (tables: {names})")


def table_names(base: Path | None = None) -> list[str]:
    return [r["name"] for r in descriptor(base)["resources"]]


def dependencies(name: str, base: Path | None = None) -> list[str]:
    """The tables a table's validation reads (itself and, through foreign keys, the tables it refers to)."""
    seen: list[str] = []

    def walk(n: str) -> None:
        if n in seen:
            return
        seen.append(n)
        for fk in resource(n, base)["schema"].get("foreignKeys", []):
            walk(fk["reference"]["resource"] or n)

    walk(name)
    return seen


# --------------------------------------------------------------------------------------------- reading
def _read_rows(path: Path, base: Path | None) -> tuple[list[str], list[tuple[int, dict]]]:
    name = paths.relative(path, base)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{name}: the data file is missing") from None
    except UnicodeDecodeError as e:
        raise DataError(f"{name}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{name}: the file is empty (no header row)") from None
    rows = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(
                f"{name}, line {line}: has {len(record)} cells but the header has {len(header)} columns "
                f"(a missing or extra comma, or an unquoted comma inside a value)"
            )
        rows.append((line, dict(zip(header, record))))
    return header, rows


def _parse_date(text: str) -> tuple[dt.date, str] | None:
    m = DATE_RE.match(text)
    if not m:
        return None
    parts = [p for p in m.groups() if p is not None]
    y, mo, d = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    try:
        return dt.date(y, mo, d), PRECISION_OF_PARTS[len(parts)]
    except ValueError:
        return None


def _convert(value: str, field: dict):
    """Return the typed value, or raise ValueError with the rule broken."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError("type: integer")
        return int(value)
    if kind == "number":
        if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", value):
            raise ValueError("type: number (digits with a '.' decimal point, no thousands separators)")
        return float(value)
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError("type: year (four digits)")
        return int(value)
    if kind == "date":
        try:
            return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad()
        except ValueError:
            raise ValueError("type: date (YYYY-MM-DD)") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError("type: boolean (true or false)")
        return value == "true"
    raise ValueError(f"type '{kind}' is not supported by the loader")


def _bad():
    raise ValueError


def _check_field(value, raw: str, field: dict) -> str | None:
    c = field.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        return f"enum: one of {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        return f"pattern: {c['pattern']}"
    if "minimum" in c and value < c["minimum"]:
        return f"minimum: {c['minimum']}"
    if "maximum" in c and value > c["maximum"]:
        return f"maximum: {c['maximum']}"
    if "minLength" in c and len(raw) < c["minLength"]:
        return f"minLength: {c['minLength']}"
    if "maxLength" in c and len(raw) > c["maxLength"]:
        return f"maxLength: {c['maxLength']}"
    return None


# --------------------------------------------------------------------------------------------- validation
def validate(name: str, base: Path | None = None) -> tuple[pd.DataFrame, list[Fault]]:
    """Read and check one table; return the typed frame and every fault found."""
    res = resource(name, base)
    schema = res["schema"]
    path = paths.data_dir(base) / res["path"]
    fname = paths.relative(path, base)
    fields = schema["fields"]
    header, rows = _read_rows(path, base)
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
                value = _convert(raw, f)
            except ValueError as e:
                faults.append(Fault(fname, line, key_of(row), col, raw, str(e)))
                continue
            broken = _check_field(value, raw, f)
            if broken:
                faults.append(Fault(fname, line, key_of(row), col, raw, broken))
                continue
            typed[col] = value
        records.append((line, row, typed))

    # primary key and unique fields
    if pk:
        seen: dict[tuple, int] = {}
        for line, row, _ in records:
            k = tuple(row[c] for c in pk)
            if k in seen:
                faults.append(Fault(fname, line, key_of(row), ",".join(pk), ", ".join(k),
                                    f"primary key: duplicate of line {seen[k]}"))
            else:
                seen[k] = line
    for f in fields:
        if f.get("constraints", {}).get("unique") and [f["name"]] != pk:
            seen_u: dict[str, int] = {}
            for line, row, _ in records:
                v = row[f["name"]]
                if v and v in seen_u:
                    faults.append(Fault(fname, line, key_of(row), f["name"], v, f"unique: duplicate of line {seen_u[v]}"))
                seen_u.setdefault(v, line)

    # foreign keys
    for fk in schema.get("foreignKeys", []):
        cols = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_cols = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        ref_name = ref["resource"] or name
        ref_path = paths.data_dir(base) / resource(ref_name, base)["path"]
        _, ref_rows = _read_rows(ref_path, base)
        valid = {tuple(r[c] for c in ref_cols) for _, r in ref_rows}
        for line, row, _ in records:
            v = tuple(row[c] for c in cols)
            if all(x == "" for x in v):
                continue
            if v not in valid:
                faults.append(Fault(fname, line, key_of(row), ",".join(cols), ", ".join(v),
                                    f"foreign key: not a {','.join(ref_cols)} in {paths.relative(ref_path, base)}"))

    # source keys resolve in references.bib
    source_cols = [f["name"] for f in fields if f.get("x-source-key")]
    if source_cols:
        known = bib.keys(base)
        for line, row, _ in records:
            for col in source_cols:
                for k in filter(None, (s.strip() for s in row[col].split(";"))):
                    if k not in known:
                        faults.append(Fault(fname, line, key_of(row), col, k,
                                            "source key: not an entry in references.bib"))

    # the book's own rules
    for rule in schema.get("x-rules", []):
        check = RULES.get(rule)
        if check is None:
            faults.append(Fault(fname, None, None, None, None, f"the descriptor names an unknown rule '{rule}'"))
            continue
        faults.extend(check(fname, records, key_of, base))

    frame = _frame(records, fields)
    return frame, faults


def _frame(records, fields) -> pd.DataFrame:
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


# ------------------------------------------------------------------------------------------ custom rules
def _rule_date_precision(fname, records, key_of, base):
    for line, row, _ in records:
        raw, precision = row["date"], row["date_precision"]
        parsed = _parse_date(raw)
        if parsed is None:
            yield Fault(fname, line, key_of(row), "date", raw,
                        "date: a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD")
        elif precision and parsed[1] != precision:
            yield Fault(fname, line, key_of(row), "date_precision", precision,
                        f"date precision: the date {raw!r} is written to the {parsed[1]}, so date_precision must be '{parsed[1]}'")


def _rule_calendar(fname, records, key_of, base):
    for line, row, _ in records:
        parsed = _parse_date(row["date"])
        if parsed and row["calendar"] == "julian" and parsed[0] >= GREGORIAN_IN_RUSSIA:
            yield Fault(fname, line, key_of(row), "calendar", "julian",
                        "calendar: 'julian' (Old Style) only applies before 1918-02-14, when Russia adopted the Gregorian calendar")


def _rule_date_in_period(fname, records, key_of, base):
    periods = {p["period_id"]: p for _, p in _read_rows(paths.data_dir(base) / "periods.csv", base)[1]}
    for line, row, _ in records:
        parsed = _parse_date(row["date"])
        p = periods.get(row["period"])
        if not parsed or p is None:
            continue
        start = dt.date.fromisoformat(p["start"])
        end = dt.date.fromisoformat(p["end"]) if p["end"] else dt.date.max
        # a date known only to the year or month must overlap the period
        first = parsed[0]
        last = {"year": dt.date(first.year, 12, 31),
                "month": (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date(), "day": first}[parsed[1]]
        if last < start or first > end:
            yield Fault(fname, line, key_of(row), "period", row["period"],
                        f"period: the date {row['date']} is outside {row['period']} ({p['start']} to {p['end'] or 'today'})")


def _rule_year_in_period(fname, records, key_of, base):
    periods = {p["period_id"]: p for _, p in _read_rows(paths.data_dir(base) / "periods.csv", base)[1]}
    for line, row, _ in records:
        p = periods.get(row.get("period", ""))
        if p is None or not row["year"].isdigit():
            continue
        y = int(row["year"])
        if y < int(p["start"][:4]) or (p["end"] and y > int(p["end"][:4])):
            yield Fault(fname, line, key_of(row), "period", row["period"], f"period: the year {y} is outside {row['period']}")


def _rule_periods_contiguous(fname, records, key_of, base):
    prev = None
    for line, row, typed in records:
        if typed.get("end") is not None and typed.get("start") is not None and typed["end"] < typed["start"]:
            yield Fault(fname, line, key_of(row), "end", row["end"], "periods: a period cannot end before it starts")
        if prev is not None and typed.get("start") is not None and prev != typed["start"] - dt.timedelta(days=1):
            yield Fault(fname, line, key_of(row), "start", row["start"],
                        "periods: each period starts the day after the previous one ends (no gaps, no overlaps)")
        prev = typed.get("end")


def _rule_claim_check(fname, records, key_of, base):
    """A coded claim is checked when, and only when, it states a fact; a check names its source and never the
    claim's own document; a claim that differs says how."""
    for line, row, _ in records:
        factual, status = row["factual"], row["check_status"]
        checks = [k.strip() for k in row["check_source_key"].split(";") if k.strip()]
        if factual == "false" and status and status != "not_applicable":
            yield Fault(fname, line, key_of(row), "check_status", status,
                        "claim check: a claim that states no checkable fact (factual false) is 'not_applicable'")
        if factual == "true" and status == "not_applicable":
            yield Fault(fname, line, key_of(row), "check_status", status,
                        "claim check: a factual claim is 'confirmed', 'differs' or 'unverified', never 'not_applicable'")
        if status in ("confirmed", "differs") and not checks:
            yield Fault(fname, line, key_of(row), "check_source_key", row["check_source_key"],
                        f"claim check: a '{status}' claim names the source it was checked against")
        if row["source_key"] in checks:
            yield Fault(fname, line, key_of(row), "check_source_key", row["check_source_key"],
                        "claim check: a claim cannot be checked against its own document")
        if status == "differs" and not row["check_note"].strip():
            yield Fault(fname, line, key_of(row), "check_note", row["check_note"],
                        "claim check: a claim that differs says in check_note what the other source gives")


RULES = {
    "date-precision": _rule_date_precision,
    "calendar": _rule_calendar,
    "date-in-period": _rule_date_in_period,
    "year-in-period": _rule_year_in_period,
    "periods-contiguous": _rule_periods_contiguous,
    "claim-check": _rule_claim_check,
}


# --------------------------------------------------------------------------------------------- public API
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


def _derive(name: str, df: pd.DataFrame) -> pd.DataFrame:
    if "date" in df.columns and "date_precision" in df.columns:
        starts = [_parse_date(d)[0] for d in df["date"]]
        df["start"] = pd.to_datetime(starts)
        df["year"] = df["start"].dt.year.astype("Int64")
        df["date_label"] = [_label(d, p) for d, p in zip(df["date"], df["date_precision"])]
        if "calendar" in df.columns:
            df["date_old_style"] = [
                _julian_label(to_julian(s)) if c == "julian" and p == "day" else ""
                for s, c, p in zip(starts, df["calendar"], df["date_precision"])
            ]
    return df


def _label(date: str, precision: str) -> str:
    d = _parse_date(date)[0]
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return f"{d:%B} {d.year}"
    return f"{d.day} {d:%B} {d.year}"


def _julian_label(ymd: tuple[int, int, int]) -> str:
    y, m, d = ymd
    return f"{d} {dt.date(2000, m, 1):%B} {y} (Old Style)"


def to_julian(d: dt.date) -> tuple[int, int, int]:
    """The Julian (Old Style) date of a Gregorian date, as (year, month, day): a tuple, because Julian dates
    such as 29 February 1700 do not exist in Python's (Gregorian) calendar."""
    # Through the Julian Day Number, so the 10/11/12/13-day offsets of each century come out by themselves.
    jdn = d.toordinal() + 1721425  # Julian Day Number (0001-01-01 Gregorian is JDN 1721426)
    c = jdn + 32082
    dd = (4 * c + 3) // 1461
    e = c - (1461 * dd) // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = dd - 4800 + m // 10
    return year, month, day


def check_declared_dependencies(declared: list[str]) -> None:
    """Called by the build at the end of each chapter: every table the chapter loaded was found by the
    dependency scan, so editing that table re-executes the chapter. A table loaded in a way the scan cannot
    see (a computed name) would leave a stale page: stop instead."""
    hidden = [t for t in _loaded if t not in declared]
    if hidden:
        raise DataError(
            f"this chapter loaded table(s) {', '.join(hidden)} that the build's dependency scan did not see; "
            f"write the name literally, as load(\"{hidden[0]}\"), so edits to that data re-execute the chapter"
        )


def fields_table(name: str, base: Path | None = None) -> pd.DataFrame:
    """The schema of a table as a reader-facing table: column, type, rules, description."""
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
        rows.append({"column": f["name"], "type": f.get("type", "string"), "rules": "; ".join(rules),
                     "description": f.get("description", "")})
    return pd.DataFrame(rows)
