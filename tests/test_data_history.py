"""The historical tables (specialists, trade_history, territory) and the calendar rules on a real Old Style row:
each rule stops a corrupted copy with the exact message."""

from __future__ import annotations

import pytest

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a fixture)


def test_history_tables_load():
    assert len(data.load("specialists")) > 0
    assert len(data.load("trade_history")) > 0
    territory = data.load("territory")
    assert str(territory["area_km2"].dtype) == "float64"


def test_specialist_count_must_be_a_number_of_persons(copy):
    line = find_line(copy, "specialists", lambda r: r["estimate_id"] == "khrushchev_july1960")
    edit(copy, "specialists", line, "value", "about 1500")
    assert message(copy, "specialists") == (
        "1 problem(s) in table 'specialists':\n"
        f"  data/specialists.csv, line {line} (estimate_id=khrushchev_july1960), column 'value': value 'about 1500' "
        "breaks rule: type: integer")


def test_specialist_kind_is_one_of_three(copy):
    line = find_line(copy, "specialists", lambda r: r["estimate_id"] == "garver_1950_1960")
    edit(copy, "specialists", line, "kind", "total")
    assert message(copy, "specialists") == (
        "1 problem(s) in table 'specialists':\n"
        f"  data/specialists.csv, line {line} (estimate_id=garver_1950_1960), column 'kind': value 'total' breaks "
        "rule: enum: one of present, arrived, withdrawn")


def test_trade_history_unit_is_named(copy):
    line = find_line(copy, "trade_history", lambda r: r["point_id"] == "csm_plan_1982")
    edit(copy, "trade_history", line, "unit", "rubles")
    assert message(copy, "trade_history") == (
        "1 problem(s) in table 'trade_history':\n"
        f"  data/trade_history.csv, line {line} (point_id=csm_plan_1982), column 'unit': value 'rubles' "
        "breaks rule: enum: one of million_rub, million_usd, percent, ratio")


def test_trade_history_years_are_in_range(copy):
    line = find_line(copy, "trade_history", lambda r: r["point_id"] == "tass_target_1990")
    edit(copy, "trade_history", line, "year_to", "1995")
    assert ("data/trade_history.csv, line {0} (point_id=tass_target_1990), column 'year_to': value '1995' breaks "
            "rule: maximum: 1991").format(line) in message(copy, "trade_history")


def test_territory_points_to_a_real_treaty(copy):
    line = find_line(copy, "territory", lambda r: r["change_id"] == "1860-peking-wire")
    edit(copy, "territory", line, "event_id", "1860-beijing")
    assert message(copy, "territory") == (
        "1 problem(s) in table 'territory':\n"
        f"  data/territory.csv, line {line} (change_id=1860-peking-wire), column 'event_id': value '1860-beijing' "
        "breaks rule: foreign key: not a event_id in data/events.csv")


def test_territory_area_is_never_written_in_words(copy):
    line = find_line(copy, "territory", lambda r: r["change_id"] == "1860-peking-wire")
    edit(copy, "territory", line, "area_km2", "400,000")
    assert ("column 'area_km2': value '400,000' breaks rule: type: number (digits with a '.' decimal point, no "
            "thousands separators)") in message(copy, "territory")


# --- the calendar and date-precision rules on the Treaty of Nerchinsk (27 August 1689 Old Style) ---------------
def nerchinsk(base):
    return find_line(base, "events", lambda r: r["event_id"] == "1689-nerchinsk")


def test_nerchinsk_is_stored_new_style_with_its_old_style_date():
    events = data.load("events").set_index("event_id")
    row = events.loc["1689-nerchinsk"]
    assert (row["date"], row["date_precision"], row["calendar"]) == ("1689-09-06", "day", "julian")
    assert row["date_old_style"] == "27 August 1689 (Old Style)"
    assert row["date_label"] == "6 September 1689"


def test_nerchinsk_old_style_date_left_unconverted_is_caught_by_precision(copy):
    # writing the month only while claiming a day: the precision rule names the treaty's row
    line = nerchinsk(copy)
    edit(copy, "events", line, "date", "1689-09")
    assert message(copy, "events") == (
        "1 problem(s) in table 'events':\n"
        f"  data/events.csv, line {line} (event_id=1689-nerchinsk), column 'date_precision': value 'day' breaks "
        "rule: date precision: the date '1689-09' is written to the month, so date_precision must be 'month'")


def test_nerchinsk_calendar_cannot_be_julian_after_1918(copy):
    line = nerchinsk(copy)
    edit(copy, "events", line, "date", "1918-02-14")
    assert message(copy, "events") == (
        "1 problem(s) in table 'events':\n"
        f"  data/events.csv, line {line} (event_id=1689-nerchinsk), column 'calendar': value 'julian' breaks rule: "
        "calendar: 'julian' (Old Style) only applies before 1918-02-14, when Russia adopted the Gregorian calendar")


def test_nerchinsk_last_julian_day_is_accepted(copy):
    # 13 February 1918 (New Style) is still before the switch: the same row loads
    line = nerchinsk(copy)
    edit(copy, "events", line, "date", "1918-02-13")
    row = data.load("events", base=copy).set_index("event_id").loc["1689-nerchinsk"]
    assert row["date_old_style"] == "31 January 1918 (Old Style)"


def test_nerchinsk_calendar_must_be_named(copy):
    line = nerchinsk(copy)
    edit(copy, "events", line, "calendar", "old style")
    assert ("data/events.csv, line {0} (event_id=1689-nerchinsk), column 'calendar': value 'old style' breaks rule: "
            "enum: one of gregorian, julian").format(line) in message(copy, "events")
