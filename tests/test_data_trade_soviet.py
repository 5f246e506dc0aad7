"""The annual Sino-Soviet trade table: it loads typed and keeps one value per series, year and flow (its broken rules
are cases in test_data_faults.py)."""

from __future__ import annotations

from sinorus import data


def test_trade_soviet_annual_loads_typed():
    t = data.load("trade_soviet_annual")
    assert str(t["value"].dtype) == "float64" and str(t["year"].dtype) == "Int64"
    assert not t.duplicated(["series_id", "year", "flow"]).any()
    # each series keeps one currency: series are never mixed in one line
    assert (t.groupby("series_id")["unit"].nunique() == 1).all()
