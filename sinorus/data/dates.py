"""Dates as the tables write them (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with their precision), labels for
readers, and the Julian (Old Style) calendar Russia used until 1918."""

from __future__ import annotations

import datetime as dt
import re

#: Russia (RSFSR) moved from the Julian to the Gregorian calendar: 1 February 1918 (Old Style) became 14 February.
GREGORIAN_IN_RUSSIA = dt.date(1918, 2, 14)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_OF_PARTS = {1: "year", 2: "month", 3: "day"}


def parse_date(text: str) -> tuple[dt.date, str] | None:
    m = DATE_RE.match(text)
    if not m:
        return None
    parts = [p for p in m.groups() if p is not None]
    y, mo, d = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    try:
        return dt.date(y, mo, d), PRECISION_OF_PARTS[len(parts)]
    except ValueError:
        return None


def label(date: str, precision: str) -> str:
    d = parse_date(date)[0]
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return f"{d:%B} {d.year}"
    return f"{d.day} {d:%B} {d.year}"


def julian_label(ymd: tuple[int, int, int]) -> str:
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
