"""The historical tables (specialists, trade_history, territory) and the calendar rules on a real Old Style row:
each rule stops a corrupted copy with the exact message."""

from __future__ import annotations

from conftest import edit, find_line

from sinorus import data


def test_history_tables_load():
    assert len(data.load("specialists")) > 0
    assert len(data.load("trade_history")) > 0
    territory = data.load("territory")
    assert str(territory["area_km2"].dtype) == "float64"


# --- the calendar and date-precision rules on the Treaty of Nerchinsk (27 August 1689 Old Style) ---------------
def nerchinsk(base):
    return find_line(base, "events", lambda r: r["event_id"] == "1689-nerchinsk")


def test_nerchinsk_is_stored_new_style_with_its_old_style_date():
    events = data.load("events").set_index("event_id")
    row = events.loc["1689-nerchinsk"]
    assert (row["date"], row["date_precision"], row["calendar"]) == ("1689-09-06", "day", "julian")
    assert row["date_old_style"] == "27 August 1689 (Old Style)"
    assert row["date_label"] == "6 September 1689"


def test_nerchinsk_last_julian_day_is_accepted(copy):
    # 13 February 1918 (New Style) is still before the switch: the same row loads
    line = nerchinsk(copy)
    edit(copy, "events", line, "date", "1918-02-13")
    row = data.load("events", base=copy).set_index("event_id").loc["1689-nerchinsk"]
    assert row["date_old_style"] == "31 January 1918 (Old Style)"


def test_russian_tientsin_treaty_is_a_separate_treaty_sixteen_days_after_aigun():
    events = data.load("events").set_index("event_id")
    aigun, tientsin = events.loc["1858-aigun"], events.loc["1858-tianjin"]
    assert (tientsin["start"] - aigun["start"]).days == 16
    assert tientsin["date_old_style"] == "1 June 1858 (Old Style)"
    assert "supplement" not in tientsin["description"].lower()


def test_ili_treaty_row_says_what_russia_kept():
    row = data.load("events").set_index("event_id").loc["1881-st-petersburg"]
    assert row["date_old_style"] == "12 February 1881 (Old Style)"
    assert "western part" in row["description"] and "9 million" in row["description"]
