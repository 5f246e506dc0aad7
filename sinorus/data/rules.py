"""The book's own rules, beyond Table Schema: a table's schema names them in ``x-rules``. Each rule declares the
tables it reads besides the table checked (the build's dependency scan uses this: editing ``periods.csv``
re-executes the chapters whose tables a period rule checks)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import paths
from .dates import GREGORIAN_IN_RUSSIA, parse_date
from .errors import Fault
from .rows import read_rows


def _rule_date_precision(fname, records, key_of, base):
    for line, row, _ in records:
        raw, precision = row["date"], row["date_precision"]
        parsed = parse_date(raw)
        if parsed is None:
            yield Fault(
                fname, line, key_of(row), "date", raw, "date: a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD"
            )
        elif precision and parsed[1] != precision:
            yield Fault(
                fname,
                line,
                key_of(row),
                "date_precision",
                precision,
                f"date precision: the date {raw!r} is written to the {parsed[1]}, so date_precision must be '{parsed[1]}'",
            )


def _rule_calendar(fname, records, key_of, base):
    for line, row, _ in records:
        parsed = parse_date(row["date"])
        if parsed and row["calendar"] == "julian" and parsed[0] >= GREGORIAN_IN_RUSSIA:
            yield Fault(
                fname,
                line,
                key_of(row),
                "calendar",
                "julian",
                "calendar: 'julian' (Old Style) only applies before 1918-02-14, when Russia adopted the Gregorian calendar",
            )


def _rule_date_in_period(fname, records, key_of, base):
    periods = {p["period_id"]: p for _, p in read_rows(paths.data_dir(base) / "periods.csv", base)[1]}
    for line, row, _ in records:
        parsed = parse_date(row["date"])
        p = periods.get(row["period"])
        if not parsed or p is None:
            continue
        start = dt.date.fromisoformat(p["start"])
        end = dt.date.fromisoformat(p["end"]) if p["end"] else dt.date.max
        # a date known only to the year or month must overlap the period
        first = parsed[0]
        last = {
            "year": dt.date(first.year, 12, 31),
            "month": first.replace(day=calendar.monthrange(first.year, first.month)[1]),
            "day": first,
        }[parsed[1]]
        if last < start or first > end:
            yield Fault(
                fname,
                line,
                key_of(row),
                "period",
                row["period"],
                f"period: the date {row['date']} is outside {row['period']} ({p['start']} to {p['end'] or 'today'})",
            )


def _rule_periods_contiguous(fname, records, key_of, base):
    prev = None
    for line, row, typed in records:
        if typed.get("end") is not None and typed.get("start") is not None and typed["end"] < typed["start"]:
            yield Fault(fname, line, key_of(row), "end", row["end"], "periods: a period cannot end before it starts")
        if prev is not None and typed.get("start") is not None and prev != typed["start"] - dt.timedelta(days=1):
            yield Fault(
                fname,
                line,
                key_of(row),
                "start",
                row["start"],
                "periods: each period starts the day after the previous one ends (no gaps, no overlaps)",
            )
        prev = typed.get("end")


def _rule_claim_check(fname, records, key_of, base):
    """A coded claim is checked when, and only when, it states a fact; a check names its source and never the
    claim's own document; a claim that differs says how."""
    for line, row, _ in records:
        factual, status = row["factual"], row["check_status"]
        checks = [k.strip() for k in row["check_source_key"].split(";") if k.strip()]
        if factual == "false" and status and status != "not_applicable":
            yield Fault(
                fname,
                line,
                key_of(row),
                "check_status",
                status,
                "claim check: a claim that states no checkable fact (factual false) is 'not_applicable'",
            )
        if factual == "true" and status == "not_applicable":
            yield Fault(
                fname,
                line,
                key_of(row),
                "check_status",
                status,
                "claim check: a factual claim is 'confirmed', 'differs' or 'unverified', never 'not_applicable'",
            )
        if status in ("confirmed", "differs") and not checks:
            yield Fault(
                fname,
                line,
                key_of(row),
                "check_source_key",
                row["check_source_key"],
                f"claim check: a '{status}' claim names the source it was checked against",
            )
        if row["source_key"] in checks:
            yield Fault(
                fname,
                line,
                key_of(row),
                "check_source_key",
                row["check_source_key"],
                "claim check: a claim cannot be checked against its own document",
            )
        if status == "differs" and not row["check_note"].strip():
            yield Fault(
                fname,
                line,
                key_of(row),
                "check_note",
                row["check_note"],
                "claim check: a claim that differs says in check_note what the other source gives",
            )


@dataclass(frozen=True)
class Rule:
    check: Callable[..., Iterable[Fault]]
    reads: tuple[str, ...] = ()  # tables the rule reads besides the one it checks


RULES = {
    "date-precision": Rule(_rule_date_precision),
    "calendar": Rule(_rule_calendar),
    "date-in-period": Rule(_rule_date_in_period, reads=("periods",)),
    "periods-contiguous": Rule(_rule_periods_contiguous),
    "claim-check": Rule(_rule_claim_check),
}
