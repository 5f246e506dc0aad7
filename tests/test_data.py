"""The loader: every table validates typed; a malformed file stops with the exact message (the rules broken cell by
cell are in test_data_faults.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import message

from sinorus import data

ROOT = Path(__file__).resolve().parent.parent


def test_every_table_loads_typed():
    for name in data.table_names():
        frame = data.load(name)
        assert len(frame) > 0, f"table {name} is empty"
    events = data.load("events")
    assert str(events["start"].dtype).startswith("datetime64")
    assert str(data.load("trade")["value"].dtype) == "float64"
    assert str(data.load("trade")["year"].dtype) == "Int64"


def test_malformed_row(copy):
    path = copy / "data" / "trade.csv"
    path.write_text(path.read_text(encoding="utf-8") + "cn_customs_usd,2030,total\n", encoding="utf-8")
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert message(copy, "trade") == (
        f"data/trade.csv, line {n}: has 3 cells but the header has 7 columns "
        "(a missing or extra comma, or an unquoted comma inside a value)"
    )


def test_header_changed(copy):
    path = copy / "data" / "periods.csv"
    text = path.read_text(encoding="utf-8").replace("period_id,label", "id,label", 1)
    path.write_text(text, encoding="utf-8")
    assert message(copy, "periods").startswith(
        "data/periods.csv, line 1: header must be period_id,label,start,end,description,source_key,locator "
        "(missing period_id; unexpected id)"
    )


def test_julian_conversion():
    import datetime as dt

    # Treaty of Nerchinsk: 27 August 1689 Old Style is 6 September New Style
    assert data.to_julian(dt.date(1689, 9, 6)) == (1689, 8, 27)
    assert data.to_julian(dt.date(1918, 2, 14)) == (1918, 2, 1)
    assert data.to_julian(dt.date(1700, 3, 11)) == (1700, 2, 29)  # a Julian leap day


def test_every_period_has_one_colour():
    from sinorus.charts import PERIOD_COLORS

    periods = data.load("periods")
    assert set(periods["period_id"]) == set(PERIOD_COLORS)
    assert len(set(PERIOD_COLORS.values())) == len(PERIOD_COLORS)


def test_every_resource_and_field_is_described():
    """A data user reading only the descriptor learns what each table and each column holds."""
    import json

    desc = json.loads((Path(__file__).resolve().parent.parent / "data" / "datapackage.json").read_text("utf-8"))
    missing = [r["name"] for r in desc["resources"] if not str(r.get("description", "")).strip()]
    missing += [
        f"{r['name']}.{f['name']}"
        for r in desc["resources"]
        for f in r["schema"]["fields"]
        if not str(f.get("description", "")).strip()
    ]
    assert missing == []
