"""The annual Sino-Soviet trade table: it loads typed, keeps one value per series, year and flow, and a corrupted copy
stops with the exact message (a currency the table does not know, a year outside 1950-1991, a flow outside the
vocabulary of trade.csv)."""

from __future__ import annotations

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a pytest fixture)


def test_trade_soviet_annual_loads_typed():
    t = data.load("trade_soviet_annual")
    assert str(t["value"].dtype) == "float64" and str(t["year"].dtype) == "Int64"
    assert not t.duplicated(["series_id", "year", "flow"]).any()
    # each series keeps one currency: series are never mixed in one line
    assert (t.groupby("series_id")["unit"].nunique() == 1).all()


def test_trade_soviet_unit_is_named(copy):
    line = find_line(copy, "trade_soviet_annual", lambda r: r["series_id"] == "cia_usd" and r["year"] == "1969")
    edit(copy, "trade_soviet_annual", line, "unit", "dollars")
    assert message(copy, "trade_soviet_annual") == (
        "1 problem(s) in table 'trade_soviet_annual':\n"
        f"  data/trade_soviet_annual.csv, line {line} (series_id=cia_usd, year=1969, flow=total), column 'unit': value 'dollars' "
        "breaks rule: enum: one of million_usd, million_rub, million_chf, million_nzd")


def test_trade_soviet_year_in_range(copy):
    line = find_line(copy, "trade_soviet_annual", lambda r: r["series_id"] == "cn_customs_usd")
    edit(copy, "trade_soviet_annual", line, "year", "1992")
    assert ("data/trade_soviet_annual.csv, line {0} (series_id=cn_customs_usd, year=1992, flow=total), column 'year': value "
            "'1992' breaks rule: maximum: 1991").format(line) in message(copy, "trade_soviet_annual")


def test_trade_soviet_flow_is_named(copy):
    line = find_line(copy, "trade_soviet_annual", lambda r: r["series_id"] == "cn_hist_usd" and r["year"] == "1978")
    edit(copy, "trade_soviet_annual", line, "flow", "exports")
    assert message(copy, "trade_soviet_annual") == (
        "1 problem(s) in table 'trade_soviet_annual':\n"
        f"  data/trade_soviet_annual.csv, line {line} (series_id=cn_hist_usd, year=1978, flow=exports), column 'flow': "
        "value 'exports' breaks rule: enum: one of total, cn_exports, cn_imports")
