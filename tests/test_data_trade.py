"""The trade tables added for the trade and energy chapter: the shares of each other's trade (the asymmetry) and the
gas rows of the energy table validate, and a corrupted copy of each stops with the exact message."""

from __future__ import annotations

from sinorus import data
from test_data import copy, edit, find_line, message  # noqa: F401  (copy is a pytest fixture)


def test_trade_shares_load_typed():
    sh = data.load("trade_shares")
    assert str(sh["year"].dtype) == "Int64" and str(sh["value"].dtype) == "float64"
    assert set(sh["indicator"]) == {"russia_share_of_china_trade", "china_share_of_russia_trade"}
    gas = data.load("energy").query("indicator == 'pos_gas_exports_to_china'")
    assert set(gas["unit"]) == {"bcm"} and gas["year"].min() == 2020


def test_trade_share_indicator_enum(copy):
    old = edit(copy, "trade_shares", 2, "indicator", "share")
    assert message(copy, "trade_shares") == (
        "1 problem(s) in table 'trade_shares':\n"
        f"  data/trade_shares.csv, line 2 (year={old['year']}, indicator=share, source_key={old['source_key']}), "
        "column 'indicator': value 'share' breaks rule: enum: one of russia_share_of_china_trade, "
        "china_share_of_russia_trade")


def test_trade_share_is_a_percentage(copy):
    line = find_line(copy, "trade_shares", lambda r: r["indicator"] == "china_share_of_russia_trade")
    old = edit(copy, "trade_shares", line, "value", "120")
    assert message(copy, "trade_shares") == (
        "1 problem(s) in table 'trade_shares':\n"
        f"  data/trade_shares.csv, line {line} (year={old['year']}, indicator={old['indicator']}, "
        f"source_key={old['source_key']}), column 'value': value '120' breaks rule: maximum: 100")


def test_trade_share_source_key_resolves(copy):
    old = edit(copy, "trade_shares", 3, "source_key", "gacc2099nothing")
    assert message(copy, "trade_shares") == (
        "1 problem(s) in table 'trade_shares':\n"
        f"  data/trade_shares.csv, line 3 (year={old['year']}, indicator={old['indicator']}, "
        "source_key=gacc2099nothing), column 'source_key': value 'gacc2099nothing' breaks rule: source key: not an "
        "entry in references.bib")


def test_gas_volume_is_not_negative(copy):
    line = find_line(copy, "energy", lambda r: r["indicator"] == "pos_gas_exports_to_china")
    old = edit(copy, "energy", line, "value", "-4.1")
    assert message(copy, "energy") == (
        "1 problem(s) in table 'energy':\n"
        f"  data/energy.csv, line {line} (year={old['year']}, indicator=pos_gas_exports_to_china), column 'value': "
        "value '-4.1' breaks rule: minimum: 0")


def test_composition_flow_enum(copy):
    old = edit(copy, "trade_composition", 2, "flow", "exports")
    assert message(copy, "trade_composition") == (
        "1 problem(s) in table 'trade_composition':\n"
        f"  data/trade_composition.csv, line 2 (year={old['year']}, period={old['period']}, flow=exports, "
        f"product_group={old['product_group']}), column 'flow': value 'exports' breaks rule: enum: one of "
        "russia_exports_to_china, china_exports_to_russia")


def test_composition_period_required(copy):
    old = edit(copy, "trade_composition", 3, "period", "")
    assert message(copy, "trade_composition") == (
        "1 problem(s) in table 'trade_composition':\n"
        f"  data/trade_composition.csv, line 3 (year={old['year']}, period=, flow={old['flow']}, "
        f"product_group={old['product_group']}), column 'period': value '' breaks rule: required: a value is needed")


def test_customs_dollar_series_covers_2015_beside_the_yuan_figures():
    trade = data.load("trade")
    usd = trade[(trade["series_id"] == "cn_customs_usd") & (trade["flow"] == "total")].set_index("year")["value"]
    cny = trade[(trade["series_id"] == "cn_customs_cny") & (trade["flow"] == "total")].set_index("year")["value"]
    assert usd[2015] == 68 and cny[2015] == 422.7
    flows = trade[(trade["series_id"] == "cn_customs_usd") & (trade["flow"] != "total")]
    assert set(flows["year"]) <= set(usd.index)


def test_trade_share_reporter_required(copy):
    line = find_line(copy, "trade_shares", lambda r: r["source_key"] == "sputnik2019chinashare")
    old = edit(copy, "trade_shares", line, "reporter", "")
    assert message(copy, "trade_shares") == (
        "1 problem(s) in table 'trade_shares':\n"
        f"  data/trade_shares.csv, line {line} (year={old['year']}, indicator={old['indicator']}, "
        "source_key=sputnik2019chinashare), column 'reporter': value '' breaks rule: required: a value is needed")


def test_trade_2015_dollar_row_source_resolves(copy):
    line = find_line(copy, "trade", lambda r: r["series_id"] == "cn_customs_usd" and r["year"] == "2015")
    edit(copy, "trade", line, "source_key", "mofcom2099nothing")
    assert (f"data/trade.csv, line {line} (series_id=cn_customs_usd, year=2015, flow=total), column 'source_key': "
            "value 'mofcom2099nothing' breaks rule: source key: not an entry in references.bib") in message(copy, "trade")
